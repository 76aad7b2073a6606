"""A library: folders and files of policy texts turned into Documents, cached by content.

Opening a library scans its paths, reads and parses only files whose content
is new (the parse cache is keyed by the content's sha256 and by a fingerprint
of the parser's own code), and reports which documents were added, changed or
removed since the last open. One unreadable file never stops the rest; it is
listed in ``problems`` as one line.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from index.formats.plain_text import UnreadableFileError
from index.library.discovery import document_files
from index.library.parse_cache import (
    CACHE_FILE,
    FileEntry,
    ParseCache,
    load_cache,
    parser_fingerprint,
    save_cache,
)
from index.library.stored_document import DocumentSummary, StoredDocument
from index.model import Document, Measure
from index.paths import library_cache_dir
from index.safe_text import displayable


@dataclass(frozen=True)
class LibraryChanges:
    """Document ids added, changed or removed since the library was last opened."""

    added: tuple[str, ...] = ()
    changed: tuple[str, ...] = ()
    removed: tuple[str, ...] = ()

    def __bool__(self) -> bool:
        return bool(self.added or self.changed or self.removed)


class Library:
    """The documents of a set of folders/files. Build it with ``Library.open``.

    Documents are decoded from the parse cache when first asked for (stored_document.py):
    ``summaries``, ``document_ids`` and ``measure_count`` cost nothing, ``document`` and
    ``measure`` decode one, ``documents`` decodes them all (the reader's tree needs them).
    """

    def __init__(
        self,
        paths: Sequence[Path],
        cache_dir: Path,
        stored: list[StoredDocument],
        sources: dict[str, Path],
        fingerprints: dict[str, str],
        problems: list[str],
        changes: LibraryChanges,
        parsed_files: int,
        for_display: bool = False,
    ) -> None:
        self.paths = list(paths)
        self.cache_dir = cache_dir
        self.problems = problems
        self.changes = changes
        self.parsed_files = parsed_files  # how many files this open actually parsed
        self.summaries = [entry.summary for entry in stored]
        self._stored = {entry.summary.id: entry for entry in stored}
        self._sources = sources
        self._fingerprints = fingerprints
        self._for_display = for_display
        self._decoded: dict[str, Document] = {}
        self._measures: dict[str, dict[str, Measure]] = {}
        self._all: list[Document] | None = None

    @classmethod
    # Over 60 lines on purpose: the open is one transaction over the cache (read, reuse or parse, report, save); its steps share the cache state.
    def open(
        cls,
        paths: Sequence[str | os.PathLike[str]],
        cache_dir: Path | None = None,
        progress: Callable[[int, int], None] | None = None,
        for_display: bool = False,
    ) -> Library:
        """Scan ``paths`` (folders recursively, or files), parse what is new, report changes.

        ``progress(done, total)`` is called while files are read, for a progress bar.
        ``for_display`` (the reader): control characters in the texts are shown as
        placeholders (``index.safe_text.displayable``); the cache keeps the data.
        """
        roots = [Path(p).expanduser() for p in paths]
        cache_dir = Path(cache_dir) if cache_dir is not None else library_cache_dir(roots)
        problems: list[str] = []
        files = document_files(roots, problems)
        fingerprint = parser_fingerprint()
        cache = load_cache(cache_dir / CACHE_FILE)
        if cache.parser_fingerprint != fingerprint:
            cache.files.clear()
            cache.documents.clear()

        new_files: dict[str, FileEntry] = {}
        docs_by_sha: dict[str, StoredDocument] = {}
        stored: dict[str, StoredDocument] = {}
        sources: dict[str, Path] = {}
        fingerprints: dict[str, str] = {}
        parsed = 0
        for done, path in enumerate(files, start=1):
            if progress is not None:
                progress(done - 1, len(files))
            try:
                entry, doc, was_parsed = _load_document(path, cache, fingerprint)
            except UnreadableFileError as err:
                problems.append(str(err))
                continue
            parsed += was_parsed
            new_files[str(path)] = entry
            docs_by_sha[entry.sha256] = doc
            doc_id = doc.summary.id
            if doc_id in stored:
                problems.append(
                    f"{path}: same document as {sources[doc_id]} "
                    f"(“{_short(doc.summary.title)}”, id {doc_id}); skipped"
                )
                continue
            stored[doc_id] = doc
            sources[doc_id] = path
            fingerprints[doc_id] = hashlib.sha256(
                f"{entry.sha256}:{fingerprint}".encode()
            ).hexdigest()[:20]
        if progress is not None:
            progress(len(files), len(files))

        changes = _changes(cache.last_open, fingerprints)
        new_cache = ParseCache(fingerprint, new_files, docs_by_sha, fingerprints)
        if (
            parsed
            or changes
            or new_files.keys() != cache.files.keys()
            or _stats_moved(cache.files, new_files)
        ):
            save_cache(cache_dir / CACHE_FILE, new_cache, problems)
        ordered = sorted(stored.values(), key=lambda entry: _newest_first(entry.summary))
        return cls(
            roots, cache_dir, ordered, sources, fingerprints, problems, changes, parsed, for_display
        )

    @property
    def documents(self) -> list[Document]:
        """Every document, newest first (decodes all of them the first time)."""
        if self._all is None:
            self._all = [doc for s in self.summaries if (doc := self.document(s.id)) is not None]
        return self._all

    @property
    def document_ids(self) -> list[str]:
        return [summary.id for summary in self.summaries]

    @property
    def measure_count(self) -> int:
        return sum(summary.measure_count for summary in self.summaries)

    def document(self, doc_id: str) -> Document | None:
        if doc_id in self._decoded:
            return self._decoded[doc_id]
        entry = self._stored.get(doc_id)
        if entry is None:
            return None
        try:
            doc = entry.document()
        except Exception:  # a damaged blob in a whole cache file: parse the file again
            try:
                doc = _reparse(self._sources[doc_id])
            except (UnreadableFileError, OSError):
                return None
        if self._for_display:
            doc = displayable(doc)
        self._decoded[doc_id] = doc
        return doc

    def measure(self, measure_id: str) -> tuple[Document, Measure] | None:
        doc_id = measure_id.rsplit("-", 1)[0]  # model.measure_id: f"{doc_id}-{position}"
        doc = self.document(doc_id)
        if doc is None:
            return None
        if doc_id not in self._measures:
            self._measures[doc_id] = {m.id: m for m in doc.measures}
        measure = self._measures[doc_id].get(measure_id)
        return (doc, measure) if measure is not None else None

    def source_path(self, doc_id: str) -> Path | None:
        """The file the document came from (None for an unknown id)."""
        return self._sources.get(doc_id)

    def fingerprint(self, doc_id: str) -> str | None:
        """Changes whenever the document's file content or the parser changes (for the index)."""
        return self._fingerprints.get(doc_id)

    def __len__(self) -> int:
        return len(self.summaries)


def _short(text: str, width: int = 30) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


def _newest_first(doc: DocumentSummary) -> tuple[int, str, str]:
    # ISO dates sort as strings; undated documents go last.
    return (0 if doc.date else 1, _invert(doc.date or ""), doc.title)


def _invert(date: str) -> str:
    return "".join(chr(0x10FFFF - ord(ch)) for ch in date)


def _load_document(
    path: Path, cache: ParseCache, fingerprint: str
) -> tuple[FileEntry, StoredDocument, bool]:
    """The file's Document, from the cache when its content is known; (entry, doc, parsed?)."""
    try:
        stat = path.stat()
    except OSError as exc:
        raise UnreadableFileError(path, exc.strerror or "cannot be read") from None
    known = cache.files.get(str(path))
    if known and known.size == stat.st_size and known.mtime_ns == stat.st_mtime_ns:
        stored = cache.documents.get(known.sha256)
        if stored is not None:
            return known, stored, False
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise UnreadableFileError(path, exc.strerror or "cannot be read") from None
    sha = hashlib.sha256(data).hexdigest()
    entry = FileEntry(stat.st_size, stat.st_mtime_ns, sha)
    stored = cache.documents.get(sha)
    if stored is not None:
        return entry, stored, False
    return entry, StoredDocument.of(_reparse(path)), True


def _reparse(path: Path) -> Document:
    # Imported here: the parser compiles ~200 patterns on import (0.1 s), and a library
    # whose files are all in the parse cache never needs it.
    from index.formats.extract import extract_text
    from index.parsing.parser import parse_policy_text

    return parse_policy_text(extract_text(path), fallback_title=path.stem)


def _changes(before: dict[str, str], after: dict[str, str]) -> LibraryChanges:
    return LibraryChanges(
        added=tuple(sorted(set(after) - set(before))),
        changed=tuple(sorted(d for d in after.keys() & before.keys() if after[d] != before[d])),
        removed=tuple(sorted(set(before) - set(after))),
    )


def _stats_moved(before: dict[str, FileEntry], after: dict[str, FileEntry]) -> bool:
    return any(before.get(k) != v for k, v in after.items())
