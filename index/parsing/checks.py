"""What a person should look at in a parsed document: `policy-tui parse --check` and the ⚠.

Pure, like the parser: a Document in, a list of warnings out, never an
exception. Each warning names something to check against the file: a gap or
repeat in the measure numbering, a measure long enough to hold several, text
after the signature, no date, or numbered lines but no measures.

A skipped or repeated number shows in one of two ways. The parser may take the
heading as a measure anyway (a small gap where the sequence goes on: 1, 2, 4, 5):
then two measures of one numbering style in a row differ by more than one. Or it
leaves the line in the body of the measure before it (a repeat, a larger gap): a
body line numbered in its measure's own style. Both are looked for; a restart at
1 (each section, or a part that skips a level) is neither.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, replace
from functools import lru_cache

from index.model import Document, Measure
from index.numerals import CIRCLED, CN_NUMERAL, chinese_to_int
from index.parsing import metadata as meta
from index.parsing.numbering import match_heading

LONG_MEASURE = 3000  # characters of title + body: more is likely several measures run together
_SHOWN = 30  # characters of the file's text quoted in a message
_APPENDIX = re.compile(r"^(?:相关)?附\s*[件表录]")  # 附件：1.…, 附件1, 相关附件：, 附表, 附录
_NUMBER_STARTS = frozenset(CN_NUMERAL + CIRCLED + "0123456789０１２３４５６７８９（(第")
# a line of a body that may be numbered, or the 附件 line that ends the numbering (one scan)
_NUMBERED_LINE = re.compile(
    r"^[ \t]*(?:(?P<appendix>(?:相关)?附\s*[件表录])|(?P<line>["
    + re.escape("".join(sorted(_NUMBER_STARTS)))
    + "].*))",
    re.MULTILINE,
)
_MAYBE_DATE = re.compile(r"年|\d{4}")
_NOTE = re.compile(r"^[（(]此件.{0,12}[）)]$")
# what a notice's end block holds besides the signature: copy-to lists and a contact
_END_BLOCK = re.compile(r"^[（(]?\s*(?:抄送|抄报|主送|联系人|联系电话|联系方式)\s*[：:]")


@dataclass(frozen=True)
class Warning:  # shadows the builtin only inside this module: import the module, use checks.Warning
    """One thing to check by eye: ``code`` for programs, ``message`` (中文 (English)) for people."""

    code: str  # numbering-gap, numbering-repeat, numbering-order, numbering-start,
    # long-measure, text-after-signature, no-date, no-measures, title-close
    message: str
    measure_id: str | None = None


def check_document(doc: Document) -> list[Warning]:
    """The warnings for ``doc``; [] when there is nothing to look at."""
    tail: list[str] = []  # the last measure's lines, and where a signature starts in them
    signed: int | None = None
    if doc.measures:
        tail = [s for s in (ln.strip() for ln in doc.measures[-1].body.split("\n")) if s]
        signed = next((i for i in range(len(tail) - 1) if _signature_at(tail, i)), None)
    out = _numbering(doc.measures, tail, signed)
    out.extend(_long_measures(doc.measures))
    if signed is not None:
        out.extend(_after_signature(doc.measures[-1], tail, signed))
    if not doc.date:
        out.append(Warning("no-date", "未找到日期 (no date found)"))
    if doc.title_rival:
        out.append(
            Warning(
                "title-close",
                f"标题另有接近的候选：{doc.title_rival} (another title candidate scored close)",
            )
        )
    if not any(m.label for m in doc.measures):  # none, or the whole text as one measure
        text = "\n".join([doc.preamble, *(m.body for m in doc.measures)])
        out.extend(_numbered_but_no_measures(text))
    return [w if "\n" not in w.message else replace(w, message=_one_line(w.message)) for w in out]


@lru_cache(maxsize=1024)  # a few hundred distinct numerals in any library
def numeral_value(number: str) -> int | None:
    """'13' / '１３' / '十三' / '⑬' → 13; None for anything else."""
    if len(number) == 1 and number in CIRCLED:
        return CIRCLED.index(number) + 1
    if number.isascii():
        return int(number) if number.isdigit() else None
    folded = unicodedata.normalize("NFKC", number)
    if folded.isascii() and folded.isdigit():
        return int(folded)
    return chinese_to_int(number)


# -- numbering -----------------------------------------------------------------------


@lru_cache(maxsize=1024)
def _style(label: str, number: str) -> str:
    """The numbering style of a measure's label: 一、 （一） 1. 第X条 …"""
    mark = match_heading(f"{label.strip()} 标题")
    if mark is not None and mark.number == number:
        return mark.kind
    return label.replace(number, "#", 1) if number else label


