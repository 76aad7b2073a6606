"""Scores a query tree over whoosh's postings in tight loops, with whoosh's own numbers.

whoosh's matchers walk a query one document at a time through nested Python
objects — about 20 µs per matching document for a word with its synonyms and
bigrams, 0.3 s for a word in most of 10,000 measures. Here a term's postings
are read a block at a time and scored with BM25F in one loop, the parts of a
query are combined as dicts and sets, and only the top hits are ranked: the
same scores (up to the rounding of sums taken in another order), the same order
(ties by document number, as whoosh's collector), in a fraction of the time. A phrase is whoosh's too: the
sum of its words' scores in the measures holding them at consecutive
positions. An id set (doc:, issuer:) is the listed documents' measures, each
scored by its posting's weight as whoosh's Or of id terms scores it. Ranges and
match-all go through whoosh's matchers.

The postings and field lengths are read through attributes of whoosh's W3 codec
that are not public API; ``pyproject.toml`` pins whoosh-reloaded, and
tests/unit/test_whoosh_scoring.py checks the scores, order and totals against
whoosh's own on an index of several segments with deleted measures.
"""

from __future__ import annotations

import heapq
from collections import OrderedDict
from collections.abc import Callable, Iterator
from itertools import accumulate
from pickle import loads
from typing import Any

from whoosh import query as wq
from whoosh.codec.whoosh3 import LENGTHS_COLUMN, _lenfield
from whoosh.formats import Positions
from whoosh.system import _INT_SIZE
from whoosh.util.numeric import byte_to_length

from index.search.query_tree import AllOf, AnyOf, IdSet, Node, Phrase, Term, Without

# One byte per document and field: whoosh's stored (quantised) field lengths, decoded.
_LENGTHS = [byte_to_length(b) for b in range(256)]

Scores = dict[int, float]
# Decoded postings kept per searcher, ~8 bytes each for an id and weight (~20 MB); a
# posting's encoded positions count as POSITIONS_SIZE of them.
POSTINGS_KEPT = 2_000_000
POSITIONS_SIZE = 8


