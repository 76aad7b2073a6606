"""The bookmarks file itself (issue 13): special files, read-only files, duplicated ids, messages.

A bookmarks path that is a FIFO, a device, a socket or a folder (also through a
symlink) never hangs and is never replaced; a read-only file is refused with no
``.lock`` or ``.bak`` beside it; a measure id kept twice makes the file read-only
until it is fixed by hand; every message names the user's file.
"""

from __future__ import annotations

import errno
import json
import os
import socket
import stat
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from index.bookmarks import BookmarksReadOnlyError, BookmarkStore
from index.model import Document
from tests.unit.bookmark_fixtures import make_doc

ROOT = Path(__file__).resolve().parents[2]

MUTATIONS: dict[str, Callable[[BookmarkStore, Document], object]] = {
    "add": lambda s, d: s.add(d, d.measures[0]),
    "remove": lambda s, d: s.remove("a"),
    "toggle": lambda s, d: s.toggle(d, d.measures[0]),
    "update": lambda s, d: s.update("a", note="x"),
}

# Run in a child process with a timeout, so a store that blocks on a FIFO fails the
# test instead of hanging the run.
CHILD = """
import json, sys
from index.bookmarks import BookmarksReadOnlyError, BookmarkStore
from tests.unit.bookmark_fixtures import make_doc

doc = make_doc()
store = BookmarkStore(sys.argv[1])
out = {"damaged": store.damaged, "reason": store.read_only_reason, "errors": {}}
for name, call in {
    "add": lambda: store.add(doc, doc.measures[0]),
    "remove": lambda: store.remove("a"),
    "update": lambda: store.update("a", note="x"),
    "toggle": lambda: store.toggle(doc, doc.measures[0]),
}.items():
    try:
        call()
        out["errors"][name] = None
    except BookmarksReadOnlyError as err:
        out["errors"][name] = ["BookmarksReadOnlyError", str(err)]
    except Exception as err:
        out["errors"][name] = [type(err).__name__, str(err)]
print(json.dumps(out))
"""


