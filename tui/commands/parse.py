"""`policy-tui parse FILE [--json]`: show the structure the parser finds."""

from __future__ import annotations

import argparse


def register(sub: argparse._SubParsersAction) -> tuple[str, object]:
    p = sub.add_parser("parse", help="show the structure of one policy text")
    p.add_argument("file")
    p.add_argument("--json", action="store_true", help="print one JSON object")
    return "parse", run


def run(args: argparse.Namespace) -> int:
    raise NotImplementedError  # being written
