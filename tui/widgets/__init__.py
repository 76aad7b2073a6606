"""The reader's widgets, one per module."""

from .document_tree import DocumentTree
from .measure_detail import MeasureDetail
from .search_bar import SearchBar
from .search_results import SearchResults
from .welcome import Welcome

__all__ = ["DocumentTree", "MeasureDetail", "SearchBar", "SearchResults", "Welcome"]
