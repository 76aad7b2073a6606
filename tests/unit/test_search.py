"""SearchIndex over the fictional sample texts: query syntax, synonyms, highlights, suggestions."""

from __future__ import annotations

import pytest

from index.library.catalog import Library
from index.search.highlight import highlight_spans, make_snippet
from index.search.index import SearchIndex
from tests.conftest import copy_search_library

pytestmark = pytest.mark.usefixtures("use_engine")


@pytest.fixture(scope="module")
def index(tmp_path_factory: pytest.TempPathFactory, engine: str):  # type: ignore[no-untyped-def]
    """One index over the search fixtures, shared read-only by this module's tests.

    Built before any test's own user dirs exist, so every folder is explicit; the cache
    env var covers jieba's dictionary cache, should this build be the first to load it.
    """
    root = tmp_path_factory.mktemp("search")
    with pytest.MonkeyPatch.context() as env:
        env.setenv("XDG_CACHE_HOME", str(root / "cache"))
        library = Library.open([copy_search_library(root / "library")], cache_dir=root / "cache")
        ix = SearchIndex.open(library, index_dir=root / "cache" / "search", engine=engine)
    yield ix
    ix.close()


def titles(index: SearchIndex, query: str, limit: int = 50) -> list[str]:
    """Measure titles of the hits, best first."""
    result = index.search(query, limit=limit)
    return [index.library.measure(h.measure_id)[1].title for h in result.hits]


def docs_of(index: SearchIndex, query: str) -> set[str]:
    result = index.search(query)
    return {index.library.document(h.document_id).title[:2] for h in result.hits}


def test_a_word_finds_the_measure_in_every_region(index: SearchIndex) -> None:
    found = titles(index, "保税维修")
    assert set(found[:3]) == {
        "支持保税维修业务发展",
        "推进保税维修扩大范围",
        "推动保税维修业务集聚发展",
    }
    assert docs_of(index, "保税维修") == {"青川", "白沙", "云溪"}


def test_title_matches_rank_above_body_matches(index: SearchIndex) -> None:
    found = titles(index, "培训")
    assert found[0] == "加强人员培训"


def test_words_are_anded(index: SearchIndex) -> None:
    assert set(titles(index, "保税维修 航空")) == {
        "支持保税维修业务发展",
        "推动保税维修业务集聚发展",
    }


def test_quoted_phrase_needs_adjacent_words(index: SearchIndex) -> None:
    # 白沙 has 保税维修 and 业务, but never 保税维修业务 together
    assert "推进保税维修扩大范围" in titles(index, "保税维修 业务")
    phrase = set(titles(index, '"保税维修 业务"'))
    assert phrase == {"支持保税维修业务发展", "推动保税维修业务集聚发展"}
    assert set(titles(index, "“保税维修业务”")) == phrase


def test_phrase_matches_a_sub_word_of_a_longer_word(index: SearchIndex) -> None:
    # 保税区 is indexed inside 综合保税区 at the same position
    assert "推动综合保税区与港区联动" in titles(index, '"保税区 与"')


def test_or(index: SearchIndex) -> None:
    assert set(titles(index, "先放后检 OR 预裁定")) == {"推行先放后检", "优化预裁定服务"}


@pytest.mark.parametrize("query", ["保税维修 -航空", "保税维修 NOT 航空", "保税维修 －航空"])
def test_not(index: SearchIndex, query: str) -> None:
    assert titles(index, query) == ["推进保税维修扩大范围"]


def test_only_negative_words_match_everything_else(index: SearchIndex) -> None:
    total = sum(len(d.measures) for d in index.library.documents)
    assert index.search("-保税", limit=100).total == total - len(titles(index, "保税"))


def test_field_filters(index: SearchIndex) -> None:
    assert titles(index, "title:培训") == ["加强人员培训"]
    assert docs_of(index, "doc:云溪 通关") == {"云溪"}
    assert docs_of(index, "doc:白沙 保税") == {
        "白沙"
    }  # 白沙市 is cut 白/沙市: found as a substring
    assert docs_of(index, "doc:综保区") == {"青川"}  # synonyms apply: its title says 综合保税区
    assert docs_of(index, 'doc:"跨境贸易" 保税维修') == {"白沙"}
    assert "支持保税维修业务发展" not in titles(index, "section:优化监管服务 保税")
    assert set(titles(index, "section:优化监管服务")) == {
        "推行两步申报",
        "加大高级认证企业培育力度",
        "加强人员培训",
    }


