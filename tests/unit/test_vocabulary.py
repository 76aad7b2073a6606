"""Typo correction's vocabulary: the character lists find every close term a full scan finds."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from index.search.vocabulary import Vocabulary, edit_distance

CHARS = "保税维修护综合区稽查察ab"
words = st.text(alphabet=CHARS, min_size=1, max_size=6)


def full_scan(terms: list[tuple[str, int]], word: str, maxdist: int) -> list[str]:
    scored = sorted(
        (edit_distance(word, t, maxdist), -c, t)
        for t, c in terms
        if t != word and edit_distance(word, t, maxdist) <= maxdist
    )
    return [t for _d, _c, t in scored[:3]]


@given(st.dictionaries(words, st.integers(1, 50), max_size=40), words, st.integers(1, 2))
def test_close_terms_are_those_of_a_full_scan(
    terms: dict[str, int], word: str, maxdist: int
) -> None:
    listed = sorted(terms.items())
    if len(word) <= maxdist:  # every term is that close to a word that short: none offered
        assert Vocabulary.of_counts(listed).close_terms(word, maxdist) == []
        return
    assert Vocabulary.of_counts(listed).close_terms(word, maxdist) == full_scan(
        listed, word, maxdist
    )


def test_the_closest_then_the_most_frequent() -> None:
    vocabulary = Vocabulary.of_counts(
        [("保税维修", 20), ("保税维", 3), ("稽查", 9), ("保税区", 40)]
    )
    assert vocabulary.close_terms("保税维护", 1) == ["保税维修", "保税维"]  # both one edit away
    assert vocabulary.close_terms("报税维修", 1) == ["保税维修"]  # the first character typed wrong
    assert vocabulary.close_terms("稽察", 1) == ["稽查"]


def test_edit_distance() -> None:
    assert edit_distance("稽察", "稽查", 2) == 1
    assert edit_distance("固体废弃物", "固体废物", 2) == 1
    assert edit_distance("abc", "xyz", 1) == 2  # stops once past the limit


def test_frequencies_asked_only_of_close_terms() -> None:
    """whoosh lists its words cheaply but reads each word's frequency from disk: a
    vocabulary of words asks for the frequencies of the close ones only, and answers
    as one built with every count."""
    counts = {"保税维修": 20, "保税维": 3, "稽查": 9, "保税区": 40, "综合保税区": 7}
    asked: list[str] = []

    def frequency(term: str) -> int:
        asked.append(term)
        return counts[term]

    lazy = Vocabulary(sorted(counts), frequency)
    assert lazy.close_terms("保税维护", 1) == Vocabulary.of_counts(
        sorted(counts.items())
    ).close_terms("保税维护", 1)
    assert sorted(asked) == ["保税维", "保税维修"]


def test_a_word_holding_a_line_break_is_answered() -> None:
    """The terms are kept a line each: a line break in a typed word is no term's."""
    vocabulary = Vocabulary.of_counts([("保税维修", 3), ("稽查", 2)])
    assert vocabulary.close_terms("\n保", 1) == []
    assert vocabulary.close_terms("保税\n维修", 1) == ["保税维修"]
