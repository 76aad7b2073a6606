"""index.parsing.checks: each warning on a small hand-written text, none on a clean one."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from index.model import Document, Measure, Section
from index.parsing.checks import LONG_MEASURE, Warning, check_document, numeral_value
from index.parsing.parser import parse_policy_text

HEAD = "某市促进外贸发展的若干措施\n2024年5月1日\n"
SIGNATURE = "某市商务局\n2024年5月1日\n"


def codes(text: str) -> list[str]:
    return [w.code for w in check_document(parse_policy_text(text))]


def only(text: str, code: str) -> Warning:
    doc = parse_policy_text(text)
    found = [w for w in check_document(doc) if w.code == code]
    assert len(found) == 1, check_document(doc)
    return found[0]


def test_a_clean_text_gives_no_warnings() -> None:
    text = (
        HEAD + "为促进外贸发展，制定以下措施。\n"
        "一、支持企业出海。给予补助。\n二、优化通关服务。提升效率。\n三、加强人才保障。引进人才。\n"
        + SIGNATURE
    )
    assert check_document(parse_policy_text(text)) == []


def test_numbering_restarting_in_each_section_is_no_gap() -> None:
    text = (
        HEAD + "一、支持企业出海\n（一）给予补助。补助。\n（二）给予奖励。奖励。\n"
        "二、优化通关服务\n（一）提升效率。效率。\n（二）压缩时间。时间。\n"
    )
    doc = parse_policy_text(text)
    assert len(doc.sections) == 2 and len(doc.measures) == 4
    assert check_document(doc) == []


def test_a_skipped_number_is_a_gap() -> None:
    doc = parse_policy_text(
        HEAD
        + "一、支持企业出海。给予补助。\n二、优化通关服务。提升效率。\n四、加强人才保障。引进人才。\n"
    )
    [warning] = check_document(doc)
    assert warning.code == "numbering-gap"
    # the measure that holds the 四、 line (or 四、 itself, should the parser take it)
    assert warning.measure_id in {m.id for m in doc.measures if m.number in ("二", "四")}
    assert "二、 之后是 四、" in warning.message and "numbering gap: 2 → 4" in warning.message


def test_a_number_left_in_a_body_is_compared_as_written() -> None:
    doc = parse_policy_text(
        HEAD + "一、支持企业出海。给予补助。\n二、优化通关服务。提升效率。\n"
        "六、加强人才保障。引进人才。\n三、强化组织实施。落实责任。\n"
    )
    messages = [w.message for w in check_document(doc)]
    assert any("二、 之后是 六、" in m for m in messages), messages
    assert any("六、 之后是 三、" in m for m in messages), messages  # not "二、 之后是 三、"


def test_a_gap_inside_a_section() -> None:
    warning = only(
        HEAD + "一、支持企业出海\n（一）给予补助。补助。\n（二）给予奖励。奖励。\n"
        "二、优化通关服务\n（一）提升效率。效率。\n（三）压缩时间。时间。\n",
        "numbering-gap",
    )
    assert "（一） 之后是 （三）" in warning.message


def test_a_repeated_number() -> None:
    warning = only(
        HEAD + "1.支持企业出海。给予补助。\n2.优化通关服务。提升效率。\n"
        "2.加强人才保障。引进人才。\n3.强化组织实施。落实责任。\n",
        "numbering-repeat",
    )
    assert "2. 之后是 2." in warning.message


def test_numbering_that_goes_back() -> None:
    warning = only(
        HEAD + "一、支持企业出海。给予补助。\n二、优化通关服务。提升效率。\n"
        "三、加强人才保障。引进人才。\n二、强化组织实施。落实责任。\n",
        "numbering-order",
    )
    assert "三、 之后是 二、" in warning.message


def test_numbering_that_does_not_start_at_one() -> None:
    warning = only(
        HEAD + "二、支持企业出海。给予补助。\n三、优化通关服务。提升效率。\n", "numbering-start"
    )
    assert "二、" in warning.message


def test_numbers_after_an_attachment_line_are_no_gap() -> None:
    text = (
        HEAD + "1.支持企业出海。给予补助。\n2.优化通关服务。提升效率。\n"
        "附件：1.申报表\n2.联系方式\n5.说明\n"
    )
    assert codes(text) == []


def test_measures_compared_by_value_not_as_written() -> None:
    doc = Document(
        id="d",
        title="t",
        date="2024-01-01",
        measures=tuple(
            Measure(
                id=f"d-{i}",
                document_id="d",
                position=i,
                label=f"{n}、",
                number=n,
                title="x",
                body="",
            )
            for i, n in enumerate(["八", "九", "十", "十一", "十三"], start=1)
        ),
    )
    assert [w.code for w in check_document(doc)] == ["numbering-start", "numbering-gap"]
    assert numeral_value("十三") == 13 and numeral_value("１３") == 13 and numeral_value("⑬") == 13


def test_a_long_measure() -> None:
    body = "支持企业开展业务。" * (LONG_MEASURE // 9 + 1)
    doc = parse_policy_text(HEAD + f"一、支持企业出海。{body}\n二、优化通关服务。提升效率。\n")
    [warning] = check_document(doc)
    assert warning.code == "long-measure" and warning.measure_id == doc.measures[0].id
    assert "3,000" in warning.message


def test_text_after_the_signature() -> None:
    doc = parse_policy_text(
        HEAD
        + "一、支持企业出海。给予补助。\n二、优化通关服务。提升效率。\n"
        + SIGNATURE
        + "扫码关注我们的公众号\n相关新闻推荐\n"
    )
    [warning] = check_document(doc)
    assert warning.code == "text-after-signature"
    assert warning.measure_id == doc.measures[-1].id
    assert "某市商务局" in warning.message and "扫码关注我们的公众号" in warning.message


@pytest.mark.parametrize(
    "after",
    ["附件：1.申报表\n2.联系方式\n", "抄送：市财政局\n", "（联系人：张三；电话：12345678）\n"],
)
def test_attachments_and_copy_lists_after_the_signature_are_expected(after: str) -> None:
    text = HEAD + "一、支持企业出海。给予补助。\n二、优化通关服务。提升效率。\n" + SIGNATURE + after
    assert codes(text) == []


def test_no_date() -> None:
    warning = only(
        "某市促进外贸发展的若干措施\n一、支持企业出海。给予补助。\n二、优化。提升。\n", "no-date"
    )
    assert warning.measure_id is None


def test_numbered_lines_but_no_measures() -> None:
    doc = parse_policy_text(HEAD + "一、支持企业出海。给予补助。\n五、优化通关服务。提升效率。\n")
    assert not any(m.label for m in doc.measures)  # the whole text is one unnumbered measure
    warning = only(
        HEAD + "一、支持企业出海。给予补助。\n五、优化通关服务。提升效率。\n", "no-measures"
    )
    assert "2 行" in warning.message


def test_prose_without_numbering_is_not_flagged_for_measures() -> None:
    assert codes(HEAD + "为促进外贸发展，现通知如下。\n请认真贯彻执行。\n") == []


def test_messages_are_one_line() -> None:
    label = "一、\n"
    doc = Document(
        id="d",
        title="t",
        measures=(
            Measure(
                id="d-1", document_id="d", position=1, label=label, number="二", title="", body=""
            ),
        ),
    )
    assert all("\n" not in w.message for w in check_document(doc))


_text = st.text(
    alphabet=st.sampled_from("一二三十1２.、（）()第条章 \n附件某市局2024年5月1日。"), max_size=60
)


@settings(max_examples=200, deadline=None)
@given(
    labels=st.lists(st.tuples(_text, _text, _text, _text), max_size=6),
    preamble=_text,
    date=st.none() | st.just("2024-01-01"),
)
def test_never_raises_on_any_document(
    labels: list[tuple[str, str, str, str]], preamble: str, date: str | None
) -> None:
    measures = tuple(
        Measure(
            id=f"d-{i}",
            document_id="d",
            position=i,
            label=label,
            number=number,
            title=title,
            body=body,
            section=1 if i % 2 else None,
        )
        for i, (label, number, title, body) in enumerate(labels, start=1)
    )
    doc = Document(
        id="d",
        title="t",
        date=date,
        preamble=preamble,
        sections=(Section(id="d-s1", position=1, label="一、", number="一", title="x"),),
        measures=measures,
    )
    for w in check_document(doc):
        assert w.code and w.message and "\n" not in w.message


@settings(max_examples=100, deadline=None)
@given(text=_text)
def test_never_raises_on_any_parsed_text(text: str) -> None:
    check_document(parse_policy_text(text))


def test_two_close_title_candidates_are_flagged() -> None:
    text = "某市促进外贸发展若干措施\n某区稳定外资规模实施方案\n1．支持企业。给予补助。\n2．优化服务。提升效率。\n"
    doc = parse_policy_text(text)
    assert doc.title_rival is not None
    assert "title-close" in codes(text)


def test_a_wrapped_title_is_no_rival_of_itself() -> None:
    text = "某市关于印发\n促进外贸发展若干措施的通知\n某府发〔2024〕1号\n1．支持企业。给予补助。\n2．优化服务。提升效率。\n"
    assert "title-close" not in codes(text)
