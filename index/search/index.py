"""SearchIndex: a whoosh index of every measure, kept in step with the library.

The index is derived data in the library's cache dir. Opening it compares each
document's fingerprint with the one recorded at the last update and re-indexes
only what changed; a damaged index, or one built by another tokenizer, is
rebuilt and a one-line notice says so. One process updates at a time (a lock
file with a timeout); readers never block.
"""

from __future__ import annotations

import shutil
import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from whoosh import index as whoosh_index
from whoosh import query as wq
from whoosh.collectors import TopCollector
from whoosh.filedb.filestore import FileStorage
from whoosh.scoring import BM25F

from index.files import LockTimeoutError, file_lock
from index.library.catalog import Library
from index.model import Measure
from index.search.highlight import highlight_spans, make_snippet
from index.search.query import ParsedQuery, parse_query
from index.search.related import Related, related_measures
from index.search.store import (
    META_FILE,
    SCHEMA_VERSION,
    build_schema,
    measure_fields,
    new_writer,
    read_meta,
    update_lock_path,
    write_meta,
)
from index.search.suggest import correct_typos, suggest
from index.search.synonyms import Synonyms, default_synonyms
from index.search.tokenizer import fold_text, tokenizer_version

PROGRESS_EVERY = 50  # measures between progress reports
# A query with this few hits may be misspelt: a corrected one is run instead when it
# finds FAR_MORE times as many (保税维护: 1 unrelated hit; 保税维修: 23).
POOR_TOTAL = 3
FAR_MORE = 5

__all__ = [
    "META_FILE",
    "Hit",
    "IndexUpdate",
    "Related",
    "SearchIndex",
    "SearchResult",
    "highlight_spans",
]


@dataclass(frozen=True)
class Hit:
    measure_id: str
    document_id: str
    score: float
    snippet: str
    snippet_spans: list[tuple[int, int]]
    terms: list[str]  # the query terms (after synonyms) to highlight elsewhere


@dataclass(frozen=True)
class SearchResult:
    hits: list[Hit]
    total: int
    suggestion: str | None = None  # a query to try when there are no hits
    message: str | None = None  # one-line note about a malformed query
    # The query as typed when the hits are the suggestion's instead (no or few hits of its
    # own); then ``suggestion`` is the query that was run.
    corrected_from: str | None = None


@dataclass(frozen=True)
class IndexUpdate:
    """What the last open did: document ids and how many measures were (re)indexed."""

    added: tuple[str, ...] = ()
    changed: tuple[str, ...] = ()
    removed: tuple[str, ...] = ()
    measures_indexed: int = 0
    rebuilt: bool = False

    def __bool__(self) -> bool:
        return bool(self.added or self.changed or self.removed or self.rebuilt)


class IndexBusyError(Exception):
    """Another process held the update lock for longer than the timeout."""


