"""A query string → a query tree (query_tree.py), the terms to highlight, and a note on malformed input.

Syntax (docs/search.md): words are ANDed; "quoted phrases" (also “…”); OR
between two words; -word or NOT word excludes; field filters title: doc:
issuer: section: body: resp: interp: docno:; facets region:湖北 type:办法;
year:2024, year:2022..2024, date:2023-01..2024-06. Synonym groups (data/synonyms.yaml) widen each word.
Parsing never raises: what cannot be understood is searched as text or
skipped, and ``message`` says so in one line.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from index.search import query_tree as qt
from index.search.fields import GRAMS_FIELD, PLAIN_FIELDS
from index.search.synonyms import Synonyms, default_synonyms
from index.search.tokenizer import cut, fold_text, han_bigrams, is_han

# A plain word searches PLAIN_FIELDS (fields.py: the title, and one text field that
# also holds the document title, section heading and issuer); the other fields only
# through their prefix. doc_number only through docno: (its pieces match too much).
FIELD_PREFIXES: dict[str, tuple[str, ...]] = {
    "title": ("title",),
    "section": ("section",),
    "body": ("body",),
    "resp": ("responsible",),
    "interp": ("interpretation",),
    "docno": ("doc_number",),
}
RANGE_PREFIXES = ("year", "date")
# Sets of document ids, not fields: doc:/issuer: by substring, region:/type: by the
# document's facets (index.facets), all answered by the DocumentMatcher.
DOCUMENT_PREFIXES = ("doc", "issuer", "region", "type")
KNOWN_PREFIXES = (*FIELD_PREFIXES, *DOCUMENT_PREFIXES, *RANGE_PREFIXES)
UNMARKED_PREFIXES = ("doc", "issuer", "docno", "section")
# (prefix, value) -> ids of the documents whose title / issuer contains value, or whose
# region / type facet matches it
DocumentMatcher = Callable[[str, str], list[str]]
_OPEN_QUOTES = {'"': '"', "“": "”", "「": "」", "”": "”"}
_YEAR = re.compile(r"^\d{4}$")
_DATE = re.compile(r"^(\d{4})(?:-(\d{1,2}))?(?:-(\d{1,2}))?$")


@dataclass(frozen=True)
class Clause:
    """One piece of the query as the user typed it."""

    raw: str  # as typed, for suggestions that drop it
    value: str
    negated: bool = False
    prefix: str | None = None  # a FIELD_PREFIXES / RANGE_PREFIXES key
    phrase: bool = False


@dataclass
class ParsedQuery:
    query: qt.Node | None
    terms: list[str] = field(default_factory=list)  # folded strings to highlight
    message: str | None = None
    groups: list[list[Clause]] = field(default_factory=list)  # OR-groups, ANDed
    negatives: list[Clause] = field(default_factory=list)
    # Per highlighted clause: (whole, pieces). A measure holding one of the whole
    # terms (the clause as typed, or a synonym of it) is highlighted there; one
    # found through the word cut's pieces is highlighted on the pieces.
    clause_terms: list[tuple[tuple[str, ...], tuple[str, ...]]] = field(default_factory=list)

    def terms_for(self, text: str) -> list[str]:
        """The terms to highlight in a measure whose searchable text is ``text``."""
        if not self.clause_terms:
            return list(self.terms)
        folded = fold_text(text)
        chosen: list[str] = []
        for whole, pieces in self.clause_terms:
            chosen.extend(whole if any(w in folded for w in whole) else pieces)
        return sorted(dict.fromkeys(t for t in chosen if t), key=len, reverse=True)

    def text_without(self, index: int) -> str:
        """The query string without its ``index``-th positive group (to suggest dropping it)."""
        kept = [g for i, g in enumerate(self.groups) if i != index]
        parts = [" OR ".join(c.raw for c in g) for g in kept]
        parts += [c.raw for c in self.negatives]
        return " ".join(parts)


def _lex(text: str) -> tuple[list[tuple[str, bool]], bool]:
    """Split into (piece, quoted) pieces; a quote that never closes runs to the end."""
    pieces: list[tuple[str, bool]] = []
    unbalanced = False
    i, n = 0, len(text)
    while i < n:
        ch = text[i]
        if ch.isspace():
            i += 1
            continue
        if ch in _OPEN_QUOTES:
            close = _OPEN_QUOTES[ch]
            end = text.find(close, i + 1)
            if end < 0 and close == "”":
                end = text.find('"', i + 1)
            if end < 0:
                unbalanced = True
                end = n
            pieces.append((text[i + 1 : end], True))
            i = end + 1
            continue
        j = i
        while j < n and not text[j].isspace() and text[j] not in _OPEN_QUOTES:
            j += 1
        # field:"a phrase"
        if j < n and text[j] in _OPEN_QUOTES and text[i:j].endswith((":", "：")):
            close = _OPEN_QUOTES[text[j]]
            end = text.find(close, j + 1)
            if end < 0:
                unbalanced = True
                end = n
            pieces.append((text[i:j] + "\x00" + text[j + 1 : end], True))
            i = end + 1
            continue
        pieces.append((text[i:j], False))
        i = j
    return pieces, unbalanced


# Over 60 lines on purpose: a single left-to-right scan of the lexed tokens; its states (OR, NOT, prefixes) are clearest in one loop.
def _clauses(text: str) -> tuple[list[list[Clause]], list[Clause], list[str]]:
    pieces, unbalanced = _lex(text)
    notes: list[str] = []
    if unbalanced:
        notes.append("a quote was not closed: searched the rest as a phrase")
    groups: list[list[Clause]] = []
    negatives: list[Clause] = []
    pending_or = False
    pending_not = False
    lone: list[str] = []
    for piece, quoted in pieces:
        if not quoted and piece in ("OR", "|", "||"):
            if not groups or pending_or:
                lone.append("OR")
            pending_or = True
            continue
        if not quoted and piece in ("AND", "&", "&&", "+"):
            continue
        if not quoted and piece == "NOT":
            if pending_not:
                lone.append("NOT")
            pending_not = True
            continue
        negated = pending_not
        pending_not = False
        raw = (
            f'"{piece}"'
            if quoted and "\x00" not in piece
            else piece.replace("\x00", '"') + ('"' if "\x00" in piece else "")
        )
        value, prefix, phrase = piece, None, quoted
        if "\x00" in piece:
            head, value = piece.split("\x00", 1)
            prefix = head[:-1].lower()
            if prefix not in KNOWN_PREFIXES:
                prefix = None
        elif not quoted:
            if value.startswith(("-", "－")) and len(value) > 1:
                negated, value = True, value[1:]
            match = re.match(r"^([A-Za-z]+)[:：](.*)$", value)
            if match and match.group(1).lower() in KNOWN_PREFIXES:
                prefix, value = match.group(1).lower(), match.group(2)
                if not value:
                    lone.append(f"{prefix}:")
                    continue
        clause = Clause(
            raw=("-" + raw if negated and not raw.startswith("-") else raw),
            value=value,
            negated=negated,
            prefix=prefix,
            phrase=phrase,
        )
        if negated:
            if pending_or:
                lone.append("OR")
                pending_or = False
            negatives.append(clause)
        elif pending_or and groups:
            groups[-1].append(clause)
            pending_or = False
        else:
            groups.append([clause])
            pending_or = False
    if pending_or:
        lone.append("OR")
    if pending_not:
        lone.append("NOT")
    if lone:
        notes.append("ignored " + ", ".join(f"a lone {w}" for w in dict.fromkeys(lone)))
    return groups, negatives, notes


class QueryBuilder:
    """Builds query trees from clauses; ``terms`` collects what to highlight."""

    def __init__(self, synonyms: Synonyms, documents: DocumentMatcher | None = None) -> None:
        self.synonyms = synonyms
        self.documents = documents
        self.terms: list[str] = []
        self.notes: list[str] = []
        self.clause_terms: list[tuple[tuple[str, ...], tuple[str, ...]]] = []

    def clause(self, clause: Clause, highlight: bool) -> qt.Node | None:
        if clause.prefix in RANGE_PREFIXES:
            return self._range(clause)
        if clause.prefix in DOCUMENT_PREFIXES:
            return self._documents(clause)
        fields = FIELD_PREFIXES.get(clause.prefix or "", PLAIN_FIELDS)
        # Filters on the document describe where to look, not what to mark in the text.
        highlight = highlight and clause.prefix not in UNMARKED_PREFIXES
        first_term = len(self.terms)
        if clause.phrase:
            words = [w.text for w in cut(clause.value)]
            if highlight:
                self.terms.extend(words)
            by_words = self._words(words, fields)
        else:
            by_words = self._word(clause.value, fields, highlight)
        pieces = tuple(self.terms[first_term:])
        run = "".join(fold_text(clause.value).split())
        if clause.prefix is None and is_han(run) and len(run) >= 2:
            # Also inside words (保税维 in 保税维修), ranked below them by the field's boost.
            grams = _bigram_phrase(run, positional=clause.phrase)
            by_words = qt.any_of([q for q in (by_words, grams) if q is not None])
            whole = tuple(dict.fromkeys((run, *self.synonyms.alternatives(run))))
            if highlight:
                self.terms.append(run)
                self.clause_terms.append((whole, pieces))
        elif highlight and pieces:
            self.clause_terms.append((pieces, pieces))
        return by_words

    def _documents(self, clause: Clause) -> qt.Node:
        """doc:/issuer: as the set of documents whose title or issuer holds the value (or a
        synonym of it) as a plain substring — 白沙 finds 白沙市, whatever the word cut;
        region:/type: as the documents whose facet matches (the matcher decides how)."""
        if self.documents is None:
            return qt.Nothing()
        ids: dict[str, None] = {}
        for value in (clause.value, *self.synonyms.alternatives(clause.value)):
            ids.update(dict.fromkeys(self.documents(clause.prefix or "", value)))
        return qt.IdSet("document_id", tuple(ids)) if ids else qt.Nothing()

    def _word(self, text: str, fields: tuple[str, ...], highlight: bool) -> qt.Node | None:
        words = [w.text for w in cut(text)]
        if not words:
            return None
        alternatives = self.synonyms.alternatives(text)
        if len(alternatives) > 1:
            options = [self._words([w.text for w in cut(alt)], fields) for alt in alternatives]
            if highlight:
                self.terms.extend(alternatives)
            return qt.any_of([q for q in options if q is not None])
        parts: list[qt.Node] = []
        for word in words:
            alts = self.synonyms.alternatives(word)
            if highlight:
                self.terms.extend(alts)
            options = [self._words([w.text for w in cut(alt)], fields) for alt in alts]
            part = qt.any_of([q for q in options if q is not None])
            if part is not None:
                parts.append(part)
        apart = qt.all_of(parts)
        if len(words) < 2 or apart is None:
            return apart
        # The same measures, but those holding the pieces side by side (获得电力, cut
        # 获得 + 电力) score the phrase as well and rank first.
        together = self._words(words, fields)
        return qt.AnyOf((together, apart)) if together is not None else apart

    @staticmethod
    def _words(words: list[str], fields: tuple[str, ...]) -> qt.Node | None:
        """One word as a term, several as a phrase, in any of ``fields``."""
        if not words:
            return None
        if len(words) == 1:
            return qt.any_of([qt.Term(f, words[0]) for f in fields])
        return qt.any_of([qt.Phrase(f, tuple(words)) for f in fields])

    def _range(self, clause: Clause) -> qt.Node | None:
        value = clause.value.strip()
        low, sep, high = value.partition("..")
        if clause.prefix == "year":
            ok = all(not part or _YEAR.match(part) for part in (low, high)) and (low or high)
            if not ok or (not sep and not low):
                self.notes.append(f"year: needs a year like 2024 or 2022..2024, not “{value}”")
                return None
            if not sep:
                return qt.Range("year", int(low), int(low))
            return qt.Range("year", int(low) if low else None, int(high) if high else None)
        dates = [_iso_prefix(part) if part else "" for part in (low, high)]
        if None in dates or not (low or high):
            self.notes.append(f"date: needs dates like 2024-05 or 2023-01..2024-06, not “{value}”")
            return None
        start, end = (d or "" for d in dates)
        if not sep:
            return qt.Range("date", _first_day(start), _last_day(start))
        return qt.Range(
            "date", _first_day(start) if start else None, _last_day(end) if end else None
        )


def _join_names(groups: list[list[Clause]], synonyms: Synonyms) -> list[list[Clause]]:
    """Plain words in a row that together are a synonym (Authorized Economic Operator) → one."""
    out: list[list[Clause]] = []
    i = 0
    while i < len(groups):
        for j in range(len(groups), i + 1, -1):
            run = groups[i:j]
            if all(len(g) == 1 and not g[0].prefix and not g[0].phrase for g in run):
                value = " ".join(g[0].value for g in run)
                if synonyms.is_group_word(value):
                    raw = " ".join(g[0].raw for g in run)
                    out.append([Clause(raw=raw, value=value)])
                    i = j
                    break
        else:
            out.append(groups[i])
            i += 1
    return out


def _bigram_phrase(run: str, positional: bool) -> qt.Node:
    """The run's bigrams: in sequence for a quoted phrase; for a plain word only all in
    one measure — whoosh's span matching of a phrase over a large library was most of a
    query's time, and a measure holding the bigrams apart is rare, ranks low (the
    field's boost), and its highlight falls back to the pieces."""
    grams = han_bigrams(run)
    if len(grams) == 1:
        return qt.Term(GRAMS_FIELD, grams[0])
    if positional:
        return qt.Phrase(GRAMS_FIELD, tuple(grams))
    return qt.AllOf(tuple(qt.Term(GRAMS_FIELD, g) for g in dict.fromkeys(grams)))


