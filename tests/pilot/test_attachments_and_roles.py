"""Pilot tests of attachments (附件) in the tree and the pane, responsible roles, and
untitled articles, on a small library written here."""

from __future__ import annotations

from pathlib import Path

import pytest

from index.model import Attachment, Measure
from tests.pilot.reader_app import SIZE, app_factory, detail_text
from tui.app import PolicyApp
from tui.widgets import DocumentTree, MeasureDetail

MEASURES_AND_ATTACHMENT = """丙市促进跨境电商发展的若干措施
发布日期：2024年6月3日  来源：丙市商务局
一、培育主体
（一）支持企业建设海外仓。对新建海外仓给予补助。（牵头单位：丙市商务局；配合单位：丙市财政局、丙市税务局）
（二）完善物流。推动跨境物流通道建设。（责任单位：丙市交通局）
丙市人民政府
2024年6月3日
附件1
跨境电商重点企业名单
以下企业[bold]优先支持[/bold]。
序号\t企业名称\t所在区
1\t丙市云帆科技有限公司\t东区
"""

LAW = """丙市数据条例
发布日期：2024年7月1日  来源：丙市人大常委会
第一条 为了促进数据依法有序流动，制定本条例。
第二条 本条例适用于本市行政区域内的数据处理活动。
"""


@pytest.fixture
def app(tmp_path: Path) -> PolicyApp:
    folder = tmp_path / "library"
    folder.mkdir()
    (folder / "gamma.txt").write_text(MEASURES_AND_ATTACHMENT, encoding="utf-8")
    (folder / "delta.txt").write_text(LAW, encoding="utf-8")
    return app_factory(folder, tmp_path)()


def _document_node(tree: DocumentTree, title: str):  # type: ignore[no-untyped-def]
    return next(n for n in tree.root.children if n.data.title == title)


async def _cursor_to(pilot, tree: DocumentTree, wanted) -> None:  # type: ignore[no-untyped-def]
    """Press down until ``wanted(node.data)`` holds (as a reader would)."""
    for _ in range(20):
        if tree.cursor_node is not None and wanted(tree.cursor_node.data):
            return
        await pilot.press("down")
    raise AssertionError("no such node in the tree")


async def test_attachment_node_opens_its_text_as_written(app: PolicyApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        tree = app.screen.query_one(DocumentTree)
        doc_node = _document_node(tree, "丙市促进跨境电商发展的若干措施")
        tree.move_cursor(doc_node)
        await pilot.press("right")  # expand: sections, measures, then the attachment
        await pilot.pause()
        last = doc_node.children[-1]
        assert isinstance(last.data, Attachment)
        assert last.label.plain == "📎 附件1 跨境电商重点企业名单"
        assert not last.allow_expand

        await _cursor_to(pilot, tree, lambda data: isinstance(data, Attachment))
        await pilot.pause()
        detail = app.screen.query_one(MeasureDetail)
        text = detail_text(app)
        assert text.startswith("丙市促进跨境电商发展的若干措施")
        assert "📎 附件1 跨境电商重点企业名单" in text
        assert "以下企业[bold]优先支持[/bold]。" in text  # brackets literal, not markup
        row = next(line for line in text.splitlines() if "丙市云帆科技有限公司" in line)
        assert "\t" not in row and row.index("1") < row.index("丙市云帆") < row.index("东区")
        assert detail.current is None and not detail.responsible.display

        detail.show_message("elsewhere")
        await pilot.press("enter")  # the key that opens a measure opens the attachment
        await pilot.pause()
        assert "以下企业[bold]优先支持[/bold]。" in detail_text(app)

        await pilot.press("b")  # not a measure: nothing to bookmark, nothing breaks
        await pilot.press("right_square_bracket")
        await pilot.pause()
        assert detail.current is None


async def test_tab_separated_rows_line_up_by_cells(app: PolicyApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        doc = next(d for d in app.library.documents if d.attachments)
        table = Attachment("附件2：申报表", "申报表", "说明[b]\n序号\t名称\n10\t云帆\n备注")
        detail = app.screen.query_one(MeasureDetail)
        detail.show_attachment(doc, table)
        await pilot.pause()
        lines = detail_text(app).splitlines()
        assert "📎 附件2 申报表" in lines
        assert lines[-4:] == ["说明[b]", "序号  名称", "10    云帆", "备注"]


async def test_roles_one_line_each_and_untitled_articles(app: PolicyApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        tree = app.screen.query_one(DocumentTree)
        tree.move_cursor(_document_node(tree, "丙市促进跨境电商发展的若干措施"))
        await pilot.press("right")
        await _cursor_to(pilot, tree, lambda d: isinstance(d, Measure) and d.label == "（一）")
        await pilot.pause()
        detail = app.screen.query_one(MeasureDetail)
        assert detail.responsible.display
        assert str(detail.responsible.render()).splitlines() == [
            "牵头单位：丙市商务局",
            "配合单位：丙市财政局、丙市税务局",
        ]
        await pilot.press("down")  # a lone 责任单位 is the block's title: the plain list
        await pilot.pause()
        assert str(detail.responsible.render()) == "丙市交通局"

        tree.move_cursor(_document_node(tree, "丙市数据条例"))
        await pilot.press("right")
        await _cursor_to(pilot, tree, lambda d: isinstance(d, Measure) and d.label == "第一条")
        await pilot.pause()
        current = detail.current
        assert current is not None and current[1].title == ""
        lines = str(detail.body.render()).splitlines()
        assert "第一条 为了促进数据依法有序流动，制定本条例。" in lines
        number = lines.index("第一条 为了促进数据依法有序流动，制定本条例。")
        assert lines[number - 1] == "" and lines[number - 2] != ""  # no empty title line
        assert not detail.responsible.display
