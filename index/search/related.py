"""Related measures: what other documents say about the same thing as one measure."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from whoosh import query as wq

from index.library.catalog import Library
from index.search.tokenizer import fold_text

RELATED_MIN_SHARE = 0.25  # of the best related score


@dataclass(frozen=True)
class Related:
    measure_id: str
    score: float
    shared_terms: list[str]


def related_measures(searcher: Any, library: Library, measure_id: str, limit: int) -> list[Related]:
    """The most similar measures in other documents, one per document, with shared key terms."""
    found = library.measure(measure_id)
    if found is None:
        return []
    doc, measure = found
    text = f"{measure.title}\n{measure.body}"
    key_terms = [
        (term, weight)
        for term, weight in searcher.key_terms_from_text("body", text, numterms=20)
        if len(term) >= 2 and not term.isdigit()
    ][:12]
    if not key_terms:
        return []
    query = wq.Or(
        [wq.Term("title", t, boost=w * 1.5) for t, w in key_terms]
        + [wq.Term("body", t, boost=w) for t, w in key_terms]
    )
    results = searcher.search(query, limit=max(limit * 6, 30), mask=wq.Term("document_id", doc.id))
    related: list[Related] = []
    seen_docs: set[str] = set()
    for result in results:
        if result.score < RELATED_MIN_SHARE * results[0].score:
            break  # far weaker than the best: shares only common words
        other = library.measure(result["measure_id"])
        if other is None or other[0].id in seen_docs:
            continue
        other_text = fold_text(f"{other[1].title}\n{other[1].body}")
        shared = [t for t, _ in key_terms if t in other_text]
        shared = [t for t in shared if not any(t != s and t in s for s in shared)]
        if not shared:
            continue
        seen_docs.add(other[0].id)
        related.append(Related(other[1].id, float(result.score), shared[:5]))
        if len(related) >= limit:
            break
    return related
