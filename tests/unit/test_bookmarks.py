"""Bookmarks are user data: round trips, hand edits, crashes and two writers never lose one.

Documents are built by hand (index.model) so these tests do not depend on the parser.
"""

from __future__ import annotations

import datetime as dt
import fcntl
import multiprocessing
import os
import signal
import time
from collections.abc import Callable
from pathlib import Path

import pytest
import yaml

from index.bookmarks import (
    Bookmark,
    BookmarksBusyError,
    BookmarksReadOnlyError,
    BookmarkStore,
    resolve,
)
from index.bookmarks.model import EXCERPT_CHARS
from index.model import Document
from tests.unit.bookmark_fixtures import MEASURES, FakeLibrary, make_doc


@pytest.fixture
def doc() -> Document:
    return make_doc()


@pytest.fixture
def path(tmp_path: Path) -> Path:
    """In a folder of its own, so tests can see every file a write leaves behind."""
    folder = tmp_path / "bookmarks"
    folder.mkdir()
    return folder / "bookmarks.yaml"


# -- the file ------------------------------------------------------------------------------
def test_round_trip_keeps_every_field(path: Path, doc: Document) -> None:
    m = doc.measures[0]
    BookmarkStore(path).add(doc, m, note="重点跟进", tags=("维修", "资金"), status="待评估")
    (b,) = BookmarkStore(path).bookmarks
    assert (b.measure_id, b.document_title, b.document_date, b.document_issuer) == (
        m.id,
        doc.title,
        "2024-05-01",
        "示例市商务局",
    )
    assert (b.measure_number, b.measure_title) == ("一", "扩大维修范围")
    assert (b.note, b.tags, b.status) == ("重点跟进", ("维修", "资金"), "待评估")
    assert b.excerpt == m.body
    assert dt.datetime.fromisoformat(b.added).tzinfo is not None


def test_file_is_block_yaml_with_chinese_as_chinese(path: Path, doc: Document) -> None:
    BookmarkStore(path).add(doc, doc.measures[0], note="重点", tags=("维修",))
    raw = path.read_text(encoding="utf-8")
    assert "扩大维修范围" in raw and "示例市商务局" in raw
    assert "\\u" not in raw and "\\x" not in raw
    assert "{" not in raw and "[" not in raw  # block style, not flow style
    assert "\nbookmarks:\n- measure_id: " in raw
    data = yaml.safe_load(raw)
    assert data["version"] == 1 and list(data) == ["version", "bookmarks"]
    assert list(data["bookmarks"][0])[:2] == ["measure_id", "document_title"]


def test_special_spaces_and_multiline_notes_round_trip(path: Path, doc: Document) -> None:
    note = "第一行\u00a0不换行空格\n第二行\u3000全角空格\n"
    BookmarkStore(path).add(doc, doc.measures[0], note=note, status="已申报\u3000")
    raw = path.read_text(encoding="utf-8")
    assert "note: |" in raw  # a readable block, not an escaped one-liner
    (b,) = BookmarkStore(path).bookmarks
    assert b.note == note and b.status == "已申报\u3000"


def test_excerpt_is_short_and_on_one_line(path: Path) -> None:
    long_body = "第一句很长。" * 40 + "\n第二段"
    d = make_doc(measures=[("一", "一、", "长措施", long_body)])
    b = BookmarkStore(path).add(d, d.measures[0])
    assert len(b.excerpt) == EXCERPT_CHARS and b.excerpt.endswith("…")
    assert "\n" not in b.excerpt and long_body.startswith(b.excerpt[:-1])


def test_order_is_stable_through_updates_and_reloads(path: Path, doc: Document) -> None:
    store = BookmarkStore(path)
    for m in reversed(doc.measures):
        store.add(doc, m)
    order = [m.id for m in reversed(doc.measures)]
    store.update(doc.measures[1].id, note="改了")
    assert [b.measure_id for b in store.bookmarks] == order
    assert [b.measure_id for b in BookmarkStore(path).bookmarks] == order


