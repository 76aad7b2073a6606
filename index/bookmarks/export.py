"""Bookmarks as a Markdown checklist for a report, CSV for a spreadsheet, or JSON.

Every bookmark is exported, found or not: a measure that is no longer in the
library is written from the text the bookmark stored, and marked as such.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from index.bookmarks.model import Bookmark
from index.model import Document, Measure

Resolver = Callable[[Bookmark], tuple[Document, Measure] | None]
NOT_FOUND = "库中未找到 not found in the library"


@dataclass(frozen=True)
class Entry:
    """A bookmark with what the library says about it now (or what it stored)."""

    bookmark: Bookmark
    document: Document | None
    measure: Measure | None

    @property
    def found(self) -> bool:
        return self.measure is not None

    @property
    def document_title(self) -> str:
        return self.document.title if self.document else self.bookmark.document_title

    @property
    def issuer(self) -> str:
        return (self.document.issuer if self.document else self.bookmark.document_issuer) or ""

    @property
    def date(self) -> str:
        return (self.document.date if self.document else self.bookmark.document_date) or ""

    @property
    def number(self) -> str:
        return self.measure.number if self.measure else self.bookmark.measure_number

    @property
    def title(self) -> str:
        return self.measure.title if self.measure else self.bookmark.measure_title

    @property
    def heading(self) -> str:
        """Number and title as the document writes them, e.g. ``（一）扩大维修范围``."""
        if self.measure:
            return f"{self.measure.label}{self.measure.title}"
        return " ".join(x for x in (self.number, self.title) if x)

    @property
    def text(self) -> str:
        """The full measure text, or the stored excerpt when it is gone."""
        return self.measure.body if self.measure else self.bookmark.excerpt


def entries(bookmarks: list[Bookmark], resolve: Resolver) -> list[Entry]:
    out = []
    for b in bookmarks:
        found = resolve(b)
        out.append(Entry(b, *(found or (None, None))))
    return out


def grouped(items: list[Entry]) -> list[list[Entry]]:
    """Entries grouped by document (title, issuer, date), in the order first bookmarked."""
    groups: dict[tuple[str, str, str], list[Entry]] = {}
    for e in items:
        groups.setdefault((e.document_title, e.issuer, e.date), []).append(e)
    return list(groups.values())


def source_line(e: Entry) -> str:
    return "来源 Source：" + "，".join(
        x for x in (f"《{e.document_title}》", e.issuer, e.date) if x
    )


def to_markdown(bookmarks: list[Bookmark], resolve: Resolver) -> str:
    """A checklist to paste into a report: per document, each measure with text, note, status."""
    lines = ["# 收藏的措施 Bookmarked measures", ""]
    for group in grouped(entries(bookmarks, resolve)):
        lines += [f"## {group[0].document_title}", "", source_line(group[0]), ""]
        for e in group:
            b = e.bookmark
            heading = f"- [ ] **{e.heading}**"
            lines.append(heading if e.found else f"{heading} — {NOT_FOUND}")
            paragraphs = [p.strip() for p in (e.text or "").splitlines() if p.strip()]
            for para in paragraphs:
                lines += ["", f"  {para}" if e.found else f"  > {para}"]
            details = []
            if b.status:
                details.append(f"  - 状态 Status：{b.status}")
            if b.note:
                note_lines = b.note.splitlines() or [""]
                details.append(f"  - 备注 Note：{note_lines[0]}")
                details += [f"    {line}" for line in note_lines[1:]]
            if b.tags:
                details.append(f"  - 标签 Tags：{'，'.join(b.tags)}")
            if details:
                lines += ["", *details]
            lines.append("")
    return "\n".join(lines).rstrip("\n") + "\n"


def _record(e: Entry) -> dict[str, Any]:
    b = e.bookmark
    return {
        "measure_id": b.measure_id,
        "found": e.found,
        "library_measure_id": e.measure.id if e.measure else None,
        "document_title": e.document_title,
        "document_issuer": e.issuer or None,
        "document_date": e.date or None,
        "measure_number": e.number,
        "measure_title": e.title,
        "text": e.text,
        "excerpt": b.excerpt,
        "note": b.note,
        "tags": list(b.tags),
        "status": b.status,
        "added": b.added,
    }


CSV_COLUMNS = list(_record(Entry(Bookmark(measure_id=""), None, None)))


def to_csv(bookmarks: list[Bookmark], resolve: Resolver) -> str:
    """CSV text with a header row; write it as ``utf-8-sig`` so spreadsheets read the Chinese."""
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=CSV_COLUMNS)
    writer.writeheader()
    for e in entries(bookmarks, resolve):
        record = _record(e)
        record["found"] = "yes" if e.found else "no"
        record["tags"] = "; ".join(e.bookmark.tags)
        writer.writerow({k: "" if v is None else v for k, v in record.items()})
    return out.getvalue()


def to_json(bookmarks: list[Bookmark], resolve: Resolver) -> str:
    """A JSON array, one object per bookmark, Chinese as Chinese."""
    records = [_record(e) for e in entries(bookmarks, resolve)]
    return json.dumps(records, ensure_ascii=False, indent=2) + "\n"
