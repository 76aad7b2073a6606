"""The indexed words of a field, for typo correction: the closest ones to a word not found.

One implementation for every engine (each lists its terms once per searcher): whoosh's
own corrector walks its term file in Python and took ~160 ms a word at 5,000 measures.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence


class Vocabulary:
    """A field's terms, findable by the characters they hold: a term within ``d`` edits of a
    word holds all but ``d`` of the word's characters, so it holds one of any ``d + 1`` of
    them — the word's rarest, whose lists are short. Built on the first typo of a session."""

    def __init__(self, words: Sequence[str], frequency: Callable[[str], int]) -> None:
        """``frequency`` is asked only for the few words close to a typed one (whoosh's term
        infos are a disk read each: listing them all took 0.4 s at 10,000 measures)."""
        self.words = list(words)
        self.frequency = frequency
        self.by_char: dict[str, list[int]] = {}
        for i, term in enumerate(self.words):
            for ch in set(term):
                self.by_char.setdefault(ch, []).append(i)

    @classmethod
    def of_counts(cls, terms: Sequence[tuple[str, int]]) -> Vocabulary:
        """Terms listed with their frequencies (tantivy gives both at once)."""
        return cls([term for term, _count in terms], dict(terms).__getitem__)

    def candidates(self, word: str, maxdist: int) -> list[str]:
        if len(word) <= maxdist:
            return []
        chars = sorted(set(word), key=lambda ch: len(self.by_char.get(ch, ())))
        picked: set[int] = set()
        for ch in chars[: maxdist + 1]:
            picked.update(self.by_char.get(ch, ()))
        return [
            self.words[i]
            for i in sorted(picked)
            if self.words[i] != word and abs(len(self.words[i]) - len(word)) <= maxdist
        ]

    def close_terms(self, word: str, maxdist: int, limit: int = 3) -> list[str]:
        """Terms within ``maxdist`` edits, closest first, then the most frequent."""
        scored = []
        for term in self.candidates(word, maxdist):
            distance = edit_distance(word, term, maxdist)
            if distance <= maxdist:
                scored.append((distance, -self.frequency(term), term))
        return [term for _d, _c, term in sorted(scored)[:limit]]


def edit_distance(a: str, b: str, limit: int) -> int:
    """Levenshtein distance, stopping early once every path exceeds ``limit``."""
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i]
        for j, cb in enumerate(b, 1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ca != cb)))
        if min(current) > limit:
            return limit + 1
        previous = current
    return previous[-1]
