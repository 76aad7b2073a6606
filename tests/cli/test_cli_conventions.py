"""The command line as a Unix tool: closed pipes, mistyped commands, options anywhere,
whole fields when piped, Chinese counts, a quiet stderr on success."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import copy_search_library
from tui.cli import main

CLI = [sys.executable, "-m", "tui.cli"]
LONG_TITLE = "临江市关于进一步支持综合保税区保税维修、跨境电商和保税物流高质量发展的若干政策措施"


@pytest.fixture
def library(tmp_path: Path) -> Path:
    folder = copy_search_library(tmp_path / "library")
    text = (folder / "qingchuan_zongbao.txt").read_text(encoding="utf-8")
    first, rest = text.split("\n", 1)
    (folder / "long.txt").write_text(f"{LONG_TITLE}\n{rest}", encoding="utf-8")
    return folder


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    capsys.readouterr()
    status = main(list(argv))
    captured = capsys.readouterr()
    return status, captured.out, captured.err


def _closed_pipe(argv: list[str], env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    """Run with stdout a pipe whose reading end is closed before anything is written."""
    read_end, write_end = os.pipe()
    os.close(read_end)
    try:
        return subprocess.run(
            [*CLI, *argv], stdout=write_end, stderr=subprocess.PIPE, text=True, env=env, timeout=60
        )
    finally:
        os.close(write_end)


@pytest.mark.parametrize("command", ["list", "parse"])
def test_a_closed_pipe_ends_quietly_with_status_0(
    library: Path, command: str, tmp_path: Path
) -> None:
    env = {**os.environ, "XDG_CACHE_HOME": str(tmp_path / "cache")}
    argv = (
        ["list", "--json", "--library", str(library)]
        if command == "list"
        else ["parse", "--json", str(library / "long.txt")]
    )
    done = _closed_pipe(argv, env)
    assert done.stderr == "" and done.returncode == 0


@pytest.mark.parametrize("command", ["list", "search"])
def test_an_output_that_cannot_show_chinese_gets_question_marks_and_one_line(
    library: Path, command: str, tmp_path: Path
) -> None:
    env = {**os.environ, "XDG_CACHE_HOME": str(tmp_path / "cache"), "PYTHONIOENCODING": "latin-1"}
    argv = ["list"] if command == "list" else ["search", "保税维修"]
    done = subprocess.run(
        [*CLI, *argv, "--library", str(library)], capture_output=True, text=True, env=env
    )
    assert done.returncode == 0 and "Traceback" not in done.stderr
    assert done.stderr.count("\n") == 1 and "cannot show Chinese" in done.stderr
    assert "??" in done.stdout and len(done.stdout.splitlines()) > 3


def test_a_mistyped_command_gets_did_you_mean(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    status, out, err = run(capsys, "serach", "保税")
    assert status == 2 and out == ""
    assert err.count("\n") == 1 and "did you mean 'search'?" in err
    status, _, err = run(capsys, "--bookmarks", "m.yaml", "bookmark", "list")
    assert status == 2 and "'bookmark' is not a command" in err and "'bookmarks'?" in err


def test_an_existing_path_close_to_a_command_still_opens_the_reader(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    Path("serach").write_text("一、测试。\n", encoding="utf-8")
    opened: list[list[str]] = []
    import tui.reader

    monkeypatch.setattr(tui.reader, "run_reader", lambda argv: opened.append(argv) or 0)
    assert main(["serach"]) == 0
    assert opened == [["serach"]]


@pytest.mark.parametrize(
    "argv",
    [
        ["--library", "{lib}", "list", "--json"],
        ["--library={lib}", "list", "--json"],
        ["list", "--json", "--library", "{lib}"],
    ],
)
def test_library_before_or_after_the_command(
    capsys: pytest.CaptureFixture[str], library: Path, argv: list[str]
) -> None:
    status, out, err = run(capsys, *(a.format(lib=library) for a in argv))
    assert status == 0 and err == ""
    assert len(json.loads(out)) == 5


def test_bookmarks_options_before_the_command(
    capsys: pytest.CaptureFixture[str], library: Path, tmp_path: Path
) -> None:
    marks = tmp_path / "marks.yaml"
    status, _, err = run(
        capsys, "--bookmarks", str(marks), "--library", str(library), "bookmarks", "add",
        "e0cd837e8427-1",
    )  # fmt: skip
    assert status == 0 and err == "" and "e0cd837e8427-1" in marks.read_text(encoding="utf-8")
    status, out, _ = run(
        capsys, "--library", str(library), "--bookmarks", str(marks), "bookmarks", "list", "--json"
    )
    assert status == 0 and [b["measure_id"] for b in json.loads(out)] == ["e0cd837e8427-1"]


def test_piped_list_keeps_every_field_whole(
    capsys: pytest.CaptureFixture[str], library: Path
) -> None:
    status, out, err = run(capsys, "list", "--library", str(library))
    assert status == 0 and err == ""
    header, *rows = [line.split("\t") for line in out.splitlines()]
    assert header == ["id", "date", "measures", "title", "issuer"]
    assert all(len(row) == 5 for row in rows) and len(rows) == 5
    status, out, _ = run(capsys, "list", "--json", "--library", str(library))
    expected = [[d["id"], d["date"] or "", str(d["measures"]), d["title"]] for d in json.loads(out)]
    assert [row[:4] for row in rows] == expected
    assert LONG_TITLE in [row[3] for row in rows]


def test_piped_bookmarks_list_keeps_titles_and_ids_whole(
    capsys: pytest.CaptureFixture[str], library: Path, tmp_path: Path
) -> None:
    marks = tmp_path / "marks.yaml"
    status, out, _ = run(capsys, "list", "--json", "--library", str(library))
    long_id = next(d["id"] for d in json.loads(out) if d["title"] == LONG_TITLE)
    opts = ["--library", str(library), "--bookmarks", str(marks)]
    assert run(capsys, "bookmarks", "add", f"{long_id}-1", *opts)[0] == 0
    status, out, err = run(capsys, "bookmarks", "list", *opts)
    assert status == 0 and err == ""
    assert out.splitlines()[0] == LONG_TITLE and f"{long_id}-1" in out


def test_counts_are_chinese(
    capsys: pytest.CaptureFixture[str], library: Path, tmp_path: Path
) -> None:
    _, out, _ = run(capsys, "search", "RCEP原产地", "--library", str(library))
    assert out.splitlines()[-1] == "1 条措施 found"  # was "1 measures found"
    _, out, _ = run(capsys, "parse", str(library / "long.txt"))
    assert "条措施" in out and "measures" not in out
    _, out, _ = run(capsys, "index", "--library", str(library))
    assert "5 份文件" in out and "measures" not in out and "documents" not in out
    marks = tmp_path / "marks.yaml"
    opts = ["--library", str(library), "--bookmarks", str(marks)]
    run(capsys, "bookmarks", "add", "e0cd837e8427-1", *opts)
    _, out, _ = run(capsys, "bookmarks", "export", "-o", str(tmp_path / "out.md"), *opts)
    assert "wrote 1 个书签 to" in out


def test_index_says_nothing_on_stderr_when_it_succeeds(library: Path, tmp_path: Path) -> None:
    env = {**os.environ, "XDG_CACHE_HOME": str(tmp_path / "cache")}
    for argv in (["index"], ["index", "--rebuild"]):
        done = subprocess.run(
            [*CLI, *argv, "--library", str(library)],
            capture_output=True,
            text=True,
            env=env,
            timeout=120,
        )
        assert done.returncode == 0 and done.stderr == ""
        assert done.stdout.count("\n") == 2  # the index path is not wrapped onto its own line
