"""Split one measure's text into title, body, responsible units and interpretation."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

MAX_TITLE = 40  # a heading longer than this is a sentence, not a title
_SENTENCE_END = "。"
_CLAUSE_BREAKS = "，,；;：:"

# Who carries a measure out: 责任/牵头/配合/负责/主责/协办… + 单位/部门/处室/主体/机构.
_LABELS = (
    r"(?:(?:责任|牵头|配合|负责|主责|协办|参与|实施|协同|主办|承办)(?:单位|部门|处室|科室|主体|机构)"
    r"|责任单位|责任分工)"
)
_RESPONSIBLE = re.compile(rf"[（(]\s*({_LABELS}\s*[：:][^（()）]*?)\s*[）)]")
_RESPONSIBLE_LINE = re.compile(rf"^({_LABELS}\s*[：:].+?)\s*[。.]?$")
_LABEL_PREFIX = re.compile(rf"^\s*{_LABELS}\s*[：:]\s*")
_INTERPRETATION = re.compile(
    r"^(?:[【\[]\s*(?:政策解读|解读)\s*[】\]]\s*[：:]?|政策解读\s*[：:])\s*"
)
_UNIT_SPLIT = re.compile(r"[、，,]")


@dataclass(frozen=True)
class MeasureFields:
    title: str
    body: str
    responsible: tuple[str, ...]
    interpretation: str | None
    roles: tuple[tuple[str, tuple[str, ...]], ...] = ()  # (role as written, its units)
    title_marks: str = ""  # punctuation that framed the title: its closing 。, 【】, ：
    responsible_notes: tuple[str, ...] = ()  # the notes as written: （牵头单位：…；配合单位：…）
    interpretation_label: str = ""  # 政策解读： as written


_ANSWER = re.compile(r"(?:^|(?<=[？?。]))\s*(?:答|答复|A)\s*\d{0,3}\s*[：:]")


def split_question(rest: str) -> tuple[str, str]:
    """'如何申请？答：向…提出。' → the question as title, the answer as body."""
    m = _ANSWER.search(rest)
    if m and m.start() > 0:
        return rest[: m.start()].strip(), rest[m.start() :].strip()
    return rest.strip(), ""


def split_heading(rest: str, article: bool = False, has_body: bool = False) -> tuple[str, str]:
    """Heading text after the numeral → (title, what follows it on the line).

    A title is what the text marks as one: ``【title】body``, ``title：body``,
    ``title。body`` (short; for an article 第X条 also without a comma, since an
    article's first sentence is not its name), or a short line of its own with
    the body on the lines after it. Anything else is untitled: ``("", rest)``,
    the whole text kept as body, never cut into a made-up title.
    """
    rest = rest.strip()
    bracketed = re.match(r"^【([^【】]{2,30})】\s*", rest)
    if bracketed and rest[bracketed.end() :].strip():
        return bracketed.group(1).strip(), rest[bracketed.end() :].strip()  # "【优化通关】推广……"
    end = rest.find(_SENTENCE_END)
    colon = min((i for i in (rest.find("："), rest.find(":")) if i > 0), default=-1)
    head = rest[:colon] if colon > 0 else ""
    if (
        not article
        and 0 < colon <= 20
        and (end == -1 or colon < end)
        and rest[colon + 1 :].strip()
        and not any(ch in head for ch in _CLAUSE_BREAKS)
    ):
        return head.strip(), rest[colon + 1 :].strip()  # "（一）目标：到2025年……"
    if article and end != -1:
        return "", rest  # an article's first sentence is its text, not its name
    if 0 < end <= MAX_TITLE:
        return rest[:end].strip(), rest[end + 1 :].strip()
    if end == -1 and len(rest) <= MAX_TITLE and not rest.endswith(("；", ";", "，", ",")):
        if not article or (has_body and not any(ch in rest for ch in _CLAUSE_BREAKS)):
            return rest.rstrip("：: "), ""
    if article:
        return "", rest
    # A long heading line without 。: the heading and its body run together
    # ("支持建设特色型综合保税区鼓励地方政府…，…"). Its first clause is the title; the
    # clause break stays with it, so no character is lost.
    clause_head = rest if end == -1 else rest[:end]
    for i, ch in enumerate(clause_head[: MAX_TITLE - 1]):
        if ch in _CLAUSE_BREAKS and i >= 4:
            return rest[: i + 1].strip(), rest[i + 1 :].strip()
    return "", rest


def _roles(text: str) -> list[tuple[str, tuple[str, ...]]]:
    """'牵头单位：市商务局；配合单位：市财政局、市税务局' → [(牵头单位, (市商务局,)), …]."""
    roles: list[tuple[str, tuple[str, ...]]] = []
    for part in re.split(r"[；;]", text):
        label = _LABEL_PREFIX.match(part)
        role = re.sub(r"[\s：:]", "", label.group(0)) if label else ""
        units = tuple(
            u.strip() for u in _UNIT_SPLIT.split(_LABEL_PREFIX.sub("", part)) if u.strip()
        )
        if not units:
            continue
        if not role and roles:  # "牵头单位：A；B" – B belongs to the same role
            roles[-1] = (roles[-1][0], roles[-1][1] + units)
        else:
            roles.append((role or "责任单位", units))
    return roles


def _units(text: str) -> list[str]:
    """The unit names of a responsibility note, labels removed."""
    return [u for _, units in _roles(text) for u in units]


def extract_fields(
    rest: str, following: list[str], article: bool = False, question: bool = False
) -> MeasureFields:
    """``rest`` is the heading line after the numeral; ``following`` the measure's
    later lines, up to the next heading; ``article`` for 第X条, ``question`` for 问："""
    if question:
        title, first = split_question(rest)
    else:
        title, first = split_heading(rest, article=article, has_body=bool(following))
    title_marks = leftover_marks(rest, title, first)
    lines = ([first] if first else []) + following
    interpretation: list[str] | None = None
    interpretation_label = ""
    body_lines: list[str] = []
    notes: list[str] = []
    for line in lines:
        if interpretation is None:
            m = _INTERPRETATION.match(line)
            if m:
                interpretation = [line[m.end() :]]
                interpretation_label = m.group(0).strip()
                continue
            body_lines.append(line)
        else:
            interpretation.append(line)
    responsible: list[str] = []
    roles: list[tuple[str, tuple[str, ...]]] = []
    kept: list[str] = []
    for line in body_lines:
        line_units = _RESPONSIBLE_LINE.match(line)
        if line_units:
            responsible += _units(line_units.group(1))
            roles += _roles(line_units.group(1))
            notes.append(line)
            continue
        found = list(_RESPONSIBLE.finditer(line))
        if found:
            for m in found:
                responsible += _units(m.group(1))
                roles += _roles(m.group(1))
                notes.append(m.group(0))
            line = _RESPONSIBLE.sub("", line).strip()
            if not line:
                continue
        kept.append(line)
    interp_text = "\n".join(x for x in interpretation if x) if interpretation is not None else None
    return MeasureFields(
        title=title,
        body="\n".join(kept).strip(),
        responsible=tuple(responsible),
        interpretation=interp_text or (None if interpretation is None else ""),
        roles=tuple(roles),
        title_marks=title_marks,
        responsible_notes=tuple(notes),
        interpretation_label=interpretation_label,
    )


def leftover_marks(rest: str, title: str, first: str) -> str:
    """The characters of the heading line that are neither title nor body: the 。 or
    ： between them, the 【】 around a title. Kept so that no character is lost."""
    line = rest.strip()
    if first and line.endswith(first):
        line = line[: len(line) - len(first)]
    if title:
        at = line.find(title)
        if at >= 0:
            line = line[:at] + line[at + len(title) :]
        else:  # the title was rebuilt from pieces: count characters instead
            left = Counter(ch for ch in line if not ch.isspace())
            left.subtract(ch for ch in title if not ch.isspace())
            return "".join(ch * n for ch, n in left.items() if n > 0)
    return "".join(ch for ch in line if not ch.isspace())
