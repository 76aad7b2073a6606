"""Clean a text into lines before any structure is read: the first step of parsing.

What happens here, in order: line ends and spaces normalised; YAML front matter
(``---`` … ``---``) and HTML comments set aside (their ``title:``/``date:`` kept as
front matter, not as the document's title); markdown heading marks noted; web
copies' broken lines re-joined where a number was split from its sentence
(``关于印发`` / ``2021`` / ``年春节期间``); whole lines of page furniture moved to
``dropped``; measures packed on one line split apart. Nothing is deleted: every
character ends up in a line, the front matter or ``dropped``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from index.numerals import chinese_to_int
from index.parsing.inline_markup import has_markup, strip_inline_markup
from index.parsing.noise import is_noise_line, strip_html_comments, strip_markdown
from index.parsing.numbering import CN, HeadingMark, find_inline_successor, match_heading

_SPACES = re.compile(r"[^\S\n\t]+")
_CELL_BREAK = re.compile(r"[^\S\n]*\t[^\S\n]*")  # table cells stay tab-separated
# A piece of a sentence that a web page put on a line of its own: digits, brackets, a unit.
_FRAGMENT = re.compile(
    r"[\d.．%％‰〔〕［］\[\]（）()\-—－~～/]{1,10}|[年月日号號〕）)]|[一二三四五六七八九十百]{1,4}"
)
# A numbering mark with nothing after it ("三、", "（一）"): its heading is on the next line.
_LONE_MARK = re.compile(
    r"(?:第[一二三四五六七八九十百零〇\d]+[章节条]|[一二三四五六七八九十百]+[、．.]"
    r"|[（(][一二三四五六七八九十百\d]+[）)]|\d{1,3}[.．、])"
)
_SENTENCE_END = ("。", "！", "？", "；", "：", "!", "?", ";", ":")
_VIEW_COUNT = re.compile(r"\d{1,7}\s*次?")
_TRAILING_DATE = re.compile(r"\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日$")
_ENDS_WITH_DATE = re.compile(
    r"\d{4}[-/.年]\s*\d{1,2}[-/.月]\s*\d{1,2}日?(?:\s+\d{1,2}:\d{2}(?::\d{2})?)?$"
)
_YAML_FENCE = re.compile(r"^-{3,}\s*$")
_YAML_KEY = re.compile(r"^[A-Za-z_][\w-]*\s*:|^\s+-\s|^\s*$|^\s+\S")


@dataclass
class Line:
    """One cleaned, non-empty line and the numbering it starts with (if any)."""

    text: str
    mark: HeadingMark | None = None
    markdown_heading: bool = False
    in_contents: bool = False  # a heading of a table of contents (text, not structure)


@dataclass
class Cleaned:
    lines: list[Line] = field(default_factory=list)
    dropped: list[str] = field(default_factory=list)
    front_matter: list[str] = field(default_factory=list)  # YAML front matter, as written


def clean_text(text: str) -> Cleaned:
    """Normalise whitespace, set aside front matter and page noise, re-join split lines."""
    out = Cleaned()
    text = text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    text, comments = strip_html_comments(text)
    out.dropped.extend(c.strip() for c in comments)
    raw_lines = _take_yaml_front_matter(text.split("\n"), out)
    rest = "\n".join(raw_lines)
    if has_markup(rest):  # a web page's body kept as HTML in a markdown export
        rest, markup = strip_inline_markup(rest)
        out.dropped.extend(m.strip() for m in markup if m.strip())
        raw_lines = rest.split("\n")
    pending: list[tuple[str, bool]] = []
    for raw in raw_lines:
        line = _SPACES.sub(" ", _CELL_BREAK.sub("\t", raw.replace("\ufeff", ""))).strip()
        if not line:
            continue
        line, marks = strip_markdown(line)
        out.dropped.extend(marks)
        line = line.strip()
        if not line:
            continue
        if is_noise_line(line):
            out.dropped.append(line)
            continue
        pending.append((line, bool(marks)))
    for line, heading in _join_fragments(pending, out.dropped):
        for piece in _split_packed(line):
            mark = match_heading(piece) or (_bare_numeral_heading(piece) if heading else None)
            out.lines.append(Line(piece, mark, markdown_heading=heading))
    return out


_BARE_NUMERAL_ALONE = re.compile(r"[一二三四五六七八九十百]{1,4}")
_BARE_NUMERAL = re.compile(r"([一二三四五六七八九十百]{1,4})[ \u3000](\S.*)")


def _bare_numeral_heading(line: str) -> HeadingMark | None:
    """'## 三' with its text on the next line (a markdown export): the numeral is the
    heading's number even without 、, though its text may start with a digit."""
    m = _BARE_NUMERAL.fullmatch(line)
    value = chinese_to_int(m.group(1)) if m else None
    if m is None or value is None:
        return None
    return HeadingMark(CN, value, m.group(1), m.group(1), m.group(2))


