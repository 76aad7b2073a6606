"""Pilot tests of deleting a bookmark with ``d`` and undoing it with ``u``: the file gets
back exactly what it had (place, note, tags, status, added time, hand-written keys)."""

from __future__ import annotations

from pathlib import Path

import yaml
from textual.widgets import OptionList

from tui.app import PolicyApp
from tui.screens.bookmarks import BookmarksScreen


def status(app: PolicyApp) -> str:
    return str(app.screen.query_one("#bookmarks-status").render())


async def test_delete_then_undo_restores_the_bookmark_exactly(make_app, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    app = make_app()
    path = tmp_path / "bookmarks.yaml"
    async with app.run_test(size=(80, 24)) as pilot:
        first, second = app.library.documents[:2]
        for measure in first.measures:
            app.bookmarks.add(first, measure)
        app.bookmarks.add(second, second.measures[0])
        middle = first.measures[1]
        app.bookmarks.update(middle.id, note="下周\n跟进", tags=("维修", "资金"), status="待评估")
        raw = path.read_text(encoding="utf-8")
        path.write_text(raw.replace("  status: 待评估\n", "  status: 待评估\n  优先级: 高\n"))
        app.bookmarks.load()
        before = path.read_bytes()

        await pilot.press("B")
        await pilot.pause()
        assert isinstance(app.screen, BookmarksScreen)
        listing = app.screen.query_one("#bookmark-list", OptionList)
        await pilot.press("j")  # rows: the heading, 3 bookmarks, a heading, 1
        assert app.screen.current().measure_id == middle.id
        await pilot.press("d")
        await pilot.pause()
        assert status(app) == f"已删除「{middle.number} {middle.title}」 · u 撤销"
        on_disk = yaml.safe_load(path.read_text(encoding="utf-8"))["bookmarks"]
        assert middle.id not in [b["measure_id"] for b in on_disk] and len(on_disk) == 3

        await pilot.press("j", "d")  # a second deletion: u undoes the last first
        await pilot.pause()
        assert len(yaml.safe_load(path.read_text(encoding="utf-8"))["bookmarks"]) == 2
        await pilot.press("u")
        await pilot.pause()
        await pilot.press("u")
        await pilot.pause()
        assert status(app) == f"已恢复「{middle.number} {middle.title}」"
        assert path.read_bytes() == before  # same place, note, tags, status, added, 优先级
        assert app.screen.current().measure_id == middle.id  # the cursor is back on it
        assert listing.highlighted == 2
        await pilot.press("u")
        await pilot.pause()
        assert status(app).startswith("没有可撤销的删除")
        assert path.read_bytes() == before
