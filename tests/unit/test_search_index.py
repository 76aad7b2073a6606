"""Keeping the index in step: incremental updates, damaged indexes, versions, two processes."""

from __future__ import annotations

import json
import multiprocessing
import os
import time
from pathlib import Path

import pytest

import index.search.index as search_module
from index.files import file_lock
from index.library.catalog import Library
from index.search.engines.base import index_folder
from index.search.index import META_FILE, SearchIndex

pytestmark = pytest.mark.usefixtures("use_engine")

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "search"
QINGCHUAN = "qingchuan_zongbao.txt"


def open_index(library_dir: Path, **kwargs) -> SearchIndex:  # type: ignore[no-untyped-def]
    return SearchIndex.open(Library.open([library_dir]), **kwargs)


def total_measures(index: SearchIndex) -> int:
    return sum(len(d.measures) for d in index.library.documents)


def engine_data_files(folder: Path) -> list[Path]:
    """The engine's segment files: postings, terms, stored fields (not its table of contents)."""
    skip = {META_FILE, "meta.json", ".managed.json"}
    return [
        p
        for p in folder.iterdir()
        if p.is_file() and p.name not in skip and not p.name.endswith((".toc", ".lock"))
    ]


def test_first_open_indexes_everything_then_nothing(library_dir: Path) -> None:
    first = open_index(library_dir)
    assert first.last_update.rebuilt
    assert first.last_update.measures_indexed == total_measures(first) == 19
    first.close()
    second = open_index(library_dir)
    assert not second.last_update
    assert second.last_update.measures_indexed == 0
    assert second.notices == []
    assert second.search("保税维修").total == 3


def test_only_the_changed_document_is_reindexed(library_dir: Path) -> None:
    open_index(library_dir).close()
    path = library_dir / QINGCHUAN
    path.write_text(
        path.read_text(encoding="utf-8").replace("航空器材", "冷链物流设备"), encoding="utf-8"
    )
    index = open_index(library_dir)
    qingchuan = next(d for d in index.library.documents if "青川" in d.title)
    assert index.last_update.changed == (qingchuan.id,)
    assert index.last_update.added == () and index.last_update.removed == ()
    assert index.last_update.measures_indexed == len(qingchuan.measures) == 6
    assert index.search("冷链物流设备").total == 1
    # no measure holds it any more: the hits shown are a suggestion's
    assert index.search("航空器材").corrected_from == "航空器材"
    assert index.search("保税维修").total == 3  # nothing doubled


def test_added_and_removed_files(library_dir: Path) -> None:
    open_index(library_dir).close()
    (library_dir / "baisha_kuajing.txt").unlink()
    (library_dir / "lvling.txt").write_text(
        "绿岭县保税物流发展措施（样例）\n\n发布时间：2020-05-05\n\n1.建设保税物流中心。在绿岭县建设保税物流中心。\n\n2.发展保税维修。支持绿岭县企业开展保税维修。\n",
        encoding="utf-8",
    )
    index = open_index(library_dir)
    assert len(index.last_update.added) == 1 and len(index.last_update.removed) == 1
    assert index.last_update.measures_indexed == 2
    assert index.search("先放后检").total == 0  # was only in 白沙
    assert index.search("保税物流中心").total == 1
    assert index.search("保税维修").total == 3


def test_damaged_segment_files_are_detected_and_rebuilt(library_dir: Path) -> None:
    index = open_index(library_dir)
    folder = index.index_dir
    index.close()
    segments = engine_data_files(folder)
    assert segments
    for segment in segments:
        segment.unlink()
    again = open_index(library_dir)
    assert again.last_update.rebuilt
    assert len(again.notices) == 1 and "rebuilt" in again.notices[0]
    assert again.search("保税维修").total == 3


def test_garbage_in_a_segment_file_is_detected(library_dir: Path) -> None:
    index = open_index(library_dir)
    folder = index.index_dir
    index.close()
    for segment in engine_data_files(folder):
        segment.write_bytes(b"\x00garbage" * 10)
    again = open_index(library_dir)
    assert again.last_update.rebuilt and again.notices
    assert again.search("保税维修").total == 3