class TreeScorer:
    """The scores of every measure a query tree matches, for one whoosh searcher.

    Holds per-segment field-length norms, read once per searcher.
    """

    def __init__(self, searcher: Any, compile_query: Callable[[Node], wq.Query]) -> None:
        self._searcher = searcher
        self._compile = compile_query
        weighting = searcher.weighting
        self._k1 = float(weighting.K1)
        self._b = float(weighting.B)
        self._field_b: dict[str, float] = dict(getattr(weighting, "_field_B", {}))
        self._leaves = list(searcher.leaf_searchers())
        self._norms: dict[tuple[int, str], list[float] | None] = {}
        self._kept: OrderedDict[tuple[int, str, str, bool], list[tuple[Any, Any]]] = OrderedDict()
        self._kept_size = 0

    def top(self, node: Node, limit: int) -> tuple[list[tuple[int, float]], int]:
        """The best ``limit`` (document number, score), best first, and how many matched."""
        scores = self.scores(node)
        best = heapq.nlargest(limit, scores.items(), key=lambda item: (item[1], -item[0]))
        return best, len(scores)

    def scores(self, node: Node, within: set[int] | None = None) -> Scores:
        """Score of every document ``node`` matches (only those ``within``, when given)."""
        if isinstance(node, Term):
            return self._term(node, within)
        if isinstance(node, Phrase):
            return self._phrase(node, within)
        if isinstance(node, IdSet):
            return self._id_set(node, within)
        if isinstance(node, AnyOf):
            parts = sorted((self.scores(p, within) for p in node.parts), key=len, reverse=True)
            total = dict(parts[0]) if parts else {}
            for part in parts[1:]:
                get = total.get
                for doc, score in part.items():
                    total[doc] = get(doc, 0.0) + score
            return total
        if isinstance(node, AllOf):
            return self._all_of(list(node.parts), within)
        if isinstance(node, Without):
            base = self.scores(node.base, within)
            if base:
                for doc in self.scores(node.excluded, set(base)):
                    base.pop(doc, None)
            return base
        return _only(self._by_matcher(node), within)

    def _all_of(self, nodes: list[Node], within: set[int] | None) -> Scores:
        """The rarest part first; each next one scored only where all before it matched."""
        parts: list[Scores] = []
        for node in sorted(nodes, key=self._estimate):
            part = self.scores(node, within)
            if not part:
                return {}
            parts.append(part)
            within = set(part) if within is None else within.intersection(part)
            if not within:
                return {}
        if not parts or not within:
            return {}
        first = parts[0]
        total = {doc: first[doc] for doc in within}
        for part in parts[1:]:  # part by part: a sum() per document was a third of an AND
            for doc in within:
                total[doc] += part[doc]
        return total

    def _estimate(self, node: Node) -> int:
        """About how many documents ``node`` matches, from term statistics alone."""
        if isinstance(node, Term):
            return int(self._searcher.doc_frequency(node.field, node.text))
        if isinstance(node, Phrase):
            return min(
                (int(self._searcher.doc_frequency(node.field, w)) for w in node.words), default=0
            )
        if isinstance(node, IdSet):
            frequency = self._searcher.doc_frequency
            return sum(int(frequency(node.field, value)) for value in node.values)
        if isinstance(node, AnyOf):
            return sum(self._estimate(p) for p in node.parts)
        if isinstance(node, AllOf):
            return min((self._estimate(p) for p in node.parts), default=0)
        if isinstance(node, Without):
            return self._estimate(node.base)
        return int(self._searcher.doc_count_all())

    def _term(self, node: Term, within: set[int] | None = None) -> Scores:
        searcher = self._searcher
        field, text = node.field, node.text
        out: Scores = {}
        if not searcher.schema[field].scorable:
            return _only(self._by_matcher(node), within)
        # The statistics whoosh's BM25FScorer takes from the top-level searcher.
        idf = searcher.idf(field, text)
        k1 = self._k1
        factor = node.boost * idf * (k1 + 1)
        for index, sub, offset, deleted, blocks in self._segments_with(field, text):
            norms = self._norms_of(index, sub, field)
            if norms is None:
                return _only(self._by_matcher(node), within)
            for ids, weights in blocks:  # each case as one comprehension: the hot loop
                if within is None:
                    out.update(
                        {
                            doc + offset: factor * weight / (weight + norms[doc])
                            for doc, weight in zip(ids, weights, strict=True)
                            if not deleted or doc not in deleted
                        }
                    )
                    continue
                out.update(
                    {
                        doc + offset: factor * weight / (weight + norms[doc])
                        for doc, weight in zip(ids, weights, strict=True)
                        if doc + offset in within and (not deleted or doc not in deleted)
                    }
                )
        return out

    def _id_set(self, node: IdSet, within: set[int] | None) -> Scores:
        """The measures of the listed documents; whoosh's Or of id terms scores each by its
        posting's weight (an id field is not scored by BM25). A doc: filter over many
        documents went through whoosh's matchers at ~1 µs a measure and 60 terms."""
        out: Scores = {}
        for value in dict.fromkeys(node.values):
            for _index, _sub, offset, deleted, blocks in self._segments_with(node.field, value):
                for ids, weights in blocks:
                    for _doc, at, weight in _wanted(ids, weights, offset, deleted, within):
                        out[at] = out.get(at, 0.0) + weight
        return out

    def _phrase(self, node: Phrase, within: set[int] | None) -> Scores:
        """whoosh's Phrase (SpanNear2, slop 1): every word at the position after the last,
        scored as the sum of its words' scores."""
        field, words = node.field, node.words
        if len(words) < 2 or not self._searcher.schema[field].scorable:
            return _only(self._by_matcher(node), within)
        terms: list[Node] = [Term(field, word) for word in words]
        scored = self._all_of(terms, within)
        if not scored:
            return {}
        common = set(scored)
        places = {word: self._positions(field, word, common) for word in set(words)}
        out: Scores = {}
        first_word, *later_words = words
        first_places = places[first_word]
        later_places = [places[word] for word in later_words]
        for doc, score in scored.items():
            # Positions as bits: shifting the starts one place at a time and keeping those
            # where the next word is finds every run of the words in a few integer steps.
            run = first_places.get(doc, 0)
            for at in later_places:
                run = (run << 1) & at.get(doc, 0)
            if run:
                out[doc] = score
        return out

    def _positions(self, field: str, word: str, docs: set[int]) -> dict[int, int]:
        """The positions of ``word`` in each of ``docs`` (global document numbers), as the
        bits of an integer (position p is bit p)."""
        found: dict[int, int] = {}
        for _index, _sub, offset, _deleted, blocks in self._segments_with(field, word, True):
            for ids, positions in blocks:  # deleted measures are never in ``docs``
                for doc, at in zip(ids, positions, strict=True):
                    if doc + offset in docs:
                        found[doc + offset] = at
        return found

    def _segments_with(
        self, field: str, text: str, values: bool = False
    ) -> Iterator[tuple[int, Any, int, Any, list[tuple[Any, Any]]]]:
        """(segment index, sub-searcher, document offset, deleted documents, decoded blocks)
        of each segment holding the term."""
        for index, (sub, offset) in enumerate(self._leaves):
            reader = sub.reader()
            if not reader.doc_count() or (field, text) not in reader:
                continue  # (a segment whose measures were all replaced stays until a merge)
            deleted = reader.deleted_docs_set if reader.has_deletions() else ()
            yield index, sub, offset, deleted, self._postings(index, reader, field, text, values)

    def kept_postings(self) -> int:
        """How many postings are kept decoded (positions counted as POSITIONS_SIZE each)."""
        return self._kept_size

    def kept_terms(self) -> int:
        return len(self._kept)

    def _postings(
        self, index: int, reader: Any, field: str, text: str, values: bool
    ) -> list[tuple[Any, Any]]:
        """One term's decoded blocks in one segment, kept while the searcher lasts (up to
        POSTINGS_KEPT postings, the least recently used dropped first): typing 保税维修
        asks for 保税 and 税维 again at every key, and decoding whoosh's pickled blocks
        is most of what is left of a search's time."""
        key = (index, field, text, values)
        kept = self._kept.pop(key, None)
        if kept is None:
            kept = list(_blocks(_unfiltered_postings(reader, field, text), values))
            if values:  # kept decoded: a phrase typed key by key asks again at every key
                decode = _position_decoder(self._searcher.schema[field].format)
                kept = [(ids, [_bits(decode(v)) for v in encoded]) for ids, encoded in kept]
            self._kept_size += _size(key, kept)
        self._kept[key] = kept
        while self._kept_size > POSTINGS_KEPT and len(self._kept) > 1:
            dropped_key, dropped = self._kept.popitem(last=False)
            self._kept_size -= _size(dropped_key, dropped)
        return kept

    def _norms_of(self, index: int, sub: Any, field: str) -> list[float] | None:
        """k1 · ((1 − b) + b · length / average length) for every document of one segment."""
        key = (index, field)
        if key not in self._norms:
            self._norms[key] = self._read_norms(sub, field)
        return self._norms[key]

    def _read_norms(self, sub: Any, field: str) -> list[float] | None:
        searcher = self._searcher
        average = searcher.avg_field_length(field) or 1
        b = self._field_b.get(field, self._b)
        k1 = self._k1
        perdoc = getattr(sub.reader(), "_perdoc", None)
        column = getattr(perdoc, "_cached_reader", None)
        lengths = column(_lenfield(field), LENGTHS_COLUMN) if column else None
        raw = _column_bytes(lengths)
        if raw is None:
            return None
        count = sub.reader().doc_count_all()
        raw = raw.ljust(count, b"\0")
        # A document without the field has no postings in it: its norm is never read.
        return [k1 * ((1 - b) + b * (_LENGTHS[byte] or 1) / average) for byte in raw]

    def _by_matcher(self, node: Node) -> Scores:
        """Any other node through whoosh's own matchers, segment by segment."""
        query = self._compile(node)
        out: Scores = {}
        for sub, offset in self._leaves:
            matcher = query.matcher(sub, sub.context())
            while matcher.is_active():
                out[matcher.id() + offset] = matcher.score()
                matcher.next()
        return out


