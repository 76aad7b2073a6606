"""index.safe_text: control characters shown, one character for one, everything else kept."""

from __future__ import annotations

import json

from hypothesis import given
from hypothesis import strategies as st

from index.safe_text import escape_json_controls, has_controls, one_line, visible_controls

CLEAR = "\x1b[2J"
CLIPBOARD = "\x1b]52;c;SGVsbG8=\x07"
CONTROLS = [chr(c) for c in (*range(0x20), *range(0x7F, 0xA0)) if chr(c) not in "\t\n"]


def test_escape_sequences_become_visible() -> None:
    assert visible_controls(f"标题{CLEAR}正文") == "标题␛[2J正文"
    assert visible_controls(CLIPBOARD) == "␛]52;c;SGVsbG8=␇"
    assert visible_controls("\x00\x7f\x9b") == "␀␡\ufffd"


def test_tab_newline_and_text_are_kept() -> None:
    text = "一、支持企业。\n\t（一）给予补助 [bold]x[/bold] ￥100\u3000全角"
    assert visible_controls(text) == text and not has_controls(text)


def test_one_line_also_shows_tab_and_newline() -> None:
    assert one_line(f"名\t称\n{CLEAR}") == "名␉称␤␛[2J"


@given(st.text())
def test_no_control_character_survives_and_offsets_hold(text: str) -> None:
    for safe in (visible_controls(text), one_line(text)):
        assert len(safe) == len(text)  # highlight spans computed on the original still fit
        assert not any(c in safe for c in CONTROLS)
    assert "\n" not in one_line(text) and "\t" not in one_line(text)


@given(st.text())
def test_json_escaping_keeps_the_value(text: str) -> None:
    dumped = escape_json_controls(json.dumps({"t": text}, ensure_ascii=False))
    assert json.loads(dumped) == {"t": text}
    assert not any(c in dumped for c in CONTROLS)
