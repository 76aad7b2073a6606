"""Headless subcommands. Each module exposes `register(subparsers) -> (name, handler)`.

A handler returns the process exit status. Add a command by writing a module and
naming it in COMMAND_MODULES. A command's module is imported (and its arguments
declared) only when that command runs or the full help is shown: the start-up of
`policy-tui search` pays for no other command.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from typing import Any

# command name -> module of this package, in the order the help lists them
COMMAND_MODULES = {
    "parse": "parse",
    "add": "add",
    "list": "list_documents",
    "remove": "remove",
    "search": "search",
    "related": "related",
    "index": "index",
    "bookmarks": "bookmarks",
}


def register(sub: Any, name: str) -> Callable[[Any], int]:
    """Declare command ``name`` on the subparsers ``sub``; its handler."""
    module = importlib.import_module(f"{__name__}.{COMMAND_MODULES[name]}")
    registered, handler = module.register(sub)
    if registered != name:
        raise RuntimeError(f"{module.__name__} registers {registered!r}, listed as {name!r}")
    run: Callable[[Any], int] = handler  # the module's register is untyped to mypy here
    return run
