"""Ctrl+P: jump to any document or measure by typing part of its title."""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING, cast

from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.content import Content

from index.model import Document, Measure

from .labels import label_prefix

if TYPE_CHECKING:
    from .app import PolicyApp  # app.py imports this module: only for the type

MAX_HITS = 40


def _display(label: str, title: str, where: str, query: str) -> Content:
    """Plain Content (file text is never markup) with the matched part in bold."""
    content = Content(f"{label}{title}  ").stylize("bold", 0, len(label) + len(title))
    start = title.lower().find(query.lower()) if query else -1
    if start >= 0:
        offset = len(label) + start
        content = content.stylize("reverse", offset, offset + len(query))
    return content + Content(where).stylize("dim")


class TitleProvider(Provider):
    """Documents and measures whose title contains the query (or matches it loosely)."""

    @property
    def policy_app(self) -> PolicyApp:
        """The app with its library (``self.app`` is typed as any App)."""
        return cast("PolicyApp", self.app)

    async def discover(self) -> Hits:
        """Before anything is typed: the documents, so the palette is a table of contents."""
        library = self.policy_app.library
        for doc in (library.documents if library is not None else [])[:MAX_HITS]:
            hit = self._hit(doc, doc, "", 1.0)
            yield DiscoveryHit(hit.prompt, hit.command, text=hit.text)

    async def search(self, query: str) -> Hits:
        """Titles containing the query first (all of them, up to MAX_HITS), then loose matches
        to fill up: a loose match early in the library never crowds out an exact one."""
        library = self.policy_app.library
        if library is None or not query.strip():
            return
        needle = query.lower()
        items: list[tuple[Document, Document | Measure]] = []
        for doc in library.documents:
            items += [(doc, doc), *((doc, m) for m in doc.measures)]
        found = 0
        for doc, item in items:
            if needle in item.title.lower():
                yield self._hit(doc, item, query, 1.0)
                found += 1
                if found >= MAX_HITS:
                    return
        matcher = self.matcher(query)
        for doc, item in items:
            if needle in item.title.lower():
                continue
            score = matcher.match(item.title)
            if score > 0:
                yield self._hit(doc, item, query, min(score, 0.99))
                found += 1
                if found >= MAX_HITS:
                    return

    def _hit(self, doc: Document, item: Document | Measure, query: str, score: float) -> Hit:
        if isinstance(item, Measure):
            display = _display(label_prefix(item.label), item.title, doc.title, query)
            command = partial(self.policy_app.open_measure, item.id)
        else:
            display = _display("📄 ", item.title, item.date or "", query)
            command = partial(self.policy_app.open_document, item.id)
        return Hit(score, display, command, text=item.title)
