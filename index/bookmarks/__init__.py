"""Bookmarks: the measures a reader keeps, in a hand-editable YAML file that is never lost.

``model`` is the bookmark itself, ``store`` the file (locked, atomic, read-only
when damaged), ``resolve`` finds a bookmark's measure again after an edit, and
``export`` writes bookmarks as Markdown, CSV or JSON.
"""

from index.bookmarks.model import Bookmark, BookmarksBusyError, BookmarksReadOnlyError
from index.bookmarks.resolve import resolve
from index.bookmarks.store import BookmarkStore

__all__ = ["Bookmark", "BookmarkStore", "BookmarksBusyError", "BookmarksReadOnlyError", "resolve"]
