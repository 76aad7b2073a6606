"""The welcome page shown instead of an empty tree when the library has no texts yet."""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual.widgets import Static

WELCOME = (
    "Add policy texts (.txt .md .html .docx .pdf) to your library with\n\n"
    "    policy-tui add FILE_OR_FOLDER ...\n\n"
    "or open files and folders directly, without importing them:\n\n"
    "    policy-tui docs/samples/\n\n"
    "docs/samples/ in the source holds fictional sample texts to try.\n\n"
    "Press q to quit, ? for help."
)


class Welcome(Static):
    """Says how to add texts; the main screen swaps it for the tree once there are some."""

    def __init__(self, **kwargs: Any) -> None:
        text = Text("欢迎使用 policy-tui — your library is empty.\n\n", style="bold")
        text.append(WELCOME)
        super().__init__(text, markup=False, **kwargs)
