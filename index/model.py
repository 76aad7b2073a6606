"""The domain model: a policy document split into sections and measures.

All values are frozen so a parsed document can be cached, shared between
threads (search workers, the UI) and compared in tests without surprises.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field

from index.text import identity_fold

DISPLAY_TITLE_CHARS = 24  # opening words shown for an untitled measure


@dataclass(frozen=True)
class Section:
    """A group of measures, e.g. ``一、服务构建新发展格局……方面``."""

    id: str
    position: int  # 1-based, in document order
    label: str  # the numbering exactly as written, e.g. "一、", "（一）", "第二章"
    number: str  # the numeral alone, e.g. "一", "2"
    title: str
    intro: str = ""  # text under the heading before its first measure
    title_marks: str = ""  # the heading's own punctuation (its closing 。), as written
    level: int = 1  # 2 for a 第X节 inside a 第X章


@dataclass(frozen=True)
class Measure:
    """One numbered measure: the unit the reader shows, searches and bookmarks."""

    id: str
    document_id: str
    position: int  # 1-based, in document order
    label: str  # the numbering exactly as written, e.g. "（一）", "13.", "第三条"
    number: str  # the numeral alone, e.g. "一", "13", "三"
    title: str  # the heading without numeral and its closing 。; "" when the text gives none
    body: str
    section: int | None = None  # 1-based position of its section, None in flat documents
    responsible: tuple[str, ...] = ()
    interpretation: str | None = None
    # who does what, as written: (("牵头单位", ("市商务局",)), ("配合单位", ("市财政局", …)))
    responsible_roles: tuple[tuple[str, tuple[str, ...]], ...] = ()
    # As written, so that no character of the text is lost: the punctuation that framed
    # the title (its closing 。, 【】), the responsibility notes, the 政策解读： label.
    title_marks: str = ""
    responsible_notes: tuple[str, ...] = ()
    interpretation_label: str = ""

    @property
    def display_title(self) -> str:
        """What lists show: the title, or for an untitled measure its opening words.

        Made at display time only; the body is never cut to make a title.
        """
        if self.title:
            return self.title
        text = " ".join(self.body.split())
        return text if len(text) <= DISPLAY_TITLE_CHARS else text[:DISPLAY_TITLE_CHARS] + "…"


@dataclass(frozen=True)
class Attachment:
    """An attachment (附件) after the signature: a form, a list, a table, a second text."""

    label: str  # the marker as written: "附件1", "附件2：", "附录一"
    title: str
    text: str


@dataclass(frozen=True)
class Document:
    """A parsed policy text. Parsing is pure, so this holds no file path."""

    id: str
    title: str
    issuer: str | None = None
    date: str | None = None  # ISO YYYY-MM-DD
    source: str | None = None
    doc_number: str | None = None
    preamble: str = ""
    # Raw lines that carried the title and metadata (headline, 发布时间 line,
    # signature block …), kept verbatim so nothing the author wrote is lost.
    front_matter: tuple[str, ...] = ()
    sections: tuple[Section, ...] = ()
    measures: tuple[Measure, ...] = ()
    dropped: tuple[str, ...] = ()  # page-noise lines removed from the text
    alternative_titles: tuple[str, ...] = field(default=())
    attachments: tuple[Attachment, ...] = ()
    title_rival: str | None = None  # another title candidate that scored nearly as well

    def section_of(self, measure: Measure) -> Section | None:
        """The section that holds ``measure``, or None in a flat document."""
        if measure.section is None:
            return None
        return self.sections[measure.section - 1]

    def reading_order(self) -> list[Section | Measure]:
        """Sections and measures in the order they are read, each section before its
        measures: a measure outside every section (``section`` None) between two parts
        stays between them, where a display listing sections first would move it."""
        out: list[Section | Measure] = []
        shown = 0  # sections already placed, in their order
        for measure in self.measures:
            wanted = measure.section or 0
            while shown < wanted:
                out.append(self.sections[shown])
                shown += 1
            out.append(measure)
        out.extend(self.sections[shown:])
        return out

    def measure(self, measure_id: str) -> Measure | None:
        for m in self.measures:
            if m.id == measure_id:
                return m
        return None


def document_id(title: str, date: str | None, issuer: str | None) -> str:
    """A stable id from what identifies a document, never from its file path."""
    key = "\x1f".join((identity_fold(title), date or "", identity_fold(issuer or "")))
    return hashlib.sha1(key.encode("utf-8")).hexdigest()[:12]


def measure_id(doc_id: str, position: int) -> str:
    """``<document id>-<position>``: short enough to type on the command line."""
    return f"{doc_id}-{position}"


def section_id(doc_id: str, position: int) -> str:
    return f"{doc_id}-s{position}"
