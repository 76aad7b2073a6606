"""Pilot test of f: the results' regions, years and types, one chosen becomes a query filter."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import Input

from tests.pilot.reader_app import search, wait_until
from tui.screens.facets import FacetScreen

TEXTS = {
    "wuhan.txt": "武汉市商务局 湖北省商务厅关于推进保税维修的通知\n发布日期：2024年4月1日\n一、推进保税维修。扩大保税维修范围。\n二、其他。加强指导。\n",
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
        assert len({h.document_id for h in results.hits}) == len(TEXTS)
        results.focus()
        await pilot.press("f")
        await pilot.pause()
        assert isinstance(app.screen, FacetScreen)
        ids = [o.id for o in app.screen.query_one("#facets-list").options if o.id]
        assert "region:湖北省" in ids and "region:上海市" in ids and "type:办法" in ids
        assert "issuer:湖北省商务厅" in ids  # the issuer, named in the title (…关于)
        assert ids.count("region:上海市") == 1  # a municipality is not listed again as a city
        listing = app.screen.query_one("#facets-list")
        listing.highlighted = next(
            i for i, o in enumerate(listing.options) if o.id == "region:湖北省"
        )
        await pilot.press("enter")
        await pilot.pause(0.3)
        bar = app.screen.query_one("#search", Input)
        assert bar.value == "保税维修 region:湖北省"
        await app.workers.wait_for_complete()
        await wait_until(pilot, lambda: len({h.document_id for h in results.hits}) == 2)
        kept = {app.library.document(h.document_id).title[:3] for h in results.hits}
        assert kept == {"湖北省", "武汉市"}  # Wuhan is in Hubei; Shanghai is gone
        results.focus()
        await pilot.press("f")  # the issuer now: one of the two Hubei texts
        await pilot.pause()
        listing = app.screen.query_one("#facets-list")
        listing.highlighted = next(
            i for i, o in enumerate(listing.options) if o.id == "issuer:湖北省商务厅"
        )
        await pilot.press("enter")
        await pilot.pause(0.3)
        assert bar.value == "保税维修 region:湖北省 issuer:湖北省商务厅"
        await app.workers.wait_for_complete()
        # issuer: is a substring of the issuer: the co-issued Wuhan notice names it too
        await wait_until(pilot, lambda: bool(results.hits))
        issuers = {app.library.document(h.document_id).issuer or "" for h in results.hits}
        assert issuers and all("湖北省商务厅" in issuer for issuer in issuers)


def test_the_panel_lists_cities_and_issuers_and_quotes_names_with_spaces() -> None:
    from index.facets import Facets
    from index.search.index import Hit
    from tui.screens.facets import facet_counts

    facets = {
        "a": Facets("湖北省武汉市", "湖北省", "武汉市", "武汉市商务局 湖北省商务厅", 2024, "通知"),
        "b": Facets("上海市", "上海市", "上海市", "上海市商务委员会", 2023, "办法"),
    }
    hits = [Hit(f"{d}-1", d, 1.0, "", [], []) for d in ("a", "a", "b")]
    counts = {heading: values for _p, heading, values in facet_counts(hits, facets.get)}
    assert counts["城市 city"] == [("武汉市", 2)]  # 上海市 is its own province: once
    assert counts["发文机关 issuer"] == [("武汉市商务局 湖北省商务厅", 2), ("上海市商务委员会", 1)]
    from tui.screens.facets import filter_text

    assert (
        filter_text("issuer", "武汉市商务局 湖北省商务厅") == 'issuer:"武汉市商务局 湖北省商务厅"'
    )
    assert filter_text("region", "武汉市") == "region:武汉市"
