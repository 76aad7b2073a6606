"""Where policy-tui keeps things: platformdirs locations, overridden by flags and env vars.

Order of precedence for the library and the bookmarks file: a command-line
argument, then ``POLICY_TUI_LIBRARY`` / ``POLICY_TUI_BOOKMARKS``, then the
user data dir. The reader's settings live in the user config dir. Everything under
the cache dir is derived data and safe to delete.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Sequence
from pathlib import Path

import platformdirs

APP_NAME = "policy-tui"
LIBRARY_ENV = "POLICY_TUI_LIBRARY"
BOOKMARKS_ENV = "POLICY_TUI_BOOKMARKS"


def data_dir() -> Path:
    """``<user data dir>/policy-tui``: the user's own files (library, bookmarks)."""
    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))


def cache_dir() -> Path:
    """``<user cache dir>/policy-tui``: parse caches, search indexes, jieba's dictionary cache."""
    return Path(platformdirs.user_cache_dir(APP_NAME, appauthor=False))


def config_dir() -> Path:
    """``<user config dir>/policy-tui``: the reader's settings (``~/.config/policy-tui`` on Linux)."""
    return Path(platformdirs.user_config_dir(APP_NAME, appauthor=False))


def settings_file() -> Path:
    """The reader's settings file (theme, keymap, measure width, results view)."""
    return config_dir() / "settings.yaml"


def default_library_dir() -> Path:
    return data_dir() / "library"


def default_bookmarks_file() -> Path:
    return data_dir() / "bookmarks.yaml"


def library_paths(paths: Sequence[str | os.PathLike[str]] | None = None) -> list[Path]:
    """The folders/files that make up the library: ``paths``, else the env var, else the default.

    ``POLICY_TUI_LIBRARY`` may hold several paths separated by ``os.pathsep``.
    """
    if paths:
        return [Path(p).expanduser() for p in paths]
    env = os.environ.get(LIBRARY_ENV, "").strip()
    if env:
        return [Path(p).expanduser() for p in env.split(os.pathsep) if p.strip()]
    return [default_library_dir()]


def bookmarks_file(path: str | os.PathLike[str] | None = None) -> Path:
    """The bookmarks file: ``path``, else ``POLICY_TUI_BOOKMARKS``, else the default."""
    if path:
        return Path(path).expanduser()
    env = os.environ.get(BOOKMARKS_ENV, "").strip()
    if env:
        return Path(env).expanduser()
    return default_bookmarks_file()


def library_cache_dir(paths: Sequence[str | os.PathLike[str]]) -> Path:
    """A cache folder of its own for each library, keyed by its resolved paths.

    Two libraries never share a parse cache or an index, and the same folder
    named by a relative or an absolute path gets the same cache.
    """
    resolved = sorted({str(Path(p).expanduser().resolve()) for p in paths})
    key = hashlib.sha256("\n".join(resolved).encode("utf-8")).hexdigest()[:16]
    return cache_dir() / "libraries" / key


def jieba_cache_dir() -> Path:
    """jieba's prefix-dictionary cache, kept out of the shared /tmp."""
    return cache_dir() / "jieba"