def _numbering(measures: tuple[Measure, ...], tail: list[str], signed: int | None) -> list[Warning]:
    out: list[Warning] = []
    # by style (a part may skip a level): the number before, as written, and its value
    previous: dict[str, tuple[str, int]] = {}
    for k, m in enumerate(measures):
        value = numeral_value(m.number)
        if value is None:
            continue  # 第10-1条, an unnumbered 问： — not part of the count
        kind = _style(m.label, m.number)
        before = previous.get(kind)
        if before is None:
            if value != 1 and not previous:
                out.append(
                    Warning(
                        "numbering-start",
                        f"编号从 {_label(m)} 开始，不是从 1 (numbering starts at {value})",
                        m.id,
                    )
                )
        elif value != 1 and value != before[1] + 1:
            out.append(_out_of_sequence(before[0], before[1], _label(m), value, m.id))
        body = m.body
        if k == len(measures) - 1 and signed is not None:
            body = "\n".join(tail[:signed])  # the signature and what follows are no measure
        written = _label(m)
        for label, found in _numbers_in_body(body, kind):
            if found != 1 and found != value + 1:
                where = f"（这一行留在 {_label(m)} 的正文里）"
                out.append(_out_of_sequence(written, value, label, found, m.id, where, True))
            written, value = label, found
        previous[kind] = (written, value)
    return out


def _numbers_in_body(body: str, kind: str) -> list[tuple[str, int]]:
    """Lines of a measure's body numbered in its own style: not measures, so out of
    sequence. An attachment list (附件：1.…) ends the search."""
    found: list[tuple[str, int]] = []
    for candidate in _NUMBERED_LINE.finditer(body):  # most lines are prose: not even looked at
        line = candidate.group("line")
        if line is None:
            break  # 附件：1.… lists attachments
        mark = match_heading(line.strip())
        if mark is not None and mark.kind == kind:
            value = numeral_value(mark.number)
            if value is not None:
                found.append((mark.label, value))
    return found


def _out_of_sequence(
    before: str,
    was: int,
    label: str,
    value: int,
    measure_id: str,
    where: str = "",
    in_body: bool = False,
) -> Warning:
    note = "; the line stayed in the measure's body" if in_body else ""
    if value == was:
        code, word, english = "numbering-repeat", "编号重复", f"numbering repeat: {was}"
    elif value > was:
        code, word, english = "numbering-gap", "编号跳过", f"numbering gap: {was} → {value}"
    else:
        code, word, english = "numbering-order", "编号倒退", f"numbering goes back: {was} → {value}"
    return Warning(code, f"{word}：{before} 之后是 {label}{where} ({english}{note})", measure_id)


# -- length, signature, date, structure --------------------------------------------------


def _long_measures(measures: tuple[Measure, ...]) -> list[Warning]:
    out: list[Warning] = []
    for m in measures:
        size = len(m.title) + len(m.body)
        if size > LONG_MEASURE:
            out.append(
                Warning(
                    "long-measure",
                    f"措施过长：{_label(m)}{_quote(m.display_title)} 共 {size:,} 字 "
                    f"(measure over {LONG_MEASURE:,} characters: several measures run together?)",
                    m.id,
                )
            )
    return out


def _after_signature(last: Measure, lines: list[str], signed: int) -> list[Warning]:
    """The parser cuts a signature block that ends the text. One that stays inside the last
    measure's body (an organisation's line, then a date line: ``lines[signed:]``) has
    something after it; unless that is a list of attachments (附件), it is text the parser
    did not place."""
    org, date_line = lines[signed], lines[signed + 1]
    after = signed + 2
    while after < len(lines) and _signature_line(lines[after]):
        after += 1
    if after == len(lines) or _APPENDIX.match(lines[after]):
        return []
    date = meta.to_iso_date(date_line) or date_line
    return [
        Warning(
            "text-after-signature",
            f"落款（{org} {date}）之后还有文字：{_quote(lines[after])}"
            f"，共 {len(lines) - after} 行，在最后一条措施 {_label(last)} 里 "
            "(text after the signature, kept in the last measure)",
            last.id,
        )
    ]


def _signature_at(lines: list[str], i: int) -> bool:
    """An organisation's name on line i and a date on the next."""
    return (
        i + 1 < len(lines)
        and len(lines[i]) <= 30  # both lines are short: prose is skipped fast
        and len(lines[i + 1]) <= 40
        and _MAYBE_DATE.search(lines[i + 1]) is not None
        and meta.is_date_line(lines[i + 1])
        and meta.is_org_line(lines[i])
    )


def _signature_line(line: str) -> bool:
    """More of a signature block: another issuer, a date, 来源, （此件公开发布）, 抄送, 联系人."""
    return (
        meta.is_org_line(line)
        or meta.is_metadata_line(line)
        or bool(_NOTE.match(line) or _END_BLOCK.match(line))
    )


def _numbered_but_no_measures(preamble: str) -> list[Warning]:
    lines = (s for s in (ln.strip() for ln in preamble.split("\n")) if s)
    numbered = [s for s in lines if s[0] in _NUMBER_STARTS and match_heading(s)]
    if len(numbered) < 2:
        return []  # one numbered line is a sentence, not a structure
    return [
        Warning(
            "no-measures",
            f"没有找到措施，但有 {len(numbered)} 行带编号，如 {_quote(numbered[0])} "
            "(no measures found in a text with numbered lines)",
        )
    ]


def _label(m: Measure) -> str:
    return m.label.strip() or m.number or f"#{m.position}"


def _one_line(text: str) -> str:
    return " ".join(text.split())


def _quote(text: str) -> str:
    text = _one_line(text)
    return "「" + (text if len(text) <= _SHOWN else text[:_SHOWN] + "…") + "」"
