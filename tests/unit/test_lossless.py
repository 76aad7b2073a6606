"""Nothing lost: generated documents in every convention keep every letter and digit."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from index.parsing.parser import parse_policy_text
from tests.unit.lossless import invented_content, missing_content

CN = "零一二三四五六七八九"


def cn_numeral(n: int) -> str:
    if n < 10:
        return CN[n]
    tens, ones = divmod(n, 10)
    return ("" if tens == 1 else CN[tens]) + "十" + (CN[ones] if ones else "")


SECTION_STYLES = [
    lambda n: f"{cn_numeral(n)}、",
    lambda n: f"{cn_numeral(n)}\u00a0 ",
    lambda n: f"第{cn_numeral(n)}章　",
    lambda n: f"（{cn_numeral(n)}）",
]
MEASURE_STYLES = [
    lambda n: f"（{cn_numeral(n)}）",
    lambda n: f"{n}.",
    lambda n: f"{n}．",
    lambda n: f"（{n}）",
    lambda n: "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"[n - 1],
    lambda n: f"第{cn_numeral(n)}条　",
    lambda n: f"{cn_numeral(n)}、",
]

# A heading's text starts with a word ("1.00" would be a decimal number, not a heading).
words = st.builds(
    lambda first, rest: first + rest,
    st.sampled_from(list("支持企业开展优化推动加强")),
    st.text(
        alphabet=st.sampled_from(
            list(
                "支持企业开展保税维修业务优化监管模式推动口岸通关便利化跨境电商高级认证AEO2024年[]（）()“”、，"
            )
        ),
        max_size=15,
    ),
)
sentence = st.builds(lambda w, end: w + end, words, st.sampled_from(["。", "；", "。", "！"]))
padding = st.sampled_from(["", " ", "\u00a0", "\u3000", "\t"])
noise = st.sampled_from(
    [
        "首页 > 政策文件 > 通知",
        "当前位置：首页 > 政务公开",
        "浏览次数：128",
        "扫一扫在手机打开当前页",
        "【打印本页】【关闭窗口】",
        "分享到：微信 微博",
    ]
)


@st.composite
def documents(draw: st.DrawFn) -> str:
    lines: list[str] = []
    if draw(st.booleans()):
        lines.append(draw(noise))
    title_words = draw(st.lists(words, min_size=1, max_size=3))
    lines.extend(
        w + ("若干措施" if i == len(title_words) - 1 else "") for i, w in enumerate(title_words)
    )
    if draw(st.booleans()):
        lines.append(
            draw(
                st.sampled_from(
                    [
                        "发布时间：2024-05-31 10:00:00 来源：某市商务局 浏览次数：902次",
                        "2023年8月31日",
                        "某府办发〔2024〕12号",
                    ]
                )
            )
        )
    lines.extend(draw(st.lists(sentence, max_size=2)))
    section_style = draw(st.sampled_from(SECTION_STYLES + [None]))
    measure_style = draw(st.sampled_from(MEASURE_STYLES))
    n_sections = draw(st.integers(1, 3)) if section_style else 1
    measure_no = 0
    for s in range(1, n_sections + 1):
        if section_style:
            lines.append(draw(padding) + section_style(s) + draw(words))
        for _ in range(draw(st.integers(2 if s == 1 else 1, 4))):  # a lone numeral is prose
            measure_no += 1
            if measure_no > 20:
                break
            head = measure_style(measure_no) + draw(words) + draw(st.sampled_from(["。", ""]))
            body = "".join(draw(st.lists(sentence, min_size=0, max_size=3)))
            if draw(st.booleans()):
                lines.append(draw(padding) + head + body)
            else:
                lines.append(draw(padding) + head)
                if body:
                    lines.append(body)
            if draw(st.integers(0, 4)) == 0:
                lines.append(
                    "（责任单位：" + "、".join(draw(st.lists(words, min_size=1, max_size=3))) + "）"
                )
            if draw(st.integers(0, 4)) == 0:
                lines.append("政策解读：" + draw(sentence))
    if draw(st.booleans()):
        lines.append(draw(noise))
    newline = draw(st.sampled_from(["\n", "\r\n", "\n\n"]))
    return draw(st.sampled_from(["", "\ufeff"])) + newline.join(lines)


@settings(max_examples=250, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(documents())
def test_generated_documents_lose_nothing(text: str) -> None:
    doc = parse_policy_text(text)
    assert missing_content(text, doc) == {}
    assert invented_content(text, doc) == {}


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=400))
def test_any_text_parses_and_loses_nothing(text: str) -> None:
    doc = parse_policy_text(text)
    assert missing_content(text, doc) == {}
    assert invented_content(text, doc) == {}


@settings(max_examples=250, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(documents())
def test_generated_documents_find_their_measures(text: str) -> None:
    doc = parse_policy_text(text)
    assert len(doc.measures) >= 1
