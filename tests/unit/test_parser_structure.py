"""Level detection and metadata on small texts written for these tests (not the corpus)."""

from __future__ import annotations

from index.parsing.as_json import document_to_dict
from index.parsing.metadata import find_doc_number, to_iso_date
from index.parsing.parser import parse_policy_text


def _numbers(doc) -> list[str]:
    return [m.number for m in doc.measures]


def test_groups_around_measures_whose_numbers_run_on() -> None:
    doc = parse_policy_text(
        "某海关支持自贸试验区的若干措施\n"
        "（一）创新监管制度\n一、推动制度创新\n复制推广创新举措。\n二、深化单一窗口建设\n开发特色功能。\n"
        "（二）发挥区位优势\n三、提升口岸能级\n推动口岸开放。\n"
    )
    assert [s.title for s in doc.sections] == ["创新监管制度", "发挥区位优势"]
    assert _numbers(doc) == ["一", "二", "三"]
    assert [m.section for m in doc.measures] == [1, 1, 2]
    assert doc.measures[0].body == "复制推广创新举措。"


def test_enumerations_inside_a_measure_stay_inside_it() -> None:
    doc = parse_policy_text(
        "某市关于支持外贸发展的若干措施\n"
        "一、稳定外贸主体。对企业给予支持，具体包括：\n（一）扩大信用保险覆盖面；\n（二）加大融资支持。\n"
        "二、培育新业态。支持跨境电商发展。\n"
        "三、优化口岸环境。压缩通关时间，具体如下：\n（一）推进两步申报；\n（二）推广提前申报。\n"
    )
    assert doc.sections == ()
    assert _numbers(doc) == ["一", "二", "三"]
    assert "（二）加大融资支持。" in doc.measures[0].body


def test_articles_are_measures_and_chapters_sections() -> None:
    doc = parse_policy_text(
        "某市行政执法管理办法\n第一章　总则\n第一条　为规范执法，制定本办法。\n"
        "第二章　程序\n第二条　执法人员应当遵守下列规定：\n（一）出示证件；\n（二）告知权利；\n"
        "（三）制作笔录；\n（四）听取申辩；\n（五）依法送达；\n（六）归档。\n第三条　文书统一编号。\n"
    )
    assert [s.title for s in doc.sections] == ["总则", "程序"]
    assert _numbers(doc) == ["一", "二", "三"]
    assert "（六）归档。" in doc.measures[1].body
    assert doc.measures[1].section == 2


def test_three_levels_make_the_deepest_titled_level_the_measure() -> None:
    doc = parse_policy_text(
        "某省推进口岸发展的行动方案\n一、总体要求\n（一）指导思想\n1.坚持改革创新。推进制度创新。\n"
        "2.坚持问题导向。解决突出问题。\n二、重点任务\n（二）提升通关效率\n3.推广两步申报。提高效率。\n"
    )
    assert _numbers(doc) == ["1", "2", "3"]
    assert doc.sections[doc.measures[2].section - 1].title == "提升通关效率"


def test_packed_measures_on_one_line_are_split() -> None:
    doc = parse_policy_text(
        "某区促进跨境电商发展若干措施\n1．支持企业建设海外仓。对新建海外仓给予补助。2．支持平台发展。"
        "对平台企业给予奖励。3．加强人才培养。开展培训。\n"
    )
    assert [m.title for m in doc.measures] == ["支持企业建设海外仓", "支持平台发展", "加强人才培养"]
    assert doc.measures[1].body == "对平台企业给予奖励。"


def test_heading_without_full_stop_gets_a_short_title() -> None:
    long_heading = "（一）支持建设特色型综合保税区鼓励地方政府依托区域资源禀赋和产业特色,建设研发创新、服务贸易等特色综合保税区,支持差异化发展。"
    doc = parse_policy_text("某方案\n" + long_heading + "\n（二）优化监管。分类监管。\n")
    title = doc.measures[0].title
    assert title.startswith("支持建设特色型综合保税区") and len(title) <= 40
    assert "支持差异化发展" in doc.measures[0].body


