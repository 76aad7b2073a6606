"""jieba's dictionary as a file a process reads only the words it asks about.

Loading the word cutter is loading all of its dictionary: importing rjieba takes
~0.17 s (jieba's own start ~1 s), while cutting a query needs the few dozen
entries that are pieces of it. This file holds what jieba's accurate cut reads —
its prefix dictionary (every word with its frequency, every prefix of a word
with 0) after our user dictionary, the total frequency, and the HMM's start,
transition and emission tables — in SQLite, so :mod:`index.search.query_cut` can
cut a query looking up only its own pieces.

It is made once per installation, from jieba's own data files, by a process
that has loaded the real cutter anyway (:func:`build` cuts probe texts both ways
and refuses to keep a list that cuts any differently), and lives in the cache
dir (derived data: deleting it only makes the next query load the cutter).
"""

from __future__ import annotations

import hashlib
import importlib.util
import json
import math
import os
import threading
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path

from index.files import atomic_write
from index.paths import cache_dir
from index.versions import installed_version

# Bump when what the file holds, or how it is laid out, changes.
LIST_VERSION = "1"
WORD_LIST_ENV = "POLICY_TUI_WORD_LIST_DIR"  # another folder for the lists (tests share one)
HMM_STATES = "BMES"
_CHUNK = 500  # SQLite parameters per lookup query


class WordListError(Exception):
    """The word list cannot be used (missing, damaged, or made for other data)."""


def word_list_dir() -> Path:
    override = os.environ.get(WORD_LIST_ENV, "").strip()
    return Path(override) if override else cache_dir() / "words"


def jieba_folder() -> Path:
    """Where the installed jieba keeps dict.txt and its HMM tables, without importing it
    (importing jieba imports pkg_resources: ~0.3 s)."""
    spec = importlib.util.find_spec("jieba")
    if spec is None or not spec.submodule_search_locations:
        raise WordListError("jieba is not installed")
    return Path(next(iter(spec.submodule_search_locations)))


def list_path(backend: str, user_dict: Path) -> Path:
    """The list for this backend and release, jieba's release and our user dictionary."""
    digest = hashlib.sha256(user_dict.read_bytes()).hexdigest()[:10]
    key = (
        f"{backend}-{installed_version(backend)}-jieba-{installed_version('jieba')}"
        f"-dict-{digest}-v{LIST_VERSION}"
    )
    return word_list_dir() / f"{key}.sqlite"


def refused_marker(path: Path) -> Path:
    """Left beside a list's place when the list was made and cut differently from the
    backend: no process tries again for the same releases."""
    return path.with_name(path.name + ".refused")


class WordList:
    """Read-only lookups in a word list file."""

    def __init__(self, path: Path) -> None:
        try:
            import sqlite3  # here: a Python built without it just has no word list
        except ImportError:
            raise WordListError("this Python has no sqlite3") from None
        self._errors = sqlite3.Error
        self._lock = threading.Lock()  # one connection, shared by the reader's threads
        try:
            self._db = sqlite3.connect(
                f"{path.resolve().as_uri()}?mode=ro&immutable=1", uri=True, check_same_thread=False
            )
            meta = dict(self._db.execute("SELECT key, value FROM meta"))
            self.total = int(meta["total"])
            self.start: dict[str, float] = json.loads(meta["start"])
            self.trans: dict[str, dict[str, float]] = json.loads(meta["trans"])
        except (sqlite3.Error, KeyError, ValueError, OSError) as exc:
            raise WordListError(f"{path.name}: {exc}") from None
        self.log_total = math.log(self.total)

    def entries(self, pieces: Iterable[str]) -> dict[str, int]:
        """Those of ``pieces`` that jieba's prefix dictionary holds: word → frequency,
        prefix of a longer word → 0."""
        return dict(self._rows("SELECT word, freq FROM words WHERE word IN ({})", pieces))

    def emission(self, chars: Iterable[str]) -> dict[str, tuple[float | None, ...]]:
        """Each known character's log probability under the states B, M, E, S."""
        rows = self._rows("SELECT ch, b, m, e, s FROM emit WHERE ch IN ({})", chars)
        return {row[0]: tuple(row[1:]) for row in rows}

    def _rows(self, sql: str, keys: Iterable[str]) -> list[tuple]:  # type: ignore[type-arg]
        wanted = list(set(keys))
        rows = []
        try:
            for i in range(0, len(wanted), _CHUNK):
                chunk = wanted[i : i + _CHUNK]
                with self._lock:
                    cursor = self._db.execute(sql.format(",".join("?" * len(chunk))), chunk)
                    rows.extend(cursor.fetchall())
        except self._errors as exc:
            raise WordListError(str(exc)) from None
        return rows

    def close(self) -> None:
        self._db.close()