def _take_yaml_front_matter(lines: list[str], out: Cleaned) -> list[str]:
    """A leading ``---`` block of ``key: value`` lines is metadata of the copy, not text."""
    start = 0
    while start < len(lines) and not lines[start].strip():
        start += 1
    if start >= len(lines) or not _YAML_FENCE.match(lines[start]):
        return lines
    for end in range(start + 1, min(len(lines), start + 60)):
        if _YAML_FENCE.match(lines[end]):
            block = lines[start + 1 : end]
            if block and all(_YAML_KEY.match(b) for b in block):
                out.dropped.extend(lines[i].strip() for i in (start, end))
                out.front_matter.extend(b.strip() for b in block if b.strip())
                return lines[end + 1 :]
            return lines
    return lines


def _is_fragment(line: str) -> bool:
    return bool(_FRAGMENT.fullmatch(line))


def _join_fragments(lines: list[tuple[str, bool]], dropped: list[str]) -> list[tuple[str, bool]]:
    """Re-join numbers that a web copy split from their sentence ('印发' / '2021' / '年…').

    A fragment (digits, brackets, a unit character, a numeral) joins the line before
    it unless that line ends a sentence or with a digit; the line after a fragment
    joins it unless it starts a new numbered heading. A numbering mark alone
    ("三、") joins the heading on the next line. A date that fragments made
    (202 / 4 / 年 / 11 / 月 / 11 / 日) is its own line again, not the end of the line
    before it; a bare number after a date is a view count (noise).
    """
    out: list[tuple[str, bool]] = []
    joins: list[list[int]] = []  # for each line of out: where joined pieces start

    def extend(line: str) -> None:
        text, heading = out[-1]
        joins[-1].append(len(text))
        out[-1] = (text + line, heading)

    previous_fragment = False
    for line, heading in lines:
        if out and out[-1][1] and _BARE_NUMERAL_ALONE.fullmatch(out[-1][0]) and not heading:
            extend(" " + line)  # "## 三" / its text: one heading (the space is not content)
            previous_fragment = False
            continue
        if out and _LONE_MARK.fullmatch(out[-1][0]) and match_heading(line) is None:
            extend(line)  # "三、" / "推动…"
            out[-1] = (out[-1][0], out[-1][1] or heading)
            previous_fragment = False
            continue
        fragment = _is_fragment(line) and not heading  # a markdown heading is a line of its own
        if out and fragment:
            before = out[-1][0]
            if _VIEW_COUNT.fullmatch(line) and _ENDS_WITH_DATE.search(before):
                dropped.append(line)  # '2024-05-31' then '307': a view count
                continue
            if _short_heading(before) and not previous_fragment:
                pass  # "一、实施背景" / "2018~2020" / "年，…": the number opens the body
            elif (
                not before.endswith(_SENTENCE_END) and not before[-1].isdigit() or previous_fragment
            ):
                extend(line)
                previous_fragment = True
                continue
        elif (
            out
            and previous_fragment
            and not out[-1][0].endswith(_SENTENCE_END)
            and not _TRAILING_DATE.search(out[-1][0])  # a date ends the chain: 2024年11月11日
        ):
            if match_heading(line) is None or _is_fragment(out[-1][0]):
                extend(line)
                previous_fragment = False
                continue
        out.append((line, heading))
        joins.append([])
        previous_fragment = fragment
    return [piece for entry, at in zip(out, joins, strict=True) for piece in _split_date(entry, at)]


def _short_heading(line: str) -> bool:
    """A heading that is only a name ("一、实施背景"): a number after it opens the body."""
    mark = match_heading(line)
    rest = mark.rest.strip() if mark else ""
    return mark is not None and len(rest) <= 15 and not any(ch in rest for ch in "。；，,")


def _split_date(entry: tuple[str, bool], joins: list[int]) -> list[tuple[str, bool]]:
    """'四川省能源局' + '2025' + '年' + … → the organisation and its date, two lines."""
    text, heading = entry
    m = _TRAILING_DATE.search(text)
    if m and m.start() > 0 and m.start() in joins:
        return [(text[: m.start()], heading), (text[m.start() :], False)]
    return [entry]


def _split_packed(line: str) -> list[str]:
    """'1．title。body2．title。body' → one line per measure."""
    pieces: list[str] = []
    while True:
        mark = match_heading(line)
        if mark is None:
            break
        offset = len(line) - len(mark.rest)
        at = find_inline_successor(mark.rest, mark.kind, mark.value)
        if at is None:
            break
        pieces.append(line[: offset + at].strip())
        line = line[offset + at :]
    pieces.append(line)
    return pieces
