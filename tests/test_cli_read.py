"""`policy-tui [PATH ...]`: argument errors are one line, before any full-screen output."""

from __future__ import annotations

from pathlib import Path

import pytest

from tui.cli import main


def test_missing_path_is_one_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main([str(tmp_path / "nowhere")]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "nowhere" in err and "Traceback" not in err


def test_help_does_not_start_the_reader(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--help"]) == 0
    out = capsys.readouterr().out
    assert "parse" in out and "search" in out and "bookmarks" in out
