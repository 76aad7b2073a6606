"""The query as a small tree that knows no engine: query.py builds it, each engine compiles it.

Field names are the logical fields of fields.py; terms are already folded and cut
exactly as the index cuts text, so an engine only maps nodes to its own query
objects and never tokenizes.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Term:
    field: str
    text: str
    boost: float = 1.0


@dataclass(frozen=True)
class Phrase:
    """Words at consecutive positions of one field."""

    field: str
    words: tuple[str, ...]


@dataclass(frozen=True)
class IdSet:
    """Measures whose ``field`` (an id field) is one of ``values``: doc:/issuer: as id sets."""

    field: str
    values: tuple[str, ...]


@dataclass(frozen=True)
class Range:
    """A numeric field (year, date as YYYYMMDD) between two bounds, both inclusive."""

    field: str
    low: int | None
    high: int | None


@dataclass(frozen=True)
class AllOf:
    parts: tuple[Node, ...]


@dataclass(frozen=True)
class AnyOf:
    parts: tuple[Node, ...]


@dataclass(frozen=True)
class Without:
    """``base`` minus whatever matches ``excluded``."""

    base: Node
    excluded: Node


@dataclass(frozen=True)
class Everything:
    pass


@dataclass(frozen=True)
class Nothing:
    pass


Node = Term | Phrase | IdSet | Range | AllOf | AnyOf | Without | Everything | Nothing


def any_of(parts: list[Node]) -> Node | None:
    """One node for alternatives (None when there are none)."""
    if not parts:
        return None
    return parts[0] if len(parts) == 1 else AnyOf(tuple(parts))


def all_of(parts: list[Node]) -> Node | None:
    if not parts:
        return None
    return parts[0] if len(parts) == 1 else AllOf(tuple(parts))
