"""Bookmarks are user data: round trips, hand edits, crashes and two writers never lose one."""

from __future__ import annotations

import csv
import io
import json
import multiprocessing
import os
import signal
import time
from pathlib import Path

import pytest
import yaml

from index.bookmark_export import to_csv, to_json, to_markdown
from index.bookmarks import BookmarksReadOnlyError, BookmarkStore, resolve
from index.parser import parse_policy_text

TEXT = (
    "某市支持保税维修发展的若干措施\n发布日期：2024年5月1日\n"
    "一、扩大维修范围。支持企业开展全球维修[AEO]。\n二、优化监管。实施分类监管。\n三、加强保障。给予资金支持。\n"
)


class FakeLibrary:
    def __init__(self, *docs):  # type: ignore[no-untyped-def]
        self.documents = list(docs)

    def measure(self, measure_id: str):  # type: ignore[no-untyped-def]
        for d in self.documents:
            for m in d.measures:
                if m.id == measure_id:
                    return d, m
        return None


@pytest.fixture
def doc():  # type: ignore[no-untyped-def]
    return parse_policy_text(TEXT)


def test_round_trip_keeps_chinese_readable(tmp_path: Path, doc) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "bookmarks.yaml"
    store = BookmarkStore(path)
    store.add(doc, doc.measures[0], note="重点", tags=("维修",), status="待评估")
    raw = path.read_text(encoding="utf-8")
    assert "扩大维修范围" in raw and "\\u" not in raw
    assert yaml.safe_load(raw)["version"] == 1
    again = BookmarkStore(path)
    (b,) = again.bookmarks
    assert (b.measure_id, b.note, b.tags, b.status) == (
        doc.measures[0].id,
        "重点",
        ("维修",),
        "待评估",
    )
    assert b.excerpt.startswith("支持企业开展全球维修[AEO]")


def test_toggle_and_update(tmp_path: Path, doc) -> None:  # type: ignore[no-untyped-def]
    store = BookmarkStore(tmp_path / "b.yaml")
    assert store.toggle(doc, doc.measures[1]) is True
    assert store.is_bookmarked(doc.measures[1].id)
    store.update(doc.measures[1].id, status="已申报")
    assert BookmarkStore(tmp_path / "b.yaml").get(doc.measures[1].id).status == "已申报"
    assert store.toggle(doc, doc.measures[1]) is False
    assert BookmarkStore(tmp_path / "b.yaml").bookmarks == []
    assert (tmp_path / "b.yaml.bak").exists()  # the previous version is kept


def test_unknown_keys_survive_a_rewrite(tmp_path: Path, doc) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "b.yaml"
    path.write_text(
        "version: 1\nowner: 张三\nbookmarks:\n- measure_id: x-1\n  measure_title: 手写的\n  priority: 高\n",
        encoding="utf-8",
    )
    BookmarkStore(path).add(doc, doc.measures[0])
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert data["owner"] == "张三"
    assert data["bookmarks"][0]["priority"] == "高"
    assert len(data["bookmarks"]) == 2


@pytest.mark.parametrize(
    "content",
    [
        "version: 1\nbookmarks:\n- measure_id: a\n  note: [unclosed\n",
        "just a string",
        "version: 1\nbookmarks: 5\n",
    ],
)
def test_damaged_file_is_never_overwritten(tmp_path: Path, doc, content: str) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "b.yaml"
    path.write_text(content, encoding="utf-8")
    before = path.read_bytes()
    store = BookmarkStore(path)
    assert store.read_only_reason and str(path) in store.read_only_reason
    with pytest.raises(BookmarksReadOnlyError):
        store.add(doc, doc.measures[0])
    assert path.read_bytes() == before


def test_yaml_error_names_the_line(tmp_path: Path) -> None:
    path = tmp_path / "b.yaml"
    path.write_text(
        "version: 1\nbookmarks:\n- measure_id: a\n  note: [unclosed\n", encoding="utf-8"
    )
    assert "line 5" in (BookmarkStore(path).read_only_reason or "")


