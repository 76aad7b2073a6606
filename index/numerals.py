"""Chinese numerals and the numbering that starts a heading: the one home of both.

The parser (``index.parsing``), the Word and PDF readers (``index.formats``) and
date reading all use these, so 二十一 means 21 everywhere and a heading is
recognised by one rule.
"""

from __future__ import annotations

import re

_CN_DIGITS = {
    "零": 0,
    "〇": 0,
    "一": 1,
    "二": 2,
    "两": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
}
_CN_UNITS = {"十": 10, "百": 100, "千": 1000}
CN_NUMERAL = "零〇一二两三四五六七八九十百千"


def chinese_to_int(numeral: str) -> int | None:
    """二十一 → 21, 一百零一 → 101, 十 → 10; None when it is not a numeral."""
    if not numeral or any(ch not in _CN_DIGITS and ch not in _CN_UNITS for ch in numeral):
        return None
    total, digit, last_unit = 0, None, 10_000
    for ch in numeral:
        if ch in _CN_DIGITS:
            if digit is not None and digit != 0:
                return None  # two digits in a row ("一二") is not a numeral
            digit = _CN_DIGITS[ch]
        else:
            unit = _CN_UNITS[ch]
            if unit >= last_unit:
                return None  # units only ever decrease ("十十" is not a numeral)
            total += (1 if digit is None else digit) * unit
            digit, last_unit = None, unit
    if digit:
        total += digit
    return total if total > 0 else None


_CN_DIGIT_CHARS = "零一二三四五六七八九"
YEAR_DIGITS = "〇零一二三四五六七八九"  # how years are written digit by digit: 二〇二四
CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"

# The start of a numbered heading line in any style: 第一章/第一条, 一、, （一）, 1., ①.
HEADING_START = re.compile(
    rf"^(第[{CN_NUMERAL}\d]+[章节条部]|[{CN_NUMERAL}]+[、．.]|[（(][{CN_NUMERAL}\d]+[）)]"
    rf"|\d{{1,3}}[.．、](?!\d)|[{CIRCLED}])"
)


def int_to_chinese(n: int) -> str:
    """1 → 一, 10 → 十, 21 → 二十一, 101 → 一百零一 (how Word's chineseCounting writes them)."""
    d = _CN_DIGIT_CHARS
    if n < 10:
        return d[n]
    if n < 20:
        return "十" + (d[n % 10] if n % 10 else "")
    if n < 100:
        return d[n // 10] + "十" + (d[n % 10] if n % 10 else "")
    if n >= 1000:
        return str(n)
    rest = n % 100
    head = d[n // 100] + "百"
    if rest == 0:
        return head
    if rest < 10:
        return head + "零" + d[rest]
    return head + (d[rest // 10] + "十" + (d[rest % 10] if rest % 10 else ""))


def digit_string_to_int(text: str) -> int | None:
    """A numeral written digit by digit, as in years: 二〇二四 → 2024, 2024 → 2024."""
    if text.isdigit():
        return int(text)
    values = {"〇": 0, "零": 0, **{ch: i for i, ch in enumerate(_CN_DIGIT_CHARS) if i}}
    if text and all(ch in values for ch in text):
        return int("".join(str(values[ch]) for ch in text))
    return None
