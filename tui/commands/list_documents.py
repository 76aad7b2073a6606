"""`policy-tui list [--json] [--library DIR]`: the documents in the library."""

from __future__ import annotations

import argparse
import json
from typing import Any

from .common import Handler, add_library_option, open_library


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
        print(json.dumps(rows, ensure_ascii=False, indent=2))
        return 0
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    table = Table(box=None, header_style="bold")
    for column in ("id", "date", "measures", "title", "issuer"):
        table.add_column(column, justify="right" if column == "measures" else "left")
    for r in rows:
        table.add_row(
            r["id"], r["date"] or "", str(r["measures"]), Text(r["title"]), Text(r["issuer"] or "")
        )
    console = Console(highlight=False, soft_wrap=True)
    console.print(table)
    for problem in lib.problems:
        console.print(Text(problem, "yellow"))
    return 0
