"""Facets of a document: region (province / city), issuer, year, document type.

Derived from the document alone (its issuer, titles and date), with China's
administrative divisions from data/divisions.tsv; search filters on them with
``region:`` and ``type:`` (docs/search.md, "Facets").
"""

from index.facets.document_facets import (
    FACET_PREFIXES,
    Facets,
    document_facets,
    facet_matcher,
    matches_region,
    matches_type,
)
from index.facets.kinds import KINDS, document_type
from index.facets.regions import NATIONAL, Place, derive_place

__all__ = [
    "FACET_PREFIXES",
    "KINDS",
    "NATIONAL",
    "Facets",
    "Place",
    "derive_place",
    "document_facets",
    "document_type",
    "facet_matcher",
    "matches_region",
    "matches_type",
]
