"""Building and driving the reader in Pilot tests, shared by the tests in this folder."""

from __future__ import annotations

import shutil
from pathlib import Path

from textual.notifications import Notification

from index.bookmarks import BookmarkStore
from index.library.catalog import Library
from index.search.index import SearchIndex
from tui.app import PolicyApp
from tui.widgets import MeasureDetail, SearchResults

READER = Path(__file__).resolve().parents[1] / "fixtures" / "reader"
SIZE = (120, 36)


def copy_reader_library(tmp_path: Path) -> Path:
    """The two fictional texts written for these tests (甲市, 乙市), as a library folder."""
    target = tmp_path / "library"
    shutil.copytree(READER, target)
    return target


def app_factory(library_dir: Path, tmp_path: Path):  # type: ignore[no-untyped-def]
    """``make(folder=None, settings=None)``: a PolicyApp over a library opened synchronously
    in tmp_path; ``settings``: its settings file (None: the defaults, nothing saved)."""

    def make(folder: Path | None = None, settings: Path | None = None) -> PolicyApp:
        lib = Library.open([folder or library_dir], cache_dir=tmp_path / "cache", for_display=True)
        search = SearchIndex.open(lib, index_dir=tmp_path / "cache" / "index")
        return PolicyApp(
            library=lib,
            search=search,
            bookmarks=BookmarkStore(tmp_path / "bookmarks.yaml"),
            settings=settings,
        )

    return make


def detail_text(app: PolicyApp) -> str:
    return app.screen.query_one(MeasureDetail).plain_text()


def notifications(app: PolicyApp) -> list[Notification]:
    """The notifications the app holds now, oldest first.

    Textual has no public way to list them: this is the one place that reads its
    private ``_notifications``, so a Textual upgrade that changes it breaks only here.
    """
    return list(app._notifications)


async def wait_until(pilot, condition, rounds: int = 200) -> None:  # type: ignore[no-untyped-def]
    """Let the app run until ``condition()`` holds (background threads on a busy machine)."""
    for _ in range(rounds):
        if condition():
            return
        await pilot.pause(0.05)
    assert condition()


async def search(pilot, app: PolicyApp, query: str) -> SearchResults:  # type: ignore[no-untyped-def]
    await pilot.press("slash")
    await pilot.press(*query)
    await pilot.pause(0.3)
    await app.workers.wait_for_complete()
    await pilot.pause()
    return app.screen.query_one(SearchResults)
