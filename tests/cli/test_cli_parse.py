"""`policy-tui parse`: JSON schema, readable tree, and one-line errors."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from tui.cli import main

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"


def test_json_has_the_documented_schema(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["parse", str(FIXTURES / "circled.txt"), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert set(data) == {
        "id",
        "title",
        "issuer",
        "date",
        "source",
        "doc_number",
        "preamble",
        "wrapper_title",
        "alternative_titles",
        "front_matter",
        "attachments",
        "sections",
        "measures",
        "dropped",
    }
    assert data["title"] == "某港区推进智慧口岸建设实施要点"
    last = data["measures"][-1]
    assert set(last) == {
        "id",
        "number",
        "title",
        "body",
        "section",
        "responsible",
        "responsible_roles",
        "interpretation",
        "title_marks",
        "responsible_notes",
        "interpretation_label",
    }
    assert last["responsible"] == ["市口岸办", "某海关", "某海事局"]
    assert last["id"].startswith(data["id"])


def test_json_section_is_the_section_title(capsys: pytest.CaptureFixture[str]) -> None:
    main(["parse", str(FIXTURES / "title_three_lines.txt"), "--json"])
    data = json.loads(capsys.readouterr().out)
    assert data["sections"][0] == {
        "number": "一、",
        "title": "优化功能布局",
        "intro": "",
        "title_marks": "",
    }
    assert data["measures"][0]["section"] == "优化功能布局"


def test_tree_shows_brackets_literally(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "brackets.txt"
    path.write_text(
        "某措施[AEO]\n1.支持[b]企业[/b]。给予补助。\n2.优化[2023]服务。提升效率。\n",
        encoding="utf-8",
    )
    assert main(["parse", str(path)]) == 0
    out = capsys.readouterr().out
    assert "支持[b]企业[/b]" in out and "优化[2023]服务" in out


@pytest.mark.parametrize("name", ["missing.txt", "junk.txt"])
def test_unreadable_file_is_one_line_exit_1(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], name: str
) -> None:
    (tmp_path / "junk.txt").write_bytes(bytes(range(256)) * 4)
    assert main(["parse", str(tmp_path / name)]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and name in err and "Traceback" not in err


def test_empty_file_parses_to_no_measures(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "empty.txt"
    path.write_text("", encoding="utf-8")
    assert main(["parse", str(path), "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["measures"] == []


@pytest.mark.skipif(shutil.which("policy-tui") is None, reason="console script not installed")
def test_installed_console_script(tmp_path: Path) -> None:
    result = subprocess.run(
        ["policy-tui", "parse", str(tmp_path / "nope.txt")], capture_output=True, text=True
    )
    assert result.returncode == 1
    assert "Traceback" not in result.stderr and "nope.txt" in result.stderr