def build(
    path: Path,
    backend: str,
    user_terms: Sequence[tuple[str, int]],
    cut_by_backend: Callable[[str], list[tuple[str, int, int]]],
    cut_by_list: Callable[[WordList, str], list[tuple[str, int, int]]],
    probes: Iterable[str],
) -> bool:
    """Make the list at ``path`` (about a second); keep it only if it cuts every probe as
    the backend does. False (and a marker, so no one tries again) if it does not."""
    image = _image(backend, user_terms)
    path.parent.mkdir(parents=True, exist_ok=True)
    trial = path.with_name(f".{path.name}-{os.getpid()}.trial")
    try:
        trial.write_bytes(image)
        words = WordList(trial)
        try:
            same = all(cut_by_list(words, text) == cut_by_backend(text) for text in probes)
        finally:
            words.close()
    finally:
        trial.unlink(missing_ok=True)
    if not same:
        atomic_write(refused_marker(path), "cut differently from the backend\n")
        return False
    atomic_write(path, image)
    return True


def _image(backend: str, user_terms: Sequence[tuple[str, int]]) -> bytes:
    """The list as the bytes of an SQLite database."""
    try:
        import sqlite3
    except ImportError:
        raise WordListError("this Python has no sqlite3") from None
    folder = jieba_folder()
    freq, total = _prefix_dictionary(folder / "dict.txt", backend, user_terms)
    emit = _hmm_table(folder / "finalseg" / "prob_emit.py")
    db = sqlite3.connect(":memory:")
    db.execute("CREATE TABLE words (word TEXT PRIMARY KEY, freq INTEGER NOT NULL) WITHOUT ROWID")
    db.executemany("INSERT INTO words VALUES (?, ?)", freq.items())
    db.execute(
        "CREATE TABLE emit (ch TEXT PRIMARY KEY, b REAL, m REAL, e REAL, s REAL) WITHOUT ROWID"
    )
    chars = sorted(set().union(*(emit[state] for state in HMM_STATES)))
    db.executemany(
        "INSERT INTO emit VALUES (?, ?, ?, ?, ?)",
        [(ch, *(emit[state].get(ch) for state in HMM_STATES)) for ch in chars],
    )
    db.execute("CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)")
    meta = {
        "total": str(total),
        "start": json.dumps(_hmm_table(folder / "finalseg" / "prob_start.py")),
        "trans": json.dumps(_hmm_table(folder / "finalseg" / "prob_trans.py")),
    }
    db.executemany("INSERT INTO meta VALUES (?, ?)", meta.items())
    db.commit()
    image = db.serialize()
    db.close()
    return bytes(image)


def _prefix_dictionary(
    dict_file: Path, backend: str, user_terms: Sequence[tuple[str, int]]
) -> tuple[dict[str, int], int]:
    """jieba's FREQ and total, as the backend builds them from dict.txt and our terms.

    The two differ in one sum: jieba adds every line's frequency (a word listed twice
    counts twice) and adds a user word's frequency on top of the one it replaces;
    jieba-rs sums the words' final frequencies.
    """
    text = dict_file.read_text(encoding="utf-8")
    fields = text.split()
    if len(fields) == 3 * text.count("\n"):  # word, frequency, tag on every line: the fast way
        counts = list(zip(fields[0::3], map(int, fields[1::3]), strict=True))
    else:
        entries = [line.split(" ")[:2] for line in text.splitlines()]
        counts = [(word, int(count)) for word, count in (e for e in entries if len(e) == 2)]
    freq = dict(counts)
    freq.update(user_terms)
    if backend == "jieba":
        total = sum(count for _, count in counts) + sum(count for _, count in user_terms)
    else:
        total = sum(freq.values())
    prefixes = {word[:i] for word in freq for i in range(1, len(word))}
    for prefix in prefixes.difference(freq):
        freq[prefix] = 0
    return freq, total


def _hmm_table(module: Path) -> dict:  # type: ignore[type-arg]
    """The table ``P`` of one of jieba's finalseg modules, run on its own (from its
    compiled copy when pip left one) without importing jieba."""
    spec = importlib.util.spec_from_file_location(f"_jieba_{module.stem}", module)
    if spec is None or spec.loader is None:
        raise WordListError(f"{module}: cannot be read")
    table = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(table)
    return dict(table.P)
