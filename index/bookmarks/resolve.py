"""Finding a bookmark's measure again after its text was re-imported or edited."""

from __future__ import annotations

import difflib
from collections.abc import Callable

from index.bookmarks.model import Bookmark, LibraryLike, excerpt_of
from index.model import Document, Measure
from index.text import identity_fold

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
    if not bookmark.measure_title and not bookmark.excerpt:  # hand-written: only the id
        return by_id
    title = _fold(bookmark.measure_title)
    if (
        by_id is not None
        and _fold(by_id[1].title) == title
        and (title or _similar(bookmark, by_id[1]))
    ):
        return by_id
    doc_id = bookmark.measure_id.rpartition("-")[0]
    wanted_doc = _fold(bookmark.document_title)
    candidates = [d for d in library.documents if d.id == doc_id or _fold(d.title) == wanted_doc]
    number = _fold(bookmark.measure_number)
    tests: tuple[Callable[[Measure], bool], ...] = (
        lambda m: _fold(m.number) == number and _fold(m.title) == title,
        lambda m: _fold(m.title) == title,  # renumbered
    )
    if not title:  # an untitled measure (a law's article): its opening words identify it
        tests = (lambda m: _fold(m.number) == number and _similar(bookmark, m),)
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


_fold = identity_fold  # compare texts the way ids do


def _ratio(a: str, b: str) -> float:
    return difflib.SequenceMatcher(None, _fold(a), _fold(b)).ratio() if a and b else 0.0


def _similar(bookmark: Bookmark, measure: Measure) -> bool:
    excerpt = bookmark.excerpt.rstrip("…")
    return (
        _ratio(bookmark.measure_title, measure.title) >= SIMILAR
        or _ratio(excerpt, excerpt_of(measure.body)[: len(excerpt)]) >= SIMILAR
    )
