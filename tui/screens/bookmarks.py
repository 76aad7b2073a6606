"""`B`: the bookmarks, grouped by document; note, tags and status edited in place."""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.suggester import SuggestFromList
from textual.widgets import Input, Label, OptionList, Static
from textual.widgets.option_list import Option

from index.bookmarks import Bookmark, BookmarksReadOnlyError, BookmarkStore, resolve

from ..widgets import ReaderOptionList
from ..widgets.marks import COMPARE_MARK, COMPARE_MARK_STYLE

if TYPE_CHECKING:
    from index.library.catalog import Library

    from ..app import PolicyApp
STATUSES = ["待评估", "已申报", "不适用", "跟进中"]
NAME_CHARS = 24  # of a measure's title in the status line: it stays one line at 80 columns


def bookmark_name(b: Bookmark) -> str:
    """「（一） 支持保税维修…」: the measure as the status line names it."""
    name = f"{b.measure_number} {b.measure_title or b.excerpt}".strip()
    return name if len(name) <= NAME_CHARS else name[: NAME_CHARS - 1] + "…"


class BookmarksScreen(ModalScreen[str | None]):
    """Dismisses with a measure id to open, or None. The list moves with j k g G too."""

    BINDINGS = [
        Binding("escape", "close", "关闭", id="bookmarks.close"),
        Binding("d", "delete", "删除", id="bookmarks.delete"),
        Binding("u", "undo_delete", "撤销", id="bookmarks.undo"),
        Binding("m", "toggle_mark", "标记对比", id="bookmarks.mark"),
    ]

    def __init__(self, store: BookmarkStore, library: Library | None) -> None:
        super().__init__()
        self.store = store
        self.library = library
        self.rows: list[Bookmark | None] = []
        self.targets: list[str | None] = []  # each row's measure id in the library now
        self.deleted: list[tuple[int, Bookmark]] = []  # what d took, with its place: u undoes

    def compose(self) -> ComposeResult:
        with Vertical(id="bookmarks-box"):
            yield Static(
                Text(
                    "收藏 Bookmarks — Enter 打开 · d 删除 (u 撤销) · m 标记对比 (c) · "
                    "下方编辑备注、标签、状态，Enter 保存",
                    style="bold",
                ),
                markup=False,
            )
            if self.store.read_only_reason:
                yield Static(Text(self.store.read_only_reason, style="red"), markup=False)
            yield ReaderOptionList(id="bookmark-list", markup=False)
            with Horizontal(id="bookmark-edit"):
                yield Label("备注")
                yield Input(id="note", placeholder="note")
                yield Label("标签")
                yield Input(id="tags", placeholder="tag, tag")
                yield Label("状态")
                yield Input(
                    id="status",
                    placeholder="待评估 / 已申报 / 不适用",
                    suggester=SuggestFromList(STATUSES),
                )
            yield Static(Text(""), id="bookmarks-status", markup=False)

    def on_mount(self) -> None:
        self.refill()
        self.query_one("#bookmark-list", OptionList).focus()

    def refill(self) -> None:
        listing = self.query_one("#bookmark-list", OptionList)
        keep = listing.highlighted
        listing.clear_options()
        self.rows, self.targets = [], []
        groups: dict[str, list[tuple[Bookmark, str | None]]] = {}
        for b in self.store.bookmarks:
            found = resolve(b, self.library) if self.library is not None else None
            key = f"{found[0].id}" if found else f"{b.document_title}\x1f{b.document_date}"
            title = found[0].title if found else b.document_title
            groups.setdefault(key, [(Bookmark(measure_id="", document_title=title), None)]).append(
                (b, found[1].id if found else None)
            )
        for items in groups.values():
            heading, *items = items
            listing.add_option(Option(Text(heading[0].document_title, style="bold"), disabled=True))
            self.rows.append(None)
            self.targets.append(None)
            for b, target in items:
                in_library = target is not None
                marked = target is not None and cast("PolicyApp", self.app).is_marked(target)
                line = Text()  # a style given to Text() itself would colour the whole row
                line.append(COMPARE_MARK if marked else "  ", style=COMPARE_MARK_STYLE)
                line.append(f"{b.measure_number} ", style="green")
                line.append(b.measure_title)
                if not in_library:
                    line.append("  库中未找到 not found in the library", style="red")
                if b.status:
                    line.append(f"  [{b.status}]", style="cyan")
                if b.tags:
                    line.append("  #" + " #".join(b.tags), style="magenta")
                if b.note:
                    line.append(f"\n    {b.note}", style="italic")
                if not in_library and b.excerpt:
                    line.append(f"\n    {b.excerpt}", style="dim")
                listing.add_option(Option(line))
                self.rows.append(b)
                self.targets.append(target)
        if not self.rows:
            listing.add_option(
                Option(
                    Text("还没有收藏 No bookmarks yet: press b on a measure", style="italic"),
                    disabled=True,
                )
            )
        elif keep is not None and keep < len(self.rows):
            listing.highlighted = keep
        else:
            listing.highlighted = next((i for i, r in enumerate(self.rows) if r), None)

    def current(self) -> Bookmark | None:
        index = self.query_one("#bookmark-list", OptionList).highlighted
        if index is None or index >= len(self.rows):
            return None
        return self.rows[index]

    @on(OptionList.OptionHighlighted, "#bookmark-list")
    def _fill_editor(self) -> None:
        b = self.current()
        self.query_one("#note", Input).value = (b.note or "") if b else ""
        self.query_one("#tags", Input).value = ", ".join(b.tags) if b else ""
        self.query_one("#status", Input).value = (b.status or "") if b else ""

    @on(OptionList.OptionSelected, "#bookmark-list")
    def _open(self, event: OptionList.OptionSelected) -> None:
        target = (
            self.targets[event.option_index] if event.option_index < len(self.targets) else None
        )
        if target is None:
            self.notify("This measure is not in the library any more", severity="warning")
            return
        self.dismiss(target)

    @on(Input.Submitted)
    def _save(self) -> None:
        b = self.current()
        if b is None:
            return
        tags = tuple(
            t.strip()
            for t in self.query_one("#tags", Input).value.replace("，", ",").split(",")
            if t.strip()
        )
        try:
            self.store.update(
                b.measure_id,
                note=self.query_one("#note", Input).value.strip(),
                tags=tags,
                status=self.query_one("#status", Input).value.strip(),
            )
        except (BookmarksReadOnlyError, KeyError, OSError) as exc:
            self.notify(str(exc).splitlines()[0], severity="error")
            return
        self.refill()
        self.notify("已保存 Saved")
        self.query_one("#bookmark-list", OptionList).focus()

    def set_status(self, text: str) -> None:
        self.query_one("#bookmarks-status", Static).update(Text(text, style="dim"))

    def action_delete(self) -> None:
        """``d``: delete at once, no question asked; ``u`` puts it back as it was."""
        b = self.current()
        if b is None:
            return
        try:
            taken = self.store.take(b.measure_id)
        except (BookmarksReadOnlyError, OSError) as exc:
            self.notify(str(exc).splitlines()[0], severity="error")
            return
        self.refill()
        if taken is None:  # removed from the file meanwhile (another reader)
            self.set_status(f"「{bookmark_name(b)}」已不在书签文件中 no longer in the file")
            return
        self.deleted.append(taken)
        self.set_status(f"已删除「{bookmark_name(taken[1])}」 · u 撤销")

    def action_undo_delete(self) -> None:
        """``u``: the last deletion undone, the bookmark back in its place with its note,
        tags and status (one ``u`` per ``d``, until the screen is closed)."""
        if not self.deleted:
            self.set_status("没有可撤销的删除 nothing to undo")
            return
        position, b = self.deleted[-1]
        try:
            restored = self.store.restore(position, b)
        except (BookmarksReadOnlyError, OSError) as exc:
            self.notify(str(exc).splitlines()[0], severity="error")
            return
        self.deleted.pop()
        self.refill()
        row = next((i for i, r in enumerate(self.rows) if r and r.measure_id == b.measure_id), None)
        if row is not None:
            self.query_one("#bookmark-list", OptionList).highlighted = row
        said = "已恢复" if restored else "已在书签中 already there:"
        self.set_status(f"{said}「{bookmark_name(b)}」")

    def action_toggle_mark(self) -> None:
        """Mark the highlighted bookmark's measure for comparison (Esc, then c compares)."""
        index = self.query_one("#bookmark-list", OptionList).highlighted
        target = self.targets[index] if index is not None and index < len(self.targets) else None
        if target is None:
            if self.current() is not None:
                self.notify("This measure is not in the library any more", severity="warning")
            return
        app = cast("PolicyApp", self.app)
        added = app.toggle_mark(target)
        self.refill()
        count = len(app.marked)
        self.notify(
            (f"◆ 已标记 Marked ({count})" if added else f"已取消标记 Unmarked ({count})")
            + " — Esc, then c compares the marked measures"
        )

    def action_close(self) -> None:
        self.dismiss(None)
