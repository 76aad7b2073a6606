"""Search engines behind one interface (base.py): whoosh always, tantivy when installed.

``POLICY_TUI_ENGINE=whoosh|tantivy`` (or ``--engine``) forces one; otherwise the
fastest installed engine is used (``pip install 'policy-tui[fast]'`` adds tantivy).
"""

from __future__ import annotations

import importlib.util
import os
from pathlib import Path

from index.search.engines.base import Engine

ENGINE_ENV = "POLICY_TUI_ENGINE"
ENGINES = ("tantivy", "whoosh")  # by preference


class UnknownEngineError(ValueError):
    """An engine was asked for by name that is not one of ours or not installed."""


def available_engines() -> list[str]:
    """The engines that can run here, the preferred first."""
    return [name for name in ENGINES if name == "whoosh" or _installed(name)]


def _installed(name: str) -> bool:
    return importlib.util.find_spec(name) is not None


def choose_engine(name: str | None = None) -> str:
    """The engine to use: ``name``, else the environment's setting, else the preferred one."""
    wanted = (name or os.environ.get(ENGINE_ENV, "")).strip().lower()
    if not wanted or wanted == "auto":
        return available_engines()[0]
    if wanted not in ENGINES:
        raise UnknownEngineError(
            f"unknown search engine “{wanted}” (choose {' or '.join(sorted(ENGINES))})"
        )
    if wanted not in available_engines():
        raise UnknownEngineError(
            f"the {wanted} engine is not installed (pip install 'policy-tui[fast]')"
        )
    return wanted


def make_engine(name: str, folder: Path) -> Engine:
    if name == "tantivy":
        from index.search.engines.tantivy_engine import TantivyEngine

        return TantivyEngine(folder)
    from index.search.engines.whoosh_engine import WhooshEngine

    return WhooshEngine(folder)
