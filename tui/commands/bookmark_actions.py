"""What `policy-tui bookmarks …` does; its options are declared in ``bookmarks.py``.

A bookmarks file that cannot be written (read-only, from a newer version, an id
kept twice) is no failure for `list` and `export`: they read it whole and print
nothing on stderr. `add` and `remove`, which must write, fail with the store's
one line naming the file and why, and leave it as it was.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from index.bookmarks import Bookmark, BookmarksReadOnlyError, BookmarkStore, resolve
from index.bookmarks.export import (
    NOT_FOUND,
    Entry,
    entries,
    grouped,
    source_line,
    to_csv,
    to_json,
    to_markdown,
)
from index.library.catalog import Library
from index.model import Document, Measure
from index.paths import bookmarks_file
from index.safe_text import escape_json_controls, one_line, visible_controls

from .common import count, fail, open_library, warn_problems

EXPORTERS = {"md": to_markdown, "csv": to_csv, "json": to_json}


def run(args: argparse.Namespace) -> int:
    store = BookmarkStore(bookmarks_file(args.bookmarks))
    if store.damaged:
        return fail(store.read_only_reason or f"{store.path}: cannot be read")
    try:
        if args.bookmarks_action == "remove":
            return remove(store, args)
        library = open_checked_library(args)
        if args.bookmarks_action == "add":
            return add(store, library, args)
    except BookmarksReadOnlyError as err:
        return fail(str(err))
    except OSError as exc:
        return fail(f"{exc.filename or store.path}: {exc.strerror or exc}")
    # A file that may not be written (0444, a newer version's, an id kept twice) is still
    # read in full: list and export succeed and say nothing; what would write fails above.

    def resolver(b: Bookmark) -> tuple[Document, Measure] | None:
        return resolve(b, library)

    if args.bookmarks_action == "list":
        if args.json:
            sys.stdout.write(escape_json_controls(to_json(store.bookmarks, resolver)))
        else:
            print_grouped(entries(store.bookmarks, resolver))
        return 0
    return export(
        store, args.format, args.output, EXPORTERS[args.format](store.bookmarks, resolver)
    )


def find_measure(library: Library, measure_id: str) -> tuple[Document, Measure] | None:
    return library.measure(measure_id)


def add(store: BookmarkStore, library: Library, args: argparse.Namespace) -> int:
    found = find_measure(library, args.measure_id)
    if found is None:
        return fail(
            f"no measure with id {args.measure_id} in the library "
            "(ids are shown by 'policy-tui search' and 'policy-tui parse --json')"
        )
    document, measure = found
    tags = tuple(args.tag)
    old = store.bookmarked_ids(library).get(measure.id)  # also one kept under an older id
    if old is not None:
        if args.note is None and not tags and args.status is None:
            print(
                one_line(f"already bookmarked: {measure.label}{measure.title} — {document.title}")
            )
            return 0
        store.update(
            old.measure_id,
            note=args.note,
            tags=(*old.tags, *tags) if tags else None,
            status=args.status,
        )
        print(one_line(f"updated bookmark: {measure.label}{measure.title} — {document.title}"))
        return 0
    store.add(document, measure, note=args.note, tags=tags, status=args.status)
    print(one_line(f"bookmarked: {measure.label}{measure.title} — {document.title}"))
    return 0


def remove(store: BookmarkStore, args: argparse.Namespace) -> int:
    """By the stored id; failing that, by the measure's current id in the library."""
    measure_id = args.measure_id
    if not store.is_bookmarked(measure_id):
        found = store.bookmarked_ids(open_checked_library(args)).get(measure_id)
        measure_id = found.measure_id if found else measure_id
    if not store.remove(measure_id):
        return fail(f"no bookmark for {args.measure_id} in {store.path}")
    print(one_line(f"removed bookmark {measure_id}"))
    return 0


def open_checked_library(args: argparse.Namespace) -> Library:
    library = open_library(args)
    warn_problems(library)
    return library


def export(store: BookmarkStore, fmt: str, output: Path | None, text: str) -> int:
    encoding = "utf-8-sig" if fmt == "csv" else "utf-8"  # the BOM tells spreadsheets it is UTF-8
    if output is None:  # text for a terminal: controls made visible; JSON only escapes them
        write_stdout(
            escape_json_controls(text) if fmt == "json" else visible_controls(text), encoding
        )
        return 0
    if output.exists() and os.path.samefile(output, store.path):
        return fail(f"{output}: that is the bookmarks file itself; choose another output file")
    try:
        output.write_text(text, encoding=encoding, newline="" if fmt == "csv" else None)
    except OSError as exc:
        return fail(f"{output}: {exc.strerror or 'cannot be written'}")
    print(one_line(f"wrote {count(len(store.bookmarks), 'bookmark')} to {output}"))
    return 0


def write_stdout(text: str, encoding: str) -> None:
    """Bytes in ``encoding`` on standard output, so `> file.csv` also gets the BOM."""
    buffer = getattr(sys.stdout, "buffer", None)
    if buffer is None:  # a text-only stream (some test harnesses)
        sys.stdout.write(text)
        return
    sys.stdout.flush()
    buffer.write(text.encode(encoding))
    buffer.flush()


def print_grouped(items: list[Entry]) -> None:
    from rich.console import Console
    from rich.text import Text

    console = Console(highlight=False, soft_wrap=True)
    if not items:
        console.print(
            Text("No bookmarks yet: press b on a measure in the reader, or run "),
            Text("policy-tui bookmarks add MEASURE_ID", style="bold"),
            sep="",
        )
        return
    for group in grouped(items):
        console.print(Text(one_line(group[0].document_title), style="bold"))
        console.print(Text(f"  {one_line(source_line(group[0]))}", style="dim"))
        for e in group:
            b = e.bookmark
            line = Text("  ")
            line.append(one_line(e.heading), style="green" if e.found else "")
            line.append(f"  {one_line(e.measure.id if e.measure else b.measure_id)}", style="dim")
            if not e.found:
                line.append(f"  {NOT_FOUND}", style="red")
            if b.status:
                line.append(f"  [{one_line(b.status)}]", style="cyan")
            if b.tags:
                line.append("  " + one_line(" ".join(f"#{t}" for t in b.tags)), style="magenta")
            console.print(line)
            if b.note:
                console.print(Text(f"    {one_line(' '.join(b.note.split()))}", style="italic"))
            if not e.found and b.excerpt:
                console.print(Text(f"    {one_line(b.excerpt)}", style="dim"))
        console.print()
