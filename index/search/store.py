"""The search index's own records on disk: the meta file and the update lock.

index.py decides what to (re)index and an engine (engines/) stores it; the meta
file beside the engine's files records the schema, tokenizer and engine, and each
document's fingerprint, written after every commit.
"""

from __future__ import annotations

import json
from pathlib import Path

from index.files import atomic_write

SCHEMA_VERSION = 5  # 4: one text field, numeric dates, engines; 5: doc:/issuer: as id sets
META_FILE = "policy-tui-index.json"


def update_lock_path(index_dir: Path) -> Path:
    """The lock file one process holds while it brings ``index_dir`` up to date (beside it)."""
    return index_dir.parent / (index_dir.name + ".lock")


def read_meta(path: Path) -> dict | None:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(data, dict) or not isinstance(data.get("documents"), dict):
        return None
    return data


def write_meta(path: Path, data: dict) -> None:
    atomic_write(path, json.dumps(data, ensure_ascii=False))