def test_transmittal_notice_names_the_document() -> None:
    doc = parse_policy_text(
        "关于印发《某区促进跨境电商发展若干措施》的通知\n某府办发〔2024〕12号\n各街道办事处：\n"
        "现将《某区促进跨境电商发展若干措施》印发给你们，请认真贯彻执行。\n某区人民政府办公室\n2024年3月5日\n"
        "某区促进跨境电商发展若干措施\n1．支持企业建设海外仓。给予补助。\n2．支持平台发展。给予奖励。\n"
    )
    assert doc.title == "某区促进跨境电商发展若干措施"
    assert doc.doc_number == "某府办发〔2024〕12号"
    assert doc.date == "2024-03-05"
    assert doc.issuer == "某区人民政府办公室"


def test_title_wrapped_over_three_lines_and_site_noise() -> None:
    doc = parse_policy_text(
        "当前位置：首页 > 政策文件\n某省关于进一步支持\n综合保税区高水平开放\n高质量发展的实施意见\n"
        "发布日期：2022年6月1日  浏览次数：345  字体：大 中 小\n①压实责任。落实主体责任。\n②强化招商。开展招商。\n"
        "【打印本页】【关闭窗口】\n版权所有：某省人民政府办公厅  网站标识码：1234567890\n"
    )
    assert doc.title == "某省关于进一步支持综合保税区高水平开放高质量发展的实施意见"
    assert doc.date == "2022-06-01"
    assert len(doc.measures) == 2
    assert any("浏览次数" in d for d in doc.dropped)
    assert any("版权所有" in d for d in doc.dropped)
    assert not any("打印" in m.body for m in doc.measures)


def test_responsible_units_and_interpretation_leave_the_body() -> None:
    doc = parse_policy_text(
        "某方案\n（一）培育经营主体。引进龙头企业。（牵头单位：市商务局；配合单位：市财政局、市税务局）\n"
        "政策解读：本条旨在培育主体。\n（二）建设海外仓。布局海外仓。\n"
    )
    first = doc.measures[0]
    assert first.body == "引进龙头企业。"
    assert first.responsible == ("市商务局", "市财政局", "市税务局")
    assert first.interpretation == "本条旨在培育主体。"
    assert doc.measures[1].interpretation is None


def test_structureless_and_empty_texts_parse() -> None:
    empty = parse_policy_text("")
    assert empty.measures == () and empty.preamble == ""
    # A text without numbering (a 决定, a 解释) is one untitled measure, so search finds it.
    prose = parse_policy_text(
        "各区人民政府：\n这是一段没有任何编号的文字，说明一项决定。\n第二段文字。",
        fallback_title="note",
    )
    assert len(prose.measures) == 1 and prose.measures[0].title == ""
    assert prose.measures[0].body == "这是一段没有任何编号的文字，说明一项决定。\n第二段文字。"
    assert prose.preamble == "各区人民政府："
    assert prose.title == "note"
    short = parse_policy_text("只有标题", fallback_title="note")
    assert short.measures == ()


def test_whitespace_bom_crlf_and_width_variants() -> None:
    text = "\ufeff某县稳外贸措施\r\n一\u00a0 总体目标\r\n１．提高效率。\t压缩时间。\r\n二\u3000重点任务\r\n２．降低成本。减少费用。\r\n"
    doc = parse_policy_text(text)
    assert doc.title == "某县稳外贸措施"
    assert [s.title for s in doc.sections] == ["总体目标", "重点任务"]
    assert [m.number for m in doc.measures] == ["１", "２"]
    assert doc.measures[0].body == "压缩时间。"


