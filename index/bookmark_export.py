"""Bookmarks as Markdown checklists, CSV for spreadsheets, or JSON."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable
from typing import Any

from .bookmarks import Bookmark
from .model import Document, Measure

Resolver = Callable[[Bookmark], tuple[Document, Measure] | None]


def _groups(
    bookmarks: list[Bookmark], resolve: Resolver
) -> list[tuple[str, list[tuple[Bookmark, Any]]]]:
    """Bookmarks grouped by document title, in the order first bookmarked."""
    groups: dict[str, list[tuple[Bookmark, Any]]] = {}
    for b in bookmarks:
        found = resolve(b)
        title = found[0].title if found else b.document_title
        groups.setdefault(title, []).append((b, found))
    return list(groups.items())


def to_markdown(bookmarks: list[Bookmark], resolve: Resolver) -> str:
    """A checklist to paste into a report: per document, each measure with text, note, status."""
    lines = ["# 收藏的措施 Bookmarked measures", ""]
    for title, items in _groups(bookmarks, resolve):
        first, found = items[0]
        doc = found[0] if found else None
        issuer = (doc.issuer if doc else first.document_issuer) or ""
        date = (doc.date if doc else first.document_date) or ""
        lines += [
            f"## {title}",
            "",
            "来源：" + "，".join(x for x in (f"《{title}》", issuer, date) if x),
            "",
        ]
        for b, found in items:
            measure = found[1] if found else None
            number = measure.label if measure else b.measure_number
            heading = f"- [ ] **{number} {measure.title if measure else b.measure_title}**"
            if found is None:
                heading += " （库中未找到 not found in the library）"
            lines.append(heading)
            text = measure.body if measure else b.excerpt
            for para in (text or "").splitlines():
                lines.append(f"  {para}")
            if b.status:
                lines.append(f"  - 状态 Status: {b.status}")
            if b.note:
                lines.append(f"  - 备注 Note: {b.note}")
            if b.tags:
                lines.append(f"  - 标签 Tags: {', '.join(b.tags)}")
        lines.append("")
    return "\n".join(lines)


CSV_COLUMNS = [
    "document",
    "issuer",
    "date",
    "number",
    "title",
    "text",
    "status",
    "note",
    "tags",
    "added",
    "measure_id",
    "found",
]


def _row(b: Bookmark, found: tuple[Document, Measure] | None) -> dict[str, str]:
    doc, measure = found if found else (None, None)
    return {
        "document": doc.title if doc else b.document_title,
        "issuer": (doc.issuer if doc else b.document_issuer) or "",
        "date": (doc.date if doc else b.document_date) or "",
        "number": measure.number if measure else b.measure_number,
        "title": measure.title if measure else b.measure_title,
        "text": measure.body if measure else b.excerpt,
        "status": b.status or "",
        "note": b.note or "",
        "tags": ";".join(b.tags),
        "added": b.added,
        "measure_id": measure.id if measure else b.measure_id,
        "found": "yes" if found else "no",
    }


def to_csv(bookmarks: list[Bookmark], resolve: Resolver) -> str:
    """CSV text; write it as utf-8-sig so spreadsheets show the Chinese correctly."""
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=CSV_COLUMNS)
    writer.writeheader()
    for b in bookmarks:
        writer.writerow(_row(b, resolve(b)))
    return out.getvalue()


def to_json(bookmarks: list[Bookmark], resolve: Resolver) -> str:
    return json.dumps([_row(b, resolve(b)) for b in bookmarks], ensure_ascii=False, indent=2)
