"""Text from files made safe to show on a terminal: control characters become visible.

A policy text, a file name or a bookmark note may hold ESC sequences (a screen
clear, an OSC 52 clipboard write) or other control characters; printed raw,
the terminal would obey them. Every text output of the command line passes
file-derived text through :func:`visible_controls` (or :func:`one_line` for
one-line fields), so the terminal only ever sees the placeholders.

Each control character becomes exactly one character, so offsets computed on
the original text (search highlights) stay valid on the safe one:

* C0 (U+0000–U+001F) except tab and newline → its Control Picture, U+2400–U+241F
  (ESC → ␛);
* DEL (U+007F) → ␡ (U+2421);
* C1 (U+0080–U+009F), which have no pictures → � (U+FFFD).

JSON output keeps the characters: :func:`escape_json_controls` only writes DEL
and C1 (which ``json.dumps`` leaves raw) as ``\\u`` escapes, so the data is unchanged.
"""

from __future__ import annotations

import dataclasses
import re
from typing import TypeVar

_C0_KEEP = "\t\n"
_TABLE = {c: 0x2400 + c for c in range(0x20) if chr(c) not in _C0_KEEP}
_TABLE[0x7F] = 0x2421
_TABLE.update({c: 0xFFFD for c in range(0x80, 0xA0)})
_LINE_TABLE = {**_TABLE, ord("\t"): 0x2409, ord("\n"): 0x2424}  # ␉ and ␤
D = TypeVar("D")
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_JSON_RAW = re.compile("[\x7f-\x9f]")


def has_controls(text: str) -> bool:
    """Whether ``text`` holds a character that :func:`visible_controls` would replace."""
    return _CONTROL.search(text) is not None


def visible_controls(text: str) -> str:
    """``text`` with every control character but tab and newline shown as a placeholder."""
    return text.translate(_TABLE) if has_controls(text) else text


def one_line(text: str) -> str:
    """Like :func:`visible_controls`, and tab and newline too (␉, ␤): for one-line fields."""
    return text.translate(_LINE_TABLE)


def escape_json_controls(json_text: str) -> str:
    """JSON text with DEL and C1 characters written as ``\\u00XX`` (the same JSON value)."""
    return _JSON_RAW.sub(lambda m: f"\\u{ord(m.group()):04x}", json_text)


def _shown(value: object) -> object:
    if isinstance(value, str):
        return visible_controls(value)
    if isinstance(value, tuple):
        return tuple(_shown(v) for v in value)
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        changes = {
            f.name: _shown(getattr(value, f.name))
            for f in dataclasses.fields(value)
            if f.name not in ("id", "document_id")
        }
        return dataclasses.replace(value, **changes)  # type: ignore[arg-type]
    return value


def displayable(document: D) -> D:
    """The document with control characters shown in every text field, for a screen.

    The reader opens its library through this, so no text from a file reaches the
    terminal raw; the command line keeps the data and makes its output safe instead.
    Ids are unchanged, so bookmarks and the index agree with the data as it is.
    """
    if not _has_controls_in(document):
        return document
    return _shown(document)  # type: ignore[return-value]


def _has_controls_in(value: object) -> bool:
    if isinstance(value, str):
        return has_controls(value)
    if isinstance(value, tuple):
        return any(_has_controls_in(v) for v in value)
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return any(_has_controls_in(getattr(value, f.name)) for f in dataclasses.fields(value))
    return False
