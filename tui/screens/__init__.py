"""The reader's screens, one per module."""

from .help import HelpScreen
from .main import MainScreen
from .related import RelatedScreen

__all__ = ["HelpScreen", "MainScreen", "RelatedScreen"]
