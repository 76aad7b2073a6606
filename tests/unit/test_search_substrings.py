"""Runs of characters inside words, traditional characters, and self-correcting queries."""

from __future__ import annotations

import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import index.text as text_module
from index.library.catalog import Library
from index.search.engines.whoosh_analysis import HanBigramTokenizer
from index.search.highlight import highlight_spans
from index.search.index import SearchIndex
from index.search.store import SCHEMA_VERSION
from index.text import fold_search, fold_width_case, to_simplified
from tests.conftest import copy_search_library

PROJECT = Path(__file__).resolve().parents[2]

pytestmark = pytest.mark.usefixtures("use_engine")

TRADITIONAL = Path(__file__).parents[1] / "fixtures" / "traditional_chinese.txt"


@pytest.fixture(scope="module")
def index(tmp_path_factory: pytest.TempPathFactory, engine: str) -> Iterator[SearchIndex]:
    """The search fixtures plus one text in traditional characters, shared read-only."""
    root = tmp_path_factory.mktemp("substrings")
    with pytest.MonkeyPatch.context() as env:
        env.setenv("XDG_CACHE_HOME", str(root / "cache"))
        library_dir = copy_search_library(root / "library")
        shutil.copy(TRADITIONAL, library_dir / TRADITIONAL.name)
        library = Library.open([library_dir], cache_dir=root / "cache")
        ix = SearchIndex.open(library, index_dir=root / "cache" / "search", engine=engine)
    yield ix
    ix.close()


def titles(index: SearchIndex, query: str) -> list[str]:
    return [index.library.measure(h.measure_id)[1].title for h in index.search(query).hits]


def marked(index: SearchIndex, query: str) -> set[str]:
    """Every highlighted piece of every hit's snippet."""
    return {
        hit.snippet[start:end]
        for hit in index.search(query).hits
        for start, end in hit.snippet_spans
    }


def test_the_schema_version_was_bumped_for_the_grams_field() -> None:
    assert SCHEMA_VERSION >= 3


@pytest.mark.parametrize(
    ("query", "title"),
    [
        ("保税维", "支持保税维修业务发展"),  # typed so far of 保税维修
        ("税维修", "支持保税维修业务发展"),
        ("区港联", "推动综合保税区与港区联动"),  # 区港联动: the start of a word
        ("港区联", "推动综合保税区与港区联动"),
    ],
)
def test_a_run_inside_words_finds_the_measure(index: SearchIndex, query: str, title: str) -> None:
    assert title in titles(index, query)


def test_a_run_across_a_word_boundary_is_found(tmp_path: Path) -> None:
    index = _tiny_index(tmp_path)
    # 税收 crosses the cut 保税|收费 in the one, is a word of its own in the other
    assert set(titles(index, "税收")) == {"规范收费", "落实优惠"}
    index.close()


def test_whole_words_rank_above_runs_inside_words(tmp_path: Path) -> None:
    index = _tiny_index(tmp_path)
    assert titles(index, "税收") == ["落实优惠", "规范收费"]
    hits = index.search("税收").hits
    assert [h.snippet[s:e] for h in hits for s, e in h.snippet_spans] == ["税收", "税收"]
    index.close()


TINY_TEXT = "某市若干措施\n一、规范收费。规范保税收费行为，公开收费目录。\n二、落实优惠。落实税收优惠政策。\n"


def _tiny_index(tmp_path: Path, text: str = TINY_TEXT) -> SearchIndex:
    library_dir = tmp_path / "library"
    library_dir.mkdir()
    (library_dir / "a.txt").write_text(text, encoding="utf-8")
    library = Library.open([library_dir], cache_dir=tmp_path / "cache")
    return SearchIndex.open(library, index_dir=tmp_path / "cache" / "search")


def test_mid_word_highlights_mark_exactly_the_typed_characters(index: SearchIndex) -> None:
    assert marked(index, "保税维") == {"保税维"}
    assert marked(index, "税维修") == {"税维修"}


def test_a_quoted_run_never_spans_two_runs_of_han_characters(tmp_path: Path) -> None:
    # 保税 ends one run, 税维 opens the next: in sequence only across the comma
    text = "某市若干措施\n一、规范保税。规范保税，税维修行为。\n二、支持维修。支持保税维修。\n"
    index = _tiny_index(tmp_path, text)
    assert titles(index, '"保税维"') == ["支持维修"]
    index.close()


