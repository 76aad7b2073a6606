"""jieba's accurate cut (HMM on) of a short text, reading only its pieces from a word list.

The same steps as jieba's ``Tokenizer.cut(text, HMM=True)`` — blocks of Han
characters and letters, the graph of dictionary words inside each, the most
probable route through it, and runs of single characters that are no word
handed to the HMM (Viterbi over B/M/E/S) — written over
:class:`~index.search.word_list.WordList` so that a process cutting a few
queries never loads the whole dictionary. Each arithmetic step is jieba's, in
jieba's order, so routes tie and break alike.

jieba and jieba-rs treat some texts apart (a letter or digit joined to ``. _ % #
& + -``, Han characters outside U+4E00–U+9FD5): :func:`can_cut` says no to
those, and the caller uses the real cutter. The tests cut every line of the
corpus texts and random mixtures both ways, for each backend.
"""

from __future__ import annotations

import math
import re

from index.search.word_list import HMM_STATES, WordList

MIN_FLOAT = -3.14e100  # jieba's "impossible" log probability
_PREVIOUS = {"B": "ES", "M": "MB", "S": "SE", "E": "BM"}

_BLOCK = re.compile("([\u4e00-\u9fd5a-zA-Z0-9+#&\\._%\\-]+)")  # jieba's re_han_default
_SKIP = re.compile(r"(\r\n|\s)")
_HMM_HAN = re.compile("([\u4e00-\u9fd5]+)")
_HMM_SKIP = re.compile(r"([a-zA-Z0-9]+(?:\.\d+)?%?)")
# Where the two backends part ways (see the module docstring).
_BACKENDS_DIFFER = re.compile(
    "[0-9A-Za-z][._%#&+\\-]|[._%#&+\\-][0-9A-Za-z]"
    "|[\u3400-\u4dbf\u9fd6-\u9fff\uf900-\ufaff\U00020000-\U0003134f]"
)


def can_cut(text: str) -> bool:
    """True when this cut and both backends' agree on ``text``."""
    return _BACKENDS_DIFFER.search(text) is None


def tokenize(words: WordList, text: str) -> list[tuple[str, int, int]]:
    """(word, start, end) of every piece of ``text``, punctuation and spaces included,
    as the backends' ``tokenize(text, mode="default", HMM=True)`` give them."""
    # re.split with a group: the parts alternate between text around blocks and blocks.
    parts = _BLOCK.split(text)
    freq = _prefix_entries(words, parts[1::2])
    pieces: list[str] = []
    for i, block in enumerate(parts):
        if i % 2:
            pieces.extend(_cut_block(words, freq, block))
            continue
        for part in _SKIP.split(block):
            if _SKIP.fullmatch(part):
                pieces.append(part)
            else:
                pieces.extend(part)
    tokens = []
    start = 0
    for piece in pieces:
        tokens.append((piece, start, start + len(piece)))
        start += len(piece)
    return tokens


def _cut_block(words: WordList, freq: dict[str, int], block: str) -> list[str]:
    n = len(block)
    graph = []
    for k in range(n):
        ends = []
        i = k
        fragment = block[k]
        while i < n and fragment in freq:
            if freq[fragment]:
                ends.append(i)
            i += 1
            fragment = block[k : i + 1]
        graph.append(ends or [k])
    route: list[tuple[float, int]] = [(0.0, 0)] * (n + 1)
    log_total = words.log_total
    for idx in range(n - 1, -1, -1):
        route[idx] = max(
            (math.log(freq.get(block[idx : x + 1]) or 1) - log_total + route[x + 1][0], x)
            for x in graph[idx]
        )
    out: list[str] = []
    x = 0
    buffer = ""
    while x < n:
        y = route[x][1] + 1
        if y - x == 1:
            buffer += block[x:y]
        else:
            if buffer:
                out.extend(_unknown_run(words, freq, buffer))
                buffer = ""
            out.append(block[x:y])
        x = y
    if buffer:
        out.extend(_unknown_run(words, freq, buffer))
    return out


def _prefix_entries(words: WordList, blocks: list[str]) -> dict[str, int]:
    """The prefix dictionary's entries among the pieces of ``blocks``, looked up a length
    at a time: a piece is asked for only when the piece one shorter is an entry."""
    found = words.entries({ch for block in blocks for ch in block})
    starts = [(block, k) for block in blocks for k in range(len(block)) if block[k] in found]
    size = 2
    while starts:
        asked = [(block, k, block[k : k + size]) for block, k in starts if k + size <= len(block)]
        more = words.entries(piece for _, _, piece in asked)
        found.update(more)
        starts = [(block, k) for block, k, piece in asked if piece in more]
        size += 1
    return found


def _unknown_run(words: WordList, freq: dict[str, int], run: str) -> list[str]:
    """Single characters the route left alone: one stays one; a run that is a word stays
    characters; any other run is cut by the HMM."""
    if len(run) == 1:
        return [run]
    if freq.get(run):
        return list(run)
    return _hmm_cut(words, run)


def _hmm_cut(words: WordList, text: str) -> list[str]:
    out: list[str] = []
    for block in _HMM_HAN.split(text):
        if _HMM_HAN.fullmatch(block):
            out.extend(_viterbi_words(words, block))
        else:
            out.extend(part for part in _HMM_SKIP.split(block) if part)
    return out


def _viterbi_words(words: WordList, text: str) -> list[str]:
    states = _viterbi(words, text)
    out = []
    begin = next_index = 0
    for i, ch in enumerate(text):
        state = states[i]
        if state == "B":
            begin = i
        elif state == "E":
            out.append(text[begin : i + 1])
            next_index = i + 1
        elif state == "S":
            out.append(ch)
            next_index = i + 1
    if next_index < len(text):
        out.append(text[next_index:])
    return out


def _viterbi(words: WordList, text: str) -> list[str]:
    table = words.emission(text)
    emit = {
        state: {ch: p for ch, row in table.items() if (p := row[i]) is not None}
        for i, state in enumerate(HMM_STATES)
    }
    start, trans = words.start, words.trans
    scores = [{y: start[y] + emit[y].get(text[0], MIN_FLOAT) for y in HMM_STATES}]
    path = {y: [y] for y in HMM_STATES}
    for t in range(1, len(text)):
        scores.append({})
        new_path = {}
        for y in HMM_STATES:
            em = emit[y].get(text[t], MIN_FLOAT)
            prob, state = max(
                (scores[t - 1][y0] + trans[y0].get(y, MIN_FLOAT) + em, y0) for y0 in _PREVIOUS[y]
            )
            scores[t][y] = prob
            new_path[y] = path[state] + [y]
        path = new_path
    _prob, last = max((scores[-1][y], y) for y in "ES")
    return path[last]
