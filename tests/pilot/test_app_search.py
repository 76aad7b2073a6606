"""Pilot tests of searching in the reader: as you type, in a worker, stale searches dropped."""

from __future__ import annotations

from pathlib import Path

from tests.pilot.reader_app import SIZE, search, wait_until
from tui.app import PolicyApp
from tui.screens.related import RelatedScreen
from tui.widgets import DocumentTree, MeasureDetail, SearchResults


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


async def test_enter_before_results_arrive_opens_the_first(make_app) -> None:  # type: ignore[no-untyped-def]
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("slash", *"单一窗口", "enter")  # no pause: the debounce has not fired
        await app.workers.wait_for_complete()
        await pilot.pause(0.2)
        current = app.screen.query_one(MeasureDetail).current
        assert current is not None and current[1].title == "建设单一窗口"


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


async def test_a_newer_search_cancels_the_running_one(make_app) -> None:  # type: ignore[no-untyped-def]
    """The running search is told it was replaced (it then stops at its next step and
    frees the index for the newer one), not left to finish work nobody will see."""
    import threading

    app = make_app()
    real_search = app.search.search
    started = threading.Event()
    release = threading.Event()
    told: dict[str, object] = {}

    def search_slowly_first(query: str, **kwargs):  # type: ignore[no-untyped-def]
        told[query] = kwargs.get("cancelled")
        if query == "保税":
            started.set()
            release.wait(5)
        return real_search(query, **kwargs)

    app.search.search = search_slowly_first  # type: ignore[method-assign]
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("slash", *"保税")
        await wait_until(pilot, started.is_set)
        first = told["保税"]
        assert callable(first) and not first()  # running, not yet replaced
        await pilot.press(*"维修")
        await wait_until(pilot, lambda: "保税维修" in told or bool(first()))
        assert first()  # the newer query cancelled it
        release.set()
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert real_search("保税", cancelled=first).message == "cancelled"


def test_snippet_starts_near_its_first_hit() -> None:
    from index.search.index import Hit
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


async def test_loading_indicator_then_a_search_typed_while_loading_runs(library_dir: Path) -> None:
    import threading

    from tui.reader import LibraryOpener

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


async def test_bookmarking_an_opened_result_marks_it_in_the_list(make_app) -> None:  # type: ignore[no-untyped-def]
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        results = await search(pilot, app, "单一窗口")
        await pilot.press("enter")
        await pilot.pause()
        assert not str(results.get_option_at_index(0).prompt).startswith("★")
        await pilot.press("b")
        await pilot.pause()
        assert str(results.get_option_at_index(0).prompt).startswith("★ 3.建设单一窗口")
        assert results.highlighted == 0


async def test_slash_after_escape_brings_the_results_back(make_app) -> None:  # type: ignore[no-untyped-def]
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        results = await search(pilot, app, "保税维修")
        found = [h.measure_id for h in results.hits]
        await pilot.press("escape")
        switcher = app.screen.query_one("#left")
        assert switcher.current == "tree"
        await pilot.press("slash")
        assert switcher.current == "results" and [h.measure_id for h in results.hits] == found
        assert app.screen.query_one("#search").value == "保税维修"


async def test_a_query_with_no_hits_shows_its_correction(make_app) -> None:  # type: ignore[no-untyped-def]
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        results = await search(pilot, app, "保税维修 火星")
        assert results.hits  # the corrected query's hits, not an empty list
        status = str(app.screen.query_one("#status").render())
        assert "显示「保税维修」的结果" in status and "未找到「保税维修 火星」" in status


async def test_keys_typed_right_after_slash_reach_the_search_bar(make_app) -> None:  # type: ignore[no-untyped-def]
    from textual import events

    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        driver = app._driver
        assert driver is not None
        for key, char in (("slash", "/"), ("x", "x"), ("y", "y"), ("z", "z")):
            event = events.Key(key, char)
            event.set_sender(app)
            driver.send_message(event)  # all queued at once, as a fast typist's keys arrive
        await pilot.pause()
        await pilot.pause()
        assert app.screen.query_one("#search").value == "xyz"  # y is not taken as "copy"
        await pilot.press("a")
        assert app.screen.query_one("#search").value == "xyza"


async def test_a_burst_of_keys_runs_one_search(make_app) -> None:  # type: ignore[no-untyped-def]
    """What an input method commits arrives as one burst: the debounce makes it one search."""
    from textual import events

    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("slash")
        await pilot.pause()
        await app.workers.wait_for_complete()
        searched: list[str] = []
        original = app.search.search

        def counting(query, **kwargs):  # type: ignore[no-untyped-def]
            searched.append(query)
            return original(query, **kwargs)

        app.search.search = counting  # type: ignore[method-assign]
        bar = app.screen.query_one("#search")
        for character in "保税维修":  # the keys of one read of the terminal, none waited for
            bar.post_message(events.Key(character, character))
        await pilot.pause(0.3)
        await app.workers.wait_for_complete()
        assert searched == ["保税维修"]