def test_document_filters_match_part_of_a_title_or_issuer(index: SearchIndex) -> None:
    assert docs_of(index, "doc:白沙市2023") == {"白沙"}
    assert docs_of(index, 'doc:"跨境贸易 便利化"') == {"白沙"}
    assert docs_of(index, "doc:火星") == set()
    assert docs_of(index, "保税维修 -doc:白沙") == {"青川", "云溪"}
    yunxi = next(d for d in index.library.documents if "云溪" in d.title)
    assert yunxi.issuer  # the parser found one for this sample
    assert docs_of(index, f"issuer:{yunxi.issuer[:4]}") == {"云溪"}


def test_document_filters_are_not_highlighted(index: SearchIndex) -> None:
    hit = index.search("doc:青川 保税维修").hits[0]
    assert hit.terms == ["保税维修"]


def test_year_and_date_ranges(index: SearchIndex) -> None:
    assert docs_of(index, "year:2023") == {"白沙"}
    assert docs_of(index, "year:2021..2022") == {"石湾", "云溪"}
    assert docs_of(index, "date:2022-01..2023-06") == {"云溪", "白沙"}
    assert docs_of(index, "date:2023-07..") == {"青川"}
    assert docs_of(index, "date:..2021-12 通关") == {"石湾"}
    assert docs_of(index, "date:2024-03 保税") == {"青川"}


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("AEO", {"深化AEO国际互认", "加大高级认证企业培育力度", "培育经认证的经营者"}),
        ("高级认证企业", {"深化AEO国际互认", "加大高级认证企业培育力度", "培育经认证的经营者"}),
        ("跨境电商", {"推进跨境电子商务发展", "支持跨境电商新业态"}),
        ("跨境电子商务", {"推进跨境电子商务发展", "支持跨境电商新业态"}),
        ("自贸区", {"推动保税维修业务集聚发展", "培育经认证的经营者"}),
    ],
)
def test_synonyms(index: SearchIndex, query: str, expected: set[str]) -> None:
    assert expected <= set(titles(index, query))


def test_synonym_finds_the_abbreviation_too(index: SearchIndex) -> None:
    assert "推进保税维修扩大范围" in titles(index, "综合保税区")  # 白沙 says 综保区


def test_synonym_hits_highlight_the_synonym(index: SearchIndex) -> None:
    result = index.search("AEO")
    hit = next(
        h
        for h in result.hits
        if index.library.measure(h.measure_id)[1].title == "培育经认证的经营者"
    )
    marked = {hit.snippet[s:e] for s, e in hit.snippet_spans}
    assert marked == {"经认证的经营者"}


@pytest.mark.parametrize(
    "query",
    [
        '"保税',
        "OR",
        "保税 OR",
        "OR 保税",
        "NOT",
        "。，！",
        "",
        "   ",
        "-",
        "title:",
        "(保税",
        "year:abc",
        "date:2024-13",
        '"""',
        "**",
        "AND OR NOT",
        ":",
        'title:"',
        '-"',
        "\\",
        "保税 OR OR 维修",
        "year:..",
        "date:..",
        "issuer:",
        "𠀀",
        "a" * 500,
        "保税 " * 60,
    ],
)
def test_malformed_queries_never_raise(index: SearchIndex, query: str) -> None:
    result = index.search(query)
    assert result.hits or result.message or result.total == 0
    if result.message:
        assert "\n" not in result.message


def test_malformed_queries_say_what_happened(index: SearchIndex) -> None:
    unbalanced = index.search('"保税维修')
    assert unbalanced.hits and "quote" in unbalanced.message
    lone = index.search("保税维修 OR")
    assert lone.hits and "OR" in lone.message
    assert index.search("。，！").message
    assert index.search("").message
    bad_year = index.search("year:abc 保税维修")
    assert bad_year.hits and "year" in bad_year.message


def test_no_hits_runs_the_query_without_the_blocking_word(index: SearchIndex) -> None:
    result = index.search("保税维修 火星")
    assert result.suggestion == "保税维修"
    assert result.corrected_from == "保税维修 火星"
    plain = index.search("保税维修")
    assert plain.corrected_from is None
    assert [h.measure_id for h in result.hits] == [h.measure_id for h in plain.hits]
    assert result.total == plain.total > 0


