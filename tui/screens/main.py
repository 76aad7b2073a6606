"""The main screen: search bar on top; document tree (or search results) left; measure right."""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

from rich.text import Text
from textual import events, on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import ContentSwitcher, Input, Static
from textual.worker import Worker, get_current_worker

from index.model import Attachment, Document, Measure, Section

from ..clipboard import copy_text
from ..copy_text import measure_as_text
from ..history import History
from ..widgets import DocumentTree, KeyBar, MeasureDetail, SearchBar, SearchResults, Welcome

if TYPE_CHECKING:
    from index.library.catalog import Library
    from index.search.index import Hit, Related, SearchResult

    from ..app import PolicyApp  # app.py imports this module: only for the type

# Collapses a burst of keys into one search (an input method commits a whole word at
# once, a paste arrives in one go) and adds to every result's latency: a search started for
# a query already superseded stops at its next step (search_worker), so it can be short.
DEBOUNCE_SECONDS = 0.04
RESULTS_SHOWN = 100
LAST_RESULT = "已是最后一条 (last result)"
FIRST_RESULT = "已是第一条 (first result)"
LAST_MATCH = "已是最后一处 (last match)"
FIRST_MATCH = "已是第一处 (first match)"
STARTUP_DETAILS = "详见 ?"  # the help names the files; short, for an 80-column status line
NO_MATCH = "本条没有搜索词 no match in this measure: search with / first"


