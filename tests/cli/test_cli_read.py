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


@pytest.mark.parametrize(
    "argv", [["--no-such-flag"], ["--bookmarks"], ["--library"]], ids=["flag", "no-file", "no-dir"]
)
def test_bad_arguments_are_one_line_and_exit_1(
    argv: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(argv) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and err.startswith("policy-tui: ") and "usage:" not in err


def test_missing_library_folder_is_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["--library", str(tmp_path / "nowhere")]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "nowhere" in err


def test_help_after_a_path_prints_the_readers_usage(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main([str(tmp_path), "--help"]) == 0
    assert "--bookmarks" in capsys.readouterr().out
