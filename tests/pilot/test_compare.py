"""Pilot tests of marking measures (m) and comparing them side by side (c, C; e, y in it)."""

from __future__ import annotations

from pathlib import Path

from rich.text import Text

from index.paths import data_dir
from tests.conftest import copy_search_library
from tests.pilot.reader_app import SIZE, search, wait_until
from tui.app import PolicyApp
from tui.compare_export import TABLE_HEADER, comparison_markdown
from tui.screens.bookmarks import BookmarksScreen
from tui.screens.compare import CompareScreen
from tui.screens.main import MainScreen
from tui.widgets import DocumentTree, MeasureDetail, ReaderOptionList, SearchResults
from tui.widgets.compare_column import CompareColumn
from tui.widgets.marks import COMPARE_MARK

HEADER_ROW = "| " + " | ".join(TABLE_HEADER) + " |"


def status(app: PolicyApp) -> str:
    return str(app.screen.query_one("#status").render())


def compare_status(app: PolicyApp) -> str:
    return str(app.screen.query_one("#compare-status").render())


def shown(app: PolicyApp) -> str:
    current = app.screen.query_one(MeasureDetail).current
    assert current is not None
    return current[1].id


def prompt_of(results: SearchResults, measure_id: str) -> str:
    prompt = results.get_option(measure_id).prompt
    assert isinstance(prompt, Text)
    return prompt.plain


async def test_m_marks_the_highlighted_result_and_again_unmarks_it(make_app) -> None:  # type: ignore[no-untyped-def]
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        results = await search(pilot, app, "保税维修")
        await pilot.press("enter")  # open the first result; the results list has the focus
        await pilot.pause()
        first = shown(app)
        await pilot.press("m")
        await pilot.pause()
        assert app.marked == [first]
        assert prompt_of(results, first).startswith(COMPARE_MARK)
        assert "已标记 Marked (1)" in status(app)
        await pilot.press("escape")  # the tree shows the mark too
        await pilot.pause()
        tree = app.screen.query_one(DocumentTree)
        assert tree.cursor_node is not None and tree.cursor_node.data.id == first
        assert str(tree.cursor_node.label).startswith(COMPARE_MARK)
        await pilot.press("m")  # from the tree: unmarked everywhere
        await pilot.pause()
        assert app.marked == []
        assert not str(tree.cursor_node.label).startswith(COMPARE_MARK)
        assert not prompt_of(results, first).startswith(COMPARE_MARK)


async def test_marks_survive_a_new_search(make_app) -> None:  # type: ignore[no-untyped-def]
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await search(pilot, app, "保税维修")
        await pilot.press("enter")
        await pilot.pause()
        first = shown(app)
        await pilot.press("m")
        app.screen.query_one("#search").value = ""
        results = await search(pilot, app, "保税")  # the list is drawn anew
        await pilot.pause(0.2)
        assert prompt_of(results, first).startswith(COMPARE_MARK)
        others = [h.measure_id for h in results.hits if h.measure_id != first]
        assert others and not any(prompt_of(results, m).startswith(COMPARE_MARK) for m in others)


async def test_c_with_fewer_than_two_marked_says_how_to_mark(make_app) -> None:  # type: ignore[no-untyped-def]
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("c")
        assert isinstance(app.screen, MainScreen)
        assert "已标记 0 条" in status(app) and "press m" in status(app)
        await pilot.press("right", "down", "down", "m", "c")  # （一） of 甲市, alone
        await pilot.pause()
        assert isinstance(app.screen, MainScreen)
        assert "已标记 1 条" in status(app) and "press m" in status(app)


async def test_c_compares_two_marked_measures_with_the_query_highlighted(make_app) -> None:  # type: ignore[no-untyped-def]
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        results = await search(pilot, app, "保税维修")
        await pilot.press("enter")
        await pilot.pause()
        await pilot.press("m", "n")
        await pilot.pause()
        await pilot.press("m")
        await pilot.pause()
        marked = list(app.marked)
        assert len(marked) == 2
        await pilot.press("c")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, CompareScreen)
        columns = screen.query(CompareColumn)
        assert [c.measure.id for c in columns] == marked
        for column in columns:
            doc, measure = column.document, column.measure
            text = column.plain_text()
            assert text.startswith(doc.title)
            assert doc.date and doc.date in text and measure.title in text
            assert f"{measure.label}{measure.title}" in text
            body = list(column.query("Prose"))[-1].text
            lit = [body.plain[s.start : s.end] for s in body.spans if "reverse" in str(s.style)]
            assert "保税维修" in "".join(lit)  # the query's terms, highlighted
        assert "甲市商务局" in columns[0].plain_text() + columns[1].plain_text()  # the issuer
        assert app.focused is columns[0]
        await pilot.press("right")
        assert app.focused is columns[1]
        await pilot.press("tab")  # wraps round to the first
        assert app.focused is columns[0]
        await pilot.press("left")
        assert app.focused is columns[1]
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, MainScreen)
        assert app.marked == marked  # the marks stay for the next comparison
        assert results.hits


async def test_more_than_four_marked_shows_the_first_four_and_says_so(make_app) -> None:  # type: ignore[no-untyped-def]
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        # 甲市 (一) (二) (三), then 乙市 1. 2.: five measures marked from the tree
        await pilot.press("right", "down", "down", "m", "down", "m", "down", "down", "m")
        await pilot.press("down", "right", "down", "m", "down", "m")
        await pilot.pause()
        assert len(app.marked) == 5
        await pilot.press("c")
        await pilot.pause()
        assert isinstance(app.screen, CompareScreen)
        assert [c.measure.id for c in app.screen.query(CompareColumn)] == app.marked[:4]
        assert "first 4 of 5 marked" in compare_status(app)


