"""`policy-tui list [--json] [--library DIR]`: the documents in the library.

On a terminal a table; piped, one tab-separated line per document with every
field whole (the id is what `remove` needs), after a header line.
"""

from __future__ import annotations

import argparse
import sys
from typing import Any

from index.safe_text import one_line

from .common import Handler, add_library_option, dump_json, open_library, warn_problems

COLUMNS = ("id", "date", "measures", "title", "issuer")


def register(sub: argparse._SubParsersAction) -> tuple[str, Handler]:
    p = sub.add_parser("list", help="list the documents in the library")
    p.add_argument("--json", action="store_true", help="print a JSON array")
    add_library_option(p)
    return "list", run


def run(args: argparse.Namespace) -> int:
    lib = open_library(args)
    rows: list[dict[str, Any]] = [
        {
            "id": d.id,
            "title": d.title,
            "issuer": d.issuer,
            "date": d.date,
            "measures": len(d.measures),
            "file": str(lib.source_path(d.id) or ""),
        }
        for d in lib.documents
    ]
    if args.json:
        print(dump_json(rows))
    elif sys.stdout.isatty():
        print_table(rows)
    else:
        for r in [dict(zip(COLUMNS, COLUMNS, strict=True)), *rows]:
            print("\t".join(one_line(str(r[c] or "")) for c in COLUMNS))
    warn_problems(lib)  # on stderr: the listing stays clean for a pipe
    return 0


def print_table(rows: list[dict[str, Any]]) -> None:
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    table = Table(box=None, header_style="bold")
    for column in COLUMNS:
        table.add_column(column, justify="right" if column == "measures" else "left")
    for r in rows:
        table.add_row(
            r["id"],
            r["date"] or "",
            str(r["measures"]),
            Text(one_line(r["title"])),
            Text(one_line(r["issuer"] or "")),
        )
    Console(highlight=False, soft_wrap=True).print(table)
