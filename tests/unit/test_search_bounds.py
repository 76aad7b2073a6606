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
