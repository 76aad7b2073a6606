"""Headless subcommands. Each module exposes `register(subparsers) -> (name, handler)`.

A handler returns the process exit status. Add a command by writing a module
and listing its `register` here.
"""

from __future__ import annotations

from . import add, list_documents, parse, remove

COMMANDS = [parse.register, add.register, list_documents.register, remove.register]
