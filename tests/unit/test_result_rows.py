"""Which rows the results list has: groups by document, previews, orders (no Textual)."""

from __future__ import annotations

from index.model import Document
from index.search.index import Hit
from tui.widgets.result_rows import GroupRow, HitRow, build_rows, next_sort, should_group


def doc(doc_id: str, title: str, date: str | None) -> Document:
    return Document(id=doc_id, title=title, date=date)


DOCS = {
    "a": doc("a", "乙文件", "2021-01-01"),
    "b": doc("b", "甲文件", "2024-06-01"),
    "c": doc("c", "丙文件", None),
    "d": doc("d", "丁文件", "2023-03-01"),
}


def hit(doc_id: str, n: int) -> Hit:
    return Hit(f"{doc_id}-{n}", doc_id, 1.0, "", [], [])


RANKED = [hit("a", 1), hit("b", 1), hit("a", 2), hit("a", 3), hit("a", 4), hit("c", 1)]


def test_groups_follow_their_best_hit_and_keep_hits_in_rank_order() -> None:
    rows = build_rows(RANKED, DOCS.get, grouped=True)
    assert [r.document.id for r in rows if isinstance(r, GroupRow)] == ["a", "b", "c"]
    under_a = [r.hit.measure_id for r in rows[1:4]]
    assert under_a == ["a-1", "a-2", "a-3"]  # three shown of four: few documents
    group_a = rows[0]
    assert isinstance(group_a, GroupRow) and group_a.shown == 3 and not group_a.expanded


def test_many_documents_show_one_hit_each_until_opened() -> None:
    ranked = [*RANKED, hit("d", 1)]
    rows = build_rows(ranked, DOCS.get, grouped=True)
    assert [type(r).__name__ for r in rows] == ["GroupRow", "HitRow"] * 4
    opened = build_rows(ranked, DOCS.get, grouped=True, expanded=frozenset({"a"}))
    assert sum(isinstance(r, HitRow) and r.hit.document_id == "a" for r in opened) == 4


def test_orders() -> None:
    by_date = build_rows(RANKED, DOCS.get, grouped=True, sort="date")
    assert [r.document.id for r in by_date if isinstance(r, GroupRow)] == ["b", "a", "c"]
    by_title = build_rows(RANKED, DOCS.get, grouped=True, sort="document")
    assert [r.document.title for r in by_title if isinstance(r, GroupRow)] == sorted(
        ["乙文件", "甲文件", "丙文件"]
    )
    flat = build_rows(RANKED, DOCS.get, grouped=False)
    assert [r.rank for r in flat if isinstance(r, HitRow)] == list(range(len(RANKED)))
    flat_by_date = build_rows(RANKED, DOCS.get, grouped=False, sort="date")
    assert [r.hit.document_id for r in flat_by_date] == ["b", "a", "a", "a", "a", "c"]
    assert next_sort("relevance") == "date" and next_sort("document") == "relevance"


def test_grouping_is_the_default_for_several_documents_only() -> None:
    assert should_group(RANKED)
    assert not should_group([hit("a", 1), hit("a", 2)])
    assert not should_group([])


def test_hits_of_an_unknown_document_are_left_out() -> None:
    rows = build_rows([hit("zz", 1), *RANKED], DOCS.get, grouped=True)
    assert all(getattr(r, "document", None) is None or r.document.id != "zz" for r in rows)