def test_grams_tokens_are_han_pairs_by_character_position() -> None:
    tokens = [(t.text, t.pos) for t in HanBigramTokenizer()("保税维修 AEO 通关", positions=True)]
    assert tokens == [("保税", 0), ("税维", 1), ("维修", 2), ("通关", 9)]


def test_simplifying_keeps_the_length_and_the_characters_as_written() -> None:
    text = "關於促進跨境電商健康發展的指導意見，保稅維修、融資租賃"
    simple = to_simplified(text)
    assert simple == "关于促进跨境电商健康发展的指导意见，保税维修、融资租赁"
    assert len(fold_search(text)) == len(text)
    assert to_simplified("保税维修 综合保税区") == "保税维修 综合保税区"


# Characters each folding changes, and ones it keeps: fast paths must not skip any.
_FOLD_ALPHABET = "保税维修稅維臺灣餘ＡＢＣａ１２３Aé\u0301ΑΣσ\u3000\u00a0①Ⅸ丽\uf900\u2f00 ，。"


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(_FOLD_ALPHABET), max_size=12), st.booleans())
def test_search_folding_is_width_case_then_simplified(text: str, bulk: bool) -> None:
    """fold_search is one table and, once a process folds in bulk, a C-speed check for
    text it would leave unchanged; either way it must give exactly what the two
    foldings give one after the other."""
    saved = text_module._folded_so_far
    text_module._folded_so_far = text_module.BULK_FOLDING_AFTER + 1 if bulk else 0
    try:
        assert fold_search(text) == to_simplified(fold_width_case(text))
    finally:
        text_module._folded_so_far = saved


def test_a_query_is_folded_without_building_the_whole_table() -> None:
    """A fresh process folding a query converts its characters one by one; the table of
    all 28,000 (≈30 ms) is built only for bulk folding, and both give the same."""
    code = (
        "import index.text as t\n"
        "assert t.fold_search('保稅維修 ＡＥＯ 餘') == '保税维修 aeo 余'\n"
        "assert t._simplified_table.cache_info().currsize == 0\n"
        "chars = [chr(c) for low, high in t._HAN_RANGES for c in range(low, high)]\n"
        "one_by_one = [t._simplified_char(ch) for ch in chars]\n"
        "table = t._simplified_table()\n"
        "assert one_by_one == [table.get(ord(ch), ch) for ch in chars]\n"
        "t.fold_search('保' * (t.BULK_FOLDING_AFTER + 1))\n"
        "assert t.fold_search('保稅維修') == '保税维修' and t._traditional_characters.cache_info().currsize\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True, cwd=PROJECT)


@pytest.mark.parametrize("query", ["保稅維修", "保税维修"])
def test_either_script_finds_simplified_texts(index: SearchIndex, query: str) -> None:
    assert "支持保税维修业务发展" in titles(index, query)


@pytest.mark.parametrize("query", ["跨境电商", "跨境電商", "海外仓"])
def test_either_script_finds_traditional_texts(index: SearchIndex, query: str) -> None:
    docs = {index.library.document(h.document_id).title for h in index.search(query).hits}
    assert "關於促進跨境電商健康發展的指導意見" in docs


def test_highlights_land_on_the_characters_as_written(index: SearchIndex) -> None:
    hits = [
        h
        for h in index.search("海外仓").hits
        if index.library.document(h.document_id).title.startswith("關於")
    ]
    assert hits
    assert {h.snippet[s:e] for h in hits for s, e in h.snippet_spans} == {"海外倉"}
    assert highlight_spans("鼓勵企業布局海外倉", ["海外仓"]) == [(6, 9)]


def test_a_misspelt_word_with_no_hits_is_corrected(index: SearchIndex) -> None:
    result = index.search("先放后查")
    assert result.corrected_from == "先放后查"
    assert result.suggestion == "先放后检"
    assert titles(index, "先放后查") == ["推行先放后检"]


def test_a_query_found_as_written_is_not_corrected(index: SearchIndex) -> None:
    for query in ("保税维", "航空器材", "先放后检"):
        result = index.search(query)
        assert result.total > 0 and result.corrected_from is None, query
