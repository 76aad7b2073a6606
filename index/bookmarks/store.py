"""Bookmarks: the measures a reader keeps, in a hand-editable YAML file that is never lost.

The file is user data. Every write takes a lock, re-reads the file, applies
the one change to what is on disk (so two readers bookmarking in turn lose
nothing), keeps the previous version as ``.bak`` and replaces the file
atomically. A file that does not parse is reported with its line and never
overwritten: the store turns read-only until it is fixed. A file written by
a newer version, one holding a measure id twice, or a read-only one is read
but never rewritten; a path that is not a regular file (FIFO, device, socket,
folder) is refused before it is opened (:mod:`index.bookmarks.ondisk`). Keys
this version does not know are carried through every rewrite.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import yaml

from index.bookmarks.model import (
    FORMAT_VERSION,
    HEADER,
    Bookmark,
    BookmarksBusyError,
    BookmarksReadOnlyError,
    LibraryLike,
    clean_tags,
)
from index.bookmarks.ondisk import (
    Damaged,
    duplicates_problem,
    read_bytes,
    read_only_problem,
    real_file,
    write_problem,
)
from index.bookmarks.resolve import resolve
from index.files import LockTimeoutError, atomic_write, file_lock, remove_stale_temporaries
from index.model import Document, Measure
from index.yaml_io import SafeDumper, safe_load


# mypy cannot follow a base class chosen at run time (C or pure-Python dumper).
class _Dumper(SafeDumper):  # type: ignore[misc, valid-type]
    """Safe YAML with multi-line strings (notes) as readable ``|`` blocks."""


def _represent_str(dumper: yaml.SafeDumper, value: str) -> yaml.Node:
    style = "|" if "\n" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Dumper.add_representer(str, _represent_str)


@dataclass
class _Snapshot:
    bookmarks: list[Bookmark]
    top_extra: dict[str, Any]
    read_only_reason: str | None  # a newer version's file, or one with a duplicated id


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
            reason = snapshot.read_only_reason or read_only_problem(self.path, real_file(self.path))
        except Damaged as err:
            self.bookmarks, self.damaged, self.read_only_reason = [], True, str(err)
            return
        self.bookmarks = snapshot.bookmarks
        self.damaged, self.read_only_reason = False, reason

    def is_bookmarked(self, measure_id: str) -> bool:
        return any(b.measure_id == measure_id for b in self.bookmarks)

    def get(self, measure_id: str) -> Bookmark | None:
        return next((b for b in self.bookmarks if b.measure_id == measure_id), None)

    def _read(self) -> _Snapshot:
        try:
            raw = read_bytes(self.path).decode("utf-8-sig")
        except FileNotFoundError:
            return _Snapshot([], {}, None)
        except UnicodeDecodeError:
            raise Damaged(f"{self.path}: not UTF-8 text; {_FIX}") from None
        except OSError as exc:
            raise Damaged(f"{self.path}: cannot be read ({exc.strerror or exc})") from None
        try:
            data = safe_load(raw)
        except yaml.YAMLError as exc:
            raise Damaged(f"{self.path}: {_yaml_problem(exc)}; {_FIX}") from None
        if data is None:
            return _Snapshot([], {}, None)
        return self._parse(data, raw)

    def _parse(self, data: Any, raw: str) -> _Snapshot:
        def damaged(what: str, *where: Any) -> Damaged:
            line = _line_of(raw, *where)
            at = f"line {line}: " if line else ""
            return Damaged(f"{self.path}: {at}{what}; {_FIX}")

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
        else:
            reason = duplicates_problem(self.path, bookmarks, raw)
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

    def take(self, measure_id: str) -> tuple[int, Bookmark] | None:
        """Remove the bookmark and return it as it was in the file, with its place there:
        what :meth:`restore` puts back (an undo). None when the file had none."""
        taken: tuple[int, Bookmark] | None = None

        def change(items: list[Bookmark]) -> list[Bookmark] | None:
            nonlocal taken
            for i, b in enumerate(items):
                if b.measure_id == measure_id:
                    taken = (i, b)
                    return items[:i] + items[i + 1 :]
            return None

        self._write(change)
        return taken

    def restore(self, position: int, bookmark: Bookmark) -> bool:
        """Put back a bookmark :meth:`take` removed, unchanged (note, tags, status, added,
        unknown keys) and at its old place; False when the file has it again already."""

        def change(items: list[Bookmark]) -> list[Bookmark] | None:
            if any(b.measure_id == bookmark.measure_id for b in items):
                return None
            return [*items[:position], bookmark, *items[position:]]

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
                        tags=b.tags if tags is None else clean_tags(tags),
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
        try:  # nothing (no .lock, no .bak) is created beside a special or read-only file
            target = real_file(self.path)  # the lock and .bak sit beside the real file
        except Damaged as err:
            self.bookmarks, self.damaged, self.read_only_reason = [], True, str(err)
            raise
        problem = read_only_problem(self.path, target)
        if problem:
            self.read_only_reason = problem
            raise BookmarksReadOnlyError(problem)
        lock = target.with_name(target.name + ".lock")
        try:
            with file_lock(lock, self.lock_timeout):
                return self._apply(change, target)
        except LockTimeoutError:
            raise BookmarksBusyError(
                f"{self.path}: another policy-tui is writing the bookmarks; try again"
            ) from None
        except OSError as exc:  # one line naming the user's file, never a temp or lock file
            raise BookmarksReadOnlyError(write_problem(self.path, exc, target, lock)) from None

    def _apply(self, change: Change, target: Path) -> bool:
        """The write itself, under the lock: what is on disk now, changed and replaced."""
        try:
            snapshot = self._read()
        except Damaged as err:  # damaged since we loaded it: keep it as it is
            self.bookmarks, self.damaged, self.read_only_reason = [], True, str(err)
            raise
        if snapshot.read_only_reason:
            self.bookmarks, self.read_only_reason = snapshot.bookmarks, snapshot.read_only_reason
            raise BookmarksReadOnlyError(snapshot.read_only_reason)
        updated = change(list(snapshot.bookmarks))
        if updated is None:
            self.bookmarks = snapshot.bookmarks
            return False
        remove_stale_temporaries(target)
        atomic_write(target, _render(updated, snapshot.top_extra), backup=True)
        self.bookmarks = updated
        return True


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
