"""Text folding shared by search, ids and bookmarks: one definition of "the same text".

* :func:`fold_width_case` keeps the length (so offsets into the folded text are
  offsets into the original) and is what search matches and highlights on;
* :func:`fold_search` also turns traditional characters into simplified ones,
  keeping the length too: what the search index and its highlights use;
* :func:`identity_fold` drops whitespace and is what ids and bookmark
  re-finding compare, so a cosmetic edit (a full-width digit, a wrapped line)
  does not make a measure a different one.
"""

from __future__ import annotations

import functools
import re
import unicodedata


def fold_width_case(text: str) -> str:
    """Width-fold and lower-case, keeping the length, so offsets map 1:1 to the original."""
    if text.isascii():
        return text.lower()
    return text.translate(_WIDTH_CASE)


class _WidthCaseTable(dict[int, str]):
    """``str.translate`` table filled on first sight of each character: translate runs in C,
    and NFKC is asked once per distinct character instead of once per character of text."""

    def __missing__(self, code: int) -> str:
        ch = chr(code)
        if ch.isascii():
            folded = ch.lower()
        else:
            nfkc = unicodedata.normalize("NFKC", ch)
            folded = nfkc.lower() if len(nfkc) == 1 else ch
        if len(folded) != 1:  # a lower-case form of two characters (İ) would shift offsets
            folded = ch
        self[code] = folded
        return folded


_WIDTH_CASE = _WidthCaseTable()


def identity_fold(text: str | None) -> str:
    """Width-folded (NFKC), without whitespace: how ids and re-found bookmarks compare text."""
    folded = unicodedata.normalize("NFKC", text or "")
    return "".join(ch for ch in folded if not ch.isspace())


# Characters the converter's simplified form keeps apart although readers type one
# for both (餘 → 馀 in zh-hans, but 其余 is how everyone writes it).
_SIMPLIFIED_OVERRIDES = {"餘": "余", "馀": "余"}
# Han characters whose one-character simplified form the converter is asked for:
# CJK Extension A, the Unified Ideographs and the compatibility ideographs.
_HAN_RANGES = ((0x3400, 0x4DC0), (0x4E00, 0xA000), (0xF900, 0xFB00))


@functools.cache
def _simplified_table() -> dict[int, str]:
    """A ``str.translate`` table: each traditional Han character → its simplified one.

    Built once (≈5 ms) from zhconv-rs, one character at a time, keeping only
    one-to-one results, so converting never changes a text's length: offsets in
    the converted text are offsets in the original (highlights land on the
    characters as written). Context-dependent phrase conversions are given up
    for that; index and query are converted alike, so matching stays symmetric.
    """
    import zhconv_rs

    chars = [chr(code) for low, high in _HAN_RANGES for code in range(low, high)]
    converted = zhconv_rs.zhconv("\n".join(chars), "zh-hans").split("\n")
    if len(converted) != len(chars):  # a converter that joined lines: convert one by one
        converted = [zhconv_rs.zhconv(ch, "zh-hans") for ch in chars]
    table = {
        ord(ch): simple
        for ch, simple in zip(chars, converted, strict=True)
        if len(simple) == 1 and simple != ch
    }
    table.update({ord(ch): simple for ch, simple in _SIMPLIFIED_OVERRIDES.items()})
    return table


def _simplified_char(ch: str) -> str:
    """One character as ``_simplified_table`` maps it, without building the table when
    it is not built yet: a query folds a handful of characters, the table is 28,000."""
    if _simplified_table.cache_info().currsize:
        return _simplified_table().get(ord(ch), ch)
    if ch in _SIMPLIFIED_OVERRIDES:
        return _SIMPLIFIED_OVERRIDES[ch]
    if len(ch) != 1 or not any(low <= ord(ch) < high for low, high in _HAN_RANGES):
        return ch
    import zhconv_rs

    simple = zhconv_rs.zhconv(ch, "zh-hans")
    return simple if len(simple) == 1 else ch


def to_simplified(text: str) -> str:
    """Traditional Han characters → simplified, character by character (length kept)."""
    return text.translate(_simplified_table())


def fold_search(text: str) -> str:
    """What search indexes and matches: width- and case-folded, simplified; length kept.

    One ``translate`` pass with both foldings in one table (an index build folds
    every line of every measure, so two passes were a tenth of its time). Text that
    folding would not change is given back after a check in C, ~20× faster than
    translating, once a process has folded enough to repay the check's set-up
    (the whole simplified table and a pattern of it, ~30 ms): a query and its
    highlights fold a few thousand characters, an index build millions.
    """
    global _folded_so_far
    if text.isascii():
        return text.lower()
    if _folded_so_far > BULK_FOLDING_AFTER:
        if _is_search_folded(text):
            return text
    else:
        _folded_so_far += len(text)
    return text.translate(_SEARCH_FOLD)


BULK_FOLDING_AFTER = 50_000  # characters
_folded_so_far = 0


def _is_search_folded(text: str) -> bool:
    """True when ``fold_search`` would give ``text`` back: NFKC-normal, lower-case, and
    holding no character the simplified table changes."""
    return (
        unicodedata.is_normalized("NFKC", text)
        and text.lower() == text
        and _traditional_characters().search(text) is None
    )


@functools.cache
def _traditional_characters() -> re.Pattern[str]:
    """Any one character that ``to_simplified`` changes."""
    changed = "".join(sorted(map(chr, _simplified_table())))
    return re.compile("[" + re.escape(changed) + "]")


class _SearchFoldTable(dict[int, str]):
    """``fold_width_case`` then ``to_simplified`` of one character, filled on first sight."""

    def __missing__(self, code: int) -> str:
        folded = _simplified_char(_WIDTH_CASE[code])
        self[code] = folded
        return folded


_SEARCH_FOLD = _SearchFoldTable()
