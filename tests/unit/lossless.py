"""The nothing-lost check: every letter and digit of the input lands in a raw field."""

from __future__ import annotations

import re
import unicodedata
from collections import Counter

from index.model import Document

# Label words the parser consumes when it moves text into its own field (responsibility
# labels are kept, as each unit's role).
CONSUMED_LABELS = ("政策解读",)


def content(text: str) -> Counter[str]:
    """Letters (CJK included) and digits, width-folded: what a reader would miss."""
    return Counter(
        c for c in unicodedata.normalize("NFKC", text) if unicodedata.category(c)[0] in "LN"
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
        parts += [s.label, s.title, s.intro]
    for m in doc.measures:
        parts += [m.label, m.title, m.body, *m.responsible, m.interpretation or ""]
        parts += [role for role, _ in m.responsible_roles]
    return parts


def missing_content(text: str, doc: Document) -> Counter[str]:
    """Characters of ``text`` found in no field, beyond the label words the parser consumes."""
    allowed: Counter[str] = Counter()
    for word in CONSUMED_LABELS:
        for _ in range(text.count(word)):
            allowed.update(content(word))
    return content(text) - content("".join(raw_fields(doc))) - allowed


def invented_content(text: str, doc: Document) -> Counter[str]:
    """Characters in the fields that the input never had."""
    return content("".join(raw_fields(doc))) - content(text)