def _wanted(
    ids: Any, data: Any, offset: int, deleted: Any, within: set[int] | None
) -> Iterator[tuple[int, int, Any]]:
    """(segment document, global document, datum) of one block's postings, leaving out
    deleted documents and those not ``within``."""
    for doc, datum in zip(ids, data, strict=True):
        if (deleted and doc in deleted) or (within is not None and doc + offset not in within):
            continue
        yield doc, doc + offset, datum


def _size(key: tuple[int, str, str, bool], blocks: list[tuple[Any, Any]]) -> int:
    postings = sum(len(ids) for ids, _ in blocks)
    return postings * POSITIONS_SIZE if key[3] else postings


def _only(scores: Scores, within: set[int] | None) -> Scores:
    return scores if within is None else {d: s for d, s in scores.items() if d in within}


def _column_bytes(column: Any) -> bytes | None:
    """All of a one-byte fixed-width column at once (None when it is not one)."""
    try:
        if column is None or column._fixedlen != 1:
            return None
        return bytes(column._dbfile.get(column._basepos, column._count))
    except AttributeError:
        return None


def _position_decoder(field_format: Any) -> Callable[[bytes], list[int]]:
    """The format's decode_positions; for whoosh's own Positions format, the same steps
    with the loop in C (its value is a count, then a pickle of the gaps between positions)."""
    if type(field_format) is not Positions:
        return field_format.decode_positions  # type: ignore[no-any-return]

    def decode(value: bytes) -> list[int]:
        gaps = value[_INT_SIZE:]
        return list(accumulate(loads(gaps if gaps.endswith(b".") else gaps + b".")))

    return decode


