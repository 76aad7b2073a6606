"""`policy-tui index [--library DIR] [--rebuild]`: build or update the search index, say what changed."""

from __future__ import annotations

import argparse
import time

from index.safe_text import one_line

from .common import Handler, add_library_option, count, open_index, open_library, warn_problems


def register(sub: argparse._SubParsersAction) -> tuple[str, Handler]:
    p = sub.add_parser("index", help="build or update the search index of a library")
    add_library_option(p)
    p.add_argument("--rebuild", action="store_true", help="rebuild the index from scratch")
    return "index", run


# Over 60 lines on purpose: the progress display wraps the two steps it reports on; splitting it would pass the bar around.
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
        # only for a person watching: on a pipe or a log it would leave an empty line behind
        disable=not console.is_terminal,
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
    warn_problems(library)
    update = index.last_update
    measures = sum(len(doc.measures) for doc in library.documents)
    out = Console(highlight=False, soft_wrap=True)  # a long index path stays on its line
    out.print(
        one_line(
            f"{count(len(library.documents), 'document')}, {count(measures, 'measure')} "
            f"in {index.index_dir} ({index.engine_name})"
        ),
        markup=False,
    )
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
            f"{what}{detail}: {count(update.measures_indexed, 'measure')} indexed "
            f"in {time.perf_counter() - started:.1f} s"
        )
    else:
        out.print("the index is up to date")
    index.close()
    return 0