def test_ids_depend_on_identity_not_on_position_in_a_file_system() -> None:
    text = "某市措施\n发布日期：2024-01-02\n1.支持企业。给予补助。\n2.优化服务。提升效率。\n"
    a, b = parse_policy_text(text), parse_policy_text("\n\n" + text.replace("\n", "\r\n"))
    assert a.id == b.id
    assert [m.id for m in a.measures] == [m.id for m in b.measures]
    other = parse_policy_text(text.replace("2024-01-02", "2024-01-03"))
    assert other.id != a.id


def test_dates_and_document_numbers() -> None:
    assert to_iso_date("2021 年 10 月 21 日") == "2021-10-21"
    assert to_iso_date("发布时间:2023-07-04 23:14:48") == "2023-07-04"
    assert to_iso_date("二〇二四年三月五日") == "2024-03-05"
    assert to_iso_date("2024年13月40日") is None
    assert find_doc_number(["国办发〔2018〕124号"]) == "国办发〔2018〕124号"
    assert find_doc_number(["发文字号：海关总署公告2024年第12号"]) == "海关总署公告2024年第12号"


def test_issuance_date_is_preferred_over_other_dates() -> None:
    doc = parse_policy_text(
        "某海关支持措施\n2023年11月1日，某试验区揭牌成立。为支持建设发展，2024年4月16日，某海关制定印发以下措施。\n"
        "一、推动制度创新\n复制推广。\n二、深化窗口建设\n开发功能。\n"
    )
    assert doc.date == "2024-04-16"


def test_groups_with_introductions_and_restarting_numbers() -> None:
    doc = parse_policy_text(
        "某市推进跨境电商高质量发展实施方案\n一、总体要求\n为加快发展跨境电商，提出以下要求。\n"
        "1.指导思想。以新发展理念为指导。\n2.基本原则。坚持市场主导。\n二、重点任务\n围绕产业发展，推进以下任务。\n"
        "1.培育经营主体。引进龙头企业。\n2.建设海外仓。布局海外仓。\n三、保障措施\n1.加强组织领导。建立工作专班。\n"
    )
    assert [s.title for s in doc.sections] == ["总体要求", "重点任务", "保障措施"]
    assert [(m.section, m.number) for m in doc.measures] == [
        (1, "1"),
        (1, "2"),
        (2, "1"),
        (2, "2"),
        (3, "1"),
    ]
    assert doc.sections[1].intro == "围绕产业发展，推进以下任务。"


def test_titles_in_square_brackets() -> None:
    doc = parse_policy_text(
        "某区稳外贸若干措施\n1．【优化通关流程】推广提前申报，压缩通关时间。\n2．【降低物流成本】对企业海运费给予补贴。\n"
    )
    assert [(m.title, m.body) for m in doc.measures] == [
        ("优化通关流程", "推广提前申报，压缩通关时间。"),
        ("降低物流成本", "对企业海运费给予补贴。"),
    ]


def test_numbered_points_in_a_news_story_before_the_document_are_not_measures() -> None:
    doc = parse_policy_text(
        "重磅！《某市促进外贸发展若干措施》正式印发\n2024-05-31\n近日，《措施》正式印发，要点如下：\n"
        "1.稳主体。支持企业稳订单。\n2.拓市场。支持企业参展。\n"
        "某市促进外贸发展若干措施\n一、稳定外贸主体。对企业给予奖励。\n二、拓展国际市场。支持企业参加境外展会。\n"
        "三、发展新业态。支持跨境电商。\n"
    )
    assert doc.title == "某市促进外贸发展若干措施"
    assert [m.title for m in doc.measures] == ["稳定外贸主体", "拓展国际市场", "发展新业态"]
    assert "稳主体" in doc.preamble


