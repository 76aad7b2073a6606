"""A bookmark as it is kept in the bookmarks file, and what the other bookmark modules share.

:class:`Bookmark` holds enough of its measure's text to find it again
(:mod:`index.bookmarks.resolve`) or to show it when it is gone; the file
itself is read and written by :mod:`index.bookmarks.store`.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any, Protocol

from index.model import Document, Measure

FORMAT_VERSION = 1
EXCERPT_CHARS = 80
HEADER = (
    "# policy-tui bookmarks: safe to edit by hand (keep it valid YAML; comments are not kept).\n"
)
_FIELDS = (
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
_SCALARS = (str, int, float, bool, dt.date)  # dt.datetime is a dt.date


class BookmarksReadOnlyError(Exception):
    """The bookmarks file cannot be changed now; ``str()`` says why in one line."""


class BookmarksBusyError(BookmarksReadOnlyError):
    """Another process held the bookmarks lock for longer than the timeout."""


class LibraryLike(Protocol):
    """What :func:`index.bookmarks.resolve.resolve` needs of ``index.library.catalog.Library``."""

    @property
    def documents(self) -> list[Document]: ...

    def measure(self, measure_id: str) -> tuple[Document, Measure] | None: ...


@dataclass(frozen=True)
class Bookmark:
    """One bookmarked measure, with enough text to find it again or show it when it is gone."""

    measure_id: str
    document_title: str = ""
    document_date: str | None = None
    document_issuer: str | None = None
    measure_number: str = ""
    measure_title: str = ""
    excerpt: str = ""
    added: str = ""  # ISO 8601 with the local UTC offset
    note: str | None = None
    tags: tuple[str, ...] = ()
    status: str | None = None  # free text, e.g. 待评估 / 已申报 / 不适用
    extra: dict[str, Any] = field(default_factory=dict, compare=False)  # unknown keys, kept

    @classmethod
    def of(
        cls,
        document: Document,
        measure: Measure,
        *,
        note: str | None = None,
        tags: tuple[str, ...] = (),
        status: str | None = None,
    ) -> Bookmark:
        return cls(
            measure_id=measure.id,
            document_title=document.title,
            document_date=document.date,
            document_issuer=document.issuer,
            measure_number=measure.number,
            measure_title=measure.title,
            excerpt=excerpt_of(measure.body or measure.title),
            added=dt.datetime.now().astimezone().isoformat(timespec="seconds"),
            note=note or None,
            tags=clean_tags(tags),
            status=status or None,
        )

    @classmethod
    def from_entry(cls, entry: dict[str, Any]) -> Bookmark:
        """Build from one YAML mapping; raises ValueError naming a field of the wrong kind."""
        for key in _FIELDS:
            value = entry.get(key)
            if key == "tags" and isinstance(value, list):
                value = next((t for t in value if not isinstance(t, _SCALARS)), None)
            if value is not None and not isinstance(value, _SCALARS):
                raise ValueError(f"'{key}' must be text")
        measure_id = _text(entry.get("measure_id"))
        if not measure_id:
            raise ValueError("it has no measure_id")
        tags = entry.get("tags")
        if isinstance(tags, str):  # a hand edit like "tags: 维修, 重点"
            tags = tags.replace("，", ",").split(",")
        return cls(
            measure_id=measure_id,
            document_title=_text(entry.get("document_title")) or "",
            document_date=_text(entry.get("document_date")),
            document_issuer=_text(entry.get("document_issuer")),
            measure_number=_text(entry.get("measure_number")) or "",
            measure_title=_text(entry.get("measure_title")) or "",
            excerpt=_text(entry.get("excerpt")) or "",
            added=_text(entry.get("added")) or "",
            note=_text(entry.get("note")),
            tags=clean_tags(tags if isinstance(tags, list) else [tags]),
            status=_text(entry.get("status")),
            extra={k: v for k, v in entry.items() if k not in _FIELDS},
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


def excerpt_of(text: str, limit: int = EXCERPT_CHARS) -> str:
    """The text on one line, cut to ``limit`` characters with an ellipsis."""
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"


def _text(value: Any) -> str | None:
    if value is None or value == "":
        return None
    return str(value)


def clean_tags(tags: Any) -> tuple[str, ...]:
    """Tags as text, stripped, without blanks or repeats, in their first order."""
    out: list[str] = []
    for tag in tags or ():
        text = _text(tag)
        if text and text.strip() and text.strip() not in out:
            out.append(text.strip())
    return tuple(out)
