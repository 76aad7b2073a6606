"""The one rule for which files in a folder are documents (opening a library and `add DIR`).

A folder's documents are its regular files, recursively, with a suffix a
reader in ``index.formats`` handles, except: anything hidden or under a
hidden folder (``.removed/`` keeps removed copies, editors keep swap files),
the import manifest, and README/notes files that describe the folder.
Symlinks are followed to regular files only, and a symlink loop ends the walk
of that branch instead of looping.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Iterable, Iterator
from pathlib import Path

from index.files import file_kind
from index.formats.extract import is_supported

MANIFEST = "imported.yaml"
REMOVED_DIR = ".removed"


def is_document_name(name: str) -> bool:
    """Whether a file called ``name`` inside a library folder is a document."""
    return (
        not name.startswith(".")
        and name != MANIFEST
        and not name.upper().startswith("README")
        and is_supported(Path(name))
    )


def folder_documents(root: Path) -> Iterator[Path]:
    """Every document under ``root`` in a stable (sorted) order."""
    seen_dirs: set[tuple[int, int]] = set()

    def walk(folder: Path) -> Iterator[Path]:
        try:
            info = folder.stat()
            entries = sorted(os.scandir(folder), key=lambda e: e.name)
        except OSError:
            return
        key = (info.st_dev, info.st_ino)
        if key in seen_dirs:  # a symlink loop, or the same folder linked twice
            return
        seen_dirs.add(key)
        for entry in entries:
            if entry.name.startswith("."):
                continue
            path = Path(entry.path)
            try:
                mode = os.stat(path).st_mode
            except OSError:
                continue  # a dangling link
            if stat.S_ISDIR(mode):
                yield from walk(path)
            elif stat.S_ISREG(mode) and is_document_name(entry.name):
                yield path

    yield from walk(root)


def _why_not_a_document(path: Path) -> str:
    """A named path that is neither a folder nor a regular file: say what it is."""
    try:
        kind = file_kind(os.stat(path).st_mode)
    except FileNotFoundError:
        return "no such file or folder"
    except OSError as exc:
        return exc.strerror or "cannot be read"
    return f"is a {kind}, not a regular file" if kind else "cannot be read"


def document_files(roots: Iterable[Path], problems: list[str]) -> list[Path]:
    """The documents of folders and files named, each once; missing paths are problems."""
    found: list[Path] = []
    seen: set[Path] = set()
    for root in roots:
        if root.is_dir():
            candidates: Iterable[Path] = folder_documents(root)
        elif root.is_file():
            candidates = [root]
        else:
            problems.append(f"{root}: {_why_not_a_document(root)}")
            continue
        for path in candidates:
            key = path.resolve()
            if key not in seen:
                seen.add(key)
                found.append(path)
    return found