def test_add_twice_keeps_one_and_the_first_note(path: Path, doc: Document) -> None:
    store = BookmarkStore(path)
    store.add(doc, doc.measures[0], note="第一次")
    again = store.add(doc, doc.measures[0], note="第二次")
    assert again.note == "第一次"
    assert len(BookmarkStore(path).bookmarks) == 1


def test_toggle_adds_then_removes_and_keeps_the_previous_file(path: Path, doc: Document) -> None:
    store = BookmarkStore(path)
    assert store.toggle(doc, doc.measures[1]) is True
    assert store.is_bookmarked(doc.measures[1].id)
    with_one = path.read_bytes()
    assert store.toggle(doc, doc.measures[1]) is False
    assert not store.is_bookmarked(doc.measures[1].id)
    assert BookmarkStore(path).bookmarks == []
    assert (path.parent / "bookmarks.yaml.bak").read_bytes() == with_one


def test_update_changes_clears_and_keeps(path: Path, doc: Document) -> None:
    store = BookmarkStore(path)
    mid = doc.measures[0].id
    store.add(doc, doc.measures[0], note="备注", tags=("甲",), status="待评估")
    store.update(mid, status="已申报")
    b = BookmarkStore(path).get(mid)
    assert b is not None and (b.note, b.tags, b.status) == ("备注", ("甲",), "已申报")
    store.update(mid, note="", tags=())
    b = BookmarkStore(path).get(mid)
    assert b is not None and (b.note, b.tags, b.status) == (None, (), "已申报")
    with pytest.raises(KeyError):
        store.update("nope-1", note="x")


def test_remove_of_a_missing_bookmark_does_not_touch_the_file(path: Path, doc: Document) -> None:
    store = BookmarkStore(path)
    store.add(doc, doc.measures[0])
    before = path.read_bytes()
    bak = path.parent / "bookmarks.yaml.bak"
    assert not bak.exists()
    assert store.remove("nope-1") is False
    assert path.read_bytes() == before and not bak.exists()
    assert store.remove(doc.measures[0].id) is True


def test_take_then_restore_gives_back_the_same_file(path: Path, doc: Document) -> None:
    store = BookmarkStore(path)
    for m in doc.measures:
        store.add(doc, m)
    middle = doc.measures[1].id
    store.update(middle, note="多行\n备注", tags=("维修", "资金"), status="待评估")
    before = path.read_bytes()
    taken = store.take(middle)
    assert taken is not None and taken[0] == 1 and taken[1].note == "多行\n备注"
    assert not BookmarkStore(path).is_bookmarked(middle)
    assert store.restore(*taken) is True
    assert path.read_bytes() == before  # same place, same added time, note, tags, status
    assert store.restore(*taken) is False  # there again: not doubled
    assert store.take("nope-1") is None and path.read_bytes() == before


def test_unknown_keys_survive_a_rewrite(path: Path, doc: Document) -> None:
    path.write_text(
        "version: 1\n"
        "owner: 张三\n"
        "bookmarks:\n"
        "- measure_id: x-1\n"
        "  measure_title: 手写的\n"
        "  priority: 高\n"
        "  links:\n"
        "  - https://example.invalid/a\n"
        "settings:\n"
        "  colour: 蓝\n",
        encoding="utf-8",
    )
    store = BookmarkStore(path)
    assert store.bookmarks[0].extra == {"priority": "高", "links": ["https://example.invalid/a"]}
    store.add(doc, doc.measures[0])
    store.update("x-1", status="不适用")
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert data["owner"] == "张三" and data["settings"] == {"colour": "蓝"}
    first = data["bookmarks"][0]
    assert first["priority"] == "高" and first["links"] == ["https://example.invalid/a"]
    assert first["status"] == "不适用" and first["measure_title"] == "手写的"
    assert len(data["bookmarks"]) == 2


