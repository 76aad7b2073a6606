"""The word cut as whoosh tokenizers: jieba words (sub-words at their word's position
in ``mode="index"``) and Han bigrams, both from index.search.tokenizer's pieces.

Here, not in tokenizer.py, so that a process searching with tantivy never imports
whoosh. Each holds no jieba state itself, so whoosh can pickle it into the index's schema.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from whoosh.analysis import Token, Tokenizer

from index.search.tokenizer import bigram_pieces, fold_text, query_word_pieces, word_pieces


class _PiecesTokenizer(Tokenizer):
    """A whoosh Tokenizer over (text, position, start char) pieces: subclasses say which.

    Holds no jieba state itself, so whoosh can pickle it into the index's schema.
    """

    def pieces(self, value: str, mode: str) -> Iterable[tuple[str, int, int]]:
        raise NotImplementedError

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
        pieces = self.pieces(value, mode) if tokenize else [(fold_text(value), 0, 0)]
        yield from _tokens(
            pieces,
            positions,
            chars,
            keeporiginal,
            start_pos,
            start_char,
            Token(positions, chars, removestops=removestops, mode=mode, **kwargs),
        )


class JiebaTokenizer(_PiecesTokenizer):
    """Word-position tokens; ``mode="index"`` adds sub-words at the same position."""

    def pieces(self, value: str, mode: str) -> Iterable[tuple[str, int, int]]:
        if mode == "index":
            return word_pieces(value)
        return query_word_pieces(value)


def _tokens(
    pieces: Iterable[tuple[str, int, int]],
    positions: bool,
    chars: bool,
    keeporiginal: bool,
    start_pos: int,
    start_char: int,
    token: Token,
) -> Iterator[Token]:
    """Fill whoosh's one reused Token for each (text, position, start char): both tokenizers."""
    for text, pos, start in pieces:
        token.text = text
        token.boost = 1.0
        token.stopped = False
        if keeporiginal:
            token.original = text
        if positions:
            token.pos = start_pos + pos
        if chars:
            token.startchar = start_char + start
            token.endchar = token.startchar + len(text)
        yield token


def analyzer() -> JiebaTokenizer:
    """The analyzer for every text field of the index (index and query share it)."""
    return JiebaTokenizer()


class HanBigramTokenizer(_PiecesTokenizer):
    """Every pair of adjacent Han characters, positioned by character (the ``grams`` field).

    A run of characters the word cut splits differently (保税维 while 保税维修 is
    being typed, 区发 across 综合保税区|发展) is a phrase of consecutive bigrams
    here, so any run of two or more Han characters is found wherever it occurs.
    """

    def pieces(self, value: str, mode: str) -> Iterable[tuple[str, int, int]]:
        return bigram_pieces(value)
