"""What a person should look at in a parsed document: `policy-tui parse --check` and the ⚠.

Pure, like the parser: a Document in, a list of warnings out, never an
exception. Each warning names something the reader can check against the
file: a gap or repeat in the measure numbering, a measure long enough to hold
several, text after the signature, no date, or numbered lines but no measures.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, replace
from functools import lru_cache

from index.model import Document, Measure
from index.numerals import CIRCLED, chinese_to_int
from index.parsing import metadata as meta
from index.parsing.numbering import match_heading

LONG_MEASURE = 3000  # characters of title + body: more is likely several measures run together
_SHOWN = 30  # characters of the file's text quoted in a message
_APPENDIX = re.compile(r"^(?:相关)?附\s*[件表录]")  # 附件：1.…, 附件1, 相关附件：, 附表, 附录
_NOTE = re.compile(r"^[（(]此件.{0,12}[）)]$")


@dataclass(frozen=True)
class Warning:  # shadows the builtin only inside this module: import the module, use checks.Warning
    """One thing to check by eye: ``code`` for programs, ``message`` (中文 (English)) for people."""

    code: str  # numbering-gap, numbering-repeat, numbering-order, numbering-start,
    # long-measure, text-after-signature, no-date, no-measures
    message: str
    measure_id: str | None = None


def check_document(doc: Document) -> list[Warning]:
    """The warnings for ``doc``, in document order of what they point at; [] when clean."""
    out = _numbering(doc.measures)
    out.extend(_long_measures(doc.measures))
    out.extend(_after_signature(doc.measures))
    if not doc.date:
        out.append(Warning("no-date", "未找到日期 (no date found)"))
    if not doc.measures:
        out.extend(_numbered_but_no_measures(doc.preamble))
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


def _numbering(measures: tuple[Measure, ...]) -> list[Warning]:
    """n is followed by n+1, or by 1 (a new run, as in each section); anything else is noted."""
    out: list[Warning] = []
    previous: tuple[Measure, int] | None = None
    for m in measures:
        value = numeral_value(m.number)
        if value is None:
            continue
        if previous is None:
            if value != 1:
                out.append(
                    Warning(
                        "numbering-start",
                        f"编号从 {_label(m)} 开始，不是从 1 (numbering starts at {value})",
                        m.id,
                    )
                )
        else:
            before, was = previous
            if value == was:
                out.append(
                    Warning(
                        "numbering-repeat",
                        f"编号重复：{_label(before)} 之后又是 {_label(m)} (numbering repeat)",
                        m.id,
                    )
                )
            elif value > was + 1:
                out.append(
                    Warning(
                        "numbering-gap",
                        f"编号跳过：{_label(before)} 之后是 {_label(m)} (numbering gap: {was} → {value})",
                        m.id,
                    )
                )
            elif value < was and value != 1:
                out.append(
                    Warning(
                        "numbering-order",
                        f"编号倒退：{_label(before)} 之后是 {_label(m)} (numbering goes back: {was} → {value})",
                        m.id,
                    )
                )
        previous = (m, value)
    return out


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


def _after_signature(measures: tuple[Measure, ...]) -> list[Warning]:
    """The parser cuts a signature block that ends the text. One that stays inside the last
    measure's body (organisation lines, then a date line) has something after it; unless that
    is a list of attachments (附件), it is text the parser did not place."""
    if not measures:
        return []
    last = measures[-1]
    lines = [s for s in (ln.strip() for ln in last.body.split("\n")) if s]
    for i in range(1, len(lines)):
        if not (_short_date_line(lines[i]) and meta.is_org_line(lines[i - 1])):
            continue
        after = i + 1
        while after < len(lines) and _signature_line(lines[after]):
            after += 1
        if after == len(lines) or _APPENDIX.match(lines[after]):
            return []
        date = meta.to_iso_date(lines[i]) or lines[i]
        return [
            Warning(
                "text-after-signature",
                f"落款（{lines[i - 1]} {date}）之后还有文字：{_quote(lines[after])}"
                f"，共 {len(lines) - after} 行，在最后一条措施 {_label(last)} 里 "
                "(text after the signature, kept in the last measure)",
                last.id,
            )
        ]
    return []


def _short_date_line(line: str) -> bool:
    return len(line) <= 40 and meta.is_date_line(line)  # a date line is short: skip prose fast


def _signature_line(line: str) -> bool:
    """More of a signature block: another issuer, a date, 来源, （此件公开发布）."""
    return meta.is_org_line(line) or meta.is_metadata_line(line) or bool(_NOTE.match(line))


def _numbered_but_no_measures(preamble: str) -> list[Warning]:
    numbered = [ln.strip() for ln in preamble.split("\n") if match_heading(ln.strip())]
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
