"""The nothing-lost check: every non-whitespace character of the input lands in exactly
one raw field (title, metadata, preamble, heading, measure field, attachment) or in dropped."""

from __future__ import annotations

import html
import re
import unicodedata
from collections import Counter

from index.model import Document

# Label words the parser consumes when it moves text into its own field: none any more
# (responsibility notes and the 政策解读 label are kept as written).
CONSUMED_LABELS: tuple[str, ...] = ()


def content(text: str) -> Counter[str]:
    """Every visible character, width-folded, punctuation included (not whitespace, nor the
    invisible format and control characters such as a BOM or a zero-width space)."""
    return Counter(
        c
        for c in unicodedata.normalize("NFKC", text)
        if not c.isspace() and unicodedata.category(c) not in ("Cc", "Cf")
    )


def _marker_rest(label: str) -> str:
    """The part of an attachment's title that its marker line already holds."""
    return re.sub(
        r"^(?:附件|附录|附表)\s*[0-9一二三四五六七八九十]{0,3}\s*(?:[：:．.、]\s*)?", "", label
    )


def raw_fields(doc: Document) -> list[str]:
    """Fields that hold the author's text (derived metadata repeats it and is not counted)."""
    parts = [*doc.front_matter, doc.preamble, *doc.dropped]
    for a in doc.attachments:
        parts += [a.label, a.title[len(_marker_rest(a.label)) :], a.text]
    for s in doc.sections:
        parts += [s.label, s.title, s.intro, s.title_marks]
    for m in doc.measures:
        parts += [m.label, m.title, m.title_marks, m.body, *m.responsible_notes]
        parts += [m.interpretation_label, m.interpretation or ""]
    return parts


def missing_content(text: str, doc: Document) -> Counter[str]:
    """Characters of ``text`` found in no field, beyond the label words the parser consumes."""
    allowed: Counter[str] = Counter()
    for word in CONSUMED_LABELS:
        for _ in range(text.count(word)):
            allowed.update(content(word))
    return content(text) - content("".join(raw_fields(doc))) - allowed


_ENTITY = re.compile(r"&(?:[a-zA-Z]{2,8}|#\d{2,6}|#x[0-9a-fA-F]{2,5});")


def invented_content(text: str, doc: Document) -> Counter[str]:
    """Characters in the fields that the input never had. A character an HTML entity of
    the input names (&lt; → <, in a page's body kept as HTML) is the entity written
    otherwise: the entity itself is in ``dropped``."""
    named: Counter[str] = Counter()
    for m in _ENTITY.finditer(text):
        if (decoded := html.unescape(m.group(0))) != m.group(0):
            named.update(content(decoded))
    return content("".join(raw_fields(doc))) - content(text) - named
