"""The whoosh engine: pure Python, always installed; the design's default.

Its fields are those of fields.py, each text field cut by the jieba tokenizer
(the title and text fields' boosts in the schema, as BM25F weights). Opening
touches every file of the index so damage shows now, not half-way through a search.
"""

from __future__ import annotations

import shutil
import weakref
from collections.abc import Callable
from pathlib import Path
from typing import Any

from whoosh import index as whoosh_index
from whoosh import query as wq
from whoosh.fields import ID, NUMERIC, TEXT, Schema
from whoosh.filedb.filestore import FileStorage
from whoosh.scoring import BM25F

from index.search.engines.base import EngineDamaged
from index.search.engines.whoosh_analysis import HanBigramTokenizer, analyzer
from index.search.engines.whoosh_scoring import TreeScorer
from index.search.fields import FIELD_BOOSTS, GRAMS_FIELD, WORD_FIELDS, MeasureFields
from index.search.query_tree import (
    AllOf,
    AnyOf,
    Everything,
    IdSet,
    Node,
    Nothing,
    Phrase,
    Range,
    Term,
    Without,
)


def build_schema() -> Schema:
    ana = analyzer()
    words = {
        name: TEXT(analyzer=ana, field_boost=FIELD_BOOSTS.get(name, 1.0)) for name in WORD_FIELDS
    }
    return Schema(
        measure_id=ID(stored=True, unique=True),
        document_id=ID(stored=True),
        grams=TEXT(analyzer=HanBigramTokenizer(), field_boost=FIELD_BOOSTS[GRAMS_FIELD]),
        year=NUMERIC(int, bits=32),
        date=NUMERIC(int, bits=32),
        **words,
    )


class WhooshEngine:
    name = "whoosh"
    format_version = 1

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self._ix: whoosh_index.Index | None = None
        self._searcher: Any = None
        self._scorer: TreeScorer | None = None
        self._close_searcher: Callable[[], object] = lambda: None

    # -- on disk ---------------------------------------------------------------------

    def exists(self) -> bool:
        if not self.folder.is_dir():
            return False
        probe = _CheckedStorage(str(self.folder))
        try:  # reading the table of contents: damage to it shows here first
            return bool(probe.index_exists())
        except Exception as exc:
            raise EngineDamaged(str(exc)) from None
        finally:
            probe.close_opened()

    def open(self, expected_measures: int) -> None:
        """Open the index and check it with the searcher that is then kept: each reader
        opens every segment's files, and a check on readers of its own opened them
        three times per search process."""
        storage = _CheckedStorage(str(self.folder))
        try:
            ix = storage.open_index()
            searcher = ix.searcher(weighting=BM25F())
            try:
                reader = searcher.reader()
                count = reader.doc_count()
                for name in ("title", "text"):
                    reader.field_length(name)
                # Touch every segment's postings so a missing file shows now, not mid-search.
                for _ in reader.all_doc_ids():
                    break
                if count != expected_measures:
                    raise ValueError(f"{count} measures indexed, {expected_measures} recorded")
            except BaseException:
                searcher.close()
                raise
        except Exception as exc:  # whoosh raises many kinds on damaged files; all mean rebuild
            storage.close_opened()
            raise EngineDamaged(str(exc)) from None
        storage.stop_tracking()
        self._ix = ix
        self._use(searcher)

    def create(self) -> None:
        if self.folder.exists():
            shutil.rmtree(self.folder)
        self.folder.mkdir(parents=True)
        storage = _CheckedStorage(str(self.folder))
        storage.stop_tracking()
        self._ix = storage.create_index(build_schema())

    def writer(self) -> _WhooshWriter:
        assert self._ix is not None
        # One process, always: whoosh's parallel writer forks children that inherit the
        # update lock and outlive a killed build (issue 13). 256 MB of postings sorted in
        # memory: past it whoosh pickles every posting to disk and back (half a build's time).
        return _WhooshWriter(self._ix.writer(timeout=10.0, limitmb=256))

    def refresh(self) -> None:
        assert self._ix is not None
        self._use(self._ix.searcher(weighting=BM25F()))

    def _use(self, searcher: Any) -> None:
        close_old = self._close_searcher
        self._searcher = searcher
        # The searcher holds the index's files open (no mmap, see _CheckedStorage): they
        # are closed with it — by close(), by the next refresh, or when this engine is
        # garbage-collected unclosed.
        self._close_searcher = weakref.finalize(self, self._searcher.close)
        self._scorer = TreeScorer(self._searcher, compile_query)
        close_old()

    def close(self) -> None:
        self._close_searcher()
        self._searcher = None
        self._scorer = None

    # -- reading ---------------------------------------------------------------------

    def doc_count(self) -> int:
        return int(self._searcher.doc_count())

    def search(self, query: Node, limit: int) -> tuple[list[tuple[str, float]], int]:
        """The top ``limit`` and the exact total, scored as whoosh scores them but in
        tight loops over the postings (whoosh_scoring.py: 3–5× whoosh's matchers)."""
        assert self._scorer is not None
        best, total = self._scorer.top(query, max(1, limit))
        stored = self._searcher.stored_fields
        return [(stored(doc)["measure_id"], float(score)) for doc, score in best], total

    def doc_frequency(self, field: str, term: str) -> int:
        return int(self._searcher.doc_frequency(field, term))

    def words(self, field: str) -> list[str]:
        return [
            term.decode("utf-8") if isinstance(term, bytes) else str(term)
            for term in self._searcher.reader().lexicon(field)
        ]


