"""Pilot tests of startup and trouble: loading in the background, unreadable files, damaged
bookmarks, an empty library, and file text that looks like markup."""

from __future__ import annotations

from pathlib import Path

from index.bookmarks import BookmarkStore
from tests.pilot.reader_app import SIZE, detail_text, notifications, search
from tui.app import PolicyApp
from tui.widgets import DocumentTree, MeasureDetail


def status(app: PolicyApp) -> str:
    return str(app.screen.query_one("#status").render())


BRACKETS = """丙市[AEO]企业培育措施[2023]
发布日期：2023年3月1日
一、扩大[AEO]认证[b]。支持企业申请[AEO]高级认证。
二、培育重点企业。建立[2023]年度培育名单。
"""


async def test_failed_search_is_a_notification_not_a_crash(make_app) -> None:  # type: ignore[no-untyped-def]
    app = make_app()

    def broken(*args, **kwargs):  # type: ignore[no-untyped-def]
        raise RuntimeError("index exploded")

    app.search.search = broken  # type: ignore[method-assign]
    async with app.run_test(size=SIZE) as pilot:
        await search(pilot, app, "保税")
        await pilot.pause()
        assert any("index exploded" in n.message for n in notifications(app))
        assert app.is_running


async def test_unreadable_file_is_counted_on_the_status_line(make_app, library_dir: Path) -> None:  # type: ignore[no-untyped-def]
    (library_dir / "broken.txt").write_bytes(bytes(range(256)) * 4)
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert status(app) == "1 个文件无法读取 · 详见 ?"
        assert notifications(app) == []  # no toast with a full path over the text
        assert len(app.screen.query_one(DocumentTree).root.children) == 2  # the rest opened


async def test_unreadable_files_are_named_in_help(make_app, library_dir: Path) -> None:  # type: ignore[no-untyped-def]
    for n in range(8):
        (library_dir / f"broken{n}.txt").write_bytes(bytes(range(256)) * 4)
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert status(app) == "8 个文件无法读取 · 详见 ?" and notifications(app) == []
        await pilot.press("question_mark")
        await pilot.pause()
        named = str(app.screen.query_one("#help-problems").render())
        assert all(f"broken{n}.txt: binary" in named for n in range(8))


async def test_background_opening_keeps_the_note_on_the_ready_line(library_dir: Path) -> None:
    from tui.reader import LibraryOpener

    (library_dir / "broken.txt").write_bytes(bytes(range(256)) * 4)
    app = PolicyApp(opener=LibraryOpener([library_dir]))
    async with app.run_test(size=SIZE) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert status(app).endswith("搜索就绪 search ready · 1 个文件无法读取 · 详见 ?")


async def test_damaged_bookmarks_file_is_reported_once(library_dir: Path, tmp_path: Path) -> None:
    from tui.reader import LibraryOpener

    damaged = tmp_path / "bookmarks.yaml"
    damaged.write_text("version: 1\nbookmarks: [unclosed\n", encoding="utf-8")
    store = BookmarkStore(damaged)
    assert store.read_only_reason
    app = PolicyApp(opener=LibraryOpener([library_dir]), bookmarks=store)
    async with app.run_test(size=SIZE) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert app.library is not None
        assert status(app).endswith("书签只读 · 详见 ?") and notifications(app) == []
        await pilot.press("question_mark")
        await pilot.pause()
        assert "bookmarks.yaml" in str(app.screen.query_one("#help-problems").render())
        await pilot.press("escape")
        await pilot.press("right", "down", "down", "b")  # refused with a message, file untouched
        await pilot.pause()
        read_only = [n for n in notifications(app) if "bookmarks.yaml" in n.message]
        assert len(notifications(app)) == len(read_only) == 1
        assert not app.is_bookmarked(app.screen.query_one(MeasureDetail).current[1].id)
    assert damaged.read_text(encoding="utf-8") == "version: 1\nbookmarks: [unclosed\n"


