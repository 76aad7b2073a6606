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
from whoosh.scoring import BM25F

from index.search.highlight import highlight_spans, make_snippet
from index.search.store import (
    META_FILE,
    SCHEMA_VERSION,
    acquire,
    build_schema,
    measure_fields,
    new_writer,
    read_meta,
    update_lock,
    write_meta,
)
from index.library.catalog import Library
from index.model import Measure
from index.search.query import Clause, ParsedQuery, Synonyms, default_synonyms, parse_query
from index.search.tokenizer import cut, fold_text, tokenizer_version

PROGRESS_EVERY = 50  # measures between progress reports
RELATED_MIN_SHARE = 0.25  # of the best related score

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


@dataclass(frozen=True)
class Related:
    measure_id: str
    score: float
    shared_terms: list[str]


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
        lock = update_lock(index_dir)
        if acquire(lock, lock_timeout):
            try:
                self._update(progress, rebuild)
            finally:
                lock.release()
        else:
            self.notices.append(
                "another policy-tui is updating the search index; results may be out of date"
            )
            self._ix = self._open_existing()
            if self._ix is None:
                raise IndexBusyError(f"{index_dir}: the search index is locked by another process")
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
        has_index = self.index_dir.is_dir() and whoosh_index.exists_in(str(self.index_dir))
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
        try:
            ix = whoosh_index.open_dir(str(self.index_dir))
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
            self.notices.append(f"the search index was damaged ({_one_line(exc)}); rebuilt it")
            return None
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

    def search(self, text: str, limit: int = 50) -> SearchResult:
        """Ranked measures for a query string; never raises on any input."""
        with self._search_lock:
            return self._search(text, limit)

    def _search(self, text: str, limit: int) -> SearchResult:
        parsed = self._parse(text)
        if parsed.query is None:
            return SearchResult([], 0, None, parsed.message)
        results = self._run(parsed.query, max(1, limit))
        hits = []
        for result in results:
            found = self.library.measure(result["measure_id"])
            if found is None:
                continue
            hits.append(self._hit(found[1], result.score, parsed.terms))
        total = len(results)
        suggestion = None if total else self._suggest(parsed)
        return SearchResult(hits, total, suggestion, parsed.message)

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

    def _hit(self, measure: Measure, score: float, terms: list[str]) -> Hit:
        snippet, spans = "", []
        for text in (measure.body, measure.interpretation or "", " ".join(measure.responsible)):
            spans = highlight_spans(text, terms)
            if spans:
                snippet, spans = make_snippet(text, spans)
                break
        if not snippet:
            snippet, spans = make_snippet(measure.body or measure.title, [])
        return Hit(measure.id, measure.document_id, float(score), snippet, spans, list(terms))

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

    def _suggest(self, parsed: ParsedQuery) -> str | None:
        """A query that finds something: without one of the words, or with a close word."""
        candidates = [parsed.text_without(i) for i in range(len(parsed.groups))]
        if len(parsed.groups) > 1:
            candidates = [c for c in candidates if c.strip()]
        else:
            candidates = []
        # Chinese is typed without spaces: 保税维修火星 is two words, try each without the other.
        for group in parsed.groups:
            for clause in group:
                if clause.prefix or clause.phrase:
                    continue
                words = [w.text for w in cut(clause.value)]
                if len(words) > 1:
                    for i in range(len(words)):
                        rest = " ".join(words[:i] + words[i + 1 :])
                        candidates.append(_replace_clause(parsed, clause, rest))
        best, best_count = None, 0
        for candidate in dict.fromkeys(candidates):
            count = self._count(self._parse(candidate).query)
            if count > best_count:
                best, best_count = candidate, count
        if best:
            return best
        reader = self._searcher.reader()
        replacements: dict[str, str] = {}
        for group in parsed.groups:
            for clause in group:
                word = fold_text(clause.value).strip()
                if (
                    not word
                    or reader.doc_frequency("body", word)
                    or reader.doc_frequency("title", word)
                ):
                    continue
                close = self._close_word(word)
                if close:
                    replacements[clause.raw] = close
        if not replacements:
            return None
        candidate = _rebuild(parsed, replacements)
        return candidate if self._count(self._parse(candidate).query) else None

    def _close_word(self, word: str) -> str | None:
        maxdist = 1 if len(word) <= 4 or not word.isascii() else 2
        best: tuple[int, str] | None = None
        for field_name in ("title", "body"):
            corrector = self._searcher.corrector(field_name)
            for suggestion in corrector.suggest(word, limit=3, maxdist=maxdist):
                freq = self._searcher.doc_frequency(field_name, suggestion)
                if len(suggestion) >= min(2, len(word)) and (best is None or freq > best[0]):
                    best = (freq, suggestion)
        return best[1] if best else None

    # -- related measures ----------------------------------------------------------

    def related(self, measure_id: str, limit: int = 5) -> list[Related]:
        """The most similar measures in other documents, one per document, with shared key terms."""
        with self._search_lock:
            return self._related(measure_id, limit)

    def _related(self, measure_id: str, limit: int) -> list[Related]:
        found = self.library.measure(measure_id)
        if found is None:
            return []
        doc, measure = found
        text = f"{measure.title}\n{measure.body}"
        key_terms = [
            (term, weight)
            for term, weight in self._searcher.key_terms_from_text("body", text, numterms=20)
            if len(term) >= 2 and not term.isdigit()
        ][:12]
        if not key_terms:
            return []
        query = wq.Or(
            [wq.Term("title", t, boost=w * 1.5) for t, w in key_terms]
            + [wq.Term("body", t, boost=w) for t, w in key_terms]
        )
        results = self._searcher.search(
            query, limit=max(limit * 6, 30), mask=wq.Term("document_id", doc.id)
        )
        related: list[Related] = []
        seen_docs: set[str] = set()
        for result in results:
            if result.score < RELATED_MIN_SHARE * results[0].score:
                break  # far weaker than the best: shares only common words
            other = self.library.measure(result["measure_id"])
            if other is None or other[0].id in seen_docs:
                continue
            other_text = fold_text(f"{other[1].title}\n{other[1].body}")
            shared = [t for t, _ in key_terms if t in other_text]
            shared = [t for t in shared if not any(t != s and t in s for s in shared)]
            if not shared:
                continue
            seen_docs.add(other[0].id)
            related.append(Related(other[1].id, float(result.score), shared[:5]))
            if len(related) >= limit:
                break
        return related


def _squeeze(text: str) -> str:
    """Folded, without whitespace: how doc:/issuer: values and titles are compared."""
    return "".join(fold_text(text).split())


def _rebuild(parsed: ParsedQuery, replacements: dict[str, str]) -> str:
    """The query text with some clauses (by their raw text) replaced."""
    parts = [" OR ".join(replacements.get(c.raw, c.raw) for c in g) for g in parsed.groups]
    parts += [c.raw for c in parsed.negatives]
    return " ".join(p for p in parts if p)


def _replace_clause(parsed: ParsedQuery, clause: Clause, text: str) -> str:
    return _rebuild(parsed, {clause.raw: text})


def _one_line(exc: BaseException) -> str:
    text = " ".join(str(exc).split()) or exc.__class__.__name__
    return text if len(text) <= 120 else text[:119] + "…"
