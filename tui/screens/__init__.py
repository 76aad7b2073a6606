"""The reader's screens, one per module."""

from .compare import CompareScreen
from .help import HelpScreen
from .main import MainScreen
from .related import RelatedScreen

__all__ = ["CompareScreen", "HelpScreen", "MainScreen", "RelatedScreen"]
