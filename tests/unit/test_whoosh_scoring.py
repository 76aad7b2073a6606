"""The whoosh engine's tight-loop scorer gives whoosh's own scores, order and totals."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest
from whoosh import index as whoosh_index
from whoosh.collectors import TopCollector
from whoosh.scoring import BM25F

from index.library.catalog import Library
from index.search.engines import whoosh_scoring
from index.search.engines.whoosh_engine import build_schema, compile_query
from index.search.engines.whoosh_scoring import TreeScorer
from index.search.fields import measure_fields
from index.search.query import parse_query
from index.search.query_tree import AllOf, IdSet, Node, Without
from tests.conftest import CORPUS_DIR, copy_search_library

QUERIES = [
    "保税维修",
    "保税维",  # inside words: the grams field
    "维修 保税",
    "综合保税区",
    "AEO",  # a synonym group with an English phrase
    "跨境电商 OR 保税维修",
    '"保税维修 业务"',
    '"综合保税区 发展"',
    '"综合保税区 高质量 发展"',  # three words: the runs of positions, not pairs
    "获得电力",
    "保税 -维修",
    "企业 NOT 跨境",
    "title:保税",
    "body:企业",
    "year:2020..2030 企业",
    "date:2019-01..2026-12 保税",
    "海关",
    "的",
    "不存在的词语火星",
]


def _fields(folder: Path) -> list:  # type: ignore[type-arg]
    library = Library.open([folder])
    return [measure_fields(doc, m) for doc in library.documents for m in doc.measures]


def _add(writer, fields) -> None:  # type: ignore[no-untyped-def]
    values = {"measure_id": fields.measure_id, "document_id": fields.document_id, **fields.words}
    if fields.grams:
        values["grams"] = fields.grams
    for name in ("year", "date"):
        if getattr(fields, name) is not None:
            values[name] = getattr(fields, name)
    writer.add_document(**values)


@pytest.fixture(scope="module")
def segmented_index(tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    """Three segments, two of them with deleted measures: what incremental updates leave;
    and before them one whose measures were all replaced (every text changed), which
    whoosh keeps until a merge."""
    root = tmp_path_factory.mktemp("whoosh-scoring")
    library = copy_search_library(root / "library")
    fields = _fields(library)
    if CORPUS_DIR.is_dir():
        fields += _fields(CORPUS_DIR)
    (root / "index").mkdir()
    ix = whoosh_index.create_in(str(root / "index"), build_schema())
    replaced = [dataclasses.replace(one, measure_id=f"old-{one.measure_id}") for one in fields]
    writer = ix.writer()
    for one in replaced:
        _add(writer, one)
    writer.commit(merge=False)
    writer = ix.writer()
    for one in replaced:
        writer.delete_by_term("measure_id", one.measure_id)
    writer.commit(merge=False)
    third = len(fields) // 3
    for chunk in (fields[:third], fields[third : 2 * third], fields[2 * third :]):
        writer = ix.writer()
        for one in chunk:
            _add(writer, one)
        writer.commit(merge=False)
    writer = ix.writer()
    for one in fields[::7]:
        writer.delete_by_term("measure_id", one.measure_id)
    writer.commit(merge=False)
    searcher = ix.searcher(weighting=BM25F())
    assert len(searcher.leaf_searchers()) >= 4
    assert searcher.leaf_searchers()[0][0].reader().doc_count() == 0  # all replaced
    assert any(sub.reader().has_deletions() for sub, _ in searcher.leaf_searchers())
    yield searcher, {one.measure_id for one in fields[::7]}
    searcher.close()


def whoosh_hits(searcher, query: Node) -> list[tuple[int, float]]:  # type: ignore[no-untyped-def]
    """(document number, score) as whoosh's own matchers and collector give them, best first.

    Exclusion is taken apart: whoosh's AndNot over segments with deleted documents lets
    through a measure the excluded word matches (企业 NOT 跨境 found 推进口岸收费阳光透明,
    which says 跨境电商); the scorer leaves it out, as the query asks.
    """
    if isinstance(query, Without):
        excluded = {doc for doc, _ in whoosh_hits(searcher, query.excluded)}
        return [hit for hit in whoosh_hits(searcher, query.base) if hit[0] not in excluded]
    collector = TopCollector(limit=1000, usequality=False, replace=0)
    searcher.search_with_collector(compile_query(query), collector)
    return [(hit.docnum, hit.score) for hit in collector.results()]


@pytest.mark.parametrize("text", QUERIES)
def test_scores_order_and_total_are_whooshs(segmented_index, text: str) -> None:  # type: ignore[no-untyped-def]
    searcher, deleted = segmented_index
    query = parse_query(text).query
    assert query is not None
    expected = whoosh_hits(searcher, query)
    best, total = TreeScorer(searcher, compile_query).top(query, 1000)
    assert total == len(expected)
    assert [doc for doc, _ in best] == [doc for doc, _ in expected]
    assert [score for _, score in best] == pytest.approx([score for _, score in expected], rel=1e-9)
    found = {searcher.stored_fields(doc)["measure_id"] for doc, _ in best}
    assert not found & deleted


@pytest.mark.parametrize("words", ["", "保税", "企业 OR 维修"])
def test_document_filters_are_scored_as_whoosh_scores_them(segmented_index, words: str) -> None:  # type: ignore[no-untyped-def]
    """doc:/issuer: arrive as a set of document ids, alone or with words."""
    searcher, _ = segmented_index
    documents = sorted({fields["document_id"] for fields in searcher.all_stored_fields()})
    chosen = IdSet("document_id", (*documents[:2], documents[-1], "no-such-document"))
    query: Node = chosen
    if words:
        parsed = parse_query(words).query
        assert parsed is not None
        query = AllOf((chosen, parsed))
    expected = whoosh_hits(searcher, query)
    best, total = TreeScorer(searcher, compile_query).top(query, 1000)
    assert expected and total == len(expected)
    assert [doc for doc, _ in best] == [doc for doc, _ in expected]
    assert [score for _, score in best] == pytest.approx([score for _, score in expected], rel=1e-9)


def test_an_excluded_word_is_never_in_a_result(segmented_index) -> None:  # type: ignore[no-untyped-def]
    searcher, _ = segmented_index
    scorer = TreeScorer(searcher, compile_query)
    best, total = scorer.top(parse_query("企业 NOT 跨境").query, 1000)  # type: ignore[arg-type]
    assert total
    excluded = set(scorer.scores(parse_query("跨境").query))  # type: ignore[arg-type]
    assert excluded and not excluded & {doc for doc, _ in best}


def test_the_queries_find_something(segmented_index) -> None:  # type: ignore[no-untyped-def]
    """The comparison above is only worth something if most of its queries match."""
    searcher, _ = segmented_index
    scorer = TreeScorer(searcher, compile_query)
    totals = [scorer.top(parse_query(text).query, 10)[1] for text in QUERIES]  # type: ignore[arg-type]
    assert sum(1 for total in totals if total) >= len(QUERIES) - 3
    assert totals[-1] == 0


def test_kept_postings_stay_within_their_budget_and_change_nothing(
    segmented_index,  # type: ignore[no-untyped-def]
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """One scorer for many searches, as the reader uses it, its kept postings dropped
    and read again: every answer as whoosh's, the memory kept within the budget."""
    searcher, _ = segmented_index
    monkeypatch.setattr(whoosh_scoring, "POSTINGS_KEPT", 60)
    scorer = TreeScorer(searcher, compile_query)
    for text in QUERIES * 2:
        query = parse_query(text).query
        assert query is not None
        best, total = scorer.top(query, 1000)
        expected = whoosh_hits(searcher, query)
        assert (total, [doc for doc, _ in best]) == (len(expected), [doc for doc, _ in expected])
        assert scorer.kept_postings() <= 60 or scorer.kept_terms() == 1
