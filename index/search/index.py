"""SearchIndex: every measure in a search engine, kept in step with the library.

The index is derived data in the library's cache dir. Opening it compares each
document's fingerprint with the one recorded at the last update and re-indexes
only what changed; a damaged index, or one built by another version, tokenizer
or engine, is rebuilt and a one-line notice says so. One process updates at a
time (a lock file with a timeout); readers never block. The engine (whoosh, or
tantivy when installed: engines/) only stores and ranks; query syntax,
suggestions, highlights and related measures are the same for both.
"""

from __future__ import annotations

import contextlib
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from index.files import LockTimeoutError, file_lock
from index.library.catalog import Library
from index.model import Measure
from index.search.document_filters import (
    TEXT_PREFIXES,
    DocumentFilters,
    has_folded,
    write_folded,
)
from index.search.engines import choose_engine, make_engine
from index.search.engines.base import Engine, EngineDamaged, index_folder
from index.search.field_words import TypoWords, generation, has_words, write_words
from index.search.fields import measure_fields
from index.search.highlight import highlight_spans, make_snippet
from index.search.query import ParsedQuery, parse_query
from index.search.query_tree import Node
from index.search.related import Related, related_measures
from index.search.store import (
    META_FILE,
    SCHEMA_VERSION,
    read_meta,
    update_lock_path,
    write_meta,
)
from index.search.suggest import correct_typos, suggest
from index.search.synonyms import Synonyms, default_synonyms
from index.search.tokenizer import tokenizer_version

if TYPE_CHECKING:  # facets load their divisions data and patterns only when asked for
    from index.facets import Facets

PROGRESS_EVERY = 50  # measures between progress reports
# A query with this few hits may be misspelt: a corrected one is run instead when it
# finds FAR_MORE times as many (保税维护: 1 unrelated hit; 保税维修: 23).
POOR_TOTAL = 3
FAR_MORE = 5
# Looking for a better query (dropping a word, correcting one) stops trying candidates
# after this long: the hits of what was typed are shown without a suggestion then.
SUGGEST_BUDGET_SECONDS = 0.5

__all__ = [
    "META_FILE",
    "Hit",
    "IndexUpdate",
    "Related",
    "SearchIndex",
    "SearchResult",
    "highlight_spans",
]


