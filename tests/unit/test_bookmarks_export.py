"""Exports parsed back: a Markdown checklist per document, CSV rows, a JSON array; nothing dropped."""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

from index.bookmarks import BookmarkStore, resolve
from index.bookmarks.export import CSV_COLUMNS, NOT_FOUND, to_csv, to_json, to_markdown
from tests.unit.bookmark_fixtures import MEASURES, FakeLibrary, make_doc

OLD = make_doc(date="2023-03-01", issuer="示例市商务局")
NEW = make_doc(date="2024-05-01", issuer="示例市商务局")  # same title, a later edition
GONE = make_doc(
    title="已废止的示例办法",
    date="2020-01-01",
    issuer="示例市财政局",
    measures=[("1", "1.", "旧的补贴", "对符合条件的企业给予补贴。")],
)


def _store(tmp_path: Path) -> BookmarkStore:
    store = BookmarkStore(tmp_path / "bm" / "bookmarks.yaml")
    store.add(NEW, NEW.measures[0], note="第一行\n第二行", status="待评估", tags=("维修", "资金"))
    store.add(OLD, OLD.measures[2])
    store.add(GONE, GONE.measures[0], note="已失效？")
    store.add(NEW, NEW.measures[1], status="不适用")
    return store


LIBRARY = FakeLibrary(NEW, OLD)  # GONE is no longer in the library


def _resolver(b):  # type: ignore[no-untyped-def]
    return resolve(b, LIBRARY)


def test_markdown_is_a_checklist_per_document_edition(tmp_path: Path) -> None:
    md = to_markdown(_store(tmp_path).bookmarks, _resolver)
    assert md.startswith("# ") and md.endswith("\n")
    headings = re.findall(r"^## (.+)$", md, flags=re.M)
    assert headings == [NEW.title, NEW.title, "已废止的示例办法"]  # two editions, one gone
    blocks = re.split(r"^## .+$", md, flags=re.M)[1:]
    new_block, old_block, gone_block = blocks
    assert (
        "来源 Source：《示例市支持保税维修发展的若干措施（示例）》，示例市商务局，2024-05-01"
        in new_block
    )
    assert "，2023-03-01" in old_block and "2024" not in old_block
    items = re.findall(r"^- \[ \] \*\*(.+?)\*\*(.*)$", md, flags=re.M)
    assert items == [
        ("一、扩大维修范围", ""),
        ("二、优化监管方式", ""),
        ("三、加强要素保障", ""),
        ("1 旧的补贴", f" — {NOT_FOUND}"),
    ]
    assert f"  {MEASURES[0][3]}" in new_block.splitlines()  # the full measure text
    assert "  - 状态 Status：待评估" in new_block and "  - 状态 Status：不适用" in new_block
    assert "  - 备注 Note：第一行\n    第二行" in new_block
    assert "  - 标签 Tags：维修，资金" in new_block
    assert "  > 对符合条件的企业给予补贴。" in gone_block and "已失效？" in gone_block
    assert "来源 Source：《已废止的示例办法》，示例市财政局，2020-01-01" in gone_block


def test_csv_has_one_row_per_bookmark_found_or_not(tmp_path: Path) -> None:
    store = _store(tmp_path)
    rows = list(csv.DictReader(io.StringIO(to_csv(store.bookmarks, _resolver), newline="")))
    assert list(rows[0]) == CSV_COLUMNS
    assert [r["measure_title"] for r in rows] == [
        "扩大维修范围",
        "加强要素保障",
        "旧的补贴",
        "优化监管方式",
    ]
    assert [r["found"] for r in rows] == ["yes", "yes", "no", "yes"]
    assert rows[0]["note"] == "第一行\n第二行" and rows[0]["tags"] == "维修; 资金"
    assert rows[1]["document_date"] == "2023-03-01"
    assert rows[2]["text"] == "对符合条件的企业给予补贴。" and rows[2]["library_measure_id"] == ""


def test_json_is_an_array_with_real_types(tmp_path: Path) -> None:
    store = _store(tmp_path)
    data = json.loads(to_json(store.bookmarks, _resolver))
    assert [d["measure_id"] for d in data] == [b.measure_id for b in store.bookmarks]
    assert [d["found"] for d in data] == [True, True, False, True]
    assert data[0]["tags"] == ["维修", "资金"] and data[2]["library_measure_id"] is None
    assert data[2]["document_issuer"] == "示例市财政局" and data[2]["note"] == "已失效？"
    assert to_json([], _resolver).strip() == "[]"
