"""Every fixture text (one numbering convention each) parses to its expected structure."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from index.formats.extract import extract_text
from index.parsing.parser import parse_policy_text
from tests.unit.lossless import invented_content, missing_content

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
CASES = yaml.safe_load((FIXTURES / "expected.yaml").read_text(encoding="utf-8"))


@pytest.fixture(params=CASES, ids=[c["file"] for c in CASES])
def case(request: pytest.FixtureRequest) -> tuple[dict, str]:
    expected = request.param
    return expected, extract_text(FIXTURES / expected["file"])


def test_metadata(case: tuple[dict, str]) -> None:
    expected, text = case
    doc = parse_policy_text(text)
    assert doc.title == expected["title"]
    assert doc.date == expected["date"]
    for key in ("issuer", "source", "doc_number"):
        if key in expected:
            assert getattr(doc, key) == expected[key]
    for piece in expected.get("dropped_contains", []):
        assert any(piece in d for d in doc.dropped), piece


def test_structure(case: tuple[dict, str]) -> None:
    expected, text = case
    doc = parse_policy_text(text)
    assert [s.title for s in doc.sections] == expected["sections"]
    assert len(doc.measures) == len(expected["measures"])
    for want, got in zip(expected["measures"], doc.measures, strict=True):
        assert got.number == str(want["number"])
        assert got.section == want.get("section")
        if "title" in want:
            assert got.title == want["title"]
        else:
            assert got.title.startswith(want["title_startswith"]) and len(got.title) <= 40
        if "body_startswith" in want:
            assert got.body.startswith(want["body_startswith"])
        if "body_contains" in want:
            assert want["body_contains"] in got.body
        assert list(got.responsible) == want.get("responsible", [])
        assert (got.interpretation is not None) == want.get("interpretation", False)


def test_nothing_lost(case: tuple[dict, str]) -> None:
    _, text = case
    doc = parse_policy_text(text)
    assert missing_content(text, doc) == {}
    assert invented_content(text, doc) == {}


def test_every_fixture_is_listed() -> None:
    listed = {c["file"] for c in CASES}
    present = {p.name for p in FIXTURES.iterdir() if p.suffix in (".txt", ".md")}
    assert listed == present