class Hit:
    """One result: the measure, its score, the query terms (after synonyms) to highlight
    elsewhere, and a snippet with the terms' spans in it.

    Given ``make_snippet``, the snippet is made when first asked for: the reader lists
    100 hits but draws a screenful first, and finding and marking the terms in a
    measure's text is most of what a hit costs.
    """

    __slots__ = ("_made", "_make", "document_id", "measure_id", "score", "terms")

    def __init__(
        self,
        measure_id: str,
        document_id: str,
        score: float,
        snippet: str = "",
        snippet_spans: list[tuple[int, int]] | None = None,
        terms: list[str] | None = None,
        make_snippet: Callable[[], tuple[str, list[tuple[int, int]]]] | None = None,
    ) -> None:
        self.measure_id = measure_id
        self.document_id = document_id
        self.score = score
        self.terms = terms or []
        self._make = make_snippet
        self._made = None if make_snippet else (snippet, list(snippet_spans or []))

    @property
    def snippet(self) -> str:
        return self._snippet()[0]

    @property
    def snippet_spans(self) -> list[tuple[int, int]]:
        return self._snippet()[1]

    def _snippet(self) -> tuple[str, list[tuple[int, int]]]:
        if self._made is None:
            assert self._make is not None
            self._made, self._make = self._make(), None
        return self._made

    def _key(self) -> tuple[object, ...]:
        spans = self.snippet_spans
        return (self.measure_id, self.document_id, self.score, self.snippet, spans, self.terms)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Hit) and self._key() == other._key()

    __hash__ = None  # type: ignore[assignment]  # mutable-looking, as the dataclass was

    def __repr__(self) -> str:
        return f"Hit({self.measure_id!r}, {self.document_id!r}, {self.score!r}, {self.snippet!r})"


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

    def __init__(self, library: Library, engine: Engine, synonyms: Synonyms) -> None:
        self.library = library
        self.engine = engine
        self.index_dir = engine.folder
        self.synonyms = synonyms
        self.notices: list[str] = []
        self.last_update = IndexUpdate()
        # A whoosh searcher is not safe for concurrent use: one search at a time.
        self._search_lock = threading.Lock()
        self._document_filters = DocumentFilters(library.summaries, self.index_dir)
        self._typo_words = TypoWords(engine, self.index_dir)
        self._facets: dict[str, Facets] | None = None  # by document id, once per open

    @classmethod
    def open(
        cls,
        library: Library,
        index_dir: Path | None = None,
        progress: Callable[[int, int], None] | None = None,
        rebuild: bool = False,
        lock_timeout: float = 60.0,
        synonyms: Synonyms | None = None,
        engine: str | None = None,
    ) -> SearchIndex:
        """Open (creating or repairing as needed) and bring the index up to date with ``library``.

        ``progress(done, total)`` reports measures indexed. ``engine`` names one
        (engines.choose_engine: else the setting, else the fastest installed); an
        ``index_dir`` given is used for that engine as it is. Raises IndexBusyError only
        when there is no index yet and another process holds the lock past the timeout,
        and UnknownEngineError for an engine that is not installed.
        """
        name = choose_engine(engine)
        if index_dir is None:
            index_dir = index_folder(library.cache_dir / "search", name)
        index_dir = Path(index_dir)
        self = cls(library, make_engine(name, index_dir), synonyms or default_synonyms())
        index_dir.parent.mkdir(parents=True, exist_ok=True)
        try:
            with file_lock(update_lock_path(index_dir), lock_timeout):
                self._update(progress, rebuild)
        except LockTimeoutError:
            self.notices.append(
                "another policy-tui is updating the search index; results may be out of date"
            )
            if not self._open_existing():
                raise IndexBusyError(
                    f"{index_dir}: the search index is locked by another process"
                ) from None
        return self

    @property
    def engine_name(self) -> str:
        return self.engine.name

    # -- keeping the index in step -------------------------------------------------

    def _update(self, progress: Callable[[int, int], None] | None, rebuild: bool) -> None:
        meta = read_meta(self.index_dir / META_FILE)
        indexed: dict[str, str] = {}
        rebuilt = False
        if not rebuild and self._open_existing(meta) and meta is not None:
            indexed = dict(meta["documents"])
        else:
            rebuilt = True
            self.engine.create()
        current = {d: self.library.fingerprint(d) or "" for d in self.library.document_ids}
        added = tuple(sorted(set(current) - set(indexed)))
        changed = tuple(
            sorted(d for d in current.keys() & indexed.keys() if current[d] != indexed[d])
        )
        removed = tuple(sorted(set(indexed) - set(current)))
        to_index = [self.library.document(d) for d in (*added, *changed)]
        total = sum(len(doc.measures) for doc in to_index if doc)
        count = 0
        if added or changed or removed or rebuilt:
            writer = self.engine.writer()
            try:
                for doc_id in (*changed, *removed):
                    writer.delete_document(doc_id)
                for doc in to_index:
                    if doc is None:
                        continue
                    for measure in doc.measures:
                        writer.add(measure_fields(doc, measure))
                        count += 1
                        if progress is not None and count % PROGRESS_EVERY == 0:
                            progress(count, total)
                writer.commit()
            except BaseException:
                writer.cancel()
                raise
            self.engine.refresh()
            write_meta(
                self.index_dir / META_FILE,
                {
                    "schema": SCHEMA_VERSION,
                    "engine": self.engine.name,
                    "engine_format": self.engine.format_version,
                    "tokenizer": tokenizer_version(),
                    "documents": current,
                    "measures": self.library.measure_count,
                },
            )
        # Kept beside the index only to be faster: an index folder that cannot take them
        # (read-only) does without.
        if added or changed or removed or rebuilt or not has_folded(self.index_dir):
            with contextlib.suppress(OSError):
                write_folded(self.index_dir, self.library.summaries)
        now = generation(current)
        if added or changed or removed or rebuilt or not has_words(self.index_dir, now):
            with contextlib.suppress(OSError):
                write_words(self.index_dir, now, self.engine)
        self._typo_words.use_generation(now)
        if progress is not None:
            progress(total, total)
        self.last_update = IndexUpdate(added, changed, removed, count, rebuilt)

    def _open_existing(self, meta: dict | None = None) -> bool:
        """Open the index on disk if it is whole and was built by this version (else a notice)."""
        if meta is None:
            meta = read_meta(self.index_dir / META_FILE)
        try:
            has_index = self.engine.exists()
        except EngineDamaged as exc:
            self.notices.append(f"the search index was damaged ({_one_line(exc)}); rebuilt it")
            return False
        if not has_index:
            if meta is not None:
                self.notices.append("the search index was missing or incomplete; rebuilt it")
            return False
        if meta is None:
            self.notices.append("the search index was incomplete (interrupted build?); rebuilt it")
            return False
        if (
            meta.get("schema") != SCHEMA_VERSION
            or meta.get("tokenizer") != tokenizer_version()
            or meta.get("engine", "whoosh") != self.engine.name
            or meta.get("engine_format", 1) != self.engine.format_version
        ):
            self.notices.append("the search index was built by another version; rebuilt it")
            return False
        try:
            self.engine.open(int(meta.get("measures", -1)))
        except (EngineDamaged, ValueError, TypeError) as exc:
            self.notices.append(f"the search index was damaged ({_one_line(exc)}); rebuilt it")
            return False
        return True

    def close(self) -> None:
        self.engine.close()

    # -- searching -----------------------------------------------------------------

    def search(
        self,
        text: str,
        limit: int = 50,
        correct: bool = True,
        cancelled: Callable[[], bool] | None = None,
    ) -> SearchResult:
        """Ranked measures for a query string; never raises on any input.

        With ``correct`` (the default), a query with no or very few hits whose
        suggestion finds more shows the suggestion's hits, ``corrected_from`` naming
        what was typed; ``correct=False`` searches exactly what was typed.
        ``cancelled()`` is asked between steps (the reader's worker passes its own
        state): a search that has been replaced by a newer one stops, and gives
        the lock to it, instead of finishing work nobody will see.
        """
        with self._search_lock:
            try:
                return self._search(text, limit, correct, cancelled or _never)
            except SearchCancelled:
                return SearchResult([], 0, None, "cancelled")
            except BaseException as exc:  # a Rust panic is a BaseException
                if isinstance(exc, (KeyboardInterrupt, SystemExit, GeneratorExit)):
                    raise
                return SearchResult([], 0, None, _unreadable(exc))

    def _search(
        self, text: str, limit: int, correct: bool, cancelled: Callable[[], bool]
    ) -> SearchResult:
        parsed = self._parse(text)
        if parsed.query is None:
            return SearchResult([], 0, None, parsed.message)
        _stop_if(cancelled)
        hits, total = self._hits(parsed, limit)
        suggestion = None
        count = _Budgeted(self._count_text, cancelled, SUGGEST_BUDGET_SECONDS)
        try:
            if not total:
                suggestion = suggest(parsed, self._typo_words, count)
            elif total <= POOR_TOTAL:
                suggestion = correct_typos(
                    parsed, self._typo_words, count, self._occurs, at_least=total * FAR_MORE
                )
        except _OutOfTime:
            suggestion = None
        _stop_if(cancelled)
        if suggestion and correct:
            corrected = self._parse(suggestion)
            better, better_total = self._hits(corrected, limit)
            if better_total > total:
                return SearchResult(better, better_total, suggestion, parsed.message, text)
        return SearchResult(hits, total, suggestion, parsed.message)

    def _hits(self, parsed: ParsedQuery, limit: int) -> tuple[list[Hit], int]:
        if parsed.query is None:
            return [], 0
        results, total = self.engine.search(parsed.query, max(1, limit))
        hits = []
        for measure_id, score in results:
            found = self.library.measure(measure_id)
            if found is None:
                continue
            hits.append(self._hit(found[1], score, parsed))
        return hits, total

    def _occurs(self, run: str) -> bool:
        """Whether any measure holds ``run`` as it is (a word, or characters inside words)."""
        return self._count(parse_query(f'"{run}"').query) > 0

    def _parse(self, text: str) -> ParsedQuery:
        return parse_query(text, self.synonyms, self._documents_matching)

    def facets(self, document_id: str) -> Facets | None:
        """The document's region, issuer, year and type (index.facets); None if unknown."""
        return self._all_facets().get(document_id)

    def _all_facets(self) -> dict[str, Facets]:
        if self._facets is None:
            from index.facets import document_facets

            self._facets = {s.id: document_facets(s) for s in self.library.summaries}
        return self._facets

    def _documents_matching(self, prefix: str, value: str) -> list[str]:
        """Ids of documents whose title (doc:) or issuer (issuer:) contains ``value``, or
        whose region (region:) or type (type:) facet matches it."""
        if prefix in TEXT_PREFIXES:
            return self._document_filters.matching(prefix, value)
        from index.facets import FACET_PREFIXES, facet_matcher

        if prefix not in FACET_PREFIXES:
            return []
        matches = facet_matcher(prefix, value)
        return [doc_id for doc_id, facets in self._all_facets().items() if matches(facets)]

    def _hit(self, measure: Measure, score: float, parsed: ParsedQuery) -> Hit:
        terms = parsed.terms_for(
            "\n".join(
                (measure.title, measure.body, measure.interpretation or "", *measure.responsible)
            )
        )
        return Hit(
            measure.id,
            measure.document_id,
            float(score),
            terms=list(terms),
            make_snippet=partial(_snippet_of, measure, list(terms)),
        )

    def _count_text(self, text: str) -> int:
        return self._count(self._parse(text).query)

    def _count(self, query: Node | None) -> int:
        if query is None:
            return 0
        return self.engine.search(query, 1)[1]

    # -- related measures ----------------------------------------------------------

    def related(self, measure_id: str, limit: int = 5) -> list[Related]:
        """The most similar measures in other documents, one per document, with shared key terms."""
        with self._search_lock:
            try:
                return related_measures(self.engine, self.library, measure_id, limit)
            except BaseException as exc:
                if isinstance(exc, (KeyboardInterrupt, SystemExit, GeneratorExit)):
                    raise
                self.notices.append(_unreadable(exc))
                return []