def test_notice_without_quotes_names_its_document_and_issuer_beside_its_number() -> None:
    doc = parse_policy_text(
        "某市人民政府办公室关于印发某市推进保税维修产业发展实施方案的通知\n某政办发〔2024〕18号\n"
        "各区人民政府：\n现将方案印发给你们。\n某市推进保税维修产业发展实施方案\n"
        "一、拓展维修范围。支持企业开展保税维修。\n二、优化监管。实施分类监管。\n"
    )
    assert doc.title == "某市推进保税维修产业发展实施方案"
    regulation = parse_policy_text(
        "某市保税物流中心管理办法\n某市人民政府办公室\n某政办规〔2024〕3号\n2024年5月28日\n"
        "第一条　为规范管理，制定本办法。\n第二条　本办法自发布之日起施行。\n"
    )
    assert regulation.issuer == "某市人民政府办公室"


def test_questions_of_a_q_and_a_page_are_measures() -> None:
    doc = parse_policy_text(
        "某市稳外贸政策问答\n问：企业如何申请补贴？\n答：向市商务局提出申请。\n材料包括营业执照。\n"
        "问：补贴标准是多少？答：最高50万元。\n问：何时截止？\n答：12月31日。\n"
    )
    assert doc.title == "某市稳外贸政策问答"
    assert [m.title for m in doc.measures] == [
        "企业如何申请补贴？",
        "补贴标准是多少？",
        "何时截止？",
    ]
    assert doc.measures[0].body == "答：向市商务局提出申请。\n材料包括营业执照。"
    assert doc.measures[1].body == "答：最高50万元。"


def test_responsible_units_keep_their_roles() -> None:
    doc = parse_policy_text(
        "某市若干措施\n一、支持企业。给予补助。（牵头单位：市商务局；配合单位：市财政局、市税务局）\n"
        "二、优化服务。提升效率。（负责部门：市发展改革委）\n"
    )
    first, second = doc.measures
    assert first.responsible == ("市商务局", "市财政局", "市税务局")
    assert first.responsible_roles == (
        ("牵头单位", ("市商务局",)),
        ("配合单位", ("市财政局", "市税务局")),
    )
    assert second.responsible_roles == (("负责部门", ("市发展改革委",)),)
    assert first.body == "给予补助。"


def test_traditional_spaced_and_inserted_articles() -> None:
    doc = parse_policy_text(
        "某某法\n第 一 章 總則\n第 1 條 為規範管理，制定本法。\n第 2 條 本法適用於全國。\n"
        "第 二 章 附則\n第 3 條 甲。\n第 3-1 條 乙。\n第 4 條 本法自公布日施行。\n"
    )
    assert [s.title for s in doc.sections] == ["總則", "附則"]
    assert [m.label for m in doc.measures] == [
        "第 1 條",
        "第 2 條",
        "第 3 條",
        "第 3-1 條",
        "第 4 條",
    ]
    assert doc.measures[0].title == "" and doc.measures[0].body == "為規範管理，制定本法。"


def test_a_gap_in_the_numbering_does_not_merge_two_measures() -> None:
    doc = parse_policy_text(
        "某县措施\n1．支持企业。给予补助。\n2．优化服务。提升效率。\n4．加强保障。落实责任。\n"
        "5．强化宣传。扩大影响。\n"
    )
    assert [m.number for m in doc.measures] == ["1", "2", "4", "5"]
    assert doc.measures[1].body == "提升效率。"


def test_a_table_of_contents_is_not_structure() -> None:
    doc = parse_policy_text(
        "某市条例\n目录\n第一章 总则\n第二章 附则\n第一章 总则\n第一条 为了规范管理，制定本条例。\n"
        "第二章 附则\n第二条 本条例自公布之日起施行。\n"
    )
    assert [s.title for s in doc.sections] == ["总则", "附则"]
    assert len(doc.measures) == 2
    assert doc.title == "某市条例"


