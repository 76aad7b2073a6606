"""region: and type: through SearchIndex, and SearchIndex.facets, for each engine."""

from __future__ import annotations

from pathlib import Path

import pytest

from index.library.catalog import Library
from index.search.index import SearchIndex
from tests.conftest import copy_search_library

pytestmark = pytest.mark.usefixtures("use_engine")

# Small texts naming real provinces (written for these tests, not real documents).
REAL_REGION_TEXTS = {
    "hubei_weixiu.txt": """湖北省综合保税区保税维修管理办法（试行）

湖北省商务厅
2024年5月10日

第一条 为规范综合保税区保税维修业务，制定本办法。

第二条 支持综合保税区内企业开展保税维修业务，对维修后复运出境的货物实行保税监管。

第三条 本办法自发布之日起施行。
""",
    "wuhan_kuajing.txt": """武汉市人民政府办公厅关于印发武汉市促进跨境电商高质量发展若干措施的通知

各区人民政府，市人民政府各部门：

《武汉市促进跨境电商高质量发展若干措施》已经市人民政府同意，现印发给你们，请认真贯彻执行。

武汉市人民政府办公厅
2023年8月1日

武汉市促进跨境电商高质量发展若干措施

一、支持跨境电商企业建设海外仓。对在境外建设公共海外仓的企业给予补贴。

二、推动跨境电商与保税物流联动发展。
""",
    "haiguan_gonggao.txt": """海关总署关于进一步推进保税维修业务发展的公告

海关总署
2022年3月2日

一、扩大保税维修产品范围。将航空器材等产品纳入保税维修产品目录。

二、优化保税维修监管。企业可按规定办理保税维修手续。
""",
}


def write_real_region_library(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in REAL_REGION_TEXTS.items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder


@pytest.fixture(scope="module")
def index(tmp_path_factory: pytest.TempPathFactory, engine: str):  # type: ignore[no-untyped-def]
    """The three real-region texts beside the fictional search fixtures."""
    root = tmp_path_factory.mktemp("facets")
    with pytest.MonkeyPatch.context() as env:
        env.setenv("XDG_CACHE_HOME", str(root / "cache"))
        folder = copy_search_library(root / "library")
        write_real_region_library(folder / "real")
        library = Library.open([folder], cache_dir=root / "cache")
        ix = SearchIndex.open(library, index_dir=root / "cache" / "search", engine=engine)
    yield ix
    ix.close()


def documents(index: SearchIndex, query: str) -> set[str]:
    """The first characters of the titles of the documents hit (exactly what was typed)."""
    result = index.search(query, limit=100, correct=False)
    return {index.library.document(h.document_id).title[:2] for h in result.hits}


def doc_id(index: SearchIndex, title_start: str) -> str:
    return next(d.id for d in index.library.documents if d.title.startswith(title_start))


def test_facets_of_each_document(index: SearchIndex) -> None:
    hubei = index.facets(doc_id(index, "湖北"))
    assert hubei is not None
    assert (hubei.region, hubei.province, hubei.city, hubei.doc_type, hubei.year) == (
        "湖北省",
        "湖北省",
        None,
        "办法",
        2024,
    )
    assert hubei.issuer == "湖北省商务厅"
    wuhan = index.facets(doc_id(index, "武汉"))
    assert wuhan is not None and (wuhan.region, wuhan.city, wuhan.doc_type) == (
        "湖北省武汉市",
        "武汉市",
        "措施",
    )
    national = index.facets(doc_id(index, "海关总署"))
    assert national is not None and (national.region, national.doc_type) == ("全国", "公告")
    # the fixtures' regions are fictional: no region, but a type
    qingchuan = index.facets(doc_id(index, "青川"))
    assert qingchuan is not None and (qingchuan.region, qingchuan.doc_type) == (None, "措施")
    assert index.facets("no-such-document") is None


def test_facets_are_computed_once_per_open(index: SearchIndex) -> None:
    first = index.facets(doc_id(index, "湖北"))
    assert index.facets(doc_id(index, "湖北")) is first


def test_region_filter(index: SearchIndex) -> None:
    assert documents(index, "region:湖北") == {"湖北", "武汉"}
    assert documents(index, "region:湖北省") == {"湖北", "武汉"}
    assert documents(index, "region:武汉") == {"武汉"}
    assert documents(index, "region:武汉市") == {"武汉"}
    assert documents(index, "region:全国") == {"海关"}
    assert documents(index, "region:广东") == set()
    assert documents(index, "region:白沙") == set()  # fictional: in no region


def test_region_with_words_negation_and_or(index: SearchIndex) -> None:
    assert documents(index, "保税维修 region:湖北") == {"湖北"}
    assert documents(index, "保税维修 -region:湖北") == {"海关", "青川", "白沙", "云溪"}
    assert documents(index, "保税维修 NOT region:全国") == {"湖北", "青川", "白沙", "云溪"}
    assert documents(index, "region:武汉 OR region:全国") == {"武汉", "海关"}
    assert documents(index, "跨境电商 region:湖北 year:2023") == {"武汉"}


def test_type_filter(index: SearchIndex) -> None:
    assert documents(index, "type:办法") == {"湖北"}
    assert documents(index, "type:管理办法") == {"湖北"}
    assert documents(index, "type:公告") == {"海关"}
    assert documents(index, "type:若干措施") == {"武汉", "青川", "白沙", "云溪", "石湾"}
    assert documents(index, "type:条例") == set()
    assert documents(index, "保税维修 type:办法 region:湖北") == {"湖北"}


def test_facet_filters_are_not_highlighted(index: SearchIndex) -> None:
    result = index.search("保税维修 region:湖北", correct=False)
    assert result.hits and all("湖北" not in t for h in result.hits for t in h.terms)