class SearchIndex:
    """Search over a Library's measures. Build it with ``SearchIndex.open``."""

    def __init__(self, library: Library, index_dir: Path, synonyms: Synonyms) -> None:
        self.library = library
        self.index_dir = index_dir
        self.synonyms = synonyms
        self.notices: list[str] = []
        self.last_update = IndexUpdate()
        self._ix: whoosh_index.Index | None = None
        self._searcher: Any = None
        # A whoosh searcher is not safe for concurrent use: one search at a time.
        self._search_lock = threading.Lock()
        self._haystacks: list[tuple[str, str, str]] | None = None

    @classmethod
    def open(
        cls,
        library: Library,
        index_dir: Path | None = None,
        progress: Callable[[int, int], None] | None = None,
        rebuild: bool = False,
        lock_timeout: float = 60.0,
        synonyms: Synonyms | None = None,
    ) -> SearchIndex:
        """Open (creating or repairing as needed) and bring the index up to date with ``library``.

        ``progress(done, total)`` reports measures indexed. Raises IndexBusyError only
        when there is no index yet and another process holds the lock past the timeout.
        """
        index_dir = Path(index_dir) if index_dir is not None else library.cache_dir / "search"
        self = cls(library, index_dir, synonyms or default_synonyms())
        index_dir.parent.mkdir(parents=True, exist_ok=True)
        try:
            with file_lock(update_lock_path(index_dir), lock_timeout):
                self._update(progress, rebuild)
        except LockTimeoutError:
            self.notices.append(
                "another policy-tui is updating the search index; results may be out of date"
            )
            self._ix = self._open_existing()
            if self._ix is None:
                raise IndexBusyError(
                    f"{index_dir}: the search index is locked by another process"
                ) from None
        assert self._ix is not None  # set by _update or checked above
        self._searcher = self._ix.searcher(weighting=BM25F())
        return self

    # -- keeping the index in step -------------------------------------------------

    def _update(self, progress: Callable[[int, int], None] | None, rebuild: bool) -> None:
        meta = read_meta(self.index_dir / META_FILE)
        indexed: dict[str, str] = {}
        rebuilt = False
        ix = None if rebuild else self._open_existing(meta)
        if ix is not None and meta is not None:
            indexed = dict(meta["documents"])
        else:
            rebuilt = True
            ix = self._create()
        self._ix = ix
        current = {doc.id: self.library.fingerprint(doc.id) or "" for doc in self.library.documents}
        added = tuple(sorted(set(current) - set(indexed)))
        changed = tuple(
            sorted(d for d in current.keys() & indexed.keys() if current[d] != indexed[d])
        )
        removed = tuple(sorted(set(indexed) - set(current)))
        to_index = [self.library.document(d) for d in (*added, *changed)]
        total = sum(len(doc.measures) for doc in to_index if doc)
        count = 0
        if added or changed or removed or rebuilt:
            writer = new_writer(ix, total)
            try:
                for doc_id in (*changed, *removed):
                    writer.delete_by_term("document_id", doc_id)
                for doc in to_index:
                    if doc is None:
                        continue
                    for measure in doc.measures:
                        writer.add_document(**measure_fields(doc, measure))
                        count += 1
                        if progress is not None and count % PROGRESS_EVERY == 0:
                            progress(count, total)
                writer.commit()
            except BaseException:
                writer.cancel()
                raise
            write_meta(
                self.index_dir / META_FILE,
                {
                    "schema": SCHEMA_VERSION,
                    "tokenizer": tokenizer_version(),
                    "documents": current,
                    "measures": sum(len(d.measures) for d in self.library.documents),
                },
            )
        if progress is not None:
            progress(total, total)
        self.last_update = IndexUpdate(added, changed, removed, count, rebuilt)

    def _open_existing(self, meta: dict | None = None) -> whoosh_index.Index | None:
        """The index on disk if it is whole and was built by this version, else None (+ notice)."""
        if meta is None:
            meta = read_meta(self.index_dir / META_FILE)
        has_index = False
        if self.index_dir.is_dir():
            probe = _CheckedStorage(str(self.index_dir))
            try:  # reading the table of contents: damage to it shows here first
                has_index = probe.index_exists()
            except Exception as exc:
                self.notices.append(f"the search index was damaged ({_one_line(exc)}); rebuilt it")
                return None
            finally:
                probe.close_opened()
        if not has_index:
            if meta is not None:
                self.notices.append("the search index was missing or incomplete; rebuilt it")
            return None
        if meta is None:
            self.notices.append("the search index was incomplete (interrupted build?); rebuilt it")
            return None
        if meta.get("schema") != SCHEMA_VERSION or meta.get("tokenizer") != tokenizer_version():
            self.notices.append("the search index was built by another version; rebuilt it")
            return None
        storage = _CheckedStorage(str(self.index_dir))
        try:
            ix = storage.open_index()
            with ix.reader() as reader:
                count = reader.doc_count()
                for name in ("title", "body"):
                    reader.field_length(name)
                # Touch every segment's postings so a missing file shows now, not mid-search.
                for _ in reader.all_doc_ids():
                    break
            if count != meta.get("measures"):
                raise ValueError(f"{count} measures indexed, {meta.get('measures')} recorded")
            ix.searcher().close()
        except Exception as exc:  # whoosh raises many kinds on damaged files; all mean rebuild
            storage.close_opened()
            self.notices.append(f"the search index was damaged ({_one_line(exc)}); rebuilt it")
            return None
        storage.stop_tracking()
        return ix

    def _create(self) -> whoosh_index.Index:
        if self.index_dir.exists():
            shutil.rmtree(self.index_dir)
        self.index_dir.mkdir(parents=True)
        return whoosh_index.create_in(str(self.index_dir), build_schema())

    def close(self) -> None:
        if self._searcher is not None:
            self._searcher.close()
            self._searcher = None

    # -- searching -----------------------------------------------------------------

    def search(self, text: str, limit: int = 50, correct: bool = True) -> SearchResult:
        """Ranked measures for a query string; never raises on any input.

        With ``correct`` (the default), a query with no or very few hits whose
        suggestion finds more shows the suggestion's hits, ``corrected_from`` naming
        what was typed; ``correct=False`` searches exactly what was typed.
        """
        with self._search_lock:
            return self._search(text, limit, correct)

    def _search(self, text: str, limit: int, correct: bool = True) -> SearchResult:
        parsed = self._parse(text)
        if parsed.query is None:
            return SearchResult([], 0, None, parsed.message)
        hits, total = self._hits(parsed, limit)
        suggestion = None
        if not total:
            suggestion = suggest(parsed, self._searcher, self._count_text)
        elif total <= POOR_TOTAL:
            suggestion = correct_typos(
                parsed, self._searcher, self._count_text, self._occurs, at_least=total * FAR_MORE
            )
        if suggestion and correct:
            corrected = self._parse(suggestion)
            better, better_total = self._hits(corrected, limit)
            if better_total > total:
                return SearchResult(better, better_total, suggestion, parsed.message, text)
        return SearchResult(hits, total, suggestion, parsed.message)

    def _hits(self, parsed: ParsedQuery, limit: int) -> tuple[list[Hit], int]:
        if parsed.query is None:
            return [], 0
        results = self._run(parsed.query, max(1, limit))
        hits = []
        for result in results:
            found = self.library.measure(result["measure_id"])
            if found is None:
                continue
            hits.append(self._hit(found[1], result.score, parsed))
        return hits, len(results)

    def _occurs(self, run: str) -> bool:
        """Whether any measure holds ``run`` as it is (a word, or characters inside words)."""
        return self._count(parse_query(f'"{run}"').query) > 0

    def _parse(self, text: str) -> ParsedQuery:
        return parse_query(text, self.synonyms, self._documents_matching)

    def _documents_matching(self, prefix: str, value: str) -> list[str]:
        """Ids of documents whose title (doc:) or issuer (issuer:) contains ``value``."""
        needle = _squeeze(value)
        if not needle:
            return []
        if self._haystacks is None:
            self._haystacks = [
                (
                    doc.id,
                    _squeeze(" ".join((doc.title, *doc.alternative_titles))),
                    _squeeze(doc.issuer or ""),
                )
                for doc in self.library.documents
            ]
        column = 1 if prefix == "doc" else 2
        return [entry[0] for entry in self._haystacks if needle in entry[column]]

    def _hit(self, measure: Measure, score: float, parsed: ParsedQuery) -> Hit:
        terms = parsed.terms_for(
            "\n".join(
                (measure.title, measure.body, measure.interpretation or "", *measure.responsible)
            )
        )
        snippet, spans = "", []
        for text in (measure.body, measure.interpretation or "", " ".join(measure.responsible)):
            spans = highlight_spans(text, terms)
            if spans:
                snippet, spans = make_snippet(text, spans)
                break
        if not snippet:
            snippet, spans = make_snippet(measure.body or measure.title, [])
        return Hit(measure.id, measure.document_id, float(score), snippet, spans, list(terms))

    def _count_text(self, text: str) -> int:
        return self._count(self._parse(text).query)

    def _count(self, query: wq.Query | None) -> int:
        if query is None:
            return 0
        return len(self._run(query, 1))

    def _run(self, query: wq.Query, limit: int):  # type: ignore[no-untyped-def]
        """Top ``limit`` results with an exact total from the same pass.

        whoosh's default skips low-scoring blocks and then runs the query a second
        time to count; our multi-field ORs rarely skip, so one full pass is faster.
        """
        collector = TopCollector(limit=limit, usequality=False, replace=0)
        self._searcher.search_with_collector(query, collector)
        return collector.results()

    # -- related measures ----------------------------------------------------------

    def related(self, measure_id: str, limit: int = 5) -> list[Related]:
        """The most similar measures in other documents, one per document, with shared key terms."""
        with self._search_lock:
            return related_measures(self._searcher, self.library, measure_id, limit)


class _CheckedStorage(FileStorage):
    """A FileStorage that remembers the files opened while the index is checked.

    whoosh raises half-way through opening a damaged segment and leaves the files
    it had opened so far open; on that path ``close_opened`` closes them.
    """

    def __init__(self, path: str) -> None:
        super().__init__(path)
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


def _squeeze(text: str) -> str:
    """Folded, without whitespace: how doc:/issuer: values and titles are compared."""
    return "".join(fold_text(text).split())


def _one_line(exc: BaseException) -> str:
    text = " ".join(str(exc).split()) or exc.__class__.__name__
    return text if len(text) <= 120 else text[:119] + "…"
