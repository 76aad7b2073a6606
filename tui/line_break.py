"""Where a paragraph of Chinese (and mixed) text breaks into lines of a terminal width.

The rules of Chinese typesetting (禁则), kept simple: no line starts with closing punctuation
(，。、；：？！）」』】》 …) and none ends with opening punctuation (（「『【《“ …); a number, a
Latin word and a 文号 such as 国发〔2019〕12号 stay on one line; elsewhere a line may break between
any two Chinese characters, and after a space. A character that may not start a line takes the
one before it to the next line with it.

Widths are terminal cells (a Chinese character is two), as Rich and Textual count them. Spaces
at the end of a line hang past the width, as in Rich and CSS: they are kept (the lines give back
the text exactly) and whoever draws the line drops them. A piece that may not be broken and is
wider than the whole line (a long URL, a very narrow pane) is broken by cells.

Pure: no Textual, no Rich Text; ``tui.widgets.prose`` applies it to styled text.
"""

from __future__ import annotations

import re

from rich.cells import cell_len, get_character_cell_size

CLOSING = frozenset(
    "，。、；：？！）」』】》〉〕］｝〗〙〛｠”’…‥·・％‰℃°"  # Chinese and wide forms
    "﹐﹑﹒﹔﹕﹖﹗﹚﹜﹞"  # small forms
    ",.;:?!)]}%"
)
"""Characters that may not start a line."""

OPENING = frozenset("（「『【《〈〔［｛〖〘〚｟“‘￥([{")
"""Characters that may not end a line."""

# Spaces a line may break after. No-break spaces are not among them: they join words.
_NO_BREAK_SPACES = frozenset("\u00a0\u2007\u202f\ufeff")
_ZERO_WIDTH_SPACE = "\u200b"

# 国发〔2019〕12号, 医保办函〔2025〕85号, [2019]12号, 〔２０１９〕第１２号: one piece, with
# the issuer's abbreviation before it (up to four characters: the pattern cannot tell it
# from the words before, so 印发国发〔2019〕3号 keeps 印发国发 on the line too).
_DOC_NUMBER = re.compile(
    r"[\u4e00-\u9fff]{0,4}"
    r"[〔［\[【（(]\s*[0-9０-９]{4}\s*[〕］\]】）)]\s*第?\s*[0-9０-９]+\s*号"
)


# Narrow in a terminal, but Chinese punctuation: a piece of their own, never part of a word
# ("”1000" may break after the quote). A run of one of them (……, ——) is one piece.
_NARROW_MARKS = frozenset("“”‘’…‥—·")


def _is_space(char: str) -> bool:
    return char == _ZERO_WIDTH_SPACE or (char.isspace() and char not in _NO_BREAK_SPACES)


def _is_word_char(char: str) -> bool:
    """Part of a number or a Latin word: a narrow character that is not a space, or a wide
    (full-width) digit or letter such as ２０１９ or ＡＥＯ."""
    if _is_space(char) or char in _NARROW_MARKS:
        return False
    if get_character_cell_size(char) == 1:
        return True
    return "０" <= char <= "９" or "Ａ" <= char <= "Ｚ" or "ａ" <= char <= "ｚ"


def _in_word(char: str) -> bool:
    """Goes on a word: a word character, or a mark (combining accent, joiner) of no width."""
    return _is_word_char(char) or (not _is_space(char) and cell_len(char) == 0)


def _pieces(paragraph: str) -> list[tuple[int, int]]:
    """The paragraph as (start, end) pieces no line may break inside: a 文号, a word or number,
    one space, one other character (with any zero-width marks that follow it)."""
    doc_numbers = {m.start(): m.end() for m in _DOC_NUMBER.finditer(paragraph)}
    pieces: list[tuple[int, int]] = []
    i, n = 0, len(paragraph)
    while i < n:
        char = paragraph[i]
        if i in doc_numbers:
            end = doc_numbers[i]
        elif _is_space(char):
            end = i + 1
        elif char in _NARROW_MARKS:
            end = i + 1
            while end < n and paragraph[end] == char:
                end += 1
        elif _is_word_char(char):
            end = i + 1
            while end < n and end not in doc_numbers and _in_word(paragraph[end]):
                end += 1
        else:
            end = i + 1
        while end < n and not _is_space(paragraph[end]) and cell_len(paragraph[end]) == 0:
            end += 1  # a combining mark or joiner stays with the character before it
        if pieces and cell_len(paragraph[i:end]) == 0 and not _is_space(char):
            pieces[-1] = (pieces[-1][0], end)  # a mark at the start of a run: no break before it
        else:
            pieces.append((i, end))
        i = end
    return pieces


def _may_break(paragraph: str, before: tuple[int, int], after: tuple[int, int]) -> bool:
    """Whether a line may end after the piece ``before`` and the next start with ``after``."""
    first = paragraph[after[0]]
    last = paragraph[before[1] - 1]
    if _is_space(first) or first in CLOSING:
        return False  # spaces hang at the end of a line; closing marks stay with what they close
    if last in OPENING:
        return False
    if before[0] == 0 and all(_is_space(c) for c in paragraph[before[0] : before[1]]):
        return False  # a paragraph's indent (　　) stays with its first word
    return True


def _clusters(paragraph: str) -> list[tuple[int, int]]:
    """Runs of pieces with no break allowed between them: what the lines are filled with."""
    clusters: list[tuple[int, int]] = []
    previous: tuple[int, int] | None = None
    for piece in _pieces(paragraph):
        if previous is not None and not _may_break(paragraph, previous, piece):
            clusters[-1] = (clusters[-1][0], piece[1])
        else:
            clusters.append(piece)
        previous = piece
    return clusters


def _visible_end(paragraph: str, start: int, end: int) -> int:
    """End of ``paragraph[start:end]`` without its trailing (hanging) spaces."""
    while end > start and _is_space(paragraph[end - 1]):
        end -= 1
    return end


def break_offsets(paragraph: str, width: int) -> list[int]:
    """Offsets into ``paragraph`` at which each line after the first begins.

    ``paragraph`` is one line of the text (no newline); ``width`` is in terminal cells.
    Lines are filled greedily with what may not be broken; see the module's docstring.
    """
    if "\n" in paragraph:
        raise ValueError("break_offsets takes one paragraph: split the text at newlines first")
    width = max(width, 1)
    offsets: list[int] = []
    line_start = 0
    line_cells = 0  # cells on the current line, its hanging spaces included
    for start, end in _clusters(paragraph):
        visible = _visible_end(paragraph, start, end)
        visible_cells = cell_len(paragraph[start:visible])
        if start > line_start and line_cells + visible_cells > width:
            offsets.append(start)
            line_start, line_cells = start, 0
        if visible_cells <= width:
            line_cells += cell_len(paragraph[start:end])
            continue
        # wider than any line: broken by cells, starting on a line of its own
        for i in range(start, visible):
            cells = get_character_cell_size(paragraph[i])
            if i > line_start and cells and line_cells + cells > width:
                offsets.append(i)
                line_start, line_cells = i, 0
            line_cells += cells
        line_cells += cell_len(paragraph[visible:end])
    return offsets


def break_lines(paragraph: str, width: int) -> list[str]:
    """``paragraph`` as lines of at most ``width`` cells (their hanging spaces aside);
    ``"".join(lines) == paragraph``."""
    bounds = [0, *break_offsets(paragraph, width), len(paragraph)]
    return [paragraph[a:b] for a, b in zip(bounds, bounds[1:], strict=False)]
