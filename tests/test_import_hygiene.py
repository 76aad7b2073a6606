"""index/ stays headless, and the headless commands start without loading Textual."""

from __future__ import annotations

import pkgutil
import subprocess
import sys

import index


def _modules_after(code: str) -> set[str]:
    out = subprocess.run(
        [sys.executable, "-c", code + "\nimport sys; print('\\n'.join(sys.modules))"],
        capture_output=True, text=True, check=True,
    )
    return {name.split(".")[0] for name in out.stdout.split()}


def test_index_imports_neither_textual_nor_rich() -> None:
    names = [m.name for m in pkgutil.iter_modules(index.__path__)]
    assert "parser" in names
    code = "\n".join(f"import index.{name}" for name in names)
    loaded = _modules_after(code)
    assert "textual" not in loaded
    assert "rich" not in loaded


def test_command_line_entry_does_not_load_textual() -> None:
    loaded = _modules_after("import tui.cli")
    assert "textual" not in loaded
