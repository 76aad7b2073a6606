"""The reader's settings file (``settings.yaml`` in the user config dir): read, checked, saved.

Pure (no Textual): the app asks for the values and says what went wrong in one line.
The file is the user's: a damaged one (unreadable, not a regular file, not YAML, a value
of the wrong type, from a newer version) is ignored and never written over; unknown keys
are reported and kept when the theme is saved. A missing file means the defaults, and is
created only when there is something to save.
"""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from index.files import LockTimeoutError, atomic_write, file_lock
from index.formats.plain_text import UnreadableFileError, read_file_bytes

SETTINGS_VERSION = 1
MAX_BYTES = 64 * 1024  # a settings file is a few lines; more is not one
SAVE_LOCK_TIMEOUT = 2.0  # seconds another reader may take to save its own change

MEASURE_WIDTH = 42  # Han characters a line: 84 cells, the reading measure of the pane
MEASURE_WIDTH_RANGE = (10, 120)
RESULTS_VIEWS = ("grouped", "flat")
KNOWN_KEYS = ("version", "theme", "keymap", "measure_width", "results_view")

HEADER = (
    "# policy-tui settings (docs/reader.md, Settings). The reader saves the theme here;\n"
    "# the previous version of this file is kept as settings.yaml.bak.\n"
)


@dataclass(frozen=True)
class Settings:
    """What the reader applies; every field has its default when the file says nothing."""

    theme: str | None = None  # None: Textual's default theme
    keymap: Mapping[str, str] = field(default_factory=dict)  # binding id -> keys
    measure_width: int = MEASURE_WIDTH
    results_view: str = "grouped"


@dataclass(frozen=True)
class LoadedSettings:
    """A settings file as read: the values to apply, and what was wrong with it.

    ``damaged`` (one phrase) means the whole file was ignored and must not be written;
    ``problems`` are smaller faults (an unknown key, a value out of range) already
    replaced by a default or clamped.
    """

    path: Path
    settings: Settings = field(default_factory=Settings)
    raw: Mapping[str, Any] = field(default_factory=dict)  # the file's own mapping
    damaged: str | None = None
    problems: tuple[str, ...] = ()

    def message(self, more: Sequence[str] = ()) -> str | None:
        """One line for a notification, or None when all is well; ``more``: faults only the
        app can see (an unknown theme or binding id)."""
        if self.damaged:
            return (
                f"{self.path}: {self.damaged}; settings ignored, the file is left as it is "
                "(the theme is not saved until it is fixed or removed)"
            )
        problems = [*self.problems, *more]
        if problems:
            return f"{self.path}: " + "; ".join(problems)
        return None


class SettingsNotSavedError(Exception):
    """The settings could not be saved; ``str()`` is one line naming the file."""


def load_settings(path: Path) -> LoadedSettings:
    """Read and check ``path``; never raises (a fault is in the result, never a traceback)."""
    try:
        raw = _read_mapping(path)
    except _Damaged as damaged:
        return LoadedSettings(path, damaged=str(damaged))
    if raw is None:
        return LoadedSettings(path)
    try:
        settings, problems = _validate(raw)
    except _Damaged as damaged:
        return LoadedSettings(path, raw=raw, damaged=str(damaged))
    return LoadedSettings(path, settings, raw, problems=tuple(problems))


def save_setting(path: Path, key: str, value: object) -> None:
    """Set ``key`` in the file and write it atomically, every other key (unknown ones
    too) kept. The file is read again first, under a lock beside it, so what another
    reader saved a moment ago is kept too; a damaged file is refused with
    :class:`SettingsNotSavedError`, never overwritten."""
    _refuse_damaged(load_settings(path))  # before the lock: nothing made beside such a file
    try:
        with file_lock(path.with_name(path.name + ".lock"), SAVE_LOCK_TIMEOUT):
            _save_locked(path, key, value)
    except LockTimeoutError:
        raise SettingsNotSavedError(
            f"{path}: another policy-tui is saving its settings; not saved"
        ) from None
    except OSError as error:  # no lock can be made: the folder is not writable
        reason = error.strerror or str(error)
        raise SettingsNotSavedError(f"{path}: {reason}".splitlines()[0]) from error


