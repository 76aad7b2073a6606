"""One measure of a comparison: its document's title, issuer, region and date, the measure's
number and title, then its text, with the query's terms highlighted."""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll

from index.model import Document, Measure
from index.search.highlight import highlight_spans

from ..compare_export import document_facts
from ..labels import label_prefix
from .measure_detail import shown_roles
from .prose import Prose
from .search_results import highlighted


def column_heading(doc: Document) -> Text:
    out = Text(doc.title or "(untitled)", style="bold")
    facts = document_facts(doc)
    if facts:
        out.append("\n" + " · ".join(facts), style="dim")
    if doc.source and not doc.issuer:  # who published it, when no issuer is written
        out.append(f"\n来源 {doc.source}", style="dim")
    return out


def column_text(doc: Document, measure: Measure, terms: list[str]) -> Text:
    """The section, number and title, text, 责任单位 and 政策解读: plain Text, never markup."""
    out = Text()
    section = doc.section_of(measure)
    if section is not None:
        out.append(f"{label_prefix(section.label)}{section.title}\n\n", style="cyan")
    out.append(label_prefix(measure.label), style="bold green")
    if measure.title:
        out.append_text(
            highlighted(measure.title, highlight_spans(measure.title, terms), base="bold")
        )
        if measure.body:
            out.append("\n\n")
    if measure.body:  # an untitled article reads on from its number
        out.append_text(highlighted(measure.body, highlight_spans(measure.body, terms)))
    roles = shown_roles(measure)
    lines = [(role, "、".join(units)) for role, units in roles]
    if not roles and measure.responsible:
        lines = [("责任单位", "、".join(measure.responsible))]
    for role, units in lines:
        out.append(f"\n\n{role}：", style="bold")
        out.append(units)
    if measure.interpretation:
        out.append("\n\n政策解读：", style="bold")
        text = measure.interpretation
        out.append_text(highlighted(text, highlight_spans(text, terms)))
    return out


class CompareColumn(VerticalScroll):
    """Scrolls on its own (j k, PgUp PgDn, g G); ← → and Tab go to the next column."""

    BINDINGS = [
        Binding("j", "scroll_down", "Down", show=False, id="compare.down"),
        Binding("k", "scroll_up", "Up", show=False, id="compare.up"),
        Binding("g", "scroll_home", "Top", show=False, id="compare.top"),
        Binding("G", "scroll_end", "Bottom", show=False, id="compare.bottom"),
        # the container's own ← → scroll sideways; here they move between columns
        Binding("right,l", "screen.next_column", "Next column", show=False, id="compare.next"),
        Binding("left,h", "screen.previous_column", "Prev column", show=False, id="compare.prev"),
    ]

    def __init__(self, doc: Document, measure: Measure, terms: list[str], **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.document = doc
        self.measure = measure
        self.terms = terms

    def compose(self) -> ComposeResult:
        heading = Prose(column_heading(self.document))
        heading.add_class("compare-heading")
        yield heading
        yield Prose(column_text(self.document, self.measure, self.terms))

    def plain_text(self) -> str:
        """What the column shows, lines as written (for tests)."""
        return "\n\n".join(p.plain for p in self.query(Prose))
