"""A snapshot of the comparison (C over the search fixtures: a column per region's document)."""

from __future__ import annotations

from pathlib import Path

from index.bookmarks import BookmarkStore
from index.library.catalog import Library
from index.search.index import SearchIndex
from tests.conftest import copy_search_library
from tui.app import PolicyApp

SIZE = (120, 32)


def test_compare_best_hits(snap_compare, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    folder = copy_search_library(tmp_path / "library")
    lib = Library.open([folder], cache_dir=tmp_path / "cache", for_display=True)
    search = SearchIndex.open(lib, index_dir=tmp_path / "cache" / "index")
    app = PolicyApp(library=lib, search=search, bookmarks=BookmarkStore(tmp_path / "b.yaml"))

    async def run_before(pilot) -> None:  # type: ignore[no-untyped-def]
        await pilot.press("slash", *"保税维修")
        await pilot.pause(0.3)
        await pilot.app.workers.wait_for_complete()
        await pilot.pause(0.2)
        await pilot.press("enter", "C")
        await pilot.pause()

    assert snap_compare(app, terminal_size=SIZE, run_before=run_before)
