"""`r`: measures in other documents that say similar things, with the shared key terms."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from index.model import Measure

from ..labels import label_prefix
from ..widgets import ReaderOptionList

if TYPE_CHECKING:  # types only: the heavy modules load after the first frame
    from index.library.catalog import Library
    from index.search.index import Related


class RelatedScreen(ModalScreen[str | None]):
    """Dismisses with the chosen measure id, or None. The list moves with j k g G too."""

    BINDINGS = [Binding("escape,q", "close", "Close", id="related.close")]

    def __init__(self, measure: Measure, related: list[Related], library: Library) -> None:
        super().__init__()
        self.measure = measure
        self.related = related
        self.library = library

    def compose(self) -> ComposeResult:
        options: list[Option] = []
        for rel in self.related:
            found = self.library.measure(rel.measure_id)
            if found is None:
                continue
            doc, m = found
            line = Text(label_prefix(m.label), style="green")
            line.append(m.display_title, style="bold")
            line.append(f"\n  {doc.title}", style="dim")
            if doc.date:
                line.append(f" · {doc.date}", style="dim")
            if rel.shared_terms:
                line.append("\n  共同关键词 ", style="dim")
                line.append("、".join(rel.shared_terms[:6]), style="cyan")
            options.append(Option(line, id=rel.measure_id))
        title = Text("相关措施 Related measures — ", style="bold")
        title.append(self.measure.display_title)
        with Vertical(id="related-box"):
            yield Static(title, markup=False)
            if options:
                yield ReaderOptionList(*options, id="related-list", markup=False)
            else:
                yield Static(
                    Text(
                        "其他文件中没有相似的措施 No similar measures in other documents",
                        style="italic",
                    )
                )

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(event.option.id)

    def action_close(self) -> None:
        self.dismiss(None)
