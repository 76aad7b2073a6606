"""The one way policy-tui writes and locks files: atomic, durable, never onto a special file.

Every writer (bookmarks, the import manifest and copies, the parse cache, the
search index's meta file) goes through :func:`atomic_write`, and every
cross-process lock through :func:`file_lock`, so the safety rules live here once:

* a write lands whole or not at all (temp file in the same folder, fsync,
  ``os.replace``, fsync of the folder);
* a target that is, after following symlinks, not a regular file (a device,
  FIFO, socket or folder) is refused with a one-line error, and nothing is
  created beside it;
* a symlinked target is written through: the link stays a link;
* an existing file keeps its permission bits; a new one gets ``new_mode``;
* an existing file nobody may write (mode 0444, or one this process may not
  write) is refused too, root included: replacing it would silently undo the
  owner's ``chmod``.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import shutil
import stat
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

USER_FILE_MODE = 0o600


class UnsafeTargetError(OSError):
    """The path names something that is not a regular file; ``str()`` is one line.

    ``filename`` and ``strerror`` are set, so "{filename}: {strerror}" is that line too.
    """

    def __init__(self, path: Path, kind: str) -> None:
        reason = f"is a {kind}, not a regular file; nothing was written"
        super().__init__(f"{path}: {reason}")
        self.path = path
        self.filename = str(path)
        self.strerror = reason

    def __str__(self) -> str:
        return str(self.args[0])


class ReadOnlyTargetError(PermissionError):
    """The target exists and is read-only (or not writable by us): it is left as it is."""

    def __init__(self, path: Path) -> None:
        reason = "is read-only; nothing was written (make it writable to allow changes)"
        super().__init__(f"{path}: {reason}")
        self.path = path
        self.filename = str(path)
        self.strerror = reason

    def __str__(self) -> str:
        return str(self.args[0])


class LockTimeoutError(TimeoutError):
    """Another process held the lock for longer than the caller was willing to wait."""


def file_kind(mode: int) -> str | None:
    """None for a regular file, else what the ``st_mode`` names ("device", "named pipe"…)."""
    if stat.S_ISREG(mode):
        return None
    if stat.S_ISDIR(mode):
        return "folder"
    if stat.S_ISFIFO(mode):
        return "named pipe"
    if stat.S_ISSOCK(mode):
        return "socket"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "device"
    return "special file"


def regular_target(path: Path | str) -> Path:
    """The real file behind ``path`` (symlinks followed), refused unless regular or absent."""
    path = Path(path)
    target = Path(os.path.realpath(path))
    try:
        mode = target.stat().st_mode
    except FileNotFoundError:
        return target
    kind = file_kind(mode)
    if kind is not None:
        raise UnsafeTargetError(path, kind)
    return target


def temp_prefix(target: Path) -> str:
    return f".{target.name}-"


def remove_stale_temporaries(target: Path) -> None:
    """Temp files left beside ``target`` by a writer that was killed (call under its lock)."""
    for stale in target.parent.glob(temp_prefix(target) + "*.tmp"):
        stale.unlink(missing_ok=True)


def atomic_write(
    path: Path | str,
    data: str | bytes,
    *,
    backup: bool = False,
    new_mode: int = USER_FILE_MODE,
) -> Path:
    """Replace ``path`` with ``data`` atomically; returns the real file written.

    ``backup`` first keeps the current content as ``<name>.bak`` (itself written
    atomically), so a user can always get the previous version back.
    """
    target = regular_target(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    mode = stat.S_IMODE(target.stat().st_mode) if target.exists() else new_mode
    if target.exists() and (not mode & 0o222 or not os.access(target, os.W_OK)):
        raise ReadOnlyTargetError(Path(path))
    if backup and target.exists():
        backup_path = regular_target(target.with_name(target.name + ".bak"))
        with _temporary(target) as tmp:
            shutil.copyfile(target, tmp)
            os.chmod(tmp, mode)
            _fsync_file(tmp)
            os.replace(tmp, backup_path)
    payload = data.encode("utf-8") if isinstance(data, str) else data
    with _temporary(target) as tmp:
        with open(tmp, "wb") as handle:
            handle.write(payload)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, mode)
        os.replace(tmp, target)
    _fsync_dir(target.parent)
    return target


@contextlib.contextmanager
def file_lock(lock_path: Path, timeout: float, poll: float = 0.02) -> Iterator[None]:
    """Hold an exclusive advisory lock on ``lock_path`` (created if absent).

    The kernel drops the lock when its holder dies, so a killed process never
    leaves a lock behind. Raises :class:`LockTimeoutError` after ``timeout`` s.
    """
    lock_path = regular_target(lock_path)
    lock_path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(lock_path, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, USER_FILE_MODE)
    try:
        deadline = time.monotonic() + timeout
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    raise LockTimeoutError(f"{lock_path}: locked by another process") from None
                time.sleep(poll)
        try:
            yield
        finally:
            fcntl.flock(fd, fcntl.LOCK_UN)
    finally:
        os.close(fd)


@contextlib.contextmanager
def _temporary(target: Path) -> Iterator[Path]:
    """A temp file beside ``target`` (same file system, so os.replace is atomic)."""
    fd, name = tempfile.mkstemp(prefix=temp_prefix(target), suffix=".tmp", dir=target.parent)
    os.close(fd)
    tmp = Path(name)
    try:
        yield tmp
    finally:
        tmp.unlink(missing_ok=True)  # already gone after a successful os.replace


def _fsync_file(path: Path) -> None:
    with open(path, "rb") as handle:
        os.fsync(handle.fileno())


def _fsync_dir(folder: Path) -> None:
    """Make the rename itself durable (POSIX); not every file system allows it."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass  # some network file systems refuse fsync on a folder; the data itself is synced
    finally:
        os.close(fd)