def _bits(positions: list[int]) -> int:
    bits = 0
    for position in positions:
        bits |= 1 << position
    return bits


def _unfiltered_postings(reader: Any, field: str, text: str) -> Any:
    """A segment's postings of a term, deleted documents included (the caller leaves them
    out): whoosh's own postings() wraps them in a filter that, built over a segment whose
    first postings are deleted, steps through them one call at a time."""
    terms = getattr(reader, "_terms", None)
    if terms is None or not hasattr(reader, "_text_to_bytes"):
        return reader.postings(field, text)
    return terms.matcher(field, reader._text_to_bytes(field, text), reader.schema[field].format)


def _blocks(matcher: Any, values: bool = False) -> Iterator[tuple[Any, Any]]:
    """(ids, weights) — or (ids, encoded values) — of each block of one term's postings
    in one segment, deleted documents included (the caller leaves them out)."""
    leaf = getattr(matcher, "child", matcher)  # past the deleted-documents filter
    if not hasattr(leaf, "_read_ids"):  # not a W3 leaf: one posting at a time
        ids, data = [], []
        while leaf.is_active():
            ids.append(leaf.id())
            data.append(leaf.value() if values else leaf.weight())
            leaf.next()
        yield ids, data
        return
    while leaf.is_active():
        if leaf._ids is None:
            leaf._read_ids()
        if values:
            if leaf._values is None:
                leaf._read_values()
            yield leaf._ids, leaf._values
        else:
            if leaf._weights is None:
                leaf._read_weights()
            yield leaf._ids, leaf._weights
        if leaf._lastblock:
            return
        leaf._next_block()
