"""Pilot tests of what must fit the smallest terminal (80x24): the Chinese help, every row
of it whole on one line, and the key bar."""

from __future__ import annotations

from textual.geometry import Region
from textual.widgets import Static

from tests.pilot.reader_app import search
from tui.screens.help import KEYS, HelpScreen
from tui.widgets import KeyBar

SMALL = (80, 24)


def drawn_lines(widget: Static) -> list[str]:
    """The widget's lines as drawn at its size."""
    width, height = widget.size
    return [strip.text.rstrip() for strip in widget.render_lines(Region(0, 0, width, height))]


async def test_help_fits_80x24_with_every_row_on_one_line(make_app) -> None:  # type: ignore[no-untyped-def]
    app = make_app()
    async with app.run_test(size=SMALL) as pilot:
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        box = app.screen.query_one("#help-box")
        assert box.region.x >= 0 and box.region.right <= SMALL[0]
        assert box.virtual_size.width <= box.scrollable_content_region.width  # no sideways cut
        keys = app.screen.query_one("#help-keys", Static)
        lines = drawn_lines(keys)
        assert len(lines) == len(KEYS)  # no row wrapped onto a second line
        for (key, what), line in zip(KEYS, lines, strict=True):
            assert line.startswith(key) and line.endswith(what), line
        assert "按键" in str(app.screen.query_one(Static).render())
        box.scroll_end(animate=False)
        await pilot.pause()
        assert box.scroll_y == box.max_scroll_y  # the rest is reached by scrolling


async def test_key_bar_fits_80_columns_and_is_chinese(make_app) -> None:  # type: ignore[no-untyped-def]
    app = make_app()
    async with app.run_test(size=SMALL) as pilot:
        await search(pilot, app, "保税")
        app.screen.query_one("#results").focus()  # the most keys shown: v 分组 s 排序 too
        await pilot.pause()
        bar = app.screen.query_one(KeyBar)
        shown = bar.shown_keys()
        assert len(shown) >= 8
        assert all(0 <= k.start < k.end <= SMALL[0] for k in shown)
        assert all(a.end <= b.start for a, b in zip(shown, shown[1:], strict=False))
        labels = [k.description for k in shown]
        assert labels[-1] == "跳转"  # Ctrl+P: Textual's own key, with our label, at the right
        assert shown[-1].end == SMALL[0]
        assert all(any("\u4e00" <= c <= "\u9fff" for c in label) for label in labels), labels
        drawn = drawn_lines(bar)[0]  # type: ignore[arg-type]
        for key in shown:
            assert f"{key.display} {key.description}" in drawn


async def test_key_bar_leaves_out_whole_keys_that_do_not_fit(make_app) -> None:  # type: ignore[no-untyped-def]
    app = make_app()
    async with app.run_test(size=SMALL) as pilot:
        await pilot.pause()
        bar = app.screen.query_one(KeyBar)
        every = bar.shown_keys(width=1000)
        narrow = bar.shown_keys(width=30)
        assert 1 < len(narrow) < len(every)
        assert narrow[-1].description == "跳转" and narrow[-1].end == 30
        assert narrow[:-1] == every[: len(narrow) - 1]  # the first ones, whole


async def test_key_bar_follows_the_focus(make_app) -> None:  # type: ignore[no-untyped-def]
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        await search(pilot, app, "保税")
        bar = app.screen.query_one(KeyBar)
        app.screen.query_one("#results").focus()
        await pilot.pause()
        in_results = {k.description for k in bar.shown_keys()}
        app.screen.query_one("#tree").focus()
        await pilot.pause()
        in_tree = {k.description for k in bar.shown_keys()}
        assert "分组" in in_results and "分组" not in in_tree


async def test_a_click_on_a_key_presses_it(make_app) -> None:  # type: ignore[no-untyped-def]
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.pause()
        bar = app.screen.query_one(KeyBar)
        help_key = next(k for k in bar.shown_keys() if k.description == "帮助")
        await pilot.click(KeyBar, offset=(help_key.start + 1, 0))
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
