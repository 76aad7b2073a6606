"""Highlight spans and snippets found by locating query terms in plain text.

No re-tokenizing of stored fields per hit: the terms (already folded) are
searched for in a width-folded, lower-cased copy of the text whose offsets
equal the original's, so spans land on exactly the matched characters.
"""

from __future__ import annotations

from collections.abc import Iterable

from index.text import fold_search as fold_text  # not via the tokenizer: no jieba, no whoosh

SNIPPET_WIDTH = 90
SNIPPET_LEAD = 20


def highlight_spans(text: str, terms: Iterable[str]) -> list[tuple[int, int]]:
    """Sorted, merged (start, end) character spans where any term occurs in ``text``.

    A Latin or digit term matches whole words only (aeo does not light up aeon).
    """
    folded = fold_text(text)
    spans: list[tuple[int, int]] = []
    for term in {fold_text(t).strip() for t in terms}:
        if not term:
            continue
        ascii_word = term.isascii() and term.isalnum()
        start = folded.find(term)
        while start >= 0:
            end = start + len(term)
            if not ascii_word or (
                not _ascii_alnum(folded, start - 1) and not _ascii_alnum(folded, end)
            ):
                spans.append((start, end))
            start = folded.find(term, start + 1)
    return _merge(spans)


def _ascii_alnum(text: str, i: int) -> bool:
    return 0 <= i < len(text) and text[i].isascii() and text[i].isalnum()


def _merge(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    merged: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return merged


def make_snippet(
    text: str, spans: list[tuple[int, int]], width: int = SNIPPET_WIDTH
) -> tuple[str, list[tuple[int, int]]]:
    """A one-line window of ``text`` around its densest cluster of spans, spans shifted to it."""
    flat = "".join(" " if ch in "\n\r\t" else ch for ch in text)
    if len(flat) <= width:
        return flat, list(spans)
    start = 0
    if spans:
        best = max(
            range(len(spans)),
            key=lambda i: sum(
                1 for s, _ in spans if spans[i][0] <= s < spans[i][0] + width - SNIPPET_LEAD
            ),
        )
        start = max(0, min(spans[best][0] - SNIPPET_LEAD, len(flat) - width))
    end = min(len(flat), start + width)
    prefix = "…" if start > 0 else ""
    suffix = "…" if end < len(flat) else ""
    shift = len(prefix) - start
    shown = [
        (max(s, start) + shift, min(e, end) + shift) for s, e in spans if e > start and s < end
    ]
    return prefix + flat[start:end] + suffix, shown
