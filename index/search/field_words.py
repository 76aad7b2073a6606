"""The words typo correction looks among, kept beside the index.

Asking an engine for every term of a field is slow on a large library (tantivy 13 ms
for the titles and 55 ms for the texts at 100,000 measures; whoosh walks its term
file), and it happened on the first typo of each session. An index update lists them
once and writes them to a file named by the update's generation (a hash of the
indexed documents' fingerprints); a process reads that file (~1 ms) and lists from the
engine only when the file is missing, damaged or of another generation. The counts
come from the engine, for the few words close to a typed one.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from pathlib import Path

from index.files import atomic_write
from index.search.engines.base import Engine
from index.search.vocabulary import Vocabulary

TYPO_FIELDS = ("title", "text")  # where suggest.close_word looks
FILE_PREFIX = "policy-tui-words-"
_VERSION = 1


def generation(documents: Mapping[str, str]) -> str:
    """The generation of an index holding ``documents`` (id → fingerprint)."""
    text = json.dumps(sorted(documents.items()), ensure_ascii=False)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def _path(index_dir: Path, generation_: str) -> Path:
    return index_dir / f"{FILE_PREFIX}{generation_}.json"


def has_words(index_dir: Path, generation_: str) -> bool:
    return _path(index_dir, generation_).is_file()


def write_words(index_dir: Path, generation_: str, engine: Engine) -> None:
    """List the typo fields' words from ``engine`` and keep them for ``generation_``,
    removing the lists of earlier generations."""
    words = {field: "\n".join(engine.words(field)) for field in TYPO_FIELDS}
    path = _path(index_dir, generation_)
    atomic_write(path, json.dumps({"version": _VERSION, "fields": words}, ensure_ascii=False))
    for old in index_dir.glob(f"{FILE_PREFIX}*.json"):
        if old != path:
            old.unlink(missing_ok=True)


def _read_words(index_dir: Path, generation_: str | None) -> dict[str, list[str]]:
    if generation_ is None:
        return {}
    try:
        data = json.loads(_path(index_dir, generation_).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    fields = data.get("fields") if isinstance(data, dict) else None
    if not isinstance(fields, dict) or data.get("version") != _VERSION:
        return {}
    return {k: v.split("\n") for k, v in fields.items() if isinstance(v, str) and v}


class TypoWords:
    """What typo correction asks (suggest.py): a field's close terms and a term's count."""

    def __init__(self, engine: Engine, index_dir: Path) -> None:
        self._engine = engine
        self._index_dir = index_dir
        self._generation: str | None = None
        self._vocabulary: dict[str, Vocabulary] = {}
        self._listed: dict[str, list[str]] | None = None

    def use_generation(self, generation_: str | None) -> None:
        """The index now holds this generation (None: not known); forget what was read."""
        self._generation = generation_
        self._vocabulary = {}
        self._listed = None

    def doc_frequency(self, field: str, term: str) -> int:
        return self._engine.doc_frequency(field, term)

    def close_terms(self, field: str, word: str, maxdist: int) -> list[str]:
        """Indexed terms of ``field`` within ``maxdist`` edits of ``word`` (a few, best first)."""
        vocabulary = self._vocabulary.get(field)
        if vocabulary is None:
            if self._listed is None:
                self._listed = _read_words(self._index_dir, self._generation)
            words = self._listed.get(field)
            if words is None:
                words = self._engine.words(field)
            vocabulary = Vocabulary(words, lambda term: self._engine.doc_frequency(field, term))
            self._vocabulary[field] = vocabulary
        return vocabulary.close_terms(word, maxdist)
