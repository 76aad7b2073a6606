"""The search bar: an Input whose text is the query (full `policy-tui search` syntax)."""

from __future__ import annotations

from textual.binding import Binding
from textual.message import Message
from textual.widgets import Input


class SearchBar(Input):
    """Typing searches as you type (the screen debounces); Enter opens the first hit;
    ↓ goes down into the results."""

    BINDINGS = [Binding("down", "to_results", "Results", show=False, id="search.down")]

    class ToResults(Message):
        """↓ in the bar: the screen moves the focus to the results list."""

    def action_to_results(self) -> None:
        self.post_message(self.ToResults())

    DEFAULT_CSS = """
    SearchBar { border: tall $primary-background; }
    SearchBar:focus { border: tall $accent; }
    """

    def __init__(self, **kwargs) -> None:
        super().__init__(
            placeholder='/ 搜索措施  e.g. 保税维修   "两步申报"   AEO -培训   title:维修 year:2024',
            **kwargs,
        )
