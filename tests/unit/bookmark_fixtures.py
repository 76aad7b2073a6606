"""Documents built by hand (index.model) for the bookmark tests, so they do not depend on the
parser; and the two things resolve() needs of a library."""

from __future__ import annotations

from index.model import Document, Measure, document_id, measure_id

MEASURES = [
    ("一", "一、", "扩大维修范围", "支持企业开展全球维修和再制造业务，对新增项目给予一次性奖励。"),
    ("二", "二、", "优化监管方式", "实施分类监管，提高仓储利用率。"),
    ("三", "三、", "加强要素保障", "统筹用好专项资金，对高级认证企业（AEO）给予培育奖励。"),
]


def make_doc(
    title: str = "示例市支持保税维修发展的若干措施（示例）",
    date: str | None = "2024-05-01",
    issuer: str | None = "示例市商务局",
    measures: list[tuple[str, str, str, str]] = MEASURES,
) -> Document:
    doc_id = document_id(title, date, issuer)
    return Document(
        id=doc_id,
        title=title,
        date=date,
        issuer=issuer,
        measures=tuple(
            Measure(
                id=measure_id(doc_id, n),
                document_id=doc_id,
                position=n,
                label=label,
                number=number,
                title=mtitle,
                body=body,
            )
            for n, (number, label, mtitle, body) in enumerate(measures, start=1)
        ),
    )


class FakeLibrary:
    """The two things resolve() needs of index.library.Library."""

    def __init__(self, *docs: Document) -> None:
        self.documents = list(docs)

    def measure(self, mid: str) -> tuple[Document, Measure] | None:
        for d in self.documents:
            m = d.measure(mid)
            if m is not None:
                return d, m
        return None
