"""The tantivy engine (``pip install 'policy-tui[fast]'``): Rust, 10–100× whoosh's speed.

Text is cut in Python by the same tokenizer as whoosh's (jieba words with their
sub-words at one position, Han bigrams), so both engines index the same terms and
the query tree compiles term for term: the words handed over pre-tokenized, the
bigrams as one space-parted string that tantivy splits itself. tantivy
has no field boosts in its schema: title and grams terms carry theirs as boost
queries. A Rust panic (tantivy on a damaged file) is caught like any error.
"""

from __future__ import annotations

import json
import shutil
import time
import zlib
from pathlib import Path
from typing import Any

import tantivy

from index.files import atomic_write
from index.search.engines.base import EngineDamaged
from index.search.fields import (
    FIELD_BOOSTS,
    GRAMS_FIELD,
    NUMBER_FIELDS,
    WORD_FIELDS,
    MeasureFields,
)
from index.search.query_tree import (
    AllOf,
    AnyOf,
    Everything,
    IdSet,
    Node,
    Nothing,
    Phrase,
    Range,
    Term,
    Without,
)
from index.search.tokenizer import bigram_text, placed_lines

# Size and CRC-32 of every file of the index, written after each commit: tantivy reads
# most of a file only when a query needs it, and a damaged one then panics mid-search.
CHECKSUMS_FILE = "policy-tui-checksums.json"
OWN_FILES_PREFIX = "policy-tui-"  # ours (this file, index.py's meta), not tantivy's
WRITER_HEAP = 64_000_000
# The grams field is one string of bigrams parted by spaces (tokenizer.bigram_text),
# split by tantivy itself: a Token object per bigram was a quarter of a build.
SPACES_TOKENIZER = "policy-tui-spaces"
# A file older than this whose size and time are as recorded is not read again on open.
TRUSTED_AFTER_NS = 2_000_000_000
WRITER_THREADS = 2
_UNCATCHABLE = (KeyboardInterrupt, SystemExit, GeneratorExit)


def _with_tokenizers(index: tantivy.Index) -> tantivy.Index:
    """An index with our tokenizer registered: tantivy keeps only the name in the schema."""
    index.register_tokenizer(
        SPACES_TOKENIZER, tantivy.TextAnalyzerBuilder(tantivy.Tokenizer.whitespace()).build()
    )
    return index


def build_schema() -> tantivy.Schema:
    builder = tantivy.SchemaBuilder()
    builder.add_text_field("measure_id", stored=True, tokenizer_name="raw", index_option="basic")
    builder.add_text_field("document_id", tokenizer_name="raw", index_option="basic")
    for name in WORD_FIELDS:
        builder.add_text_field(name, tokenizer_name="raw", index_option="position")
    builder.add_text_field(GRAMS_FIELD, tokenizer_name=SPACES_TOKENIZER, index_option="position")
    for name in NUMBER_FIELDS:
        builder.add_integer_field(name, indexed=True, fast=True)
    return builder.build()


