"""Pilot tests of reading a long measure from a search: it opens at the first match, and
``.`` / ``,`` step through the matches with "第 2/5 处" on the status line."""

from __future__ import annotations

from pathlib import Path

from tests.pilot.reader_app import search
from tui.app import PolicyApp
from tui.screens.main import FIRST_MATCH, LAST_MATCH, NO_MATCH
from tui.widgets import MeasureDetail
from tui.widgets.measure_detail import CURRENT_MATCH_STYLE

# ~380 characters without the term before each match: more than a screen at 80x24
FILLER = "各区要加强组织领导，完善工作机制，落实工作责任，形成推进合力，" * 12
TERM = "冷链物流"
MATCHES = 5


def long_measure_library(tmp_path: Path) -> Path:
    """One measure of ~2,000 characters with the term only deep inside, five times."""
    folder = tmp_path / "long"
    folder.mkdir()
    body = "".join(f"{FILLER}第{n}段支持{TERM}发展。" for n in range(1, MATCHES + 1))
    (folder / "ren.txt").write_text(
        f"壬市措施\n发布日期：2024年1月1日\n一、很长的措施。{body}\n二、短的措施。正文。\n",
        encoding="utf-8",
    )
    return folder


def status(app: PolicyApp) -> str:
    return str(app.screen.query_one("#status").render())


def in_view(detail: MeasureDetail, line: int) -> bool:
    top = round(detail.scroll_y)
    return top <= line < top + detail.scrollable_content_region.height


def current_span(detail: MeasureDetail) -> str:
    """The characters drawn as the current match."""
    text = detail.body.text
    spans = [s for s in text.spans if s.style == CURRENT_MATCH_STYLE]
    assert len(spans) == 1
    return text.plain[spans[0].start : spans[0].end]


async def open_first_result(pilot, app) -> MeasureDetail:  # type: ignore[no-untyped-def]
    """Search for TERM and open the first result (the long measure): its pane."""
    await search(pilot, app, TERM)
    await pilot.press("enter")
    await pilot.pause()
    return app.screen.query_one(MeasureDetail)


async def test_a_measure_opened_from_a_search_shows_its_first_match(make_app, tmp_path) -> None:  # type: ignore[no-untyped-def]
    app = make_app(long_measure_library(tmp_path))
    async with app.run_test(size=(80, 24)) as pilot:
        detail = await open_first_result(pilot, app)
        assert detail.current is not None and detail.current[1].label.startswith("一")
        first = detail.match_line(0)
        assert first >= detail.scrollable_content_region.height  # below the first screen
        assert detail.scroll_y > 0 and in_view(detail, first)
        # the line is the one the pane draws: the term is on it, as laid out
        drawn = str(detail.body.render()).splitlines()
        assert TERM[:1] in drawn[first - detail.body.virtual_region.y]


async def test_dot_and_comma_step_through_the_matches(make_app, tmp_path) -> None:  # type: ignore[no-untyped-def]
    app = make_app(long_measure_library(tmp_path))
    async with app.run_test(size=(80, 24)) as pilot:
        detail = await open_first_result(pilot, app)
        lines = [detail.match_line(i) for i in range(MATCHES)]
        assert lines == sorted(lines) and len(set(lines)) == MATCHES
        for number in range(2, MATCHES + 1):
            await pilot.press("full_stop")
            await pilot.pause()
            assert status(app) == f"第 {number}/{MATCHES} 处"
            assert in_view(detail, lines[number - 1])
            assert current_span(detail) == TERM
        await pilot.press("full_stop")
        await pilot.pause()
        assert status(app) == f"第 {MATCHES}/{MATCHES} 处 · {LAST_MATCH}"
        assert in_view(detail, lines[-1])
        for _ in range(MATCHES - 1):
            await pilot.press("comma")
        await pilot.pause()
        assert status(app) == f"第 1/{MATCHES} 处" and in_view(detail, lines[0])
        await pilot.press("comma")
        await pilot.pause()
        assert status(app) == f"第 1/{MATCHES} 处 · {FIRST_MATCH}"

        await pilot.press("escape", "down")  # from the tree: no query, nothing to step to
        await pilot.pause()
        await pilot.press("full_stop")
        assert status(app) == NO_MATCH


async def test_matches_in_the_interpretation_are_stepped_to_too(make_app) -> None:  # type: ignore[no-untyped-def]
    app = make_app()  # （三）推广两步申报 … 政策解读：两步申报缩短通关时间
    async with app.run_test(size=(80, 24)) as pilot:
        await search(pilot, app, "两步申报")
        await pilot.press("enter")
        await pilot.pause()
        detail = app.screen.query_one(MeasureDetail)
        for _ in range(3):
            await pilot.press("full_stop")
        await pilot.pause()
        said = status(app)
        total = int(said.split("/")[1].split()[0])
        assert said.startswith(f"第 {total}/{total} 处") and total >= 2
        box = detail.interpretation
        line = detail.match_line(total - 1)
        assert line == box.virtual_region.y + 1 + 0  # its frame, then its first line
        assert any(s.style == CURRENT_MATCH_STYLE for s in box.text.spans)
        assert not any(s.style == CURRENT_MATCH_STYLE for s in detail.body.text.spans)
