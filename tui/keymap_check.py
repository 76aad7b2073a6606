"""Which binding ids a keymap may name: a typo in the settings file is reported, not ignored."""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Mapping

from textual.binding import Binding
from textual.dom import DOMNode


def binding_ids() -> set[str]:
    """The ids of every binding of the reader's screens and widgets (and Textual's own).

    Some screens load only when first opened, so their modules are imported here first.
    """
    from . import screens, widgets

    for package in (screens, widgets):
        for module in pkgutil.iter_modules(package.__path__):
            importlib.import_module(f"{package.__name__}.{module.name}")
    ids: set[str] = set()
    pending: list[type] = [DOMNode]
    while pending:
        cls = pending.pop()
        pending.extend(cls.__subclasses__())
        for binding in vars(cls).get("BINDINGS", ()):
            if isinstance(binding, Binding) and binding.id:
                ids.add(binding.id)
    return ids


def keymap_problems(keymap: Mapping[str, str]) -> list[str]:
    """One phrase for each binding id that no binding has (the override does nothing)."""
    if not keymap:
        return []
    known = binding_ids()
    return [f"keymap: no binding has the id {name!r}" for name in keymap if name not in known]
