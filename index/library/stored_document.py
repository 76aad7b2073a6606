"""A parsed Document kept compressed until someone reads it, with the summary most uses need.

A library of 100,000 measures held as Document objects took 1.3 GB and seconds to
unpickle on every open; a command such as ``search`` reads ten of them. So the
parse cache keeps each Document as a zlib-compressed pickle beside a small summary
(title, issuer, date, number of measures): opening a library costs the summaries,
and a Document is decoded the first time it is asked for.
"""

from __future__ import annotations

import pickle
import zlib
from dataclasses import dataclass

from index.model import Document

COMPRESSION_LEVEL = 1  # fast: the texts compress ~3× even so


@dataclass(frozen=True)
class DocumentSummary:
    id: str
    title: str
    alternative_titles: tuple[str, ...]
    issuer: str | None
    date: str | None
    measure_count: int

    @classmethod
    def of(cls, doc: Document) -> DocumentSummary:
        return cls(
            doc.id,
            doc.title,
            tuple(doc.alternative_titles),
            doc.issuer,
            doc.date,
            len(doc.measures),
        )


class StoredDocument:
    """One Document: its summary always, the Document itself decoded on first use."""

    __slots__ = ("summary", "_blob", "_document")

    def __init__(self, summary: DocumentSummary, blob: bytes, document: Document | None = None):
        self.summary = summary
        self._blob = blob
        self._document = document

    @classmethod
    def of(cls, doc: Document) -> StoredDocument:
        blob = zlib.compress(pickle.dumps(doc, protocol=pickle.HIGHEST_PROTOCOL), COMPRESSION_LEVEL)
        return cls(DocumentSummary.of(doc), blob, doc)

    def document(self) -> Document:
        if self._document is None:
            self._document = pickle.loads(zlib.decompress(self._blob))
        return self._document

    # Pickled (in the parse cache) without the decoded Document: the blob is the document.
    def __getstate__(self) -> tuple[DocumentSummary, bytes]:
        return self.summary, self._blob

    def __setstate__(self, state: tuple[DocumentSummary, bytes]) -> None:
        self.summary, self._blob = state
        self._document = None
