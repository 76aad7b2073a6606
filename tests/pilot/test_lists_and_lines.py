"""Pilot tests of knowing where you are and of keys you can trust: the results' "7/23", n / N
saying so at either end, j k g G in every list, and the measure pane's Chinese line breaks."""

from __future__ import annotations

from pathlib import Path

from rich.cells import cell_len
from textual.geometry import Offset
from textual.selection import Selection
from textual.widgets import Input, OptionList

from index.search.index import Related
from tests.pilot.reader_app import SIZE, search
from tui.app import PolicyApp
from tui.line_break import CLOSING, OPENING
from tui.screens.bookmarks import BookmarksScreen
from tui.screens.main import FIRST_RESULT, LAST_RESULT
from tui.screens.related import RelatedScreen
from tui.widgets import DocumentTree, MeasureDetail


def status(app: PolicyApp) -> str:
    return str(app.screen.query_one("#status").render())


def many_measures(tmp_path: Path, count: int, long_first: bool = False) -> Path:
    folder = tmp_path / "many"
    folder.mkdir()
    lines = "".join(f"{n}.第{n}项维修措施。支持维修业务。\n" for n in range(1, count + 1))
    if long_first:
        lines = lines.replace("支持维修业务。", "支持维修业务，扩大维修产品目录。" * 40, 1)
    (folder / "a.txt").write_text(
        f"庚市维修措施\n发布日期：2023年1月1日\n{lines}", encoding="utf-8"
    )
    return folder


async def test_results_show_where_the_cursor_is_and_say_when_at_an_end(make_app) -> None:  # type: ignore[no-untyped-def]
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        results = await search(pilot, app, "保税")
        total = len(results.hits)
        assert total >= 3
        results.focus()
        await pilot.press("v")  # one ranked list (grouping by document is tested elsewhere)
        await pilot.pause()
        assert not results.grouped
        assert results.border_title == f"1/{total}"
        summary = status(app)
        assert "条结果" in summary and "列表" in summary
        await pilot.press("j")
        await pilot.pause()
        assert results.border_title == f"2/{total}"
        await pilot.press("G")
        await pilot.pause()
        assert results.border_title == f"{total}/{total}"
        detail = app.screen.query_one(MeasureDetail)
        last = results.hits[-1].measure_id
        assert detail.current is not None and detail.current[1].id == last

        await pilot.press("n")  # nothing after the last: said on the status line
        await pilot.pause()
        assert status(app) == f"{summary} · {LAST_RESULT}"
        assert results.highlighted == total - 1 and detail.current[1].id == last

        await pilot.press("N")
        await pilot.pause()
        assert results.border_title == f"{total - 1}/{total}"
        assert status(app) == summary  # moved: no longer at the end
        await pilot.press("g")
        await pilot.pause()
        assert results.border_title == f"1/{total}"
        await pilot.press("N")
        await pilot.pause()
        assert status(app) == f"{summary} · {FIRST_RESULT}"
        assert results.highlighted == 0

        # at the end, with another measure in the pane: n shows that result again
        app.screen.open_measure(results.hits[1].measure_id)
        await pilot.press("N")
        await pilot.pause()
        assert detail.current[1].id == results.hits[0].measure_id
        assert status(app) == f"{summary} · {FIRST_RESULT}"


