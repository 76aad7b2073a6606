"""Pilot tests of the reader: navigation and every key, on small libraries written for the tests.

Search flows are in test_app_search.py, errors and startup in test_app_errors.py; the
helpers all three use are in reader_app.py, the fixtures in conftest.py."""

from __future__ import annotations

from pathlib import Path

import pytest

from index.bookmarks import BookmarkStore
from tests.pilot.reader_app import SIZE, detail_text, notifications, search, wait_until
from tui.app import PolicyApp
from tui.screens.bookmarks import BookmarksScreen
from tui.screens.help import HelpScreen
from tui.widgets import DocumentTree, MeasureDetail, SearchResults


async def test_tree_navigation_shows_measures(make_app) -> None:  # type: ignore[no-untyped-def]
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        tree = app.screen.query_one(DocumentTree)
        assert app.focused is tree
        assert [n.data.title for n in tree.root.children] == [
            "甲市支持保税维修发展的若干措施",
            "乙市口岸便利化工作方案",
        ]
        await pilot.press("right", "down", "down")  # expand 甲市 → 一、拓展业务 → （一）
        await pilot.pause()
        current = app.screen.query_one(MeasureDetail).current
        assert current is not None and current[1].title == "支持保税维修业务"
        text = detail_text(app)
        assert "甲市商务局" in text and "责任单位" in text and "甲海关" in text
        await pilot.press("j")
        await pilot.pause()
        assert app.screen.query_one(MeasureDetail).current[1].title == "支持保税研发"
        await pilot.press("j")  # onto the section heading: its overview replaces the measure
        await pilot.pause()
        assert app.screen.query_one(MeasureDetail).current is None
        assert "二、优化监管" in detail_text(app)


async def test_previous_next_measure_and_history(make_app) -> None:  # type: ignore[no-untyped-def]
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("right", "down", "down")
        detail = app.screen.query_one(MeasureDetail)
        await pilot.press("right_square_bracket")
        assert detail.current[1].title == "支持保税研发"
        await pilot.press("right_square_bracket")
        assert detail.current[1].title == "推广两步申报"
        await pilot.press("left_square_bracket")
        assert detail.current[1].title == "支持保税研发"
        await pilot.press("alt+left")
        assert detail.current[1].title == "推广两步申报"
        await pilot.press("alt+left")
        assert detail.current[1].title == "支持保税研发"
        await pilot.press("alt+right")
        assert detail.current[1].title == "推广两步申报"


async def test_bookmark_toggle_marks_tree_and_file(make_app, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("right", "down", "down", "b")
        await pilot.pause()
        measure = app.screen.query_one(MeasureDetail).current[1]
        assert BookmarkStore(tmp_path / "bookmarks.yaml").is_bookmarked(measure.id)
        tree = app.screen.query_one(DocumentTree)
        assert str(tree.cursor_node.label).startswith("★")
        assert "已收藏" in detail_text(app)
        await pilot.press("b")
        assert not BookmarkStore(tmp_path / "bookmarks.yaml").is_bookmarked(measure.id)


async def test_bookmarks_screen_edits_and_jumps(make_app, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("right", "down", "down", "b", "B")
        await pilot.pause()
        assert isinstance(app.screen, BookmarksScreen)
        status = app.screen.query_one("#status")
        note = app.screen.query_one("#note")
        assert (
            status.size.height == note.size.height
        )  # as tall as its neighbours, not the 1-line status
        await pilot.click("#status")
        await pilot.press(*"已申报", "enter")
        await pilot.pause()
        (b,) = BookmarkStore(tmp_path / "bookmarks.yaml").bookmarks
        assert b.status == "已申报"
        app.screen.query_one("#bookmark-list").focus()
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen.query_one(MeasureDetail).current[1].id == b.measure_id
        assert isinstance(app.focused, MeasureDetail)  # opened to read: j/k scroll it


async def test_copy_puts_measure_and_source_on_clipboard(make_app) -> None:  # type: ignore[no-untyped-def]
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("right", "down", "down", "y")
        await pilot.pause()
        assert app.clipboard.startswith("（一）支持保税维修业务\n支持企业开展航空器全球维修[AEO]。")
        assert (
            "——《甲市支持保税维修发展的若干措施》" in app.clipboard
            and "2024-05-01" in app.clipboard
        )
        assert any("OSC 52" in n.message for n in notifications(app))  # where it went


async def test_help_screen(make_app) -> None:  # type: ignore[no-untyped-def]
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)
        await pilot.press("escape")
        assert not isinstance(app.screen, HelpScreen)


async def test_command_palette_jumps_to_a_measure(make_app) -> None:  # type: ignore[no-untyped-def]
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"单一窗口")
        await pilot.pause(0.5)
        await pilot.press("enter")
        await pilot.pause(0.3)
        assert app.screen_stack[-1].query_one(MeasureDetail).current[1].title == "建设单一窗口"
        assert isinstance(app.focused, MeasureDetail)


