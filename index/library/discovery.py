"""The one rule for which files in a folder are documents (opening a library and `add DIR`).

A folder's documents are its regular files, recursively, with a suffix a
reader in ``index.formats`` handles, except: anything hidden or under a
hidden folder (``.removed/`` keeps removed copies, editors keep swap files),
the import manifest, and README/notes files that describe the folder.
Symlinks are followed to regular files only, and a symlink loop ends the walk
of that branch instead of looping. An entry named like a document that is not a
regular file (a FIFO, a symlink loop, a dangling link, a device) is never
opened; it is reported in one line, so nothing in a folder is passed over silently.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from pathlib import Path

from index.files import file_kind
from index.formats.extract import is_supported
from index.formats.plain_text import stat_failure

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
    for path, _linked, refused in _walk_documents(root):
        if refused is None:
            yield path


def folder_candidates(root: Path) -> Iterator[Path]:
    """The documents under ``root`` and, in their place in the order, every entry named like
    one that is not a regular file (a FIFO, a symlink loop, a dangling link): `add DIR`
    says in one line why each of those cannot be added instead of passing over it."""
    for path, _linked, _refused in _walk_documents(root):
        yield path


def _walk_documents(root: Path) -> Iterator[tuple[Path, bool, str | None]]:
    """(path, reached through a symlink?, why it is not a document or None) under ``root``.
    The directory entries' own type answers for plain files and folders (no stat each),
    and only what was reached through a link needs resolving to be told apart from its
    target. Nothing found is opened: a FIFO is only named."""
    seen_dirs: set[tuple[int, int]] = set()

    def walk(folder: Path, linked: bool) -> Iterator[tuple[Path, bool, str | None]]:
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
            except OSError:  # gone since the folder was listed
                continue
            try:
                is_dir = entry.is_dir()  # follows links; a dangling one is neither
                is_file = not is_dir and entry.is_file()
            except OSError:  # a symlink loop: neither, and said so below
                is_dir = is_file = False
            if is_dir:
                yield from walk(Path(entry.path), via_link)
            elif is_document_name(entry.name):
                path = Path(entry.path)
                yield path, via_link, None if is_file else _why_not_a_document(path)

    yield from walk(root, False)


def _why_not_a_document(path: Path) -> str:
    """A path that is neither a folder nor a regular file: say what it is."""
    try:
        kind = file_kind(os.stat(path).st_mode)
    except FileNotFoundError as exc:
        return stat_failure(path, exc) if os.path.islink(path) else "no such file or folder"
    except OSError as exc:
        return stat_failure(path, exc)
    return f"is a {kind}, not a regular file" if kind else "cannot be read"


def document_files(roots: Iterable[Path], problems: list[str]) -> list[Path]:
    """The documents of folders and files named, each once; missing paths are problems."""
    found: list[Path] = []
    seen: set[Path] = set()
    roots = list(roots)
    for root in roots:
        if root.is_dir():
            candidates: Iterable[tuple[Path, bool, str | None]] = _walk_documents(root)
        elif root.is_file():
            candidates = [(root, True, None)]
        else:
            problems.append(f"{root}: {_why_not_a_document(root)}")
            continue
        for path, linked, refused in candidates:
            if refused is not None:  # named like a document, but not a file to read
                if path not in seen:  # overlapping roots: still one line
                    seen.add(path)
                    problems.append(f"{path}: {refused}")
                continue
            # One folder walked without links cannot list a file twice: resolve only
            # what came through a link, or when several roots may overlap.
            key = path.resolve() if linked or len(roots) > 1 else path
            if key not in seen:
                seen.add(key)
                found.append(path)
    return found
