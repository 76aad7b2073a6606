"""The document tree: documents → sections → measures, then the document's attachments (附件);
children built when first expanded."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable

from rich.style import Style
from rich.text import Text
from textual.binding import Binding
from textual.message import Message
from textual.widgets import Tree
from textual.widgets.tree import TreeNode

from index.model import Attachment, Document, Measure, Section
from index.numerals import CN_NUMERAL

from ..labels import label_prefix
from .marks import COMPARE_MARK, COMPARE_MARK_STYLE

Node = Document | Section | Measure | Attachment
BOOKMARK_MARK = "★ "
ATTACHMENT_MARK = "📎 "
WARNING_MARK = "⚠ "  # the document has warnings (index.parsing.checks); its page lists them
MIN_TITLE_CELLS = 20  # a title keeps at least this much room: the date goes first, then the count
# "附件2：" + the rest of the line: the marker alone, and what may begin the title
_MARKER = re.compile(rf"^(附\s*[件录表]\s*[0-9０-９{CN_NUMERAL}]{{0,3}})\s*[：:．.、]?\s*(.*)$")


def attachment_name(attachment: Attachment) -> str:
    """The marker, then the title, each written once: "附件1 跨境电商重点企业名单".

    The parser keeps the marker line as written, so "附件2：申报表" already holds the title.
    """
    label, title = attachment.label.strip(), attachment.title.strip()
    m = _MARKER.match(label)
    if m and title.startswith(m.group(2)):
        label = m.group(1)
    return " ".join(x for x in (label, title) if x) or "附件"


class DocumentTree(Tree[Node]):
    """Lazy: a library of thousands of documents opens at once; sections load on expand."""

    BINDINGS = [
        Binding("j", "cursor_down", "Down", show=False, id="tree.down"),
        Binding("k", "cursor_up", "Up", show=False, id="tree.up"),
        # Tree's scroll_home / scroll_end move the cursor, not only the view
        Binding("g", "scroll_home", "First", show=False, id="tree.first"),
        Binding("G", "scroll_end", "Last", show=False, id="tree.last"),
        Binding("right,l", "expand_or_enter", "Expand", show=False, id="tree.expand"),
        Binding("left,h", "collapse_or_leave", "Collapse", show=False, id="tree.collapse"),
    ]

    class Chosen(Message):
        """The cursor rests on a document, section, measure or attachment (the pane follows)."""

        def __init__(self, document: Document, node: Node) -> None:
            super().__init__()
            self.document = document
            self.node = node

    def __init__(self, *, is_bookmarked: Callable[[str], bool] | None = None, **kwargs) -> None:
        super().__init__(Text("Library"), **kwargs)
        self.show_root = False
        self.guide_depth = 2
        self._is_bookmarked = is_bookmarked or (lambda _id: False)
        self._marked: frozenset[str] = frozenset()  # for comparison: ◆ (see show_marks)
        self._doc_nodes: dict[str, TreeNode[Node]] = {}
        self._measure_nodes: dict[str, TreeNode[Node]] = {}
        self._filled: set[str] = set()
        self._quiet: TreeNode[Node] | None = None
        # node id -> (characters of facts after the title, a shorter version of those facts)
        self._tails: dict[int, tuple[int, Text]] = {}

    # -- building -------------------------------------------------------------
    def show_documents(self, documents: Iterable[Document]) -> None:
        from index.parsing.checks import check_document  # loaded with the library, not before

        self.clear()
        self._doc_nodes.clear()
        self._measure_nodes.clear()
        self._filled.clear()
        self._tails.clear()
        for doc in documents:
            facts = "  " + " · ".join(x for x in (doc.date, f"{len(doc.measures)} 条") if x)
            mark = WARNING_MARK if check_document(doc) else ""
            label = Text(mark + (doc.title or "(untitled)"), style="bold")
            label.stylize("yellow", 0, len(mark))
            label.append(facts, style="dim")
            expandable = bool(doc.measures or doc.attachments)
            node = self.root.add(label, data=doc, allow_expand=expandable)
            self._tails[node.id] = (len(facts), Text(f"  {len(doc.measures)} 条", style="dim"))
            self._doc_nodes[doc.id] = node
        self.root.expand()

    def measure_label(self, measure: Measure) -> Text:
        label = Text()  # the marks' styles on the marks only, not as the whole row's style
        label.append(COMPARE_MARK if measure.id in self._marked else "", style=COMPARE_MARK_STYLE)
        label.append(BOOKMARK_MARK if self._is_bookmarked(measure.id) else "", style="yellow")
        label.append(label_prefix(measure.label), style="green")
        label.append(measure.display_title)
        return label

    def attachment_label(self, attachment: Attachment) -> Text:
        label = Text(ATTACHMENT_MARK, style="magenta")
        label.append(attachment_name(attachment))  # plain Text: a title is never markup
        return label

    def _fill(self, node: TreeNode[Node]) -> None:
        doc = node.data
        if not isinstance(doc, Document) or doc.id in self._filled:
            return
        self._filled.add(doc.id)
        parents: dict[int, TreeNode[Node]] = {}
        chapter: TreeNode[Node] | None = None  # a 第X节 goes under the 第X章 before it
        for item in doc.reading_order():
            if isinstance(item, Measure):
                parent = parents.get(item.section or 0, node)
                self._measure_nodes[item.id] = parent.add_leaf(self.measure_label(item), data=item)
                continue
            section = item
            count = sum(1 for m in doc.measures if m.section == section.position)
            label = Text(label_prefix(section.label), style="cyan")
            label.append(section.title)
            tail = f"  {count}"
            label.append(tail, style="dim")
            under = chapter if section.level > 1 and chapter is not None else node
            parents[section.position] = under.add(label, data=section, expand=True)
            if section.level == 1:
                chapter = parents[section.position]
            self._tails[parents[section.position].id] = (len(tail), Text(""))
        for attachment in doc.attachments:
            node.add_leaf(self.attachment_label(attachment), data=attachment)

    # -- fitting labels to the pane ------------------------------------------------
    def render_label(self, node: TreeNode[Node], base_style: Style, style: Style) -> Text:
        """Long titles end in "…" so a document's date and count (a section's count) stay in
        view; cut by cells, so a Chinese character is never split."""
        label = super().render_label(node, base_style, style)
        room = self.scrollable_content_region.width - self._indent(node)
        if room <= 0 or label.cell_len <= room:
            return label
        tail_length, short_tail = self._tails.get(node.id, (0, Text("")))
        head, tail = label[: len(label) - tail_length], label[len(label) - tail_length :]
        for facts in (tail, short_tail):
            if head.cell_len + facts.cell_len <= room or room - facts.cell_len >= MIN_TITLE_CELLS:
                head.truncate(room - facts.cell_len, overflow="ellipsis")
                return head + facts
        label.truncate(room, overflow="ellipsis")
        return label

    def _indent(self, node: TreeNode[Node]) -> int:
        """Cells of guides before a node's label (the root is hidden)."""
        depth = 0
        while node.parent is not None and node.parent is not self.root:
            node = node.parent
            depth += 1
        return depth * self.guide_depth

    def on_tree_node_expanded(self, event: Tree.NodeExpanded[Node]) -> None:
        self._fill(event.node)

    def action_expand_or_enter(self) -> None:
        node = self.cursor_node
        if node is None or not node.allow_expand:
            return
        if not node.is_expanded:
            self._fill(node)
            node.expand()
        elif node.children:
            self.move_cursor(node.children[0])

    def action_collapse_or_leave(self) -> None:
        node = self.cursor_node
        if node is None:
            return
        if node.allow_expand and node.is_expanded:
            node.collapse()
        elif node.parent is not None and node.parent is not self.root:
            self.move_cursor(node.parent)

    # -- following the cursor ---------------------------------------------------
    def on_tree_node_highlighted(self, event: Tree.NodeHighlighted[Node]) -> None:
        event.stop()
        if self._quiet is not None:
            quiet, self._quiet = self._quiet, None
            if event.node is quiet:
                return
        data = event.node.data
        doc = self._document_of(event.node)
        if doc is not None and data is not None:
            self.post_message(self.Chosen(doc, data))

    def _document_of(self, node: TreeNode[Node] | None) -> Document | None:
        while node is not None:
            if isinstance(node.data, Document):
                return node.data
            node = node.parent
        return None

    # -- called by the screen -----------------------------------------------------
    def reveal(self, document_id: str, measure_id: str) -> None:
        """Expand down to a measure and put the cursor on it."""
        doc_node = self._doc_nodes.get(document_id)
        if doc_node is None:
            return
        self._fill(doc_node)
        doc_node.expand()
        node = self._measure_nodes.get(measure_id)
        if node is not None:
            if node.parent is not None:
                node.parent.expand()
            self._quiet = node  # the pane already shows it: moving here must not re-post
            self.call_after_refresh(self.move_cursor, node)

    def reveal_document(self, document_id: str) -> None:
        """Put the cursor on a document's own row (the pane already shows it)."""
        node = self._doc_nodes.get(document_id)
        if node is not None:
            self._quiet = node
            self.call_after_refresh(self.move_cursor, node)

    def refresh_all_measures(self) -> None:
        """Redraw every loaded measure label (bookmarks changed elsewhere)."""
        for node in self._measure_nodes.values():
            if isinstance(node.data, Measure):
                node.set_label(self.measure_label(node.data))

    def show_marks(self, marked: Iterable[str]) -> None:
        """Measures marked for comparison get a ◆; the labels whose mark changed are redrawn."""
        marked = frozenset(marked)
        changed, self._marked = marked ^ self._marked, marked
        for measure_id in changed:
            node = self._measure_nodes.get(measure_id)
            if node is not None and isinstance(node.data, Measure):
                node.set_label(self.measure_label(node.data))

    def refresh_measure(self, measure: Measure) -> None:
        """Redraw one measure's label (its bookmark mark changed)."""
        node = self._measure_nodes.get(measure.id)
        if node is not None:
            node.set_label(self.measure_label(measure))
