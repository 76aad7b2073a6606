"""Heading numbering: every style a policy text uses, and prose that only looks like one."""

from __future__ import annotations

import pytest

from index.parsing.numbering import (
    ARABIC,
    ARABIC_PAREN,
    ARTICLE,
    CHAPTER,
    CIRCLED,
    CN,
    CN_PAREN,
    chinese_to_int,
    find_inline_successor,
    match_heading,
)


@pytest.mark.parametrize(
    ("numeral", "value"),
    [
        ("一", 1),
        ("十", 10),
        ("十一", 11),
        ("二十", 20),
        ("二十一", 21),
        ("九十九", 99),
        ("一百", 100),
        ("一百零一", 101),
        ("一百一十", 110),
        ("两", 2),
    ],
)
def test_chinese_numerals_of_any_size(numeral: str, value: int) -> None:
    assert chinese_to_int(numeral) == value


@pytest.mark.parametrize("numeral", ["", "一二", "十十", "abc", "第"])
def test_non_numerals_are_rejected(numeral: str) -> None:
    assert chinese_to_int(numeral) is None


@pytest.mark.parametrize(
    ("line", "kind", "value", "label", "rest"),
    [
        ("一、全面推动制度创新", CN, 1, "一、", "全面推动制度创新"),
        ("二十一、强化统计服务", CN, 21, "二十一、", "强化统计服务"),
        ("一 强化科技赋能", CN, 1, "一", "强化科技赋能"),
        ("二\u00a0 推进改革创新", CN, 2, "二", "推进改革创新"),
        ("三\u3000畅通跨境物流", CN, 3, "三", "畅通跨境物流"),
        ("（一）优化作业模式。制定公告。", CN_PAREN, 1, "（一）", "优化作业模式。制定公告。"),
        ("(十七)支持建设特色型综合保税区", CN_PAREN, 17, "(十七)", "支持建设特色型综合保税区"),
        ("1.压实目标责任。", ARABIC, 1, "1.", "压实目标责任。"),
        ("13. 加大培育力度。", ARABIC, 13, "13.", "加大培育力度。"),
        ("2、优化服务。", ARABIC, 2, "2、", "优化服务。"),
        ("３．深化改革。", ARABIC, 3, "３．", "深化改革。"),
        ("（1）明确目标。", ARABIC_PAREN, 1, "（1）", "明确目标。"),
        ("(２)完善机制。", ARABIC_PAREN, 2, "(２)", "完善机制。"),
        ("①压实责任。", CIRCLED, 1, "①", "压实责任。"),
        ("第一章　总则", CHAPTER, 1, "第一章", "总则"),
        ("第三条　执法人员应当遵守下列规定：", ARTICLE, 3, "第三条", "执法人员应当遵守下列规定："),
        ("第一百零一条 附则", ARTICLE, 101, "第一百零一条", "附则"),
    ],
)
def test_heading_styles(line: str, kind: str, value: int, label: str, rest: str) -> None:
    mark = match_heading(line)
    assert mark is not None
    assert (mark.kind, mark.value, mark.label, mark.rest) == (kind, value, label, rest)


@pytest.mark.parametrize(
    "line",
    [
        "一是加强领导。",
        "十分重要的工作。",
        "2023年11月1日,自贸试验区揭牌。",
        "2.5亿元专项资金。",
        "5G等前沿技术。",
        "一、",
        "30日至90日内提出申请。",
    ],
)
def test_prose_is_not_a_heading(line: str) -> None:
    assert match_heading(line) is None


def test_packed_measures_are_found_after_a_sentence_end() -> None:
    rest = "支持企业建设海外仓。对新建海外仓给予补助。2．支持平台发展。"
    at = find_inline_successor(rest, ARABIC, 1)
    assert at is not None and rest[at:].startswith("2．")


def test_decimals_and_other_numbers_never_split_a_line() -> None:
    assert find_inline_successor("给予补助。2.5亿元用于建设。", ARABIC, 1) is None
    assert find_inline_successor("给予补助。3．其他。", ARABIC, 1) is None  # not the successor
