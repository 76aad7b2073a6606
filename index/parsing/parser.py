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
from index.parsing.attachments import clear_attachment_lists, policy_attachment, split_attachments
from index.parsing.clean import Line, clean_text
from index.parsing.contents import clear_table_of_contents
from index.parsing.levels import choose_levels
from index.parsing.measure_fields import extract_fields, leftover_marks, split_heading
from index.parsing.noise import split_inline_noise
from index.parsing.numbering import ARTICLE, CHAPTER, QUESTION, SUBCHAPTER
from index.parsing.title import WEAK_TITLE, close_rival, rank_titles

# A metadata table copied from a page: a short label on its own line, its value on the next
# ("发 布 机 构 ：" / "天津市工业和信息化局"), letter-spaced or not.
_LABEL_ALONE = re.compile(r"^(?:[\u4e00-\u9fa5]\s?){2,7}[:：]$")
_SHORT_VALUE = 60


def parse_policy_text(text: str, fallback_title: str = "") -> Document:
    """Parse a policy text. Never raises; a structureless text becomes a preamble.

    ``fallback_title`` (e.g. the file name) names a text that states no title.
    """
    cleaned = clean_text(text)
    lines = cleaned.lines
    dropped = list(cleaned.dropped)
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
    heading_at = levels.headings  # line index → "section" | "measure"

    first = min(heading_at) if heading_at else len(lines)
    last_measure = max((i for i, r in heading_at.items() if r == "measure"), default=None)

    head = lines[:first]
    tail_start = _tail_start(lines, last_measure) if last_measure is not None else len(lines)
    tail = lines[tail_start:]
    body = lines[first:tail_start]

    front, preamble_lines, title, alt_titles, lead, title_rival = _read_head(head, dropped)
    tail_front: list[str] = []
    for ln in tail:
        kept, noise = split_inline_noise(ln.text)
        dropped.extend(noise)
        if kept:
            tail_front.append(kept)

    title = title or fallback_title
    preamble = "\n".join(preamble_lines)
    all_front = front + tail_front
    # A signature may stand after an attachment list or page text that follows the body.
    after_body = [ln.text for ln in lines[last_measure + 1 :]] if last_measure is not None else []
    issuer = meta.find_issuer(title, front, [preamble], signature=after_body + tail_front)
    signed = [t for t in after_body if meta.is_date_line(t)] + tail_front
    date = meta.find_date(front, [preamble], signature=signed)
    source = meta.find_source(all_front)
    doc_number = meta.find_doc_number(all_front + preamble_lines[:3])
    doc_id = document_id(title, date, issuer)

    sections, measures = _build_structure(doc_id, body, first, heading_at)
    if not sections and not measures:
        preamble, measures = _whole_text_measure(doc_id, preamble_lines, lead)
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
        alternative_titles=tuple(alt_titles),
        title_rival=title_rival,
        attachments=tuple(
            Attachment(a.marker, a.title, "\n".join(ln.text for ln in a.lines)) for a in attached
        ),
    )


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


