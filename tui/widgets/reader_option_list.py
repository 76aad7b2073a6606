"""ReaderOptionList: an OptionList that also moves with j k g G, like every list of the reader."""

from __future__ import annotations

from textual.binding import Binding
from textual.widgets import OptionList


class ReaderOptionList(OptionList):
    """``j`` ``k`` down / up, ``g`` ``G`` first / last, besides the arrows, Home and End.

    For the lists of the modal screens (related measures, bookmarks); the search results
    have the same keys under their own binding ids (``results.down`` …).
    """

    BINDINGS = [
        Binding("j", "cursor_down", "Down", show=False, id="list.down"),
        Binding("k", "cursor_up", "Up", show=False, id="list.up"),
        Binding("g", "first", "First", show=False, id="list.first"),
        Binding("G", "last", "Last", show=False, id="list.last"),
    ]
