"""A whoosh Tokenizer around jieba: word positions, search-mode sub-words, a domain dictionary.

jieba's bundled ChineseAnalyzer counts positions in characters, so quoted
phrases never match; here every word is one position. At index time each word
also yields the dictionary words inside it at the same position (综合保税区 →
综合, 保税, 保税区), so a shorter query word still finds the longer one; at
query time only the accurate cut is used. Latin letters are lower-cased and
width-folded, traditional characters simplified (index.text.fold_search); numbers and codes (AEO, RCEP, 9610) stay whole, and a number
directly followed by 年/月/日 is kept with it (2024年, also indexed as 2024).

Two interchangeable backends cut the words: rjieba (jieba-rs: same dictionary,
same algorithm, loads in ~0.1 s and cuts ~20x faster) when installed, else
jieba. The user dictionary gives each term an explicit frequency (the one
jieba's suggest_freq computes) so both load it alike, and tokens are split at
the same characters, so both give the same words; the backend's name is still
part of ``tokenizer_version()``, so an index is never queried with the other.
``POLICY_TUI_TOKENIZER=jieba`` forces the pure-Python one.

jieba is silenced before its first use and keeps its dictionary cache in our
cache dir, never in the shared /tmp.

A query (``cut``, ``query_word_pieces``) is cut without loading either backend when
the word list exists (query_cut over word_list: jieba's own steps, reading only the
query's pieces, kept only if it cuts as the backend does); an index build loads the
backend, and the first process to load it makes the list.
"""

from __future__ import annotations

import functools
import hashlib
import importlib.machinery
import importlib.util
import os
import re
import threading
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any, NamedTuple

from index.paths import jieba_cache_dir
from index.search import query_cut, word_list
from index.text import fold_search
from index.versions import installed_version

USER_DICT = Path(__file__).parent / "data" / "userdict.txt"
PROBE_TEXT = Path(__file__).parent / "data" / "cut_probes.txt"  # see _probes
# Bump when the way text becomes tokens changes: stored in the index, which is rebuilt.
ALGORITHM_VERSION = "5"  # 5: traditional characters folded to simplified
MAX_BIGRAM_WORD = 6  # words up to this length also index all their two-character pieces
_DATE_UNITS = frozenset("年月日")

BACKEND_ENV = "POLICY_TUI_TOKENIZER"
# Runs of letters/digits (with a decimal point inside): what a token may hold.
_TOKEN_PIECE = re.compile(r"\w+(?:\.\w+)*")

_lock = threading.Lock()
_backend: _Backend | None = None


class _Backend:
    """What the tokenizer needs from a jieba implementation."""

    name = ""

    def tokenize(self, text: str) -> Iterable[tuple[str, int, int]]:
        raise NotImplementedError

    def has_word(self, word: str) -> bool:
        raise NotImplementedError


class _JiebaBackend(_Backend):
    name = "jieba"

    def __init__(self) -> None:
        import logging  # only with jieba (start-up of query-only processes)

        import jieba

        jieba.setLogLevel(logging.WARNING)
        logging.getLogger("jieba").setLevel(logging.WARNING)
        cache = jieba_cache_dir()
        cache.mkdir(parents=True, exist_ok=True)
        tokenizer = jieba.Tokenizer()
        tokenizer.tmp_dir = str(cache)
        tokenizer.cache_file = "jieba.cache"
        tokenizer.initialize()
        # Given a path, jieba opens the file and never closes it: hand it an open one.
        with USER_DICT.open("rb") as userdict:
            tokenizer.load_userdict(userdict)
        self._jieba = tokenizer
        self._freq = tokenizer.FREQ

    def tokenize(self, text: str) -> Iterable[tuple[str, int, int]]:
        return self._jieba.tokenize(text, mode="default", HMM=True)

    def has_word(self, word: str) -> bool:
        return bool(self._freq.get(word))


class _RjiebaBackend(_Backend):
    name = "rjieba"

    def __init__(self) -> None:
        # The module's own instance: importing rjieba has already loaded its dictionary
        # into it (0.15 s), and a second Jieba() would load it again.
        import rjieba

        self._rjieba = rjieba
        for word, freq in user_terms():
            rjieba.add_word(word, freq, None)

    def tokenize(self, text: str) -> Iterable[tuple[str, int, int]]:
        return self._rjieba.tokenize(text, "default", True)

    def has_word(self, word: str) -> bool:
        return bool(self._rjieba.has_word(word))


