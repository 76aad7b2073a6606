"""A whoosh Tokenizer around jieba: word positions, search-mode sub-words, a domain dictionary.

jieba's bundled ChineseAnalyzer counts positions in characters, so quoted
phrases never match; here every word is one position. At index time each word
also yields the dictionary words inside it at the same position (综合保税区 →
综合, 保税, 保税区), so a shorter query word still finds the longer one; at
query time only the accurate cut is used. Latin letters are lower-cased and
width-folded; numbers and codes (AEO, RCEP, 9610) stay whole, and a number
directly followed by 年/月/日 is kept with it (2024年, also indexed as 2024).

jieba is silenced before its first use and keeps its dictionary cache in our
cache dir, never in the shared /tmp.
"""

from __future__ import annotations

import hashlib
import logging
import threading
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from whoosh.analysis import Token, Tokenizer

from .paths import jieba_cache_dir

USER_DICT = Path(__file__).parent / "data" / "userdict.txt"
# Bump when the way text becomes tokens changes: stored in the index, which is rebuilt.
ALGORITHM_VERSION = "4"
MAX_BIGRAM_WORD = 6  # words up to this length also index all their two-character pieces
_DATE_UNITS = frozenset("年月日")

_lock = threading.Lock()
_jieba: Any = None


def _load_jieba() -> Any:
    """The one jieba Tokenizer of this process, quiet, with our cache dir and user dictionary."""
    global _jieba
    if _jieba is not None:
        return _jieba
    with _lock:
        if _jieba is None:
            import jieba

            jieba.setLogLevel(logging.WARNING)
            logging.getLogger("jieba").setLevel(logging.WARNING)
            cache = jieba_cache_dir()
            cache.mkdir(parents=True, exist_ok=True)
            tokenizer = jieba.Tokenizer()
            tokenizer.tmp_dir = str(cache)
            tokenizer.cache_file = "jieba.cache"
            tokenizer.initialize()
            tokenizer.load_userdict(str(USER_DICT))
            _jieba = tokenizer
    return _jieba


def warm_up() -> None:
    """Load jieba now (about a second) instead of on the first search."""
    _load_jieba()


def tokenizer_version() -> str:
    """Identifies the tokens we produce: algorithm, jieba release and user dictionary."""
    import jieba

    digest = hashlib.sha256(USER_DICT.read_bytes()).hexdigest()[:10]
    return f"jieba-{jieba.__version__}/algo-{ALGORITHM_VERSION}/dict-{digest}"


def fold_text(text: str) -> str:
    """Width-fold and lower-case, keeping the length, so offsets map 1:1 to the original."""
    out = []
    for ch in text:
        if ch.isascii():
            out.append(ch.lower())
            continue
        folded = unicodedata.normalize("NFKC", ch)
        out.append(folded.lower() if len(folded) == 1 else ch)
    return "".join(out)


def _is_word(text: str) -> bool:
    return any(ch.isalnum() for ch in text)


@dataclass(frozen=True)
class Word:
    """One token of the accurate cut: text (folded) and character offsets in the original."""

    text: str
    start: int
    end: int


def cut(text: str) -> list[Word]:
    """The accurate cut of ``text`` as words (punctuation and spaces dropped)."""
    folded = fold_text(text)
    raw = [(w, s, e) for w, s, e in _load_jieba().tokenize(folded, mode="default", HMM=True)]
    words: list[Word] = []
    i = 0
    while i < len(raw):
        word, start, end = raw[i]
        if (
            word.isdigit()
            and i + 1 < len(raw)
            and raw[i + 1][0] in _DATE_UNITS
            and raw[i + 1][1] == end
        ):
            word, end = word + raw[i + 1][0], raw[i + 1][2]
            i += 1
        if _is_word(word):
            words.append(Word(word.strip(), start, end))
        i += 1
    return words


def sub_words(word: str) -> list[str]:
    """Words strictly inside ``word`` (综合保税区 → 综合, 保税, 保税区, 合保, 税区); a number
    with its 年/月/日 also yields the bare number."""
    if len(word) > 1 and word[-1] in _DATE_UNITS and word[:-1].isdigit():
        return [word[:-1]]
    if len(word) <= 2 or word.isascii():
        return []
    freq = _load_jieba().FREQ
    found = []
    n = len(word)
    for size in range(2, n):
        for start in range(0, n - size + 1):
            piece = word[start : start + size]
            # Every two-character piece of a short word, known or not, so a partial
            # name (白沙 in 白沙市) still matches; longer pieces only when they are words.
            known = freq.get(piece) or (size == 2 and n <= MAX_BIGRAM_WORD and _is_cjk(piece))
            if known and piece not in found:
                found.append(piece)
    return found


def _is_cjk(text: str) -> bool:
    return all("\u3400" <= ch <= "\u9fff" for ch in text)


class JiebaTokenizer(Tokenizer):
    """Word-position tokens; ``mode="index"`` adds sub-words at the same position.

    Holds no jieba state itself, so whoosh can pickle it into the index's schema.
    """

    def __call__(
        self,
        value: str,
        positions: bool = False,
        chars: bool = False,
        keeporiginal: bool = False,
        removestops: bool = True,
        start_pos: int = 0,
        start_char: int = 0,
        tokenize: bool = True,
        mode: str = "",
        **kwargs: Any,
    ) -> Iterator[Token]:
        token = Token(positions, chars, removestops=removestops, mode=mode, **kwargs)
        if not tokenize:
            token.original = token.text = fold_text(value)
            token.boost = 1.0
            if positions:
                token.pos = start_pos
            if chars:
                token.startchar, token.endchar = start_char, start_char + len(value)
            yield token
            return
        with_sub_words = mode == "index"
        for pos, word in enumerate(cut(value), start=start_pos):
            pieces = [word.text]
            if with_sub_words:
                pieces.extend(sub_words(word.text))
            for piece in pieces:
                token.text = piece
                token.boost = 1.0
                token.stopped = False
                if keeporiginal:
                    token.original = piece
                if positions:
                    token.pos = pos
                if chars:
                    offset = word.text.find(piece) if piece != word.text else 0
                    token.startchar = start_char + word.start + max(offset, 0)
                    token.endchar = token.startchar + len(piece)
                yield token


def analyzer() -> JiebaTokenizer:
    """The analyzer for every text field of the index (index and query share it)."""
    return JiebaTokenizer()
