"""Turn the clean text of a policy document into a Document (pure: text in, value out).

The steps: clean each line and set page noise aside; split measures packed on
one line; find which numbering styles form real sequences; decide per
document which of them are sections and which is the measure level; then cut
the text into front matter, preamble, sections and measures.
"""

from __future__ import annotations

import re

from index.model import (
    Attachment,
    Document,
    Measure,
    Section,
    document_id,
    measure_id,
    section_id,
)
from index.numerals import CN_NUMERAL
from index.parsing import metadata as meta
from index.parsing.attachments import (
    AttachmentLines,
    clear_attachment_lists,
    policy_attachment,
    split_attachments,
)
from index.parsing.clean import Line, clean_text
from index.parsing.contents import clear_table_of_contents
from index.parsing.head import read_head
from index.parsing.issuer import find_issuer
from index.parsing.levels import choose_levels
from index.parsing.measure_fields import extract_fields, leftover_marks, split_heading
from index.parsing.noise import split_inline_noise
from index.parsing.numbering import ARTICLE, CHAPTER, QUESTION, SUBCHAPTER


def _front_matter_value(front_matter: list[str], key: str) -> str | None:
    """``key: value`` of a copy's YAML front matter (quotes taken off), or None."""
    for line in front_matter:
        name, sep, value = line.partition(":")
        if sep and name.strip().lower() == key:
            value = value.strip().strip("'\"").strip()
            return value or None
    return None


def parse_policy_text(text: str, fallback_title: str = "") -> Document:
    """Parse a policy text. Never raises; a structureless text becomes a preamble.

    ``fallback_title`` (e.g. the file name) names a text that states no title.
    """
    cleaned = clean_text(text)
    dropped = list(cleaned.dropped)
    lines, attached, heading_at = _structure_of(cleaned.lines)

    first = min(heading_at) if heading_at else len(lines)
    last_measure = max((i for i, r in heading_at.items() if r == "measure"), default=None)

    head = lines[:first]
    tail_start = _tail_start(lines, last_measure) if last_measure is not None else len(lines)
    tail = lines[tail_start:]
    body = lines[first:tail_start]

    head_parts = read_head(head, dropped, _front_matter_value(cleaned.front_matter, "title"))
    front, preamble_lines, title = head_parts.front, head_parts.preamble, head_parts.title
    tail_front: list[str] = []
    for ln in tail:
        kept, noise = split_inline_noise(ln.text)
        dropped.extend(noise)
        if kept:
            tail_front.append(kept)

    title = title or fallback_title
    preamble = "\n".join(preamble_lines)
    all_front = front + tail_front
    # A signature may stand after an attachment list or page text that follows the body:
    # the last measure's own lines, then the tail (once: a name cut in two across the
    # boundary, '国家发' / '展改革委', must be read as one).
    after_body = (
        [ln.text for ln in lines[last_measure + 1 : tail_start]] if last_measure is not None else []
    )
    # Who, when and which 文号 are said in short lines: each is looked for in a line's first
    # SCAN_CHARS (a 5 MB line of prose would otherwise cost every pattern seconds).
    scan = meta.scanned
    prose = ["\n".join(scan(preamble_lines))]
    issuer = find_issuer(title, scan(front), prose, signature=scan(after_body + tail_front))
    signed = [t for t in scan(after_body) if meta.is_date_line(t)] + scan(tail_front)
    copy_date = _front_matter_value(cleaned.front_matter, "date")
    date = meta.find_date(scan(front), prose, signature=signed, copy_date=copy_date)
    source = meta.find_source(scan(all_front))
    doc_number = meta.find_doc_number(scan(all_front + preamble_lines[:3]))
    doc_id = document_id(title, date, issuer)

    sections, measures = _build_structure(doc_id, body, first, heading_at)
    if not sections and not measures:
        preamble, measures = _whole_text_measure(doc_id, preamble_lines, head_parts.lead)
    return Document(
        id=doc_id,
        title=title,
        issuer=issuer,
        date=date,
        source=source,
        doc_number=doc_number,
        preamble=preamble,
        front_matter=tuple(cleaned.front_matter + front + tail_front),
        sections=tuple(sections),
        measures=tuple(measures),
        dropped=tuple(d for d in dropped if d),
        alternative_titles=tuple(head_parts.alternatives),
        title_rival=head_parts.title_rival,
        attachments=tuple(
            Attachment(a.marker, a.title, "\n".join(ln.text for ln in a.lines)) for a in attached
        ),
    )


def _structure_of(
    lines: list[Line],
) -> tuple[list[Line], list[AttachmentLines], dict[int, str]]:
    """The document's own lines, its attachments, and which lines are headings of what
    (line index → "section" | "subsection" | "measure")."""
    clear_table_of_contents(lines)
    clear_attachment_lists(lines)
    lines, attached = split_attachments(lines)
    _ignore_numbering_in_appendix(lines)
    _ignore_numbering_in_news_wrapper(lines)
    levels = choose_levels([ln.mark for ln in lines])
    policy = policy_attachment(attached, any(r == "measure" for r in levels.headings.values()))
    if policy is not None:  # the notice hands on a policy that is its attachment: read that
        att = attached.pop(policy)
        marker = [Line(att.marker)] if att.marker else []
        lines = [*lines, *marker, *(Line(t) for t in att.title_lines), *att.lines]
        _ignore_numbering_in_appendix(lines)
        levels = choose_levels([ln.mark for ln in lines])
    return lines, attached, levels.headings