def user_terms() -> list[tuple[str, int]]:
    """(word, frequency) pairs of the shipped user dictionary."""
    terms = []
    for line in USER_DICT.read_text(encoding="utf-8").splitlines():
        parts = line.split()
        if parts:
            terms.append((parts[0], int(parts[1]) if len(parts) > 1 else 1))
    return terms


def backend_name() -> str:
    """Which backend this process uses (without loading it: importing rjieba is loading
    its whole dictionary)."""
    if _backend is not None:
        return _backend.name
    wanted = os.environ.get(BACKEND_ENV, "").strip().lower()
    if wanted == "jieba":
        return "jieba"
    return "rjieba" if _rjieba_installed() else "jieba"


@functools.cache
def _rjieba_installed() -> bool:
    """rjieba is a compiled wheel: one built for another platform is there but cannot be
    imported. Its extension module is looked for under this interpreter's own suffixes."""
    spec = importlib.util.find_spec("rjieba")
    if spec is None or not spec.submodule_search_locations:
        return False
    folder = Path(next(iter(spec.submodule_search_locations)))
    return any(
        (folder / f"rjieba{suffix}").is_file() for suffix in importlib.machinery.EXTENSION_SUFFIXES
    )


def _load_backend() -> _Backend:
    """The one backend of this process, loaded on first use, with our user dictionary."""
    global _backend
    if _backend is not None:
        return _backend
    with _lock:
        if _backend is None:
            _backend = _new_backend()
            _cut_short.cache_clear()  # words cut by another backend
    if _query_words() is None:
        _make_word_list(_backend)  # once per installation, while the cutter is loaded
    return _backend


def _new_backend() -> _Backend:
    if backend_name() == "rjieba":
        try:
            return _RjiebaBackend()
        except ImportError:  # there, but not for this platform after all
            pass
    return _JiebaBackend()


def warm_up() -> None:
    """Load jieba now (about a second) instead of on the first search."""
    _load_backend()


def queries_ready() -> bool:
    """True when a query can be cut at once: the cutter is loaded or the word list opens."""
    return _backend is not None or _query_words() is not None


def prepare_queries() -> None:
    """Make the first query's cut quick: without a word list, load the cutter now (which
    makes the list for the next process)."""
    if not queries_ready():
        _load_backend()


# -- cutting queries without the dictionary (query_cut, word_list) -----------------------
_words: word_list.WordList | None = None
_words_checked = False
_wanted_word_list = False  # none yet, and none refused: the loaded backend makes one


def _query_words() -> word_list.WordList | None:
    """The word list of this installation, opened once; None if there is none (yet)."""
    global _words, _words_checked, _wanted_word_list
    if _words_checked:
        return _words
    with _lock:
        if not _words_checked:
            path = word_list.list_path(backend_name(), USER_DICT)
            if path.is_file():
                try:
                    _words = word_list.WordList(path)
                except word_list.WordListError:
                    path.unlink(missing_ok=True)  # damaged: made again by the cutter
            _wanted_word_list = _words is None and not word_list.refused_marker(path).exists()
            _words_checked = True
    return _words


def _make_word_list(backend: _Backend) -> None:
    """Make the missing list once, checked against ``backend`` on the shipped probes."""
    global _wanted_word_list, _words_checked
    with _lock:
        if not _wanted_word_list:
            return
        _wanted_word_list = False
        try:
            word_list.build(
                word_list.list_path(backend.name, USER_DICT),
                backend.name,
                user_terms(),
                lambda text: list(backend.tokenize(text)),
                query_cut.tokenize,
                _probes(),
            )
        except (OSError, word_list.WordListError):
            return  # derived data: the queries of this process use the cutter
        _words_checked = False  # the next query opens it


def _probes() -> list[str]:
    """Texts a new list must cut as the backend does: the user dictionary's terms (their
    frequencies), and a policy text with numbers, Latin letters and unknown names."""
    sample = [fold_text(line) for line in PROBE_TEXT.read_text(encoding="utf-8").splitlines()]
    texts = [word for word, _ in user_terms()] + [line for line in sample if line]
    return [text for text in texts if query_cut.can_cut(text)]


