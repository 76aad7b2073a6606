"""PolicyApp: the full-screen reader. The data layer is handed in; the app only shows it."""

from __future__ import annotations

import gc
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from textual.app import App
from textual.binding import Binding
from textual.notifications import SeverityLevel
from textual.worker import Worker, WorkerState

from index.model import Document, Measure
from index.safe_text import one_line, visible_controls

from .keymap_check import keymap_problems
from .palette import TitleProvider
from .screens.main import MainScreen
from .settings import (
    MEASURE_WIDTH,
    LoadedSettings,
    SettingsNotSavedError,
    load_settings,
    save_setting,
)
from .widgets import DocumentTree, MeasureDetail, SearchResults

if TYPE_CHECKING:  # types only: the heavy modules load after the first frame
    from index.bookmarks import BookmarkStore
    from index.library.catalog import Library
    from index.search.index import SearchIndex

SEARCH_READY = "搜索就绪 search ready"  # the status line once the index is open
SETTINGS_NOTE = "设置文件有问题"  # on the status line; the line itself is in ? (help)


class Opener(Protocol):
    """Opens the data layer off the UI thread; ``status`` shows progress lines."""

    def open_library(self, status: Callable[[str], None]) -> Library: ...

    def open_search(self, library: Library, status: Callable[[str], None]) -> SearchIndex: ...

    def open_bookmarks(self) -> BookmarkStore | None: ...