async def test_palette_finds_titles(make_app) -> None:  # type: ignore[no-untyped-def]
    from tui.palette import TitleProvider

    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        provider = TitleProvider(app.screen)
        hits = [hit async for hit in provider.search("单一窗口")]
        assert hits and hits[0].text == "建设单一窗口"
        brackets = [hit async for hit in provider.search("工作方案")]
        assert brackets[0].text == "乙市口岸便利化工作方案"
        await pilot.pause()


@pytest.mark.parametrize("size", [(80, 24), (200, 50)])
async def test_small_and_wide_terminals(make_app, size: tuple[int, int]) -> None:  # type: ignore[no-untyped-def]
    app = make_app()
    async with app.run_test(size=size) as pilot:
        await pilot.press("right", "down", "down")
        await search(pilot, app, "保税维修")
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen.query_one(MeasureDetail).current is not None
        main = app.screen
        for key, modal in (("question_mark", HelpScreen), ("B", BookmarksScreen), ("r", None)):
            await pilot.press(key)
            await wait_until(pilot, lambda: app.screen is not main)
            assert modal is None or isinstance(app.screen, modal)
            await pilot.press("escape")
            await wait_until(pilot, lambda: app.screen is main)
        await pilot.press("ctrl+p", *"单一", "escape")
        await wait_until(pilot, lambda: app.screen is main)
        assert app.is_running


