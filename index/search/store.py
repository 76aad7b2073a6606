"""The search index on disk: its schema, what a measure puts in it, the meta file, the lock.

search.py decides what to (re)index; this module knows how it is stored. The
meta file beside whoosh's own files records the schema and tokenizer versions
and each document's fingerprint, written after every commit.
"""

from __future__ import annotations

import json
from pathlib import Path

from whoosh import index as whoosh_index
from whoosh.fields import ID, TEXT, Schema

from index.files import atomic_write
from index.model import Document, Measure
from index.search.tokenizer import HanBigramTokenizer, analyzer

SCHEMA_VERSION = 3  # 3: the grams field
META_FILE = "policy-tui-index.json"
TITLE_BOOST = 3.0
# A run of characters found only inside words (the grams field) ranks below whole words.
GRAM_BOOST = 0.1


def build_schema() -> Schema:
    ana = analyzer()
    return Schema(
        measure_id=ID(stored=True, unique=True),
        document_id=ID(stored=True),
        title=TEXT(analyzer=ana, field_boost=TITLE_BOOST),
        body=TEXT(analyzer=ana),
        interpretation=TEXT(analyzer=ana),
        # What a plain word searches besides the measure itself: the document title,
        # section heading and issuer in one field (one posting list instead of three).
        context=TEXT(analyzer=ana, field_boost=1.2),
        # The same three apart, for doc:, section: and issuer: filters.
        doc_title=TEXT(analyzer=ana),
        section=TEXT(analyzer=ana),
        responsible=TEXT(analyzer=ana),
        issuer=TEXT(analyzer=ana),
        doc_number=TEXT(analyzer=ana),
        # Han character bigrams of the title, body and interpretation: a query run of
        # two or more characters also matches inside words (a phrase of its bigrams).
        grams=TEXT(analyzer=HanBigramTokenizer(), field_boost=GRAM_BOOST),
        number=ID,
        year=ID,
        date=ID,
    )


def measure_fields(doc: Document, measure: Measure) -> dict[str, str]:
    """The indexed fields of one measure."""
    section = doc.section_of(measure)
    fields = {
        "measure_id": measure.id,
        "document_id": doc.id,
        "title": measure.title,
        "body": measure.body,
        "interpretation": measure.interpretation or "",
        "context": "\n".join(
            filter(None, (doc.title, section.title if section else "", doc.issuer))
        ),
        "doc_title": doc.title,
        "section": section.title if section else "",
        "responsible": " ".join(measure.responsible),
        "issuer": doc.issuer or "",
        "doc_number": doc.doc_number or "",
        "number": measure.number,
        "grams": "\n".join(
            filter(None, (measure.title, measure.body, measure.interpretation or ""))
        ),
    }
    if doc.date:
        fields["date"] = doc.date
        fields["year"] = doc.date[:4]
    return {k: v for k, v in fields.items() if v}


def new_writer(ix: whoosh_index.Index, measures: int):  # type: ignore[no-untyped-def]
    """One process, always: whoosh's parallel writer forks children that inherit the
    update lock and outlive a killed build, holding it for every later search (issue 13).
    A single writer that dies releases the lock with it."""
    return ix.writer(timeout=10.0, limitmb=128)


def update_lock_path(index_dir: Path) -> Path:
    """The lock file one process holds while it brings ``index_dir`` up to date (beside it)."""
    return index_dir.parent / (index_dir.name + ".lock")


def read_meta(path: Path) -> dict | None:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(data, dict) or not isinstance(data.get("documents"), dict):
        return None
    return data


def write_meta(path: Path, data: dict) -> None:
    atomic_write(path, json.dumps(data, ensure_ascii=False))
