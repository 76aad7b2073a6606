"""Bookmarks: the measures a reader keeps, in a hand-editable YAML file that is never lost.

The file is user data. Every write takes a lock, re-reads the file, applies
the one change to what is on disk (so two readers bookmarking in turn lose
nothing), keeps the previous version as ``.bak`` and replaces the file
atomically. A file that does not parse is reported with its line and never
overwritten: the store turns read-only until it is fixed. A file written by
a newer version is read but never rewritten. Keys this version does not know
are carried through every rewrite.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import difflib
import fcntl
import os
import shutil
import stat
import tempfile
import time
import unicodedata
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Protocol

import yaml

from index.model import Document, Measure

FORMAT_VERSION = 1
EXCERPT_CHARS = 80
HEADER = (
    "# policy-tui bookmarks: safe to edit by hand (keep it valid YAML; comments are not kept).\n"
)
_FIELDS = (
    "measure_id",
    "document_title",
    "document_date",
    "document_issuer",
    "measure_number",
    "measure_title",
    "excerpt",
    "added",
    "note",
    "tags",
    "status",
)
_SCALARS = (str, int, float, bool, dt.date)  # dt.datetime is a dt.date


class BookmarksReadOnlyError(Exception):
    """The bookmarks file cannot be changed now; ``str()`` says why in one line."""


class BookmarksBusyError(BookmarksReadOnlyError):
    """Another process held the bookmarks lock for longer than the timeout."""


class _Damaged(BookmarksReadOnlyError):
    """The file cannot be read at all (YAML error, wrong shape, not UTF-8)."""


class LibraryLike(Protocol):
    """What :func:`resolve` needs of ``index.library.Library``."""

    @property
    def documents(self) -> list[Document]: ...

    def measure(self, measure_id: str) -> tuple[Document, Measure] | None: ...


@dataclass(frozen=True)
class Bookmark:
    """One bookmarked measure, with enough text to find it again or show it when it is gone."""

    measure_id: str
    document_title: str = ""
    document_date: str | None = None
    document_issuer: str | None = None
    measure_number: str = ""
    measure_title: str = ""
    excerpt: str = ""
    added: str = ""  # ISO 8601 with the local UTC offset
    note: str | None = None
    tags: tuple[str, ...] = ()
    status: str | None = None  # free text, e.g. 待评估 / 已申报 / 不适用
    extra: dict[str, Any] = field(default_factory=dict, compare=False)  # unknown keys, kept

    @classmethod
    def of(
        cls,
        document: Document,
        measure: Measure,
        *,
        note: str | None = None,
        tags: tuple[str, ...] = (),
        status: str | None = None,
    ) -> Bookmark:
        return cls(
            measure_id=measure.id,
            document_title=document.title,
            document_date=document.date,
            document_issuer=document.issuer,
            measure_number=measure.number,
            measure_title=measure.title,
            excerpt=excerpt_of(measure.body or measure.title),
            added=dt.datetime.now().astimezone().isoformat(timespec="seconds"),
            note=note or None,
            tags=_clean_tags(tags),
            status=status or None,
        )

    @classmethod
    def from_entry(cls, entry: dict[str, Any]) -> Bookmark:
        """Build from one YAML mapping; raises ValueError naming a field of the wrong kind."""
        for key in _FIELDS:
            value = entry.get(key)
            if key == "tags" and isinstance(value, list):
                value = next((t for t in value if not isinstance(t, _SCALARS)), None)
            if value is not None and not isinstance(value, _SCALARS):
                raise ValueError(f"'{key}' must be text")
        measure_id = _text(entry.get("measure_id"))
        if not measure_id:
            raise ValueError("it has no measure_id")
        tags = entry.get("tags")
        if isinstance(tags, str):  # a hand edit like "tags: 维修, 重点"
            tags = tags.replace("，", ",").split(",")
        return cls(
            measure_id=measure_id,
            document_title=_text(entry.get("document_title")) or "",
            document_date=_text(entry.get("document_date")),
            document_issuer=_text(entry.get("document_issuer")),
            measure_number=_text(entry.get("measure_number")) or "",
            measure_title=_text(entry.get("measure_title")) or "",
            excerpt=_text(entry.get("excerpt")) or "",
            added=_text(entry.get("added")) or "",
            note=_text(entry.get("note")),
            tags=_clean_tags(tags if isinstance(tags, list) else [tags]),
            status=_text(entry.get("status")),
            extra={k: v for k, v in entry.items() if k not in _FIELDS},
        )

    def to_entry(self) -> dict[str, Any]:
        entry: dict[str, Any] = {
            "measure_id": self.measure_id,
            "document_title": self.document_title,
            "document_date": self.document_date,
            "document_issuer": self.document_issuer,
            "measure_number": self.measure_number,
            "measure_title": self.measure_title,
            "excerpt": self.excerpt,
            "added": self.added,
        }
        if self.note:
            entry["note"] = self.note
        if self.tags:
            entry["tags"] = list(self.tags)
        if self.status:
            entry["status"] = self.status
        entry.update(self.extra)
        return entry


def excerpt_of(text: str, limit: int = EXCERPT_CHARS) -> str:
    """The text on one line, cut to ``limit`` characters with an ellipsis."""
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"


def _text(value: Any) -> str | None:
    if value is None or value == "":
        return None
    return str(value)


def _clean_tags(tags: Any) -> tuple[str, ...]:
    out: list[str] = []
    for tag in tags or ():
        text = _text(tag)
        if text and text.strip() and text.strip() not in out:
            out.append(text.strip())
    return tuple(out)


# libyaml's C versions of the safe loader and dumper when installed: the same safe
# subset of YAML as yaml.safe_load / safe_dump, about five times faster, which
# matters because every change re-reads and rewrites the whole file.
_SafeLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_SafeDumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)


class _Dumper(_SafeDumper):  # type: ignore[misc, valid-type]
    """Safe YAML with multi-line strings (notes) as readable ``|`` blocks."""


def _represent_str(dumper: yaml.SafeDumper, value: str) -> yaml.Node:
    style = "|" if "\n" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Dumper.add_representer(str, _represent_str)


@dataclass
class _Snapshot:
    bookmarks: list[Bookmark]
    top_extra: dict[str, Any]
    read_only_reason: str | None  # set for a file written by a newer version


# A change takes the bookmarks on disk and returns the new list, or None for "nothing to do".
Change = Callable[[list[Bookmark]], list[Bookmark] | None]


class BookmarkStore:
    """The bookmarks file at ``path``. Reads never raise; writes refuse rather than lose."""

    def __init__(self, path: Path | str, lock_timeout: float = 10.0) -> None:
        self.path = Path(path)
        self.lock_timeout = lock_timeout
        self.bookmarks: list[Bookmark] = []  # file order: the order they were added
        self.read_only_reason: str | None = None
        self.damaged = False  # True when the file could not be read at all
        self.load()

    # -- reading -------------------------------------------------------------------------
    def load(self) -> None:
        """(Re-)read the file. A damaged file leaves no bookmarks and a one-line reason."""
        try:
            snapshot = self._read()
        except _Damaged as err:
            self.bookmarks, self.damaged, self.read_only_reason = [], True, str(err)
            return
        self.bookmarks = snapshot.bookmarks
        self.damaged, self.read_only_reason = False, snapshot.read_only_reason

    def is_bookmarked(self, measure_id: str) -> bool:
        return any(b.measure_id == measure_id for b in self.bookmarks)

    def get(self, measure_id: str) -> Bookmark | None:
        return next((b for b in self.bookmarks if b.measure_id == measure_id), None)

    def _read(self) -> _Snapshot:
        try:
            raw = self._target().read_text(encoding="utf-8-sig")
        except FileNotFoundError:
            return _Snapshot([], {}, None)
        except UnicodeDecodeError:
            raise _Damaged(f"{self.path}: not UTF-8 text; {_FIX}") from None
        except OSError as exc:
            raise _Damaged(f"{self.path}: cannot be read ({exc.strerror or exc})") from None
        try:
            data = yaml.load(raw, Loader=_SafeLoader)  # safe_load, in C when available
        except yaml.YAMLError as exc:
            raise _Damaged(f"{self.path}: {_yaml_problem(exc)}; {_FIX}") from None
        if data is None:
            return _Snapshot([], {}, None)
        return self._parse(data, raw)

    def _parse(self, data: Any, raw: str) -> _Snapshot:
        def damaged(what: str, *where: Any) -> _Damaged:
            line = _line_of(raw, *where)
            at = f"line {line}: " if line else ""
            return _Damaged(f"{self.path}: {at}{what}; {_FIX}")

        if not isinstance(data, dict):
            raise damaged("not a bookmarks file (expected 'version: 1' and a 'bookmarks:' list)")
        version = data.get("version", FORMAT_VERSION)
        if isinstance(version, bool) or not isinstance(version, int | float):
            raise damaged("'version' must be a number", "version")
        entries = data.get("bookmarks") or []
        newer = version > FORMAT_VERSION
        if not isinstance(entries, list) and not newer:
            raise damaged("'bookmarks' must be a list of entries", "bookmarks")
        bookmarks: list[Bookmark] = []
        for n, entry in enumerate(entries if isinstance(entries, list) else [], start=1):
            try:
                if not isinstance(entry, dict):
                    raise ValueError("it is not a mapping of keys")
                bookmarks.append(Bookmark.from_entry(entry))
            except ValueError as exc:
                if not newer:  # a newer file is never rewritten, so skipping loses nothing
                    raise damaged(f"bookmark {n}: {exc}", "bookmarks", n - 1) from None
        top_extra = {k: v for k, v in data.items() if k not in ("version", "bookmarks")}
        reason = None
        if newer:
            reason = (
                f"{self.path}: written by a newer policy-tui (format version {version}); "
                "read-only here so nothing it added is lost"
            )
        return _Snapshot(bookmarks, top_extra, reason)

    # -- writing -------------------------------------------------------------------------
    def add(
        self,
        document: Document,
        measure: Measure,
        note: str | None = None,
        tags: tuple[str, ...] = (),
        status: str | None = None,
    ) -> Bookmark:
        """Bookmark a measure (at the end); an existing bookmark is returned unchanged."""
        new = Bookmark.of(document, measure, note=note, tags=tuple(tags), status=status)

        def change(items: list[Bookmark]) -> list[Bookmark] | None:
            if any(b.measure_id == new.measure_id for b in items):
                return None
            return [*items, new]

        self._write(change)
        return self.get(measure.id) or new

    def remove(self, measure_id: str) -> bool:
        """Remove the bookmark; False when the file had none for ``measure_id``."""

        def change(items: list[Bookmark]) -> list[Bookmark] | None:
            kept = [b for b in items if b.measure_id != measure_id]
            return kept if len(kept) != len(items) else None

        return self._write(change)

    def toggle(
        self, document: Document, measure: Measure, library: LibraryLike | None = None
    ) -> bool:
        """Bookmark the measure, or remove its bookmark; True when it is now bookmarked.

        With ``library``, a bookmark that :func:`resolve` re-finds as this measure
        (stored under an older id) counts as its bookmark, so it is removed, not doubled.
        """
        new = Bookmark.of(document, measure)

        def is_this(b: Bookmark) -> bool:
            if b.measure_id == measure.id:
                return True
            found = resolve(b, library) if library is not None else None
            return found is not None and found[1].id == measure.id

        def change(items: list[Bookmark]) -> list[Bookmark]:
            kept = [b for b in items if not is_this(b)]
            return kept if len(kept) != len(items) else [*items, new]

        return self._write(change) and any(b.measure_id == measure.id for b in self.bookmarks)

    def bookmarked_ids(self, library: LibraryLike) -> dict[str, Bookmark]:
        """The bookmarked measures by their id in ``library`` now (re-found ones included)."""
        out: dict[str, Bookmark] = {}
        for b in self.bookmarks:
            found = resolve(b, library)
            out.setdefault(found[1].id if found else b.measure_id, b)
        return out

    def update(
        self,
        measure_id: str,
        *,
        note: str | None = None,
        tags: tuple[str, ...] | None = None,
        status: str | None = None,
    ) -> Bookmark:
        """Change note, tags or status in place; None keeps a field, "" or () clears it.

        Raises KeyError when the file has no bookmark for ``measure_id``.
        """
        found = False

        def change(items: list[Bookmark]) -> list[Bookmark] | None:
            nonlocal found
            out = []
            for b in items:
                if b.measure_id == measure_id:
                    found = True
                    b = replace(
                        b,
                        note=b.note if note is None else (note or None),
                        tags=b.tags if tags is None else _clean_tags(tags),
                        status=b.status if status is None else (status or None),
                    )
                out.append(b)
            return out if out != items else None

        self._write(change)
        bookmark = self.get(measure_id)
        if not found or bookmark is None:
            raise KeyError(measure_id)
        return bookmark

    def _write(self, change: Change) -> bool:
        """Lock, re-read what is on disk, apply ``change``, back up, replace atomically.

        Returns whether the file changed. ``self.bookmarks`` is what is on disk after.
        """
        if self.read_only_reason:
            raise BookmarksReadOnlyError(self.read_only_reason)
        target = self._target()
        target.parent.mkdir(parents=True, exist_ok=True)
        with self._locked(target):
            try:
                snapshot = self._read()
            except _Damaged as err:  # damaged since we loaded it: keep it as it is
                self.bookmarks, self.damaged, self.read_only_reason = [], True, str(err)
                raise
            if snapshot.read_only_reason:
                self.bookmarks, self.read_only_reason = (
                    snapshot.bookmarks,
                    snapshot.read_only_reason,
                )
                raise BookmarksReadOnlyError(snapshot.read_only_reason)
            updated = change(list(snapshot.bookmarks))
            if updated is None:
                self.bookmarks = snapshot.bookmarks
                return False
            _remove_stale_temporaries(target)
            _replace_atomically(target, _render(updated, snapshot.top_extra))
            self.bookmarks = updated
            return True

    def _target(self) -> Path:
        """The real file: a symlinked bookmarks file stays a symlink after a write."""
        return Path(os.path.realpath(self.path))

    @contextlib.contextmanager
    def _locked(self, target: Path) -> Iterator[None]:
        lock_path = target.with_name(target.name + ".lock")
        with open(lock_path, "a+b") as handle:
            deadline = time.monotonic() + self.lock_timeout
            while True:
                try:
                    fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
                    break
                except BlockingIOError:
                    if time.monotonic() > deadline:
                        raise BookmarksBusyError(
                            f"{self.path}: another policy-tui is writing the bookmarks; try again"
                        ) from None
                    time.sleep(0.02)
            try:
                yield
            finally:
                fcntl.flock(handle.fileno(), fcntl.LOCK_UN)


_FIX = "fix it by hand; bookmarks stay read-only and the file is not changed"


def _yaml_problem(exc: yaml.YAMLError) -> str:
    mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
    problem = getattr(exc, "problem", None) or "not valid YAML"
    problem = " ".join(str(problem).split())
    if mark is None:
        return f"YAML error ({problem})"
    return f"line {mark.line + 1}: YAML error ({problem})"


def _line_of(raw: str, *path: Any) -> int | None:
    """1-based line of the node at ``path`` (mapping keys / list indexes), for messages."""
    try:
        node = yaml.compose(raw, Loader=yaml.SafeLoader)
    except yaml.YAMLError:
        return None
    for step in path:
        if isinstance(node, yaml.MappingNode):
            node = next((v for k, v in node.value if k.value == step), None)
        elif isinstance(node, yaml.SequenceNode) and isinstance(step, int):
            node = node.value[step] if step < len(node.value) else None
        else:
            node = None
        if node is None:
            return None
    return node.start_mark.line + 1 if node is not None else None


def _render(items: list[Bookmark], top_extra: dict[str, Any]) -> str:
    document = {"version": FORMAT_VERSION, **top_extra, "bookmarks": [b.to_entry() for b in items]}
    body = yaml.dump(
        document,
        Dumper=_Dumper,
        allow_unicode=True,
        sort_keys=False,
        default_flow_style=False,
        width=1000,
    )
    return HEADER + body


def _temp_prefix(target: Path) -> str:
    return f".{target.name}-"


def _remove_stale_temporaries(target: Path) -> None:
    """Temp files left by a writer that was killed; safe to delete while we hold the lock."""
    for stale in target.parent.glob(_temp_prefix(target) + "*.tmp"):
        stale.unlink(missing_ok=True)


def _replace_atomically(target: Path, text: str) -> None:
    """Keep the old file as ``.bak``, then swap in the new one: never a half-written file."""
    mode = None
    if target.exists():
        mode = stat.S_IMODE(target.stat().st_mode)
        with _temporary(target) as tmp:
            shutil.copyfile(target, tmp)
            _fsync_file(tmp)
            os.replace(tmp, target.with_name(target.name + ".bak"))
    with _temporary(target) as tmp:
        with open(tmp, "w", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        if mode is not None:
            os.chmod(tmp, mode)
        os.replace(tmp, target)
    _fsync_dir(target.parent)


@contextlib.contextmanager
def _temporary(target: Path) -> Iterator[Path]:
    """A temp file beside ``target`` (same file system, so os.replace is atomic)."""
    fd, name = tempfile.mkstemp(prefix=_temp_prefix(target), suffix=".tmp", dir=target.parent)
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
        pass  # e.g. some network file systems refuse fsync on a directory; the data is synced
    finally:
        os.close(fd)


# -- finding a bookmark's measure again ---------------------------------------------------
SIMILAR = 0.6  # difflib ratio above which a lightly edited title or text is the same measure
SIMILAR_DOCUMENT = 0.8  # … and a lightly edited document title the same document


def resolve(bookmark: Bookmark, library: LibraryLike) -> tuple[Document, Measure] | None:
    """Find a bookmark's measure in ``library``, or None when it is gone.

    By id first; then by document title + measure number + title, which keeps a
    bookmark attached when its text was re-imported or edited so that its id
    changed (a new date or issuer changes the document id; an inserted measure
    shifts positions, so the old id may now name a different measure).
    """
    by_id = library.measure(bookmark.measure_id)
    if not bookmark.measure_title:  # a hand-written entry with only the id
        return by_id
    title = _fold(bookmark.measure_title)
    if by_id is not None and _fold(by_id[1].title) == title:
        return by_id
    doc_id = bookmark.measure_id.rpartition("-")[0]
    wanted_doc = _fold(bookmark.document_title)
    candidates = [d for d in library.documents if d.id == doc_id or _fold(d.title) == wanted_doc]
    number = _fold(bookmark.measure_number)
    tests = (
        lambda m: _fold(m.number) == number and _fold(m.title) == title,
        lambda m: _fold(m.title) == title,  # renumbered
    )
    for test in tests:
        for doc in candidates:
            for m in doc.measures:
                if test(m):
                    return doc, m
    if by_id is not None and _similar(bookmark, by_id[1]):
        return by_id  # its title was lightly edited
    for doc in candidates:
        for m in doc.measures:
            if _fold(m.number) == number and _similar(bookmark, m):
                return doc, m
    # the document's own title was lightly edited (which changes every id in it)
    tried = {d.id for d in candidates}
    for doc in library.documents:
        if doc.id in tried or _ratio(doc.title, bookmark.document_title) < SIMILAR_DOCUMENT:
            continue
        for m in doc.measures:
            if _fold(m.number) == number and _fold(m.title) == title:
                return doc, m
    return None


def _fold(text: str | None) -> str:
    """Compare texts the way ids do: width-folded, without whitespace."""
    folded = unicodedata.normalize("NFKC", text or "")
    return "".join(ch for ch in folded if not ch.isspace())


def _ratio(a: str, b: str) -> float:
    return difflib.SequenceMatcher(None, _fold(a), _fold(b)).ratio() if a and b else 0.0


def _similar(bookmark: Bookmark, measure: Measure) -> bool:
    excerpt = bookmark.excerpt.rstrip("…")
    return (
        _ratio(bookmark.measure_title, measure.title) >= SIMILAR
        or _ratio(excerpt, excerpt_of(measure.body)[: len(excerpt)]) >= SIMILAR
    )