class TantivyEngine:
    name = "tantivy"
    format_version = 2  # 2: grams split by tantivy (bigram_text)

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self._schema = build_schema()
        self._index: tantivy.Index | None = None
        self._searcher: tantivy.Searcher | None = None

    # -- on disk ---------------------------------------------------------------------

    def exists(self) -> bool:
        try:
            return self.folder.is_dir() and bool(tantivy.Index.exists(str(self.folder)))
        except BaseException as exc:
            if isinstance(exc, _UNCATCHABLE):
                raise
            raise EngineDamaged(str(exc)) from None

    def open(self, expected_measures: int) -> None:
        try:
            verify_checksums(self.folder)
            index = _with_tokenizers(tantivy.Index(self._schema, path=str(self.folder), reuse=True))
            searcher = index.searcher()
            count = searcher.num_docs
            if count != expected_measures:
                raise ValueError(f"{count} measures indexed, {expected_measures} recorded")
            # Open the term dictionaries, postings and stored ids once, so damage shows now
            # (a lookup: terms_with_prefix, even with a limit, walks every term — 0.1–0.2 s
            # of reopening 100,000 measures).
            for name in ("title", "text", GRAMS_FIELD, "document_id"):
                searcher.doc_freq(name, "的")
            found = searcher.search(tantivy.Query.all_query(), limit=1)
            for _score, address in found.hits:
                searcher.doc(address)
            probe = tantivy.Query.term_query(self._schema, "text", "的")
            searcher.search(probe, limit=1)
        except BaseException as exc:
            if isinstance(exc, _UNCATCHABLE):
                raise
            raise EngineDamaged(str(exc) or exc.__class__.__name__) from None
        self._index = index
        self._searcher = searcher

    def create(self) -> None:
        if self.folder.exists():
            shutil.rmtree(self.folder)
        self.folder.mkdir(parents=True)
        self._index = _with_tokenizers(
            tantivy.Index(self._schema, path=str(self.folder), reuse=False)
        )
        self.refresh()

    def writer(self) -> _TantivyWriter:
        assert self._index is not None
        return _TantivyWriter(self._index.writer(WRITER_HEAP, WRITER_THREADS), self.folder)

    def refresh(self) -> None:
        assert self._index is not None
        self._index.reload()
        self._searcher = self._index.searcher()

    def close(self) -> None:
        self._searcher = None
        self._index = None

    # -- reading ---------------------------------------------------------------------

    def doc_count(self) -> int:
        assert self._searcher is not None
        return int(self._searcher.num_docs)

    def search(self, query: Node, limit: int) -> tuple[list[tuple[str, float]], int]:
        assert self._searcher is not None
        found = self._searcher.search(self._compile(query), limit=max(1, limit), count=True)
        hits = []
        for score, address in found.hits:
            measure_id = self._searcher.doc(address).get_first("measure_id")
            if measure_id is not None:
                hits.append((str(measure_id), float(score)))
        return hits, int(getattr(found, "count", 0) or 0)  # not in tantivy's stubs

    def doc_frequency(self, field: str, term: str) -> int:
        assert self._searcher is not None
        return int(self._searcher.doc_freq(field, term))

    def words(self, field: str) -> list[str]:
        assert self._searcher is not None
        return [term for term, _count in self._searcher.terms_with_prefix(field, "")]

    def _compile(self, node: Node) -> tantivy.Query:
        return compile_query(self._schema, node)


class _TantivyWriter:
    def __init__(self, writer: Any, folder: Path) -> None:
        self._writer = writer
        self._folder = folder

    def delete_document(self, document_id: str) -> None:
        self._writer.delete_documents_by_term("document_id", document_id)

    def add(self, fields: MeasureFields) -> None:
        doc = tantivy.Document()
        doc.add_text("measure_id", fields.measure_id)
        doc.add_text("document_id", fields.document_id)
        made: dict[tuple[str, int, int], list[tantivy.Token]] = {}
        for name, value in fields.words.items():
            doc.add_pre_tokenized_text(
                name, tantivy.PreTokenizedString(value, _word_tokens(value, made))
            )
        if fields.grams:
            doc.add_text(GRAMS_FIELD, bigram_text(fields.grams))
        if fields.year is not None:
            doc.add_integer("year", fields.year)
        if fields.date is not None:
            doc.add_integer("date", fields.date)
        self._writer.add_document(doc)

    def commit(self) -> None:
        self._writer.commit()
        self._writer.garbage_collect_files()
        self._writer.wait_merging_threads()
        record_checksums(self._folder)

    def cancel(self) -> None:
        self._writer.rollback()


def _index_files(folder: Path) -> list[Path]:
    return sorted(
        p
        for p in folder.iterdir()
        if p.is_file() and not p.name.startswith((OWN_FILES_PREFIX, ".tantivy-"))
    )


def _checksum(path: Path) -> list[int]:
    crc = 0
    size = 0
    with path.open("rb") as handle:
        while chunk := handle.read(1 << 20):
            crc = zlib.crc32(chunk, crc)
            size += len(chunk)
    return [size, crc]