def test_a_misspelt_word_is_corrected(index: SearchIndex) -> None:
    result = index.search("保税维护")
    assert result.suggestion == "保税维修"
    assert result.corrected_from == "保税维护"
    assert result.total == index.search("保税维修").total > 0


def test_a_number_is_never_corrected_to_another_number(index: SearchIndex) -> None:
    """9611 is one edit from the indexed 9610, but a customs code typed otherwise is
    another code: no hits, and no 9610 offered in its place."""
    assert index.search("9610").total > 0
    result = index.search("9611")
    assert result.total == 0 and not result.hits
    assert result.corrected_from is None
    assert "9610" not in (result.suggestion or "")


def test_snippet_spans_cover_exactly_the_matched_characters(index: SearchIndex) -> None:
    for query in ("保税维修", "AEO", '"保税维修 业务"', "综合保税区 OR 中欧班列", "9610"):
        result = index.search(query)
        assert result.hits
        for hit in result.hits:
            for start, end in hit.snippet_spans:
                marked = hit.snippet[start:end]
                # the marked characters are made of query terms, nothing more
                assert highlight_spans(marked, hit.terms) == [(0, len(marked))]
            unmarked = [
                hit.snippet[e:s]
                for (_, e), (s, _) in zip(hit.snippet_spans, hit.snippet_spans[1:], strict=False)
            ]
            assert all(highlight_spans(gap, hit.terms) == [] for gap in unmarked)


def test_highlight_spans_on_chinese_text() -> None:
    text = "一、\u3000支持保税维修业务。保税区内ＡＥＯ企业；aeon不算"
    spans = highlight_spans(text, ["保税维修", "aeo"])
    assert [text[s:e] for s, e in spans] == ["保税维修", "ＡＥＯ"]
    assert spans[0] == (5, 9)


def test_highlight_spans_merge_overlaps() -> None:
    text = "综合保税区"
    assert highlight_spans(text, ["综合保税区", "保税区", "保税"]) == [(0, 5)]
    assert highlight_spans(text, []) == []


def test_snippet_window_keeps_spans_on_the_same_characters() -> None:
    text = "前言" * 100 + "这里是保税维修的规定" + "后文" * 100
    spans = highlight_spans(text, ["保税维修"])
    snippet, shifted = make_snippet(text, spans)
    assert snippet.startswith("…") and snippet.endswith("…")
    assert [snippet[s:e] for s, e in shifted] == ["保税维修"]
    assert len(snippet) <= 92


def test_hits_know_their_terms_for_the_full_text(index: SearchIndex) -> None:
    hit = index.search("中欧班列 多式联运").hits[0]
    doc, measure = index.library.measure(hit.measure_id)
    spans = highlight_spans(measure.body, hit.terms)
    assert {measure.body[s:e] for s, e in spans} == {"中欧班列", "多式联运"}


def test_related_measures_come_from_other_documents(index: SearchIndex) -> None:
    source = next(
        m for d in index.library.documents for m in d.measures if m.title == "支持保税维修业务发展"
    )
    related = index.related(source.id)
    assert related
    docs = [index.library.measure(r.measure_id)[0].id for r in related]
    assert source.document_id not in docs
    assert len(docs) == len(set(docs))  # one per document
    found = {index.library.measure(r.measure_id)[1].title for r in related}
    assert {"推进保税维修扩大范围", "推动保税维修业务集聚发展"} <= found
    assert all("保税维修" in r.shared_terms for r in related[:2])


def test_related_of_an_unknown_measure_is_empty(index: SearchIndex) -> None:
    assert index.related("nope-1") == []


def test_no_hits_suggests_dropping_part_of_an_unspaced_query(index: SearchIndex) -> None:
    result = index.search("保税维修火星")
    assert result.suggestion == "保税维修"
    assert result.corrected_from == "保税维修火星"


def test_suggestions_keep_the_rest_of_the_query(index: SearchIndex) -> None:
    result = index.search("year:2023 保税维修 火星")
    assert result.corrected_from == "year:2023 保税维修 火星"
    assert result.suggestion is not None and "year:2023" in result.suggestion
    assert {index.library.document(h.document_id).title[:2] for h in result.hits} == {"白沙"}


def test_no_suggestion_when_nothing_could_match(index: SearchIndex) -> None:
    result = index.search("火星 木星")
    assert result.total == 0 and result.suggestion is None and result.corrected_from is None
