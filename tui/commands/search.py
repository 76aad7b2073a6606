"""`policy-tui search QUERY [--library DIR] [--limit N] [--json]`: ranked measures with highlights."""

from __future__ import annotations

import argparse

from index.safe_text import visible_controls

from .common import (
    Handler,
    add_library_option,
    count,
    dump_json,
    open_index,
    open_library,
    warn,
    warn_problems,
)
from .styled import StyledLine, print_lines

HIGHLIGHT_STYLE = "bold yellow"


def register(sub: argparse._SubParsersAction) -> tuple[str, Handler]:
    p = sub.add_parser("search", help="search the measures of a library (see docs/search.md)")
    p.add_argument("query", nargs="+", help='words, "phrases", OR, -word, title: doc: year: …')
    add_library_option(p)
    p.add_argument("--limit", type=_positive, default=20, metavar="N", help="at most N hits (20)")
    p.add_argument(
        "--exact", action="store_true", help="search what was typed, never a corrected query"
    )
    p.add_argument(
        "--json",
        action="store_true",
        help='print one JSON object: {"query", "total", "hits", "suggestion", "corrected_from"}',
    )
    return "search", run


def _positive(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number: {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError("must be at least 1")
    return value


def run(args: argparse.Namespace) -> int:
    library = open_library(args)
    warn_problems(library)
    index = open_index(library)
    result = index.search(" ".join(args.query), limit=args.limit, correct=not args.exact)
    index.close()
    if result.message:
        warn(result.message)
    rows = []
    for hit in result.hits:
        found = library.measure(hit.measure_id)
        if found is None:
            continue
        doc, measure = found
        section = doc.section_of(measure)
        rows.append((hit, doc, measure, section))
    query = " ".join(args.query)
    if args.json:
        hits = [
            {
                "id": hit.measure_id,
                "document": doc.title,
                "number": measure.label.strip() or measure.number,
                "title": measure.title or None,
                "section": section.title if section else None,
                "score": round(hit.score, 4),
                "snippet": hit.snippet,
            }
            for hit, doc, measure, section in rows
        ]
        out = {
            "query": query,
            "total": result.total,
            "hits": hits,
            "suggestion": result.suggestion,
            "corrected_from": result.corrected_from,
        }
        print(dump_json(out))
        return 0
    _print_hits(rows, result.total, result.suggestion, result.corrected_from)
    return 0


def _print_hits(  # type: ignore[no-untyped-def]
    rows, total: int, suggestion: str | None, corrected_from: str | None
) -> None:
    """File text goes in as plain strings, its control characters shown.

    visible_controls keeps every offset, so the highlight spans still fit.
    """
    from index.search.index import highlight_spans

    lines: list[StyledLine] = []
    if corrected_from and suggestion:
        line = StyledLine("显示「", style="dim")
        line.append(visible_controls(suggestion), style="bold")
        line.append("」的结果 · 仍搜索「", style="dim")
        line.append(visible_controls(corrected_from), style="bold")
        line.append("」: policy-tui search ", style="dim")
        line.append(f'"{visible_controls(corrected_from)}" --exact', style="dim")
        lines.append(line)
    if not rows:
        line = StyledLine("no results", style="dim")
        if suggestion:
            line.append("; try: ", style="dim")
            line.append(visible_controls(suggestion), style="bold")
        print_lines([*lines, line])
        return
    for hit, doc, measure, _section in rows:
        head = StyledLine(visible_controls(doc.title), style="cyan").append("  ")
        shift = len(head.text) + len(measure.label)
        head.append(visible_controls(f"{measure.label}{measure.display_title}"), style="bold")
        for start, end in highlight_spans(f"{measure.display_title}", hit.terms):
            head.stylize(HIGHLIGHT_STYLE, start + shift, end + shift)
        lines.append(head)
        snippet = StyledLine("  " + visible_controls(hit.snippet))
        for start, end in hit.snippet_spans:
            snippet.stylize(HIGHLIGHT_STYLE, start + 2, end + 2)
        lines.append(snippet)
        lines.append(StyledLine(f"  {hit.measure_id}  score {hit.score:.2f}", style="dim"))
    shown = len(rows)
    more = f" (showing {shown})" if total > shown else ""
    lines.append(StyledLine(f"{count(total, 'measure')} found{more}", style="dim"))
    print_lines(lines)
