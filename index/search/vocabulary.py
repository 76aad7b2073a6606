"""The indexed words of a field, for typo correction: the closest ones to a word not found.

One implementation for every engine (each lists its terms once per searcher): whoosh's
own corrector walks its term file in Python and took ~160 ms a word at 5,000 measures.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence


class Vocabulary:
    """A field's terms, findable by the characters they hold: a term within ``d`` edits of a
    word holds all but ``d`` of the word's characters, so it holds one of any ``d + 1`` of
    them — the word's rarest, whose lists are short.

    The terms are kept as one string, a term a line, and a character's list is found in
    it when a typed word first needs it (a count and a find in C): listing every term of
    every character up front was ~30 ms at 100,000 measures, on the first typo of a session.
    """

    def __init__(self, words: Sequence[str], frequency: Callable[[str], int]) -> None:
        """``frequency`` is asked only for the few words close to a typed one (whoosh's term
        infos are a disk read each: listing them all took 0.4 s at 10,000 measures)."""
        self.words = [word for word in words if word and "\n" not in word]
        self.frequency = frequency
        self._lines = "\n" + "\n".join(self.words) + "\n"
        self._by_char: dict[str, list[str]] = {}

    @classmethod
    def of_counts(cls, terms: Sequence[tuple[str, int]]) -> Vocabulary:
        """Terms listed with their frequencies."""
        return cls([term for term, _count in terms], dict(terms).__getitem__)

    def _holding(self, ch: str) -> list[str]:
        """The terms that hold ``ch``, each once (none holds a line break: it parts them)."""
        if ch == "\n":
            return []
        found = self._by_char.get(ch)
        if found is None:
            lines, found, at = self._lines, [], self._lines.find(ch)
            while at != -1:
                start = lines.rfind("\n", 0, at) + 1
                end = lines.find("\n", at)
                found.append(lines[start:end])
                at = lines.find(ch, end)  # the next term's, not this term's again
            self._by_char[ch] = found
        return found

    def candidates(self, word: str, maxdist: int) -> list[str]:
        if len(word) <= maxdist:
            return []
        chars = sorted(set(word), key=lambda ch: (self._lines.count(ch), ch))
        picked: set[str] = set()
        for ch in chars[: maxdist + 1]:
            picked.update(self._holding(ch))
        return sorted(
            term for term in picked if term != word and abs(len(term) - len(word)) <= maxdist
        )

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