def test_newer_version_is_read_only(tmp_path: Path, doc) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "b.yaml"
    path.write_text("version: 2\nbookmarks: []\n", encoding="utf-8")
    with pytest.raises(BookmarksReadOnlyError, match="newer"):
        BookmarkStore(path).add(doc, doc.measures[0])


def _add_many(path: str, start: int, count: int) -> None:
    from index.model import Document, Measure

    store = BookmarkStore(path, lock_timeout=60)
    for i in range(start, start + count):
        d = Document(id=f"d{i}", title=f"文件{i}")
        m = Measure(
            id=f"d{i}-1",
            document_id=d.id,
            position=1,
            label="一、",
            number="一",
            title=f"措施{i}",
            body="内容",
        )
        store.add(d, m)


def test_two_processes_adding_fifty_each_end_with_a_hundred(tmp_path: Path) -> None:
    path = tmp_path / "b.yaml"
    ctx = multiprocessing.get_context("fork")
    procs = [ctx.Process(target=_add_many, args=(str(path), n, 50)) for n in (0, 1000)]
    for p in procs:
        p.start()
    for p in procs:
        p.join(120)
        assert p.exitcode == 0
    assert len(BookmarkStore(path).bookmarks) == 100


def _write_forever(path: str) -> None:
    _add_many(path, 0, 100_000)


def test_killed_while_writing_leaves_a_valid_file(tmp_path: Path) -> None:
    path = tmp_path / "b.yaml"
    ctx = multiprocessing.get_context("fork")
    for round_ in range(5):
        proc = ctx.Process(target=_write_forever, args=(str(path),))
        proc.start()
        deadline = time.monotonic() + 30
        while not path.exists() and time.monotonic() < deadline:
            time.sleep(0.01)
        time.sleep(0.05 + 0.03 * round_)
        os.kill(proc.pid, signal.SIGKILL)
        proc.join()
        store = BookmarkStore(path)
        assert store.read_only_reason is None
        assert store.bookmarks  # the old or the new file, never a broken one


def test_bookmark_follows_an_edited_reimport(tmp_path: Path, doc) -> None:  # type: ignore[no-untyped-def]
    store = BookmarkStore(tmp_path / "b.yaml")
    store.add(doc, doc.measures[1])
    edited = parse_policy_text(
        TEXT.replace("2024年5月1日", "2024年5月2日").replace("实施分类监管", "实施分类分级监管")
    )
    assert edited.measures[1].id != doc.measures[1].id  # the id changed with the date
    found = resolve(store.bookmarks[0], FakeLibrary(edited))
    assert found is not None and found[1].body == "实施分类分级监管。"


def test_missing_measure_is_shown_not_dropped(tmp_path: Path, doc) -> None:  # type: ignore[no-untyped-def]
    store = BookmarkStore(tmp_path / "b.yaml")
    store.add(doc, doc.measures[0], note="留着")
    empty = FakeLibrary()
    md = to_markdown(store.bookmarks, lambda b: resolve(b, empty))
    assert "not found in the library" in md and "扩大维修范围" in md and "留着" in md
    assert len(BookmarkStore(tmp_path / "b.yaml").bookmarks) == 1


def test_exports_parse_back(tmp_path: Path, doc) -> None:  # type: ignore[no-untyped-def]
    store = BookmarkStore(tmp_path / "b.yaml")
    for m in doc.measures:
        store.add(doc, m, status="待评估")
    lib = FakeLibrary(doc)
    rows = list(csv.DictReader(io.StringIO(to_csv(store.bookmarks, lambda b: resolve(b, lib)))))
    assert [r["title"] for r in rows] == [m.title for m in doc.measures]
    assert rows[0]["document"] == doc.title and rows[0]["found"] == "yes"
    data = json.loads(to_json(store.bookmarks, lambda b: resolve(b, lib)))
    assert [d["measure_id"] for d in data] == [m.id for m in doc.measures]
    md = to_markdown(store.bookmarks, lambda b: resolve(b, lib))
    assert md.count("- [ ] **") == 3 and f"## {doc.title}" in md and "2024-05-01" in md
