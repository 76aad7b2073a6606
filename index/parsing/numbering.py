"""Recognise the numbering that starts a heading line (一、 （一） 1. （1） ① 第一条 …).

Chinese official documents number their levels in a known set of styles; each
style is a *kind* here. Which kinds are sections and which are measures is
decided per document by the parser, not here.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from index.numerals import CIRCLED as _CIRCLED
from index.numerals import CN_NUMERAL, chinese_to_int

# Kinds, from the outermost conventional level inwards. The parser may find a
# document that nests them differently (e.g. （一） groups around 一、 measures).
CHAPTER = "chapter"  # 第一章 / 第一部分 / 第一编: only ever sections
SUBCHAPTER = "subchapter"  # 第一节: a part of a chapter (a section of its own without chapters)
ARTICLE = "article"  # 第一条: only ever measures
CN = "cn"  # 一、  一．  一 title
CN_PAREN = "cn_paren"  # （一） (一)
ARABIC = "arabic"  # 1.  1、  1．
ARABIC_PAREN = "arabic_paren"  # （1） (1)
CIRCLED = "circled"  # ①
QUESTION = "question"  # 问： / Q1： — a Q&A page's questions, measures when they recur

KIND_ORDER = (CHAPTER, SUBCHAPTER, ARTICLE, CN, CN_PAREN, ARABIC, ARABIC_PAREN, CIRCLED, QUESTION)

_SPACE = r"[ \u00a0\u3000\u2000-\u200b\t]"
_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = (
    # 第一章, 第 一 章 (letter-spaced), 第1條, 第10-1條 (an article inserted after 第10條)
    (
        CHAPTER,
        re.compile(
            rf"^(第{_SPACE}*([{CN_NUMERAL}]+|\d+(?:-\d+)?){_SPACE}*(章|部分|编|編))(?:{_SPACE}*)"
        ),
    ),
    (
        SUBCHAPTER,
        re.compile(rf"^(第{_SPACE}*([{CN_NUMERAL}]+|\d+){_SPACE}*(节|節))(?:{_SPACE}*)"),
    ),
    (
        ARTICLE,
        re.compile(rf"^(第{_SPACE}*([{CN_NUMERAL}]+|\d+(?:-\d+)?){_SPACE}*[条條])(?:{_SPACE}*)"),
    ),
    (
        QUESTION,
        re.compile(rf"^((?:问|問|提问|Q)({_SPACE}*\d{{0,3}}){_SPACE}*[：:]{_SPACE}*)(?=\S)"),
    ),
    (CN, re.compile(rf"^(([{CN_NUMERAL}]+)(?:[、，,．.]{_SPACE}*|{_SPACE}+))(?=\S)")),
    (
        CN_PAREN,
        re.compile(rf"^([（(]{_SPACE}*([{CN_NUMERAL}]+){_SPACE}*[）)][、，,．.]?{_SPACE}*)"),
    ),
    (
        ARABIC,
        re.compile(
            rf"^((\d{{1,3}})(?:[.．、，,](?!(?!\d{{4}}年)\d){_SPACE}*|{_SPACE}*、{_SPACE}*))(?=\S)"
        ),
    ),
    (ARABIC_PAREN, re.compile(rf"^([（(]{_SPACE}*(\d{{1,3}}){_SPACE}*[）)][、，,．.]?{_SPACE}*)")),
    (CIRCLED, re.compile(rf"^(([{_CIRCLED}]){_SPACE}*)")),
)


@dataclass(frozen=True)
class HeadingMark:
    """The numbering at the start of a line: its kind, value and exact text."""

    kind: str
    value: int
    label: str  # the numbering as written, without trailing whitespace
    number: str  # the numeral alone, as written ("一", "13", "①")
    rest: str  # the line after the numbering


def _numeral_value(kind: str, numeral: str) -> int | None:
    if kind == CIRCLED:
        return _CIRCLED.index(numeral) + 1
    if kind == QUESTION:
        return int(numeral) if numeral.strip().isdigit() else 1  # unnumbered: every one counts
    folded = unicodedata.normalize("NFKC", numeral).split("-")[0]
    if folded.isdigit():
        return int(folded)
    return chinese_to_int(numeral)


@lru_cache(maxsize=4096)  # pure, and asked of each line several times while cleaning
def match_heading(line: str) -> HeadingMark | None:
    """The numbering that starts ``line`` (already stripped), if any."""
    folded = _fold_digits(line[:48]) + line[48:]  # numbering sits in the first characters
    for kind, pattern in _PATTERNS:
        m = pattern.match(folded)
        if not m:
            continue
        end = m.end()
        raw_label = line[: m.end(1)]
        numeral = line[m.start(2) : m.end(2)]
        value = _numeral_value(kind, numeral)
        if value is None or value > 300:
            continue
        rest = line[end:]
        if kind == CN and not _plausible_cn_heading(numeral, line[m.end(2) : m.end(1)], rest):
            continue
        if not rest.strip() and kind not in (CHAPTER, SUBCHAPTER, ARTICLE):
            continue
        return HeadingMark(kind, value, raw_label.rstrip(), numeral, rest)
    return None


def _plausible_cn_heading(numeral: str, delimiter: str, rest: str) -> bool:
    """Reject prose that merely starts with a numeral word ("一是", "十分", "三 年")."""
    if delimiter.strip(" \u00a0\u3000\t"):
        return True  # an explicit 、 or ．
    # "一 title": a space after the numeral; the title must be a heading, not a number
    return bool(rest) and not rest[0].isdigit() and len(numeral) <= 4


def _fold_digits(text: str) -> str:
    """Full-width digits and brackets to ASCII, character for character (same length)."""
    return text.translate(_FOLD)


_FOLD = str.maketrans("０１２３４５６７８９", "0123456789")


def find_inline_successor(text: str, kind: str, value: int) -> int | None:
    """Where ``value + 1`` of ``kind`` starts inside ``text`` after a sentence end.

    Finds measures packed on one line ("1．title。body2．title。body"); only a
    successor right after 。；！？ counts, so "2.5亿元" or "第1条" never split.
    """
    if kind not in (ARABIC, CIRCLED, ARABIC_PAREN, CN_PAREN):
        return None
    successor = value + 1
    if kind == ARABIC:
        pat = (
            rf"(?<=[。；;！!？?]){_SPACE}*((?:{successor}|{_to_fullwidth(successor)})[.．、](?!\d))"
        )
    elif kind == CIRCLED:
        if successor > len(_CIRCLED):
            return None
        pat = rf"(?<=[。；;！!？?]){_SPACE}*({_CIRCLED[successor - 1]})"
    elif kind == ARABIC_PAREN:
        pat = rf"(?<=[。；;！!？?]){_SPACE}*([（(]{successor}[）)])"
    else:
        return None
    m = re.search(pat, text)
    return m.start(1) if m else None


def _to_fullwidth(n: int) -> str:
    return str(n).translate(str.maketrans("0123456789", "０１２３４５６７８９"))
