"""tui.line_break: Chinese line breaking by terminal cells (no Textual needed)."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from rich.cells import cell_len

from tui.line_break import CLOSING, OPENING, break_lines, break_offsets

MEASURE = (
    "（一）支持保税维修业务。根据《国务院关于促进综合保税区高水平开放高质量发展的若干意见》"
    "（国发〔2019〕3号），对“两头在外”的保税维修业务，自2024年起给予最高500万元支持；"
    "对取得AEO高级认证的企业，再给予一次性奖励。"
)


def visible(line: str) -> str:
    """A line without the spaces that hang past the width (the reader drops them)."""
    return line.rstrip(" \t\u3000")


def assert_rules(lines: list[str]) -> None:
    for before, after in zip(lines, lines[1:], strict=False):
        assert after[0] not in CLOSING, (before, after)
        assert visible(before)[-1] not in OPENING, (before, after)


@pytest.mark.parametrize("width", range(21, 61))  # "（国发〔2019〕3号），": 21 cells
def test_a_measure_at_every_width(width: int) -> None:
    lines = break_lines(MEASURE, width)
    assert "".join(lines) == MEASURE
    assert all(cell_len(visible(line)) <= width for line in lines)
    assert_rules(lines)
    text = "\n".join(lines)
    for whole in ("国发〔2019〕3号", "2024", "500", "AEO"):
        assert whole in text  # never split across two lines
    # filled: a line ends early only for what may not be broken (at most 21 cells here)
    assert all(cell_len(line) > width - 21 for line in lines[:-1])


def test_closing_punctuation_takes_the_character_before_it_along() -> None:
    # "业" fits on the first line, "。" does not and may not start the next: "业" goes along
    assert break_lines("支持保税维修业。", 14) == ["支持保税维修", "业。"]
    assert break_lines("支持保税维修业务。", 16) == ["支持保税维修业", "务。"]
    assert break_lines("这是“两头在外”。", 12) == ["这是“两头在", "外”。"]  # “ ” are narrow


def test_opening_punctuation_goes_down_with_what_it_opens() -> None:
    assert break_lines("根据国务院《若干意见》", 12) == ["根据国务院", "《若干意见》"]
    assert break_lines("甲乙丙丁戊（一）", 12) == ["甲乙丙丁戊", "（一）"]


def test_doc_numbers_numbers_and_latin_words_stay_whole() -> None:
    assert break_lines("文件（国发〔2019〕12号）", 20) == ["文件", "（国发〔2019〕12号）"]
    facts = "国家医疗保障局办公室 · 2025-10-22 · 医保办函〔2025〕85号"
    assert break_lines(facts, 40) == [
        "国家医疗保障局办公室 · 2025-10-22 · ",
        "医保办函〔2025〕85号",
    ]
    assert break_lines("文件,国发[2019]12号", 16) == ["文件,", "国发[2019]12号"]
    assert break_lines("给予最高5000000元", 12) == ["给予最高", "5000000元"]
    assert break_lines("取得AEO高级认证", 6) == ["取得", "AEO高", "级认证"]
    assert break_lines("取得ＡＥＯ高级认证", 8) == ["取得", "ＡＥＯ高", "级认证"]


def test_latin_text_breaks_after_spaces_which_hang() -> None:
    assert break_lines("Authorized Economic Operator", 10) == [
        "Authorized ",
        "Economic ",
        "Operator",
    ]
    assert break_lines("　　各区要加强", 6) == [
        "\u3000\u3000各",
        "区要加",
        "强",
    ]  # the indent stays


def test_what_is_wider_than_a_line_is_broken_by_cells() -> None:
    url = "https://example.gov.cn/service/apply"
    lines = break_lines(f"登录{url}申报", 12)
    assert "".join(lines) == f"登录{url}申报"
    assert lines[0] == "登录"  # the URL starts a line of its own, then is cut by cells
    assert all(cell_len(line) <= 12 for line in lines)
    assert break_lines("国发〔2019〕12号", 10) == ["国发〔2019", "〕12号"]
    assert break_lines("保税", 1) == ["保", "税"]  # a character wider than the line: one a line


def test_edge_cases() -> None:
    assert break_lines("", 10) == [""]
    assert break_offsets("保税维修", 0) == [1, 2, 3]  # as width 1
    assert break_lines("e\u0301te\u0301", 2) == ["e\u0301t", "e\u0301"]  # marks stay on
    with pytest.raises(ValueError):
        break_offsets("一\n二", 10)


# -- properties ---------------------------------------------------------------------------

HAN = "保税维修业务支持企业发展开放国务院关于若干意见"
PUNCTUATION = "，。、；：？！）」』】》〉”’（「『【《〈“‘……——·"
anything = st.text(
    alphabet=st.sampled_from(HAN + PUNCTUATION + "AEOx019 　%.,()[]\u0301２Ａ"), max_size=80
)


@settings(max_examples=300, deadline=None)
@given(text=anything, width=st.integers(min_value=1, max_value=40))
def test_nothing_is_lost_and_lines_fit(text: str, width: int) -> None:
    lines = break_lines(text, width)
    assert "".join(lines) == text
    assert all(line for line in lines) or text == ""
    for line in lines:
        shown = visible(line)
        # only a single character wider than the whole line may stick out
        assert cell_len(shown) <= width or len(shown.rstrip("\u0301")) == 1, (line, width)


# Text made of short units: where every piece that may not be broken fits on a line (the
# longest, （保税维〔2000〕10号。” with its issuer, is 23 cells), no line starts with closing
# or ends with opening punctuation, and no number, Latin word or 文号 is split. A word is
# followed by a Chinese character, so two never run together.
word = st.one_of(
    st.tuples(st.text(alphabet=st.sampled_from(HAN), min_size=1, max_size=3), st.just("")),
    st.tuples(st.integers(min_value=0, max_value=999999).map(str), st.just("元")),
    st.tuples(
        st.sampled_from(["AEO", "WTO", "Operator", "ＡＥＯ", "２０１９", "3.5%"]), st.just("年")
    ),
    st.tuples(
        st.builds("〔{}〕{}号".format, st.integers(2000, 2030), st.integers(1, 99)), st.just("")
    ),
)
unit = st.tuples(
    st.sampled_from(["", "（", "《", "“", "【"]),
    word,
    st.sampled_from(["", "，", "。", "）", "》", "”", "、", "。”", "……", " "]),
)


@settings(max_examples=300, deadline=None)
@given(units=st.lists(unit, min_size=1, max_size=30), width=st.integers(min_value=26, max_value=60))
def test_punctuation_rules_and_whole_words(
    units: list[tuple[str, tuple[str, str], str]], width: int
) -> None:
    text = "".join(a + w + after + c for a, (w, after), c in units)
    offsets = break_offsets(text, width)
    lines = break_lines(text, width)
    assert "".join(lines) == text
    assert all(cell_len(visible(line)) <= width for line in lines)
    assert_rules(lines)
    position = 0
    for opening, (w, after), closing in units:
        start = position + len(opening)
        if after or w.startswith("〔"):  # a number, a Latin word, a 文号
            assert not any(start < o < start + len(w) for o in offsets), (w, lines)
        position = start + len(w) + len(after) + len(closing)
