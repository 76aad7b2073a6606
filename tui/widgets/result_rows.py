"""The rows of the results list: hits grouped by document (or flat), in the chosen order.

Pure (no Textual): the list widget draws the rows, this decides which rows there are.
"What does each region say about X" is answered by documents, so grouping is the
default whenever the hits come from more than one document: one header per document
with its best hits under it — few enough that the first screen holds every document
— and the rest a key away.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from index.model import Document

if TYPE_CHECKING:  # types only: the heavy modules load after the first frame
    from index.search.index import Hit

SORTS = ("relevance", "date", "document")
SORT_NAMES = {"relevance": "相关度", "date": "日期", "document": "文件"}  # relevance, date, title
# Hits shown under a folded document: one when many documents share the screen.
PREVIEW_FEW_DOCUMENTS = 3
PREVIEW_MANY_DOCUMENTS = 1
MANY_DOCUMENTS = 4


@dataclass(frozen=True)
class GroupRow:
    """A document's header: its hits (best first) and how many of them are listed."""

    document: Document
    hits: tuple[Hit, ...]
    shown: int
    position: int  # the group's place among the groups, from 0

    @property
    def expanded(self) -> bool:
        return self.shown >= len(self.hits)


@dataclass(frozen=True)
class HitRow:
    hit: Hit
    rank: int  # the hit's place in relevance order, from 0
    grouped: bool  # under a document header (drawn indented, without the document line)


Row = GroupRow | HitRow


def build_rows(
    hits: Sequence[Hit],
    document_of: Callable[[str], Document | None],
    *,
    grouped: bool,
    sort: str = "relevance",
    expanded: frozenset[str] = frozenset(),
) -> list[Row]:
    """The rows for ``hits`` (in relevance order). ``expanded``: documents listed in full."""
    ranked = [(rank, hit) for rank, hit in enumerate(hits) if document_of(hit.document_id)]
    if not grouped:
        ordered = sorted(ranked, key=lambda pair: _hit_key(pair, document_of, sort))
        return [HitRow(hit, rank, grouped=False) for rank, hit in ordered]
    by_document: dict[str, list[tuple[int, Hit]]] = {}
    for rank, hit in ranked:
        by_document.setdefault(hit.document_id, []).append((rank, hit))
    groups = sorted(
        by_document.values(), key=lambda members: _group_key(members, document_of, sort)
    )
    preview = PREVIEW_MANY_DOCUMENTS if len(groups) >= MANY_DOCUMENTS else PREVIEW_FEW_DOCUMENTS
    rows: list[Row] = []
    for position, members in enumerate(groups):
        document = document_of(members[0][1].document_id)
        assert document is not None  # kept above
        shown = len(members) if document.id in expanded else min(preview, len(members))
        rows.append(GroupRow(document, tuple(h for _r, h in members), shown, position))
        rows.extend(HitRow(hit, rank, grouped=True) for rank, hit in members[:shown])
    return rows


def should_group(hits: Sequence[Hit]) -> bool:
    """Grouping is the default when the hits come from more than one document."""
    return len({hit.document_id for hit in hits}) > 1


def next_sort(sort: str) -> str:
    return SORTS[(SORTS.index(sort) + 1) % len(SORTS)] if sort in SORTS else SORTS[0]


def _date_key(document: Document | None) -> str:
    """Newest first as an ascending key: the date's digits inverted; undated last."""
    date = (document.date if document else None) or ""
    return "".join(chr(ord("9") - ord(c) + ord("0")) if c.isdigit() else c for c in date) or "~"


def _hit_key(
    pair: tuple[int, Hit], document_of: Callable[[str], Document | None], sort: str
) -> tuple:
    rank, hit = pair
    document = document_of(hit.document_id)
    if sort == "date":
        return (_date_key(document), rank)
    if sort == "document":
        return ((document.title if document else ""), hit.document_id, rank)
    return (rank,)


def _group_key(
    members: list[tuple[int, Hit]], document_of: Callable[[str], Document | None], sort: str
) -> tuple:
    best_rank, best = members[0]
    document = document_of(best.document_id)
    if sort == "date":
        return (_date_key(document), best_rank)
    if sort == "document":
        return ((document.title if document else ""), best.document_id)
    return (best_rank,)
