"""`add`, `list`, `remove`: the library round trip, and bad input that never stops a batch."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tui.cli import main

SAMPLES = Path(__file__).resolve().parents[2] / "docs" / "samples"


def _list(capsys: pytest.CaptureFixture[str], library: Path) -> list[dict]:
    capsys.readouterr()
    assert main(["list", "--json", "--library", str(library)]) == 0
    return json.loads(capsys.readouterr().out)


def test_add_list_remove_round_trip(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    library = tmp_path / "lib"
    gbk = tmp_path / "gbk.txt"
    gbk.write_bytes((SAMPLES / "sample-measures.txt").read_text(encoding="utf-8").encode("gb18030"))
    assert main(["add", str(gbk), str(SAMPLES / "sample-flat.txt"), "--library", str(library)]) == 0
    out = capsys.readouterr().out
    assert "滨海市支持综合保税区高质量发展的若干措施 (8 条措施)" in out
    docs = _list(capsys, library)
    assert sorted(d["measures"] for d in docs) == [5, 8]
    assert all(Path(d["file"]).read_text(encoding="utf-8") for d in docs)  # UTF-8 copies

    # the same text again, under another name: skipped with a message
    again = tmp_path / "again.txt"
    shutil.copy(SAMPLES / "sample-flat.txt", again)
    assert main(["add", str(again), "--library", str(library)]) == 0
    assert "already in the library" in capsys.readouterr().out

    capsys.readouterr()
    assert main(["search", "两头在外", "--json", "--library", str(library)]) == 0
    assert json.loads(capsys.readouterr().out)["hits"]  # the index followed the import
    target = next(d for d in docs if d["measures"] == 5)
    assert main(["remove", target["id"], "--library", str(library)]) == 0
    assert [d["id"] for d in _list(capsys, library)] == [d["id"] for d in docs if d is not target]
    assert list((library / ".removed").iterdir())  # moved aside, never deleted
    capsys.readouterr()
    assert main(["search", "两头在外", "--json", "--library", str(library)]) == 0
    assert json.loads(capsys.readouterr().out)["hits"] == []  # and followed the removal


def test_bad_files_never_stop_a_batch(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    library = tmp_path / "lib"
    batch = tmp_path / "batch"
    batch.mkdir()
    (batch / "junk.txt").write_bytes(bytes(range(256)) * 8)
    (batch / "empty.txt").write_bytes(b"")
    (batch / "old.doc").write_bytes(b"\xd0\xcf\x11\xe0")
    (batch / "notes.md").write_text("随手记录，没有编号。", encoding="utf-8")
    shutil.copy(SAMPLES / "sample-regulation.txt", batch / "good.txt")
    status = main(["add", str(batch), str(batch / "old.doc"), "--library", str(library)])
    captured = capsys.readouterr()
    assert status == 0
    assert "临江市保税物流中心管理办法（试行） (7 条措施)" in captured.out
    assert "junk.txt: binary data" in captured.err and "empty.txt: empty file" in captured.err
    assert "old.doc: old Word .doc format" in captured.err
    assert "notes.md: no measures found" in captured.out
    assert "Traceback" not in captured.err
    assert [d["measures"] for d in _list(capsys, library)] == [7]


def test_remove_unknown_id_is_one_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["remove", "nope", "--library", str(tmp_path)]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "nope" in err


def _hostile_folder(folder: Path) -> Path:
    """A good text beside a FIFO, a symlink loop, a folder loop and a dangling link."""
    folder.mkdir()
    shutil.copy(SAMPLES / "sample-regulation.txt", folder / "good.txt")
    os.mkfifo(folder / "pipe.txt")
    (folder / "loop.txt").symlink_to(folder / "loop.txt")
    (folder / "a.txt").symlink_to(folder / "b.txt")
    (folder / "b.txt").symlink_to(folder / "a.txt")
    (folder / "again").symlink_to(folder)
    (folder / "gone.txt").symlink_to(folder / "nowhere.txt")
    return folder


def _cli(*argv: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    """In a child process with a timeout: a regression that blocks fails instead of hanging."""
    return subprocess.run(
        [sys.executable, "-m", "tui.cli", *argv],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
    )


# What each entry of the hostile folder named like a document is, in its one line.
HOSTILE_LINES = {
    "a.txt": "is a symbolic link loop",
    "b.txt": "is a symbolic link loop",
    "gone.txt": "is a symbolic link to a missing file",
    "loop.txt": "is a symbolic link loop",
    "pipe.txt": "is a named pipe, not a regular file",
}


def test_fifo_and_symlink_loops_in_a_folder_never_block(tmp_path: Path) -> None:
    """Never opened, never passed over in silence: one line each; the folder loop
    (`again` → the folder itself) is walked once and is no document, so it gets none."""
    folder = _hostile_folder(tmp_path / "hostile")
    env = {**os.environ, "XDG_CACHE_HOME": str(tmp_path / "cache")}
    done = _cli("list", "--json", "--library", str(folder), env=env)
    assert done.returncode == 0 and "Traceback" not in done.stderr
    assert [Path(d["file"]).name for d in json.loads(done.stdout)] == ["good.txt"]
    assert done.stderr.splitlines() == [
        f"policy-tui: warning: {folder / name}: {why}" for name, why in HOSTILE_LINES.items()
    ]

    library = tmp_path / "lib"
    done = _cli("add", str(folder), "--library", str(library), env=env)
    assert done.returncode == 0 and "Traceback" not in done.stderr
    assert "1 added, 0 skipped, 5 failed" in done.stdout
    assert done.stderr.splitlines() == [
        f"failed {folder / name}: {why}" for name, why in HOSTILE_LINES.items()
    ]
    assert sorted(p.suffix for p in library.iterdir()) == [".txt", ".yaml"]  # copy, manifest


def test_a_fifo_or_device_named_to_add_is_refused_at_once(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    env = {**os.environ, "XDG_CACHE_HOME": str(tmp_path / "cache")}
    library = tmp_path / "lib"
    done = _cli("add", str(fifo), "/dev/zero", "--library", str(library), env=env)
    assert done.returncode == 1 and "Traceback" not in done.stderr
    assert f"{fifo}: is a named pipe, not a regular file" in done.stderr
    assert "/dev/zero: is a device, not a regular file" in done.stderr
    assert "0 added, 0 skipped, 2 failed" in done.stdout


def test_a_damaged_manifest_is_reported_and_left_untouched(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    library = tmp_path / "lib"
    assert main(["add", str(SAMPLES / "sample-measures.txt"), "--library", str(library)]) == 0
    manifest = library / "imported.yaml"
    damaged = manifest.read_text(encoding="utf-8") + "files: [unclosed\n"
    manifest.write_text(damaged, encoding="utf-8")
    capsys.readouterr()
    status = main(["add", str(SAMPLES), "--library", str(library)])
    err = capsys.readouterr().err
    assert status == 1 and err.count("\n") == 1 and "imported.yaml" in err
    assert manifest.read_text(encoding="utf-8") == damaged  # the provenance notes are kept
    copies = sorted(p.name for p in library.glob("*.txt"))
    assert len(copies) == 1  # nothing was imported either
