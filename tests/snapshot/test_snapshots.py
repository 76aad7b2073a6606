"""Snapshots of the main screens at a fixed terminal size (Textual is pinned for these)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from index.bookmarks import BookmarkStore
from index.library.catalog import Library
from index.search.index import SearchIndex
from tui.app import PolicyApp

READER = Path(__file__).resolve().parents[1] / "fixtures" / "reader"
SIZE = (100, 30)
# The smallest terminal people use, the default, and a wide one (issue 12).
SIZES = pytest.mark.parametrize(
    "size", [(80, 24), (100, 30), (200, 50)], ids=lambda s: f"{s[0]}x{s[1]}"
)


@pytest.fixture
def app_for(tmp_path: Path):  # type: ignore[no-untyped-def]
    def make(source: Path | None) -> PolicyApp:
        folder = tmp_path / "library"
        if source is None:
            folder.mkdir()
        else:
            shutil.copytree(source, folder)
        lib = Library.open([folder], cache_dir=tmp_path / "cache")
        search = SearchIndex.open(lib, index_dir=tmp_path / "cache" / "index")
        return PolicyApp(library=lib, search=search, bookmarks=BookmarkStore(tmp_path / "b.yaml"))

    return make


@SIZES
def test_tree_and_measure(snap_compare, app_for, size) -> None:  # type: ignore[no-untyped-def]
    assert snap_compare(app_for(READER), terminal_size=size, press=["right", "down", "down"])


@SIZES
def test_search_results(snap_compare, app_for, size) -> None:  # type: ignore[no-untyped-def]
    async def run_before(pilot) -> None:  # type: ignore[no-untyped-def]
        pilot.app.screen.query_one(
            "#search"
        ).cursor_blink = False  # a blinking cursor is not stable
        await pilot.press("slash", *"保税维修")
        await pilot.pause(0.3)
        await pilot.app.workers.wait_for_complete()
        await pilot.pause(0.2)  # the rest of the results list arrives after the first paint
        await pilot.pause()

    assert snap_compare(app_for(READER), terminal_size=size, run_before=run_before)


def test_light_theme(snap_compare, app_for) -> None:  # type: ignore[no-untyped-def]
    """Issue 12: under a light theme the results list (headers, ◆ ★ marks, highlights), the
    tree and the measure pane stay readable: no colour meant for a dark background."""

    async def run_before(pilot) -> None:  # type: ignore[no-untyped-def]
        app = pilot.app
        app.theme = "textual-light"
        app.screen.query_one("#search").cursor_blink = False
        await pilot.press("right", "down", "down", "b", "m")  # a bookmarked, marked measure
        await pilot.press("slash", *"保税维修")
        await pilot.pause(0.3)
        await app.workers.wait_for_complete()
        await pilot.pause(0.2)
        await pilot.press("down")
        app.clear_notifications()  # the bookmark's toast would time out at its own pace
        await pilot.pause()

    assert snap_compare(app_for(READER), terminal_size=(120, 30), run_before=run_before)


def test_help(snap_compare, app_for) -> None:  # type: ignore[no-untyped-def]
    assert snap_compare(app_for(READER), terminal_size=SIZE, press=["question_mark"])


def test_welcome(snap_compare, app_for) -> None:  # type: ignore[no-untyped-def]
    assert snap_compare(app_for(None), terminal_size=SIZE)