def test_numbers_split_from_their_sentence_are_rejoined() -> None:
    doc = parse_policy_text(
        "市工业和信息化局关于印发\n2021\n年春节期间\n电力需求响应实施细则的通知\n"
        "一、实施背景\n2018~2020\n年，我市连续实施试点。\n二、实施方式\n（一）实施时间。本次响应于\n2021\n年\n2\n月实施。\n"
        "（二）用户条件。工业用户。\n三、保障措施\n（一）加强组织。明确分工。\n（二）强化监督。定期检查。\n"
    )
    assert doc.title == "2021年春节期间电力需求响应实施细则"
    assert doc.measures[0].body == "本次响应于2021年2月实施。"
    assert doc.sections[0].intro == "2018~2020年，我市连续实施试点。"


def test_history_lines_give_a_law_its_date() -> None:
    doc = parse_policy_text(
        "# 某市住房租赁管理若干规定\n2017年12月27日 某市第八届人民代表大会常务委员会第六次会议通过\n"
        "2018年3月31日 某省第十三届人民代表大会常务委员会第二次会议批准\n"
        "第一条 为了加强住房租赁管理，制定本规定。\n第二条 本规定自2018年8月1日起施行。\n"
    )
    assert doc.date == "2017-12-27"
    amended = parse_policy_text(
        "某条例\n2010年5月1日 某市人大常委会会议通过\n2016年6月19日 某市人大常委会第一次修正\n"
        "2020年3月10日 某市人大常委会第二次修正\n第一条 为了规范，制定本条例。\n第二条 本条例自公布之日起施行。\n"
    )
    assert amended.date == "2020-03-10"


def test_sections_of_a_chapter_are_its_subsections() -> None:
    doc = parse_policy_text(
        "某某条例\n第一章 总则\n第一条 为了规范，制定本条例。\n第二章 管理\n第一节 登记\n"
        "第二条 应当登记。\n第二节 检查\n第三条 应当检查。\n第三章 附则\n第四条 本条例自公布之日起施行。\n"
    )
    assert [(s.title, s.level) for s in doc.sections] == [
        ("总则", 1),
        ("管理", 1),
        ("登记", 2),
        ("检查", 2),
        ("附则", 1),
    ]
    assert [doc.section_of(m).title for m in doc.measures] == ["总则", "登记", "检查", "附则"]
    data = document_to_dict(doc)
    assert [s["title"] for s in data["sections"]] == ["总则", "管理", "附则"]
    assert [s["title"] for s in data["sections"][1]["subsections"]] == ["登记", "检查"]


def test_a_named_item_with_titled_items_under_it_is_a_sub_part() -> None:
    doc = parse_policy_text(
        "某市实施方案\n一、改革内容\n（一）推动电价由市场形成\n1.全面放开电价。自明年起执行。\n"
        "2.保持政策衔接。按现行政策执行。\n（二）引导有序参与市场\n1.明确参与方式。可直接参与。\n"
        "2.加快市场建设。健全中长期市场。\n二、保障措施\n（一）做好补贴衔接。按原规定执行。\n"
        "（二）做好消纳衔接。不纳入考核。\n"
    )
    assert [(s.title, s.level) for s in doc.sections] == [
        ("改革内容", 1),
        ("推动电价由市场形成", 2),
        ("引导有序参与市场", 2),
        ("保障措施", 1),
    ]
    assert [m.title for m in doc.measures] == [
        "全面放开电价",
        "保持政策衔接",
        "明确参与方式",
        "加快市场建设",
        "做好补贴衔接",
        "做好消纳衔接",
    ]


def test_a_markdown_heading_that_is_only_a_numeral_heads_the_next_line() -> None:
    doc = parse_policy_text(
        "# 关于某事的通知\n## 一、第一件事\n甲。\n## 二、第二件事\n乙等于21.75天\n## 三\n"
        "2000年发布的《某通知》同时废止。\n"
    )
    assert [m.number for m in doc.measures] == ["一", "二", "三"]
    assert doc.measures[2].body.startswith("2000年发布的") or doc.measures[2].title.startswith(
        "2000"
    )
    assert doc.measures[1].body == "乙等于21.75天"


