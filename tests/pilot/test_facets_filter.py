"""Pilot test of f: the results' regions, years and types, one chosen becomes a query filter."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import Input

from tests.pilot.reader_app import search, wait_until
from tui.screens.facets import FacetScreen

TEXTS = {
    "hubei.txt": "湖北省商务厅关于支持保税维修的若干措施\n发布日期：2024年3月1日\n1.支持保税维修。开展保税维修业务。\n2.其他。做好宣传。\n",
    "shanghai.txt": "上海市保税维修管理办法\n发布日期：2023年5月1日\n第一条 为了规范保税维修，制定本办法。\n第二条 本办法自发布之日起施行。\n",
}


async def test_f_filters_the_results_by_region(make_app, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    folder = tmp_path / "regions"
    folder.mkdir()
    for name, text in TEXTS.items():
        (folder / name).write_text(text, encoding="utf-8")
    app = make_app(folder)
    async with app.run_test(size=(120, 36)) as pilot:
        results = await search(pilot, app, "保税维修")
        assert {h.document_id for h in results.hits} and len(
            {h.document_id for h in results.hits}
        ) == 2
        results.focus()
        await pilot.press("f")
        await pilot.pause()
        assert isinstance(app.screen, FacetScreen)
        ids = [o.id for o in app.screen.query_one("#facets-list").options if o.id]
        assert "region:湖北省" in ids and "region:上海市" in ids and "type:办法" in ids
        listing = app.screen.query_one("#facets-list")
        listing.highlighted = next(
            i for i, o in enumerate(listing.options) if o.id == "region:湖北省"
        )
        await pilot.press("enter")
        await pilot.pause(0.3)
        bar = app.screen.query_one("#search", Input)
        assert bar.value == "保税维修 region:湖北省"
        await app.workers.wait_for_complete()
        await wait_until(pilot, lambda: len({h.document_id for h in results.hits}) == 1)
        doc = app.library.document(results.hits[0].document_id)
        assert doc is not None and doc.title.startswith("湖北省")
