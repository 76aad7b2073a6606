"""doc:/issuer: filters read the folded titles and issuers written beside the index;
the file makes them faster, never different."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from index.library.catalog import Library
from index.search.document_filters import FOLDED_FILE
from index.search.index import SearchIndex
from tests.conftest import copy_search_library

pytestmark = pytest.mark.usefixtures("use_engine")

TRADITIONAL = "臨江市關於支持保稅維修發展的若干措施\n\n臨江市商務局\n2024年3月1日\n\n一、支持保稅維修。允許開展保稅維修業務。\n"


def open_index(library_dir: Path, cache: Path, engine: str) -> SearchIndex:
    library = Library.open([library_dir], cache_dir=cache)
    return SearchIndex.open(library, index_dir=cache / "search", engine=engine)


def filtered(index: SearchIndex, query: str) -> set[str]:
    return {index.library.document(h.document_id).title[:3] for h in index.search(query).hits}


QUERIES = ("doc:临江 保税维修", "doc:臨江", "doc:白沙市2023", "issuer:商务局", "-doc:白沙 保税维修")


@pytest.fixture
def library_dir(tmp_path: Path) -> Path:
    folder = copy_search_library(tmp_path / "library")
    (folder / "linjiang.txt").write_text(TRADITIONAL, encoding="utf-8")
    return folder


def test_an_update_writes_each_title_and_issuer_folded(
    library_dir: Path, tmp_path: Path, engine: str
) -> None:
    index = open_index(library_dir, tmp_path / "cache", engine)
    index.close()
    folded = json.loads((tmp_path / "cache" / "search" / FOLDED_FILE).read_text("utf-8"))
    title = next(s for s in index.library.summaries if s.title.startswith("臨江"))
    assert folded["folded"][title.title].startswith("临江市关于支持保税维修")
    assert len(folded["folded"]) >= len(index.library.summaries)


@pytest.mark.parametrize("damage", ["missing", "garbage", "wrong shape"])
def test_filters_are_the_same_without_a_readable_file(
    library_dir: Path, tmp_path: Path, engine: str, damage: str
) -> None:
    index = open_index(library_dir, tmp_path / "cache", engine)
    expected = {query: filtered(index, query) for query in QUERIES}
    index.close()
    assert expected["doc:临江 保税维修"] == {"臨江市"} == expected["doc:臨江"]
    assert "臨江市" in expected["issuer:商务局"]
    path = tmp_path / "cache" / "search" / FOLDED_FILE
    if damage == "missing":
        path.unlink()
    else:
        path.write_text("{not json" if damage == "garbage" else '{"version": 1, "folded": [1]}')
    library = Library.open([library_dir], cache_dir=tmp_path / "cache")
    reopened = SearchIndex(library, index.engine, index.synonyms)
    index.engine.open(library.measure_count)
    assert {query: filtered(reopened, query) for query in QUERIES} == expected
    index.engine.close()


def test_an_index_without_the_file_gets_it_at_the_next_open(
    library_dir: Path, tmp_path: Path, engine: str
) -> None:
    open_index(library_dir, tmp_path / "cache", engine).close()
    path = tmp_path / "cache" / "search" / FOLDED_FILE
    path.unlink()
    index = open_index(library_dir, tmp_path / "cache", engine)
    index.close()
    assert not index.last_update and path.is_file()


CHILD = """
import sys
from pathlib import Path
from index.library.catalog import Library
from index.search import document_filters
from index.search.index import SearchIndex
folded = []
squeeze = document_filters.squeeze
document_filters.squeeze = lambda text: (text not in ("臨江", "临江") and folded.append(text)) or squeeze(text)
cache = Path(sys.argv[1])
library = Library.open([Path(sys.argv[2])], cache_dir=cache)
index = SearchIndex.open(library, index_dir=cache / "search", engine=sys.argv[3])
assert not index.last_update
hits = index.search("doc:臨江 保税维修").hits
print(len(hits), len(folded))
"""


def test_a_first_doc_query_reads_the_folded_titles_instead_of_folding_them(
    library_dir: Path, tmp_path: Path, engine: str
) -> None:
    index = open_index(library_dir, tmp_path / "cache", engine)
    index.close()
    argv = [sys.executable, "-c", CHILD, str(tmp_path / "cache"), str(library_dir), engine]
    out = subprocess.run(argv, capture_output=True, text=True, check=True).stdout.split()
    assert out == ["1", "0"]  # the hit; only the typed value (and its correction) folded
    (tmp_path / "cache" / "search" / FOLDED_FILE).write_text("{}")  # unreadable: fold them
    out = subprocess.run(argv, capture_output=True, text=True, check=True).stdout.split()
    assert out[0] == "1" and int(out[1]) > len(index.library.summaries)
