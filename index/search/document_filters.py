"""``doc:`` and ``issuer:`` filters: the documents whose title or issuer holds a value.

Both sides are compared folded (simplified, width and case) and without whitespace.
Folding every title and issuer of a large library is most of a first ``doc:`` query
(~50 ms at 5,000 documents: the traditional→simplified table is made for it), so the
folded forms are written beside the index whenever it is updated, keyed by the text
as written, and read back in a few ms. A text the file does not hold (an index from
before the file, a damaged file) is folded when it is needed, so the file can make
a filter faster, never different.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from pathlib import Path

from index.files import atomic_write
from index.library.stored_document import DocumentSummary
from index.search.tokenizer import fold_text

FOLDED_FILE = "policy-tui-folded-titles.json"
TEXT_PREFIXES = ("doc", "issuer")  # the filters this module answers
_VERSION = 1


def squeeze(text: str) -> str:
    """Folded, without whitespace: how doc:/issuer: values and titles are compared."""
    return "".join(fold_text(text).split())


def _titles(summary: DocumentSummary) -> str:
    return " ".join((summary.title, *summary.alternative_titles))


def _texts(summaries: Iterable[DocumentSummary]) -> set[str]:
    return {text for s in summaries for text in (_titles(s), s.issuer or "") if text}


def write_folded(index_dir: Path, summaries: Iterable[DocumentSummary]) -> None:
    """Record the folded title and issuer of each document beside the index."""
    folded = {text: squeeze(text) for text in sorted(_texts(summaries))}
    atomic_write(
        index_dir / FOLDED_FILE,
        json.dumps({"version": _VERSION, "folded": folded}, ensure_ascii=False),
    )


def has_folded(index_dir: Path) -> bool:
    return (index_dir / FOLDED_FILE).is_file()


def _read_folded(index_dir: Path) -> dict[str, str]:
    try:
        data = json.loads((index_dir / FOLDED_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    if not isinstance(data, dict) or data.get("version") != _VERSION:
        return {}
    folded = data.get("folded")
    if not isinstance(folded, dict):
        return {}
    return {k: v for k, v in folded.items() if isinstance(k, str) and isinstance(v, str)}


class DocumentFilters:
    """The folded titles and issuers of a library's documents, made on first use."""

    def __init__(self, summaries: Sequence[DocumentSummary], index_dir: Path) -> None:
        self._summaries = summaries
        self._index_dir = index_dir
        self._haystacks: list[tuple[str, str, str]] | None = None

    def matching(self, prefix: str, value: str) -> list[str]:
        """Ids of the documents whose title (``doc``) or issuer (``issuer``) holds ``value``."""
        needle = squeeze(value)
        if not needle:
            return []
        column = 1 if prefix == "doc" else 2
        return [entry[0] for entry in self._all() if needle in entry[column]]

    def _all(self) -> list[tuple[str, str, str]]:
        if self._haystacks is None:
            known = _read_folded(self._index_dir)

            def folded(text: str) -> str:
                found = known.get(text) if text else ""
                return found if found is not None else squeeze(text)

            self._haystacks = [
                (s.id, folded(_titles(s)), folded(s.issuer or "")) for s in self._summaries
            ]
        return self._haystacks
