"""y says where the text went: the system clipboard, or only the terminal (and tmux's catch)."""

from __future__ import annotations

import sys
import types

import pytest

from tui.clipboard import NO_SYSTEM_CLIPBOARD, copy_text


class FakeApp:
    def __init__(self) -> None:
        self.copied: list[str] = []

    def copy_to_clipboard(self, text: str) -> None:
        self.copied.append(text)


def fake_pyperclip(monkeypatch: pytest.MonkeyPatch, works: bool) -> list[str]:
    got: list[str] = []

    def copy(text: str) -> None:
        if not works:
            raise RuntimeError("no clipboard program")
        got.append(text)

    monkeypatch.setitem(sys.modules, "pyperclip", types.SimpleNamespace(copy=copy))
    return got


def test_the_system_clipboard_when_there_is_one(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(NO_SYSTEM_CLIPBOARD)
    got = fake_pyperclip(monkeypatch, works=True)
    app = FakeApp()
    assert "系统剪贴板" in copy_text(app, "保税维修")  # type: ignore[arg-type]
    assert got == ["保税维修"] and app.copied == ["保税维修"]


def test_only_the_terminal_and_tmux_says_what_it_needs(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(NO_SYSTEM_CLIPBOARD)
    fake_pyperclip(monkeypatch, works=False)
    monkeypatch.setenv("TMUX", "/tmp/tmux-0/default,1,0")
    app = FakeApp()
    said = copy_text(app, "保税维修")  # type: ignore[arg-type]
    assert "OSC 52" in said and "set-clipboard on" in said and app.copied == ["保税维修"]
    monkeypatch.delenv("TMUX")
    assert "set-clipboard" not in copy_text(app, "x")  # type: ignore[arg-type]


def test_tests_never_touch_the_system_clipboard(monkeypatch: pytest.MonkeyPatch) -> None:
    got = fake_pyperclip(monkeypatch, works=True)  # the autouse fixture set the switch
    assert "OSC 52" in copy_text(FakeApp(), "x")  # type: ignore[arg-type]
    assert got == []
