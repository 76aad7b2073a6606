"""Search hits as an OptionList (it scales to thousands of rows; ListView does not)."""

from __future__ import annotations

from collections.abc import Callable

from rich.text import Text
from textual.binding import Binding
from textual.message import Message
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from index.library.catalog import Library
from index.search.index import Hit, SearchResult

from ..labels import label_prefix
from .reader_option_list import ReaderOptionList

HIT_STYLE = "bold reverse"
FIRST_BATCH = 20
SNIPPET_LEAD = 6  # characters kept before the first hit, so a narrow pane still shows it


def highlighted(
    text: str, spans: list[tuple[int, int]], style: str = HIT_STYLE, base: str = ""
) -> Text:
    """Plain text with the matched characters styled: file text is never markup."""
    out = Text(text, style=base)
    for start, end in spans:
        out.stylize(style, start, end)
    return out


class SearchResults(ReaderOptionList):
    """One option per hit: measure title, its document, a snippet with the hits highlighted.

    The border's title says where the cursor is: "7/23" (result 7 of the 23 listed).
    """

    BINDINGS = [
        Binding("j", "cursor_down", "Down", show=False, id="results.down"),
        Binding("k", "cursor_up", "Up", show=False, id="results.up"),
        Binding("g", "first", "First", show=False, id="results.first"),
        Binding("G", "last", "Last", show=False, id="results.last"),
    ]

    class Previewed(Message):
        def __init__(self, hit: Hit) -> None:
            super().__init__()
            self.hit = hit

    class Opened(Message):
        def __init__(self, hit: Hit) -> None:
            super().__init__()
            self.hit = hit

    def __init__(self, **kwargs) -> None:
        super().__init__(markup=False, **kwargs)
        self.hits: list[Hit] = []
        self._pending: list[Option] = []

    def show(
        self,
        result: SearchResult,
        library: Library,
        is_bookmarked: Callable[[str], bool],
        query: str,
    ) -> None:
        self.hits = [h for h in result.hits if library.measure(h.measure_id) is not None]
        self.clear_options()
        self._pending = []
        self._show_position()
        options = [self._option(hit, library, is_bookmarked) for hit in self.hits]
        if options:
            # the first screenful now, the rest after the first paint: typing stays instant
            self.add_options(options[:FIRST_BATCH])
            self.highlighted = 0
            self._pending = options[FIRST_BATCH:]
            if self._pending:
                self.call_after_refresh(self._add_pending)
        else:
            note = f"没有结果 No results for {query!r}"
            if result.suggestion:
                note += f" — try: {result.suggestion}"
            if result.message:
                note += f"\n{result.message}"
            self.add_option(Option(Text(note, style="italic"), disabled=True))

    def _add_pending(self) -> None:
        pending, self._pending = self._pending, []
        if pending:
            self.add_options(pending)

    def highlight_hit(self, index: int) -> None:
        """Move the cursor to hit ``index``, even one of those not listed yet."""
        if index >= self.option_count:
            self._add_pending()
        self.highlighted = index

    def action_last(self) -> None:
        self._add_pending()  # the last hit, not the last of the first screenful
        super().action_last()

    def position(self) -> tuple[int, int] | None:
        """(the cursor's result, counted from 1; the results listed), or None without results."""
        if not self.hits or self.highlighted is None or self.highlighted >= len(self.hits):
            return None
        return self.highlighted + 1, len(self.hits)

    def _show_position(self) -> None:
        position = self.position()
        self.border_title = f"{position[0]}/{position[1]}" if position else None

    def _option(self, hit: Hit, library: Library, is_bookmarked: Callable[[str], bool]) -> Option:
        found = library.measure(hit.measure_id)
        assert found is not None
        doc, measure = found
        line = Text("★ " if is_bookmarked(measure.id) else "", style="yellow")
        line.append(label_prefix(measure.label), style="green")
        line.append_text(
            highlighted(measure.display_title, _spans(measure.display_title, hit.terms))
        )
        line.append(f"\n  {doc.title}", style="dim")
        if doc.date:
            line.append(f" · {doc.date}", style="dim")
        line.append("\n  ")
        line.append_text(_snippet(hit))
        return Option(line, id=hit.measure_id)

    def refresh_measure(
        self, measure_id: str, library: Library, is_bookmarked: Callable[[str], bool]
    ) -> None:
        """Redraw one result (its bookmark mark changed); the highlight stays where it is."""
        for hit in self.hits:
            if hit.measure_id == measure_id and measure_id not in self._pending_ids():
                self.replace_option_prompt(
                    measure_id, self._option(hit, library, is_bookmarked).prompt
                )

    def _pending_ids(self) -> set[str]:
        return {option.id for option in self._pending if option.id is not None}

    def hit_at(self, index: int | None) -> Hit | None:
        if index is None or not (0 <= index < len(self.hits)):
            return None
        return self.hits[index]

    def on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        event.stop()
        hit = self.hit_at(event.option_index)
        if hit is not None:
            self._show_position()
            self.post_message(self.Previewed(hit))

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        hit = self.hit_at(event.option_index)
        if hit is not None:
            self.post_message(self.Opened(hit))


def _snippet(hit: Hit) -> Text:
    """The snippet from a little before its first hit: each result is one line per part and a
    narrow pane cuts the end, so the hit has to come early."""
    text = highlighted(hit.snippet, hit.snippet_spans)
    first = min((start for start, _end in hit.snippet_spans), default=0)
    if first <= SNIPPET_LEAD:
        return text
    return Text("…") + text[first - SNIPPET_LEAD :]


def _spans(text: str, terms: list[str]) -> list[tuple[int, int]]:
    from index.search.highlight import highlight_spans

    return highlight_spans(text, terms)