async def test_best_hit_of_each_document(tmp_path: Path, make_app) -> None:  # type: ignore[no-untyped-def]
    app = make_app(copy_search_library(tmp_path / "regions"))
    async with app.run_test(size=SIZE) as pilot:
        results = await search(pilot, app, "保税维修")
        firsts: list[str] = []
        for hit in results.hits:
            if hit.document_id not in {app.library.measure(m)[0].id for m in firsts}:
                firsts.append(hit.measure_id)
        assert len(firsts) >= 3  # 青川省, 白沙市, 云溪 each have a 保税维修 measure
        await pilot.press("enter", "C")  # out of the search bar (there C is a letter typed)
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, CompareScreen)
        columns = list(screen.query(CompareColumn))
        assert [c.measure.id for c in columns] == firsts[:4]
        assert len({c.document.id for c in columns}) == len(columns)  # a document each
        assert app.marked == []  # C marks nothing
        assert "保税维修" in str(screen.query_one("#compare-title").render())


async def test_C_without_a_search_says_to_search_first(make_app) -> None:  # type: ignore[no-untyped-def]
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("C")
        assert isinstance(app.screen, MainScreen)
        assert "press / first" in status(app)


async def test_export_and_copy_the_comparison_as_markdown(tmp_path: Path, make_app) -> None:  # type: ignore[no-untyped-def]
    app = make_app(copy_search_library(tmp_path / "regions"))
    async with app.run_test(size=SIZE) as pilot:
        await search(pilot, app, "保税维修")
        await pilot.press("enter", "C")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, CompareScreen)
        columns = list(screen.query(CompareColumn))
        await pilot.press("e")
        await pilot.pause()
        written = list((data_dir() / "exports").glob("compare-*.md"))
        assert len(written) == 1
        assert str(written[0]) in compare_status(app)
        markdown = written[0].read_text(encoding="utf-8")
        lines = markdown.splitlines()
        start = lines.index(HEADER_ROW)
        assert lines[start + 1] == "| --- | --- | --- | --- | --- | --- |"
        rows = [line for line in lines[start + 2 :] if line.startswith("| ")]
        assert len(rows) == len(columns)  # one row per measure
        for row, column in zip(rows, columns, strict=True):
            cells = [c.strip() for c in row.strip("|").split(" | ")]
            doc, measure = column.document, column.measure
            assert cells[0] == doc.title and cells[1] == (doc.issuer or "")
            assert cells[3] == (doc.date or "") and cells[4] == measure.label + measure.title
            assert measure.body.startswith(cells[5].rstrip("…"))
            assert measure.body in markdown  # the full texts below the table
        await pilot.press("e")  # a second export does not overwrite the first
        await wait_until(pilot, lambda: len(list((data_dir() / "exports").glob("*.md"))) == 2)
        await pilot.press("y")
        await pilot.pause()
        assert app.clipboard == markdown
        assert "OSC 52" in compare_status(app)


async def test_mark_from_the_bookmarks_list(make_app) -> None:  # type: ignore[no-untyped-def]
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("right", "down", "down", "b", "down", "b")  # two bookmarks
        await pilot.press("B")
        await pilot.pause()
        assert isinstance(app.screen, BookmarksScreen)
        listing = app.screen.query_one("#bookmark-list", ReaderOptionList)
        await pilot.press("m", "down", "m")
        await pilot.pause()
        assert len(app.marked) == 2
        prompts = [str(o.prompt) for o in listing.options]
        assert sum(p.lstrip().startswith("◆") for p in prompts) == 2
        await pilot.press("escape", "c")
        await pilot.pause()
        assert isinstance(app.screen, CompareScreen)
        assert [c.measure.id for c in app.screen.query(CompareColumn)] == app.marked


def test_markdown_cells_are_one_line_and_pipes_escaped() -> None:
    from index.model import Document, Measure

    doc = Document(id="d", title="甲|乙 措施", issuer="甲市商务局", date="2024-05-01")
    long_body = "第一行|有竖线\n第二行" + "很长" * 80
    measure = Measure(
        id="d-1",
        document_id="d",
        position=1,
        label="（一）",
        number="一",
        title="支持",
        body=long_body,
    )
    text = comparison_markdown([(doc, measure), (doc, measure)], query="保税")
    rows = [line for line in text.splitlines() if line.startswith("| 甲")]
    assert len(rows) == 2
    assert "甲\\|乙 措施" in rows[0] and "第一行\\|有竖线 第二行" in rows[0]
    assert rows[0].endswith("… |")  # the table holds the opening; the full text is below
    assert "第二行" + "很长" * 80 in text
    assert "查询 Query：保税" in text


def test_the_region_column_comes_from_the_document_facets() -> None:
    from index.model import Document, Measure

    doc = Document(id="w", title="湖北省武汉市促进跨境电商发展的若干措施", date="2024-01-02")
    measure = Measure(
        id="w-1",
        document_id="w",
        position=1,
        label="一、",
        number="一",
        title="支持海外仓",
        body="支持企业建设海外仓。",
    )
    row = next(
        line for line in comparison_markdown([(doc, measure)]).splitlines() if "海外仓" in line
    )
    assert [c.strip() for c in row.strip("|").split(" | ")][2] == "湖北省武汉市"
