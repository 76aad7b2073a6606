"""`policy-tui [PATH ...] [--library DIR] [--bookmarks FILE]`: the full-screen reader."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn

from index.paths import bookmarks_file, library_paths, settings_file

if TYPE_CHECKING:
    from index.bookmarks import BookmarkStore
    from index.library.catalog import Library
    from index.search.index import SearchIndex


class UsageError(Exception):
    """A bad argument: reported on one line, not argparse's usage block and exit status 2."""


class _ReaderArgumentParser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        raise UsageError(message)


def build_parser() -> argparse.ArgumentParser:
    p = _ReaderArgumentParser(
        prog="policy-tui", description="Read, search and bookmark Chinese policy texts."
    )
    p.add_argument(
        "paths",
        nargs="*",
        type=Path,
        metavar="PATH",
        help="files or folders to read (default: your library)",
    )
    p.add_argument("--library", action="append", metavar="DIR", help="library folder (repeatable)")
    p.add_argument("--bookmarks", metavar="FILE", help="bookmarks file")
    return p


class LibraryOpener:
    """Opens the library, then the search index ready to cut queries, for PolicyApp."""

    def __init__(self, paths: list[Path], bookmarks: Path | None = None) -> None:
        self.paths = paths
        self.bookmarks = bookmarks

    def open_bookmarks(self) -> BookmarkStore | None:
        """The bookmarks file, read after the first frame like the rest (yaml and the
        store are 50 ms of imports)."""
        return open_bookmarks(self.bookmarks) if self.bookmarks is not None else None

    def open_library(self, status: Callable[[str], None]) -> Library:
        def progress(done: int, total: int) -> None:
            if total and done % 25 == 0:
                status(f"正在读取 reading texts {done}/{total}")

        from index.library.catalog import Library  # here, not at import: after the first frame

        return Library.open(self.paths, progress=progress, for_display=True)

    def open_search(self, library: Library, status: Callable[[str], None]) -> SearchIndex:
        status(f"{len(library.documents)} documents · loading the search index…")

        def progress(done: int, total: int) -> None:
            if total and done % 200 == 0:
                status(f"正在建立索引 indexing {done}/{total} measures")

        from index.search.index import SearchIndex
        from index.search.tokenizer import prepare_queries, queries_ready

        search = SearchIndex.open(library, progress=progress)
        if not queries_ready():  # no word list yet (see index/search/word_list.py)
            status("loading the Chinese dictionary…")
            prepare_queries()
        return search


def open_bookmarks(path: Path) -> BookmarkStore | None:
    try:
        from index.bookmarks import BookmarkStore
    except ImportError:
        return None
    return BookmarkStore(path)


def run_reader(argv: list[str]) -> int:
    try:
        args = build_parser().parse_args(argv)
    except UsageError as error:
        print(f"policy-tui: {error} (policy-tui --help shows the usage)", file=sys.stderr)
        return 1
    except SystemExit as done:  # --help anywhere on the line: argparse printed it
        return int(done.code or 0)
    paths = [*args.paths] if args.paths else library_paths(args.library)
    missing = [p for p in paths if not p.exists()]
    if (args.paths or args.library) and missing:
        print(f"policy-tui: {missing[0]}: no such file or folder", file=sys.stderr)
        return 1
    for p in paths:
        if not args.paths and not args.library and not p.exists():
            p.mkdir(parents=True, exist_ok=True)  # the default library starts empty
    from . import app as app_module  # Textual is imported only here

    app = app_module.PolicyApp(
        opener=LibraryOpener(paths, bookmarks_file(args.bookmarks)), settings=settings_file()
    )
    app.run()
    return app.return_code or 0