def test_hand_written_entries_are_understood(path: Path, doc: Document) -> None:
    path.write_text(
        "\ufeffbookmarks:\n"  # no version, a BOM from a Windows editor
        f"- measure_id: {doc.measures[2].id}\n"
        "  tags: 资金， 奖励,资金\n"
        "  added: 2024-06-01\n",
        encoding="utf-8",
    )
    store = BookmarkStore(path)
    assert store.read_only_reason is None
    (b,) = store.bookmarks
    assert b.tags == ("资金", "奖励") and b.added == "2024-06-01"
    assert resolve(b, FakeLibrary(doc)) == (doc, doc.measures[2])


# -- damaged, newer and locked files -----------------------------------------------------
DAMAGED = {
    "yaml error": ("version: 1\nbookmarks:\n- measure_id: a\n  note: [unclosed\n", "line 5"),
    "bad indentation": ("version: 1\nbookmarks:\n- measure_id: a\n note: x\n", "line 4"),
    "not a mapping": ("just a string\n", None),
    "bookmarks not a list": ("version: 1\nbookmarks: 5\n", "line 2"),
    "entry without id": (
        "version: 1\nbookmarks:\n- measure_id: a\n- measure_title: 无编号\n",
        "line 4",
    ),
    "note is a mapping": ("version: 1\nbookmarks:\n- measure_id: a\n  note: {x: 1}\n", "line 3"),
    "version is text": ("version: one\nbookmarks: []\n", "line 1"),
}

MUTATIONS: dict[str, Callable[[BookmarkStore, Document], object]] = {
    "add": lambda s, d: s.add(d, d.measures[0]),
    "remove": lambda s, d: s.remove("a"),
    "toggle": lambda s, d: s.toggle(d, d.measures[0]),
    "update": lambda s, d: s.update("a", note="x"),
}


@pytest.mark.parametrize("mutation", sorted(MUTATIONS))
@pytest.mark.parametrize("case", sorted(DAMAGED))
def test_damaged_file_is_never_overwritten(
    path: Path, doc: Document, case: str, mutation: str
) -> None:
    content, line = DAMAGED[case]
    path.write_text(content, encoding="utf-8")
    before = path.read_bytes()
    store = BookmarkStore(path)
    reason = store.read_only_reason
    assert store.damaged and reason and str(path) in reason and "\n" not in reason
    if line:
        assert f"{line}:" in reason
    with pytest.raises(BookmarksReadOnlyError) as err:
        MUTATIONS[mutation](store, doc)
    assert str(err.value) == reason
    assert path.read_bytes() == before
    assert sorted(p.name for p in path.parent.iterdir()) == ["bookmarks.yaml"]


def test_file_that_is_not_utf8_is_left_alone(path: Path, doc: Document) -> None:
    path.write_bytes("version: 1\nbookmarks:\n- measure_id: 中文\n".encode("gb18030"))
    before = path.read_bytes()
    store = BookmarkStore(path)
    assert store.read_only_reason and "UTF-8" in store.read_only_reason
    with pytest.raises(BookmarksReadOnlyError):
        store.add(doc, doc.measures[0])
    assert path.read_bytes() == before


def test_file_damaged_after_loading_is_not_overwritten(path: Path, doc: Document) -> None:
    store = BookmarkStore(path)
    store.add(doc, doc.measures[0])
    damaged = path.read_text(encoding="utf-8").replace("measure_title:", "measure_title: [", 1)
    path.write_text(damaged, encoding="utf-8")
    with pytest.raises(BookmarksReadOnlyError, match="line"):
        store.add(doc, doc.measures[1])
    assert path.read_text(encoding="utf-8") == damaged
    assert store.read_only_reason and store.damaged


def test_fixed_file_is_writable_again_after_load(path: Path, doc: Document) -> None:
    path.write_text("version: 1\nbookmarks: [\n", encoding="utf-8")
    store = BookmarkStore(path)
    assert store.read_only_reason
    path.write_text("version: 1\nbookmarks: []\n", encoding="utf-8")
    store.load()
    assert store.read_only_reason is None and not store.damaged
    store.add(doc, doc.measures[0])
    assert BookmarkStore(path).is_bookmarked(doc.measures[0].id)


