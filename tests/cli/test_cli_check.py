"""`policy-tui parse --check FILE…`: one line per warning, a summary for a clean file."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tui.cli import main

CLEAN = "某市促进外贸发展的若干措施\n2024年5月1日\n一、支持企业出海。给予补助。\n二、优化通关服务。提升效率。\n"
GAP_NO_DATE = "某市[b]外贸[/b]措施\n一、支持企业出海。给予补助。\n二、优化通关服务。提升效率。\n四、加强人才保障。引进人才。\n"


@pytest.fixture
def files(tmp_path: Path) -> tuple[Path, Path]:
    clean, gap = tmp_path / "clean.txt", tmp_path / "gap.md"
    clean.write_text(CLEAN, encoding="utf-8")
    gap.write_text(GAP_NO_DATE, encoding="utf-8")
    return clean, gap


def test_one_line_per_warning_and_a_summary_for_a_clean_file(
    files: tuple[Path, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    clean, gap = files
    assert main(["parse", "--check", str(clean), str(gap)]) == 0  # warnings are no failure
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == f"{clean}: 无警告 (no warnings)"
    assert lines[1].startswith(f"{gap}: 编号跳过：二、 之后是 四、")
    assert lines[2] == f"{gap}: 未找到日期 (no date found)"
    assert len(lines) == 3


def test_an_unreadable_file_is_one_line_and_exit_1_the_others_still_checked(
    files: tuple[Path, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    clean, _ = files
    missing = tmp_path / "missing.txt"
    assert main(["parse", "--check", str(missing), str(clean)]) == 1
    out, err = capsys.readouterr()
    assert err.count("\n") == 1 and "missing.txt" in err and "Traceback" not in err
    assert out == f"{clean}: 无警告 (no warnings)\n"


def test_json_gives_one_object_per_file(
    files: tuple[Path, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    clean, gap = files
    assert main(["parse", "--check", "--json", str(clean), str(gap)]) == 0
    first, second = (json.loads(line) for line in capsys.readouterr().out.splitlines())
    assert first["file"] == str(clean) and first["warnings"] == []
    assert set(first) == {"file", "id", "title", "warnings"}
    assert [w["code"] for w in second["warnings"]] == ["numbering-gap", "no-date"]
    assert second["warnings"][0]["measure_id"].startswith(f"{second['id']}-")
    assert second["warnings"][1]["measure_id"] is None


def test_file_text_is_printed_as_written(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "brackets.txt"
    path.write_text(
        "某市措施\n2024年5月1日\n一、支持企业出海。给予补助。\n二、优化。提升。\n"
        "某市商务局\n2024年5月1日\n[b]扫码[/b]关注\n",
        encoding="utf-8",
    )
    assert main(["parse", "--check", str(path)]) == 0
    assert "[b]扫码[/b]关注" in capsys.readouterr().out


def test_without_check_one_file_only_and_output_unchanged(
    files: tuple[Path, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    clean, gap = files
    assert main(["parse", str(clean), str(gap)]) == 2
    assert "--check" in capsys.readouterr().err
    assert main(["parse", str(clean), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["title"] == "某市促进外贸发展的若干措施" and len(data["measures"]) == 2
