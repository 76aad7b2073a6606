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
    for path, _linked in _walk_documents(root):
        yield path


def _walk_documents(root: Path) -> Iterator[tuple[Path, bool]]:
    """(document, reached through a symlink?) under ``root``. The directory entries' own
    type answers for plain files and folders (no stat each), and only what was reached
    through a link needs resolving to be told apart from its target."""
    seen_dirs: set[tuple[int, int]] = set()

    def walk(folder: Path, linked: bool) -> Iterator[tuple[Path, bool]]:
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
            try:
                via_link = linked or entry.is_symlink()
                if entry.is_dir():  # follows links; a dangling one is neither
                    yield from walk(Path(entry.path), via_link)
                elif is_document_name(entry.name) and entry.is_file():  # regular files only
                    yield Path(entry.path), via_link
            except OSError:
                continue

    yield from walk(root, False)


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
    roots = list(roots)
    for root in roots:
        if root.is_dir():
            candidates: Iterable[tuple[Path, bool]] = _walk_documents(root)
        elif root.is_file():
            candidates = [(root, True)]
        else:
            problems.append(f"{root}: {_why_not_a_document(root)}")
            continue
        for path, linked in candidates:
            # One folder walked without links cannot list a file twice: resolve only
            # what came through a link, or when several roots may overlap.
            key = path.resolve() if linked or len(roots) > 1 else path
            if key not in seen:
                seen.add(key)
                found.append(path)
    return found
