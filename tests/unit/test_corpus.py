"""Golden structure of the five real texts in ../shared/corpus (read from there, never copied)."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from index.parsing.parser import parse_policy_text
from tests.conftest import CORPUS_DIR, corpus_or_skip
from tests.unit.lossless import invented_content, missing_content

pytestmark = pytest.mark.corpus


def _expected() -> list[dict]:
    path = CORPUS_DIR / "expected.yaml"
    return yaml.safe_load(path.read_text(encoding="utf-8")) if path.is_file() else []


def _ids() -> list[str]:
    return [e["file"] for e in _expected()] or ["corpus-missing"]


@pytest.fixture(params=_expected() or [None], ids=_ids())
def case(request: pytest.FixtureRequest) -> tuple[dict, str]:
    corpus = corpus_or_skip()
    expected = request.param
    text = (Path(corpus) / expected["file"]).read_text(encoding="utf-8")
    return expected, text


def test_document_metadata(case: tuple[dict, str]) -> None:
    expected, text = case
    doc = parse_policy_text(text)
    assert doc.title in [expected["title"], *expected.get("title_also_accepted", [])]
    assert doc.date == expected["date"]
    if expected.get("issuer"):
        assert doc.issuer == expected["issuer"]
    if expected.get("source"):
        assert doc.source == expected["source"]


def test_sections_and_measures(case: tuple[dict, str]) -> None:
    expected, text = case
    doc = parse_policy_text(text)
    assert [s.title for s in doc.sections] == expected["sections"]
    assert len(doc.measures) == expected["measures_count"]
    for want, got in zip(expected["measures"], doc.measures, strict=True):
        assert got.number == str(want["number"])
        if "title" in want:
            assert got.title == want["title"]
        else:
            assert got.title.startswith(want["title_startswith"])
            assert len(got.title) <= want["title_max_len"]
        assert got.section == want.get("section")


def test_nothing_lost_or_invented(case: tuple[dict, str]) -> None:
    _, text = case
    doc = parse_policy_text(text)
    assert missing_content(text, doc) == {}
    assert invented_content(text, doc) == {}


def test_all_109_measures_are_found() -> None:
    corpus = corpus_or_skip()
    total = sum(
        len(parse_policy_text((corpus / e["file"]).read_text(encoding="utf-8")).measures)
        for e in _expected()
    )
    assert total == sum(e["measures_count"] for e in _expected()) == 109


def test_responsible_units_and_interpretations_have_their_own_fields(corpus_dir: Path) -> None:
    flat = parse_policy_text((corpus_dir / "003_b014b3774f1b4bb3.txt").read_text(encoding="utf-8"))
    assert all(m.responsible for m in flat.measures)
    assert all("责任单位" not in m.body for m in flat.measures)
    assert flat.measures[0].responsible[0] == "省商务厅"
    shenzhen = parse_policy_text(
        (corpus_dir / "004_ef441f03df4d81eb.txt").read_text(encoding="utf-8")
    )
    assert all(m.interpretation for m in shenzhen.measures)
    assert all("政策解读" not in m.body for m in shenzhen.measures)
    assert any("902" in d for d in shenzhen.dropped)  # the view count is noise, reported
