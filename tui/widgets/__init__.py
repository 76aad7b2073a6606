"""The reader's widgets, one per module."""

from .document_tree import DocumentTree
from .key_bar import KeyBar
from .measure_detail import MeasureDetail
from .prose import Prose
from .reader_option_list import ReaderOptionList
from .search_bar import SearchBar
from .search_results import SearchResults
from .welcome import Welcome

__all__ = [
    "DocumentTree",
    "KeyBar",
    "MeasureDetail",
    "Prose",
    "ReaderOptionList",
    "SearchBar",
    "SearchResults",
    "Welcome",
]
