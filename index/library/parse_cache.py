"""The parse cache: a library's Documents kept on disk, keyed by file content and parser code.

Derived data only: a missing, damaged or foreign cache is an empty one, and a
cache that cannot be written costs speed next time, never correctness.
"""

from __future__ import annotations

import hashlib
import pickle
from dataclasses import dataclass, field
from pathlib import Path

from index.files import atomic_write
from index.library.stored_document import StoredDocument

CACHE_FILE = "library.pickle"
CACHE_FORMAT = 2  # 2: documents stored compressed, decoded on demand
_SHARED_MODULES = ("model.py", "numerals.py", "text.py")  # what parsing and formats build on


@dataclass
class FileEntry:
    """What we know about one file, so an unchanged file is not even re-read."""

    size: int
    mtime_ns: int
    sha256: str


@dataclass
class ParseCache:
    parser_fingerprint: str = ""
    files: dict[str, FileEntry] = field(default_factory=dict)
    documents: dict[str, StoredDocument] = field(default_factory=dict)  # by content sha256
    last_open: dict[str, str] = field(default_factory=dict)  # doc id -> fingerprint


def parser_fingerprint(root: Path | None = None) -> str:
    """A hash of every source file that turns files into Documents.

    Any edit under ``index/parsing/`` or ``index/formats/`` (or to the shared
    modules they build on) gives a new fingerprint, so a cached parse can
    never outlive the code that made it; no import tracing that could miss one.
    """
    root = root or Path(__file__).resolve().parents[1]
    files = [*sorted((root / "parsing").rglob("*.py")), *sorted((root / "formats").rglob("*.py"))]
    files += [root / name for name in _SHARED_MODULES]
    digest = hashlib.sha256()
    for path in files:
        digest.update(path.relative_to(root).as_posix().encode())
        digest.update(path.read_bytes() if path.is_file() else b"")
    return digest.hexdigest()[:16]


def load_cache(path: Path) -> ParseCache:
    """The parse cache, or an empty one when it is missing, damaged or of another format.

    Only the summaries and compressed blobs are read here; a blob damaged inside a
    whole file surfaces when its document is decoded (the library reparses it then)."""
    try:
        with path.open("rb") as fh:
            payload = pickle.load(fh)
    except FileNotFoundError:
        return ParseCache()
    except (
        OSError,
        EOFError,
        pickle.UnpicklingError,
        AttributeError,
        ImportError,
        TypeError,
        ValueError,
        IndexError,
        KeyError,
    ):
        # Derived data: a damaged cache is rebuilt from the files.
        return ParseCache()
    if not isinstance(payload, dict) or payload.get("format") != CACHE_FORMAT:
        return ParseCache()
    cache = payload.get("cache")
    return cache if isinstance(cache, ParseCache) else ParseCache()


def save_cache(path: Path, cache: ParseCache, problems: list[str]) -> None:
    """Atomically replace the cache file; a failure to write costs only speed next time."""
    payload = pickle.dumps(
        {"format": CACHE_FORMAT, "cache": cache}, protocol=pickle.HIGHEST_PROTOCOL
    )
    try:
        atomic_write(path, payload)
    except OSError as exc:
        problems.append(f"{path}: cannot write the parse cache ({exc.strerror or exc})")