def _iso_prefix(text: str) -> str | None:
    match = _DATE.match(text)
    if not match:
        return None
    year, month, day = match.groups()
    out = year
    if month:
        if not 1 <= int(month) <= 12:
            return None
        out += f"-{int(month):02d}"
    if day:
        if not 1 <= int(day) <= 31:
            return None
        out += f"-{int(day):02d}"
    return out


def _first_day(iso_prefix: str) -> int:
    """2024 → 20240000, 2024-05 → 20240500: the smallest date number with that prefix."""
    parts = [int(p) for p in iso_prefix.split("-")]
    parts += [0] * (3 - len(parts))
    return parts[0] * 10000 + parts[1] * 100 + parts[2]


def _last_day(iso_prefix: str) -> int:
    """2024 → 20241299, 2024-05 → 20240599: the largest date number with that prefix."""
    parts = [int(p) for p in iso_prefix.split("-")]
    filler = [12, 99][len(parts) - 1 :] if len(parts) < 3 else []
    parts += filler
    return parts[0] * 10000 + parts[1] * 100 + parts[2]


# Bounds, so that no query — a pasted page, a stuck key — takes long or runs deep.
MAX_QUERY_CHARS = 256
MAX_GROUPS = 24  # AND-ed groups (and, separately, NOT-ed words)
PASTE_CHARS = 40  # a plain query longer than this is a pasted passage
PASTE_KEY_TERMS = 6


