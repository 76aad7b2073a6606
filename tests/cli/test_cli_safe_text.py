"""Escape sequences in texts, file names and notes never reach the terminal from the CLI.

A screen clear (ESC [2J) and an OSC 52 clipboard write are shown as visible
placeholders (␛, ␇) in every text output; JSON keeps them, escaped.
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

import pytest

from tui.cli import main

CLEAR = "\x1b[2J"
CLIPBOARD = "\x1b]52;c;SGVsbG8=\x07"  # OSC 52: "put Hello on the clipboard"
RAW = (CLEAR, CLIPBOARD, "\x1b", "\x07", "\x9b")
STYLES = re.compile("\x1b\\[[0-9;]*m")  # rich's own colours on a terminal: not from a file
TEXT = f"""示例市支持保税维修发展的若干措施{CLEAR}
发布日期：2024年5月1日  来源：示例市商务局
为推动保税维修发展，制定以下措施。
一、扩大维修范围{CLIPBOARD}。支持企业开展保税维修{CLEAR}业务，对新增项目给予一次性奖励\x9b。
二、优化监管方式。实施分类监管，提高仓储利用率。
示例市商务局
2024年5月1日
"""


@pytest.fixture
def library(tmp_path: Path) -> Path:
    folder = tmp_path / "library"
    folder.mkdir()
    (folder / f"evil{CLEAR}name.txt").write_text(TEXT, encoding="utf-8")
    return folder


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str]:
    """Status and stdout + stderr, after checking no raw control sequence is in either."""
    capsys.readouterr()
    status = main(list(argv))
    captured = capsys.readouterr()
    both = STYLES.sub("", captured.out + captured.err)
    for raw in RAW:
        assert raw not in both, f"raw {raw!r} in the output of {argv}"
    return status, both


def _measure_id(capsys: pytest.CaptureFixture[str], library: Path) -> str:
    capsys.readouterr()
    assert main(["search", "保税维修", "--json", "--library", str(library)]) == 0
    return str(json.loads(capsys.readouterr().out)["hits"][0]["id"])


def test_search_snippets_and_titles(capsys: pytest.CaptureFixture[str], library: Path) -> None:
    status, out = run(capsys, "search", "保税维修", "--library", str(library))
    assert status == 0 and "␛[2J" in out and "␛]52;c;SGVsbG8=␇" in out


def test_search_json_keeps_the_text_escaped(
    capsys: pytest.CaptureFixture[str], library: Path
) -> None:
    status, out = run(capsys, "search", "扩大维修范围", "--json", "--library", str(library))
    hit = json.loads(out)["hits"][0]
    assert status == 0 and CLIPBOARD in hit["title"] + hit["snippet"]  # the data is unchanged


@pytest.mark.parametrize("terminal", [False, True])
def test_list(
    capsys: pytest.CaptureFixture[str],
    library: Path,
    monkeypatch: pytest.MonkeyPatch,
    terminal: bool,
) -> None:
    monkeypatch.setattr(sys.stdout, "isatty", lambda: terminal)
    monkeypatch.setenv("COLUMNS", "200")  # the table's title column then has room
    status, out = run(capsys, "list", "--library", str(library))
    assert status == 0 and "若干措施␛[2J" in out
    status, out = run(capsys, "list", "--json", "--library", str(library))
    (row,) = json.loads(out)
    assert row["title"].endswith(CLEAR) and CLEAR in row["file"]


def test_parse_tree_and_check(capsys: pytest.CaptureFixture[str], library: Path) -> None:
    (path,) = library.iterdir()
    status, out = run(capsys, "parse", str(path))
    assert status == 0 and "␛]52;c;SGVsbG8=␇" in out
    status, out = run(capsys, "parse", "--check", str(path))
    assert status == 0 and "evil␛[2Jname.txt" in out


def test_error_lines(capsys: pytest.CaptureFixture[str], tmp_path: Path, library: Path) -> None:
    bad = tmp_path / f"bad{CLIPBOARD}.txt"
    bad.write_bytes(bytes(range(256)) * 4)
    status, out = run(capsys, "parse", str(bad))
    assert status == 1 and "bad␛]52;c;SGVsbG8=␇.txt: binary data" in out
    status, out = run(capsys, "add", str(bad), "--library", str(library))
    assert status == 1 and "bad␛]52" in out
    status, out = run(capsys, "list", "--library", str(tmp_path / f"gone{CLEAR}"))
    assert status == 2 and "gone␛[2J" in out


def test_bookmarks_list_and_export(
    capsys: pytest.CaptureFixture[str], library: Path, tmp_path: Path
) -> None:
    opts = ["--library", str(library), "--bookmarks", str(tmp_path / "marks.yaml")]
    measure_id = _measure_id(capsys, library)
    status, out = run(
        capsys, "bookmarks", "add", measure_id, "--note", f"记下{CLIPBOARD}", "--tag", CLEAR, *opts
    )
    assert status == 0
    status, out = run(capsys, "bookmarks", "list", *opts)
    assert status == 0 and "记下␛]52;c;SGVsbG8=␇" in out and "#␛[2J" in out
    for fmt in ("md", "csv"):
        status, out = run(capsys, "bookmarks", "export", "--format", fmt, *opts)
        assert status == 0 and "␛]52" in out
    status, out = run(capsys, "bookmarks", "export", "--format", "json", *opts)
    assert status == 0 and CLIPBOARD in json.loads(out)[0]["note"]
    status, out = run(capsys, "bookmarks", "list", "--json", *opts)
    assert status == 0 and CLIPBOARD in json.loads(out)[0]["note"]
    written = tmp_path / "out.md"
    assert run(capsys, "bookmarks", "export", "-o", str(written), *opts)[0] == 0
    assert CLIPBOARD in written.read_text(encoding="utf-8")  # a file gets the text as it is
