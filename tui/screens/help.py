"""`?`: every key of the reader on one screen."""

from __future__ import annotations

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

KEYS = [
    ("/", "search all measures (as you type)"),
    ("Enter", "open the highlighted / first result; ↓ in the bar: to the list"),
    ("Esc", "leave the search bar, back to the document tree"),
    ("↑ ↓  j k  g G", "move in a list or the tree, scroll the pane (g G: the ends)"),
    ("← →  h l", "collapse / expand in the tree"),
    ("Tab  Shift+Tab", "next / previous pane"),
    ("n  N", "next / previous search result"),
    ("v  s", "results by document or in one list · change their order"),
    ("f", "filter the results by region, year or type (a query filter)"),
    ("[  ]", "previous / next measure in the document"),
    ("Alt+←  Alt+→", "back / forward through visited measures"),
    ("r", "related measures in other documents"),
    ("b", "bookmark the current measure (again: remove)"),
    ("y", "copy the measure (title, text, document, date)"),
    ("B", "bookmarks: open, edit note / tags / status, d deletes, m marks"),
    ("m", "mark the measure to compare (◆; again: unmark)"),
    ("c", "compare the marked measures side by side (2–4 columns)"),
    ("C", "compare the best hit of each document of the search"),
    ("e  y", "in a comparison: export / copy Markdown · ← → Tab: columns"),
    ("Ctrl+P", "jump to any document or measure by title"),
    ("?", "this help"),
    ("q", "quit (while typing in the search bar: Esc first)"),
]

QUERY_SYNTAX = (
    'Query syntax: words are ANDed · "quoted phrase" · a OR b · -word / NOT word · '
    "title: doc: issuer: section: · year:2024 · date:2023-01..2024-06"
)


CLOSING = "The mouse works too: click a row, a result or a pane; scroll with the wheel. Esc closes."


class HelpScreen(ModalScreen[None]):
    BINDINGS = [
        Binding("escape,q,question_mark", "close", "Close", id="help.close"),
    ]

    def compose(self) -> ComposeResult:
        table = Table(box=None, show_header=False, padding=(0, 2))
        table.add_column(style="bold cyan", no_wrap=True)
        table.add_column()
        for key, what in KEYS:
            table.add_row(Text(key), Text(what))
        with VerticalScroll(id="help-box"):
            yield Static(Text("policy-tui — keys", style="bold"), markup=False)
            yield Static(table)
            yield Static(Text(QUERY_SYNTAX, style="dim"), markup=False)
            yield Static(Text(CLOSING, style="dim"), markup=False)

    def action_close(self) -> None:
        self.dismiss(None)