def test_newer_version_is_read_but_never_rewritten(path: Path, doc: Document) -> None:
    path.write_text(
        "version: 2\ncollections: {甲: [a]}\nbookmarks:\n"
        "- measure_id: a-1\n  measure_title: 新版本写的\n  colour: red\n"
        "- {kind: folder, name: 新东西}\n",
        encoding="utf-8",
    )
    before = path.read_bytes()
    store = BookmarkStore(path)
    assert [b.measure_title for b in store.bookmarks] == ["新版本写的"]
    assert not store.damaged and store.read_only_reason and "newer" in store.read_only_reason
    for mutation in MUTATIONS.values():
        with pytest.raises(BookmarksReadOnlyError, match="newer"):
            mutation(store, doc)
    assert path.read_bytes() == before


def test_busy_lock_refuses_instead_of_waiting_forever(path: Path, doc: Document) -> None:
    store = BookmarkStore(path, lock_timeout=0.05)
    with open(path.parent / "bookmarks.yaml.lock", "a+b") as held:
        fcntl.flock(held.fileno(), fcntl.LOCK_EX)
        with pytest.raises(BookmarksBusyError):
            store.add(doc, doc.measures[0])
    assert not path.exists()
    store.add(doc, doc.measures[0])  # the lock is free again
    assert store.is_bookmarked(doc.measures[0].id)


def test_symlinked_file_stays_a_symlink(tmp_path: Path, doc: Document) -> None:
    real = tmp_path / "synced" / "bookmarks.yaml"
    real.parent.mkdir()
    real.write_text("version: 1\nbookmarks: []\n", encoding="utf-8")
    link = tmp_path / "bookmarks.yaml"
    link.symlink_to(real)
    BookmarkStore(link).add(doc, doc.measures[0])
    assert link.is_symlink()
    assert "扩大维修范围" in real.read_text(encoding="utf-8")


def test_file_mode_is_kept(path: Path, doc: Document) -> None:
    path.write_text("version: 1\nbookmarks: []\n", encoding="utf-8")
    path.chmod(0o640)
    BookmarkStore(path).add(doc, doc.measures[0])
    assert path.stat().st_mode & 0o777 == 0o640


# -- several writers -----------------------------------------------------------------------
def test_two_open_stores_bookmarking_in_turn_lose_nothing(path: Path, doc: Document) -> None:
    first, second = BookmarkStore(path), BookmarkStore(path)
    first.add(doc, doc.measures[0])
    second.add(doc, doc.measures[1])  # second never saw the first bookmark in memory
    first.update(doc.measures[1].id, note="别的窗口加的")
    second.remove(doc.measures[0].id)
    (b,) = BookmarkStore(path).bookmarks
    assert (b.measure_id, b.note) == (doc.measures[1].id, "别的窗口加的")
    assert second.bookmarks == BookmarkStore(path).bookmarks


def _add_many(path: str, start: int, count: int) -> None:
    store = BookmarkStore(path, lock_timeout=600)
    for i in range(start, start + count):
        d = make_doc(title=f"文件{i}", measures=[("一", "一、", f"措施{i}", f"内容{i}")])
        store.add(d, d.measures[0])


def test_two_processes_adding_fifty_each_end_with_a_hundred(path: Path) -> None:
    ctx = multiprocessing.get_context("fork")
    procs = [ctx.Process(target=_add_many, args=(str(path), n, 50)) for n in (0, 1000)]
    for p in procs:
        p.start()
    for p in procs:
        p.join()
        assert p.exitcode == 0
    titles = {b.measure_title for b in BookmarkStore(path).bookmarks}
    assert titles == {f"措施{i}" for i in (*range(50), *range(1000, 1050))}


