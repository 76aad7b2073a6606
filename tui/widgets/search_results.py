"""Search hits as an OptionList (it scales to thousands of rows; ListView does not)."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import TYPE_CHECKING

from rich.text import Text
from textual.binding import Binding
from textual.message import Message
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from index.model import Document

from ..labels import label_prefix
from .marks import COMPARE_MARK, COMPARE_MARK_STYLE
from .reader_option_list import ReaderOptionList
from .result_rows import SORT_NAMES, GroupRow, HitRow, Row, build_rows, next_sort, should_group

if TYPE_CHECKING:  # types only: the heavy modules load after the first frame
    from index.library.catalog import Library
    from index.search.index import Hit, SearchResult

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
    """The hits, grouped by document (the default when several documents have them) or as
    one ranked list; ``v`` switches, ``s`` changes the order, Enter on a document opens
    or folds its hits. The border's title says where the cursor is: "7/23" (the hit's
    rank among the 23 listed) or "2/5 份" on a document.
    """

    BINDINGS = [
        Binding("j", "cursor_down", "Down", show=False, id="results.down"),
        Binding("k", "cursor_up", "Up", show=False, id="results.up"),
        Binding("g", "first", "First", show=False, id="results.first"),
        Binding("G", "last", "Last", show=False, id="results.last"),
        Binding("v", "toggle_grouping", "分组", id="results.group"),
        Binding("s", "cycle_sort", "排序", id="results.sort"),
    ]

    class Previewed(Message):
        def __init__(self, hit: Hit) -> None:
            super().__init__()
            self.hit = hit

    class Opened(Message):
        def __init__(self, hit: Hit) -> None:
            super().__init__()
            self.hit = hit

    class Arranged(Message):
        """Grouping or order changed: the screen's status line says how they are now."""

        def __init__(self, description: str) -> None:
            super().__init__()
            self.description = description

    def __init__(self, **kwargs) -> None:
        super().__init__(markup=False, **kwargs)
        self.hits: list[Hit] = []  # in relevance order
        self.rows: list[Row] = []
        self.grouped = False
        self.sort = "relevance"
        self._grouping_chosen: bool | None = None  # the user's v, kept across searches
        self._expanded: frozenset[str] = frozenset()
        self._pending: list[Row] = []  # rows whose options are added after the first paint
        self._library: Library | None = None
        self._is_bookmarked: Callable[[str], bool] = lambda _id: False
        self.describe_document: Callable[[Document], str] = describe_document
        self.is_marked: Callable[[str], bool] = lambda _id: False  # ◆: marked to compare

    def show(
        self,
        result: SearchResult,
        library: Library,
        is_bookmarked: Callable[[str], bool],
        query: str,
    ) -> None:
        self._library = library
        self._is_bookmarked = is_bookmarked
        self.hits = [h for h in result.hits if library.measure(h.measure_id) is not None]
        self._expanded = frozenset()
        self.grouped = (
            self._grouping_chosen if self._grouping_chosen is not None else should_group(self.hits)
        )
        if self.hits:
            self._lay_out(keep=None)
            return
        self.clear_options()
        self.rows = []
        self._pending = []
        self._show_position()
        note = f"没有结果 No results for {query!r}"
        if result.suggestion:
            note += f" — try: {result.suggestion}"
        if result.message:
            note += f"\n{result.message}"
        self.add_option(Option(Text(note, style="italic"), disabled=True))

    def _lay_out(self, keep: str | None) -> None:
        """(Re)build the options; the cursor goes to the row ``keep`` (an option id), else the top."""
        assert self._library is not None
        self.rows = build_rows(
            self.hits,
            self._library.document,
            grouped=self.grouped,
            sort=self.sort,
            expanded=self._expanded,
        )
        self.clear_options()
        self._pending = []
        at = next(
            (i for i, row in enumerate(self.rows) if keep and self._row_id(row) == keep), None
        )
        first = max(FIRST_BATCH, (at or 0) + 1)
        # the first screenful now, the rest (their snippets made only then) after the first
        # paint: typing stays instant
        self.add_options([self._option(row) for row in self.rows[:first]])
        self._pending = self.rows[first:]
        if self._pending:
            self.call_after_refresh(self._add_pending)
        if at is None and self.grouped and len(self.rows) > 1:
            at = 1  # the best hit of the first document, not its header
        self.highlighted = at or 0
        self._show_position()

    def _add_pending(self) -> None:
        pending, self._pending = self._pending, []
        if pending:
            self.add_options([self._option(row) for row in pending])

    # -- arranging -----------------------------------------------------------------------
    def choose_grouping(self, grouped: bool | None) -> None:
        """How every search is arranged until ``v`` (the settings' results_view): grouped,
        one list, or None for by the hits (grouped when several documents have them)."""
        self._grouping_chosen = grouped

    def action_toggle_grouping(self) -> None:
        if not self.hits:
            return
        self.grouped = not self.grouped
        self._grouping_chosen = self.grouped
        self._lay_out(keep=self._current_id())
        self.post_message(self.Arranged(self.arrangement()))

    def action_cycle_sort(self) -> None:
        if not self.hits:
            return
        self.sort = next_sort(self.sort)
        self._lay_out(keep=self._current_id())
        self.post_message(self.Arranged(self.arrangement()))

    def arrangement(self) -> str:
        how = "按文件分组" if self.grouped else "列表"  # by document / one list
        return f"{how} · 按{SORT_NAMES[self.sort]}排序 (v s)"

    def _toggle_group(self, row: GroupRow) -> None:
        doc_id = row.document.id
        if row.expanded and row.shown > 1:
            self._expanded = self._expanded - {doc_id}
        else:
            self._expanded = self._expanded | {doc_id}
        self._lay_out(keep=_group_id(doc_id))

    def _current_id(self) -> str | None:
        row = self.row_at(self.highlighted)
        if isinstance(row, GroupRow):
            return _group_id(row.document.id)
        return row.hit.measure_id if isinstance(row, HitRow) else None

    # -- where the cursor is ---------------------------------------------------------------
    def row_at(self, index: int | None) -> Row | None:
        if index is None or not (0 <= index < len(self.rows)):
            return None
        return self.rows[index]

    def hit_at(self, index: int | None) -> Hit | None:
        """The hit of option ``index`` (None for a document's header)."""
        row = self.row_at(index)
        return row.hit if isinstance(row, HitRow) else None

    def highlight_hit(self, rank: int) -> None:
        """Move the cursor to the hit of relevance rank ``rank``, even one not listed yet."""
        if not 0 <= rank < len(self.hits):
            return
        target = self.hits[rank].measure_id
        index = next(
            (i for i, r in enumerate(self.rows) if isinstance(r, HitRow) and r.rank == rank),
            None,
        )
        if index is None:  # folded away under its document: open the document first
            self._expanded = self._expanded | {self.hits[rank].document_id}
            self._lay_out(keep=target)
            return
        if index >= self.option_count:
            self._add_pending()
        self.highlighted = index

    def step(self, delta: int) -> Hit | None:
        """The next (+1) / previous (-1) hit row from the cursor, moved to; None at an end."""
        start = self.highlighted if self.highlighted is not None else -1
        index = start + delta
        while 0 <= index < len(self.rows) and not isinstance(self.rows[index], HitRow):
            index += delta
        if not 0 <= index < len(self.rows):
            return None
        if index >= self.option_count:
            self._add_pending()
        self.highlighted = index
        return self.hit_at(index)

    def action_last(self) -> None:
        self._add_pending()  # the last hit, not the last of the first screenful
        super().action_last()

    def position(self) -> tuple[int, int] | None:
        """(the cursor's hit's rank, counted from 1; the hits listed), or None off a hit."""
        row = self.row_at(self.highlighted)
        if not isinstance(row, HitRow):
            return None
        return row.rank + 1, len(self.hits)

    def _show_position(self) -> None:
        row = self.row_at(self.highlighted)
        if isinstance(row, GroupRow):
            groups = sum(isinstance(r, GroupRow) for r in self.rows)
            self.border_title = f"{row.position + 1}/{groups} 份"
            return
        position = self.position()
        self.border_title = f"{position[0]}/{position[1]}" if position else None

    # -- drawing ---------------------------------------------------------------------------
    def _option(self, row: Row) -> Option:
        prompt = self._group_prompt(row) if isinstance(row, GroupRow) else self._hit_prompt(row)
        return Option(prompt, id=self._row_id(row))

    @staticmethod
    def _row_id(row: Row) -> str:
        return _group_id(row.document.id) if isinstance(row, GroupRow) else row.hit.measure_id

    def _group_prompt(self, row: GroupRow) -> Text:
        """▸ 8 条  title / 另 7 条 (Enter) · date · region · issuer: the count before the
        title, so a narrow pane cuts the title, not the count."""
        line = Text()  # styles on spans: a Text's own style would colour the title and line 2
        line.append("▾ " if row.expanded else "▸ ", style="cyan")
        line.append(f"{len(row.hits)} 条  ", style="cyan")
        line.append(row.document.title, style="bold")
        parts = [] if row.expanded else [f"另 {len(row.hits) - row.shown} 条 (Enter)"]
        described = self.describe_document(row.document)
        if described:
            parts.append(described)
        if parts:
            line.append("\n  " + " · ".join(parts), style="dim")
        return line

    def _hit_prompt(self, row: HitRow) -> Text:
        assert self._library is not None
        found = self._library.measure(row.hit.measure_id)
        assert found is not None
        doc, measure = found
        hit = row.hit
        indent = "    " if row.grouped else "  "
        line = Text("  " if row.grouped else "")
        if self.is_marked(measure.id):
            line = Text.assemble((COMPARE_MARK, COMPARE_MARK_STYLE)) + line  # the ◆ alone
        if self._is_bookmarked(measure.id):
            line.append("★ ", style="yellow")
        line.append(label_prefix(measure.label), style="green")
        line.append_text(
            highlighted(measure.display_title, _spans(measure.display_title, hit.terms))
        )
        if not row.grouped:
            described = self.describe_document(doc)
            line.append(f"\n  {described + ' · ' if described else ''}{doc.title}", style="dim")
        line.append(f"\n{indent}")
        line.append_text(_snippet(hit))
        return line

    def refresh_measure(
        self, measure_id: str, library: Library, is_bookmarked: Callable[[str], bool]
    ) -> None:
        """Redraw one result (its bookmark mark changed); the highlight stays where it is."""
        self._is_bookmarked = is_bookmarked
        for row in self.rows:
            if (
                isinstance(row, HitRow)
                and row.hit.measure_id == measure_id
                and measure_id not in self._pending_ids()
            ):
                self.replace_option_prompt(measure_id, self._hit_prompt(row))

    def _pending_ids(self) -> set[str]:
        return {self._row_id(row) for row in self._pending}

    def on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        event.stop()
        self._show_position()
        hit = self.hit_at(event.option_index)
        if hit is not None:
            self.post_message(self.Previewed(hit))

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        row = self.row_at(event.option_index)
        if isinstance(row, GroupRow):
            self._toggle_group(row)
        elif isinstance(row, HitRow):
            self.post_message(self.Opened(row.hit))


def _group_id(document_id: str) -> str:
    return f"document:{document_id}"


@functools.lru_cache(maxsize=4096)
def _region(
    doc_id: str, title: str, alternative_titles: tuple[str, ...], issuer: str | None
) -> str | None:
    """Cached: the rows of one document are drawn again at every regrouping."""
    from index.facets import document_facets
    from index.library.stored_document import DocumentSummary

    return document_facets(
        DocumentSummary(doc_id, title, alternative_titles, issuer, None, 0)
    ).region


def describe_document(document: Document) -> str:
    """The document line: date first, so a narrow pane cuts the issuer, not the date; then
    its region (from issuer and title, index.facets) and its issuer."""
    region = _region(document.id, document.title, document.alternative_titles, document.issuer)
    issuer = document.issuer
    if region and issuer and issuer.startswith(region.rstrip("省市")):
        region = None  # 湖北省商务厅 already says 湖北省
    return " · ".join(part for part in (document.date, region, issuer) if part)


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
