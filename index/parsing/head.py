"""The lines before the first heading: front matter, preamble and the document's title.

Front matter is what describes the text (headline, 文号, dates, a metadata table,
a signature block); the preamble is the author's own text before the measures.
The title is the best-scoring candidate (``title.py``), then named more exactly
by what the text itself says (关于印发《X》的通知, 现将《X》印发, a fuller 《》 name).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from index.parsing import metadata as meta
from index.parsing.clean import Line
from index.parsing.noise import split_inline_noise
from index.parsing.title import MAX_TITLE_LINES, WEAK_TITLE, TitleChoice, close_rival, rank_titles

# A metadata table copied from a page: a short label on its own line, its value on the next
# ("发 布 机 构 ：" / "天津市工业和信息化局"), letter-spaced or not.
_LABEL = r"(?:[\u4e00-\u9fa5]\s?){2,7}[:：]"  # 发 布 机 构 ：, 主题词:
_LABEL_ALONE = re.compile(rf"^{_LABEL}$")
_SHORT_VALUE = 60
_LABELLED = re.compile(rf"^{_LABEL}\s*")


_NOTICE_OF = re.compile(
    r"[关關][于於](?:印发|转发|印發|轉發)《?(.+?)》?的通知(?:[（(][^（）()]*[号號][）)])?$"
)
# The same heading with its head cut off (a copy that starts mid-line): "X》的通知", the 》
# closing a 《 that is not there. X is the document it hands on.
_CUT_NOTICE_OF = re.compile(r"^([^《》]+)》的通知(?:[（(][^（）()]*[号號][）)])?$")


@dataclass
class Head:
    front: list[str]
    preamble: list[str]
    title: str
    alternatives: list[str]
    lead: int  # preamble lines above the title (page text before the document starts)
    title_rival: str | None


def read_head(head: list[Line], dropped: list[str], copy_title: str | None = None) -> Head:
    """Split the lines before the first heading into front matter and preamble; find the title.

    ``copy_title``: the ``title:`` of the copy's YAML front matter, the document's name
    when the text itself names it only weakly (a markdown export whose page shows the
    title above the text, not in it)."""
    texts, labelled = _head_texts(head, dropped)
    is_meta = _metadata_flags(texts, labelled)
    not_title = [m or ln.in_contents for m, ln in zip(is_meta, head, strict=True)]
    ranked = rank_titles(texts, not_title, [ln.markdown_heading for ln in head])
    choice = ranked[0] if ranked else None
    title, title_idx, alt = _named_title(texts, is_meta, choice)
    weak = (
        choice is None
        or choice.score < WEAK_TITLE
        or not title
        or not meta.ends_with_genre(title)  # 一、相关法律规定: a heading, the copy names it
    )
    if copy_title and weak and meta.ends_with_genre(copy_title) and copy_title != title:
        if title:
            alt.append(title)
        title, title_idx = copy_title, set()
    front, preamble, lead = _split_front(texts, is_meta, title_idx, title, alt)
    rival = close_rival(ranked, title) if choice and title == choice.title else None
    return Head(front, preamble, title, alt, lead, rival)


def _head_texts(head: list[Line], dropped: list[str]) -> tuple[list[str], set[int]]:
    """The head's lines without inline noise, a label and its value on one line."""
    texts: list[str] = []
    for ln in head:
        kept, noise = split_inline_noise(ln.text)
        dropped.extend(noise)
        texts.append(_split_view_count(kept, dropped))
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
    return texts, labelled


def _metadata_flags(texts: list[str], labelled: set[int]) -> list[bool]:
    """Which head lines describe the text: metadata, labels, a signature block."""
    is_meta = [
        meta.is_metadata_line(t) or i in labelled if t else True for i, t in enumerate(texts)
    ]
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
    return is_meta


def _named_title(
    texts: list[str], is_meta: list[bool], choice: TitleChoice | None
) -> tuple[str, set[int], list[str]]:
    """The best candidate, renamed by what the text says of itself; (title, its lines, others)."""
    title_idx: set[int] = set(choice.lines) if choice else set()
    title = choice.title if choice else ""
    prose = [t for t, m in zip(texts, is_meta, strict=True) if not m]
    quoted = meta.title_in_quotes(prose[:4])
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
    elif (
        title
        and quoted
        and _is_quoted_wrapper(block_text, quoted)
        and not meta.ends_with_genre(title)  # 关于…实施《X》有关规定的决定 names itself
    ):
        alt.append(block_text)
        title = quoted
    named = _NOTICE_OF.search(title) or _CUT_NOTICE_OF.search(title)
    if named and meta.ends_with_genre(named.group(1)):
        alt.append(title)
        title = named.group(1)  # "关于印发X的通知" without 《》 (or cut to "X》的通知") names X
    transmitted = meta.transmitted_title(texts[: min(title_idx, default=len(texts))])
    if transmitted and transmitted != title:
        if title:
            alt.append(title)
        title = transmitted  # "现将《X》印发给你们" names the document that follows
    fuller = meta.fuller_quoted_name(title, prose)
    if fuller:
        alt.append(title)
        title = fuller  # 印发2021年…细则 names 《天津市2021年…细则》 in full in its text
    return title, title_idx, alt


def _split_front(
    texts: list[str], is_meta: list[bool], title_idx: set[int], title: str, alt: list[str]
) -> tuple[list[str], list[str], int]:
    front: list[str] = []
    preamble: list[str] = []
    lead = 0
    wrapped = _wrapped_repeats(texts, title)
    for i, text in enumerate(texts):
        if not text:
            continue
        bare = text.strip("《》 ")
        banner = bool(title_idx) and i < min(title_idx) and meta.is_org_line(text)
        repeat = i in wrapped or bare == title or (title and bare in alt)
        if i in title_idx or is_meta[i] or banner or repeat:
            front.append(text)
            if i in title_idx or bare == title:
                lead = len(preamble)
        else:
            preamble.append(text)
    return front, preamble, lead


def _wrapped_repeats(texts: list[str], title: str) -> set[int]:
    """Lines that together give the title again, wrapped (a page's headline under its
    metadata table's 标题：… row): front matter, not the text's first words."""
    key = "".join(title.split())
    found: set[int] = set()
    if not key:
        return found
    for i in range(len(texts)):
        joined = ""
        for j in range(i, min(len(texts), i + MAX_TITLE_LINES)):
            text = texts[j]
            if j == i:  # '主 题 词：' joined with the headline's first line as its value
                text = _LABELLED.sub("", text)
            joined += "".join(text.split())
            if joined == key and j > i:
                found.update(range(i, j + 1))
                break
            if not key.startswith(joined):
                break
    return found


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
