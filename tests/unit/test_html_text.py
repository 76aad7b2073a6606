"""Saved web pages: the whole article, not the menu; declared charsets; tables; no hangs."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from index.formats.extract import extract_text
from index.formats.html_text import declared_charset, decode_html, html_to_text

ARTICLE = [
    "各区人民政府，市政府各委、办、局：",
    "为进一步优化营商环境，激发市场主体活力，经市政府同意，现就有关事项通知如下。",
    "一、加大财政支持力度。对新设立的科技型中小企业，按照实际研发投入的百分之十给予补助，最高不超过五十万元。",
    "二、优化审批服务流程。各部门要压缩办理时限，推行一网通办，实现企业开办全程网上办理。",
    "三、强化要素保障。统筹安排用地指标，优先保障重点产业项目，降低企业用电用气成本。",
    "四、本通知自印发之日起施行，有效期三年。",
    "某市人民政府办公厅",
    "2024年3月5日",
]
TITLE = "某市人民政府办公厅关于进一步优化营商环境的通知_某市人民政府"

# A site menu whose <li>s are never closed and whose font bar leaves a <p> open, as on the
# saved pages that came out with only their <title>: a tag-counting skipper never got back
# out of the menu and skipped the article with it.
MENU = (
    '<div class="menu"><ul><li><a href="/">首页</a><li><a href="/zwgk/">政务公开</a>'
    '<li><a href="/zcwj/">政策文件</a><li><a href="/hdjl/">互动交流</a></ul></div>'
    '<div class="wrapper_menu"><span>字体：</span><p class="ft">Aa<a href="#">小</a>'
    '<a href="#" class="middle">中</a></a><a href="#">大</a></div>'
)
FOOTER = '<div class="footer"><p>网站地图 | 联系我们</p><p>版权所有：某市人民政府办公厅 网站标识码 1234</p></div>'


def _page(article_html: str, *, head: str = "", title: str = TITLE, menu: str = MENU) -> str:
    return (
        f"<!DOCTYPE html><html><head>{head}<title>{title}</title>"
        "<script>var nav = '一、首页';</script><style>p{margin:0}</style></head><body>"
        f'{menu}<div class="wrapper_deatil"><div class="wrapper_detail_text">{article_html}</div></div>'
        f"{FOOTER}</body></html>"
    )


def _paragraphs(lines: list[str]) -> str:
    return "".join(f"<p>{line}</p>\n" for line in lines)


def test_menu_with_mis_nested_tags_keeps_the_whole_article() -> None:
    text = html_to_text(_page(_paragraphs(ARTICLE)))
    lines = text.split("\n")
    assert lines[0] == TITLE
    assert lines[1:] == ARTICLE
    assert "政务公开" not in text and "版权所有" not in text and "var nav" not in text


def test_title_is_the_first_line_and_the_headline_outside_the_article_is_kept() -> None:
    headline = '<h2 class="Article-title">某市人民政府办公厅关于进一步优化营商环境的通知 <small>文号：某政办发〔2024〕5号</small></h2>'
    text = html_to_text(
        _page(headline + '<div id="ivs_content">' + _paragraphs(ARTICLE) + "</div>")
    )
    lines = text.split("\n")
    assert lines[0] == TITLE
    assert "某政办发〔2024〕5号" in lines[1]
    assert lines[2:] == ARTICLE


def test_a_title_and_date_beside_the_article_block_are_kept() -> None:
    """The article is one block and its title and 发表时间 line sit in a sibling block
    above it: the extractor keeps the body, so those short lines are taken from the page;
    the menu and font-size bar above them are not."""
    beside = (
        '<div class="title"><span>某市示例补贴常见问题</span></div>'
        '<div class="info"><span>发表时间：2025-11-18 来源：某市人力资源社会保障局</span></div>'
        '<div class="ft">字号：<a>大</a> <a>中</a> <a>小</a></div>'
    )
    body = _paragraphs(ARTICLE[:6])
    page = (
        f"<html><head></head><body>{MENU}<div class='wrap'>"
        f'<div class="head">{beside}</div><div class="newsMain">{body}</div></div>{FOOTER}</body></html>'
    )
    lines = html_to_text(page).split("\n")
    assert "某市示例补贴常见问题" in lines and any(line.startswith("发表时间") for line in lines)
    assert lines.index("某市示例补贴常见问题") < lines.index(ARTICLE[0])
    assert "政务公开" not in lines and "首页" not in lines


@pytest.mark.parametrize(
    "head",
    [
        '<meta http-equiv="Content-Type" content="text/html; charset=gb2312">',
        '<meta charset="GBK">',
        '<META HTTP-EQUIV=Content-Type CONTENT="text/html; charset=gb2312">',
    ],
)
def test_gbk_declared_bytes(tmp_path: Path, head: str) -> None:
    # 〔〕 and 堃 are outside GB2312: such pages are really GBK/GB18030 whatever they declare.
    article = [*ARTICLE[:-2], "五、联系人：王堃，电话：〔0571〕12345678。", *ARTICLE[-2:]]
    path = tmp_path / "gbk.html"
    path.write_bytes(_page(_paragraphs(article), head=head).encode("gb18030"))
    assert declared_charset(path.read_bytes()) == "gb18030"
    lines = extract_text(path).split("\n")
    assert lines[0] == TITLE
    assert lines[1:] == article


def test_bom_and_stale_declarations() -> None:
    page = _page(_paragraphs(ARTICLE))
    assert declared_charset(b"\xef\xbb\xbf" + page.encode()) == "utf-8-sig"
    assert declared_charset("\ufeff".encode("utf-16") + page.encode("utf-16-le")) == "utf-16"
    assert (
        html_to_text("\ufeff".encode("utf-16-le") + page.encode("utf-16-le")).split("\n")[1:]
        == ARTICLE
    )
    # Re-saved as UTF-8 without fixing the <meta>: the bytes win over a legacy declaration.
    stale = _page(_paragraphs(ARTICLE), head='<meta charset="gb2312">').encode("utf-8")
    assert declared_charset(stale) == "utf-8"
    assert html_to_text(stale).split("\n")[1:] == ARTICLE
    # An unknown charset name is ignored rather than fatal.
    assert declared_charset(b'<meta charset="x-no-such-charset">') is None
    assert decode_html(b"\xff\xfe\x00<p>\x81") != ""


def test_escaped_angle_brackets_survive_as_text() -> None:
    article = [
        *ARTICLE[:-2],
        "高质量实施&lt;区域全面经济伙伴关系协定&gt;，用好&amp;RCEP规则。",
        *ARTICLE[-2:],
    ]
    text = html_to_text(_page(_paragraphs(article)))
    assert "高质量实施<区域全面经济伙伴关系协定>，用好&RCEP规则。" in text.split("\n")


def test_blocks_breaks_and_nbsp() -> None:
    article = (
        _paragraphs(ARTICLE[1:2]) + "<div>各有关单位：<br>&nbsp;&nbsp;&nbsp; 一、总体要求<br/>"
        "二、主要任务&nbsp;&nbsp;（一）加强统筹。</div>"
        "<ul><li>三、保障措施。" + ARTICLE[2] + "<li>" + ARTICLE[3] + "</ul>"
        "<h3>附则</h3><p>" + ARTICLE[4] + "<p>" + ARTICLE[5]
    )
    lines = html_to_text(_page(article)).split("\n")
    assert lines[1:] == [
        ARTICLE[1],
        "各有关单位：",
        "一、总体要求",
        "二、主要任务 （一）加强统筹。",
        "三、保障措施。" + ARTICLE[2],
        ARTICLE[3],
        "附则",
        ARTICLE[4],
        ARTICLE[5],
    ]


def test_tables_are_tab_separated_rows() -> None:
    table = (
        "<table><tr><th>项目</th><th>补贴标准</th><th>备注</th></tr>"
        "<tr><td><p>新建</p><p>充电桩</p></td><td>每千瓦200元</td><td></td></tr>"
        "<tr><td>改造项目<td>每千瓦100元<td>限一次</table>"
    )
    article = _paragraphs(ARTICLE[:4]) + "<p>附表：补贴标准</p>" + table + _paragraphs(ARTICLE[4:])
    lines = html_to_text(_page(article)).split("\n")
    i = lines.index("附表：补贴标准")
    assert lines[i + 1 : i + 4] == [
        "项目\t补贴标准\t备注",
        "新建 充电桩\t每千瓦200元",
        "改造项目\t每千瓦100元\t限一次",
    ]
    assert lines[i + 4 :] == ARTICLE[4:]


def test_layout_table_holding_the_article_keeps_its_paragraphs() -> None:
    meta = "<table><tr><td>发文字号：</td><td>某政发〔2024〕3号</td></tr></table>"
    page = (
        f"<html><head><title>{TITLE}</title></head><body><table><tr><td>{meta}"
        f"{_paragraphs(ARTICLE)}</td></tr></table></body></html>"
    )
    lines = html_to_text(page).split("\n")
    assert lines[-len(ARTICLE) :] == ARTICLE


def test_fallback_to_the_whole_visible_text_when_the_article_is_short() -> None:
    # Only an attachment link: the extractor finds under 200 characters, so nothing is dropped.
    page = _page('<p>附件：<a href="/doc/2019122510256.pdf">点击下载相关附件！</a></p>')
    text = html_to_text(page)
    lines = text.split("\n")
    assert lines[0] == TITLE
    assert "附件：点击下载相关附件！" in lines
    assert "政务公开" in lines  # the whole visible text …
    assert "var nav" not in text and "margin" not in text  # … without scripts and styles


def test_fallback_when_the_extractor_keeps_under_a_third(monkeypatch: pytest.MonkeyPatch) -> None:
    # An extractor that picks one long box of a page made of many: over 200 characters, but
    # under a third of the visible text, so the page is kept whole.
    from index.formats import html_text

    box = "<p>" + ARTICLE[2] * 4 + "</p>"
    page = f"<html><head><title>{TITLE}</title></head><body>{box}{_paragraphs(ARTICLE * 4)}</body></html>"
    monkeypatch.setattr(html_text, "_article_html", lambda markup: box)
    assert html_to_text(page).split("\n") == [TITLE, ARTICLE[2] * 4, *(ARTICLE * 4)]
    monkeypatch.setattr(html_text, "_article_html", lambda markup: None)  # extractor failed
    assert html_to_text(page).split("\n") == [TITLE, ARTICLE[2] * 4, *(ARTICLE * 4)]


@pytest.mark.parametrize(
    "markup", ["", "<", "<!", "<html><body></body></html>", "&", "<p>甲", "\x00\x01"]
)
def test_never_raises_on_odd_input(markup: str) -> None:
    assert isinstance(html_to_text(markup), str)


PARAGRAPH = "第一条　为了规范补贴资金管理，提高资金使用效益，根据有关规定，制定本办法。" * 5


@pytest.mark.parametrize(
    "name, markup, wanted",
    [
        (
            "10,000 nested <div>s",
            "<html><body>"
            + "<div>" * 10_000
            + f"<p>{PARAGRAPH}</p>"
            + "</div>" * 10_000
            + "<p>尾段。</p></body></html>",
            [PARAGRAPH, "尾段。"],
        ),
        (
            "100,000 <br>s",
            "<html><body><p>" + "<br>" * 100_000 + PARAGRAPH + "</p></body></html>",
            [PARAGRAPH],
        ),
        (
            "1,000 unclosed <p>",
            "<html><body>" + "".join(f"<p>第{i}段，内容。" for i in range(1000)) + "</body></html>",
            ["第0段，内容。", "第999段，内容。"],
        ),
    ],
)
def test_pathological_pages_finish_quickly(name: str, markup: str, wanted: list[str]) -> None:
    start = time.perf_counter()
    lines = html_to_text(markup).split("\n")
    assert time.perf_counter() - start < 5, name
    for line in wanted:
        assert line in lines, name