def _read_head(
    head: list[Line], dropped: list[str]
) -> tuple[list[str], list[str], str, list[str], int, str | None]:
    """Split the lines before the first heading into front matter and preamble; find the title."""
    texts: list[str] = []
    is_meta: list[bool] = []
    for ln in head:
        kept, noise = split_inline_noise(ln.text)
        if noise:
            dropped.extend(noise)
        kept = _split_view_count(kept, dropped)
        texts.append(kept)
    labelled: set[int] = set()
    for i in range(len(texts) - 1):
        value = texts[i + 1]
        if (
            _LABEL_ALONE.match(texts[i])
            and value
            and len(value) <= _SHORT_VALUE
            and not value.endswith(("。", "；", "：", ":"))
            and not _LABEL_ALONE.match(value)
        ):
            # "发文日期:" on one line and its value on the next (law databases, gov pages)
            texts[i], texts[i + 1] = texts[i] + value, ""
            labelled.add(i)
    for i, text in enumerate(texts):
        is_meta.append(meta.is_metadata_line(text) or i in labelled if text else True)

    for i, text in enumerate(texts):
        # a signature or issuer line: an organisation's name beside a date or a 文号
        near_date = any(
            0 <= j < len(texts)
            and (meta.is_date_line(texts[j]) or meta.find_doc_number([texts[j]]))
            for j in (i - 1, i + 1)
        )
        if near_date and meta.is_org_line(text):
            is_meta[i] = True
            k = i - 1  # co-issuers signing above: every organisation line of the block
            while k >= 0 and meta.is_org_line(texts[k]) and not is_meta[k]:
                is_meta[k] = True
                k -= 1

    not_title = [m or ln.in_contents for m, ln in zip(is_meta, head, strict=True)]
    ranked = rank_titles(texts, not_title, [ln.markdown_heading for ln in head])
    choice = ranked[0] if ranked else None
    title_idx: set[int] = set(choice.lines) if choice else set()
    title = choice.title if choice else ""
    quoted = meta.title_in_quotes([t for t, m in zip(texts, is_meta, strict=True) if not m][:4])
    alt: list[str] = []
    block_text = "".join(texts[i] for i in title_idx)
    if choice and quoted and choice.score < WEAK_TITLE and quoted != title:
        if title:
            alt.append(title)
        title, title_idx = quoted, set()  # 总体目标 is no name; the 《》 one the intro gives is
    elif title and quoted and quoted != title and _names_document(title, quoted):
        alt.append(title)
        title = quoted
    elif not title and quoted:
        title = quoted
    elif title and quoted and _is_quoted_wrapper(block_text, quoted):
        alt.append(block_text)
        title = quoted
    named = re.search(
        r"[关關][于於](?:印发|转发|印發|轉發)《?(.+?)》?的通知(?:[（(][^（）()]*[号號][）)])?$",
        title,
    )
    if named and meta.ends_with_genre(named.group(1)):
        alt.append(title)
        title = named.group(1)  # "关于印发X的通知" without 《》 names X
    before_title = min(title_idx, default=len(texts))
    transmitted = meta.transmitted_title(texts[:before_title])
    if transmitted and transmitted != title:
        if title:
            alt.append(title)
        title = transmitted  # "现将《X》印发给你们" names the document that follows
    fuller = meta.fuller_quoted_name(
        title, [t for t, m in zip(texts, is_meta, strict=True) if not m]
    )
    if fuller:
        alt.append(title)
        title = fuller  # 印发2021年…细则 names 《天津市2021年…细则》 in full in its text

    front: list[str] = []
    preamble: list[str] = []
    lead = 0  # preamble lines above the title (page text before the document starts)
    for i, text in enumerate(texts):
        if not text:
            continue
        bare = text.strip("《》 ")
        banner = bool(title_idx) and i < min(title_idx) and meta.is_org_line(text)
        if i in title_idx or is_meta[i] or banner or bare == title or (title and bare in alt):
            front.append(text)
            if i in title_idx or bare == title:
                lead = len(preamble)
        else:
            preamble.append(text)
    rival = close_rival(ranked, title) if choice and title == choice.title else None
    return front, preamble, title, alt, lead, rival


def _split_view_count(text: str, dropped: list[str]) -> str:
    """'2024-05-31 307': the trailing number is a view count, not content."""
    m = re.fullmatch(
        r"(.*\d{4}[-/.年]\s*\d{1,2}[-/.月]\s*\d{1,2}日?(?:\s+\d{1,2}:\d{2}(?::\d{2})?)?)\s+(\d{1,7})",
        text,
    )
    if m:
        dropped.append(m.group(2))
        return m.group(1)
    return text


def _names_document(title: str, quoted: str) -> bool:
    """A heading like '关于印发《X》的通知' names the real document X."""
    return f"《{quoted}》" in title and (
        "印发" in title or "转发" in title or not meta.ends_with_genre(title)
    )


def _is_quoted_wrapper(block: str, quoted: str) -> bool:
    return f"《{quoted}》" in block


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


def _build_structure(
    doc_id: str, body: list[Line], offset: int, heading_at: dict[int, str]
) -> tuple[list[Section], list[Measure]]:
    has_chapters = any(
        ln.mark is not None and ln.mark.kind == CHAPTER and heading_at.get(offset + i) == "section"
        for i, ln in enumerate(body)
    )
    sections: list[Section] = []
    measures: list[Measure] = []
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
        elif role == "measure" and mark is not None:
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
                    section=len(sections) or None,
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