def _tokenize(text: str, for_query: bool) -> Iterable[tuple[str, int, int]]:
    """The backend's cut of ``text`` — or, for a query before the backend is loaded, the
    word list's, which is the same (see query_cut)."""
    backend = _backend
    if backend is None and for_query and query_cut.can_cut(text):
        words = _query_words()
        if words is not None:
            try:
                return query_cut.tokenize(words, text)
            except word_list.WordListError:
                pass
    return (backend or _load_backend()).tokenize(text)


def tokenizer_version() -> str:
    """Identifies the tokens we produce: backend and release, algorithm, user dictionary."""
    name = backend_name()
    digest = hashlib.sha256(USER_DICT.read_bytes()).hexdigest()[:10]
    # The simplified forms come from zhconv-rs's tables: another release may fold otherwise.
    zhconv = installed_version("zhconv-rs")
    return (
        f"{name}-{installed_version(name)}/algo-{ALGORITHM_VERSION}/dict-{digest}/zhconv-{zhconv}"
    )


fold_text = fold_search  # the name search code uses


class Word(NamedTuple):
    """One token of the accurate cut: text (folded) and character offsets in the original.

    A named tuple, not a dataclass: an index build makes one per word of every line.
    """

    text: str
    start: int
    end: int


def cut(text: str) -> list[Word]:
    """The accurate cut of ``text`` (cached for short texts: titles repeat per measure).

    Cut without loading the dictionary when the word list allows (queries, and the
    names and key terms the reader asks about); an index build loads it anyway."""
    return list(map(Word._make, _raw_cut(text, for_query=True)))


def _raw_cut(text: str, for_query: bool = False) -> Sequence[tuple[str, int, int]]:
    """:func:`cut` as plain tuples: what an index build asks for, once per line."""
    if len(text) <= 80:
        return _cut_short(text, for_query)
    return _cut(text, for_query)


@functools.lru_cache(maxsize=4096)
def _cut_short(text: str, for_query: bool) -> tuple[tuple[str, int, int], ...]:
    return tuple(_cut(text, for_query))


def _cut(text: str, for_query: bool = False) -> list[tuple[str, int, int]]:
    """The accurate cut of ``text`` as (word, start, end) (punctuation and spaces dropped).

    A backend token holding punctuation (rjieba keeps 2023-07-04 whole, jieba
    does not) is split into its letter/digit runs, so both backends agree; a
    number and the 年/月/日 right after it are one word.
    """
    words: list[tuple[str, int, int]] = []
    append = words.append
    for word, start, end in _tokenize(fold_text(text), for_query):
        if word.isalnum():  # most tokens: one piece, the word itself
            if word in _DATE_UNITS and words:
                last, last_start, last_end = words[-1]
                if last_end == start and last.isdigit():
                    words[-1] = (last + word, last_start, end)
                    continue
            append((word, start, end))
            continue
        for piece in _TOKEN_PIECE.finditer(word):
            append((piece.group(), start + piece.start(), start + piece.end()))
    return words


def sub_words(word: str) -> list[str]:
    """Words strictly inside ``word`` (综合保税区 → 综合, 保税, 保税区, 合保, 税区); a number
    with its 年/月/日 also yields the bare number."""
    return list(_sub_words(word))


@functools.lru_cache(maxsize=1 << 16)
def _sub_words(word: str) -> tuple[str, ...]:
    """Cached: the same words recur in every measure (an index build asks ~100× per word)."""
    return tuple(_find_sub_words(word))


def _find_sub_words(word: str) -> list[str]:
    if len(word) > 1 and word[-1] in _DATE_UNITS and word[:-1].isdigit():
        return [word[:-1]]
    if len(word) <= 2 or word.isascii():
        return []
    backend = _load_backend()
    found = []
    n = len(word)
    for size in range(2, n):
        for start in range(0, n - size + 1):
            piece = word[start : start + size]
            # Every two-character piece of a short word, known or not, so a partial
            # name (白沙 in 白沙市) still matches; longer pieces only when they are words.
            known = backend.has_word(piece) or (
                size == 2 and n <= MAX_BIGRAM_WORD and _is_cjk(piece)
            )
            if known and piece not in found:
                found.append(piece)
    return found


