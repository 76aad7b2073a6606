"""Markup inside a text: what a markdown export of a web site leaves in the text.

Static-site pages saved as ``.md`` keep their body as HTML (``<p>&emsp;&emsp;<b>第一条</b>
…<br>``), write attribute lists after headings (``## 总则{align="center"}``) and wrap
parts in container fences (``::: tip 修订信息`` … ``:::``, ``@tab 条例``), with rules
(``---``) and bare links (``<http://…>``) between them. None of it is
text: tags, fences and attribute lists are set aside (reported in ``dropped``, so nothing
is lost), entities become the characters they name, and ``<br>`` / ``<p>`` break lines,
so a numbered line starts its line again. A text with only a stray tag or two is left
alone, and ``<区域全面经济伙伴关系协定>`` written with angle brackets is no tag: tags
here have the ASCII names of HTML elements.
"""

from __future__ import annotations

import html
import re

_TAG_NAMES = (
    "p|br|b|strong|i|em|u|s|span|div|font|a|img|sup|sub|small|big|center|section|article"
    "|h[1-6]|ul|ol|li|dl|dt|dd|table|thead|tbody|tr|td|th|blockquote|pre|code|hr|mark"
)
_TAG = re.compile(rf"</?(?:{_TAG_NAMES})(?:\s[^<>]*)?/?>", re.IGNORECASE)
_BREAK = re.compile(
    r"<br\s*/?>|</?(?:p|div|li|tr|h[1-6]|table|ul|ol|section|article|blockquote)(?:\s[^<>]*)?>",
    re.IGNORECASE,
)
_CELL_END = re.compile(r"</t[dh]>", re.IGNORECASE)
_ENTITY = re.compile(r"&(?:[a-zA-Z]{2,8}|#\d{2,6}|#x[0-9a-fA-F]{2,5});")
_ATTRIBUTES = re.compile(r"\s*\{[^{}\n]*=[^{}\n]*\}\s*$")  # {align="center"}
# Lines that are only markup: fences, tabs, a table of contents, a rule, a bare link.
_FENCE = re.compile(
    r"^\s*(?::::.*|@tab\b.*|\[\[toc\]\]|-{3,}|\*{3,}|_{3,}|<https?://[^<>\s]+>)\s*$",
    re.IGNORECASE,
)
_FENCE_START = re.compile(r"^\s*(?::::|@tab\b)", re.MULTILINE | re.IGNORECASE)
MIN_MARKS = 3  # tags, entities or fences: fewer is a stray one, not a page's markup


def has_markup(text: str) -> bool:
    """True when ``text`` carries a page's markup (several tags, entities or fences)."""
    found = 0
    for pattern in (_TAG, _ENTITY, _FENCE_START):
        for _ in pattern.finditer(text):
            found += 1
            if found >= MIN_MARKS:
                return True
    return False


def strip_inline_markup(text: str) -> tuple[str, list[str]]:
    """``text`` without its markup, and the markup removed (tags, fences, attribute
    lists, entities as written) for ``dropped``."""
    removed: list[str] = []

    def breaking(m: re.Match[str]) -> str:
        removed.append(m.group(0))
        return "\n"

    def cell(m: re.Match[str]) -> str:
        removed.append(m.group(0))
        return "\t"

    def gone(m: re.Match[str]) -> str:
        removed.append(m.group(0))
        return ""

    def character(m: re.Match[str]) -> str:
        decoded = html.unescape(m.group(0))
        if decoded == m.group(0):
            return decoded  # not an entity html knows: text as written
        removed.append(m.group(0))
        return decoded

    text = _TAG.sub(gone, _CELL_END.sub(cell, _BREAK.sub(breaking, text)))
    lines = []
    for line in text.split("\n"):  # the copy's YAML front matter is already set aside
        if _FENCE.match(line):
            removed.append(line.strip())
            continue
        if line.lstrip().startswith("#"):
            line = _ATTRIBUTES.sub(gone, line)
        lines.append(_ENTITY.sub(character, line))
    return "\n".join(lines), removed
