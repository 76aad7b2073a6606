"""Control characters in a text never reach the terminal: the reader shows placeholders."""

from __future__ import annotations

from pathlib import Path

from tests.pilot.reader_app import SIZE, app_factory, detail_text
from tui.widgets import MeasureDetail

HOSTILE = (
    "某市控制字符测试措施\n1．清屏\x1b[2J标题。给予\x07补助。\n"
    "2．剪贴板\x1b]52;c;SGVsbG8=\x07写入。提升效率。\n"
)


async def test_escape_bytes_in_a_text_are_shown_not_sent(tmp_path: Path) -> None:
    folder = tmp_path / "hostile"
    folder.mkdir()
    (folder / "hostile.txt").write_text(HOSTILE, encoding="utf-8")
    app = app_factory(folder, tmp_path)()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("right", "down")
        await pilot.pause()
        pane = app.screen.query_one(MeasureDetail)
        assert pane.current is not None
        shown = detail_text(app)
        assert "\x1b" not in shown and "\x07" not in shown
        assert "␛[2J" in shown
        tree_labels = [
            str(node.label) for node in app.screen.query_one("DocumentTree").root.children
        ]
        assert all("\x1b" not in label for label in tree_labels)
