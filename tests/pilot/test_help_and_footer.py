"""Pilot tests of what must fit the smallest terminal (80x24): the Chinese help, every row
of it whole on one line, and the key bar."""

from __future__ import annotations

from textual.geometry import Region
from textual.widgets import Footer, Static

from tests.pilot.reader_app import search
from tui.screens.help import KEYS, HelpScreen

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
        footer = app.screen.query_one(Footer)
        shown = [k for k in footer.query("FooterKey") if k.display]
        assert len(shown) >= 8
        assert all(k.region.right <= SMALL[0] and k.region.width > 0 for k in shown)
        labels = [k.description for k in shown]
        assert "跳转" in labels  # Ctrl+P: Textual's own key, with our label
        assert all(any("\u4e00" <= c <= "\u9fff" for c in label) for label in labels), labels
