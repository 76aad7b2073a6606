"""Pieces every library command shares: the --library option and one-line errors."""

from __future__ import annotations

import argparse
import sys

from index.library.catalog import Library
from index.paths import library_paths


def add_library_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--library",
        action="append",
        metavar="DIR",
        help="library folder (repeatable; default: $POLICY_TUI_LIBRARY or the user data dir)",
    )


def open_library(args: argparse.Namespace) -> Library:
    paths = library_paths(args.library)
    for path in paths:
        if not args.library and not path.exists():
            path.mkdir(parents=True, exist_ok=True)  # the default library starts empty
    return Library.open(paths)


def fail(message: str, status: int = 1) -> int:
    """Print one line on stderr and return the exit status: never a traceback."""
    print(f"policy-tui: {message}", file=sys.stderr)
    return status
