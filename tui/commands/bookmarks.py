"""`policy-tui bookmarks list|add|remove|export`: the bookmarks file from the command line."""

from __future__ import annotations

import argparse
from pathlib import Path

from .common import Handler, add_library_option

EXPORT_FORMATS = ("md", "csv", "json")
ACTIONS = ("list", "add", "remove", "export")


def register(sub: argparse._SubParsersAction) -> tuple[str, Handler]:
    p = sub.add_parser(
        "bookmarks",
        help="list, add, remove or export bookmarks",
        description="The bookmarks file (--bookmarks FILE, $POLICY_TUI_BOOKMARKS, "
        "or <user data dir>/policy-tui/bookmarks.yaml).",
    )
    actions = p.add_subparsers(dest="bookmarks_action", metavar="ACTION", required=True)

    def common(q: argparse.ArgumentParser) -> None:
        add_library_option(q)
        q.add_argument(
            "--bookmarks",
            metavar="FILE",
            help="bookmarks file (default: $POLICY_TUI_BOOKMARKS or the user data dir)",
        )

    q = actions.add_parser("list", help="bookmarks grouped by document")
    q.add_argument("--json", action="store_true", help="a JSON array, one object per bookmark")
    common(q)
    q = actions.add_parser("add", help="bookmark a measure (again: change its note/tags/status)")
    q.add_argument("measure_id", metavar="MEASURE_ID", help="as shown by search or parse --json")
    q.add_argument("--note", metavar="TEXT")
    q.add_argument("--tag", action="append", default=[], metavar="TAG", help="repeatable")
    q.add_argument("--status", metavar="TEXT", help="e.g. 待评估, 已申报, 不适用")
    common(q)
    q = actions.add_parser("remove", help="remove a bookmark")
    q.add_argument("measure_id", metavar="MEASURE_ID")
    common(q)
    q = actions.add_parser("export", help="export as a Markdown checklist, CSV or JSON")
    q.add_argument("--format", choices=EXPORT_FORMATS, default="md")
    q.add_argument("-o", "--output", type=Path, metavar="FILE", help="default: standard output")
    common(q)
    return "bookmarks", run


def run(args: argparse.Namespace) -> int:
    from .bookmark_actions import run as run_bookmarks  # the store and library load only here

    return run_bookmarks(args)
