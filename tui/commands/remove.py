"""`policy-tui remove DOC_ID [--library DIR]`: take a document out of the library."""

from __future__ import annotations

import argparse

from index.safe_text import one_line

from .common import Handler, add_library_option, fail, open_index, open_library


def register(sub: argparse._SubParsersAction) -> tuple[str, Handler]:
    p = sub.add_parser("remove", help="remove a document from the library (kept in .removed/)")
    p.add_argument("doc_id", metavar="DOC_ID")
    add_library_option(p)
    return "remove", run


def run(args: argparse.Namespace) -> int:
    from index.library.importer import remove_copy

    lib = open_library(args)
    doc = lib.document(args.doc_id)
    if doc is None:
        return fail(f"no document with id {args.doc_id} in the library (see 'policy-tui list')")
    source = lib.source_path(doc.id)
    root = None
    if source is not None:
        root = next(
            (r for r in lib.paths if r.is_dir() and source.resolve().is_relative_to(r.resolve())),
            None,
        )
    if source is None or root is None:
        return fail(
            f"{source}: named on the command line, not in a library folder; nothing removed"
        )
    moved = remove_copy(root, source)
    open_index(open_library(args))  # the search index drops its measures now
    print(one_line(f"removed 《{doc.title}》 ({moved} keeps the file)"))
    return 0