class PolicyApp(App[None]):
    """``PolicyApp(library=…, search=…, bookmarks=…)``, or ``opener=`` to open them in the
    background so the first frame appears at once; ``settings=`` the settings file (theme,
    keymap, measure width, results view: tui/settings.py), None for the defaults."""

    CSS_PATH = "policy.tcss"
    TITLE = "policy-tui"
    COMMANDS = App.COMMANDS | {TitleProvider}
    BINDINGS = [
        Binding("q", "quit", "退出", id="app.quit"),
        Binding("question_mark", "help", "帮助", id="app.help"),
        # Textual's own palette binding, with a Chinese label in the footer (it said "palette")
        Binding(
            "ctrl+p",
            "command_palette",
            "跳转",
            show=False,
            priority=True,
            id="app.palette",
            tooltip="按标题跳转到文件或措施 jump to a document or measure",
        ),
    ]

    def __init__(
        self,
        library: Library | None = None,
        search: SearchIndex | None = None,
        bookmarks: BookmarkStore | None = None,
        opener: Opener | None = None,
        settings: Path | None = None,
    ) -> None:
        # before App.__init__: the stylesheet's $measure-width comes from the settings
        self.settings: LoadedSettings | None = load_settings(settings) if settings else None
        super().__init__()
        self._theme_problem: str | None = None
        self.settings_problem: str | None = None  # one line; ? shows it (screens/help.py)
        wanted = self.settings.settings.theme if self.settings else None
        if wanted and wanted not in self.available_themes:
            self._theme_problem = f"theme {wanted!r} is not one of the reader's themes"
            wanted = None
        self._saved_theme = wanted or self.theme  # watch_theme saves only a change from this
        self.theme = self._saved_theme
        self.library: Library | None = library
        self.search: SearchIndex | None = search
        self.bookmarks: BookmarkStore | None = bookmarks
        self._opener = opener
        self._bookmarked: set[str] = set()
        self.marked: list[str] = []  # measure ids marked for comparison, in the order marked
        self.refresh_bookmarks()

    def get_default_screen(self) -> MainScreen:
        """The main screen is the app's first: composed and drawn once, not after a blank
        default screen (a whole second first frame)."""
        return MainScreen()

    def main_screen_mounted(self, screen: MainScreen) -> None:
        """The main screen's widgets are there: settings, then the library or its opening."""
        self._apply_settings(screen)
        if self._opener is not None:
            screen.query_one("#tree").loading = True
            screen.set_status("正在打开文库… opening the library")
            self.open_data()
        elif self.library is not None:
            screen.show_library()
            self._report_problems()
            if self.search is not None:
                _keep_out_of_collections()
        self._report_bookmarks_state()

    # -- settings ---------------------------------------------------------------------------
    def get_theme_variable_defaults(self) -> dict[str, str]:
        """``$measure-width`` for policy.tcss: the measure pane's reading width in cells."""
        han = self.settings.settings.measure_width if self.settings else MEASURE_WIDTH
        return {"measure-width": str(2 * han)}  # a Han character is two cells

    def _apply_settings(self, screen: MainScreen) -> None:
        """The keymap and the results view; what was wrong with the file, in one line."""
        if self.settings is None:
            return
        chosen = self.settings.settings
        problems = keymap_problems(chosen.keymap)
        if self._theme_problem:
            problems.insert(0, self._theme_problem)
        self.set_keymap(dict(chosen.keymap))
        if chosen.results_view == "flat":
            screen.query_one(SearchResults).choose_grouping(False)
        message = self.settings.message(problems)
        if message:  # a few words on the status line, like the other opening problems
            self.settings_problem = message
            screen.add_startup_note(SETTINGS_NOTE)

    def watch_theme(self, theme: str) -> None:
        """A theme chosen in the reader (the palette's theme switch) is saved for next time."""
        if self.settings is None or theme == self._saved_theme:
            return
        try:
            save_setting(self.settings.path, "theme", theme)
        except SettingsNotSavedError as error:
            self.notify(f"主题未保存 theme not saved: {error}", severity="warning", timeout=12)
            return
        self._saved_theme = theme

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
        if self.bookmarks is None:  # first: the tree's ★ marks need them
            try:
                bookmarks = self._opener.open_bookmarks()
            except Exception as error:  # the library still opens; b says why it cannot
                bookmarks = None
                reason = one_line(str(error)) or error.__class__.__name__
                self.call_from_thread(self.notify, f"书签无法打开 bookmarks: {reason}")
            self.call_from_thread(self._bookmarks_ready, bookmarks)
        library = self._opener.open_library(status)
        self.call_from_thread(self._library_ready, library)
        search = self._opener.open_search(library, status)
        self.call_from_thread(self._search_ready, search)

    def _bookmarks_ready(self, bookmarks: BookmarkStore | None) -> None:
        self.bookmarks = bookmarks
        self._report_bookmarks_state()

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
        _keep_out_of_collections()

    def _report_problems(self) -> None:
        """Unreadable files: counted in one short line on the status line, not a toast per
        file over the text; ``?`` names them (screens/help.py), as ``policy-tui list`` does."""
        problems = getattr(self.library, "problems", [])
        if problems:
            self._main().add_startup_note(f"{len(problems)} 个文件无法读取")

    def _report_bookmarks_state(self) -> None:
        """A bookmarks file that cannot be written: said on the status line; ``?`` and ``B``
        give the reason, and ``b`` says it again if pressed."""
        if getattr(self.bookmarks, "read_only_reason", None):
            self._main().add_startup_note("书签只读")

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
        from index.bookmarks import BookmarksReadOnlyError

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
        while len(self.screen_stack) > 1:
            self.pop_screen()
        self._main().read_measure(measure_id)

    def open_document(self, document_id: str) -> None:
        doc = self.library.document(document_id) if self.library else None
        if doc is None:
            return
        while len(self.screen_stack) > 1:
            self.pop_screen()
        main = self._main()
        main.query_one(MeasureDetail).show_document(doc)
        main.query_one(DocumentTree).reveal_document(doc.id)

    def action_help(self) -> None:
        from .screens.help import HelpScreen

        self.push_screen(HelpScreen())


def _keep_out_of_collections() -> None:
    """The library and the index just opened live as long as the reader: moved out of the
    garbage collector's generations (``gc.freeze``), so a full collection no longer walks
    them. At 10,000 measures each full collection took ~85 ms, a pause that landed in the
    middle of typing (the keystroke → results p95)."""
    gc.freeze()