def _unreadable(exc: BaseException) -> str:
    """One line for a search that failed inside the engine (a file damaged since opening)."""
    return (
        f"the search index could not be read ({_one_line(exc)}): run `policy-tui index --rebuild`"
    )


def _one_line(exc: BaseException) -> str:
    text = " ".join(str(exc).split()) or exc.__class__.__name__
    return text if len(text) <= 120 else text[:119] + "…"


class SearchCancelled(Exception):
    """The caller said the search is no longer wanted (a newer one replaced it)."""


class _OutOfTime(Exception):
    """The suggestion step used its time budget."""


def _never() -> bool:
    return False


def _stop_if(cancelled: Callable[[], bool]) -> None:
    if cancelled():
        raise SearchCancelled


class _Budgeted:
    """A candidate counter that stops the search when it is cancelled, and stops the
    candidates when ``budget`` seconds have gone: a pasted paragraph has many."""

    def __init__(self, count: Callable[[str], int], cancelled: Callable[[], bool], budget: float):
        self._count = count
        self._cancelled = cancelled
        self._deadline = time.monotonic() + budget

    def __call__(self, text: str) -> int:
        _stop_if(self._cancelled)
        if time.monotonic() > self._deadline:
            raise _OutOfTime
        return self._count(text)


def _snippet_of(measure: Measure, terms: list[str]) -> tuple[str, list[tuple[int, int]]]:
    """The snippet of the first part of ``measure`` holding a term, with the terms' spans."""
    for text in (measure.body, measure.interpretation or "", " ".join(measure.responsible)):
        spans = highlight_spans(text, terms)
        if spans:
            return make_snippet(text, spans)
    return make_snippet(measure.body or measure.title, [])