async def test_the_reader_reads_its_bookmarks_after_the_first_frame(
    library_dir: Path, tmp_path: Path
) -> None:
    """As `policy-tui` starts it: the opener reads the bookmarks file in the background
    (not before the first frame); a damaged one is reported the same way, a good one
    marks the tree."""
    from tui.reader import LibraryOpener

    damaged = tmp_path / "damaged.yaml"
    damaged.write_text("version: 1\nbookmarks: [unclosed\n", encoding="utf-8")
    app = PolicyApp(opener=LibraryOpener([library_dir], damaged))
    assert app.bookmarks is None
    async with app.run_test(size=SIZE) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert app.bookmarks is not None and app.bookmarks.read_only_reason
        assert "书签只读" in status(app)
    assert damaged.read_text(encoding="utf-8") == "version: 1\nbookmarks: [unclosed\n"

    good = tmp_path / "good.yaml"
    app = PolicyApp(opener=LibraryOpener([library_dir], good))
    async with app.run_test(size=SIZE) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        await pilot.press("right", "down", "down", "b")
        await pilot.pause()
        measure = app.screen.query_one(MeasureDetail).current[1]
        assert app.is_bookmarked(measure.id)
    assert measure.id in good.read_text(encoding="utf-8")


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
        messages = [n.message for n in notifications(app)]
        assert any("推广[/AEO]认证[b]" in m and "OSC 52" in m for m in messages)
        assert all(not n.markup for n in notifications(app))
        assert "推广[/AEO]认证[b]" in app.export_screenshot()


async def test_empty_library_shows_welcome(make_app, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    empty = tmp_path / "empty"
    empty.mkdir()
    app = make_app(empty)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        switcher = app.screen.query_one("#left")
        assert switcher.current == "welcome"
        assert not app.screen.query_one(MeasureDetail).display  # the welcome takes the width
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


async def test_background_opening_shows_the_first_frame_before_data(library_dir: Path) -> None:
    from tui.reader import LibraryOpener

    app = PolicyApp(opener=LibraryOpener([library_dir]))
    async with app.run_test(size=SIZE) as pilot:
        assert app.screen.query_one(DocumentTree) is not None  # first frame, data or not
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert app.library is not None and app.search is not None
        assert len(app.screen.query_one(DocumentTree).root.children) == 2


async def test_first_frame_shows_a_loading_tree(library_dir: Path) -> None:
    import threading

    from tui.reader import LibraryOpener

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


async def test_bookmarks_that_fail_to_open_never_stop_the_library(library_dir: Path) -> None:
    from tui.reader import LibraryOpener

    class BrokenBookmarks(LibraryOpener):
        def open_bookmarks(self):  # type: ignore[no-untyped-def]
            raise OSError("[Errno 5] Input/output error: bookmarks.yaml")

    app = PolicyApp(opener=BrokenBookmarks([library_dir]))
    async with app.run_test(size=SIZE) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert app.library is not None and app.search is not None
        said = [n.message for n in notifications(app)]
        assert said == ["书签无法打开 bookmarks: [Errno 5] Input/output error: bookmarks.yaml"]
        assert not any(n.markup for n in notifications(app))


async def test_the_opened_library_is_kept_out_of_garbage_collections(library_dir: Path) -> None:
    """The library and index last the whole session: frozen once opened, so the collector's
    full passes (85 ms at 10,000 measures) no longer walk them while the user types."""
    import gc

    from tui.reader import LibraryOpener

    gc.unfreeze()
    app = PolicyApp(opener=LibraryOpener([library_dir]))
    try:
        async with app.run_test(size=SIZE) as pilot:
            await app.workers.wait_for_complete()
            await pilot.pause()
            assert app.search is not None
            assert gc.get_freeze_count() > 0
            library_objects = [app.library, *app.library.documents]  # type: ignore[union-attr]
            tracked = {id(obj) for obj in gc.get_objects()}
            assert not any(id(obj) in tracked for obj in library_objects)
    finally:
        gc.unfreeze()