async def test_bookmark_under_an_old_id_is_still_marked_and_opens(make_app, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    (tmp_path / "bookmarks.yaml").write_text(
        "version: 1\nbookmarks:\n- measure_id: 0123456789ab-1\n"
        "  document_title: 甲市支持保税维修发展的若干措施\n  measure_number: 一\n  measure_title: 支持保税维修业务\n",
        encoding="utf-8",
    )
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("right", "down", "down")
        await pilot.pause()
        tree = app.screen.query_one(DocumentTree)
        assert str(tree.cursor_node.label).startswith("★")
        await pilot.press("B")
        await pilot.pause()
        app.screen.query_one("#bookmark-list").focus()
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen.query_one(MeasureDetail).current[1].title == "支持保税维修业务"
        await pilot.press("b")  # removes the old bookmark instead of adding a second one
        assert BookmarkStore(tmp_path / "bookmarks.yaml").bookmarks == []


async def test_mouse_clicks_choose_in_the_tree(make_app) -> None:  # type: ignore[no-untyped-def]
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        tree = app.screen.query_one(DocumentTree)
        await pilot.click(DocumentTree, offset=(4, 1))  # the second document's row
        await pilot.pause()
        assert (
            tree.cursor_node is not None and tree.cursor_node.data.title == "乙市口岸便利化工作方案"
        )
        assert "乙市口岸便利化工作方案" in detail_text(app)


async def test_keys_can_be_remapped_by_binding_id(make_app, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        app.set_keymap({"main.bookmark": "m"})
        await pilot.press("right", "down", "down", "m")
        await pilot.pause()
        measure = app.screen.query_one(MeasureDetail).current[1]
        assert BookmarkStore(tmp_path / "bookmarks.yaml").is_bookmarked(measure.id)


async def test_moving_the_cursor_does_not_fill_the_history(make_app) -> None:  # type: ignore[no-untyped-def]
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press(
            "right", "down", "down", "enter", "j", "j", "j"
        )  # visit (一), then pass others
        results = await search(pilot, app, "单一窗口")
        await pilot.press("enter")
        await pilot.pause()
        detail = app.screen.query_one(MeasureDetail)
        assert detail.current[1].title == "建设单一窗口"
        await pilot.press("alt+left")
        assert detail.current[1].title == "支持保税维修业务"
        assert results.hits


async def test_tab_moves_between_panes(make_app) -> None:  # type: ignore[no-untyped-def]
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        assert isinstance(app.focused, DocumentTree)
        await pilot.press("tab")
        assert isinstance(app.focused, MeasureDetail)
        await pilot.press("shift+tab")
        assert isinstance(app.focused, DocumentTree)
        await pilot.press("shift+tab")
        assert app.focused is app.screen.query_one("#search")


async def test_q_types_in_the_search_bar_and_quits_after_escape(make_app) -> None:  # type: ignore[no-untyped-def]
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("slash", "q")
        assert app.is_running
        assert app.screen.query_one("#search").value == "q"
        await pilot.press("escape")
        assert isinstance(app.focused, DocumentTree)
        await pilot.press("q")
    assert app.return_code == 0


async def test_narrow_tree_keeps_date_or_count_and_never_splits_a_character(make_app) -> None:  # type: ignore[no-untyped-def]
    from rich.style import Style

    app = make_app()
    for size, facts in (((80, 24), "  3 条"), ((200, 50), "  2024-05-01 · 3 条")):
        async with app.run_test(size=size) as pilot:
            await pilot.press("right")
            await pilot.pause()
            tree = app.screen.query_one(DocumentTree)
            room = tree.scrollable_content_region.width
            label = tree.render_label(tree.root.children[0], Style(), Style())
            assert label.cell_len <= room
            assert label.plain.endswith(facts)
            for node in tree.root.children[0].children:
                text = tree.render_label(node, Style(), Style())
                assert text.cell_len <= room - tree.guide_depth
        app = make_app()


async def test_palette_lists_documents_before_typing(make_app) -> None:  # type: ignore[no-untyped-def]
    from tui.palette import TitleProvider

    app = make_app()
    async with app.run_test(size=SIZE):
        provider = TitleProvider(app.screen)
        shown = [hit.text async for hit in provider.discover()]
        assert shown == [doc.title for doc in app.library.documents]


async def test_j_and_k_scroll_a_long_measure(make_app, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    folder = tmp_path / "long"
    folder.mkdir()
    body = "支持企业开展保税维修业务，扩大维修产品目录。" * 40
    (folder / "wu.txt").write_text(
        f"戊市长篇措施\n发布日期：2023年3月1日\n一、长的措施。{body}\n二、短的措施。正文。\n",
        encoding="utf-8",
    )
    app = make_app(folder)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("right", "down", "tab")
        detail = app.screen.query_one(MeasureDetail)
        assert app.focused is detail and detail.max_scroll_y > 0
        await pilot.press("j", "j", "j")
        await pilot.pause()
        assert detail.scroll_y > 0
        await pilot.press("k", "k", "k")
        await pilot.pause()
        assert detail.scroll_y == 0


async def test_palette_puts_exact_titles_before_loose_matches(make_app, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from tui.palette import MAX_HITS, TitleProvider

    folder = tmp_path / "many"
    folder.mkdir()
    loose = "".join(f"{n}.维护{n}修理中的{n}心得。正文。\n" for n in range(1, MAX_HITS + 6))
    (folder / "a.txt").write_text(f"甲类措施\n发布日期：2023年1月1日\n{loose}", encoding="utf-8")
    (folder / "b.txt").write_text(
        "乙类措施\n发布日期：2022年1月1日\n1.建设维修中心。正文。\n2.其他事项。正文。\n",
        encoding="utf-8",
    )
    app = make_app(folder)
    async with app.run_test(size=SIZE):
        hits = [hit async for hit in TitleProvider(app.screen).search("维修中心")]
        assert hits[0].text == "建设维修中心" and hits[0].score == 1.0
        assert len(hits) == MAX_HITS and all(h.score < 1.0 for h in hits[1:])


async def test_help_lists_every_bound_key(make_app) -> None:  # type: ignore[no-untyped-def]
    from textual.binding import Binding

    from tui.screens.help import KEYS
    from tui.screens.main import MainScreen

    listed = {token for keys, _what in KEYS for token in keys.split()}

    def in_help(shown: str) -> bool:  # 'n' and 'N' differ; 'esc' and 'Esc' do not
        if shown.startswith("^"):  # Textual shows ^p where the help writes Ctrl+P
            shown = "ctrl+" + shown[1:]
        return shown in listed or (len(shown) > 1 and shown.lower() in map(str.lower, listed))

    app = make_app()
    async with app.run_test(size=SIZE):
        missing = [
            (binding.id, key)
            for owner in (PolicyApp, MainScreen, DocumentTree, MeasureDetail, SearchResults)
            for binding in owner.BINDINGS
            if isinstance(binding, Binding)
            for key in binding.key.split(",")
            if not in_help(app.get_key_display(Binding(key, binding.action)))
        ]
    assert missing == []


async def test_responsible_and_interpretation_blocks_only_when_present(make_app) -> None:  # type: ignore[no-untyped-def]
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        detail = app.screen.query_one(MeasureDetail)
        assert not detail.responsible.display and not detail.interpretation.display
        await pilot.press("right", "down", "down")  # （一）: 责任单位, no 政策解读
        assert detail.responsible.display and not detail.interpretation.display
        assert str(detail.responsible.render()) == "甲市商务局、甲海关"
        await pilot.press("right_square_bracket", "right_square_bracket")  # （三）: 政策解读 only
        assert not detail.responsible.display and detail.interpretation.display
        assert str(detail.interpretation.render()) == "两步申报缩短通关时间[2023]。"
        await pilot.press("up")  # 二、优化监管: the section overview, no blocks
        await pilot.pause()
        assert detail.current is None and not detail.responsible.display


async def test_palette_opens_a_document_on_its_own_row(make_app) -> None:  # type: ignore[no-untyped-def]
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        second = app.library.documents[1]
        app.open_document(second.id)
        await pilot.pause()
        tree = app.screen.query_one(DocumentTree)
        assert tree.cursor_node is not None and tree.cursor_node.data == second
        assert app.screen.query_one(MeasureDetail).current is None
        assert second.title in detail_text(app)


async def test_enter_on_a_measure_in_the_tree_gives_the_pane_the_keys(make_app) -> None:  # type: ignore[no-untyped-def]
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("right", "down", "down")
        await pilot.pause()
        assert isinstance(app.focused, DocumentTree)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.focused, MeasureDetail)
        shown = app.screen.query_one(MeasureDetail).current
        await pilot.press("j", "k")
        await pilot.pause()
        assert app.screen.query_one(MeasureDetail).current == shown  # scrolled, not replaced


async def test_measure_body_is_in_normal_weight(make_app) -> None:  # type: ignore[no-untyped-def]
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("right", "down", "down")
        await pilot.pause()
        detail = app.screen.query_one(MeasureDetail)
        doc, measure = detail.current
        content = detail.body.render()  # Textual's Content: plain text and styled spans
        start = content.plain.index(measure.body[:8])
        styles = [str(span.style) for span in content.spans if span.start <= start < span.end]
        assert not any("bold" in style for style in styles)


async def test_a_wide_terminal_keeps_a_reading_measure(make_app) -> None:  # type: ignore[no-untyped-def]
    app = make_app()
    async with app.run_test(size=(200, 50)) as pilot:
        await pilot.press("right", "down", "down")
        await pilot.pause()
        body = app.screen.query_one(MeasureDetail).body
        assert body.size.width <= 84  # about 40 Han characters a line, not 130