def _in_child(path: Path) -> dict[str, object]:
    done = subprocess.run(
        [sys.executable, "-c", CHILD, str(path)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=20,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    result: dict[str, object] = json.loads(done.stdout)
    return result


def _make_fifo(p: Path) -> None:
    os.mkfifo(p)


def _make_device(p: Path) -> None:
    try:  # the null device's numbers, in a folder of the test's own
        os.mknod(p, stat.S_IFCHR | 0o666, os.makedev(1, 3))
    except PermissionError:
        pytest.skip("making a device node needs root")


def _make_socket(p: Path) -> None:
    # AF_UNIX paths are short (108 bytes): bind by a relative name from its folder
    cwd = os.getcwd()
    os.chdir(p.parent)
    try:
        sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        sock.bind(p.name)
        sock.close()  # the socket file stays
    finally:
        os.chdir(cwd)


def _make_folder(p: Path) -> None:
    p.mkdir()


SPECIAL = {
    "fifo": _make_fifo,
    "device": _make_device,
    "socket": _make_socket,
    "folder": _make_folder,
}


def _listing(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


@pytest.mark.parametrize("through_symlink", [False, True], ids=["direct", "symlink"])
@pytest.mark.parametrize("kind", sorted(SPECIAL))
def test_special_bookmarks_path_never_hangs_and_is_never_replaced(
    tmp_path: Path, kind: str, through_symlink: bool
) -> None:
    real_dir = tmp_path / "real"
    real_dir.mkdir()
    real = real_dir / "b.yaml"
    SPECIAL[kind](real)
    path = real
    if through_symlink:
        link_dir = tmp_path / "link"
        link_dir.mkdir()
        path = link_dir / "bookmarks.yaml"
        path.symlink_to(real)
    mode_before = os.stat(real).st_mode
    real_before, path_dir_before = _listing(real_dir), _listing(path.parent)

    out = _in_child(path)

    reason = out["reason"]
    assert out["damaged"] is True
    assert isinstance(reason, str) and reason.startswith(f"{path}: ") and "\n" not in reason
    assert "not a regular file" in reason and "read-only" in reason
    errors = out["errors"]
    assert isinstance(errors, dict)
    for name, error in errors.items():
        assert error == ["BookmarksReadOnlyError", reason], name
    assert os.stat(real).st_mode == mode_before  # still the FIFO / device / socket / folder
    assert path.is_symlink() == through_symlink
    assert _listing(real_dir) == real_before  # no .lock, .bak or temp file beside it
    assert _listing(path.parent) == path_dir_before


def test_a_path_that_becomes_a_fifo_after_loading_is_refused(tmp_path: Path) -> None:
    doc = make_doc()
    path = tmp_path / "bookmarks.yaml"
    store = BookmarkStore(path)
    store.add(doc, doc.measures[0])
    path.unlink()
    os.mkfifo(path)
    names = _listing(tmp_path)
    with pytest.raises(BookmarksReadOnlyError) as err:
        store.add(doc, doc.measures[1])
    assert str(err.value).startswith(f"{path}: ") and "named pipe" in str(err.value)
    assert stat.S_ISFIFO(os.stat(path).st_mode) and _listing(tmp_path) == names
    assert store.damaged and store.read_only_reason == str(err.value)


# -- a read-only file ---------------------------------------------------------------------
def _bookmarked_file(tmp_path: Path) -> tuple[Path, Document]:
    doc = make_doc()
    folder = tmp_path / "bm"
    folder.mkdir()
    path = folder / "bookmarks.yaml"
    BookmarkStore(path).add(doc, doc.measures[0], note="手写备注")
    for extra in folder.glob("bookmarks.yaml.*"):  # start from the file alone
        extra.unlink()
    return path, doc


@pytest.mark.parametrize("mutation", sorted(MUTATIONS))
def test_read_only_file_is_refused_with_one_line_and_nothing_beside_it(
    tmp_path: Path, mutation: str
) -> None:
    path, doc = _bookmarked_file(tmp_path)
    path.chmod(0o444)
    before = path.read_bytes()
    store = BookmarkStore(path)
    assert not store.damaged and len(store.bookmarks) == 1  # still listed
    reason = store.read_only_reason
    assert reason and reason.startswith(f"{path}: ") and "read-only" in reason
    assert "\n" not in reason
    with pytest.raises(BookmarksReadOnlyError) as err:
        MUTATIONS[mutation](store, doc)
    assert str(err.value) == reason
    assert path.read_bytes() == before and stat.S_IMODE(path.stat().st_mode) == 0o444
    assert _listing(path.parent) == ["bookmarks.yaml"]  # no .lock, no .bak


def test_file_made_read_only_after_loading_gets_no_lock_or_backup(tmp_path: Path) -> None:
    path, doc = _bookmarked_file(tmp_path)
    store = BookmarkStore(path)
    assert store.read_only_reason is None
    path.chmod(0o444)
    with pytest.raises(BookmarksReadOnlyError) as err:
        store.add(doc, doc.measures[1])
    assert str(err.value).startswith(f"{path}: ") and "read-only" in str(err.value)
    assert _listing(path.parent) == ["bookmarks.yaml"]
    path.chmod(0o644)
    store.load()
    store.add(doc, doc.measures[1])  # writable again once loaded again
    assert len(BookmarkStore(path).bookmarks) == 2


def test_read_only_file_behind_a_symlink_is_named_by_the_users_path(tmp_path: Path) -> None:
    path, doc = _bookmarked_file(tmp_path)
    path.chmod(0o444)
    link = tmp_path / "mine.yaml"
    link.symlink_to(path)
    store = BookmarkStore(link)
    with pytest.raises(BookmarksReadOnlyError) as err:
        store.add(doc, doc.measures[1])
    assert str(err.value).startswith(f"{link}: ")
    assert _listing(path.parent) == ["bookmarks.yaml"]


# -- the same measure id twice ------------------------------------------------------------
TWICE = """version: 1
bookmarks:
- measure_id: a
  note: 第一条手写备注
- measure_id: b
- measure_id: a
  note: 第二条手写备注
"""


@pytest.mark.parametrize("mutation", sorted(MUTATIONS))
def test_a_measure_id_kept_twice_is_reported_and_never_collapsed(
    tmp_path: Path, mutation: str
) -> None:
    (tmp_path / "bm").mkdir()  # a folder of its own, to see every file a write leaves
    path = tmp_path / "bm" / "bookmarks.yaml"
    path.write_text(TWICE, encoding="utf-8")
    before = path.read_bytes()
    store = BookmarkStore(path)
    assert [b.measure_id for b in store.bookmarks] == ["a", "b", "a"]  # both shown
    assert not store.damaged
    reason = store.read_only_reason
    assert reason and reason.startswith(f"{path}: ") and "\n" not in reason
    assert "a at lines 3 and 6" in reason and "more than once" in reason
    with pytest.raises(BookmarksReadOnlyError) as err:
        MUTATIONS[mutation](store, make_doc())
    assert str(err.value) == reason
    assert path.read_bytes() == before  # neither note overwritten, neither entry removed
    assert _listing(path.parent) == ["bookmarks.yaml"]


def test_duplicates_that_appear_after_loading_are_refused(tmp_path: Path) -> None:
    path = tmp_path / "bookmarks.yaml"
    path.write_text("version: 1\nbookmarks:\n- measure_id: a\n  note: 手写\n", encoding="utf-8")
    store = BookmarkStore(path)
    assert store.read_only_reason is None
    path.write_text(TWICE, encoding="utf-8")  # edited by hand in another window
    with pytest.raises(BookmarksReadOnlyError, match="lines 3 and 6"):
        store.update("a", note="覆盖")
    with pytest.raises(BookmarksReadOnlyError, match="lines 3 and 6"):
        store.remove("a")
    assert path.read_text(encoding="utf-8") == TWICE


def test_many_duplicated_ids_stay_one_line(tmp_path: Path) -> None:
    path = tmp_path / "bookmarks.yaml"
    entries = "".join(f"- measure_id: m{n % 5}\n" for n in range(20))
    path.write_text(f"version: 1\nbookmarks:\n{entries}", encoding="utf-8")
    reason = BookmarkStore(path).read_only_reason
    assert reason and "\n" not in reason and "and 2 more" in reason and len(reason) < 400


# -- messages name the user's file ---------------------------------------------------------
def test_a_lock_path_that_is_a_folder_is_reported_by_the_bookmarks_file(tmp_path: Path) -> None:
    doc = make_doc()
    path = tmp_path / "bookmarks.yaml"
    (tmp_path / "bookmarks.yaml.lock").mkdir()
    with pytest.raises(BookmarksReadOnlyError) as err:
        BookmarkStore(path).add(doc, doc.measures[0])
    message = str(err.value)
    assert message.startswith(f"{path}: ") and ".lock" not in message and "lock" in message
    assert "\n" not in message and not path.exists()


def test_a_failed_save_names_the_bookmarks_file_not_the_temp_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path, doc = _bookmarked_file(tmp_path)
    before = path.read_bytes()
    real_replace = os.replace

    def full_disk(src: str | os.PathLike[str], dst: str | os.PathLike[str]) -> None:
        if str(src).endswith(".tmp"):
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(src), None, str(dst))
        real_replace(src, dst)

    monkeypatch.setattr(os, "replace", full_disk)
    with pytest.raises(BookmarksReadOnlyError) as err:
        BookmarkStore(path).add(doc, doc.measures[1])
    message = str(err.value)
    assert message.startswith(f"{path}: ") and os.strerror(errno.ENOSPC) in message
    assert ".tmp" not in message and ".lock" not in message and "\n" not in message
    monkeypatch.undo()
    assert path.read_bytes() == before
    assert not list(path.parent.glob("*.tmp"))


# -- through the command line --------------------------------------------------------------
def test_cli_add_note_and_remove_refuse_a_duplicated_id_and_list_shows_both(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from index.library.catalog import Library
    from tests.cli.test_bookmarks_cli import SAMPLE
    from tui.cli import main

    library = tmp_path / "library"
    library.mkdir()
    (library / "示例措施.txt").write_text(SAMPLE, encoding="utf-8")
    (doc,) = Library.open([library], cache_dir=tmp_path / "cache").documents
    mid = doc.measures[0].id
    path = tmp_path / "bm" / "bookmarks.yaml"
    path.parent.mkdir()
    path.write_text(TWICE.replace("measure_id: a", f"measure_id: {mid}"), encoding="utf-8")
    before = path.read_bytes()
    opts = ["--library", str(library), "--bookmarks", str(path)]
    capsys.readouterr()

    assert main(["bookmarks", "add", mid, "--note", "覆盖", *opts]) == 1
    err = capsys.readouterr().err.strip()
    assert err.count("\n") == 0 and str(path) in err and "lines 3 and 6" in err
    assert main(["bookmarks", "remove", mid, *opts]) == 1
    assert "lines 3 and 6" in capsys.readouterr().err
    assert path.read_bytes() == before
    assert main(["bookmarks", "list", "--json", *opts]) == 0
    listed = json.loads(capsys.readouterr().out)
    assert [b["note"] for b in listed if b["measure_id"] == mid] == [
        "第一条手写备注",
        "第二条手写备注",
    ]
