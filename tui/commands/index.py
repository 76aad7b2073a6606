"""`policy-tui index [--library DIR] [--rebuild]`: build or update the search index, say what changed.

Also home of what every library command shares: the ``--library`` option and
opening the library plus its index, with errors as one line on stderr.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable

from index.library.catalog import Library
from index.paths import library_paths
from index.search.index import IndexBusyError, SearchIndex

from .common import add_library_option


class CommandError(Exception):
    """A failure to report as one line on stderr, with an exit status."""

    def __init__(self, message: str, status: int = 1) -> None:
        super().__init__(message)
        self.status = status


def add_library_argument(parser: argparse.ArgumentParser) -> None:
    add_library_option(parser)


def open_library(
    args: argparse.Namespace, progress: Callable[[int, int], None] | None = None
) -> Library:
    """The library named by --library, else $POLICY_TUI_LIBRARY, else the (created) default."""
    paths = library_paths(args.library)
    if not args.library:
        for path in paths:
            if not path.exists():
                path.mkdir(parents=True, exist_ok=True)  # the default library starts empty
    missing = [p for p in paths if not p.exists()]
    if len(missing) == len(paths):
        raise CommandError(f"{missing[0]}: no such file or folder (give one with --library DIR)", 2)
    return Library.open(paths, progress=progress)


def open_index(
    library: Library,
    rebuild: bool = False,
    progress: Callable[[int, int], None] | None = None,
) -> SearchIndex:
    try:
        index = SearchIndex.open(library, rebuild=rebuild, progress=progress)
    except IndexBusyError as err:
        raise CommandError(str(err)) from None
    for notice in index.notices:
        print(f"policy-tui: {notice}", file=sys.stderr)
    return index


def run_safely(handler: Callable[[argparse.Namespace], int]) -> Callable[[argparse.Namespace], int]:
    """Report expected failures (bad paths, busy index, unwritable cache) as one line."""

    def run(args: argparse.Namespace) -> int:
        try:
            return handler(args)
        except CommandError as err:
            print(f"policy-tui: {err}", file=sys.stderr)
            return err.status
        except OSError as err:
            where = f"{err.filename}: " if err.filename else ""
            print(f"policy-tui: {where}{err.strerror or err}", file=sys.stderr)
            return 1

    return run


def register(sub: argparse._SubParsersAction) -> tuple[str, object]:
    p = sub.add_parser("index", help="build or update the search index of a library")
    add_library_argument(p)
    p.add_argument("--rebuild", action="store_true", help="rebuild the index from scratch")
    return "index", run_safely(run)


def run(args: argparse.Namespace) -> int:
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

    console = Console(stderr=True, highlight=False)
    started = time.perf_counter()
    with Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        console=console,
        transient=True,
        auto_refresh=False,  # no refresh thread: a big build may then fork to use every core
    ) as bar:
        reading = bar.add_task("reading files", total=None)
        library = open_library(
            args,
            progress=lambda done, total: bar.update(
                reading, completed=done, total=total, refresh=True
            ),
        )
        indexing = bar.add_task("indexing measures", total=None)
        index = open_index(
            library,
            rebuild=args.rebuild,
            progress=lambda done, total: bar.update(
                indexing, completed=done, total=total, refresh=True
            ),
        )
    for problem in library.problems:
        print(f"policy-tui: {problem}", file=sys.stderr)
    update = index.last_update
    measures = sum(len(doc.measures) for doc in library.documents)
    out = Console(highlight=False)
    out.print(f"{len(library.documents)} documents, {measures} measures in {index.index_dir}")
    if update:
        what = "rebuilt the index" if update.rebuilt else "updated the index"
        parts = [
            f"{len(ids)} {label}"
            for ids, label in (
                (update.added, "added"),
                (update.changed, "changed"),
                (update.removed, "removed"),
            )
            if ids
        ]
        detail = f" ({', '.join(parts)})" if parts else ""
        out.print(
            f"{what}{detail}: {update.measures_indexed} measures indexed "
            f"in {time.perf_counter() - started:.1f} s"
        )
    else:
        out.print("the index is up to date")
    index.close()
    return 0
