"""Facets without an index: the divisions data, region derivation, document types, matching.

Issuers and titles are written by hand in the shape of real ones; none comes from the corpus.
"""

from __future__ import annotations

import pytest

from index.facets import (
    KINDS,
    Facets,
    derive_place,
    document_facets,
    document_type,
    matches_region,
    matches_type,
)
from index.facets.divisions import gazetteer
from index.facets.regions import is_national, place_mentions
from index.model import Document

# -- the data file --------------------------------------------------------------------


def test_the_data_has_every_province_and_prefecture() -> None:
    g = gazetteer()
    provinces = [d for d in g.divisions if d.level == "province"]
    prefectures = [d for d in g.divisions if d.level == "city" and d.code.endswith("00")]
    assert len(provinces) == 34  # 23 provinces, 5 autonomous regions, 4 municipalities, 2 SARs
    assert len(prefectures) == 333
    assert len(g.divisions) > 3000  # and the county-level ones
    assert {p.name for p in provinces} >= {"湖北省", "广西壮族自治区", "香港特别行政区", "台湾省"}


@pytest.mark.parametrize(
    ("name", "short"),
    [
        ("湖北省", "湖北"),
        ("广西壮族自治区", "广西"),
        ("内蒙古自治区", "内蒙古"),
        ("新疆维吾尔自治区", "新疆"),
        ("宁夏回族自治区", "宁夏"),
        ("西藏自治区", "西藏"),
        ("上海市", "上海"),
        ("澳门特别行政区", "澳门"),
        ("武汉市", "武汉"),
        ("恩施土家族苗族自治州", "恩施"),
        ("海西蒙古族藏族自治州", "海西"),
        ("巴音郭楞蒙古自治州", "巴音郭楞"),
        ("克孜勒苏柯尔克孜自治州", "克孜勒苏"),
        ("大兴安岭地区", "大兴安岭"),
        ("锡林郭勒盟", "锡林郭勒"),
    ],
)
def test_short_forms(name: str, short: str) -> None:
    (division,) = gazetteer().by_name[name]
    assert division.short == short


def test_every_short_form_is_the_start_of_its_name_and_every_division_lies_in_a_province() -> None:
    g = gazetteer()
    provinces = {d.name for d in g.divisions if d.level == "province"}
    for division in g.divisions:
        assert division.province in provinces
        if division.short:
            assert division.name.startswith(division.short) and len(division.short) >= 2
        if division.level == "county":
            assert not division.short
    (tianxin,) = g.by_name["天心区"]
    assert (tianxin.province, tianxin.city) == ("湖南省", "长沙市")
    (pudong,) = g.by_name["浦东新区"]
    assert (pudong.province, pudong.city) == ("上海市", None)
    (xiantao,) = g.by_name["仙桃市"]  # county-level, directly under the province
    assert (xiantao.level, xiantao.province, xiantao.city) == ("city", "湖北省", "仙桃市")


# -- regions ---------------------------------------------------------------------------


def place(issuer: str | None, *titles: str) -> tuple[str | None, str | None, str | None]:
    found = derive_place(issuer, titles)
    return found.label, found.city, found.county


@pytest.mark.parametrize(
    ("issuer", "title", "label", "city"),
    [
        # provinces, full name and short form
        ("湖北省商务厅", "关于印发《湖北省保税维修管理办法》的通知", "湖北省", None),
        ("", "湖北自贸试验区跨境贸易便利化若干措施", "湖北省", None),
        ("吉林省人民政府办公厅", "关于促进外贸稳规模优结构的实施意见", "吉林省", None),
        ("廣東省商務廳", "關於支持跨境電商發展的通知", "广东省", None),  # traditional characters
        # autonomous regions
        ("广西壮族自治区商务厅", "关于推进边境贸易创新发展的若干措施", "广西壮族自治区", None),
        (None, "广西自由贸易试验区建设实施方案", "广西壮族自治区", None),
        (
            "内蒙古自治区人民政府",
            "内蒙古自治区呼伦贝尔市口岸发展规划",
            "内蒙古自治区呼伦贝尔市",
            "呼伦贝尔市",
        ),
        ("宁夏回族自治区发展和改革委员会", "关于做好迎峰度夏工作的通知", "宁夏回族自治区", None),
        # municipalities: a province with no prefecture
        ("上海市商务委员会", "关于本市促进服务贸易发展的实施意见", "上海市", None),
        ("天津市工业和信息化局", "天津市2021年春节期间电力需求响应实施细则", "天津市", None),
        ("国家金融监督管理总局重庆监管局", "关于支持重庆外贸企业的通知", "重庆市", None),
        # cities: a city implies its province
        (
            "武汉市人民政府办公厅",
            "关于印发武汉市促进跨境电商发展若干措施的通知",
            "湖北省武汉市",
            "武汉市",
        ),
        ("深圳海关", "深圳海关2023年促进跨境贸易便利化专项行动措施", "广东省深圳市", "深圳市"),
        ("吉林市商务局", "关于开展外贸企业培训的通知", "吉林省吉林市", "吉林市"),
        ("海关总署广东分署", "关于优化粤港澳大湾区通关模式的公告", "广东省", None),
        # the province from the issuer, the city from the title
        ("湖北省商务厅", "武汉市跨境电商综合试验区建设方案", "湖北省武汉市", "武汉市"),
        # a city in another province than the issuer's does not count
        ("上海市商务委员会", "关于支持苏州工业园区合作的通知", "上海市", None),
        # the earliest place of the issuer
        ("江苏省商务厅、浙江省商务厅", "关于长三角口岸合作的意见", "江苏省", None),
    ],
)
def test_regions_of_provinces_cities_and_autonomous_regions(
    issuer: str | None, title: str, label: str, city: str | None
) -> None:
    assert place(issuer, title)[:2] == (label, city)


