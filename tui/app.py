"""PolicyApp: the full-screen reader. The data layer is handed in; the app only shows it."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Protocol

from textual.app import App
from textual.binding import Binding
from textual.notifications import SeverityLevel
from textual.worker import Worker, WorkerState

from index.bookmarks import BookmarksReadOnlyError, BookmarkStore
from index.model import Document, Measure
from index.safe_text import visible_controls

from .palette import TitleProvider
from .screens.main import MainScreen
from .widgets import DocumentTree, MeasureDetail

if TYPE_CHECKING:  # types only: the heavy modules load after the first frame
    from index.library.catalog import Library
    from index.search.index import SearchIndex

PROBLEMS_SHOWN = 5  # notifications for unreadable files; the rest are counted in one more


SEARCH_READY = "搜索就绪 search ready"  # the status line once the index is open


class Opener(Protocol):
    """Opens the data layer off the UI thread; ``status`` shows progress lines."""

    def open_library(self, status: Callable[[str], None]) -> Library: ...

    def open_search(self, library: Library, status: Callable[[str], None]) -> SearchIndex: ...


class PolicyApp(App[None]):
    """``PolicyApp(library=…, search=…, bookmarks=…)``, or ``opener=`` to open them in the
    background so the first frame appears at once."""

    CSS_PATH = "policy.tcss"
    TITLE = "policy-tui"
    COMMANDS = App.COMMANDS | {TitleProvider}
    BINDINGS = [
        Binding("q", "quit", "退出", id="app.quit"),
        Binding("question_mark", "help", "帮助", id="app.help"),
    ]

    def __init__(
        self,
        library: Library | None = None,
        search: SearchIndex | None = None,
        bookmarks: BookmarkStore | None = None,
        opener: Opener | None = None,
    ) -> None:
        super().__init__()
        self.library: Library | None = library
        self.search: SearchIndex | None = search
        self.bookmarks: BookmarkStore | None = bookmarks
        self._opener = opener
        self._bookmarked: set[str] = set()
        self.marked: list[str] = []  # measure ids marked for comparison, in the order marked
        self.refresh_bookmarks()

    async def on_mount(self) -> None:
        screen = MainScreen()
        await self.push_screen(screen)
        if self._opener is not None:
            screen.query_one("#tree").loading = True
            screen.set_status("正在打开文库… opening the library")
            self.open_data()
        elif self.library is not None:
            screen.show_library()
            self._report_problems()
        self._report_bookmarks_state()

    def _main(self) -> MainScreen:
        for screen in self.screen_stack:
            if isinstance(screen, MainScreen):
                return screen
        raise LookupError("the main screen is not up")

    # -- background opening ---------------------------------------------------------------
    def open_data(self) -> None:
        self.run_worker(
            self._open_in_thread,
            thread=True,
            group="open",
            name="opening the library",
            exit_on_error=False,
        )

    def _open_in_thread(self) -> None:
        """The tree appears as soon as the library is read; search follows when jieba is ready."""
        assert self._opener is not None
        status = lambda text: self.call_from_thread(self._main().set_status, text)  # noqa: E731
        library = self._opener.open_library(status)
        self.call_from_thread(self._library_ready, library)
        search = self._opener.open_search(library, status)
        self.call_from_thread(self._search_ready, search)

    def _library_ready(self, library: Library) -> None:
        self.library = library
        self.refresh_bookmarks()
        self._main().show_library()
        self._report_problems()

    def _search_ready(self, search: SearchIndex) -> None:
        self.search = search
        main = self._main()
        documents = len(self.library) if self.library else 0
        measures = self.library.measure_count if self.library else 0
        main.set_status(f"{documents} 份文件 · {measures} 条措施 · {SEARCH_READY}")
        for notice in search.notices[:3]:
            self.notify(notice, severity="warning", timeout=8)
        main.search_ready()

    def _report_problems(self) -> None:
        """The library's unreadable files: the first few by name, then how many more."""
        problems = getattr(self.library, "problems", [])
        for problem in problems[:PROBLEMS_SHOWN]:
            self.notify(problem, severity="warning", timeout=8)
        if len(problems) > PROBLEMS_SHOWN:
            more = len(problems) - PROBLEMS_SHOWN
            self.notify(f"… and {more} more files could not be read", severity="warning", timeout=8)

    def _report_bookmarks_state(self) -> None:
        reason = getattr(self.bookmarks, "read_only_reason", None)
        if reason:
            self.notify(f"Bookmarks are read-only: {reason}", severity="error", timeout=12)

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        self.report_worker_state(event)

    def report_worker_state(self, event: Worker.StateChanged) -> None:
        """Every worker failure (the app's and the screens') lands here: one notification."""
        if event.state is WorkerState.ERROR:
            error = event.worker.error
            message = f"{event.worker.name or 'task'} failed: {error}".splitlines()[0]
            self.notify(message, severity="error", timeout=10)
            if event.worker.group == "open":
                try:
                    self._main().query_one("#tree").loading = False
                    self._main().set_status("the library could not be opened")
                except LookupError:
                    pass

    def notify(
        self,
        message: str,
        *,
        title: str = "",
        severity: SeverityLevel = "information",
        timeout: float | None = None,
        markup: bool = False,
    ) -> None:
        """Every notification is plain text, whatever the caller asked: they carry measure
        titles, file names and error lines, and `[/AEO]` in a title must not break the toast."""
        super().notify(
            visible_controls(message),  # a file name or title may hold an escape sequence
            title=visible_controls(title),
            severity=severity,
            timeout=timeout,
            markup=False,
        )

    # -- what screens and the palette call -------------------------------------------------
    def is_bookmarked(self, measure_id: str) -> bool:
        return measure_id in self._bookmarked

    def refresh_bookmarks(self) -> None:
        """Which measures are bookmarked, by their id in the library now (re-found ones too)."""
        if self.bookmarks is None:
            self._bookmarked = set()
        elif self.library is not None:
            self._bookmarked = set(self.bookmarks.bookmarked_ids(self.library))
        else:
            self._bookmarked = {b.measure_id for b in self.bookmarks.bookmarks}

    def toggle_bookmark(self, document: Document, measure: Measure) -> bool | None:
        """True if now bookmarked, False if removed, None if it could not be changed."""
        if self.bookmarks is None:
            self.notify("No bookmarks file is open", severity="warning")
            return None
        try:
            added = bool(self.bookmarks.toggle(document, measure, self.library))
            self.refresh_bookmarks()
            return added
        except (BookmarksReadOnlyError, OSError) as exc:
            self.notify(str(exc).splitlines()[0], severity="error", timeout=10)
            return None

    def is_marked(self, measure_id: str) -> bool:
        return measure_id in self.marked

    def toggle_mark(self, measure_id: str) -> bool:
        """Mark a measure for comparison, or unmark it; True if now marked. Every list that
        shows the ◆ is redrawn, whichever screen marked it (the results, tree, bookmarks)."""
        added = measure_id not in self.marked
        if added:
            self.marked.append(measure_id)
        else:
            self.marked.remove(measure_id)
        self._main().show_marks()
        return added

    def marked_measures(self) -> list[tuple[Document, Measure]]:
        """The marked measures still in the library, in the order marked."""
        found = [self.library.measure(i) for i in self.marked] if self.library else []
        return [pair for pair in found if pair is not None]

    def open_measure(self, measure_id: str) -> None:
        while len(self.screen_stack) > 2:
            self.pop_screen()
        self._main().read_measure(measure_id)

    def open_document(self, document_id: str) -> None:
        doc = self.library.document(document_id) if self.library else None
        if doc is None:
            return
        while len(self.screen_stack) > 2:
            self.pop_screen()
        main = self._main()
        main.query_one(MeasureDetail).show_document(doc)
        main.query_one(DocumentTree).reveal_document(doc.id)

    def action_help(self) -> None:
        from .screens.help import HelpScreen

        self.push_screen(HelpScreen())
