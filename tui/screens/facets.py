"""`f`: filter the results by region, city, issuer, year or document type, chosen from what
they hold.

Each value is listed with the number of results it keeps; choosing one adds the same
filter a user could type (`region:湖北省`, `year:2024`, `type:办法`) to the query, so
the bar always says what is being searched and Backspace undoes it (`issuer:"…"`, quoted
when the issuer's name holds a space).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from ..widgets import ReaderOptionList

if TYPE_CHECKING:  # types only: the heavy modules load after the first frame
    from index.facets import Facets
    from index.search.index import Hit

KINDS = (
    ("region", "地区 region", lambda f: f.province or f.region),
    # region: takes a city's name too (武汉市); a municipality is its own province: once
    ("region", "城市 city", lambda f: f.city if f.city != f.province else None),
    ("issuer", "发文机关 issuer", lambda f: f.issuer),
    ("year", "年份 year", lambda f: f.year),
    ("type", "类型 type", lambda f: f.doc_type),
)


def filter_text(prefix: str, value: str) -> str:
    """The filter as typed in the bar: quoted when the value holds a space or a quote
    mark would end it (co-issuers are written with spaces)."""
    if any(ch.isspace() or ch in '"()' for ch in value):
        return f'{prefix}:"{value.replace(chr(34), "")}"'
    return f"{prefix}:{value}"


def facet_counts(
    hits: Sequence[Hit], facets_of: Callable[[str], Facets | None]
) -> list[tuple[str, str, list[tuple[str, int]]]]:
    """(prefix, heading, [(value, results)]) for each facet the results have, most first."""
    out = []
    for prefix, heading, value_of in KINDS:
        counts: Counter[str] = Counter()
        for hit in hits:
            facets = facets_of(hit.document_id)
            value = value_of(facets) if facets is not None else None
            if value:
                counts[str(value)] += 1
        if counts:
            out.append((prefix, heading, sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))))
    return out


class FacetScreen(ModalScreen[str | None]):
    """Dismisses with a filter to add to the query (``region:湖北省``), or None."""

    BINDINGS = [Binding("escape,q,f", "close", "Close", id="facets.close")]

    def __init__(self, counts: list[tuple[str, str, list[tuple[str, int]]]]) -> None:
        super().__init__()
        self.counts = counts

    def compose(self) -> ComposeResult:
        options: list[Option | None] = []
        for prefix, heading, values in self.counts:
            options.append(Option(Text(heading, style="bold cyan"), disabled=True))
            for value, count in values:
                line = Text(f"  {value}")
                line.append(f"  {count} 条", style="dim")
                options.append(Option(line, id=filter_text(prefix, value)))
        with Vertical(id="facets-box"):
            yield Static(Text("筛选结果 Filter the results", style="bold"), markup=False)
            if options:
                yield ReaderOptionList(*[o for o in options if o], id="facets-list", markup=False)
            else:
                yield Static(Text("这些结果没有可筛选的地区、发文机关、年份或类型", style="italic"))

    def on_mount(self) -> None:
        listing = self.query(ReaderOptionList)
        if listing:
            first = next((i for i, o in enumerate(listing.first().options) if not o.disabled), None)
            listing.first().highlighted = first

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(event.option.id)

    def action_close(self) -> None:
        self.dismiss(None)