def test_a_title_with_a_city_and_no_issuer() -> None:
    assert place(None, "大连2024年促进跨境贸易便利化专项行动措施")[:2] == ("辽宁省大连市", "大连市")
    assert place(None, "关于支持苏州工业园区开放创新的若干措施")[:2] == ("江苏省苏州市", "苏州市")
    assert place(None, "海南藏族自治州生态保护规划")[:2] == (
        "青海省海南藏族自治州",
        "海南藏族自治州",
    )


def test_a_national_issuer_with_a_place_in_the_title_is_that_place() -> None:
    title = "海关支持和促进中国（新疆）自由贸易试验区建设发展的若干措施"
    assert place("海关总署", title)[0] == "新疆维吾尔自治区"
    assert place("海关总署", title.replace("（", "(").replace("）", ")"))[0] == "新疆维吾尔自治区"


def test_county_level_names_and_their_city() -> None:
    assert place("天心区商务局", "推动综合保税区高质量发展综合改革实施方案") == (
        "湖南省长沙市",
        "长沙市",
        "天心区",
    )
    assert place("上海市人民代表大会常务委员会", "上海市促进浦东新区保税维修业务发展若干规定") == (
        "上海市",
        None,
        "浦东新区",
    )
    # 鼓楼区 is in Nanjing, Xuzhou, Fuzhou and Kaifeng: only the city named beside it decides
    assert place("鼓楼区商务局", "福州市鼓楼区促进消费若干措施") == (
        "福建省福州市",
        "福州市",
        "鼓楼区",
    )
    assert place("南京市鼓楼区人民政府", "关于印发促进楼宇经济发展办法的通知") == (
        "江苏省南京市",
        "南京市",
        "鼓楼区",
    )
    assert place("鼓楼区商务局", "关于开展促消费活动的通知") == (None, None, None)


@pytest.mark.parametrize(
    ("issuer", "title"),
    [
        ("国务院办公厅", "国务院办公厅关于复制推广营商环境创新试点改革举措的通知"),
        ("国务院办公厅、成文日期：、2018年12月18日", "两个规定"),
        ("海关总署", "海关总署公告2024年第12号"),
        (
            "商务部发展改革委工业和信息化部人民银行海关总署市场监管总局",
            "关于高质量实施RCEP的指导意见",
        ),
        ("国家发展改革委、国家能源局", "关于深化提升“获得电力”服务水平的意见"),
        ("市场监管总局", "关于加强跨境电商产品质量监管的通知"),
        (None, "中华人民共和国海关稽查条例"),
        # places named only in passing are no region of the document
        ("国务院", "国务院关于同意在大连等24个城市设立跨境电子商务综合试验区的批复"),
    ],
)
def test_national_issuers_are_national(issuer: str | None, title: str) -> None:
    assert place(issuer, title)[0] == "全国"


@pytest.mark.parametrize(
    ("issuer", "title"),
    [
        ("市商务局", "关于印发促进外贸发展若干措施的通知"),  # a city's organ, the city unnamed
        (None, "促进综合保税区高水平开放高质量发展的若干措施"),
        ("青川省商务厅", "青川省促进综合保税区高质量发展的若干措施"),  # no such province
        (None, ""),
    ],
)
def test_no_place_and_no_national_issuer_is_unknown(issuer: str | None, title: str) -> None:
    assert place(issuer, title) == (None, None, None)


@pytest.mark.parametrize(
    "title",
    [
        "关于推进幸福建设的若干措施",  # 福建 inside 幸福建设
        "太湖北岸生态保护实施方案",  # 湖北 inside 太湖北岸
        "中山大学关于印发科研经费管理办法的通知",  # 中山 inside 中山大学
        "白山黑水文化旅游发展规划",  # 白山
        "长治久安工程实施方案",  # 长治
        "东方市场监管综合执法细则",  # 东方市 + 场: a market
        "推进世界大同的若干意见",  # 大同, mid-title
        "关于在来宾接待中规范礼仪的通知",  # 来宾, mid-title
        "城区道路改造方案",  # 城区: a two-character county name
    ],
)
def test_short_forms_inside_ordinary_words_are_no_place(title: str) -> None:
    assert place(None, title) == (None, None, None)