def _refuse_damaged(current: LoadedSettings) -> None:
    if current.damaged:
        raise SettingsNotSavedError(
            f"{current.path}: {current.damaged}; not saved, the file is left as it is"
        )


def _save_locked(path: Path, key: str, value: object) -> None:
    current = load_settings(path)
    _refuse_damaged(current)
    import yaml  # here: no settings file (the usual case) costs the first frame no yaml

    data = {"version": SETTINGS_VERSION, **current.raw, key: value}
    text = HEADER + yaml.safe_dump(data, allow_unicode=True, sort_keys=False)
    try:
        atomic_write(path, text, backup=path.exists())
    except OSError as error:
        reason = error.strerror or str(error)
        raise SettingsNotSavedError(f"{path}: {reason}".splitlines()[0]) from error


class _Damaged(Exception):
    """Why a file cannot be used at all (one phrase)."""


def _read_mapping(path: Path) -> dict[str, Any] | None:
    """The file's top-level mapping; None when there is no file (the defaults). Read as
    every user file is (index.formats.plain_text): special files refused unopened, bounded."""
    if not os.path.lexists(path):
        return None
    try:
        data = read_file_bytes(path, limit=MAX_BYTES)
    except UnreadableFileError as error:
        raise _Damaged(error.reason) from error
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise _Damaged(f"is not UTF-8 text (byte {error.start})") from error
    import yaml

    try:
        loaded = yaml.safe_load(text)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = f" (line {mark.line + 1})" if mark is not None else ""
        raise _Damaged(f"is not valid YAML{where}") from error
    if loaded is None:  # empty, or only comments
        return None
    if not isinstance(loaded, dict):
        raise _Damaged(f"holds {_kind(loaded)}, not a mapping of settings")
    return loaded


def _validate(raw: Mapping[str, Any]) -> tuple[Settings, list[str]]:
    """The settings in ``raw``; a wrong type raises :class:`_Damaged`, smaller faults are
    returned as problems (and replaced by the default, or clamped)."""
    problems = [f"unknown key {str(k)!r} (kept)" for k in raw if k not in KNOWN_KEYS]
    version = raw.get("version")
    if version is not None:
        if not _is_int(version):
            raise _Damaged(f"version should be a number, not {_kind(version)}")
        if version > SETTINGS_VERSION:
            raise _Damaged(f"was written by a newer policy-tui (version {version})")
    theme = raw.get("theme")
    if theme is not None and (not isinstance(theme, str) or not theme.strip()):
        raise _Damaged(f"theme should be a theme's name, not {_kind(theme)}")
    keymap = _keymap(raw.get("keymap"))
    width = raw.get("measure_width", MEASURE_WIDTH)
    if width is None:
        width = MEASURE_WIDTH
    if not _is_int(width):
        raise _Damaged(f"measure_width should be a whole number, not {_kind(width)}")
    low, high = MEASURE_WIDTH_RANGE
    if not low <= width <= high:
        clamped = min(max(width, low), high)
        problems.append(f"measure_width {width} is out of range {low}–{high}, using {clamped}")
        width = clamped
    view = raw.get("results_view") or "grouped"
    if not isinstance(view, str):
        raise _Damaged(f"results_view should be grouped or flat, not {_kind(view)}")
    if view not in RESULTS_VIEWS:
        problems.append(f"results_view {view!r} is neither grouped nor flat, using grouped")
        view = "grouped"
    return Settings(theme, keymap, width, view), problems


def _keymap(value: object) -> dict[str, str]:
    if value is None:
        return {}
    if not isinstance(value, dict):
        raise _Damaged(f"keymap should map binding ids to keys, not {_kind(value)}")
    keymap: dict[str, str] = {}
    for binding_id, keys in value.items():
        if not isinstance(binding_id, str) or not isinstance(keys, str) or not keys.strip():
            raise _Damaged(f"keymap entry {binding_id!r} should be a key such as ctrl+b")
        keymap[binding_id] = keys.strip()
    return keymap


def _is_int(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _kind(value: object) -> str:
    """How a YAML value reads to its writer: "a list", "the text 'x'", "true" …"""
    if isinstance(value, bool) or value is None:
        return str(value).lower() if value is not None else "nothing"
    if isinstance(value, str):
        return f"the text {value[:40]!r}"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    return f"{type(value).__name__} {str(value)[:40]}"
