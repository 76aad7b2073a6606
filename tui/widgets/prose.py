"""Prose: styled text laid out by the rules of Chinese line breaking (tui.line_break)."""

from __future__ import annotations

from bisect import bisect_right

from rich.cells import cell_len
from rich.text import Text
from textual.app import RenderResult
from textual.content import Content
from textual.geometry import Offset, Size
from textual.selection import Selection
from textual.widgets import Static

from ..line_break import break_offsets

TAB_SIZE = 8


class Prose(Static):
    """A Static whose text breaks where Chinese typesetting allows, again at every width.

    Textual breaks lines at spaces only, and Chinese has none: a line would start with ，
    or split 〔2019〕12号. Here the line breaks are chosen by ``tui.line_break`` and drawn as
    lines of their own, so Textual has nothing left to wrap. The text is a rich ``Text``
    (file text is never markup); highlight styles ride along. A mouse selection copies the
    text as written, without the breaks the layout added.
    """

    def __init__(self, text: Text | None = None, *, id: str | None = None) -> None:
        self.text = _without_tabs(text if text is not None else Text(""))
        self._unemphasized = self.text  # what show() was given, without emphasize()'s style
        self._layout: tuple[int, Content, list[int]] | None = None
        self._breaks: tuple[int, list[list[int]]] | None = None  # each paragraph's, by width
        super().__init__(self.text, id=id, markup=False)

    def show(self, text: Text) -> None:
        """Show ``text`` in place of what was shown."""
        self.text = self._unemphasized = _without_tabs(text)
        self._layout = self._breaks = None
        self.update(self.text)

    @property
    def plain(self) -> str:
        """The text shown, as written (no layout breaks)."""
        return self.text.plain

    def _laid_out(self, width: int) -> tuple[Content, list[int]]:
        """The text as lines of ``width`` cells, and where each line starts in the text."""
        if self._layout is not None and self._layout[0] == width:
            return self._layout[1], self._layout[2]
        known = self._breaks[1] if self._breaks is not None and self._breaks[0] == width else None
        lines: list[Content] = []
        starts: list[int] = []
        breaks: list[list[int]] = []
        position = 0
        for n, paragraph in enumerate(self._source().split("\n", allow_blank=True)):
            offsets = known[n] if known is not None else break_offsets(paragraph.plain, width)
            breaks.append(offsets)
            starts.extend(position + o for o in (0, *offsets))
            lines.extend(_drop_hanging_spaces(line, width) for line in paragraph.divide(offsets))
            position += len(paragraph.plain) + 1
        laid_out = Content("\n").join(lines)
        self._layout, self._breaks = (width, laid_out, starts), (width, breaks)
        return laid_out, starts

    def _source(self) -> Content:
        """The text as Textual's Content, styles and all (Static converts it once)."""
        visual = self.visual
        assert isinstance(visual, Content)  # what Static makes of a rich Text
        return visual

    def render(self) -> RenderResult:
        width = self.size.width
        if width <= 0:
            return self._source()
        return self._laid_out(width)[0]

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        if width <= 0:
            return 0
        return len(self._laid_out(width)[1])

    def get_selection(self, selection: Selection) -> tuple[str, str] | None:
        """The selected part of the text as written: the layout's line breaks left out."""
        _content, starts = self._laid_out(max(self.size.width, 1))
        plain = self._source().plain  # what the offsets of ``starts`` count

        def offset_in_text(at: Offset | None, default: int) -> int:
            if at is None:
                return default
            if at.y >= len(starts):
                return len(plain)
            return min(starts[at.y] + at.x, len(plain))

        start = offset_in_text(selection.start, 0)
        end = offset_in_text(selection.end, len(plain))
        return plain[start:end], "\n"

    def spans_styled(self, style: str) -> list[tuple[int, int]]:
        """Where ``style`` was put on the text (the query's highlights), in text order."""
        return sorted((s.start, s.end) for s in self._unemphasized.spans if s.style == style)

    def line_of(self, offset: int) -> int:
        """The line (from this widget's first content line) that character ``offset`` is
        drawn on, by the layout at the current width: the same breaks the pane shows."""
        _content, starts = self._laid_out(max(self.size.width, 1))
        return max(bisect_right(starts, offset) - 1, 0)

    def emphasize(self, span: tuple[int, int] | None, style: str) -> None:
        """Draw ``span`` with ``style`` on top (the current match), or nothing extra with
        None. The characters stay where they are, so the layout is kept."""
        text = self._unemphasized.copy()
        if span is not None:
            text.stylize(style, *span)
        self.text = text
        self._layout = None  # the lines carry the styles: drawn again, at the breaks known
        self.update(text)


def _without_tabs(text: Text) -> Text:
    """Tabs as spaces: a line's width has to be known to break it."""
    if "\t" not in text.plain:
        return text
    text = text.copy()
    text.expand_tabs(TAB_SIZE)
    return text


def _drop_hanging_spaces(line: Content, width: int) -> Content:
    """A line without the spaces that hang past ``width`` (the text keeps them)."""
    plain = line.plain
    end = len(plain)
    while end and cell_len(plain[:end]) > width and plain[end - 1].isspace():
        end -= 1
    return line if end == len(plain) else line.right_crop(len(plain) - end)
