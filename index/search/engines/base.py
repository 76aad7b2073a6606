"""What SearchIndex needs from a search engine: write measures, run a query tree, read terms.

An engine stores and ranks; everything else — which documents changed, query
syntax, synonyms, suggestions, highlights, related measures — is SearchIndex's and
the same for every engine, so both give the same results by construction where
their ranking agrees (docs/search.md).
"""

from __future__ import annotations

from pathlib import Path
from typing import Protocol

from index.search.fields import MeasureFields
from index.search.query_tree import Node


class EngineDamaged(Exception):
    """The index on disk cannot be read: rebuild it."""


class Writer(Protocol):
    def delete_document(self, document_id: str) -> None: ...

    def add(self, fields: MeasureFields) -> None: ...

    def commit(self) -> None: ...

    def cancel(self) -> None: ...


class Engine(Protocol):
    name: str
    # Bumped when the engine lays out the same terms otherwise: an index of another
    # format is rebuilt (recorded beside the index; an older record holds none: 1).
    format_version: int
    folder: Path  # where its files are (one engine per folder)

    def exists(self) -> bool:
        """Whether an index is on disk (damage to its table of contents raises EngineDamaged)."""
        ...

    def open(self, expected_measures: int) -> None:
        """Open the index on disk; EngineDamaged when any part of it is unreadable or the
        count of measures is not the one recorded."""
        ...

    def create(self) -> None:
        """A new, empty index (whatever was in its folder is removed)."""
        ...

    def writer(self) -> Writer: ...

    def refresh(self) -> None:
        """See the last commit (after a writer committed)."""
        ...

    def doc_count(self) -> int: ...

    def search(self, query: Node, limit: int) -> tuple[list[tuple[str, float]], int]:
        """Top ``limit`` (measure id, score), best first, and how many measures match."""
        ...

    def doc_frequency(self, field: str, term: str) -> int: ...

    def words(self, field: str) -> list[str]:
        """Every indexed term of ``field`` (typo correction looks among them)."""
        ...

    def close(self) -> None: ...


def index_folder(cache_search_dir: Path, engine_name: str) -> Path:
    """Each engine keeps its own folder: whoosh the historical one, others beside it."""
    if engine_name == "whoosh":
        return cache_search_dir
    return cache_search_dir.with_name(f"{cache_search_dir.name}-{engine_name}")
