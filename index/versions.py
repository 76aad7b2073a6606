"""The installed version of a distribution, read from its own METADATA file.

importlib.metadata answers the same, but importing it and asking costs 30–50 ms
(email parsing, a finder over every path entry): more than the rest of
``--version``, and paid again by every command that opens a search index (the
tokenizer's version names the word cutter's and converter's releases). It stays
the fallback for installs laid out otherwise (eggs, zip files).
"""

from __future__ import annotations

import os
import re
import sys

_SEPARATORS = re.compile(r"[-_.]+")


def installed_version(distribution: str) -> str | None:
    """The version of ``distribution`` (``zhconv-rs``, ``policy-tui``), None when absent.

    The first ``<name>-<version>.dist-info`` on ``sys.path`` wins, as for importlib.
    """
    wanted = _SEPARATORS.sub("_", distribution).lower() + "-"
    for entry in sys.path:
        try:
            names = sorted(os.listdir(entry or "."))
        except OSError:
            continue
        for name in names:
            if name.endswith(".dist-info") and _normal(name).startswith(wanted):
                version = _metadata_version(os.path.join(entry or ".", name, "METADATA"))
                if version:
                    return version
    return _by_importlib(distribution)


def _normal(dist_info: str) -> str:
    name, _, rest = dist_info.partition("-")
    return _SEPARATORS.sub("_", name).lower() + "-" + rest


def _metadata_version(path: str) -> str | None:
    try:
        with open(path, encoding="utf-8") as handle:
            for line in handle:
                if line.startswith("Version:"):
                    return line.split(":", 1)[1].strip() or None
                if not line.strip():  # the end of the headers
                    break
    except (OSError, UnicodeDecodeError):
        return None
    return None


def _by_importlib(distribution: str) -> str | None:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version(distribution)
    except PackageNotFoundError:
        return None
