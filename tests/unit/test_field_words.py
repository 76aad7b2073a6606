"""Typo correction reads the words an index update listed beside the index; without a
readable list of the index's generation it asks the engine, with the same answers."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from index.library.catalog import Library
from index.search.field_words import FILE_PREFIX, TYPO_FIELDS
from index.search.index import SearchIndex

pytestmark = pytest.mark.usefixtures("use_engine")

TYPOS = ("保税维护", "跨境电啇", "报税维修", "AEOO")


def open_index(library_dir: Path, cache: Path, engine: str) -> SearchIndex:
    library = Library.open([library_dir], cache_dir=cache)
    return SearchIndex.open(library, index_dir=cache / "search", engine=engine)


def corrections(index: SearchIndex) -> dict[str, tuple[str | None, str | None]]:
    found = {}
    for typo in TYPOS:
        result = index.search(typo)
        found[typo] = (result.suggestion, result.corrected_from)
    return found


def word_files(cache: Path) -> list[Path]:
    return sorted((cache / "search").glob(f"{FILE_PREFIX}*.json"))


def listed_words(path: Path) -> dict[str, list[str]]:
    fields = json.loads(path.read_text(encoding="utf-8"))["fields"]
    return {field: text.split("\n") for field, text in fields.items()}


def test_each_update_keeps_the_words_of_its_generation_only(
    library_dir: Path, tmp_path: Path, engine: str
) -> None:
    cache = tmp_path / "cache"
    index = open_index(library_dir, cache, engine)
    (first,) = word_files(cache)
    before = listed_words(first)
    assert before == {field: index.engine.words(field) for field in TYPO_FIELDS}
    index.close()
    (library_dir / "more.txt").write_text(
        "临江市促进跨境电商发展的若干措施\n\n2024年1月1日\n\n一、建设鹦鹉螺码头。支持企业建设鹦鹉螺码头。\n",
        encoding="utf-8",
    )
    index = open_index(library_dir, cache, engine)
    assert index.last_update.added
    (second,) = word_files(cache)
    assert second != first and not first.exists()
    after = listed_words(second)
    assert after == {field: index.engine.words(field) for field in TYPO_FIELDS}
    assert set(after["text"]) > set(before["text"])  # the new text's words
    index.close()


@pytest.mark.parametrize("damage", ["missing", "garbage", "other generation"])
def test_corrections_are_the_same_without_a_readable_list(
    library_dir: Path, tmp_path: Path, engine: str, damage: str
) -> None:
    cache = tmp_path / "cache"
    index = open_index(library_dir, cache, engine)
    expected = corrections(index)
    index.close()
    assert expected["保税维护"] == ("保税维修", "保税维护")
    assert expected["报税维修"][0] == "保税维修"
    (path,) = word_files(cache)
    if damage == "missing":
        path.unlink()
    elif damage == "garbage":
        path.write_text('{"version": 1, "fields": {"title": 3', encoding="utf-8")
    else:
        path.rename(path.with_name(f"{FILE_PREFIX}0000000000000000.json"))
    library = Library.open([library_dir], cache_dir=cache)
    reopened = SearchIndex(library, index.engine, index.synonyms)
    index.engine.open(library.measure_count)
    assert corrections(reopened) == expected
    index.engine.close()


CHILD = """
import sys
from pathlib import Path
from index.library.catalog import Library
from index.search.engines import make_engine
from index.search.index import SearchIndex
cache, engine = Path(sys.argv[1]), sys.argv[3]
listed = []
cls = type(make_engine(engine, cache / "probe"))
words = cls.words
cls.words = lambda self, field: listed.append(field) or words(self, field)
library = Library.open([Path(sys.argv[2])], cache_dir=cache)
index = SearchIndex.open(library, index_dir=cache / "search", engine=engine)
assert not index.last_update
print(index.search("保税维护").suggestion, len(listed))
"""


def test_a_first_typo_reads_the_listed_words_instead_of_the_engines(
    library_dir: Path, tmp_path: Path, engine: str
) -> None:
    cache = tmp_path / "cache"
    open_index(library_dir, cache, engine).close()
    argv = [sys.executable, "-c", CHILD, str(cache), str(library_dir), engine]
    assert subprocess.run(argv, capture_output=True, text=True, check=True).stdout.split() == [
        "保税维修",
        "0",
    ]
    for path in word_files(cache):
        path.unlink()  # an index from before the lists: written again, by listing them
    out = subprocess.run(argv, capture_output=True, text=True, check=True).stdout.split()
    assert out[0] == "保税维修" and int(out[1]) == len(TYPO_FIELDS)


def test_an_index_folder_that_cannot_take_the_lists_does_without(
    library_dir: Path, tmp_path: Path, engine: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    from index.search import document_filters, field_words

    def refuse(path: Path, data: str) -> None:
        raise PermissionError(13, "Permission denied", str(path))

    monkeypatch.setattr(field_words, "atomic_write", refuse)
    monkeypatch.setattr(document_filters, "atomic_write", refuse)
    index = open_index(library_dir, tmp_path / "cache", engine)
    assert not word_files(tmp_path / "cache")
    assert index.search("保税维护").suggestion == "保税维修"
    assert index.search("doc:白沙 保税维修").total == 1
    index.close()