def _bounded(text: str) -> tuple[str, list[str]]:
    if len(text) <= MAX_QUERY_CHARS:
        return text, []
    return text[:MAX_QUERY_CHARS], [
        f"只搜索前 {MAX_QUERY_CHARS} 个字符 (the query was cut to {MAX_QUERY_CHARS} characters)"
    ]


def _limited(
    groups: list[list[Clause]], negatives: list[Clause], notes: list[str]
) -> tuple[list[list[Clause]], list[Clause]]:
    if len(groups) > MAX_GROUPS or len(negatives) > MAX_GROUPS:
        notes.append(f"只用前 {MAX_GROUPS} 个词 (only the first {MAX_GROUPS} words are searched)")
    return [g[:MAX_GROUPS] for g in groups[:MAX_GROUPS]], negatives[:MAX_GROUPS]


def _key_terms_of_a_paste(groups: list[list[Clause]], notes: list[str]) -> list[list[Clause]]:
    """A pasted passage (long, plain words only) is searched by its most specific words,
    all of which its source holds, instead of as dozens of words."""
    plain = [c for g in groups for c in g if not c.prefix and not c.phrase]
    if len(groups) != sum(len(g) for g in groups) or len(plain) != len(groups):
        return groups  # OR, fields or phrases: the user wrote a query, not a paste
    text = "".join(c.value for c in plain)
    if len(text) <= PASTE_CHARS:
        return groups
    words = [w.text for w in cut(text) if len(w.text) >= 2 and not w.text.isdigit()]
    chosen = sorted(dict.fromkeys(words), key=len, reverse=True)[:PASTE_KEY_TERMS]
    if not chosen:
        return groups
    notes.append("长文本按关键词搜索 (a long passage is searched by its key words)")
    return [[Clause(raw=w, value=w)] for w in chosen]


