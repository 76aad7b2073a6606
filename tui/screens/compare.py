"""`c` / `C`: measures side by side, 2–4 columns, the query highlighted; `e` exports, `y` copies."""

from __future__ import annotations

from collections.abc import Sequence

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.screen import Screen
from textual.widgets import Static

from index.model import Document, Measure

from ..clipboard import copy_text
from ..compare_export import comparison_markdown, export_comparison
from ..widgets.compare_column import CompareColumn
from ..widgets.key_bar import KeyBar

MAX_COLUMNS = 4


class CompareScreen(Screen[None]):
    """``CompareScreen(items, terms, query, note)``: the first four of ``items`` in columns;
    ``note`` (e.g. "the first 4 of 6 marked") stays in the status line."""

    BINDINGS = [
        Binding("escape", "close", "关闭", id="compare.close"),
        Binding("e", "export", "导出", id="compare.export"),
        Binding("y", "copy", "复制", id="compare.copy"),
        Binding("tab", "next_column", "Next column", show=False, id="compare.tab"),
        Binding("shift+tab", "previous_column", "Prev column", show=False, id="compare.backtab"),
    ]

    def __init__(
        self,
        items: Sequence[tuple[Document, Measure]],
        terms: Sequence[str] = (),
        query: str = "",
        note: str = "",
    ) -> None:
        super().__init__()
        self.items = list(items[:MAX_COLUMNS])
        self.terms = list(terms)
        self.query_text = query
        self.note = note

    def compose(self) -> ComposeResult:
        title = Text(f"措施对比 Compare · {len(self.items)} 条", style="bold")
        if self.query_text:
            title.append(f" · 查询「{self.query_text}」", style="dim")
        yield Static(title, id="compare-title", markup=False)
        with Horizontal(id="compare-columns"):
            for number, (doc, measure) in enumerate(self.items, start=1):
                column = CompareColumn(doc, measure, self.terms)
                column.border_title = f"{number}/{len(self.items)}"
                yield column
        yield Static(Text(""), id="compare-status", markup=False)
        yield KeyBar()

    def on_mount(self) -> None:
        self.set_status(self.note)
        columns = self.columns()
        if columns:
            columns[0].focus()

    def columns(self) -> list[CompareColumn]:
        return list(self.query(CompareColumn))

    def set_status(self, text: str) -> None:
        self.query_one("#compare-status", Static).update(Text(text, style="dim"))

    def markdown(self) -> str:
        return comparison_markdown(self.items, self.query_text)

    def _step_column(self, delta: int) -> None:
        columns = self.columns()
        if not columns:
            return
        current = self.focused
        index = columns.index(current) if isinstance(current, CompareColumn) else -delta
        columns[(index + delta) % len(columns)].focus()

    def action_next_column(self) -> None:
        self._step_column(+1)

    def action_previous_column(self) -> None:
        self._step_column(-1)

    def action_export(self) -> None:
        try:
            written = export_comparison(self.markdown())
        except OSError as exc:  # UnsafeTargetError, ReadOnlyTargetError, a full disk: one line
            line = f"{exc.filename}: {exc.strerror}" if exc.filename else str(exc)
            self.set_status(f"未能导出 Export failed: {line}".splitlines()[0])
            self.notify(line.splitlines()[0], severity="error", timeout=10)
            return
        self.set_status(f"已导出 Exported to {written}")

    def action_copy(self) -> None:
        where = copy_text(self.app, self.markdown())
        self.set_status(f"对比 Markdown ({len(self.items)} 条): {where}")

    def action_close(self) -> None:
        self.dismiss(None)