def test_a_signature_date_in_pieces_after_an_attachment_list() -> None:
    doc = parse_policy_text(
        "某局关于做好交易工作的通知\n各有关单位：\n一、做好交易。按规则执行。\n二、加强监管。依法处理。\n"
        "附件：\n1．交易工作方案\n2．零售工作方案\n202\n4\n年\n11\n月\n11\n日\n（联系人：某处 张三）\n"
    )
    assert doc.date == "2024-11-11"
    assert len(doc.measures) == 2


def test_a_list_of_materials_in_a_named_part_does_not_make_the_parts_sections() -> None:
    """Four named parts; the second ends in a list of materials (…如下： then items ending
    in ；), the third holds titled items. The list is the second part's text, so only the
    third groups measures: the parts without items are measures, none an empty section."""
    doc = parse_policy_text(
        "某市关于做好企业注册有关工作的通知\n"
        "一、简化合同要求\n企业可不再签订三方合同，改为签订服务协议。\n"
        "二、简化办理手续\n企业应在平台在线注册。具体材料清单如下：\n"
        "（一）营业执照复印件；\n（二）法人代表身份证明；\n（三）业务办理申请单；\n（四）服务协议一式四份。\n"
        "三、优化提升服务\n（一）统一办理流程。各地统一业务办理流程。\n"
        "（二）严格办结时限。在五个工作日内办结。\n（三）加强政策宣贯。开展政策宣传。\n"
        "四、做好宣传解读\n各单位应做好政策宣传。\n"
    )
    assert [s.title for s in doc.sections] == ["优化提升服务"]
    assert [m.title for m in doc.measures if m.section is None] == [
        "简化合同要求",
        "简化办理手续",
        "做好宣传解读",
    ]
    assert "（四）服务协议一式四份。" in doc.measures[1].body


def test_the_sibling_after_a_sub_part_is_not_inside_it() -> None:
    """三 holds titled items (a sub-part, its items the measures); 四 after it is 三's
    sibling: outside the sub-part, and listed after it in reading order."""
    doc = parse_policy_text(
        "某市关于优化营商环境的通知\n"
        "一、简化合同要求\n企业可不再签订三方合同。\n"
        "二、简化办理手续\n企业应在平台在线注册。\n"
        "三、优化提升服务\n（一）统一办理流程。各地统一业务办理流程。\n"
        "（二）严格办结时限。在五个工作日内办结。\n（三）加强政策宣贯。开展政策宣传。\n"
        "四、加强事后监管\n各主体应按自愿原则开展注册。\n"
    )
    assert [s.title for s in doc.sections] == ["优化提升服务"]
    assert [(m.number, m.section) for m in doc.measures] == [
        ("一", None),
        ("二", None),
        ("一", 1),
        ("二", 1),
        ("三", 1),
        ("四", None),
    ]
    order = [getattr(item, "number", "") for item in doc.reading_order()]
    assert order == ["一", "二", "三", "一", "二", "三", "四"]  # 三 the part, then its items


def test_a_title_cut_to_its_tail_names_the_document_it_hands_on() -> None:
    """A copy starting mid-line: '…指导意见》的通知', a 》 closing a 《 that is not there."""
    doc = parse_policy_text(
        "关于办理示例案件若干问题的指导意见》的通知\n（示发〔2024〕6号）\n各单位：\n"
        "现联合印发《关于办理示例案件若干问题的指导意见》，请认真贯彻执行。\n"
        "示例院\n2024年2月28日\n"
        "一、总体要求\n1.依法办理。严格依法办理案件。\n2.宽严相济。准确把握政策。\n"
        "二、工作要求\n3.加强协作。各部门加强协作。\n4.强化宣传。开展警示教育。\n"
    )
    assert doc.title == "关于办理示例案件若干问题的指导意见"


