"""`policy-tui add FILE|DIR ... [--library DIR]`: import texts into the library folder."""

from __future__ import annotations

import argparse
from pathlib import Path

from index.safe_text import one_line

from .common import Handler, add_library_option, fail, open_index, open_library


def register(sub: argparse._SubParsersAction) -> tuple[str, Handler]:
    p = sub.add_parser("add", help="import files or folders into the library")
    p.add_argument("paths", nargs="+", type=Path, metavar="FILE|DIR")
    add_library_option(p)
    return "add", run


def run(args: argparse.Namespace) -> int:
    from rich.console import Console
    from rich.text import Text

    from index.library.importer import import_files
    from index.paths import library_paths

    target = library_paths(args.library)[0]
    if target.exists() and not target.is_dir():
        return fail(f"{target}: the library must be a folder")
    target.mkdir(parents=True, exist_ok=True)
    lib = open_library(args)
    results = import_files(args.paths, target, {d.id for d in lib.documents})
    out = Console(highlight=False, soft_wrap=True)
    err = Console(stderr=True, highlight=False, soft_wrap=True)
    for r in results:  # a message names files and titles: controls made visible
        if r.status == "imported":
            out.print(Text.assemble(("added ", "green"), one_line(r.message)))
        elif r.status == "skipped":
            out.print(Text.assemble(("skipped ", "yellow"), one_line(r.message)))
        else:
            err.print(Text.assemble(("failed ", "red"), one_line(r.message)))
    added = sum(r.status == "imported" for r in results)
    if added:
        open_index(open_library(args))  # the parse cache and the search index follow at once
    failed = sum(r.status == "failed" for r in results)
    out.print(
        Text(f"{added} added, {len(results) - added - failed} skipped, {failed} failed", "dim")
    )
    return 1 if failed and not added else 0
