"""`policy-tui parse FILE [--json]`: show the structure the parser finds in one file.

`policy-tui parse --check FILE… [--json]`: per file, the warnings a person can act on
(index.parsing.checks): one line `FILE: warning` each, or `FILE: 无警告 (no warnings)`.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import TYPE_CHECKING

from index.safe_text import escape_json_controls, one_line

from .common import CommandError, Handler, count, dump_json, warn

if TYPE_CHECKING:
    from index.model import Document


def register(sub: argparse._SubParsersAction) -> tuple[str, Handler]:
    p = sub.add_parser("parse", help="show the structure of one policy text")
    p.add_argument("file", type=Path, nargs="+", help="the file (several with --check)")
    p.add_argument("--json", action="store_true", help="print one JSON object (one per file)")
    p.add_argument(
        "--check",
        action="store_true",
        help="list what to check by eye: numbering gaps, long measures, no date …",
    )
    return "parse", run


def run(args: argparse.Namespace) -> int:
    if args.check:
        return run_check(args.file, as_json=args.json)
    if len(args.file) > 1:
        raise CommandError("parse: one FILE at a time (several only with --check)", 2)
    doc = _read(args.file[0])
    if doc is None:
        return 1
    if args.json:
        from index.parsing.as_json import document_to_dict

        print(dump_json(document_to_dict(doc)))
    else:
        print_tree(doc)
    return 0


def run_check(files: list[Path], as_json: bool) -> int:
    """Every file in turn; 1 when one could not be read, warnings are not failures."""
    from index.parsing.checks import check_document

    status = 0
    for path in files:
        doc = _read(path)
        if doc is None:
            status = 1
            continue
        warnings = check_document(doc)
        if as_json:
            entry = {
                "file": str(path),
                "id": doc.id,
                "title": doc.title,
                "warnings": [
                    {"code": w.code, "message": w.message, "measure_id": w.measure_id}
                    for w in warnings
                ],
            }
            print(escape_json_controls(json.dumps(entry, ensure_ascii=False)))
            continue
        for w in warnings:
            print(one_line(f"{path}: {w.message}"))  # plain print: file text is never markup
        if not warnings:
            print(f"{one_line(str(path))}: 无警告 (no warnings)")
    return status


def _read(path: Path) -> Document | None:
    """The parsed file, or None after one line on stderr saying why it cannot be read."""
    from index.formats.extract import extract_text
    from index.formats.plain_text import UnreadableFileError
    from index.parsing.parser import parse_policy_text

    try:
        text = extract_text(path)
    except UnreadableFileError as err:
        warn(str(err))
        return None
    return parse_policy_text(text, fallback_title=path.stem)


def print_tree(doc: Document) -> None:
    """A readable outline: file text always as Text, never as markup, controls made visible."""
    from rich.console import Console
    from rich.text import Text
    from rich.tree import Tree

    from index.model import Section

    facts = [
        f for f in (doc.issuer, doc.date, doc.doc_number, doc.source and f"来源 {doc.source}") if f
    ]
    root = Tree(
        Text.assemble(
            (one_line(doc.title or "(untitled)"), "bold"),
            ("  " + one_line(" · ".join(facts)), "dim"),
        )
    )
    sections: dict[int, Tree] = {}
    for m in doc.reading_order():
        if isinstance(m, Section):
            label = Text.assemble((one_line(m.label) + " ", "cyan"), one_line(m.title))
            sections[m.position] = root.add(label)
            continue
        parent = sections.get(m.section or 0, root)
        line = Text.assemble((one_line(m.label) + " ", "green"), one_line(m.display_title))
        if m.responsible:
            line.append(f"  责任单位 {len(m.responsible)}", "dim")
        if m.interpretation is not None:
            line.append("  政策解读", "dim")
        parent.add(line)
    console = Console()
    console.print(root)
    summary = f"{count(len(doc.sections), 'section')}, {count(len(doc.measures), 'measure')}"
    if doc.dropped:
        summary += f", {count(len(doc.dropped), 'noise line')} dropped"
    console.print(Text(summary, style="dim"))
