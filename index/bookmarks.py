"""Bookmarks: the measures a reader keeps, in a hand-editable YAML file that is never lost.

The file is user data. Every write takes a lock, re-reads the file, applies
the one change to what is on disk (so two readers bookmarking in turn lose
nothing), keeps the previous version as ``.bak`` and replaces the file
atomically. A file that does not parse is reported with its line and never
overwritten: the store turns read-only until it is fixed. Keys this version
does not know are carried through every rewrite.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import fcntl
import os
import shutil
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import yaml

from .model import Document, Measure

FORMAT_VERSION = 1
EXCERPT_CHARS = 80
_KNOWN = (
    "measure_id",
    "document_title",
    "document_date",
    "document_issuer",
    "measure_number",
    "measure_title",
    "excerpt",
    "added",
    "note",
    "tags",
    "status",
)


class BookmarksReadOnlyError(Exception):
    """The bookmarks file cannot be changed now; ``str()`` says why in one line."""


@dataclass(frozen=True)
class Bookmark:
    measure_id: str
    document_title: str = ""
    document_date: str | None = None
    document_issuer: str | None = None
    measure_number: str = ""
    measure_title: str = ""
    excerpt: str = ""
    added: str = ""
    note: str | None = None
    tags: tuple[str, ...] = ()
    status: str | None = None
    extra: dict[str, Any] = field(default_factory=dict, compare=False)

    @classmethod
    def of(cls, document: Document, measure: Measure, **fields: Any) -> Bookmark:
        text = " ".join(measure.body.split())
        excerpt = text if len(text) <= EXCERPT_CHARS else text[: EXCERPT_CHARS - 1] + "…"
        return cls(
            measure_id=measure.id,
            document_title=document.title,
            document_date=document.date,
            document_issuer=document.issuer,
            measure_number=measure.number,
            measure_title=measure.title,
            excerpt=excerpt,
            added=dt.datetime.now(dt.UTC).astimezone().isoformat(timespec="seconds"),
            **fields,
        )

    @classmethod
    def from_entry(cls, entry: dict[str, Any]) -> Bookmark:
        tags = entry.get("tags") or ()
        return cls(
            measure_id=str(entry["measure_id"]),
            document_title=str(entry.get("document_title") or ""),
            document_date=_opt(entry.get("document_date")),
            document_issuer=_opt(entry.get("document_issuer")),
            measure_number=str(entry.get("measure_number") or ""),
            measure_title=str(entry.get("measure_title") or ""),
            excerpt=str(entry.get("excerpt") or ""),
            added=str(entry.get("added") or ""),
            note=_opt(entry.get("note")),
            tags=tuple(str(t) for t in (tags if isinstance(tags, list | tuple) else [tags])),
            status=_opt(entry.get("status")),
            extra={k: v for k, v in entry.items() if k not in _KNOWN},
        )

    def to_entry(self) -> dict[str, Any]:
        entry: dict[str, Any] = {
            "measure_id": self.measure_id,
            "document_title": self.document_title,
            "document_date": self.document_date,
            "document_issuer": self.document_issuer,
            "measure_number": self.measure_number,
            "measure_title": self.measure_title,
            "excerpt": self.excerpt,
            "added": self.added,
        }
        if self.note:
            entry["note"] = self.note
        if self.tags:
            entry["tags"] = list(self.tags)
        if self.status:
            entry["status"] = self.status
        entry.update(self.extra)
        return entry


def _opt(value: Any) -> str | None:
    return None if value is None or value == "" else str(value)


class BookmarkStore:
    """The bookmarks file at ``path``. Reads never fail loudly; writes refuse rather than lose."""

    def __init__(self, path: Path | str, lock_timeout: float = 10.0) -> None:
        self.path = Path(path)
        self.lock_timeout = lock_timeout
        self.bookmarks: list[Bookmark] = []
        self.read_only_reason: str | None = None
        self._top_extra: dict[str, Any] = {}
        self.load()

    # -- reading -----------------------------------------------------------------------
    def load(self) -> None:
        """(Re-)read the file. A damaged file makes the store read-only with a one-line reason."""
        try:
            self.bookmarks, self._top_extra = self._read()
            self.read_only_reason = None
        except BookmarksReadOnlyError as err:
            self.read_only_reason = str(err)

    def _read(self) -> tuple[list[Bookmark], dict[str, Any]]:
        try:
            raw = self.path.read_text(encoding="utf-8")
        except FileNotFoundError:
            return [], {}
        except (OSError, UnicodeDecodeError) as exc:
            raise BookmarksReadOnlyError(
                f"{self.path}: cannot be read ({exc.__class__.__name__})"
            ) from None
        try:
            data = yaml.safe_load(raw)
        except yaml.YAMLError as exc:
            mark = getattr(exc, "problem_mark", None)
            where = f"line {mark.line + 1}" if mark is not None else "somewhere"
            problem = getattr(exc, "problem", None) or "not valid YAML"
            raise BookmarksReadOnlyError(
                f"{self.path}: YAML error at {where} ({problem}); fix it by hand — it will not be overwritten"
            ) from None
        if data is None:
            return [], {}
        if not isinstance(data, dict) or not isinstance(data.get("bookmarks", []), list):
            raise BookmarksReadOnlyError(
                f"{self.path}: not a bookmarks file (expected 'version: 1' and a 'bookmarks:' list)"
            )
        version = data.get("version", FORMAT_VERSION)
        if not isinstance(version, int) or version > FORMAT_VERSION:
            raise BookmarksReadOnlyError(
                f"{self.path}: written by a newer policy-tui (version {version}); read-only here"
            )
        bookmarks: list[Bookmark] = []
        for n, entry in enumerate(data.get("bookmarks") or [], start=1):
            if not isinstance(entry, dict) or not entry.get("measure_id"):
                raise BookmarksReadOnlyError(f"{self.path}: bookmark {n} has no measure_id")
            bookmarks.append(Bookmark.from_entry(entry))
        extra = {k: v for k, v in data.items() if k not in ("version", "bookmarks")}
        return bookmarks, extra

    def is_bookmarked(self, measure_id: str) -> bool:
        return any(b.measure_id == measure_id for b in self.bookmarks)

    def get(self, measure_id: str) -> Bookmark | None:
        return next((b for b in self.bookmarks if b.measure_id == measure_id), None)

    # -- writing -------------------------------------------------------------------------
    def add(
        self,
        document: Document,
        measure: Measure,
        note: str | None = None,
        tags: tuple[str, ...] = (),
        status: str | None = None,
    ) -> Bookmark:
        new = Bookmark.of(document, measure, note=note, tags=tuple(tags), status=status)

        def change(items: list[Bookmark]) -> list[Bookmark]:
            if any(b.measure_id == new.measure_id for b in items):
                return items
            return [*items, new]

        self._write(change)
        return self.get(measure.id) or new

    def remove(self, measure_id: str) -> bool:
        found = self.is_bookmarked(measure_id)
        self._write(lambda items: [b for b in items if b.measure_id != measure_id])
        return found

    def toggle(self, document: Document, measure: Measure) -> bool:
        """Bookmark the measure, or remove its bookmark; True when it is now bookmarked."""
        self.load()
        if self.is_bookmarked(measure.id):
            self.remove(measure.id)
            return False
        self.add(document, measure)
        return True

    def update(
        self,
        measure_id: str,
        *,
        note: str | None = None,
        tags: tuple[str, ...] | None = None,
        status: str | None = None,
    ) -> Bookmark:
        def change(items: list[Bookmark]) -> list[Bookmark]:
            out = []
            for b in items:
                if b.measure_id == measure_id:
                    b = replace(
                        b,
                        note=b.note if note is None else (note or None),
                        tags=b.tags if tags is None else tuple(tags),
                        status=b.status if status is None else (status or None),
                    )
                out.append(b)
            return out

        if not self.is_bookmarked(measure_id):
            self.load()
            if not self.is_bookmarked(measure_id):
                raise KeyError(measure_id)
        self._write(change)
        found = self.get(measure_id)
        assert found is not None
        return found

    def _write(self, change) -> None:  # type: ignore[no-untyped-def]
        """Lock, re-read what is on disk, apply ``change``, back up, replace atomically."""
        if self.read_only_reason:
            raise BookmarksReadOnlyError(self.read_only_reason)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        with self._locked():
            try:
                on_disk, top_extra = self._read()
            except BookmarksReadOnlyError as err:
                self.read_only_reason = str(err)
                raise
            updated = change(on_disk)
            self._replace(updated, top_extra)
            self.bookmarks, self._top_extra = updated, top_extra

    @contextlib.contextmanager
    def _locked(self) -> Iterator[None]:
        lock_path = self.path.with_name(self.path.name + ".lock")
        with open(lock_path, "a+b") as handle:
            deadline = time.monotonic() + self.lock_timeout
            while True:
                try:
                    fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
                    break
                except BlockingIOError:
                    if time.monotonic() > deadline:
                        raise BookmarksReadOnlyError(
                            f"{self.path}: another policy-tui holds the bookmarks lock; try again"
                        ) from None
                    time.sleep(0.02)
            try:
                yield
            finally:
                fcntl.flock(handle.fileno(), fcntl.LOCK_UN)

    def _replace(self, items: list[Bookmark], top_extra: dict[str, Any]) -> None:
        document = {
            "version": FORMAT_VERSION,
            **top_extra,
            "bookmarks": [b.to_entry() for b in items],
        }
        text = (
            "# policy-tui bookmarks: safe to edit by hand (keep it valid YAML).\n"
            + yaml.safe_dump(
                document, allow_unicode=True, sort_keys=False, default_flow_style=False, width=1000
            )
        )
        if self.path.exists():
            shutil.copy2(self.path, self.path.with_name(self.path.name + ".bak"))
        fd, tmp = tempfile.mkstemp(
            prefix=f".{self.path.name}-", suffix=".tmp", dir=self.path.parent
        )
        try:
            with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as handle:
                handle.write(text)
                handle.flush()
                os.fsync(handle.fileno())
            os.replace(tmp, self.path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise


def resolve(bookmark: Bookmark, library: Any) -> tuple[Document, Measure] | None:
    """Find a bookmark's measure: by id, then by document title + measure number + title.

    The second way keeps a bookmark attached when its text was lightly edited or
    re-imported with a changed date or issuer (which changes the ids).
    """
    found = library.measure(bookmark.measure_id)
    if found is not None:
        return found
    for doc in library.documents:
        if doc.title != bookmark.document_title:
            continue
        for m in doc.measures:
            if m.number == bookmark.measure_number and m.title == bookmark.measure_title:
                return doc, m
        for m in doc.measures:
            if m.title == bookmark.measure_title:
                return doc, m
    return None
