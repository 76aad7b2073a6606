"""index.files.atomic_write never writes onto anything but a regular file the user may write."""

from __future__ import annotations

import os
import stat
from collections.abc import Callable
from pathlib import Path

import pytest

from index.files import ReadOnlyTargetError, UnsafeTargetError, atomic_write


def _device(path: Path) -> Path:
    """A character device with /dev/null's numbers, made inside tmp_path (root only)."""
    try:
        os.mknod(path, 0o666 | stat.S_IFCHR, os.makedev(1, 3))
    except PermissionError:
        pytest.skip("making a device node needs root (CAP_MKNOD)")
    return path


def _fifo(path: Path) -> Path:
    os.mkfifo(path)
    return path


def _folder(path: Path) -> Path:
    path.mkdir()
    return path


def _link_to_device(path: Path) -> Path:
    device = _device(path.with_name("device"))
    path.symlink_to(device)
    return path


SPECIAL: dict[str, Callable[[Path], Path]] = {
    "device": _device,
    "fifo": _fifo,
    "folder": _folder,
    "symlink to a device": _link_to_device,
}


@pytest.mark.parametrize("backup", [False, True])
@pytest.mark.parametrize("make", SPECIAL.values(), ids=SPECIAL.keys())
def test_a_special_target_is_refused_and_nothing_appears_beside_it(
    tmp_path: Path, make: Callable[[Path], Path], backup: bool
) -> None:
    target = make(tmp_path / "target")
    before = sorted(p.name for p in tmp_path.iterdir())
    kind = os.stat(target).st_mode

    with pytest.raises(UnsafeTargetError) as refused:
        atomic_write(target, "bookmarks: []\n", backup=backup)

    message = str(refused.value)
    assert "\n" not in message and str(target) in message and "not a regular file" in message
    assert f"{refused.value.filename}: {refused.value.strerror}" == message
    assert os.stat(target).st_mode == kind  # still the device, FIFO or folder it was
    assert sorted(p.name for p in tmp_path.iterdir()) == before  # no .bak, .lock or temp file


def test_a_symlink_to_a_regular_file_is_written_through(tmp_path: Path) -> None:
    real = tmp_path / "real.yaml"
    real.write_text("old\n", encoding="utf-8")
    real.chmod(0o640)
    link = tmp_path / "link.yaml"
    link.symlink_to(real)

    written = atomic_write(link, "new\n", backup=True)

    assert written == real.resolve()
    assert link.is_symlink() and os.readlink(link) == str(real)  # the link itself stays
    assert real.read_text(encoding="utf-8") == "new\n"
    assert stat.S_IMODE(real.stat().st_mode) == 0o640  # permissions kept
    assert (tmp_path / "real.yaml.bak").read_text(encoding="utf-8") == "old\n"
    assert not (tmp_path / "link.yaml.bak").exists()


def test_a_new_file_is_private(tmp_path: Path) -> None:
    path = atomic_write(tmp_path / "sub" / "new.yaml", "x\n")
    assert stat.S_IMODE(path.stat().st_mode) == 0o600


def test_a_read_only_file_is_refused_not_silently_replaced(tmp_path: Path) -> None:
    """0444 means "do not change": even root (who may write anyway) gets a clear error."""
    folder = tmp_path / "data"
    folder.mkdir()
    path = folder / "bookmarks.yaml"
    path.write_text("mine\n", encoding="utf-8")
    path.chmod(0o444)
    inode = path.stat().st_ino

    with pytest.raises(ReadOnlyTargetError) as refused:
        atomic_write(path, "theirs\n", backup=True)

    assert isinstance(refused.value, PermissionError)  # callers catching OSError see it
    message = str(refused.value)
    assert "\n" not in message and str(path) in message and "read-only" in message
    assert path.read_text(encoding="utf-8") == "mine\n" and path.stat().st_ino == inode
    assert stat.S_IMODE(path.stat().st_mode) == 0o444
    assert sorted(p.name for p in folder.iterdir()) == ["bookmarks.yaml"]


def test_a_symlink_to_a_read_only_file_is_refused(tmp_path: Path) -> None:
    real = tmp_path / "real.yaml"
    real.write_text("mine\n", encoding="utf-8")
    real.chmod(0o444)
    link = tmp_path / "link.yaml"
    link.symlink_to(real)
    with pytest.raises(ReadOnlyTargetError):
        atomic_write(link, "theirs\n")
    assert real.read_text(encoding="utf-8") == "mine\n" and link.is_symlink()