def test_a_documents_own_number_not_one_it_cites() -> None:
    """The 文号 forms of real texts, and the numbers of documents a text cites in 《》."""
    assert find_doc_number(["(发布日期：2025年12月24日 文号：沪发改价管〔2025〕52号)"]) == (
        "沪发改价管〔2025〕52号"
    )  # the label's value ends at its 号
    assert find_doc_number(["2022年4月14日 国家市场监督管理总局令第56号公布"]) == (
        "国家市场监督管理总局令第56号"
    )
    assert find_doc_number(["2003年8月18日 食品药品监管局、海关总署第4号令公布"]) == (
        "食品药品监管局、海关总署第4号令"
    )
    assert find_doc_number(["1993年8月7日 最高人民法院以法发〔1993〕15号通知印发）"]) == (
        "法发〔1993〕15号"
    )
    cites = (
        "根据《关于深化电力体制改革的若干意见》（中发〔2015〕9号）和有关配套文件精神，制定本通知。"
    )
    assert find_doc_number([cites]) is None
    assert find_doc_number([cites, "（示发〔2024〕6号）"]) == "示发〔2024〕6号"


def test_the_issuer_of_a_table_row_ends_at_the_next_label() -> None:
    doc = parse_policy_text(
        "发文机关：\t示例市人民政府办公厅\t成文日期：\t2018年12月18日\n"
        "示例市人民政府办公厅关于做好示例工作的通知\n"
        "一、加强领导。各单位加强领导。\n二、抓好落实。各单位抓好落实。\n"
    )
    assert doc.issuer == "示例市人民政府办公厅"


def test_a_signing_name_cut_in_two_before_the_page_tail_is_one_name() -> None:
    """'示例市发' / '展改革委' above the date, then page text: the name is read whole (the
    lines after the last measure were read twice, the second time without its first half)."""
    doc = parse_policy_text(
        "关于示例工作的通知\n"
        "一、加强领导。各单位加强领导。\n二、抓好落实。各单位抓好落实。\n"
        "示例市发\n展改革委\n示 例 市 能 源 局\n2020年5月28日\n附件：\n相关政策与解读\n排行榜\n"
    )
    assert doc.issuer == "示例市发展改革委、示例市能源局"


def test_a_law_listing_all_its_amendments_in_one_line_is_dated_by_the_latest() -> None:
    amended = "、".join(
        f"{y}年3月{d}日第{n}届示例代表大会第一次会议通过的《示例法修正案》"
        for y, d, n in ((1988, 12, "七"), (1999, 15, "九"), (2004, 14, "十"))
    )
    doc = parse_policy_text(
        "示例法\n（1982年12月4日第五届示例代表大会第五次会议通过）\n"
        f"（根据{amended}和2018年3月11日第十三届示例代表大会第一次会议通过的《示例法修正案》修正）\n"
        "第一条 为了示例，制定本法。\n第二条 本法自公布之日起施行。\n"
    )
    assert doc.date == "2018-03-11"


