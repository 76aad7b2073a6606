"""What one measure puts in the search index, by logical field; shared by every engine.

A plain word searches two fields: ``title`` (boosted) and ``text`` — the body,
interpretation, responsible units, and the document title, section heading and
issuer in one field — so a query term is two matchers, not five (issue 11). The
other text fields exist for the field filters (body:, section: …) only — doc: and
issuer: are sets of document ids, found in the library's titles and issuers;
``grams`` holds Han bigrams for runs typed inside words. Dates are numbers
(YYYYMMDD) so year:/date: filters are numeric ranges.
"""

from __future__ import annotations

from dataclasses import dataclass

from index.model import Document, Measure

TITLE_BOOST = 3.0
# A run of characters found only inside words (the grams field) ranks below whole words.
GRAM_BOOST = 0.1
FIELD_BOOSTS = {"title": TITLE_BOOST, "grams": GRAM_BOOST}

WORD_FIELDS = (
    "title",
    "text",
    "body",
    "interpretation",
    "responsible",
    "section",
    "doc_number",
)
GRAMS_FIELD = "grams"
ID_FIELDS = ("measure_id", "document_id")
NUMBER_FIELDS = ("year", "date")
# What a plain word searches (its weight per field in FIELD_BOOSTS).
PLAIN_FIELDS = ("title", "text")


@dataclass(frozen=True)
class MeasureFields:
    """The indexed values of one measure: ids, word-cut text fields, bigram text, numbers."""

    measure_id: str
    document_id: str
    words: dict[str, str]  # WORD_FIELDS -> text (empty ones left out)
    grams: str
    year: int | None
    date: int | None


def measure_fields(doc: Document, measure: Measure) -> MeasureFields:
    """The indexed fields of one measure."""
    section = doc.section_of(measure)
    section_title = section.title if section else ""
    interpretation = measure.interpretation or ""
    responsible = " ".join(measure.responsible)
    text_parts = tuple(
        filter(
            None, (measure.body, interpretation, responsible, doc.title, section_title, doc.issuer)
        )
    )
    words = {
        "title": measure.title,
        "text": "\n".join(text_parts),
        "body": measure.body,
        "interpretation": interpretation,
        "responsible": responsible,
        "section": section_title,
        "doc_number": doc.doc_number or "",
    }
    return MeasureFields(
        measure_id=measure.id,
        document_id=doc.id,
        words={k: v for k, v in words.items() if v},
        grams="\n".join(filter(None, (measure.title, measure.body, interpretation))),
        year=int(doc.date[:4]) if doc.date and doc.date[:4].isdigit() else None,
        date=date_number(doc.date),
    )


def date_number(iso: str | None) -> int | None:
    """2024-05-06 → 20240506; a year or month alone counts from its first day."""
    if not iso:
        return None
    parts = iso.split("-")
    try:
        year = int(parts[0])
        month = int(parts[1]) if len(parts) > 1 else 0
        day = int(parts[2]) if len(parts) > 2 else 0
    except ValueError:
        return None
    return year * 10000 + month * 100 + day