async def test_n_and_G_reach_results_not_listed_yet(make_app, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    app = make_app(many_measures(tmp_path, 30))
    async with app.run_test(size=SIZE) as pilot:
        results = await search(pilot, app, "维修")
        total = len(results.hits)
        assert total == 30
        screen = app.screen
        query = screen.query_one("#search", Input).value
        result = app.search.search(query, limit=100)
        results.show(result, app.library, app.is_bookmarked, query)  # the first 20 listed
        assert results.option_count < total
        results.action_last()
        assert results.highlighted == total - 1
        results.show(result, app.library, app.is_bookmarked, query)
        results.highlight_hit(25)
        assert results.highlighted == 25
        await pilot.pause()
        assert results.border_title == f"26/{total}"


async def test_related_list_moves_with_j_k_g_G(make_app) -> None:  # type: ignore[no-untyped-def]
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        measures = [m for doc in app.library.documents for m in doc.measures]
        related = [Related(m.id, 1.0, ["保税"]) for m in measures[1:5]]
        chosen: list[str | None] = []
        await app.push_screen(RelatedScreen(measures[0], related, app.library), chosen.append)
        await pilot.pause()
        listing = app.screen.query_one("#related-list", OptionList)
        assert app.focused is listing
        listing.highlighted = 0
        await pilot.press("j", "j")
        assert listing.highlighted == 2
        await pilot.press("k")
        assert listing.highlighted == 1
        await pilot.press("G")
        assert listing.highlighted == 3
        await pilot.press("g")
        assert listing.highlighted == 0
        await pilot.press("G", "enter")
        await pilot.pause()
        assert chosen == [measures[4].id]


async def test_bookmarks_list_moves_with_j_k_g_G_and_the_fields_still_type(make_app) -> None:  # type: ignore[no-untyped-def]
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        first, second = app.library.documents[:2]
        for measure in first.measures[:3]:
            app.bookmarks.add(first, measure)
        app.bookmarks.add(second, second.measures[0])
        await pilot.press("B")
        await pilot.pause()
        assert isinstance(app.screen, BookmarksScreen)
        listing = app.screen.query_one("#bookmark-list", OptionList)
        # rows: a document heading (not selectable), its 3 bookmarks, a heading, 1 bookmark
        assert listing.highlighted == 1
        await pilot.press("j", "j")
        assert listing.highlighted == 3
        await pilot.press("j")
        assert listing.highlighted == 5  # over the second document's heading
        await pilot.press("k")
        assert listing.highlighted == 3
        await pilot.press("g")
        assert listing.highlighted == 1
        await pilot.press("G")
        assert listing.highlighted == 5
        assert app.screen.current() is not None
        assert app.screen.current().measure_id == second.measures[0].id

        note = app.screen.query_one("#note", Input)
        note.focus()
        await pilot.press("j", "k", "g", "G")  # letters in a field are typed, not moves
        assert note.value.endswith("jkgG") and listing.highlighted == 5


async def test_g_and_G_in_the_tree_and_the_measure_pane(make_app, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    app = make_app(many_measures(tmp_path, 40, long_first=True))
    async with app.run_test(size=(80, 24)) as pilot:
        tree = app.screen.query_one(DocumentTree)
        await pilot.press("right", "G")
        assert tree.cursor_line == tree.last_line == 40
        await pilot.press("g", "down", "tab")  # the first measure, which is long: it scrolls
        await pilot.pause()
        detail = app.screen.query_one(MeasureDetail)
        assert app.focused is detail and detail.max_scroll_y > 0
        await pilot.press("G")
        await pilot.pause()
        assert detail.scroll_y == detail.max_scroll_y
        await pilot.press("g")
        await pilot.pause()
        assert detail.scroll_y == 0


LONG_MEASURE = (
    "支持保税维修业务。根据《国务院关于促进综合保税区高水平开放高质量发展的若干意见》"
    "（国发〔2019〕3号），对“两头在外”的保税维修业务，自2024年起给予最高500万元支持；"
    "对取得AEO高级认证的企业，再给予一次性奖励，鼓励开展航空器、船舶、集成电路等高附加值"
    "产品的全球维修和再制造业务。"
)


async def test_measure_text_breaks_by_chinese_rules_at_any_width(make_app, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    folder = tmp_path / "long"
    folder.mkdir()
    (folder / "xin.txt").write_text(
        f"辛市措施\n发布日期：2024年1月1日\n一、长的措施。{LONG_MEASURE}\n二、短的措施。正文。\n",
        encoding="utf-8",
    )
    app = make_app(folder)
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.press("right", "down")
        await pilot.pause()
        detail = app.screen.query_one(MeasureDetail)
        body = detail.body
        written = detail.plain_text()
        assert LONG_MEASURE in written  # as written: the layout's breaks are not in the text
        seen: set[tuple[str, ...]] = set()
        for width in (100, 83, 71, 64):
            await pilot.resize_terminal(width, 40)
            await pilot.pause()
            lines = str(body.render()).splitlines()
            text_lines = lines[lines.index(next(x for x in lines if x.startswith("一、"))) :]
            seen.add(tuple(text_lines))
            assert body.size.height == len(lines)  # Textual re-wraps nothing
            assert all(cell_len(line) <= body.size.width for line in lines)
            for before, after in zip(text_lines, text_lines[1:], strict=False):
                assert after[:1] not in CLOSING and before[-1:] not in OPENING, (before, after)
            joined = "\n".join(text_lines)
            assert "国发〔2019〕3号" in joined and "2024" in joined and "AEO" in joined
            assert "".join(text_lines) == "一、长的措施" + LONG_MEASURE
            assert detail.plain_text() == written
        assert len(seen) == 4  # broken anew at each width

        # a mouse selection across lines copies the text as written, without the breaks
        lines = str(body.render()).splitlines()
        y = next(i for i, line in enumerate(lines) if line.startswith("支持保税"))
        selected = body.get_selection(Selection(Offset(0, y), Offset(4, y + 2)))
        assert selected is not None
        assert selected[0] == LONG_MEASURE[: len(lines[y]) + len(lines[y + 1]) + 4]


async def test_highlights_stay_on_their_characters_across_line_breaks(
    make_app, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    folder = tmp_path / "long"
    folder.mkdir()
    (folder / "xin.txt").write_text(
        f"辛市措施\n发布日期：2024年1月1日\n一、长的措施。{LONG_MEASURE * 2}\n", encoding="utf-8"
    )
    app = make_app(folder)
    async with app.run_test(size=(90, 40)) as pilot:
        await search(pilot, app, "维修")
        await pilot.press("enter")
        await pilot.pause()
        content = app.screen.query_one(MeasureDetail).body.render()
        marked = [
            content.plain[span.start : span.end]
            for span in content.spans
            if getattr(span.style, "reverse", False)
        ]
        assert marked and all(m in ("维修", "维", "修") for m in marked)
        assert "".join(marked).count("维修") >= LONG_MEASURE.count("维修") * 2