class MainScreen(Screen[None]):
    AUTO_FOCUS = "#tree"
    BINDINGS = [
        Binding("slash", "focus_search", "搜索", id="main.search"),
        Binding("escape", "back_to_tree", "Tree", show=False, id="main.tree"),
        Binding("n", "next_result", "Next hit", show=False, id="main.next_result"),
        Binding("N", "previous_result", "Prev hit", show=False, id="main.previous_result"),
        Binding("right_square_bracket", "next_measure", "Next", show=False, id="main.next_measure"),
        Binding(
            "left_square_bracket",
            "previous_measure",
            "Prev",
            show=False,
            id="main.previous_measure",
        ),
        Binding("full_stop", "next_match", "Next match", show=False, id="detail.next_match"),
        Binding("comma", "previous_match", "Prev match", show=False, id="detail.previous_match"),
        Binding("alt+left", "history_back", "Back", show=False, id="main.back"),
        Binding("alt+right", "history_forward", "Forward", show=False, id="main.forward"),
        Binding("b", "toggle_bookmark", "书签", id="main.bookmark"),
        Binding("y", "copy_measure", "复制", id="main.copy"),
        Binding("r", "related", "相关", id="main.related"),
        Binding("f", "facets", "Filter", show=False, id="main.facets"),
        Binding("B", "bookmarks", "书签表", id="main.bookmarks"),
        Binding("m", "toggle_mark", "Mark", show=False, id="main.mark"),
        Binding("c", "compare_marked", "Compare", show=False, id="main.compare"),
        Binding("C", "compare_best_hits", "Compare docs", show=False, id="main.compare_best"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.history = History()
        self.terms: list[str] = []
        self._debounce: Timer | None = None
        self._last_query = ""
        self._shown_query = ""
        self._results_note = ""  # the status line of the results shown: "23 条结果 hits" …
        self._results_base = ""  # the same without how they are arranged (v, s)
        self._bar_requested = False  # "/" pressed, the bar not focused yet
        self._open_when_shown = False
        self._status_text = ""
        self._startup_notes: list[str] = []  # "2 个文件无法读取" …: add_startup_note

    @property
    def policy_app(self) -> PolicyApp:
        """The app with its data layer (``self.app`` is typed as any App)."""
        return cast("PolicyApp", self.app)

    def _library(self) -> Library:
        """The open library, for what is only shown once it is open (tree, results, measures)."""
        library = self.policy_app.library
        assert library is not None, "the library is not open yet"
        return library

    def compose(self) -> ComposeResult:
        yield SearchBar(id="search")
        with Horizontal(id="panes"):
            with ContentSwitcher(initial="tree", id="left"):
                yield DocumentTree(id="tree", is_bookmarked=self.policy_app.is_bookmarked)
                results = SearchResults(id="results")
                results.is_marked = lambda measure_id: measure_id in self.policy_app.marked
                yield results
                yield Welcome(id="welcome")
            yield MeasureDetail(id="detail")
        yield Static(Text(""), id="status", markup=False)
        yield KeyBar()

    def on_mount(self) -> None:
        self.policy_app.main_screen_mounted(self)

    # -- data arrives ---------------------------------------------------------------
    def show_library(self) -> None:
        """Called by the app once the library (and index) are open."""
        library = self._library()
        tree = self.query_one(DocumentTree)
        tree.loading = False
        self.set_class(not library.documents, "-empty")  # the welcome page takes the width
        if not library.documents:
            self.query_one("#left", ContentSwitcher).current = "welcome"
            return
        tree.show_documents(library.documents)
        if self.query_one("#left", ContentSwitcher).current == "welcome":
            self.query_one("#left", ContentSwitcher).current = "tree"
        if not self.query_one(SearchBar).has_focus:
            tree.focus()
        if tree.cursor_line < 0:
            tree.cursor_line = 0

    def search_ready(self) -> None:
        """The index is open: run what was typed while it loaded, or add the startup notes
        to the "search ready" line the app has just shown."""
        query = self.query_one(SearchBar).value
        if query.strip():
            self._run_search(query)
        elif self._startup_notes:
            self.set_status(f"{self._status_text} · {self.startup_note()}")

    def set_status(self, text: str) -> None:
        self._status_text = text
        self.query_one("#status", Static).update(Text(text, style="dim"))

    def add_startup_note(self, note: str) -> None:
        """Something that went wrong while opening (unreadable files, read-only bookmarks):
        a few words on the status line, never a toast over the text; ``?`` has the details."""
        if note not in self._startup_notes:
            self._startup_notes.append(note)
        self.set_status(self.startup_note())

    def startup_note(self) -> str:
        """The startup notes on one line: "2 个文件无法读取 · 详见 ?"."""
        return " · ".join([*self._startup_notes, STARTUP_DETAILS]) if self._startup_notes else ""

    # -- showing things -------------------------------------------------------------------
    def read_measure(self, measure_id: str) -> bool:
        """Open a measure chosen elsewhere (bookmarks, related, the palette) to read it:
        the measure pane takes the focus, so the reading keys scroll it."""
        opened = self.open_measure(measure_id)
        if opened:
            self.query_one(MeasureDetail).focus()
        return opened

    def open_measure(self, measure_id: str, *, record: bool = True, reveal: bool = True) -> bool:
        found = self.policy_app.library.measure(measure_id) if self.policy_app.library else None
        if found is None:
            self.notify(f"Measure {measure_id} is not in the library", severity="warning")
            return False
        doc, measure = found
        bookmarked = self.policy_app.is_bookmarked(measure.id)
        self.query_one(MeasureDetail).show_measure(doc, measure, self.terms, bookmarked)
        if record:
            self.history.visit(measure.id)
        if reveal:
            self.query_one(DocumentTree).reveal(doc.id, measure.id)
        return True

    @on(DocumentTree.Chosen)
    def _tree_moved(self, event: DocumentTree.Chosen) -> None:
        detail = self.query_one(MeasureDetail)
        node = event.node
        if isinstance(node, Measure):
            self.terms = []
            detail.show_measure(event.document, node, [], self.policy_app.is_bookmarked(node.id))
        elif isinstance(node, Section):
            detail.show_section(event.document, node)
        elif isinstance(node, Attachment):
            detail.show_attachment(event.document, node)
        elif isinstance(node, Document):
            detail.show_document(node)

    @on(DocumentTree.NodeSelected)
    def _tree_entered(self, event: DocumentTree.NodeSelected) -> None:
        """Enter on a measure visits it (cursor moves alone do not fill the history);
        on an attachment it shows it again (the history holds measures only)."""
        data = event.node.data
        if isinstance(data, Measure):
            self.history.visit(data.id)
            self.query_one(MeasureDetail).focus()  # Enter opens it to read: j/k scroll it now
        elif isinstance(data, Attachment):
            document = event.node.parent.data if event.node.parent is not None else None
            if isinstance(document, Document):
                self.query_one(MeasureDetail).show_attachment(document, data)

    # -- search -------------------------------------------------------------------------------
    @on(Input.Changed, "#search")
    def _query_changed(self, event: Input.Changed) -> None:
        if self._debounce is not None:
            self._debounce.stop()
        query = event.value
        self._debounce = self.set_timer(DEBOUNCE_SECONDS, lambda: self._run_search(query))

    def _run_search(self, query: str) -> None:
        query = query.strip()
        self._last_query = query
        if not query:
            self.workers.cancel_group(self, "search")
            library = self.policy_app.library
            self.query_one("#left", ContentSwitcher).current = (
                "tree" if library and library.documents else "welcome"
            )
            self.set_status("")
            return
        if self.policy_app.search is None:
            self.set_status("正在建立索引… the search index is still loading")
            return
        self.search_worker(query)

    @work(thread=True, exclusive=True, group="search", exit_on_error=False)
    def search_worker(self, query: str) -> None:
        search = self.policy_app.search
        assert search is not None  # _run_search starts this only once the index is open
        worker = get_current_worker()
        # A newer search cancels this worker: the search itself stops at its next step
        # and hands the index over, instead of finishing first (issue 13).
        result = search.search(query, limit=RESULTS_SHOWN, cancelled=lambda: worker.is_cancelled)
        if not worker.is_cancelled:
            self.app.call_from_thread(self.show_results, query, result)

    def show_results(self, query: str, result: SearchResult) -> None:
        if query != self._last_query:
            return  # a newer search is on its way
        results = self.query_one(SearchResults)
        results.show(result, self._library(), self.policy_app.is_bookmarked, query)
        self.query_one("#left", ContentSwitcher).current = "results"
        self.terms = list(result.hits[0].terms) if result.hits else []
        shown = len(result.hits)
        note = f"{result.total} 条结果 hits" + (f" (first {shown})" if result.total > shown else "")
        documents = len({hit.document_id for hit in result.hits})
        if documents > 1:
            note += f" · {documents} 份文件"
        if result.corrected_from and result.suggestion:
            note = (
                f"显示「{result.suggestion}」的结果 · 未找到「{result.corrected_from}」 · " + note
            )
        if result.message:
            note += f" · {result.message}"
        self._results_base = note
        if documents > 1:
            note += f" · {results.arrangement()}"
        self._results_note = note
        self.set_status(note)
        self._shown_query = query
        if self._open_when_shown:
            self._open_when_shown = False
            if result.hits:
                self._open_hit(result.hits[0])
                results.focus()

    @on(Input.Submitted, "#search")
    def _search_submitted(self, event: Input.Submitted) -> None:
        results = self.query_one(SearchResults)
        if event.value.strip() != self._shown_query:
            self._open_when_shown = True  # Enter before the results arrived: open them then
            if self._debounce is not None:
                self._debounce.stop()
            self._run_search(event.value)
            return
        hit = results.hit_at(results.highlighted if results.highlighted is not None else 0)
        if hit is not None:
            self._open_hit(hit)
            results.focus()

    @on(SearchResults.Previewed)
    def _preview(self, event: SearchResults.Previewed) -> None:
        self.set_status(self._results_note)  # the cursor moved: "last result" no longer holds
        self.terms = list(event.hit.terms)
        self.open_measure(event.hit.measure_id, record=False, reveal=False)

    @on(SearchBar.ToResults)
    def _bar_to_results(self) -> None:
        results = self.query_one(SearchResults)
        if self.query_one("#left", ContentSwitcher).current == "results" and results.hits:
            results.focus()

    @on(SearchResults.Arranged)
    def _arranged(self, event: SearchResults.Arranged) -> None:
        self._results_note = f"{self._results_base} · {event.description}"
        self.set_status(self._results_note)

    @on(SearchResults.Opened)
    def _opened(self, event: SearchResults.Opened) -> None:
        self._open_hit(event.hit)
        self.query_one(MeasureDetail).focus()

    def _open_hit(self, hit: Hit) -> None:
        self.terms = list(hit.terms)
        self.open_measure(hit.measure_id, reveal=False)

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        self.policy_app.report_worker_state(event)

    # -- actions ----------------------------------------------------------------------------------
    def action_focus_search(self) -> None:
        """Back in the search bar, the results of what it holds come back too."""
        bar = self.query_one(SearchBar)
        self._bar_requested = True  # keys already on their way to another widget follow it
        bar.focus()
        query = bar.value.strip()
        if not query:
            return
        if query == self._shown_query:
            self.query_one("#left", ContentSwitcher).current = "results"
        else:
            self._run_search(query)

    def on_key(self, event: events.Key) -> None:
        """Keys typed in the instant after "/" — before the bar has the focus — reach the
        focused tree or list first; they belong in the search bar."""
        bar = self.query_one(SearchBar)
        if self.focused is bar:
            self._bar_requested = False
            if event.is_printable and event.character:
                # Sent to the tree before the bar took the focus, and bubbled up here after:
                # the bar inserts (and stops) every key it receives itself.
                bar.insert_text_at_cursor(event.character)
                event.stop()
                event.prevent_default()
            return
        bound = self.app.active_bindings.get(event.key)
        if bound is not None and bound.binding.action == "focus_search":
            self._bar_requested = True  # its action runs after the keys already queued
            return
        if self._bar_requested and event.is_printable and event.character:
            bar.select_on_focus = False  # what was typed ahead stays when the bar takes focus
            bar.insert_text_at_cursor(event.character)
            event.stop()
            event.prevent_default()

    def on_descendant_focus(self, event: events.DescendantFocus) -> None:
        if isinstance(event.widget, SearchBar):
            self._bar_requested = False
            bar = event.widget
            self.call_after_refresh(setattr, bar, "select_on_focus", True)

    def action_back_to_tree(self) -> None:
        if self._debounce is not None:
            self._debounce.stop()  # a search typed just before Esc must not pop up afterwards
        self.workers.cancel_group(self, "search")
        self._last_query = ""
        self._open_when_shown = False
        switcher = self.query_one("#left", ContentSwitcher)
        library = self.policy_app.library
        if switcher.current == "welcome" or (library is not None and not library.documents):
            switcher.current = "welcome"  # an empty library has no tree to go back to
            self.set_focus(None)  # out of the search bar, so q quits
            return
        switcher.current = "tree"
        current = self.query_one(MeasureDetail).current
        tree = self.query_one(DocumentTree)
        if current is not None:
            tree.reveal(current[0].id, current[1].id)
        tree.focus()

    def _step_result(self, delta: int) -> None:
        """``n`` / ``N``: the next / previous result; at either end the status line says so
        (the pane keeps its place, unless it shows another measure: then that result again)."""
        results = self.query_one(SearchResults)
        if not results.hits:
            self.notify("No search results to step through — press / to search")
            return
        current = results.highlighted
        hit = results.step(delta)  # the next hit row in the order shown (headers skipped)
        if hit is None:
            self.set_status(f"{self._results_note} · {LAST_RESULT if delta > 0 else FIRST_RESULT}")
            hit = results.hit_at(current)
            shown = self.query_one(MeasureDetail).current
            if hit is not None and (shown is None or shown[1].id != hit.measure_id):
                self._open_hit(hit)
            return
        self._open_hit(hit)

    def action_next_result(self) -> None:
        self._step_result(+1)

    def action_previous_result(self) -> None:
        self._step_result(-1)

    def _step_match(self, delta: int) -> None:
        """``.`` / ``,``: the next / previous match of the query in the measure pane."""
        step = self.query_one(MeasureDetail).step_match(delta)
        if step is None:
            self.set_status(NO_MATCH)
            return
        said = f"第 {step.number}/{step.total} 处"
        if not step.moved:
            said += f" · {LAST_MATCH if delta > 0 else FIRST_MATCH}"
        self.set_status(said)

    def action_next_match(self) -> None:
        self._step_match(+1)

    def action_previous_match(self) -> None:
        self._step_match(-1)

    def _step_measure(self, delta: int) -> None:
        current = self.query_one(MeasureDetail).current
        if current is None:
            return
        doc, measure = current
        index = measure.position - 1 + delta
        if 0 <= index < len(doc.measures):
            self.open_measure(doc.measures[index].id)

    def action_next_measure(self) -> None:
        self._step_measure(+1)

    def action_previous_measure(self) -> None:
        self._step_measure(-1)

    def action_history_back(self) -> None:
        target = self.history.back()
        if target is not None:
            self.open_measure(target, record=False)

    def action_history_forward(self) -> None:
        target = self.history.forward()
        if target is not None:
            self.open_measure(target, record=False)

    def action_toggle_bookmark(self) -> None:
        current = self.query_one(MeasureDetail).current
        if current is None:
            self.notify("Choose a measure first", severity="warning")
            return
        doc, measure = current
        added = self.policy_app.toggle_bookmark(doc, measure)
        if added is None:
            return
        self.query_one(DocumentTree).refresh_measure(measure)
        self.query_one(SearchResults).refresh_measure(
            measure.id,
            self._library(),
            self.policy_app.is_bookmarked,
        )
        self.query_one(MeasureDetail).show_measure(doc, measure, self.terms, added)
        self.notify(
            ("★ 已收藏 Bookmarked: " if added else "已取消收藏 Removed bookmark: ")
            + measure.display_title
        )

    def action_copy_measure(self) -> None:
        current = self.query_one(MeasureDetail).current
        if current is None:
            self.notify("Choose a measure first", severity="warning")
            return
        doc, measure = current
        where = copy_text(self.app, measure_as_text(doc, measure))
        said = f"{measure.label}{measure.display_title}: {where}"
        self.set_status(said)
        self.notify(said)

    def action_bookmarks(self) -> None:
        from .bookmarks import BookmarksScreen

        store = self.policy_app.bookmarks
        if store is None:
            self.notify("No bookmarks file is open", severity="warning")
            return
        store.load()

        def closed(measure_id: str | None) -> None:
            self.policy_app.refresh_bookmarks()
            self.query_one(DocumentTree).refresh_all_measures()
            if measure_id:
                self.terms = []
                self.read_measure(measure_id)

        self.app.push_screen(BookmarksScreen(store, self.policy_app.library), closed)

    def action_facets(self) -> None:
        """``f``: region / year / type of the results, to filter them by one (added to the query)."""
        from .facets import FacetScreen, facet_counts

        results = self.query_one(SearchResults)
        search = self.policy_app.search
        if not results.hits or search is None:
            self.notify("Search first (/), then f filters the results by region, year or type")
            return

        def chosen(filter_: str | None) -> None:
            if not filter_:
                return
            bar = self.query_one(SearchBar)
            bar.value = f"{bar.value.strip()} {filter_}".strip()
            bar.cursor_position = len(bar.value)  # the bar's change runs the search
            results.focus()

        self.app.push_screen(FacetScreen(facet_counts(results.hits, search.facets)), chosen)

    def action_related(self) -> None:
        current = self.query_one(MeasureDetail).current
        if current is None:
            self.notify("Choose a measure first", severity="warning")
            return
        if self.policy_app.search is None:
            self.notify("The search index is still loading — try again in a moment")
            return
        self.related_worker(current[1])

    @work(thread=True, exclusive=True, group="related", exit_on_error=False)
    def related_worker(self, measure: Measure) -> None:
        search = self.policy_app.search
        assert search is not None  # action_related starts this only once the index is open
        related = search.related(measure.id, limit=8)
        if not get_current_worker().is_cancelled:
            self.app.call_from_thread(self._show_related, measure, related)

    def _show_related(self, measure: Measure, related: list[Related]) -> None:
        from .related import RelatedScreen

        def chosen(measure_id: str | None) -> None:
            if measure_id:
                self.terms = []
                self.read_measure(measure_id)

        self.app.push_screen(RelatedScreen(measure, related, self._library()), chosen)

    # -- marking and comparing: m, c, C (the compare screen is screens/compare.py) ---------
    def action_toggle_mark(self) -> None:
        """``m``: mark the measure shown (the highlighted result or tree row) to compare it."""
        current = self.query_one(MeasureDetail).current
        if current is None:
            self.notify("Choose a measure first", severity="warning")
            return
        measure = current[1]
        added = self.policy_app.toggle_mark(measure.id)  # redraws the ◆ through show_marks
        count = len(self.policy_app.marked)
        head = f"◆ 已标记 Marked ({count})" if added else f"已取消标记 Unmarked ({count})"
        hint = "c 对比 compares them" if count >= 2 else "mark one more with m, then c compares"
        self.set_status(f"{head}: {measure.label}{measure.display_title} · {hint}")

    def show_marks(self) -> None:
        """The ◆ of the marked measures in the tree and the results (the app calls this)."""
        from ..widgets.marks import mark_options

        marked = set(self.policy_app.marked)
        self.query_one(DocumentTree).show_marks(marked)
        mark_options(self.query_one(SearchResults), marked)

    def _query_and_terms(self) -> tuple[str, list[str]]:
        """The search in the bar and its terms (after synonyms) to highlight; none without one."""
        query = self.query_one(SearchBar).value.strip()
        hits = self.query_one(SearchResults).hits
        if not query or not hits:
            return "", []
        return query, list(hits[0].terms)

    def _open_compare(self, items: list[tuple[Document, Measure]], note: str) -> None:
        from .compare import CompareScreen

        query, terms = self._query_and_terms()
        self.app.push_screen(CompareScreen(items, terms, query, note))

    def action_compare_marked(self) -> None:
        """``c``: the marked measures side by side (the first four, in the order marked)."""
        from .compare import MAX_COLUMNS

        marked = self.policy_app.marked_measures()
        if len(marked) < 2:
            self.set_status(
                f"已标记 {len(marked)} 条 marked — 对比至少两条: press m on a measure "
                "(in the results, the tree or the bookmarks B) to mark it, then c · "
                "C compares the best hit of each document of a search"
            )
            return
        note = ""
        if len(marked) > MAX_COLUMNS:
            note = (
                f"显示前 {MAX_COLUMNS} 条，共标记 {len(marked)} 条 "
                f"showing the first {MAX_COLUMNS} of {len(marked)} marked"
            )
        self._open_compare(marked, note)

    def action_compare_best_hits(self) -> None:
        """``C``: the first hit of each document of the search, in result order (up to four)."""
        from .compare import MAX_COLUMNS

        query, _terms = self._query_and_terms()
        if not query:
            self.set_status("C compares the best hit of each document of a search: press / first")
            return
        best: dict[str, Hit] = {}
        for hit in self.query_one(SearchResults).hits:  # relevance order
            best.setdefault(hit.document_id, hit)
        found = [self._library().measure(hit.measure_id) for hit in best.values()]
        items = [pair for pair in found if pair is not None]
        if len(items) < 2:
            self.set_status(
                "所有结果来自同一份文件 every hit is in one document — "
                "mark measures with m, then c compares them"
            )
            return
        note = ""
        if len(items) > MAX_COLUMNS:
            note = (
                f"前 {MAX_COLUMNS} 份文件的最佳结果，共 {len(items)} 份 "
                f"the best hit of the first {MAX_COLUMNS} of {len(items)} documents"
            )
        self._open_compare(items[:MAX_COLUMNS], note)
