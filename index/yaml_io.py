"""libyaml's C versions of PyYAML's safe loader and dumper when installed, else the pure
Python ones: the same safe subset of YAML as ``yaml.safe_load`` / ``safe_dump``, about
five times faster (a bookmarks change re-reads and rewrites the whole file; every search
command reads the synonyms)."""

from __future__ import annotations

from typing import Any

import yaml

SafeLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
SafeDumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)


def safe_load(text: str | bytes) -> Any:
    """``yaml.safe_load``, in C when available."""
    return yaml.load(text, Loader=SafeLoader)