def test_a_markdown_export_whose_body_is_html_is_read_as_text() -> None:
    """A static site's page saved as .md: YAML front matter with the title and date, the
    body as <p>/<b>/<br> with &emsp; entities, ::: fences and heading attributes."""
    text = (
        "---\ntitle: 示例省示例管理条例\ndate: 2018-11-29\ntag:\n  - 示例\n---\n\n"
        "::: tip 修订信息\n\n（1997年12月1日示例会议通过&emsp;根据2018年11月29日示例会议"
        "《关于修改部分法规的决定》第三次修正）\n\n:::\n\n"
        '## 第一章&emsp;总则{align="center"}\n\n'
        "<p>&emsp;&emsp;<b>第一条</b>&emsp;为了示例，制定本条例。</p>\n"
        "<p>&emsp;&emsp;<b>第二条</b>&emsp;本条例适用于示例&lt;区域&gt;。<br>\n"
        "&emsp;&emsp;前款所称示例，是指示例。</p>\n\n"
        '## 第二章&emsp;附则{align="center"}\n\n'
        "<p>&emsp;&emsp;<b>第三条</b>&emsp;本条例自公布之日起施行。</p>\n\n"
        "::: right\n\n示例省人民代表大会常务委员会\n\n2018年11月29日\n\n:::\n\n---\n\n"
        "::: warning 原文链接\n\n<http://www.example.gov.cn/t1.htm>\n\n:::\n"
    )
    doc = parse_policy_text(text)
    assert doc.title == "示例省示例管理条例"  # the body names it nowhere: the copy's title:
    assert doc.date == "2018-11-29"  # the latest amendment of the history line
    assert [s.title for s in doc.sections] == ["总则", "附则"]
    assert [m.label for m in doc.measures] == ["第一条", "第二条", "第三条"]
    assert doc.measures[1].body == "本条例适用于示例<区域>。\n前款所称示例，是指示例。"
    assert not any("<" in m.body.replace("<区域>", "") for m in doc.measures)
    assert any("&emsp;" in d for d in doc.dropped) and any("<b>" in d for d in doc.dropped)
    # the signature stays two lines (a rule and a bare link after it are markup)
    assert doc.issuer == "示例省人民代表大会常务委员会"


def test_a_news_copys_front_matter_headline_does_not_replace_the_document_title() -> None:
    doc = parse_policy_text(
        "---\ntitle: '六部门印发重磅文件，事关示例'\ndate: 2022-01-26\n---\n"
        "示例市关于支持外贸发展的若干措施\n"
        "一、稳定外贸主体。对企业给予支持。\n二、培育新业态。支持跨境电商发展。\n"
        "示例市商务局\n2022年1月24日\n"
    )
    assert doc.title == "示例市关于支持外贸发展的若干措施"
    assert doc.date == "2022-01-24"  # the signature, not the copy's date


def test_an_items_heading_is_never_the_title() -> None:
    """The body starts with 一、 (not a level of its own here): the copy's title names it."""
    doc = parse_policy_text(
        "---\ntitle: 关于示例问题的复函\n---\n"
        "一、相关法律规定\n（一）关于示例\n示例法第十八条规定：示例。\n（二）关于示例二\n示例法规定：示例。\n"
    )
    assert doc.title == "关于示例问题的复函"


def test_numbers_running_on_across_sentence_shaped_parts_are_grouped_by_them() -> None:
    """一、 is a paragraph, 二、 and 三、 too, each opening with 会议要求，…; the 1.–4. under
    them run on from 二 into 三: the parts group them, and each item is a measure."""
    doc = parse_policy_text(
        "关于办理示例案件有关问题座谈会纪要\n"
        "一、会议指出，示例会议在北京召开。会议强调，要依法办理示例案件。\n"
        "二、会议要求，各部门要准确适用法律。\n"
        "1.关于单位犯罪的认定\n单位实施示例行为的，依法追究。\n"
        "2.关于犯罪未遂的认定\n已经着手的，依法认定。\n"
        "三、会议要求，各部门要认真执行解释。\n"
        "3.关于管辖的问题\n示例案件由犯罪地管辖。\n"
        "4.关于鉴定的问题\n示例鉴定依法进行。\n"
    )
    assert len(doc.sections) == 3
    assert [m.title for m in doc.measures] == [
        "关于单位犯罪的认定",
        "关于犯罪未遂的认定",
        "关于管辖的问题",
        "关于鉴定的问题",
    ]
    assert [m.section for m in doc.measures] == [2, 2, 3, 3]


def test_who_issued_a_document_the_introduction_cites_is_not_the_issuer() -> None:
    doc = parse_policy_text(
        "关于示例问题座谈会纪要\n"
        "2018年6月16日，国务院发布《关于全面加强示例工作的意见》。各部门贯彻落实。\n"
        "一、会议指出。示例。\n二、会议要求。示例。\n"
    )
    assert doc.issuer != "国务院"
