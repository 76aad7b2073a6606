"""Headless subcommands. Each module exposes `register(subparsers) -> (name, handler)`.

A handler returns the process exit status. Add a command by writing a module
and listing its `register` here.
"""

from __future__ import annotations

from . import parse

COMMANDS = [parse.register]
