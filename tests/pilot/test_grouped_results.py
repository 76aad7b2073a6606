"""Pilot tests of results grouped by document: every document on the first screen, a header
that opens and folds, v for one ranked list, s for the order, n / N over the hits only."""

from __future__ import annotations

import shutil
from pathlib import Path

from tests.conftest import SEARCH_FIXTURES
from tests.pilot.reader_app import search
from tui.widgets import MeasureDetail
from tui.widgets.result_rows import GroupRow, HitRow


def headers(results) -> list[str]:  # type: ignore[no-untyped-def]
    return [row.document.id for row in results.rows if isinstance(row, GroupRow)]


def library_with_a_long_regulation(tmp_path: Path) -> Path:
    """The search fixtures plus one text whose ten measures all mention 保税维修."""
    folder = tmp_path / "grouped"
    shutil.copytree(SEARCH_FIXTURES, folder, ignore=shutil.ignore_patterns("README*"))
    body = "".join(f"{n}.第{n}项保税维修措施。开展保税维修业务。\n" for n in range(1, 11))
    (folder / "regulation.txt").write_text(
        f"庚市保税维修管理办法\n发布日期：2024年5月1日\n{body}", encoding="utf-8"
    )
    return folder


async def test_every_document_is_on_the_first_screen(make_app, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    app = make_app(library_with_a_long_regulation(tmp_path))
    async with app.run_test(size=(120, 36)) as pilot:
        results = await search(pilot, app, "保税维修")
        documents = {hit.document_id for hit in results.hits}
        assert len(documents) >= 4 and results.grouped
        assert set(headers(results)) == documents
        # one hit under each (many documents): every header fits in the pane's height
        last_header = max(i for i, r in enumerate(results.rows) if isinstance(r, GroupRow))
        lines = sum(
            len(results.get_option_at_index(i).prompt.plain.split("\n"))
            for i in range(last_header + 1)
        )
        assert lines <= results.size.height
        # the regulation's ten hits: one listed, the header says how many more
        regulation = next(r for r in results.rows if isinstance(r, GroupRow) and len(r.hits) == 10)
        assert (
            regulation.shown == 1
            and "另 9 条 (Enter)"
            in results.get_option(f"document:{regulation.document.id}").prompt.plain
        )
        # the cursor starts on the best hit, not on a header; its rank is shown
        assert isinstance(results.rows[results.highlighted], HitRow)
        assert results.border_title == f"1/{len(results.hits)}"


async def test_enter_on_a_header_opens_and_folds_its_hits(make_app, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    app = make_app(library_with_a_long_regulation(tmp_path))
    async with app.run_test(size=(120, 36)) as pilot:
        results = await search(pilot, app, "保税维修")
        results.focus()
        at = next(
            i for i, r in enumerate(results.rows) if isinstance(r, GroupRow) and len(r.hits) == 10
        )
        doc_id = results.rows[at].document.id
        results.highlighted = at
        await pilot.pause()
        assert results.border_title.endswith("份")  # "2/5 份": on a document
        await pilot.press("enter")
        await pilot.pause()
        listed = [r for r in results.rows if isinstance(r, HitRow) and r.hit.document_id == doc_id]
        assert len(listed) == 10
        assert results.rows[results.highlighted].document.id == doc_id  # still on its header
        await pilot.press("enter")
        await pilot.pause()
        listed = [r for r in results.rows if isinstance(r, HitRow) and r.hit.document_id == doc_id]
        assert len(listed) == 1


async def test_v_gives_one_ranked_list_and_s_the_order(make_app) -> None:  # type: ignore[no-untyped-def]
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        results = await search(pilot, app, "保税")
        results.focus()
        await pilot.press("v")
        await pilot.pause()
        assert not results.grouped and not headers(results)
        assert [r.rank for r in results.rows] == list(range(len(results.hits)))
        await pilot.press("s")  # by date, newest first
        await pilot.pause()
        dates = [app.library.document(r.hit.document_id).date or "" for r in results.rows]
        assert dates == sorted(dates, reverse=True)
        assert "日期" in str(app.screen.query_one("#status").render())
        await pilot.press("v")  # grouped again, still by date
        await pilot.pause()
        group_dates = [app.library.document(d).date or "" for d in headers(results)]
        assert results.grouped and group_dates == sorted(group_dates, reverse=True)


async def test_n_steps_over_hits_not_headers(make_app) -> None:  # type: ignore[no-untyped-def]
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        results = await search(pilot, app, "保税维修")
        assert results.grouped
        results.focus()
        detail = app.screen.query_one(MeasureDetail)
        seen = []
        for _ in range(len(results.hits)):
            await pilot.press("n")
            await pilot.pause()
            seen.append(detail.current[1].id)
        hit_rows = [r.hit.measure_id for r in results.rows if isinstance(r, HitRow)]
        assert (
            seen[: len(hit_rows) - 1] == hit_rows[1:]
        )  # from the first hit on, in the order shown


async def test_down_from_the_search_bar_goes_to_the_results(make_app) -> None:  # type: ignore[no-untyped-def]
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        results = await search(pilot, app, "保税维修")
        assert app.focused is app.screen.query_one("#search")
        await pilot.press("down")
        await pilot.pause()
        assert app.focused is results
