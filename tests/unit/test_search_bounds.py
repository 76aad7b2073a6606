"""No query takes long or fails: huge, repetitive, deep or random input (issue 13)."""

from __future__ import annotations

import time

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from index.library.catalog import Library
from index.search.index import SearchIndex
from index.search.query import MAX_QUERY_CHARS
from tests.conftest import copy_search_library

pytestmark = pytest.mark.usefixtures("use_engine")

CPU_BUDGET = 1.0  # seconds of CPU per search: generous (not a benchmark), far below a hang


@pytest.fixture(scope="module")
def index(tmp_path_factory: pytest.TempPathFactory, engine: str):  # type: ignore[no-untyped-def]
    root = tmp_path_factory.mktemp("bounds")
    with pytest.MonkeyPatch.context() as env:
        env.setenv("XDG_CACHE_HOME", str(root / "cache"))
        library = Library.open([copy_search_library(root / "library")], cache_dir=root / "cache")
        ix = SearchIndex.open(library, index_dir=root / "cache" / "search", engine=engine)
    ix.search("预热")  # the tokenizer loads once, outside the timed searches
    yield ix
    ix.close()


def _timed(index: SearchIndex, query: str) -> float:
    start = time.process_time()
    result = index.search(query)
    assert isinstance(result.total, int)
    return time.process_time() - start


@pytest.mark.parametrize(
    "query",
    [
        "保税 " * 1000,  # 986 words raised RecursionError
        "year:2024 " * 1000,
        "doc:" + "大" * 5000,
        "title:" * 500 + "x",
        "保税维修" * 2500,
        "-保税 " * 1000,
        '"' * 3000,
        "OR " * 2000,
    ],
    ids=["words", "years", "doc", "prefixes", "repeat", "negated", "quotes", "ors"],
)
def test_pathological_queries_are_bounded(index: SearchIndex, query: str) -> None:
    assert _timed(index, query) < CPU_BUDGET
    assert index.search(query).message  # the user is told the query was cut


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.text(max_size=10_000))
def test_any_string_returns_quickly_without_error(index: SearchIndex, query: str) -> None:
    assert _timed(index, query) < CPU_BUDGET


def test_a_pasted_passage_finds_its_source(index: SearchIndex) -> None:
    measure = max(
        (m for d in index.library.documents for m in d.measures), key=lambda m: len(m.body)
    )
    passage = measure.body[:MAX_QUERY_CHARS]
    assert len(passage) > 40
    result = index.search(passage)
    assert result.hits and result.hits[0].measure_id == measure.id
    assert "关键词" in (result.message or "")


def test_a_cancelled_search_stops_and_says_so(index: SearchIndex) -> None:
    """The reader passes its worker's state: a search replaced by a newer one returns
    at once with nothing, instead of holding the index for work nobody will see."""
    assert index.search("保税维修").hits
    result = index.search("保税维修", cancelled=lambda: True)
    assert result.hits == [] and result.total == 0 and result.message == "cancelled"


def test_cancelling_during_the_suggestion_step_stops_it(index: SearchIndex) -> None:
    asked: list[int] = []

    def cancelled() -> bool:  # not yet when the search starts, then at the first candidate
        asked.append(1)
        return len(asked) > 1

    assert index.search("保税维修 火星").suggestion  # no hits: candidates are tried
    result = index.search("保税维修 火星", cancelled=cancelled)
    assert result.message == "cancelled" and result.suggestion is None
    assert len(asked) == 2


def test_the_suggestion_step_has_a_time_budget(
    index: SearchIndex, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Past its budget the step gives up: the typed query's own (no) hits, no suggestion."""
    import index.search.index as index_module

    assert index.search("保税维修 火星").suggestion == "保税维修"
    monkeypatch.setattr(index_module, "SUGGEST_BUDGET_SECONDS", -1.0)
    result = index.search("保税维修 火星")
    assert result.total == 0 and result.suggestion is None and result.corrected_from is None