def test_an_interrupted_first_build_is_redone(
    library_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def interrupt(done: int, total: int) -> None:
        if 0 < done < total:
            raise KeyboardInterrupt  # as if killed half-way

    monkeypatch.setattr(search_module, "PROGRESS_EVERY", 5)
    with pytest.raises(KeyboardInterrupt):
        SearchIndex.open(Library.open([library_dir]), progress=interrupt)
    again = open_index(library_dir)
    assert again.last_update.rebuilt
    assert again.search("保税维修").total == 3
    assert again.engine.doc_count() == 19


def test_missing_meta_means_an_unfinished_build(library_dir: Path) -> None:
    index = open_index(library_dir)
    (index.index_dir / META_FILE).unlink()
    index.close()
    again = open_index(library_dir)
    assert again.last_update.rebuilt
    assert again.notices and "incomplete" in again.notices[0]


def test_a_new_tokenizer_rebuilds(library_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    open_index(library_dir).close()
    monkeypatch.setattr(search_module, "tokenizer_version", lambda: "another-tokenizer")
    again = open_index(library_dir)
    assert again.last_update.rebuilt and "version" in again.notices[0]
    assert again.last_update.measures_indexed == 19


def test_an_index_of_another_engine_format_rebuilds(library_dir: Path) -> None:
    first = open_index(library_dir)
    meta_path = first.index_dir / META_FILE
    first.close()
    meta = json.loads(meta_path.read_text(encoding="utf-8"))
    assert meta["engine_format"] == first.engine.format_version
    meta["engine_format"] = first.engine.format_version - 1
    meta_path.write_text(json.dumps(meta), encoding="utf-8")
    again = open_index(library_dir)
    assert again.last_update.rebuilt and "version" in again.notices[0]
    again.close()
    assert not open_index(library_dir).last_update.rebuilt  # and recorded so


def test_an_older_record_without_a_format_is_format_one(library_dir: Path) -> None:
    first = open_index(library_dir)
    meta_path = first.index_dir / META_FILE
    first.close()
    meta = json.loads(meta_path.read_text(encoding="utf-8"))
    del meta["engine_format"]
    meta_path.write_text(json.dumps(meta), encoding="utf-8")
    assert open_index(library_dir).last_update.rebuilt == (first.engine.format_version != 1)


def test_rebuild_on_request(library_dir: Path) -> None:
    open_index(library_dir).close()
    again = open_index(library_dir, rebuild=True)
    assert again.last_update.rebuilt and again.last_update.measures_indexed == 19
    assert again.notices == []


def test_index_lives_in_the_library_cache_dir(library_dir: Path, isolated_user_dirs: Path) -> None:
    index = open_index(library_dir)
    assert index.index_dir.parent == index.library.cache_dir
    assert index.index_dir.name.startswith("search")
    assert index.index_dir.is_relative_to(isolated_user_dirs)


def _search_in_child(library_dir: str, queue) -> None:  # type: ignore[no-untyped-def]
    lib = Library.open([Path(library_dir)])
    index = SearchIndex.open(lib)
    queue.put((index.search("保税维修").total, index.search("冷链物流设备").total))
    index.close()


def test_two_processes_open_one_library_at_once(library_dir: Path) -> None:
    context = multiprocessing.get_context("spawn")
    queue = context.Queue()
    children = [
        context.Process(target=_search_in_child, args=(str(library_dir), queue)) for _ in range(2)
    ]
    for child in children:
        child.start()
    results = [queue.get(timeout=120) for _ in children]
    for child in children:
        child.join(timeout=60)
        assert child.exitcode == 0
    assert results == [(3, 0), (3, 0)]


def test_one_process_updates_while_another_searches(library_dir: Path) -> None:
    index = open_index(library_dir)  # this process keeps its searcher open
    path = library_dir / QINGCHUAN
    path.write_text(
        path.read_text(encoding="utf-8").replace("航空器材", "冷链物流设备"), encoding="utf-8"
    )
    context = multiprocessing.get_context("spawn")
    queue = context.Queue()
    child = context.Process(target=_search_in_child, args=(str(library_dir), queue))
    child.start()
    assert queue.get(timeout=120) == (3, 1)  # the child re-indexed the changed file
    child.join(timeout=60)
    assert child.exitcode == 0
    assert index.search("保税维修").total == 3  # the old searcher still works
    index.close()
    assert not open_index(library_dir).last_update  # the child's update is seen


def _killed_mid_build_holding_the_lock(library_dir: str) -> None:
    import os
    import signal

    search_module.PROGRESS_EVERY = 5

    def die(done: int, total: int) -> None:
        if 0 < done < total:
            os.kill(os.getpid(), signal.SIGKILL)  # no chance to clean anything up

    SearchIndex.open(Library.open([Path(library_dir)]), progress=die, rebuild=True)


def test_a_killed_build_leaves_no_process_holding_the_lock(library_dir: Path) -> None:
    open_index(library_dir).close()
    context = multiprocessing.get_context("spawn")
    child = context.Process(target=_killed_mid_build_holding_the_lock, args=(str(library_dir),))
    child.start()
    child.join(timeout=120)
    assert child.exitcode == -9
    started = time.monotonic()
    index = open_index(library_dir, lock_timeout=5)  # waits only if something holds the lock
    assert time.monotonic() - started < 5
    assert not index.notices or "another policy-tui" not in index.notices[0]
    assert index.search("保税维修").total == 3


def _killed_mid_build(library_dir: str) -> None:
    import os
    import signal

    search_module.PROGRESS_EVERY = 5

    def die(done: int, total: int) -> None:
        if 0 < done < total:
            os.kill(os.getpid(), signal.SIGKILL)

    SearchIndex.open(Library.open([Path(library_dir)]), progress=die)


@pytest.mark.parametrize("first_build", [True, False])
def test_a_process_killed_mid_build_leaves_a_usable_index(
    library_dir: Path, first_build: bool
) -> None:
    if not first_build:  # killed while re-indexing two changed documents
        open_index(library_dir).close()
        for name in ("baisha_kuajing.txt", "yunxi_ziyouqu.txt"):
            text = (library_dir / name).read_text(encoding="utf-8")
            (library_dir / name).write_text(text.replace("样例", "样本"), encoding="utf-8")
    context = multiprocessing.get_context("spawn")
    child = context.Process(target=_killed_mid_build, args=(str(library_dir),))
    child.start()
    child.join(timeout=120)
    assert child.exitcode == -9  # it really died half-way
    index = open_index(library_dir)
    assert index.engine.doc_count() == 19
    assert index.search("保税维修").total == 3
    assert index.search("样本", correct=False).total == (0 if first_build else 10)


def test_a_busy_lock_with_an_index_gives_a_notice(library_dir: Path) -> None:
    first = open_index(library_dir)
    first.close()
    with file_lock(first.index_dir.parent / (first.index_dir.name + ".lock"), timeout=1):
        busy = open_index(library_dir, lock_timeout=0.2)
    assert busy.notices and "another policy-tui" in busy.notices[0]
    assert busy.search("保税维修").total == 3


def test_a_busy_lock_without_an_index_is_an_error(library_dir: Path, engine: str) -> None:
    lib = Library.open([library_dir])
    index_dir = index_folder(lib.cache_dir / "search", engine)
    with (
        file_lock(index_dir.parent / (index_dir.name + ".lock"), timeout=1),
        pytest.raises(search_module.IndexBusyError),
    ):
        SearchIndex.open(lib, lock_timeout=0.2)


@pytest.mark.parametrize("damage", ["truncate", "zero", "flip"])
def test_any_file_of_the_index_may_be_damaged(library_dir: Path, damage: str) -> None:
    """Each file of a built index in turn: the next open rebuilds (a one-line notice) or
    reads it still whole, and search answers — never a traceback (issue 13)."""
    first = open_index(library_dir)
    index_dir = first.index_dir
    first.close()
    count = len([p for p in index_dir.iterdir() if p.is_file()])
    assert count
    for k in range(count):  # a rebuild renames segments: list the files afresh each time
        path = sorted(p for p in index_dir.iterdir() if p.is_file())[k]
        original = path.read_bytes()
        if damage == "truncate":
            path.write_bytes(original[: len(original) // 2])
        elif damage == "zero":
            path.write_bytes(b"\0" * len(original))
        else:
            middle = len(original) // 2
            flipped = bytes([original[middle] ^ 0xFF]) if original else b""
            path.write_bytes(original[:middle] + flipped + original[middle + 1 :])
        index = open_index(library_dir)
        assert all("\n" not in notice for notice in index.notices)
        assert index.search("保税维修").total == 3, path.name
        index.close()
        # the next file is damaged in a whole index again
        open_index(library_dir, rebuild=True).close()


def test_tantivy_files_unchanged_for_a_while_are_not_read_again_on_open(
    library_dir: Path, engine: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Reopening checks a file's size and time against the record; only a file changed
    since (or written moments ago, within the clock's tick) is read for its CRC."""
    if engine != "tantivy":
        pytest.skip("whoosh checks its own files")
    from index.search.engines import tantivy_engine

    index = open_index(library_dir)
    folder = index.index_dir
    index.close()
    a_while_ago = time.time_ns() - 10 * tantivy_engine.TRUSTED_AFTER_NS
    files = tantivy_engine._index_files(folder)
    for path in files:
        os.utime(path, ns=(a_while_ago, a_while_ago))
    tantivy_engine.record_checksums(folder)
    read: list[str] = []
    checksum = tantivy_engine._checksum
    monkeypatch.setattr(
        tantivy_engine, "_checksum", lambda path: read.append(path.name) or checksum(path)
    )
    again = open_index(library_dir)
    assert not again.last_update and read == [] and again.search("保税维修").total == 3
    again.close()
    damaged = max(files, key=lambda p: p.stat().st_size)
    data = damaged.read_bytes()
    damaged.write_bytes(data[:-1] + bytes([data[-1] ^ 0xFF]))  # same size, a new time
    rebuilt = open_index(library_dir)
    assert damaged.name in read and rebuilt.last_update.rebuilt
    assert rebuilt.search("保税维修").total == 3