def _is_cjk(text: str) -> bool:
    return all("\u3400" <= ch <= "\u9fff" for ch in text)


def word_pieces(value: str) -> list[tuple[str, int, int]]:
    """(text, position, start char) of every indexed word of ``value``: what a text field holds."""
    if "\n" not in value:
        return list(_line_pieces(value))
    return [
        (text, position + pos, offset + start)
        for _line, position, offset, pieces in placed_lines(value)
        for text, pos, start in pieces
    ]


def query_word_pieces(value: str) -> Iterator[tuple[str, int, int]]:
    """(text, position, start char) of each word of ``value`` alone, no sub-words: a query's."""
    return _word_pieces(value, with_sub_words=False)


def placed_lines(
    value: str,
) -> Iterator[tuple[str, int, int, tuple[tuple[str, int, int], ...]]]:
    """Each line of ``value`` with the word position and character offset it starts at,
    and its pieces relative to that start.

    Cut line by line, each line's pieces cached: a measure's body is in two fields
    (body, and text with the document's title and issuer), and titles, headings and
    issuers repeat in every measure, so most lines are cut once per build. The word
    cut never joins words across a line break, so positions and offsets simply
    continue from line to line.
    """
    position = 0
    offset = 0
    for line in value.split("\n"):
        pieces = _line_pieces(line)
        yield line, position, offset, pieces
        if pieces:
            position += pieces[-1][1] + 1  # sub-words share their word's position
        offset += len(line) + 1


@functools.lru_cache(maxsize=4096)
def _line_pieces(line: str) -> tuple[tuple[str, int, int], ...]:
    return tuple(_word_pieces(line, with_sub_words=True))


def _word_pieces(value: str, with_sub_words: bool) -> Iterator[tuple[str, int, int]]:
    """(text, word position, start char) of each word, and of its sub-words for indexing."""
    for pos, (word, start, _end) in enumerate(_raw_cut(value, for_query=not with_sub_words)):
        yield word, pos, start
        if with_sub_words:
            for piece in _sub_words(word):
                yield piece, pos, start + max(word.find(piece), 0)


def is_han(text: str) -> bool:
    """True when every character of a non-empty ``text`` is a Han character."""
    return bool(text) and all(_is_han_char(ch) for ch in text)


_HAN_RUN = re.compile("[\u3400-\u9fff\uf900-\ufaff]{2,}")  # as _is_han_char, two or more


def _is_han_char(ch: str) -> bool:
    return "\u3400" <= ch <= "\u9fff" or "\uf900" <= ch <= "\ufaff"


def han_bigrams(text: str) -> list[str]:
    """The overlapping two-character pieces of a run of Han characters (保税维 → 保税, 税维)."""
    return [text[i : i + 2] for i in range(len(text) - 1)]


# Parts two runs of bigrams in bigram_text: not a Han pair, so no query's phrase holds it.
RUN_BREAK = ","


def bigram_text(value: str) -> str:
    """The grams of ``value`` as one string for an engine that splits it at spaces (in
    Rust, with no token object per bigram): each run's bigrams in order, the runs parted
    by RUN_BREAK so that, as with bigram_pieces' positions, no phrase spans two runs."""
    runs = _HAN_RUN.findall(fold_text(value))
    return f" {RUN_BREAK} ".join(" ".join(han_bigrams(run)) for run in runs)


def bigram_pieces(value: str) -> list[tuple[str, int, int]]:
    """(bigram, position, start char) of every pair of adjacent Han characters: the grams field."""
    folded = fold_text(value)
    return [
        (folded[i : i + 2], i, i)
        for run in _HAN_RUN.finditer(folded)
        for i in range(run.start(), run.end() - 1)
    ]


def __getattr__(name: str) -> Any:
    """The whoosh tokenizers, under the name an index written before they moved to
    engines/whoosh_analysis.py pickled into its schema (a whoosh-free import otherwise)."""
    if name in ("JiebaTokenizer", "HanBigramTokenizer"):
        from index.search.engines import whoosh_analysis

        return getattr(whoosh_analysis, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
