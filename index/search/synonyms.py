"""Synonym groups (data/synonyms.yaml): words a search treats as one (AEO / 经认证的经营者 …).

The YAML file is the source. Its groups are kept as JSON in the cache dir, under the
hash of the file's bytes, so a search process reads them without importing yaml
(~30 ms, the largest import of a `policy-tui search` after the engine's).
"""

from __future__ import annotations

import contextlib
import hashlib
import json
from functools import lru_cache
from pathlib import Path

from index.files import atomic_write
from index.paths import cache_dir
from index.search.tokenizer import fold_text

SYNONYMS_FILE = Path(__file__).parent / "data" / "synonyms.yaml"
PARSED_NAME = "synonyms.json"  # in the cache dir: {"sha256": …, "groups": […]}


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
    raw = path.read_bytes()
    digest = hashlib.sha256(raw).hexdigest()
    groups = _parsed_groups(digest)
    if groups is None:
        groups = _groups_of(path, raw)
        with contextlib.suppress(OSError):  # derived data: without it, the YAML is read
            cache_dir().mkdir(parents=True, exist_ok=True)
            atomic_write(
                cache_dir() / PARSED_NAME,
                json.dumps({"sha256": digest, "groups": groups}, ensure_ascii=False),
            )
    return Synonyms(groups)


def _groups_of(path: Path, raw: bytes) -> list[list[str]]:
    from index.yaml_io import safe_load  # only when the cached copy is not this file's

    data = safe_load(raw.decode("utf-8")) or {}
    groups = data.get("groups") or []
    if not isinstance(groups, list) or not all(isinstance(g, list) for g in groups):
        raise ValueError(f"{path}: 'groups' must be a list of lists of words")
    return [[str(word) for word in group] for group in groups]


def _parsed_groups(digest: str) -> list[list[str]] | None:
    """The groups kept for the file of this hash, or None (none, another file's, damaged)."""
    try:
        kept = json.loads((cache_dir() / PARSED_NAME).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(kept, dict) or kept.get("sha256") != digest:
        return None
    groups = kept.get("groups")
    if not isinstance(groups, list) or not all(
        isinstance(g, list) and all(isinstance(w, str) for w in g) for g in groups
    ):
        return None
    return groups


@lru_cache(maxsize=1)
def default_synonyms() -> Synonyms:
    return load_synonyms()