def test_a_process_killed_while_writing_leaves_the_old_or_the_new_file(path: Path) -> None:
    ctx = multiprocessing.get_context("fork")
    seen = 0
    for round_ in range(6):
        proc = ctx.Process(target=_add_many, args=(str(path), round_ * 100_000, 100_000))
        proc.start()
        while len(BookmarkStore(path).bookmarks) <= seen + 3:  # it is writing now
            assert proc.is_alive(), f"the writer stopped early: {proc.exitcode}"
            time.sleep(0.005)
        time.sleep(0.01 * round_)
        os.kill(proc.pid, signal.SIGKILL)
        proc.join()
        assert proc.exitcode == -signal.SIGKILL
        for name in ("bookmarks.yaml", "bookmarks.yaml.bak"):
            store = BookmarkStore(path.parent / name)
            assert store.read_only_reason is None, store.read_only_reason
        store = BookmarkStore(path)
        assert len(store.bookmarks) > seen  # nothing already written was lost
        seen = len(store.bookmarks)
    # the next writer cleans up the temporary files a killed writer left behind
    _add_many(str(path), 9_000_000, 1)
    assert not list(path.parent.glob("*.tmp"))


# -- finding the measure again ------------------------------------------------------------
def test_resolve_by_id(path: Path, doc: Document) -> None:
    b = BookmarkStore(path).add(doc, doc.measures[1])
    assert resolve(b, FakeLibrary(make_doc(title="别的文件"), doc)) == (doc, doc.measures[1])


def test_reimport_with_a_new_date_keeps_the_bookmark_attached(path: Path, doc: Document) -> None:
    b = BookmarkStore(path).add(doc, doc.measures[1])
    edited_measures = [*MEASURES]
    edited_measures[1] = ("二", "二、", "优化监管方式", "实施分类分级监管，提高仓储利用率。")
    edited = make_doc(date="2024-05-02", measures=edited_measures)
    assert edited.measures[1].id != b.measure_id  # the id changed with the date
    found = resolve(b, FakeLibrary(edited))
    assert found is not None and found[1] is edited.measures[1]


def test_inserted_measure_does_not_move_the_bookmark_to_its_neighbour(
    path: Path, doc: Document
) -> None:
    b = BookmarkStore(path).add(doc, doc.measures[1])
    inserted = make_doc(
        measures=[MEASURES[0], ("二", "二、", "新增一条", "新的内容。"), *MEASURES[1:]]
    )
    assert inserted.measures[1].id == b.measure_id  # same id, now a different measure
    found = resolve(b, FakeLibrary(inserted))
    assert found is not None and found[1].title == "优化监管方式"


def test_lightly_edited_title_is_still_found(path: Path, doc: Document) -> None:
    b = BookmarkStore(path).add(doc, doc.measures[0])
    edited = [*MEASURES]
    edited[0] = ("一", "一、", "进一步扩大维修范围", MEASURES[0][3])
    new = make_doc(measures=edited)
    found = resolve(b, FakeLibrary(new))
    assert found is not None and found[1].title == "进一步扩大维修范围"


def test_measure_that_is_gone_is_not_found_and_never_dropped(path: Path, doc: Document) -> None:
    store = BookmarkStore(path)
    store.add(doc, doc.measures[2], note="留着")
    shorter = make_doc(measures=MEASURES[:2])
    assert resolve(store.bookmarks[0], FakeLibrary(shorter)) is None
    assert resolve(store.bookmarks[0], FakeLibrary()) is None
    store.add(shorter, shorter.measures[0])  # later writes keep it
    kept = BookmarkStore(path).get(doc.measures[2].id)
    assert kept is not None and kept.note == "留着" and kept.measure_title == "加强要素保障"


def test_bookmark_equality_ignores_unknown_keys() -> None:
    a = Bookmark(measure_id="x-1", extra={"a": 1})
    assert a == Bookmark(measure_id="x-1") and hash(a) == hash(Bookmark(measure_id="x-1"))