def record_checksums(folder: Path) -> None:
    """Size, CRC-32 and modification time of each file, after a commit."""
    sums = {p.name: [*_checksum(p), p.stat().st_mtime_ns] for p in _index_files(folder)}
    atomic_write(folder / CHECKSUMS_FILE, json.dumps(sums))


def verify_checksums(folder: Path) -> None:
    """Raise unless every file recorded at the last commit is there, whole and unchanged.

    A file with its recorded size and modification time, last modified more than
    TRUSTED_AFTER_NS ago, is not read again: any write since would have moved its time
    (the clock has passed the tick the file was written in). Reading every file was
    most of reopening a large library (0.29 s of 0.48 s at 100,000 measures).
    """
    try:
        recorded = json.loads((folder / CHECKSUMS_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise EngineDamaged(f"no record of the index's files ({exc.__class__.__name__})") from None
    if not isinstance(recorded, dict):
        raise EngineDamaged("the record of the index's files is damaged")
    now = time.time_ns()
    for name, expected in recorded.items():
        path = folder / str(name)
        try:
            if isinstance(expected, list) and len(expected) == 3:
                stat = path.stat()
                unchanged = [stat.st_size, stat.st_mtime_ns] == [expected[0], expected[2]]
                if unchanged and now - stat.st_mtime_ns > TRUSTED_AFTER_NS:
                    continue
            actual = _checksum(path)
        except OSError:
            raise EngineDamaged(f"{name} is missing") from None
        if not isinstance(expected, list) or actual != expected[:2]:
            raise EngineDamaged(f"{name} has changed since it was written")


def _word_tokens(value: str, made: dict[tuple[str, int, int], list[tantivy.Token]]) -> list[Any]:
    """The tokens of a word field, line by line; a line at the same place in two fields
    of one measure (its body opens both ``body`` and ``text``) is made into tokens once,
    as token objects are a quarter of a build's time."""
    tokens: list[tantivy.Token] = []
    for line, position, offset, pieces in placed_lines(value):
        key = (line, position, offset)
        line_tokens = made.get(key)
        if line_tokens is None:
            line_tokens = made[key] = _tokens(pieces, position, offset)
        tokens.extend(line_tokens)
    return tokens


def _tokens(pieces: Any, position: int, offset: int) -> list[tantivy.Token]:
    token = tantivy.Token
    return [
        token(text, position + pos, offset + start, offset + start + len(text))
        for text, pos, start in pieces
    ]


def compile_query(schema: tantivy.Schema, node: Node) -> tantivy.Query:
    """The tantivy query for a query tree; title and grams terms carry their field's boost."""
    query = tantivy.Query
    occur = tantivy.Occur
    if isinstance(node, Term):
        compiled = query.term_query(schema, node.field, node.text, index_option="freq")
        return _boosted(compiled, FIELD_BOOSTS.get(node.field, 1.0) * node.boost)
    if isinstance(node, Phrase):
        compiled = query.phrase_query(schema, node.field, list(node.words))
        return _boosted(compiled, FIELD_BOOSTS.get(node.field, 1.0))
    if isinstance(node, IdSet):
        if not node.values:
            return query.empty_query()
        return query.term_set_query(schema, node.field, list(node.values))
    if isinstance(node, Range):
        return query.range_query(schema, node.field, tantivy.FieldType.Integer, node.low, node.high)
    if isinstance(node, AllOf):
        return query.boolean_query([(occur.Must, compile_query(schema, p)) for p in node.parts])
    if isinstance(node, AnyOf):
        return query.boolean_query([(occur.Should, compile_query(schema, p)) for p in node.parts])
    if isinstance(node, Without):
        return query.boolean_query(
            [
                (occur.Must, compile_query(schema, node.base)),
                (occur.MustNot, compile_query(schema, node.excluded)),
            ]
        )
    if isinstance(node, Everything):
        return query.all_query()
    if isinstance(node, Nothing):
        return query.empty_query()
    raise TypeError(f"not a query node: {node!r}")


def _boosted(compiled: tantivy.Query, boost: float) -> tantivy.Query:
    return compiled if boost == 1.0 else tantivy.Query.boost_query(compiled, boost)
