"""`policy-tui bookmarks list|add|remove|export`: the bookmarks file from the command line."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from index.bookmark_export import to_csv, to_json, to_markdown
from index.bookmarks import BookmarksReadOnlyError, BookmarkStore, resolve
from index.paths import bookmarks_file

from .common import add_library_option, fail, open_library


def register(sub: argparse._SubParsersAction) -> tuple[str, object]:
    p = sub.add_parser("bookmarks", help="list, add, remove or export bookmarks")
    actions = p.add_subparsers(dest="bookmarks_action", metavar="ACTION", required=True)

    def common(q: argparse.ArgumentParser) -> None:
        add_library_option(q)
        q.add_argument("--bookmarks", metavar="FILE", help="bookmarks file")

    q = actions.add_parser("list", help="bookmarks grouped by document")
    q.add_argument("--json", action="store_true")
    common(q)
    q = actions.add_parser("add", help="bookmark a measure")
    q.add_argument("measure_id", metavar="MEASURE_ID")
    q.add_argument("--note")
    q.add_argument("--tag", action="append", default=[])
    q.add_argument("--status")
    common(q)
    q = actions.add_parser("remove", help="remove a bookmark")
    q.add_argument("measure_id", metavar="MEASURE_ID")
    common(q)
    q = actions.add_parser("export", help="export as a Markdown checklist, CSV or JSON")
    q.add_argument("--format", choices=("md", "csv", "json"), default="md")
    q.add_argument("-o", "--output", type=Path, metavar="FILE")
    common(q)
    return "bookmarks", run


def run(args: argparse.Namespace) -> int:
    store = BookmarkStore(bookmarks_file(args.bookmarks))
    if store.read_only_reason:
        return fail(store.read_only_reason)
    library = open_library(args)
    try:
        if args.bookmarks_action == "add":
            found = library.measure(args.measure_id)
            if found is None:
                return fail(
                    f"no measure with id {args.measure_id} in the library (see 'policy-tui search')"
                )
            b = store.add(*found, note=args.note, tags=tuple(args.tag), status=args.status)
            print(f"bookmarked {b.measure_number} {b.measure_title} — {b.document_title}")
            return 0
        if args.bookmarks_action == "remove":
            if not store.remove(args.measure_id):
                return fail(f"no bookmark for {args.measure_id}")
            print(f"removed bookmark {args.measure_id}")
            return 0
    except BookmarksReadOnlyError as err:
        return fail(str(err))

    def resolver(b):  # type: ignore[no-untyped-def]
        return resolve(b, library)

    if args.bookmarks_action == "list":
        if args.json:
            print(to_json(store.bookmarks, resolver))
        else:
            print_grouped(store, resolver)
        return 0
    text = {"md": to_markdown, "csv": to_csv, "json": to_json}[args.format](
        store.bookmarks, resolver
    )
    if args.output is None:
        sys.stdout.write(text if text.endswith("\n") else text + "\n")
        return 0
    encoding = "utf-8-sig" if args.format == "csv" else "utf-8"
    try:
        args.output.write_text(
            text, encoding=encoding, newline="" if args.format == "csv" else None
        )
    except OSError as exc:
        return fail(f"{args.output}: {exc.strerror or 'cannot be written'}")
    print(f"wrote {len(store.bookmarks)} bookmarks to {args.output}")
    return 0


def print_grouped(store: BookmarkStore, resolver) -> None:  # type: ignore[no-untyped-def]
    from rich.console import Console
    from rich.text import Text

    console = Console(highlight=False, soft_wrap=True)
    if not store.bookmarks:
        console.print(
            Text(
                "No bookmarks yet. Press b on a measure in the reader, or: policy-tui bookmarks add MEASURE_ID"
            )
        )
        return
    groups: dict[str, list] = {}
    for b in store.bookmarks:
        found = resolver(b)
        groups.setdefault(found[0].title if found else b.document_title, []).append((b, found))
    for title, items in groups.items():
        console.print(Text(title, style="bold"))
        for b, found in items:
            line = Text(f"  {b.measure_number} ", style="green")
            line.append(b.measure_title)
            line.append(f"  {found[1].id if found else b.measure_id}", style="dim")
            if found is None:
                line.append("  not found in the library", style="red")
            if b.status:
                line.append(f"  [{b.status}]", style="cyan")
            if b.note:
                line.append(f"  {b.note}", style="italic")
            console.print(line)
            if found is None and b.excerpt:
                console.print(Text(f"    {b.excerpt}", style="dim"))
