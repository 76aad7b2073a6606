"""Issue 12, "the light theme makes the list unreadable": a row's colours sit on its marks and
labels only. A colour given as a rich Text's own style tinted the whole row (document titles
in bright cyan, every measure title in the tree magenta), unreadable on a light background."""

from __future__ import annotations

from rich.text import Text

from index.model import Measure
from tests.pilot.reader_app import search
from tui.widgets import DocumentTree
from tui.widgets.result_rows import GroupRow, HitRow


def nodes(node):  # type: ignore[no-untyped-def]
    for child in node.children:
        yield child
        yield from nodes(child)


def no_row_style(prompt: object) -> bool:
    return isinstance(prompt, Text) and not prompt.style


async def test_result_rows_and_tree_labels_carry_no_colour_of_their_own(make_app) -> None:  # type: ignore[no-untyped-def]
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        app.theme = "textual-light"
        await pilot.press("right", "down", "down", "b", "m")  # ★ and ◆ on this measure
        await pilot.pause()
        tree = app.screen.query_one(DocumentTree)
        marked = tree.cursor_node
        assert marked is not None and marked.label.plain.startswith("◆ ★")
        labels = [node.label for node in nodes(tree.root) if isinstance(node.data, Measure)]
        assert len(labels) == 3 and all(no_row_style(label) for label in labels)
        results = await search(pilot, app, "保税维修")
        kinds = {type(r) for r in results.rows}
        assert kinds == {GroupRow, HitRow}
        prompts = [results.get_option_at_index(i).prompt for i in range(results.option_count)]
        assert any(p.plain.startswith("◆") for p in prompts if isinstance(p, Text))
        assert all(no_row_style(p) for p in prompts)


async def test_bookmark_rows_carry_no_colour_of_their_own(make_app) -> None:  # type: ignore[no-untyped-def]
    """The ◆ column's style stayed on the whole row: every bookmark was bold magenta."""
    from textual.widgets import OptionList

    from tui.screens.bookmarks import BookmarksScreen

    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.press("right", "down", "down", "b")
        await pilot.press("B")
        await pilot.pause()
        assert isinstance(app.screen, BookmarksScreen)
        listing = app.screen.query_one("#bookmark-list", OptionList)
        rows = [listing.get_option_at_index(i).prompt for i in range(listing.option_count)]
        assert len(rows) == 2  # the document's heading, the bookmark
        assert all(no_row_style(row) for row in rows[1:])
