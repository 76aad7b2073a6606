"""What the bookmarks file is on disk, each answer one line naming the user's path.

:mod:`index.bookmarks.store` asks these before it opens or locks anything:

* :func:`real_file` and :func:`read_bytes`: the path must be (after symlinks) a
  regular file or absent; a FIFO, device, socket or folder is refused with
  ``stat`` before it is opened (and again on the descriptor), so nothing blocks;
* :func:`read_only_problem`: a file nobody may write (0444) is refused before the
  lock is taken, so no ``.lock`` or ``.bak`` appears beside it;
* :func:`duplicates_problem`: a measure id kept more than once makes the file
  read-only, naming the lines, so a note or a removal never hits both entries;
* :func:`write_problem`: a failed save names the bookmarks file, never the temp,
  lock or backup file the error came from.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

import yaml

from index.bookmarks.model import Bookmark, BookmarksReadOnlyError
from index.files import ReadOnlyTargetError, UnsafeTargetError, file_kind, regular_target

SPECIAL = "bookmarks stay read-only (give a regular file with --bookmarks)"
DUPLICATES_SHOWN = 3


class Damaged(BookmarksReadOnlyError):
    """The file cannot be read at all (YAML error, wrong shape, not UTF-8, not a regular file)."""


def real_file(path: Path) -> Path:
    """The real file behind ``path`` (symlinks followed); :class:`Damaged` unless regular."""
    try:
        return regular_target(path)
    except UnsafeTargetError as err:
        raise Damaged(f"{path}: {err.strerror}; {SPECIAL}") from None


def read_bytes(path: Path) -> bytes:
    """The file's bytes: refused before opening unless regular, and again on the descriptor.

    ``O_NONBLOCK``: a path swapped for a FIFO between the check and the open does
    not block either; the descriptor's own ``fstat`` then refuses it.
    """
    fd = os.open(real_file(path), os.O_RDONLY | os.O_NONBLOCK | os.O_CLOEXEC)
    with os.fdopen(fd, "rb") as handle:
        kind = file_kind(os.fstat(handle.fileno()).st_mode)
        if kind is not None:
            raise Damaged(f"{UnsafeTargetError(path, kind)}; {SPECIAL}")
        return handle.read()


def read_only_problem(path: Path, target: Path) -> str | None:
    """One line when the existing ``target`` may not be written (0444, or not ours to write).

    The rule of :func:`index.files.atomic_write` (root included), asked before
    the lock is taken.
    """
    try:
        mode = stat.S_IMODE(target.stat().st_mode)
    except FileNotFoundError:
        return None
    if mode & 0o222 and os.access(target, os.W_OK):
        return None
    return str(ReadOnlyTargetError(path))


def duplicates_problem(path: Path, bookmarks: list[Bookmark], raw: str) -> str | None:
    """One line naming the lines of every measure id kept more than once, or None.

    Such a file is read-only until fixed by hand: which entry a note, a status or
    a removal was meant for only its owner knows, so neither is changed blind.
    """
    where: dict[str, list[int]] = {}
    for n, b in enumerate(bookmarks):
        where.setdefault(b.measure_id, []).append(n)
    repeated = [(mid, ns) for mid, ns in where.items() if len(ns) > 1]
    if not repeated:
        return None
    lines = _entry_lines(raw)
    parts = []
    for mid, ns in repeated[:DUPLICATES_SHOWN]:
        at = [str(lines[n]) if n < len(lines) else f"entry {n + 1}" for n in ns]
        parts.append(f"{mid} at lines {', '.join(at[:-1])} and {at[-1]}")
    more = len(repeated) - DUPLICATES_SHOWN
    also = f" and {more} more" if more > 0 else ""
    return (
        f"{path}: a measure is bookmarked more than once ({'; '.join(parts)}{also}); "
        "keep one entry of each by hand; bookmarks stay read-only and the file is not changed"
    )


def write_problem(path: Path, exc: OSError, target: Path, lock: Path) -> str:
    """A failed save as one line naming ``path``, and which helper file failed without its name."""
    if isinstance(exc, ReadOnlyTargetError):  # made read-only while we held the lock
        return str(ReadOnlyTargetError(path))
    why = exc.strerror or str(exc)
    if isinstance(exc, UnsafeTargetError):
        why = why.split(";")[0]  # "is a folder, not a regular file"
    names = {str(n) for n in (exc.filename, exc.filename2) if n is not None}
    if str(lock) in names:
        why = f"the lock file beside it: {why}"
    elif str(target.with_name(target.name + ".bak")) in names:
        why = f"the backup file beside it: {why}"
    elif names - {str(target), str(path)}:
        why = f"a temporary file beside it: {why}"
    return f"{path}: not changed ({why}); the file is as it was"


def _entry_lines(raw: str) -> list[int]:
    """1-based first line of each entry of the ``bookmarks:`` list (one compose for all)."""
    try:
        node = yaml.compose(raw, Loader=yaml.SafeLoader)
    except yaml.YAMLError:
        return []
    if not isinstance(node, yaml.MappingNode):
        return []
    entries = next((v for k, v in node.value if k.value == "bookmarks"), None)
    if not isinstance(entries, yaml.SequenceNode):
        return []
    return [entry.start_mark.line + 1 for entry in entries.value]
