"""Headless subcommands. Each module exposes `register(subparsers) -> (name, handler)`.

A handler returns the process exit status. Add a command by writing a module
and listing its `register` here.
"""

from __future__ import annotations

from . import add, bookmarks, index, list_documents, parse, related, remove, search

COMMANDS = [parse.register, add.register, list_documents.register, remove.register]
COMMANDS += [search.register, related.register, index.register]
COMMANDS += [bookmarks.register]