class _WhooshWriter:
    def __init__(self, writer: Any) -> None:
        self._writer = writer

    def delete_document(self, document_id: str) -> None:
        self._writer.delete_by_term("document_id", document_id)

    def add(self, fields: MeasureFields) -> None:
        values: dict[str, Any] = {
            "measure_id": fields.measure_id,
            "document_id": fields.document_id,
            **fields.words,
        }
        if fields.grams:
            values["grams"] = fields.grams
        if fields.year is not None:
            values["year"] = fields.year
        if fields.date is not None:
            values["date"] = fields.date
        self._writer.add_document(**values)

    def commit(self) -> None:
        self._writer.commit()

    def cancel(self) -> None:
        self._writer.cancel()


def compile_query(node: Node) -> wq.Query:
    """The whoosh query for a query tree (boosts of title and grams are the schema's)."""
    if isinstance(node, Term):
        return wq.Term(node.field, node.text, boost=node.boost)
    if isinstance(node, Phrase):
        return wq.Phrase(node.field, list(node.words))
    if isinstance(node, IdSet):
        if not node.values:
            return wq.NullQuery
        return wq.Or([wq.Term(node.field, value) for value in node.values])
    if isinstance(node, Range):
        return wq.NumericRange(node.field, node.low, node.high)
    if isinstance(node, AllOf):
        return wq.And([compile_query(part) for part in node.parts])
    if isinstance(node, AnyOf):
        return wq.Or([compile_query(part) for part in node.parts])
    if isinstance(node, Without):
        return wq.AndNot(compile_query(node.base), compile_query(node.excluded))
    if isinstance(node, Everything):
        return wq.Every()
    if isinstance(node, Nothing):
        return wq.NullQuery
    raise TypeError(f"not a query node: {node!r}")


class _CheckedStorage(FileStorage):
    """A FileStorage that remembers the files opened while the index is checked.

    whoosh raises half-way through opening a damaged segment and leaves the files
    it had opened so far open; on that path ``close_opened`` closes them.
    """

    def __init__(self, path: str) -> None:
        # No mmap: whoosh copies every file it opens from a mapped segment into a BytesIO
        # (compound.py, BufferFile), so a 100,000-measure index took 3 GB of memory and
        # 1.6 s to open; read through the file instead, a block at a time.
        super().__init__(path, supports_mmap=False)
        self._opened: list[Any] | None = []

    def open_file(self, name: str, **kwargs: Any) -> Any:
        opened = super().open_file(name, **kwargs)
        if self._opened is not None:
            self._opened.append(opened)
        return opened

    def stop_tracking(self) -> None:
        """The index is whole: its files belong to its readers from now on."""
        self._opened = None

    def close_opened(self) -> None:
        for opened in self._opened or []:
            if not opened.is_closed:
                opened.close()
        self._opened = None
