"""Related measures: what other documents say about the same thing as one measure."""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass

from index.library.catalog import Library
from index.search import query_tree as qt
from index.search.engines.base import Engine
from index.search.tokenizer import cut, fold_text

RELATED_MIN_SHARE = 0.25  # of the best related score


@dataclass(frozen=True)
class Related:
    measure_id: str
    score: float
    shared_terms: list[str]


def related_measures(
    engine: Engine, library: Library, measure_id: str, limit: int
) -> list[Related]:
    """The most similar measures in other documents, one per document, with shared key terms."""
    found = library.measure(measure_id)
    if found is None:
        return []
    doc, measure = found
    text = f"{measure.title}\n{measure.body}"
    key_terms = key_terms_of(engine, text)
    if not key_terms:
        return []
    terms: list[qt.Node] = [qt.Term("title", t, boost=w * 1.5) for t, w in key_terms]
    terms += [qt.Term("text", t, boost=w) for t, w in key_terms]
    query = qt.Without(qt.AnyOf(tuple(terms)), qt.IdSet("document_id", (doc.id,)))
    results, _total = engine.search(query, max(limit * 6, 30))
    related: list[Related] = []
    seen_docs: set[str] = set()
    for result_id, score in results:
        if score < RELATED_MIN_SHARE * results[0][1]:
            break  # far weaker than the best: shares only common words
        other = library.measure(result_id)
        if other is None or other[0].id in seen_docs:
            continue
        other_text = fold_text(f"{other[1].title}\n{other[1].body}")
        shared = [t for t, _ in key_terms if t in other_text]
        shared = [t for t in shared if not any(t != s and t in s for s in shared)]
        if not shared:
            continue
        seen_docs.add(other[0].id)
        related.append(Related(other[1].id, score, shared[:5]))
        if len(related) >= limit:
            break
    return related


def key_terms_of(engine: Engine, text: str, count: int = 12) -> list[tuple[str, float]]:
    """The words that say what ``text`` is about: frequent in it, rare in the library (tf·idf),
    with weights normalised to the strongest (1.0); numbers and single characters left out."""
    words = Counter(w.text for w in cut(text) if len(w.text) >= 2 and not w.text.isdigit())
    if not words:
        return []
    total = max(1, engine.doc_count())
    scored = []
    for word, tf in words.items():
        df = engine.doc_frequency("text", word)
        if df:
            scored.append((tf * math.log(1 + total / df), word))
    scored.sort(key=lambda pair: (-pair[0], pair[1]))
    top = scored[:count]
    if not top:
        return []
    strongest = top[0][0]
    return [(word, weight / strongest) for weight, word in top]
