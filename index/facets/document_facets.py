"""A document's facets (region, issuer, year, kind) and the region:/type: filters on them.

Pure functions of a Document: the reader can group or filter a library with them
without a search index; SearchIndex uses the same ones for region: and type:.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Protocol

from index.facets.divisions import Division, gazetteer
from index.facets.kinds import document_type
from index.facets.regions import NATIONAL, derive_place
from index.text import fold_search

FACET_PREFIXES = ("region", "type")
# region: values that mean the national documents
NATIONAL_WORDS = frozenset({NATIONAL, "国家", "中央", "national"})


class DocumentHead(Protocol):
    """What facets are derived from: a Document, or a summary holding these fields."""

    @property
    def title(self) -> str: ...
    @property
    def alternative_titles(self) -> Sequence[str]: ...
    @property
    def issuer(self) -> str | None: ...
    @property
    def date(self) -> str | None: ...  # ISO YYYY-MM-DD


@dataclass(frozen=True)
class Facets:
    """What a document can be grouped or filtered by."""

    region: str | None  # 湖北省武汉市, 上海市, 全国; None: no place and no national issuer
    province: str | None  # 湖北省
    city: str | None  # 武汉市 (prefecture-level), when named
    issuer: str | None
    year: int | None
    doc_type: str | None  # 措施, 办法, 通知 … (kinds.KINDS); None: the title names no kind
    county: str | None = None  # 天心区, when named

    @property
    def national(self) -> bool:
        return self.region == NATIONAL


def document_facets(document: DocumentHead) -> Facets:
    """The facets of a document, from its issuer, titles and date (nothing else is read,
    so a summary of the document does as well as the whole)."""
    titles = (document.title, *document.alternative_titles)
    place = derive_place(document.issuer, titles)
    doc_type = next((k for k in map(document_type, titles) if k), None)
    year = None
    if document.date and document.date[:4].isdigit():
        year = int(document.date[:4])
    return Facets(
        region=place.label,
        province=place.province,
        city=place.city,
        issuer=document.issuer,
        year=year,
        doc_type=doc_type,
        county=place.county,
    )


def facet_matcher(prefix: str, value: str) -> Callable[[Facets], bool]:
    """The test for ``region:value`` or ``type:value``, the value resolved once."""
    if prefix == "region":
        return _region_matcher(value)
    if prefix == "type":
        return _type_matcher(value)
    raise ValueError(f"not a facet: {prefix}")


def matches_region(facets: Facets, value: str) -> bool:
    """region:湖北 / 湖北省 / 武汉 / 天心区 / 全国: the document's province, city or county."""
    return _region_matcher(value)(facets)


def matches_type(facets: Facets, value: str) -> bool:
    """type:办法 (or 管理办法, the same kind)."""
    return _type_matcher(value)(facets)


def _region_matcher(value: str) -> Callable[[Facets], bool]:
    needle = _squeeze(value)
    if not needle:
        return lambda facets: False
    if needle in NATIONAL_WORDS:
        return lambda facets: facets.national
    divisions = gazetteer().lookup(needle)
    if divisions:
        return lambda facets: any(_within(facets, d) for d in divisions)
    # Not one division's name (湖北省武汉, 天心): part of the region or county as written.
    return lambda facets: needle in _squeeze(facets.region or "") + "|" + (facets.county or "")


def _within(facets: Facets, division: Division) -> bool:
    if division.level == "province":
        return facets.province == division.name
    if division.level == "city":
        return facets.city == division.name
    return (
        facets.county == division.name
        and facets.province == division.province
        and (division.city is None or facets.city == division.city)
    )


def _type_matcher(value: str) -> Callable[[Facets], bool]:
    needle = _squeeze(value)
    kind = document_type(needle) or needle
    return lambda facets: bool(needle) and facets.doc_type == kind


def _squeeze(text: str) -> str:
    return "".join(fold_search(text).split())