def test_reattached_bookmark_is_marked_and_toggled_under_its_new_id(
    path: Path, doc: Document
) -> None:
    store = BookmarkStore(path)
    store.add(doc, doc.measures[1], note="旧编号下的")
    store.add(doc, doc.measures[2])
    reimported = make_doc(date="2024-05-02")  # every id changes
    lib = FakeLibrary(reimported)
    marked = store.bookmarked_ids(lib)
    assert set(marked) == {reimported.measures[1].id, reimported.measures[2].id}
    assert marked[reimported.measures[1].id].note == "旧编号下的"
    # b on the re-found measure removes the old bookmark instead of adding a second one
    assert store.toggle(reimported, reimported.measures[1], lib) is False
    assert [b.measure_id for b in BookmarkStore(path).bookmarks] == [doc.measures[2].id]
    assert store.toggle(reimported, reimported.measures[1], lib) is True
    assert store.is_bookmarked(reimported.measures[1].id)
    assert BookmarkStore(path).bookmarked_ids(FakeLibrary()) == {
        doc.measures[2].id: store.bookmarks[0],
        reimported.measures[1].id: store.bookmarks[1],
    }


def test_lightly_renamed_document_keeps_its_bookmarks(path: Path, doc: Document) -> None:
    store = BookmarkStore(path)
    store.add(doc, doc.measures[2])
    renamed = make_doc(title="示例市关于支持保税维修发展的若干措施（示例）")
    assert renamed.id != doc.id
    unrelated = make_doc(title="另一个城市的文件", measures=MEASURES)
    found = resolve(store.bookmarks[0], FakeLibrary(unrelated, renamed))
    assert found is not None and found[0] is renamed and found[1].title == "加强要素保障"


def _corpus_documents(corpus: Path) -> list[tuple[str, Document]]:
    from index.formats.plain_text import read_text_file
    from index.parsing.parser import parse_policy_text

    texts = [read_text_file(f) for f in sorted(corpus.glob("*.txt"))]
    return [(text, parse_policy_text(text)) for text in texts]


def test_corpus_reimport_with_new_date_and_punctuation_keeps_every_bookmark(
    path: Path, corpus_dir: Path
) -> None:
    """Real texts: every measure bookmarked, the text re-dated and its commas/brackets made
    full-width (all ids change); every bookmark finds its own measure again."""
    documents = _corpus_documents(corpus_dir)
    store = BookmarkStore(path)
    edited_docs, checked = [], 0
    from index.parsing.parser import parse_policy_text

    for text, doc in documents:
        if doc.date is None or not doc.measures:
            continue
        y, m, d = (int(x) for x in doc.date.split("-"))
        day = d + 1 if d < 28 else d - 1
        edited_text = text
        for old_form, new_form in (
            (f"{y}年{m}月{d}日", f"{y}年{m}月{day}日"),
            (f"{y}年{m:02d}月{d:02d}日", f"{y}年{m:02d}月{day:02d}日"),
            (doc.date, f"{y}-{m:02d}-{day:02d}"),
        ):
            edited_text = edited_text.replace(old_form, new_form)
        edited_text = edited_text.replace(",", "，").replace("(", "（").replace(")", "）")
        edited = parse_policy_text(edited_text)
        if edited.id == doc.id:  # its date is written some other way; nothing to test here
            continue
        assert len(edited.measures) == len(doc.measures)
        edited_docs.append(edited)
        for measure in doc.measures:
            store.add(doc, measure)
        checked += 1
    if not checked:
        pytest.skip("no corpus text has a date this test can change")
    library = FakeLibrary(*edited_docs)
    bookmarks = BookmarkStore(path).bookmarks
    assert len(bookmarks) == sum(len(d.measures) for d in edited_docs)
    for b in bookmarks:
        found = resolve(b, library)
        assert found is not None, b.measure_title
        position = int(b.measure_id.rpartition("-")[2])
        assert found[1].position == position and found[1].id != b.measure_id
