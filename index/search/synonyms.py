"""Synonym groups (data/synonyms.yaml): words a search treats as one (AEO / 经认证的经营者 …)."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from index.search.tokenizer import fold_text
from index.yaml_io import safe_load

SYNONYMS_FILE = Path(__file__).parent / "data" / "synonyms.yaml"


class Synonyms:
    """Groups of interchangeable words, looked up by their folded form."""

    def __init__(self, groups: list[list[str]]) -> None:
        self._by_word: dict[str, tuple[str, ...]] = {}
        for group in groups:
            members = tuple(
                dict.fromkeys(fold_text(str(w)).strip() for w in group if str(w).strip())
            )
            for member in members:
                self._by_word[member] = tuple(
                    dict.fromkeys(self._by_word.get(member, ()) + members)
                )

    def alternatives(self, word: str) -> tuple[str, ...]:
        """``word`` and its synonyms (just ``word`` when it is in no group)."""
        folded = fold_text(word).strip()
        return self._by_word.get(folded, (folded,))

    def is_group_word(self, text: str) -> bool:
        """Whether ``text`` (e.g. an English name of several words) is in a group."""
        return fold_text(text).strip() in self._by_word

    def __len__(self) -> int:
        return len(self._by_word)


def load_synonyms(path: Path = SYNONYMS_FILE) -> Synonyms:
    """Read a synonyms file: ``groups:`` a list of lists of words."""
    data = safe_load(path.read_text(encoding="utf-8")) or {}
    groups = data.get("groups") or []
    if not isinstance(groups, list) or not all(isinstance(g, list) for g in groups):
        raise ValueError(f"{path}: 'groups' must be a list of lists of words")
    return Synonyms(groups)


@lru_cache(maxsize=1)
def default_synonyms() -> Synonyms:
    return load_synonyms()
