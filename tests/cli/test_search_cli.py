"""`policy-tui search`, `related` and `index` from the command line."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tui.cli import main

pytestmark = pytest.mark.usefixtures("use_engine")

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "search"


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    capsys.readouterr()
    status = main(list(argv))
    out, err = capsys.readouterr()
    return status, out, err


def test_search_json(capsys: pytest.CaptureFixture[str], library_dir: Path) -> None:
    status, out, err = run(capsys, "search", "保税维修", "--library", str(library_dir), "--json")
    assert status == 0 and err == ""
    data = json.loads(out)
    assert set(data) == {"query", "total", "hits", "suggestion", "corrected_from"}
    assert data["query"] == "保税维修" and data["total"] == 3 and data["corrected_from"] is None
    hits = data["hits"]
    assert len(hits) == 3
    assert set(hits[0]) == {"id", "document", "number", "title", "section", "score", "snippet"}
    assert {h["title"] for h in hits} == {
        "支持保税维修业务发展",
        "推进保税维修扩大范围",
        "推动保税维修业务集聚发展",
    }
    assert all("保税维修" in h["snippet"] for h in hits)
    assert [h["score"] for h in hits] == sorted((h["score"] for h in hits), reverse=True)
    qingchuan = next(h for h in hits if h["title"] == "支持保税维修业务发展")
    assert qingchuan["number"] == "（一）" and qingchuan["section"] == "提升综合保税区功能"


def test_search_limit_and_text_output(
    capsys: pytest.CaptureFixture[str], library_dir: Path
) -> None:
    status, out, _ = run(
        capsys, "search", "保税维修", "--library", str(library_dir), "--limit", "1"
    )
    assert status == 0
    assert out.count("保税维修") >= 2  # title and snippet
    assert "3 条措施 found (showing 1)" in out


def test_search_words_from_several_arguments(
    capsys: pytest.CaptureFixture[str], library_dir: Path
) -> None:
    argv = ["search", "保税维修", "NOT", "航空", "--library", str(library_dir), "--json"]
    status, out, _ = run(capsys, *argv)
    assert status == 0
    assert [h["title"] for h in json.loads(out)["hits"]] == ["推进保税维修扩大范围"]
    # a leading - must stay inside one argument, or argparse takes it for an option
    argv = ["search", "保税维修 -航空", "--library", str(library_dir), "--json"]
    status, out, _ = run(capsys, *argv)
    assert status == 0
    assert [h["title"] for h in json.loads(out)["hits"]] == ["推进保税维修扩大范围"]


def test_search_file_text_is_not_markup(
    capsys: pytest.CaptureFixture[str], library_dir: Path
) -> None:
    (library_dir / "markup.txt").write_text(
        "[bold]标记[/bold]测试措施（样例）\n\n发布时间：2020-02-02\n\n1.[red]保税维修[/red]标记。正文[link=x]保税维修[/link]。\n\n2.第二条[/]措施。正文。\n",
        encoding="utf-8",
    )
    status, out, _ = run(capsys, "search", "标记", "--library", str(library_dir))
    assert status == 0
    assert "[red]" in out and "[/link]" in out


def test_no_results_show_the_corrected_query(
    capsys: pytest.CaptureFixture[str], library_dir: Path
) -> None:
    status, out, _ = run(capsys, "search", "保税维修 火星", "--library", str(library_dir))
    assert status == 0
    assert "显示「保税维修」的结果 · 仍搜索「保税维修 火星」" in out
    assert "3 条措施 found" in out
    status, out, _ = run(
        capsys, "search", "保税维修 火星", "--exact", "--library", str(library_dir)
    )
    assert "no results" in out and "try: 保税维修" in out
    status, out, _ = run(capsys, "search", "保税维修 火星", "--json", "--library", str(library_dir))
    data = json.loads(out)
    assert data["corrected_from"] == "保税维修 火星" and data["suggestion"] == "保税维修"
    assert data["total"] == 3 and len(data["hits"]) == 3


def test_piped_output_is_plain_with_each_snippet_on_one_line(
    capsys: pytest.CaptureFixture[str], library_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("FORCE_COLOR", raising=False)
    argv = ["search", "保税维修", "--library", str(library_dir)]
    _, data, _ = run(capsys, *argv, "--json")
    status, out, _ = run(capsys, *argv)
    assert status == 0 and "\x1b" not in out
    lines = out.splitlines()
    for hit in json.loads(data)["hits"]:
        assert f"  {hit['snippet']}" in lines  # whole, not wrapped at 80 columns
        assert any(line.startswith(f"  {hit['id']}  score ") for line in lines)


def test_styled_output_highlights_the_query_words(
    capsys: pytest.CaptureFixture[str], library_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("FORCE_COLOR", "1")
    status, out, _ = run(capsys, "search", "保税维修", "--library", str(library_dir))
    assert status == 0
    assert "\x1b[1;33m保税维修\x1b[0m" in out  # the title's and snippets' matches
    assert out.count("\x1b[1;33m保税维修") >= 6


MODULES_AFTER_MAIN = """
import sys
from tui.cli import main
main(sys.argv[1:])
sys.stderr.write("\\n".join(sys.modules))
"""


def test_a_piped_search_loads_neither_rich_nor_other_commands(library_dir: Path) -> None:
    """Start-up: a search writing to a pipe imports no styling library and no other
    command's module."""
    probe = subprocess.run(
        [sys.executable, "-c", MODULES_AFTER_MAIN, "search", "保税维修"]
        + ["--library", str(library_dir)],
        capture_output=True,
        text=True,
        env={**os.environ, "FORCE_COLOR": ""},
    )
    assert probe.returncode == 0 and "保税维修" in probe.stdout
    imported = set(probe.stderr.splitlines())
    assert "tui.commands.search" in imported
    assert not {m for m in imported if m == "rich" or m.startswith("rich.")}
    assert not {"tui.commands.add", "tui.commands.index", "tui.commands.list_documents"} & imported


