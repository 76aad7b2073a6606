"""Zero-hit suggestions: the query without one of its words, or with a misspelt word corrected."""

from __future__ import annotations

from collections.abc import Callable
from typing import Protocol

from index.search.query import DOCUMENT_PREFIXES, RANGE_PREFIXES, Clause, ParsedQuery
from index.search.tokenizer import cut, fold_text


class Words(Protocol):
    """Where corrections come from (field_words.TypoWords over the index)."""

    def doc_frequency(self, field: str, term: str) -> int: ...

    def close_terms(self, field: str, word: str, maxdist: int) -> list[str]: ...


def suggest(parsed: ParsedQuery, engine: Words, count: Callable[[str], int]) -> str | None:
    """A query that finds something: without one of the words, or with a close word.

    ``count(query_text)`` says how many measures a candidate query finds.
    """
    candidates = [parsed.text_without(i) for i in range(len(parsed.groups))]
    if len(parsed.groups) > 1:
        candidates = [c for c in candidates if c.strip()]
    else:
        candidates = []
    best = _most_found(candidates, count)
    if best:
        return best
    # A misspelt word (保税维护 → 保税维修) before dropping part of an unspaced one.
    corrected = correct_typos(parsed, engine, count)
    if corrected:
        return corrected
    candidates = []
    # Chinese is typed without spaces: 保税维修火星 is two words, try each without the other.
    for group in parsed.groups:
        for clause in group:
            if clause.prefix or clause.phrase:
                continue
            words = [w.text for w in cut(clause.value)]
            if len(words) > 1:
                for i in range(len(words)):
                    rest = " ".join(words[:i] + words[i + 1 :])
                    candidates.append(replace_clause(parsed, clause, rest))
    return _most_found(candidates, count)


def _most_found(candidates: list[str], count: Callable[[str], int]) -> str | None:
    best, best_count = None, 0
    for candidate in dict.fromkeys(candidates):
        found = count(candidate)
        if found > best_count:
            best, best_count = candidate, found
    return best


def correct_typos(
    parsed: ParsedQuery,
    engine: Words,
    count: Callable[[str], int],
    occurs: Callable[[str], bool] | None = None,
    at_least: int = 1,
) -> str | None:
    """The query with each word that is no indexed word replaced by the closest one.

    ``occurs(word)`` (when given) spares a word found as it is inside other words (港新片区
    in 临港新片区 is no typo). None unless the corrected query finds ``at_least`` measures.
    """
    replacements: dict[str, str] = {}
    for group in parsed.groups:
        for clause in group:
            if clause.prefix in RANGE_PREFIXES or clause.prefix in DOCUMENT_PREFIXES:
                continue
            word = fold_text(clause.value).strip()
            if (
                not word
                # A number typed otherwise is another number (9610 and 9710 are two
                # customs codes, 2023 is not a typo of 2024): never corrected.
                or any(ch.isdigit() for ch in word)
                or engine.doc_frequency("text", word)
                or engine.doc_frequency("title", word)
                or (occurs is not None and occurs(word))
            ):
                continue
            close = close_word(engine, word)
            if close:
                replacements[clause.raw] = close
    if not replacements:
        return None
    candidate = _rebuild(parsed, replacements)
    return candidate if count(candidate) >= max(1, at_least) else None


def close_word(engine: Words, word: str) -> str | None:
    """The indexed word closest to ``word`` (edit distance), the most frequent of the closest."""
    maxdist = 1 if len(word) <= 4 or not word.isascii() else 2
    best: tuple[int, str] | None = None
    for field_name in ("title", "text"):
        for suggestion in engine.close_terms(field_name, word, maxdist):
            freq = engine.doc_frequency(field_name, suggestion)
            if len(suggestion) >= min(2, len(word)) and (best is None or freq > best[0]):
                best = (freq, suggestion)
    return best[1] if best else None


def _rebuild(parsed: ParsedQuery, replacements: dict[str, str]) -> str:
    """The query text with some clauses (by their raw text) replaced."""
    parts = [" OR ".join(replacements.get(c.raw, c.raw) for c in g) for g in parsed.groups]
    parts += [c.raw for c in parsed.negatives]
    return " ".join(p for p in parts if p)


def replace_clause(parsed: ParsedQuery, clause: Clause, text: str) -> str:
    return _rebuild(parsed, {clause.raw: text})
