"""`policy-tui related MEASURE_ID [--library DIR] [--json]`: similar measures in other documents."""

from __future__ import annotations

import argparse

from index.safe_text import visible_controls

from .common import (
    CommandError,
    Handler,
    add_library_option,
    dump_json,
    open_index,
    open_library,
    warn_problems,
)
from .styled import StyledLine, print_lines


def register(sub: argparse._SubParsersAction) -> tuple[str, Handler]:
    p = sub.add_parser("related", help="measures of other documents similar to one measure")
    p.add_argument("measure_id", metavar="MEASURE_ID", help="as shown by `policy-tui search`")
    add_library_option(p)
    p.add_argument("--limit", type=int, default=5, metavar="N", help="at most N measures (5)")
    p.add_argument("--json", action="store_true", help="print a JSON array")
    return "related", run


def run(args: argparse.Namespace) -> int:
    library = open_library(args)
    warn_problems(library)
    if library.measure(args.measure_id) is None:
        raise CommandError(f"no measure with id {args.measure_id!r} in this library")
    index = open_index(library)
    related = index.related(args.measure_id, limit=max(1, args.limit))
    index.close()
    rows = []
    for item in related:
        found = library.measure(item.measure_id)
        if found is not None:
            rows.append((item, *found))
    if args.json:
        print(
            dump_json(
                [
                    {
                        "id": item.measure_id,
                        "document": doc.title,
                        "number": measure.label.strip() or measure.number,
                        "title": measure.title,
                        "score": round(item.score, 4),
                        "shared_terms": item.shared_terms,
                    }
                    for item, doc, measure in rows
                ]
            )
        )
        return 0
    if not rows:
        print_lines([StyledLine("no related measures in other documents", style="dim")])
        return 0
    lines = []
    for item, doc, measure in rows:
        line = StyledLine(visible_controls(doc.title), style="cyan").append("  ")
        line.append(visible_controls(f"{measure.label}{measure.display_title}"), style="bold")
        lines.append(line)
        shared = visible_controls(f"  {item.measure_id}  shared: {'、'.join(item.shared_terms)}")
        lines.append(StyledLine(shared, style="dim"))
    print_lines(lines)
    return 0