_QUESTION_AFTER_NUMBER = re.compile(r"^(?:问|問|提问)\s*[：:]\s*")
_APPENDIX = re.compile(rf"^(?:附件|附录|附表)\s*[0-9{CN_NUMERAL}]*\s*(?:[：:．.、]|\s|$)")


def _ignore_numbering_in_appendix(lines: list[Line]) -> None:
    """'附件：1.…清单' after the measures lists attachments; it starts no new measures."""
    seen_heading = False
    for i, ln in enumerate(lines):
        if ln.mark is not None:
            seen_heading = True
        elif seen_heading and _APPENDIX.match(ln.text):
            for later in lines[i:]:
                later.mark = None
            return


def _ignore_numbering_in_news_wrapper(lines: list[Line]) -> None:
    """A news story that quotes the document before giving it in full repeats its name on
    a line of its own; numbered points in the story before that line are not measures."""
    if not lines:
        return
    headline = lines[0].text
    quoted = re.search(r"《([^《》]{4,80})》", headline)
    name = quoted.group(1) if quoted else headline
    if not meta.ends_with_genre(name):
        return  # only a document's name (…措施, …方案) marks where the document starts
    for k in range(2, len(lines)):
        if lines[k].text.strip("《》 ") == name and any(ln.mark for ln in lines[1:k]):
            for ln in lines[:k]:
                ln.mark = None
            return


def _tail_start(lines: list[Line], last_measure: int) -> int:
    """Signature block after the last measure: 来源 lines, organisation names, dates."""
    start = len(lines)
    while start - 1 > last_measure:
        text = lines[start - 1].text
        stripped, _ = split_inline_noise(text)
        if (
            meta.is_metadata_line(stripped)
            or meta.is_org_line(stripped)
            or re.fullmatch(r"[（(]此件.{0,12}[）)]", stripped)
        ):
            start -= 1
        else:
            break
    return start


_ADDRESSEE = re.compile(r"^.{2,160}[：:]$")  # 各省、自治区…： — whom a notice addresses


def _whole_text_measure(doc_id: str, prose: list[str], lead: int) -> tuple[str, list[Measure]]:
    """A text without numbering (a 决定, a 解释, a short notice) is one measure, so that
    search and bookmarks reach it; what stands above its title (page text) and an
    addressee line after it stay preamble."""
    k = lead
    if len(prose) > k + 1 and _ADDRESSEE.match(prose[k]):
        k += 1
    text = "\n".join(prose[k:])
    if len(text) < 20 or not any(ch in text for ch in "。！？；"):
        return "\n".join(prose), []
    measure = Measure(
        id=measure_id(doc_id, 1),
        document_id=doc_id,
        position=1,
        label="",
        number="",
        title="",
        body=text,
    )
    return "\n".join(prose[:k]), [measure]


# Over 60 lines on purpose: one walk over the body's headings building sections and measures in document order.
def _build_structure(
    doc_id: str, body: list[Line], offset: int, heading_at: dict[int, str]
) -> tuple[list[Section], list[Measure]]:
    has_chapters = any(
        ln.mark is not None and ln.mark.kind == CHAPTER and heading_at.get(offset + i) == "section"
        for i, ln in enumerate(body)
    )
    sections: list[Section] = []
    measures: list[Measure] = []
    # A sub-part (a measure-level heading holding titled items) is open until a heading of
    # its own numbering: that one is its sibling, in the part around it (or in none).
    subpart: tuple[str, int | None] | None = None  # (its numbering kind, enclosing section)
    current: int | None = None  # the section that holds the measures read now
    i = 0
    while i < len(body):
        role = heading_at.get(offset + i)
        j = i + 1
        while j < len(body) and (offset + j) not in heading_at:
            j += 1
        following = [ln.text for ln in body[i + 1 : j]]
        line = body[i]
        mark = line.mark
        if role in ("section", "subsection") and mark is not None:
            title, first = split_heading(mark.rest)
            marks = leftover_marks(mark.rest, title, first)
            if first:
                following = [first, *following]
            if role == "subsection":
                outer = [s.position for s in sections if s.level == 1]
                subpart = (mark.kind, outer[-1] if outer else None)
            else:
                subpart = None
            sections.append(
                Section(
                    id=section_id(doc_id, len(sections) + 1),
                    position=len(sections) + 1,
                    label=mark.label,
                    number=mark.number,
                    title=title,
                    intro="\n".join(following),
                    title_marks=marks,
                    level=2
                    if role == "subsection" or (mark.kind == SUBCHAPTER and has_chapters)
                    else 1,
                )
            )
            current = len(sections)
        elif role == "measure" and mark is not None:
            if subpart is not None and mark.kind == subpart[0]:
                current, subpart = subpart[1], None  # the sub-part's sibling closes it
            label, rest = mark.label, mark.rest
            asked = _QUESTION_AFTER_NUMBER.match(rest)
            if asked:  # "一、问：…？": a numbered question; its marker stays with the numbering
                label, rest = label + asked.group(0).rstrip(), rest[asked.end() :]
            fields = extract_fields(
                rest,
                following,
                article=mark.kind == ARTICLE,
                question=mark.kind == QUESTION or bool(asked),
            )
            measures.append(
                Measure(
                    id=measure_id(doc_id, len(measures) + 1),
                    document_id=doc_id,
                    position=len(measures) + 1,
                    label=label,
                    number=mark.number,
                    title=fields.title,
                    body=fields.body,
                    section=current,
                    responsible=fields.responsible,
                    interpretation=fields.interpretation,
                    responsible_roles=fields.roles,
                    title_marks=fields.title_marks,
                    responsible_notes=fields.responsible_notes,
                    interpretation_label=fields.interpretation_label,
                )
            )
        i = j
    return sections, measures