def parse_query(
    text: str, synonyms: Synonyms | None = None, documents: DocumentMatcher | None = None
) -> ParsedQuery:
    """Parse a user's query; never raises. ``query`` is None when there is nothing to search.

    ``documents`` lets doc: and issuer: match any part of a title or issuer name, and
    answers region: and type:; without it these filters find nothing.
    """
    text, notes = _bounded(text or "")
    groups, negatives, clause_notes = _clauses(text)
    notes += clause_notes
    groups, negatives = _limited(groups, negatives, notes)
    groups = _key_terms_of_a_paste(groups, notes)
    synonyms = synonyms if synonyms is not None else default_synonyms()
    groups = _join_names(groups, synonyms)
    builder = QueryBuilder(synonyms, documents)
    positives = []
    kept_groups = []
    for group in groups:
        q = qt.any_of(
            [q for q in (builder.clause(c, highlight=True) for c in group) if q is not None]
        )
        if q is not None:
            positives.append(q)
            kept_groups.append(group)
    exclusions = [
        q for q in (builder.clause(c, highlight=False) for c in negatives) if q is not None
    ]
    notes.extend(builder.notes)
    terms = sorted(dict.fromkeys(t for t in builder.terms if t), key=len, reverse=True)
    if not positives and not exclusions:
        if not notes:
            shown = text.strip()
            notes.append(f"nothing to search for in “{shown}”" if shown else "type words to search")
        return ParsedQuery(
            None, terms, "; ".join(notes), kept_groups, negatives, builder.clause_terms
        )
    base = qt.all_of(positives) or qt.Everything()
    excluded = qt.any_of(exclusions)
    query = qt.Without(base, excluded) if excluded is not None else base
    return ParsedQuery(
        query, terms, "; ".join(notes) or None, kept_groups, negatives, builder.clause_terms
    )
