"""Pilot tests of the reader: every key and flow, on small libraries written for the tests."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from index.bookmarks import BookmarkStore
from index.library import Library
from index.search import SearchIndex
from tui.app import PolicyApp
from tui.screens.bookmarks import BookmarksScreen
from tui.screens.help import HelpScreen
from tui.screens.related import RelatedScreen
from tui.widgets import DocumentTree, MeasureDetail, SearchResults

READER = Path(__file__).parent / "fixtures" / "reader"
SIZE = (120, 36)


@pytest.fixture
def library_dir(tmp_path: Path) -> Path:
    target = tmp_path / "library"
    shutil.copytree(READER, target)
    return target


@pytest.fixture
def make_app(library_dir: Path, tmp_path: Path):  # type: ignore[no-untyped-def]
    def make(folder: Path | None = None) -> PolicyApp:
        lib = Library.open([folder or library_dir], cache_dir=tmp_path / "cache")
        search = SearchIndex.open(lib, index_dir=tmp_path / "cache" / "index")
        return PolicyApp(
            library=lib, search=search, bookmarks=BookmarkStore(tmp_path / "bookmarks.yaml")
        )

    return make


def detail_text(app: PolicyApp) -> str:
    return app.screen.query_one(MeasureDetail).plain_text()


async def wait_until(pilot, condition, rounds: int = 200) -> None:  # type: ignore[no-untyped-def]
    """Let the app run until ``condition()`` holds (background threads on a busy machine)."""
    for _ in range(rounds):
        if condition():
            return
        await pilot.pause(0.05)
    assert condition()


async def search(pilot, app: PolicyApp, query: str) -> SearchResults:  # type: ignore[no-untyped-def]
    await pilot.press("slash")
    await pilot.press(*query)
    await pilot.pause(0.3)
    await app.workers.wait_for_complete()
    await pilot.pause()
    return app.screen.query_one(SearchResults)


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


async def test_search_open_and_step_through_results(make_app) -> None:  # type: ignore[no-untyped-def]
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        results = await search(pilot, app, "保税维修")
        titles = [app.library.measure(h.measure_id)[1].title for h in results.hits]
        assert set(titles[:2]) == {"支持保税维修业务", "发展保税维修"}
        await pilot.press("enter")
        await pilot.pause()
        detail = app.screen.query_one(MeasureDetail)
        first = detail.current[1].title
        assert first == titles[0]
        assert app.screen.terms  # the query's terms are highlighted in the pane
        body = detail.body.render()
        assert any(getattr(span.style, "reverse", False) for span in body.spans)
        await pilot.press("n")
        assert detail.current[1].title == titles[1]
        await pilot.press("N")
        assert detail.current[1].title == titles[0]
        await pilot.press("escape")
        assert isinstance(app.focused, DocumentTree)


async def test_query_syntax_and_no_results(make_app) -> None:  # type: ignore[no-untyped-def]
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        results = await search(pilot, app, '"两步申报" -研发')
        assert [app.library.measure(h.measure_id)[1].title for h in results.hits] == [
            "推广两步申报"
        ]
        app.screen.query_one("#search").value = ""
        await pilot.press(*"xyz不存在的词")
        await pilot.pause(0.3)
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert results.hits == []
        assert "No results" in str(results.get_option_at_index(0).prompt)


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


async def test_related_measures_in_other_documents(make_app) -> None:  # type: ignore[no-untyped-def]
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("right", "down", "down")
        await pilot.press("r")
        await pilot.pause(0.2)
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert isinstance(app.screen, RelatedScreen)
        assert app.screen.related, "the 保税维修 measure of 乙市 is related"
        await pilot.press("enter")
        await pilot.pause()
        current = app.screen.query_one(MeasureDetail).current
        assert current[0].title == "乙市口岸便利化工作方案"


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
        await pilot.click("#status")
        await pilot.press(*"已申报", "enter")
        await pilot.pause()
        (b,) = BookmarkStore(tmp_path / "bookmarks.yaml").bookmarks
        assert b.status == "已申报"
        app.screen.query_one("#bookmark-list").focus()
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen.query_one(MeasureDetail).current[1].id == b.measure_id


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
        assert any("已复制" in n.message for n in app._notifications)


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


async def test_brackets_in_texts_are_shown_literally(make_app) -> None:  # type: ignore[no-untyped-def]
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("right", "down", "down")
        assert "航空器全球维修[AEO]" in detail_text(app)
        await pilot.press("right_square_bracket", "right_square_bracket")
        text = detail_text(app)
        assert "先概要申报[b]" in text and "[2023]" in text
        results = await search(pilot, app, "AEO")
        prompt = str(results.get_option_at_index(0).prompt)
        assert "[AEO]" in prompt


async def test_empty_library_shows_welcome(make_app, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    empty = tmp_path / "empty"
    empty.mkdir()
    app = make_app(empty)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        switcher = app.screen.query_one("#left")
        assert switcher.current == "welcome"
        assert "docs/samples" in str(app.screen.query_one("#welcome").render())
        await pilot.press("slash", "q")
        await pilot.pause(0.3)
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert switcher.current == "results"  # nothing found, but the search ran
        await pilot.press("escape")  # Esc leaves the search bar: back to the welcome page
        assert app.is_running and switcher.current == "welcome"
        await pilot.press("q")
    assert app.return_code == 0


async def test_failed_search_is_a_notification_not_a_crash(make_app) -> None:  # type: ignore[no-untyped-def]
    app = make_app()

    def broken(*args, **kwargs):  # type: ignore[no-untyped-def]
        raise RuntimeError("index exploded")

    app.search.search = broken  # type: ignore[method-assign]
    async with app.run_test(size=SIZE) as pilot:
        await search(pilot, app, "保税")
        await pilot.pause()
        assert any("index exploded" in n.message for n in app._notifications)
        assert app.is_running


@pytest.mark.parametrize("size", [(80, 24), (200, 50)])
async def test_small_and_wide_terminals(make_app, size: tuple[int, int]) -> None:  # type: ignore[no-untyped-def]
    app = make_app()
    async with app.run_test(size=size) as pilot:
        await pilot.press("right", "down", "down")
        await search(pilot, app, "保税维修")
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen.query_one(MeasureDetail).current is not None


async def test_background_opening_shows_the_first_frame_before_data(library_dir: Path) -> None:
    from tui.commands.read import LibraryOpener

    app = PolicyApp(opener=LibraryOpener([library_dir]))
    async with app.run_test(size=SIZE) as pilot:
        assert app.screen.query_one(DocumentTree) is not None  # first frame, data or not
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert app.library is not None and app.search is not None
        assert len(app.screen.query_one(DocumentTree).root.children) == 2


async def test_enter_before_results_arrive_opens_the_first(make_app) -> None:  # type: ignore[no-untyped-def]
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("slash", *"单一窗口", "enter")  # no pause: the debounce has not fired
        await app.workers.wait_for_complete()
        await pilot.pause(0.2)
        current = app.screen.query_one(MeasureDetail).current
        assert current is not None and current[1].title == "建设单一窗口"


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


async def test_pasted_query_searches(make_app) -> None:  # type: ignore[no-untyped-def]
    from textual import events

    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("slash")
        bar = app.screen.query_one("#search")
        bar.post_message(events.Paste("两步申报"))  # also how an input method commits a word
        await pilot.pause(0.3)
        await app.workers.wait_for_complete()
        await pilot.pause()
        results = app.screen.query_one(SearchResults)
        assert bar.value == "两步申报"
        assert [app.library.measure(h.measure_id)[1].title for h in results.hits] == [
            "推广两步申报"
        ]


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


async def test_unreadable_file_is_a_notification(make_app, library_dir: Path) -> None:  # type: ignore[no-untyped-def]
    (library_dir / "broken.txt").write_bytes(bytes(range(256)) * 4)
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert any("broken.txt" in n.message and "binary" in n.message for n in app._notifications)
        assert len(app.screen.query_one(DocumentTree).root.children) == 2  # the rest opened


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


BRACKETS = """丙市[AEO]企业培育措施[2023]
发布日期：2023年3月1日
一、扩大[AEO]认证[b]。支持企业申请[AEO]高级认证。
二、培育重点企业。建立[2023]年度培育名单。
"""


async def test_square_brackets_are_literal_everywhere(make_app, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """Tree, measure pane, results and palette all parse markup by default; ours must not."""
    from rich.style import Style

    from tui.palette import TitleProvider

    folder = tmp_path / "brackets"
    folder.mkdir()
    (folder / "bing.txt").write_text(BRACKETS, encoding="utf-8")
    app = make_app(folder)
    async with app.run_test(size=SIZE) as pilot:
        tree = app.screen.query_one(DocumentTree)
        await pilot.press("right", "down")
        await pilot.pause()
        doc_label = tree.render_label(tree.root.children[0], Style(), Style()).plain
        measure_label = tree.render_label(tree.cursor_node, Style(), Style()).plain
        assert doc_label.startswith("▼ 丙市[AEO]企业培育措施[2023]")
        assert measure_label == "一、扩大[AEO]认证[b]"
        assert "扩大[AEO]认证[b]" in detail_text(app)
        assert "支持企业申请[AEO]高级认证" in detail_text(app)
        screen = app.export_screenshot()
        assert "[AEO]" in screen and "[b]" in screen and "[2023]" in screen

        results = await search(pilot, app, "培育名单")
        prompt = str(results.get_option_at_index(0).prompt)
        assert "培育重点企业" in prompt and "丙市[AEO]企业培育措施[2023]" in prompt

        provider = TitleProvider(app.screen)
        hits = [hit async for hit in provider.search("认证")]
        assert [str(hit.prompt) for hit in hits] == [
            "一、扩大[AEO]认证[b]  丙市[AEO]企业培育措施[2023]"
        ]


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


def test_snippet_starts_near_its_first_hit() -> None:
    from index.search import Hit
    from tui.widgets.search_results import SNIPPET_LEAD, _snippet

    snippet = "为推动综合保税区高水平开放、高质量发展，支持区内企业开展保税维修业务。"
    start = snippet.index("保税维修")
    hit = Hit("m", "d", 1.0, snippet, [(start, start + 4)], ["保税维修"])
    text = _snippet(hit)
    assert text.plain == "…" + snippet[start - SNIPPET_LEAD :]
    (span,) = [s for s in text.spans if "reverse" in str(s.style)]
    assert text.plain[span.start : span.end] == "保税维修"
    early = Hit("m", "d", 1.0, snippet, [(3, 7)], ["综合保税"])
    assert _snippet(early).plain == snippet


async def test_many_unreadable_files_are_counted_not_listed(make_app, library_dir: Path) -> None:  # type: ignore[no-untyped-def]
    for n in range(8):
        (library_dir / f"broken{n}.txt").write_bytes(bytes(range(256)) * 4)
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        messages = [n.message for n in app._notifications]
        assert sum("broken" in m for m in messages) == 5
        assert any("3 more files could not be read" in m for m in messages)


async def test_damaged_bookmarks_file_is_reported_once(library_dir: Path, tmp_path: Path) -> None:
    from tui.commands.read import LibraryOpener

    damaged = tmp_path / "bookmarks.yaml"
    damaged.write_text("version: 1\nbookmarks: [unclosed\n", encoding="utf-8")
    store = BookmarkStore(damaged)
    assert store.read_only_reason
    app = PolicyApp(opener=LibraryOpener([library_dir]), bookmarks=store)
    async with app.run_test(size=SIZE) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert app.library is not None
        read_only = [n for n in app._notifications if "read-only" in n.message]
        assert len(read_only) == 1 and "bookmarks.yaml" in read_only[0].message
        before = len(app._notifications)
        await pilot.press("right", "down", "down", "b")  # refused with a message, file untouched
        await pilot.pause()
        assert len(app._notifications) == before + 1
        assert not app.is_bookmarked(app.screen.query_one(MeasureDetail).current[1].id)
    assert damaged.read_text(encoding="utf-8") == "version: 1\nbookmarks: [unclosed\n"


async def test_palette_lists_documents_before_typing(make_app) -> None:  # type: ignore[no-untyped-def]
    from tui.palette import TitleProvider

    app = make_app()
    async with app.run_test(size=SIZE):
        provider = TitleProvider(app.screen)
        shown = [hit.text async for hit in provider.discover()]
        assert shown == [doc.title for doc in app.library.documents]


async def test_notifications_never_read_titles_as_markup(make_app, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    folder = tmp_path / "markup"
    folder.mkdir()
    (folder / "ding.txt").write_text(
        "丁市通关措施\n发布日期：2023年3月1日\n一、推广[/AEO]认证[b]。支持企业认证。\n"
        "二、压缩通关时间。推广提前申报。\n",
        encoding="utf-8",
    )
    app = make_app(folder)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("right", "down", "y", "b")
        await pilot.pause(0.3)  # the toasts are drawn: "[/AEO]" as markup would raise here
        assert app.is_running
        messages = [n.message for n in app._notifications]
        assert any("推广[/AEO]认证[b]" in m and "已复制" in m for m in messages)
        assert all(not n.markup for n in app._notifications)
        assert "推广[/AEO]认证[b]" in app.export_screenshot()


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


async def test_a_stale_slow_search_never_replaces_newer_results(make_app) -> None:  # type: ignore[no-untyped-def]
    import threading

    app = make_app()
    real_search = app.search.search
    release = threading.Event()

    asked: list[str] = []

    def search_slowly_first(query: str, **kwargs):  # type: ignore[no-untyped-def]
        asked.append(query)
        if query == "保税":
            release.wait(5)  # still running when the newer query is typed
        return real_search(query, **kwargs)

    app.search.search = search_slowly_first  # type: ignore[method-assign]
    async with app.run_test(size=SIZE) as pilot:
        screen = app.screen
        shown: list[str] = []
        real_show = screen.show_results
        screen.show_results = lambda query, result: (shown.append(query), real_show(query, result))  # type: ignore[method-assign]
        await pilot.press("slash", *"保税")
        await pilot.pause(0.2)  # the slow search has started
        await pilot.press(*"维修")
        await pilot.pause(0.2)
        release.set()
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert "保税" in asked and "保税" not in shown  # it ran, finished last, and was dropped
        assert shown[-1] == "保税维修"
        results = screen.query_one(SearchResults)
        expected = [h.measure_id for h in real_search("保税维修", limit=100).hits]
        assert [h.measure_id for h in results.hits] == expected
        assert screen.query_one("#search").value == "保税维修"  # typing was never held up


async def test_loading_indicator_then_a_search_typed_while_loading_runs(library_dir: Path) -> None:
    import threading

    from tui.commands.read import LibraryOpener

    gate = threading.Event()

    class SlowOpener(LibraryOpener):
        def open_search(self, library, status):  # type: ignore[no-untyped-def]
            gate.wait(5)
            return super().open_search(library, status)

    app = PolicyApp(opener=SlowOpener([library_dir]))
    async with app.run_test(size=SIZE) as pilot:
        tree = app.screen.query_one(DocumentTree)
        status = app.screen.query_one("#status")
        await wait_until(pilot, lambda: len(tree.root.children) == 2)  # the library is read
        assert app.search is None  # the index is held back
        await pilot.press("slash", *"单一窗口")
        await wait_until(pilot, lambda: "still loading" in str(status.render()))
        gate.set()
        await app.workers.wait_for_complete()
        await pilot.pause(0.2)
        await app.workers.wait_for_complete()
        await pilot.pause()
        results = app.screen.query_one(SearchResults)
        assert [app.library.measure(h.measure_id)[1].title for h in results.hits] == [
            "建设单一窗口"
        ]


async def test_first_frame_shows_a_loading_tree(library_dir: Path) -> None:
    import threading

    from tui.commands.read import LibraryOpener

    gate = threading.Event()

    class HeldOpener(LibraryOpener):
        def open_library(self, status):  # type: ignore[no-untyped-def]
            gate.wait(5)
            return super().open_library(status)

    app = PolicyApp(opener=HeldOpener([library_dir]))
    async with app.run_test(size=SIZE) as pilot:
        tree = app.screen.query_one(DocumentTree)
        assert tree.loading and "opening the library" in str(
            app.screen.query_one("#status").render()
        )
        gate.set()
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert not tree.loading and len(tree.root.children) == 2
