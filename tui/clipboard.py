"""Copying text, and saying truthfully where it went.

Textual's copy is an OSC 52 escape to the terminal: many terminals take it, tmux by
default does not (``set -g set-clipboard on``), macOS Terminal never. So the text
also goes to the system clipboard through pyperclip (pbcopy, wl-copy, xclip or xsel,
whichever this machine has), and the message names the one that worked.
``POLICY_TUI_NO_SYSTEM_CLIPBOARD=1`` leaves the system clipboard alone (the tests set it).
"""

from __future__ import annotations

import os

from textual.app import App

NO_SYSTEM_CLIPBOARD = "POLICY_TUI_NO_SYSTEM_CLIPBOARD"


def copy_text(app: App, text: str) -> str:
    """Copy ``text`` every way we can; one line saying where it went."""
    app.copy_to_clipboard(text)  # OSC 52 to the terminal (and app.clipboard)
    if not os.environ.get(NO_SYSTEM_CLIPBOARD) and _system_copy(text):
        return "已复制到系统剪贴板 copied to the system clipboard"
    if os.environ.get("TMUX"):
        return (
            "已发送给终端 sent to the terminal (OSC 52): under tmux it reaches the clipboard "
            "only with `set -g set-clipboard on`"
        )
    return "已发送给终端 sent to the terminal (OSC 52): pasted only where the terminal supports it"


def _system_copy(text: str) -> bool:
    try:
        import pyperclip

        pyperclip.copy(text)
    except Exception:  # no clipboard program here (pyperclip.PyperclipException), or it failed
        return False
    return True
