"""`policy-tui bookmarks …` in-process: --library and --bookmarks after the action, one-line errors."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable
from pathlib import Path

import pytest
import yaml

from index.library.catalog import Library
from index.paths import data_dir
from tui.cli import main

# A fictional text written for these tests (not from the corpus).
SAMPLE = """【测试样例，非真实文件】
示例市支持保税维修发展的若干措施
发布日期：2024年5月1日  来源：示例市商务局
为推动保税维修发展，制定以下措施。
一、扩大维修范围。支持企业开展全球维修和再制造业务，对新增项目给予一次性奖励。
二、优化监管方式。实施分类监管，提高仓储利用率。
三、加强要素保障。统筹用好专项资金，对高级认证企业给予培育奖励。
示例市商务局
2024年5月1日
"""


@pytest.fixture
def library(tmp_path: Path) -> Path:
    folder = tmp_path / "library"
    folder.mkdir()
    (folder / "示例措施.txt").write_text(SAMPLE, encoding="utf-8")
    return folder


@pytest.fixture
def ids(library: Path) -> list[str]:
    lib = Library.open([library], cache_dir=library.parent / "cache")
    (doc,) = lib.documents
    assert len(doc.measures) == 3
    return [m.id for m in doc.measures]


@pytest.fixture
def bm(tmp_path: Path) -> Path:
    return tmp_path / "bm" / "bookmarks.yaml"


def run(*argv: str) -> int:
    return main(list(argv))


def opts(library: Path, bm: Path) -> list[str]:
    return ["--library", str(library), "--bookmarks", str(bm)]


def test_add_list_remove_round_trip(
    library: Path, ids: list[str], bm: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    o = opts(library, bm)
    assert run("bookmarks", "add", ids[0], "--note", "重点", "--tag", "维修", "--tag", "资金",
               "--status", "待评估", *o) == 0  # fmt: skip
    assert "扩大维修范围" in capsys.readouterr().out
    assert run("bookmarks", "add", ids[2], *o) == 0
    capsys.readouterr()
    assert run("bookmarks", "list", "--json", *o) == 0
    rows = json.loads(capsys.readouterr().out)
    assert [r["measure_id"] for r in rows] == [ids[0], ids[2]]
    assert rows[0]["tags"] == ["维修", "资金"] and rows[0]["status"] == "待评估"
    assert rows[0]["found"] is True and rows[0]["note"] == "重点"
    assert "支持企业开展全球维修" in rows[0]["text"]
    assert run("bookmarks", "remove", ids[0], *o) == 0
    capsys.readouterr()
    assert run("bookmarks", "list", "--json", *o) == 0
    assert [r["measure_id"] for r in json.loads(capsys.readouterr().out)] == [ids[2]]
    assert yaml.safe_load(bm.read_text(encoding="utf-8"))["version"] == 1


def test_adding_again_updates_status_note_and_tags(
    library: Path, ids: list[str], bm: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    o = opts(library, bm)
    assert run("bookmarks", "add", ids[1], "--tag", "监管", *o) == 0
    assert run("bookmarks", "add", ids[1], "--status", "已申报", "--tag", "海关", *o) == 0
    assert "updated" in capsys.readouterr().out
    (entry,) = yaml.safe_load(bm.read_text(encoding="utf-8"))["bookmarks"]
    assert entry["status"] == "已申报" and entry["tags"] == ["监管", "海关"]


def test_human_list_is_grouped_and_keeps_missing_measures(
    library: Path, ids: list[str], bm: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run("bookmarks", "add", ids[1], "--note", "留着", *opts(library, bm)) == 0
    capsys.readouterr()
    assert run("bookmarks", "list", *opts(library, bm)) == 0
    out = capsys.readouterr().out
    assert out.splitlines()[0] == "示例市支持保税维修发展的若干措施"
    assert "二、优化监管方式" in out and "留着" in out and "not found" not in out
    empty = tmp_path / "empty"
    empty.mkdir()
    assert run("bookmarks", "list", *opts(empty, bm)) == 0
    out = capsys.readouterr().out
    assert "not found in the library" in out
    assert (
        "优化监管方式" in out and "实施分类监管，提高仓储利用率。" in out
    )  # stored title, excerpt
    assert run("bookmarks", "list", "--json", *opts(empty, bm)) == 0
    (row,) = json.loads(capsys.readouterr().out)
    assert row["found"] is False and row["measure_id"] == ids[1]


def test_bookmarks_file_from_the_environment_and_the_default(
    library: Path,
    ids: list[str],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert run("bookmarks", "add", ids[0], "--library", str(library)) == 0
    default = data_dir() / "bookmarks.yaml"
    assert str(default).startswith(str(tmp_path)) and ids[0] in default.read_text(encoding="utf-8")
    env_file = tmp_path / "env" / "marks.yaml"
    monkeypatch.setenv("POLICY_TUI_BOOKMARKS", str(env_file))
    assert run("bookmarks", "add", ids[1], "--library", str(library)) == 0
    assert ids[1] in env_file.read_text(encoding="utf-8")
    assert ids[1] not in default.read_text(encoding="utf-8")


def _export(fmt: str, out: Path, library: Path, bm: Path) -> int:
    return run("bookmarks", "export", "--format", fmt, "-o", str(out), *opts(library, bm))


def _bookmark_two(library: Path, ids: list[str], bm: Path) -> None:
    o = opts(library, bm)
    assert run("bookmarks", "add", ids[0], "--note", "备注一", "--status", "待评估", *o) == 0
    assert run("bookmarks", "add", ids[2], "--tag", "资金", *o) == 0


def test_csv_export_opens_in_a_spreadsheet(
    library: Path, ids: list[str], bm: Path, tmp_path: Path
) -> None:
    _bookmark_two(library, ids, bm)
    out = tmp_path / "marks.csv"
    assert _export("csv", out, library, bm) == 0
    raw = out.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf") and b"\r\n" in raw
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"), newline="")))
    assert [r["measure_id"] for r in rows] == [ids[0], ids[2]]
    assert rows[0]["measure_title"] == "扩大维修范围" and rows[0]["note"] == "备注一"
    assert rows[0]["document_issuer"] == "示例市商务局" and rows[0]["document_date"] == "2024-05-01"
    assert rows[1]["tags"] == "资金" and rows[1]["found"] == "yes"


def test_csv_on_standard_output_has_the_bom_too(
    library: Path, ids: list[str], bm: Path, capsysbinary: pytest.CaptureFixture[bytes]
) -> None:
    _bookmark_two(library, ids, bm)
    capsysbinary.readouterr()
    assert run("bookmarks", "export", "--format", "csv", *opts(library, bm)) == 0
    raw = capsysbinary.readouterr().out
    assert raw.startswith(b"\xef\xbb\xbf")
    assert len(list(csv.reader(io.StringIO(raw.decode("utf-8-sig"), newline="")))) == 3


def test_json_export_loads_back(library: Path, ids: list[str], bm: Path, tmp_path: Path) -> None:
    _bookmark_two(library, ids, bm)
    out = tmp_path / "marks.json"
    assert _export("json", out, library, bm) == 0
    data = json.loads(out.read_text(encoding="utf-8"))
    assert isinstance(data, list) and [d["measure_id"] for d in data] == [ids[0], ids[2]]
    assert (
        data[1]["tags"] == ["资金"]
        and data[0]["document_title"] == "示例市支持保税维修发展的若干措施"
    )


def test_markdown_export_is_a_checklist_grouped_by_document(
    library: Path, ids: list[str], bm: Path, tmp_path: Path
) -> None:
    _bookmark_two(library, ids, bm)
    out = tmp_path / "marks.md"
    assert _export("md", out, library, bm) == 0
    lines = out.read_text(encoding="utf-8").splitlines()
    assert lines.count("## 示例市支持保税维修发展的若干措施") == 1
    assert "来源 Source：《示例市支持保税维修发展的若干措施》，示例市商务局，2024-05-01" in lines
    items = [line for line in lines if line.startswith("- [ ] **")]
    assert items == ["- [ ] **一、扩大维修范围**", "- [ ] **三、加强要素保障**"]
    first = lines.index(items[0])
    block = lines[first : lines.index(items[1])]
    assert "  支持企业开展全球维修和再制造业务，对新增项目给予一次性奖励。" in block
    assert "  - 状态 Status：待评估" in block and "  - 备注 Note：备注一" in block
    assert lines.index("## 示例市支持保税维修发展的若干措施") < first


def test_export_never_overwrites_the_bookmarks_file(
    library: Path, ids: list[str], bm: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _bookmark_two(library, ids, bm)
    before = bm.read_bytes()
    assert _export("md", bm, library, bm) == 1
    assert "bookmarks file itself" in capsys.readouterr().err
    assert bm.read_bytes() == before


@pytest.mark.parametrize(
    "argv",
    [
        ["list"],
        ["list", "--json"],
        ["add", "X"],
        ["remove", "X"],
        ["export", "--format", "csv"],
    ],
)
def test_damaged_file_exits_1_with_its_line_and_is_left_alone(
    library: Path, bm: Path, argv: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    bm.parent.mkdir()
    bm.write_text("version: 1\nbookmarks:\n- measure_id: a\n  note: [unclosed\n", encoding="utf-8")
    before = bm.read_bytes()
    assert run("bookmarks", *argv, *opts(library, bm)) == 1
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.count("\n") == 1 and "line 5" in captured.err and str(bm) in captured.err
    assert "Traceback" not in captured.err
    assert bm.read_bytes() == before and sorted(p.name for p in bm.parent.iterdir()) == [bm.name]


def _newer(bm: Path, ids: list[str]) -> str:
    bm.write_text(
        f"version: 2\nbookmarks:\n- measure_id: {ids[0]}\n  measure_title: 扩大维修范围\n",
        encoding="utf-8",
    )
    return "newer"


def _read_only(bm: Path, ids: list[str]) -> str:
    bm.write_text(f"version: 1\nbookmarks:\n- measure_id: {ids[0]}\n", encoding="utf-8")
    bm.chmod(0o444)  # refused for root too: os.replace would silently undo the chmod
    return "read-only"


def _twice(bm: Path, ids: list[str]) -> str:
    bm.write_text(
        f"version: 1\nbookmarks:\n- measure_id: {ids[0]}\n  note: 甲\n"
        f"- measure_id: {ids[0]}\n  note: 乙\n",
        encoding="utf-8",
    )
    return "more than once"


UNWRITABLE = {"newer version": _newer, "read-only (0444)": _read_only, "an id twice": _twice}


@pytest.mark.parametrize("make", UNWRITABLE.values(), ids=UNWRITABLE.keys())
def test_an_unwritable_file_is_read_quietly_and_every_write_fails_naming_it(
    library: Path,
    ids: list[str],
    bm: Path,
    make: Callable[[Path, list[str]], str],
    capsys: pytest.CaptureFixture[str],
) -> None:
    """Reading succeeds with nothing on stderr; a command that must write fails with one
    line naming the user's file and why, exit 1, and leaves the file (and its folder) as
    they were."""
    bm.parent.mkdir()
    why = make(bm, ids)
    before = bm.read_bytes()
    for argv in (["list", "--json"], ["list"], ["export", "--format", "md"]):
        assert run("bookmarks", *argv, *opts(library, bm)) == 0, argv
        captured = capsys.readouterr()
        assert captured.err == "", argv
        assert "扩大维修范围" in captured.out, argv
    writes = (["add", ids[1]], ["add", ids[0], "--note", "覆盖"], ["remove", ids[0]])
    for argv in writes:
        assert run("bookmarks", *argv, *opts(library, bm)) == 1, argv
        captured = capsys.readouterr()
        assert captured.out == "", argv
        assert captured.err.count("\n") == 1 and why in captured.err, argv
        assert f"policy-tui: {bm}: " in captured.err, argv  # the user's file, not .lock/.tmp
    assert bm.read_bytes() == before
    assert sorted(p.name for p in bm.parent.iterdir()) == [bm.name]  # no .bak, no .lock


def test_unknown_measure_and_unknown_bookmark(
    library: Path, ids: list[str], bm: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run("bookmarks", "add", "nope-1", *opts(library, bm)) == 1
    err = capsys.readouterr().err
    assert "nope-1" in err and err.count("\n") == 1
    assert not bm.exists()
    assert run("bookmarks", "remove", ids[0], *opts(library, bm)) == 1
    assert ids[0] in capsys.readouterr().err


def test_unwritable_output_is_one_line(
    library: Path, ids: list[str], bm: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _bookmark_two(library, ids, bm)
    capsys.readouterr()
    assert _export("json", tmp_path / "no" / "such" / "dir.json", library, bm) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "dir.json" in err


def test_current_id_reaches_a_bookmark_kept_under_an_older_id(
    library: Path, ids: list[str], bm: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bm.parent.mkdir()
    bm.write_text(
        "version: 1\nbookmarks:\n"
        "- measure_id: 0123456789ab-2\n"  # the id before the text was re-dated
        "  document_title: 示例市支持保税维修发展的若干措施\n"
        "  measure_number: 二\n"
        "  measure_title: 优化监管方式\n",
        encoding="utf-8",
    )
    assert run("bookmarks", "add", ids[1], "--status", "已申报", *opts(library, bm)) == 0
    (entry,) = yaml.safe_load(bm.read_text(encoding="utf-8"))["bookmarks"]
    assert entry["measure_id"] == "0123456789ab-2" and entry["status"] == "已申报"
    capsys.readouterr()
    assert run("bookmarks", "list", "--json", *opts(library, bm)) == 0
    (row,) = json.loads(capsys.readouterr().out)
    assert row["found"] is True and row["library_measure_id"] == ids[1]
    assert run("bookmarks", "remove", ids[1], *opts(library, bm)) == 0
    assert yaml.safe_load(bm.read_text(encoding="utf-8"))["bookmarks"] == []