def test_mentions_are_found_left_to_right_longest_first() -> None:
    found = [m.text for m in place_mentions("湖北省武汉市江汉区商务局、黄石海关")]
    assert found == ["湖北省", "武汉市", "江汉区", "黄石"]


def test_is_national() -> None:
    assert is_national("海关总署") and is_national("工业和信息化部办公厅")
    assert not is_national("市商务局") and not is_national("白沙海关")
    assert not is_national("区市场监管局")


# -- document types --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("title", "kind"),
    [
        ("青川省促进综合保税区高质量发展的若干措施（样例）", "措施"),
        ("重庆市支持智能网联新能源商用车产业发展政策措施（2025—2027年）", "措施"),
        ("关于推动综合保税区高水平开放高质量发展若干举措", "措施"),
        ("推动综合保税区高质量发展综合改革实施方案", "方案"),
        ("《推动综合保税区高质量发展综合改革实施方案》", "方案"),
        ("湖北省综合保税区保税维修管理办法（试行）", "办法"),
        ("上海市促进浦东新区保税维修业务发展若干规定", "规定"),
        ("中华人民共和国海关稽查条例", "条例"),
        ("天津市2021年春节期间电力需求响应实施细则", "细则"),
        ("关于高质量实施<区域全面经济伙伴关系协定>（RCEP）的指导意见", "意见"),
        ("关于我市开展气电价格联动调整有关事项的通知", "通知"),
        ("国务院办公厅关于复制推广营商环境创新试点改革举措的通知", "通知"),
        ("“十四五”对外贸易高质量发展规划", "规划"),
        ("海关总署公告2024年第12号", "公告"),
        ("国务院关于修改《中华人民共和国海关稽查条例》的决定", "决定"),
        ("跨境电商零售进口政策问答", "问答"),
        ("关于《保税维修管理办法》的解读", "解读"),
        ("中华人民共和国对外贸易法", "法"),
        # a notice handing on another text is of that text's kind
        ("关于印发《湖北省保税维修管理办法》的通知", "办法"),
        ("武汉市人民政府办公厅关于印发武汉市促进跨境电商发展若干措施的通知", "措施"),
        ("关于公布2024年外贸综合服务企业名单的通知", "通知"),
        ("关于发布《进出口商品检验鉴定机构管理办法》的公告", "办法"),
        # measures and their interpretation: the first kind
        ("深圳海关2023年促进跨境贸易便利化专项行动措施及政策解读", "措施"),
        ("推进跨境贸易便利化", None),
        ("研究方法", None),
        ("", None),
    ],
)
def test_document_types(title: str, kind: str | None) -> None:
    assert document_type(title) == kind
    if kind:
        assert kind in KINDS


# -- facets of a document and matching --------------------------------------------------


def test_document_facets() -> None:
    doc = Document(
        id="x",
        title="武汉市促进跨境电商发展若干措施",
        issuer="武汉市人民政府办公厅",
        date="2023-08-01",
        alternative_titles=("武汉市人民政府办公厅关于印发武汉市促进跨境电商发展若干措施的通知",),
    )
    assert document_facets(doc) == Facets(
        region="湖北省武汉市",
        province="湖北省",
        city="武汉市",
        issuer="武汉市人民政府办公厅",
        year=2023,
        doc_type="措施",
    )
    bare = document_facets(Document(id="y", title="推进跨境贸易便利化"))
    assert (bare.region, bare.year, bare.doc_type, bare.national) == (None, None, None, False)


def facets(region: str | None, province=None, city=None, county=None, kind=None) -> Facets:  # type: ignore[no-untyped-def]
    return Facets(region, province, city, None, None, kind, county)


WUHAN = facets("湖北省武汉市", "湖北省", "武汉市", kind="措施")
TIANXIN = facets("湖南省长沙市", "湖南省", "长沙市", "天心区", kind="方案")
NATIONAL = facets("全国", kind="办法")
UNKNOWN = facets(None)


@pytest.mark.parametrize(
    ("value", "matching"),
    [
        ("湖北", {"wuhan"}),
        ("湖北省", {"wuhan"}),
        ("武汉", {"wuhan"}),
        ("武汉市", {"wuhan"}),
        ("湖南", {"tianxin"}),
        ("长沙", {"tianxin"}),
        ("天心区", {"tianxin"}),
        ("天心", {"tianxin"}),  # part of a name: substring of the region or county
        ("湖北省武汉", {"wuhan"}),
        ("全国", {"national"}),
        ("广东", set()),
        ("", set()),
    ],
)
def test_matches_region(value: str, matching: set[str]) -> None:
    every = {"wuhan": WUHAN, "tianxin": TIANXIN, "national": NATIONAL, "unknown": UNKNOWN}
    assert {name for name, f in every.items() if matches_region(f, value)} == matching


def test_matches_type() -> None:
    assert matches_type(NATIONAL, "办法") and matches_type(NATIONAL, "管理办法")
    assert matches_type(WUHAN, "若干措施") and not matches_type(WUHAN, "办法")
    assert not matches_type(UNKNOWN, "措施") and not matches_type(WUHAN, "")
