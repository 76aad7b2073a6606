"""The measure pane: a document's facts, the section, the measure's text, 责任单位 and 政策解读;
or a document's page, a section's list, an attachment's text."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, NamedTuple

from rich.cells import cell_len
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll

from index.model import Attachment, Document, Measure, Section
from index.search.highlight import highlight_spans

if TYPE_CHECKING:
    from index.parsing import checks

from ..labels import label_prefix
from .document_tree import ATTACHMENT_MARK, attachment_name
from .prose import Prose
from .search_results import HIT_STYLE, highlighted

COLUMN_GAP = "  "  # between the cells of a tab-separated row
CURRENT_MATCH_STYLE = "bold reverse yellow"  # the match "第 2/5 处" counts, among the others
MATCH_CONTEXT_LINES = 2  # lines kept in view above a match the pane scrolls to


class MatchStep(NamedTuple):
    """Where a step through the matches left the pane: the ``number``-th of ``total``;
    ``moved`` is False when it was already on the last (first) one."""

    number: int
    total: int
    moved: bool


def _heading(doc: Document) -> Text:
    out = Text()
    out.append(
        doc.title or "(untitled)", style="bold"
    )  # the title only: a base style would embolden all
    facts = [x for x in (doc.issuer, doc.date, doc.doc_number) if x]
    if facts:
        out.append("\n" + " · ".join(facts), style="dim")
    if doc.source:
        out.append(f"\n来源 {doc.source}", style="dim")
    return out


def shown_roles(measure: Measure) -> tuple[tuple[str, tuple[str, ...]], ...]:
    """The roles worth a line each ("牵头单位", "配合单位" …); () when the flat list says it all.

    A lone 责任单位 role is the block's own title, so it shows as the plain list.
    """
    roles = measure.responsible_roles
    if len(roles) == 1 and roles[0][0] == "责任单位":
        return ()
    return roles


def _responsible(measure: Measure) -> Text | None:
    """One line per role ("牵头单位：…", "配合单位：…"), or the units when no role is written."""
    roles = shown_roles(measure)
    if not roles:
        return Text("、".join(measure.responsible)) if measure.responsible else None
    out = Text()
    for i, (role, units) in enumerate(roles):
        if i:
            out.append("\n")
        out.append(role + "：", style="bold")
        out.append("、".join(units))
    return out


def _aligned_rows(text: str) -> str:
    """Tab-separated rows (a table in an attachment) as columns padded by terminal cells,
    so Chinese cells line up; other lines as written."""
    lines = text.split("\n")
    out: list[str] = []
    i = 0
    while i < len(lines):
        if "\t" not in lines[i]:
            out.append(lines[i])
            i += 1
            continue
        j = i
        while j < len(lines) and "\t" in lines[j]:
            j += 1
        rows = [line.split("\t") for line in lines[i:j]]
        widths: list[int] = []
        for row in rows:
            for k, cell in enumerate(row):
                if k == len(widths):
                    widths.append(0)
                widths[k] = max(widths[k], cell_len(cell))
        for row in rows:
            padded = (cell + " " * (widths[k] - cell_len(cell)) for k, cell in enumerate(row))
            out.append(COLUMN_GAP.join(padded).rstrip())
        i = j
    return "\n".join(out)


class MeasureDetail(VerticalScroll):
    """Scrollable; what it shows is built as rich Text, never parsed as markup.

    The measure's text, its 责任单位 and its 政策解读 are three widgets, so the two
    blocks stand apart (policy.tcss frames them) and hide when a measure has none.
    Each is ``Prose``: lines break by the rules of Chinese typesetting, at any width.
    """

    BINDINGS = [
        Binding("j", "scroll_down", "Down", show=False, id="detail.down"),
        Binding("k", "scroll_up", "Up", show=False, id="detail.up"),
        Binding("g", "scroll_home", "Top", show=False, id="detail.top"),
        Binding("G", "scroll_end", "Bottom", show=False, id="detail.bottom"),
    ]

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.current: tuple[Document, Measure] | None = None
        self._checks: dict[str, tuple[Document, list[checks.Warning]]] = {}
        self._matches: list[tuple[Prose, int, int]] = []  # the query's highlights, in order
        self._match = 0  # the current one: the first when a measure opens

    def compose(self) -> ComposeResult:
        yield Prose(
            Text("选择左侧的措施 Choose a measure on the left", style="dim"), id="detail-body"
        )
        responsible = Prose(id="detail-responsible")
        responsible.border_title = "责任单位"
        interpretation = Prose(id="detail-interpretation")
        interpretation.border_title = "政策解读"
        responsible.display = interpretation.display = False  # until a measure has them
        yield responsible
        yield interpretation

    @property
    def body(self) -> Prose:
        return self.query_one("#detail-body", Prose)

    @property
    def responsible(self) -> Prose:
        return self.query_one("#detail-responsible", Prose)

    @property
    def interpretation(self) -> Prose:
        return self.query_one("#detail-interpretation", Prose)

    def plain_text(self) -> str:
        """Everything the pane shows, as plain text (for tests and the screen reader user);
        lines as written, not as the pane's width breaks them."""
        parts = [self.body, self.responsible, self.interpretation]
        return "\n\n".join(
            f"{p.border_title}\n{p.plain}" if p.border_title else p.plain
            for p in parts
            if p.display
        )

    def _show(
        self, text: Text, responsible: Text | None = None, interpretation: Text | None = None
    ) -> None:
        self.body.show(text)
        for block, content in (
            (self.responsible, responsible),
            (self.interpretation, interpretation),
        ):
            block.display = content is not None
            block.show(content if content is not None else Text(""))
        self._matches, self._match = [], 0
        self.scroll_home(animate=False)

    def show_measure(
        self, doc: Document, measure: Measure, terms: list[str], bookmarked: bool
    ) -> None:
        self.current = (doc, measure)
        out = _heading(doc)
        section = doc.section_of(measure)
        if section is not None:
            out.append(f"\n\n{label_prefix(section.label)}{section.title}", style="cyan")
        out.append("\n\n")
        if bookmarked:
            out.append("★ 已收藏 bookmarked\n", style="yellow")
        out.append(label_prefix(measure.label), style="bold green")
        if measure.title:
            title_spans = highlight_spans(measure.title, terms)
            out.append_text(highlighted(measure.title, title_spans, base="bold"))
            if measure.body:
                out.append("\n\n")
        if measure.body:  # an untitled article (第一条 …) reads on from its number
            out.append_text(highlighted(measure.body, highlight_spans(measure.body, terms)))
        responsible = _responsible(measure)
        interpretation = None
        if measure.interpretation is not None:
            text = measure.interpretation
            interpretation = highlighted(text, highlight_spans(text, terms))
        self._show(out, responsible, interpretation)
        self._matches = [
            (prose, start, end)
            for prose in (self.body, self.interpretation)
            if prose.display
            for start, end in prose.spans_styled(HIT_STYLE)
        ]
        if self._matches:  # lines are known once laid out at the pane's width
            self.call_after_refresh(self._reveal_match, self._matches)

    # -- the query's matches: opened at the first, stepped through with . and , ----------
    def step_match(self, delta: int) -> MatchStep | None:
        """Go to the next (``delta`` 1) or previous (-1) match and mark it; None when the
        measure shown has no match (opened from the tree, or no search)."""
        if not self._matches:
            return None
        target = self._match + delta
        moved = 0 <= target < len(self._matches)
        self._match = target if moved else self._match
        self._mark_current()
        self._reveal_match(self._matches)
        return MatchStep(self._match + 1, len(self._matches), moved)

    def _mark_current(self) -> None:
        current = self._matches[self._match][0]
        for prose in {prose for prose, _start, _end in self._matches}:
            span = self._matches[self._match][1:] if prose is current else None
            prose.emphasize(span, CURRENT_MATCH_STYLE)

    def match_line(self, index: int) -> int:
        """The pane's line (from its top, not its scroll position) of match ``index``, from
        the Chinese line breaking the prose is drawn with."""
        prose, start, _end = self._matches[index]
        return prose.virtual_region.y + prose.gutter.top + prose.line_of(start)

    def _reveal_match(self, matches: list[tuple[Prose, int, int]]) -> None:
        """Scroll so the current match is in view, a few lines below the top; a match in
        view already stays put (the measure's heading stays on screen when it can)."""
        if matches is not self._matches or self.size.height <= 0:
            return  # another measure is shown by now, or the pane is hidden
        line = self.match_line(self._match)
        top, height = round(self.scroll_y), self.scrollable_content_region.height
        margin = min(MATCH_CONTEXT_LINES, max(height - 1, 0) // 2)  # room around it
        if not top + (margin if top else 0) <= line < top + height - margin:
            self.scroll_to(y=max(line - margin, 0), animate=False, immediate=True)

    def show_document(self, doc: Document) -> None:
        self.current = None
        out = _heading(doc)
        counts = f"{len(doc.sections)} 部分 · {len(doc.measures)} 条措施"
        if doc.attachments:
            counts += f" · {len(doc.attachments)} 个附件"
        out.append(f"\n\n{counts}\n", style="dim")
        warnings = self.warnings(doc)
        if warnings:
            out.append("\n⚠ 请核对 (warnings)", style="bold yellow")
            for w in warnings:
                out.append("\n· " + w.message, style="yellow")  # plain text, never markup
            out.append("\n")
        if doc.preamble:
            out.append("\n" + doc.preamble + "\n")
        for section in doc.sections:
            count = sum(1 for m in doc.measures if m.section == section.position)
            out.append(f"\n{label_prefix(section.label)}{section.title}", style="cyan")
            out.append(f"  {count}", style="dim")
        for attachment in doc.attachments:
            out.append("\n" + ATTACHMENT_MARK, style="magenta")
            out.append(attachment_name(attachment))
        self._show(out)

    def warnings(self, doc: Document) -> list[checks.Warning]:
        """The document's warnings, computed once per parsed document."""
        cached = self._checks.get(doc.id)
        if cached is None or cached[0] is not doc:
            from index.parsing.checks import (
                check_document,  # the parser loads after the first frame
            )

            cached = self._checks[doc.id] = (doc, check_document(doc))
        return cached[1]

    def show_section(self, doc: Document, section: Section) -> None:
        self.current = None
        out = _heading(doc)
        out.append(f"\n\n{label_prefix(section.label)}{section.title}\n", style="bold cyan")
        if section.intro:
            out.append("\n" + section.intro + "\n")
        for m in doc.measures:
            if m.section == section.position:
                out.append("\n" + label_prefix(m.label), style="green")
                out.append(m.display_title)
        self._show(out)

    def show_attachment(self, doc: Document, attachment: Attachment) -> None:
        """An attachment's text as written (plain Text); its tab-separated rows as columns."""
        self.current = None  # not a measure: b, y, r and [ ] wait for one
        out = _heading(doc)
        out.append("\n\n" + ATTACHMENT_MARK, style="bold magenta")
        out.append(attachment_name(attachment), style="bold")
        if attachment.text:
            out.append("\n\n" + _aligned_rows(attachment.text))
        self._show(out)

    def show_message(self, message: Text | str) -> None:
        self.current = None
        self._show(message if isinstance(message, Text) else Text(message))
