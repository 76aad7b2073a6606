"""Import files into the library folder as normalized UTF-8 copies, and take them out again.

The library keeps its own copy of every imported text (the original may be a
GBK page, a .docx or a PDF somewhere in Downloads) plus a manifest saying where
each copy came from and the original's checksum. Removing a document moves
its copy to ``.removed/`` in the library: a mistaken remove is undone by
moving the file back.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

import yaml

from index.files import atomic_write
from index.formats.extract import check_readable, extract_text
from index.formats.plain_text import UnreadableFileError
from index.library.discovery import MANIFEST, REMOVED_DIR, folder_candidates
from index.model import Document
from index.parsing.parser import parse_policy_text


@dataclass(frozen=True)
class ImportResult:
    """What happened to one file: imported, skipped (already there) or failed."""

    source: Path
    status: str  # "imported" | "skipped" | "failed"
    message: str
    document: Document | None = None
    copy: Path | None = None


def _checksum(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 16), b""):
            digest.update(block)
    return digest.hexdigest()


def _safe_name(title: str, doc_id: str) -> str:
    stem = re.sub(r'[\\/:*?"<>|\x00-\x1f]+', "", title).strip(" .") or "untitled"
    return f"{stem[:60]}-{doc_id[:6]}.txt"


class ManifestDamagedError(OSError):
    """imported.yaml cannot be read: it is left as it is; ``str()`` is one line (an OSError,
    so every command reports it as one, like any file that cannot be used)."""


def read_manifest(library: Path) -> dict[str, dict]:
    """Where each copy came from. A damaged manifest is reported, never rewritten blind:
    it holds the provenance of every imported text, which nothing else records."""
    path = library / MANIFEST
    if not path.is_file():
        return {}
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except (yaml.YAMLError, UnicodeDecodeError, OSError) as exc:
        reason = " ".join(str(getattr(exc, "problem", None) or exc).split())[:80]
        raise ManifestDamagedError(
            f"{path}: cannot be read ({reason}); fix or move it by hand — it was not changed"
        ) from None
    files = data.get("files") if isinstance(data, dict) else None
    if data and not isinstance(files, dict):
        raise ManifestDamagedError(f"{path}: has no 'files:' list; fix it by hand — not changed")
    return files if isinstance(files, dict) else {}


def _write_manifest(library: Path, files: dict[str, dict]) -> None:
    body = yaml.safe_dump({"version": 1, "files": files}, allow_unicode=True, sort_keys=True)
    atomic_write(library / MANIFEST, "# Where each text in this library came from.\n" + body)


def expand_inputs(inputs: Iterable[Path]) -> Iterator[tuple[Path, bool]]:
    """(file, named): files named as they are, and the documents inside folders named."""
    for item in inputs:
        if item.is_dir():
            for path in folder_candidates(item):  # check_readable refuses the non-files
                yield path, False
        else:
            yield item, True


# Over 60 lines on purpose: one pass over the inputs, each file's outcome decided in order: splitting it would scatter the batch's bookkeeping (manifest, checksums, ids).
def import_files(inputs: Iterable[Path], library: Path, known_ids: set[str]) -> list[ImportResult]:
    """Copy each readable, new text into ``library``; one bad file never stops the batch."""
    library.mkdir(parents=True, exist_ok=True)
    manifest = read_manifest(library)
    known_checksums = {entry.get("sha256") for entry in manifest.values()}
    results: list[ImportResult] = []
    for source, named in expand_inputs(inputs):
        try:
            check_readable(source)  # a FIFO would block the checksum, a device never end it
        except UnreadableFileError as err:
            results.append(ImportResult(source, "failed", str(err)))
            continue
        try:
            checksum = _checksum(source)
        except OSError as exc:
            results.append(
                ImportResult(source, "failed", f"{source}: {exc.strerror or 'cannot be read'}")
            )
            continue
        if checksum in known_checksums:
            results.append(ImportResult(source, "skipped", f"{source}: already in the library"))
            continue
        try:
            text = extract_text(source)
        except UnreadableFileError as err:
            results.append(ImportResult(source, "failed", str(err)))
            continue
        if not text.strip():
            results.append(ImportResult(source, "failed", f"{source}: empty file"))
            continue
        doc = parse_policy_text(text, fallback_title=source.stem)
        if not doc.measures and not named:
            # a README or notes file inside a folder: import it only when named
            results.append(
                ImportResult(
                    source,
                    "skipped",
                    f"{source}: no measures found (name the file to add it anyway)",
                )
            )
            continue
        if doc.id in known_ids:
            results.append(
                ImportResult(
                    source, "skipped", f"{source}: 《{doc.title}》 is already in the library", doc
                )
            )
            continue
        copy = library / _safe_name(doc.title, doc.id)
        atomic_write(copy, text if text.endswith("\n") else text + "\n")
        manifest[copy.name] = {
            "original": str(source.resolve()),
            "sha256": checksum,
            "imported": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
            "document_id": doc.id,
        }
        known_ids.add(doc.id)
        known_checksums.add(checksum)
        results.append(
            ImportResult(source, "imported", f"{doc.title} ({len(doc.measures)} 条措施)", doc, copy)
        )
    _write_manifest(library, manifest)
    return results


def remove_copy(library: Path, copy: Path) -> Path:
    """Move a library file to ``.removed/`` (never delete) and drop it from the manifest."""
    target_dir = library / REMOVED_DIR
    manifest = read_manifest(library)  # a damaged manifest stops the remove before any move
    target_dir.mkdir(parents=True, exist_ok=True)
    target = target_dir / copy.name
    n = 1
    while target.exists():
        target = target_dir / f"{copy.stem}.{n}{copy.suffix}"
        n += 1
    os.replace(copy, target)
    if manifest.pop(copy.name, None) is not None:
        _write_manifest(library, manifest)
    return target
