"""`policy-tui bookmarks …` from the command line, with --library and --bookmarks after the action."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest

from tui.cli import main

SAMPLES = Path(__file__).resolve().parents[1] / "docs" / "samples"


def test_add_list_export_remove(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    lib, bm = str(SAMPLES), str(tmp_path / "bm.yaml")
    assert main(["search", "保税维修", "--json", "--library", lib]) == 0
    measure_id = json.loads(capsys.readouterr().out)[0]["id"]
    assert (
        main(
            [
                "bookmarks",
                "add",
                measure_id,
                "--note",
                "重点",
                "--tag",
                "维修",
                "--status",
                "待评估",
                "--library",
                lib,
                "--bookmarks",
                bm,
            ]
        )
        == 0
    )
    capsys.readouterr()
    assert main(["bookmarks", "list", "--json", "--library", lib, "--bookmarks", bm]) == 0
    (row,) = json.loads(capsys.readouterr().out)
    assert row["measure_id"] == measure_id and row["status"] == "待评估" and row["found"] == "yes"
    out = tmp_path / "b.csv"
    assert (
        main(
            [
                "bookmarks",
                "export",
                "--format",
                "csv",
                "-o",
                str(out),
                "--library",
                lib,
                "--bookmarks",
                bm,
            ]
        )
        == 0
    )
    assert out.read_bytes().startswith(b"\xef\xbb\xbf")
    (parsed,) = list(csv.DictReader(out.read_text(encoding="utf-8-sig").splitlines()))
    assert parsed["note"] == "重点"
    assert main(["bookmarks", "remove", measure_id, "--library", lib, "--bookmarks", bm]) == 0
    capsys.readouterr()
    main(["bookmarks", "list", "--json", "--library", lib, "--bookmarks", bm])
    assert json.loads(capsys.readouterr().out) == []


def test_damaged_file_exits_non_zero_with_its_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bm = tmp_path / "bm.yaml"
    bm.write_text("version: 1\nbookmarks:\n  - measure_id: [\n", encoding="utf-8")
    before = bm.read_bytes()
    assert main(["bookmarks", "list", "--library", str(SAMPLES), "--bookmarks", str(bm)]) == 1
    err = capsys.readouterr().err
    assert "line" in err and err.count("\n") == 1
    assert bm.read_bytes() == before


def test_unknown_measure(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert (
        main(
            [
                "bookmarks",
                "add",
                "nope-1",
                "--library",
                str(SAMPLES),
                "--bookmarks",
                str(tmp_path / "b.yaml"),
            ]
        )
        == 1
    )
    assert "nope-1" in capsys.readouterr().err