def test_malformed_query_is_one_line_on_stderr(
    capsys: pytest.CaptureFixture[str], library_dir: Path
) -> None:
    status, out, err = run(capsys, "search", '"保税维修', "--library", str(library_dir), "--json")
    assert status == 0
    assert len(json.loads(out)["hits"]) == 3
    assert err.count("\n") == 1 and "quote" in err


def test_missing_library_is_one_line(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    status, out, err = run(capsys, "search", "保税", "--library", str(tmp_path / "nope"))
    assert status == 2 and out == ""
    assert err.count("\n") == 1 and "nope" in err and "Traceback" not in err


def test_related_json(capsys: pytest.CaptureFixture[str], library_dir: Path) -> None:
    _, out, _ = run(
        capsys, "search", "title:支持保税维修业务发展", "--library", str(library_dir), "--json"
    )
    measure_id = json.loads(out)["hits"][0]["id"]
    status, out, err = run(capsys, "related", measure_id, "--library", str(library_dir), "--json")
    assert status == 0 and err == ""
    related = json.loads(out)
    assert {"推进保税维修扩大范围", "推动保税维修业务集聚发展"} <= {r["title"] for r in related}
    assert all(r["id"].split("-")[0] != measure_id.split("-")[0] for r in related)
    assert all(r["shared_terms"] for r in related)


def test_related_unknown_id(capsys: pytest.CaptureFixture[str], library_dir: Path) -> None:
    status, out, err = run(capsys, "related", "nope-1", "--library", str(library_dir))
    assert status == 1 and out == ""
    assert err.count("\n") == 1 and "nope-1" in err


def test_index_says_what_changed(capsys: pytest.CaptureFixture[str], library_dir: Path) -> None:
    status, out, _ = run(capsys, "index", "--library", str(library_dir))
    assert status == 0
    assert "4 份文件, 19 条措施" in out and "4 added" in out
    status, out, _ = run(capsys, "index", "--library", str(library_dir))
    assert "up to date" in out
    (library_dir / "shiwan_gangkou.txt").unlink()
    status, out, _ = run(capsys, "index", "--library", str(library_dir))
    assert "1 removed" in out and "0 条措施 indexed" in out
    status, out, _ = run(capsys, "index", "--library", str(library_dir), "--rebuild")
    assert "rebuilt" in out and "16 条措施 indexed" in out


def test_index_reports_unreadable_files(
    capsys: pytest.CaptureFixture[str], library_dir: Path
) -> None:
    (library_dir / "bad.txt").write_bytes(
        ("正文" * 40).encode() + b"\xff\xfe" + ("正文" * 40).encode()
    )
    status, out, err = run(capsys, "index", "--library", str(library_dir))
    assert status == 0
    assert "bad.txt" in err and "Traceback" not in err


def test_default_library_from_the_environment(
    capsys: pytest.CaptureFixture[str], library_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("POLICY_TUI_LIBRARY", str(library_dir))
    status, out, _ = run(capsys, "search", "中欧班列", "--json")
    assert status == 0 and [h["title"] for h in json.loads(out)["hits"]] == ["提升中欧班列运行效率"]


def test_search_updates_the_index_silently(
    capsys: pytest.CaptureFixture[str], library_dir: Path
) -> None:
    run(capsys, "index", "--library", str(library_dir))
    path = library_dir / "shiwan_gangkou.txt"
    path.write_text(
        path.read_text(encoding="utf-8").replace("船边直提", "抵港直装"), encoding="utf-8"
    )
    status, out, err = run(capsys, "search", "抵港直装", "--library", str(library_dir), "--json")
    assert status == 0 and err == ""
    assert [h["title"] for h in json.loads(out)["hits"]] == ["压缩整体通关时间"]


def test_search_with_region_and_type_facets(
    capsys: pytest.CaptureFixture[str], library_dir: Path
) -> None:
    (library_dir / "hubei_weixiu.txt").write_text(
        "湖北省综合保税区保税维修管理办法（试行）\n\n湖北省商务厅\n2024年5月10日\n\n"
        "第一条 支持综合保税区内企业开展保税维修业务。\n\n第二条 本办法自发布之日起施行。\n",
        encoding="utf-8",
    )
    status, out, err = run(
        capsys, "search", "保税维修", "region:湖北", "--library", str(library_dir), "--json"
    )
    assert status == 0 and err == ""
    data = json.loads(out)
    assert data["corrected_from"] is None
    assert {h["document"] for h in data["hits"]} == {"湖北省综合保税区保税维修管理办法（试行）"}
    status, out, _ = run(capsys, "search", "保税维修 type:办法", "--library", str(library_dir))
    assert status == 0 and "湖北省综合保税区保税维修管理办法" in out and "青川" not in out
