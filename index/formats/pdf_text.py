"""PDF files with a text layer → plain text in reading order, paragraphs re-joined.

PDF text comes as visual lines: a paragraph is wrapped at the page edge and
every page repeats a header, a footer and its number. We drop lines that
repeat on most pages and page numbers, then join wrapped lines back together.
"""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

from index.numerals import HEADING_START

_PAGE_NUMBER = re.compile(
    r"^[-—–\s]*(?:第\s*)?\d{1,4}\s*(?:页)?(?:\s*/\s*(?:共\s*)?\d{1,4}\s*页?)?[-—–\s]*$"
)
_HEADING_START = re.compile(rf"{HEADING_START.pattern}|^(附件|政策解读)")
_SENTENCE_END = tuple("。！？；：」”）)")


class PdfTextError(Exception):
    """A PDF that has no usable text: encrypted, scanned, or damaged."""


def _page_lines(path: Path) -> list[list[str]]:
    from pypdf import PdfReader  # imported here so reading plain texts never loads it
    from pypdf.errors import PdfReadError

    try:
        reader = PdfReader(str(path))
        if reader.is_encrypted:
            try:
                if not reader.decrypt(""):
                    raise PdfTextError("encrypted PDF (a password is needed)")
            except (NotImplementedError, PdfReadError) as exc:
                raise PdfTextError("encrypted PDF (a password is needed)") from exc
        pages = []
        for page in reader.pages:
            text = page.extract_text() or ""
            pages.append([ln.strip() for ln in text.splitlines() if ln.strip()])
        return pages
    except PdfTextError:
        raise
    except (PdfReadError, ValueError, KeyError, TypeError, OSError) as exc:
        raise PdfTextError(f"damaged PDF ({exc.__class__.__name__})") from exc


def _shape(line: str) -> str:
    """Short running lines differ only in their page number ('第 3 页', '2024年第5期 - 3')."""
    return re.sub(r"\d+", "#", line) if len(line) <= 25 else line


def _repeated_lines(pages: list[list[str]]) -> set[str]:
    """Lines at the top or bottom of most pages: running headers and footers."""
    if len(pages) < 2:
        return set()
    edges: Counter[str] = Counter()
    for lines in pages:
        for line in set(lines[:2] + lines[-2:]):
            if len(line) <= 25 and not line.endswith(_SENTENCE_END):  # headers are short labels
                edges[_shape(line)] += 1
    return {line for line, n in edges.items() if n >= max(2, int(0.6 * len(pages)))}


def _join_paragraphs(lines: list[str]) -> list[str]:
    """Join a wrapped line to the next unless it ends a sentence or the next starts a heading."""
    if not lines:
        return []
    lengths = sorted(len(ln) for ln in lines)
    full = lengths[int(0.8 * (len(lengths) - 1))]
    out: list[str] = []
    for line in lines:
        if (
            out
            and len(out[-1].split("\n")[-1]) >= 0.85 * full
            and not out[-1].endswith(_SENTENCE_END)
            and not _HEADING_START.match(line)
        ):
            out[-1] += line
        else:
            out.append(line)
    return out


def pdf_to_text(path: Path) -> str:
    pages = _page_lines(path)
    if not any(pages):
        raise PdfTextError("no text layer (a scanned PDF needs OCR first)")
    repeated = _repeated_lines(pages)
    kept: list[str] = []
    for lines in pages:
        for line in lines:
            if _PAGE_NUMBER.match(line) or _shape(line) in repeated:
                continue
            kept.append(line)
    return "\n".join(_join_paragraphs(kept))
