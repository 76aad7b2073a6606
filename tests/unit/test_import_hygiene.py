"""index/ stays headless, and the headless commands start without loading Textual."""

from __future__ import annotations

import importlib
import pkgutil
import subprocess
import sys

import pytest


def _modules_after(code: str) -> set[str]:
    out = subprocess.run(
        [sys.executable, "-c", code + "\nimport sys; print('\\n'.join(sys.modules))"],
        capture_output=True,
        text=True,
        check=True,
    )
    return {name.split(".")[0] for name in out.stdout.split()}


SUBPACKAGES = ("formats", "parsing", "library", "search", "bookmarks")


def _submodules(package: str) -> list[str]:
    module = importlib.import_module(package)
    return [m.name for m in pkgutil.walk_packages(module.__path__, prefix=f"{package}.")]


@pytest.mark.parametrize("package", ["index", *(f"index.{name}" for name in SUBPACKAGES)])
def test_index_imports_neither_textual_nor_rich(package: str) -> None:
    names = _submodules(package)
    assert names, f"{package} has no modules"
    loaded = _modules_after("\n".join(f"import {name}" for name in [package, *names]))
    assert "textual" not in loaded
    assert "rich" not in loaded


def test_command_line_entry_does_not_load_textual() -> None:
    loaded = _modules_after("import tui.cli")
    assert "textual" not in loaded
