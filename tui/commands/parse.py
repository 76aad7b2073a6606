"""`policy-tui parse FILE [--json]`: show the structure the parser finds in one file."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from .common import Handler

if TYPE_CHECKING:
    from index.model import Document


def register(sub: argparse._SubParsersAction) -> tuple[str, Handler]:
    p = sub.add_parser("parse", help="show the structure of one policy text")
    p.add_argument("file", type=Path)
    p.add_argument("--json", action="store_true", help="print one JSON object")
    return "parse", run


def run(args: argparse.Namespace) -> int:
    from index.formats.extract import extract_text
    from index.formats.plain_text import UnreadableFileError
    from index.parsing.as_json import document_to_dict
    from index.parsing.parser import parse_policy_text

    try:
        text = extract_text(args.file)
    except UnreadableFileError as err:
        print(f"policy-tui: {err}", file=sys.stderr)
        return 1
    doc = parse_policy_text(text, fallback_title=args.file.stem)
    if args.json:
        print(json.dumps(document_to_dict(doc), ensure_ascii=False, indent=2))
    else:
        print_tree(doc)
    return 0


def print_tree(doc: Document) -> None:
    """A readable outline: file text always as Text, never as markup."""
    from rich.console import Console
    from rich.text import Text
    from rich.tree import Tree

    facts = [
        f for f in (doc.issuer, doc.date, doc.doc_number, doc.source and f"来源 {doc.source}") if f
    ]
    root = Tree(
        Text.assemble((doc.title or "(untitled)", "bold"), ("  " + " · ".join(facts), "dim"))
    )
    sections = {
        s.position: root.add(Text.assemble((s.label + " ", "cyan"), s.title)) for s in doc.sections
    }
    for m in doc.measures:
        parent = sections.get(m.section or 0, root)
        line = Text.assemble((m.label + " ", "green"), m.display_title)
        if m.responsible:
            line.append(f"  责任单位 {len(m.responsible)}", "dim")
        if m.interpretation is not None:
            line.append("  政策解读", "dim")
        parent.add(line)
    console = Console()
    console.print(root)
    summary = f"{len(doc.sections)} sections, {len(doc.measures)} measures"
    if doc.dropped:
        summary += f", {len(doc.dropped)} noise lines dropped"
    console.print(Text(summary, style="dim"))
