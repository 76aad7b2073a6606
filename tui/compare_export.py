"""What `e` writes and `y` copies in the comparison: a Markdown table to paste into a report
(one row per measure), then each measure's full text."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from pathlib import Path

from index.files import atomic_write
from index.model import Document, Measure
from index.paths import data_dir

from .widgets.measure_detail import shown_roles

TABLE_HEADER = ("文件", "发文机关", "地区", "日期", "措施", "内容")
TABLE_TEXT_CHARS = 100  # a table cell holds the opening of the text; the whole is below
EXPORT_FOLDER = "exports"  # under the user's data dir, beside the bookmarks


def region_of(document: Document) -> str:
    """The region a document belongs to (湖北省武汉市, 上海市, 全国), or "" when its issuer and
    titles name none (``index.facets``). The comparison's headings and the export's 地区
    column ask only this."""
    from index.facets import document_facets

    return document_facets(document).region or ""


def document_facts(document: Document) -> list[str]:
    """Issuer, region and date, those the document has, in the order a heading shows them."""
    return [x for x in (document.issuer or "", region_of(document), document.date or "") if x]


def measure_heading(measure: Measure) -> str:
    """Number and title as the document writes them: ``（一）支持保税维修业务发展``."""
    return f"{measure.label}{measure.title}"


def comparison_markdown(items: Sequence[tuple[Document, Measure]], query: str = "") -> str:
    """The table (文件 发文机关 地区 日期 措施 内容), then every measure in full, in column order."""
    lines = ["# 措施对比 Measures compared", ""]
    if query:
        lines += [f"查询 Query：{_one_line(query)}", ""]
    lines.append(_row(TABLE_HEADER))
    lines.append(_row(("---",) * len(TABLE_HEADER)))
    for doc, measure in items:
        cells = (
            doc.title,
            doc.issuer or "",
            region_of(doc),
            doc.date or "",
            measure_heading(measure),
            _opening(measure.body),
        )
        lines.append(_row(tuple(_cell(c) for c in cells)))
    for number, (doc, measure) in enumerate(items, start=1):
        lines += ["", f"## {number}. {_one_line(doc.title)}", ""]
        facts = document_facts(doc)
        if doc.source:
            facts.append(f"来源 {doc.source}")
        if facts:
            lines += [" · ".join(_one_line(f) for f in facts), ""]
        lines.append(f"**{_one_line(measure_heading(measure))}**")
        lines += _paragraphs(measure.body)
        roles = shown_roles(measure)
        if roles:
            for role, units in roles:
                lines += ["", f"{role}：{'、'.join(units)}"]
        elif measure.responsible:
            lines += ["", "责任单位：" + "、".join(measure.responsible)]
        if measure.interpretation:
            lines += ["", "政策解读："] + _paragraphs(measure.interpretation)
    return "\n".join(lines) + "\n"


def export_comparison(
    markdown: str, folder: Path | None = None, now: datetime | None = None
) -> Path:
    """Write ``markdown`` to a new ``compare-<date>-<time>.md`` (``<data dir>/exports`` unless
    ``folder`` is given) with the one atomic write; returns the file written.

    Raises ``OSError`` (``UnsafeTargetError``, ``ReadOnlyTargetError`` …): one line each.
    """
    folder = folder if folder is not None else data_dir() / EXPORT_FOLDER
    stamp = (now or datetime.now()).strftime("%Y%m%d-%H%M%S")
    target = folder / f"compare-{stamp}.md"
    counter = 2
    while target.exists():  # two exports in one second: keep both
        target = folder / f"compare-{stamp}-{counter}.md"
        counter += 1
    return atomic_write(target, markdown)


def _row(cells: Sequence[str]) -> str:
    return "| " + " | ".join(cells) + " |"


def _one_line(text: str) -> str:
    return " ".join(text.split())


def _cell(text: str) -> str:
    """One line, with the pipes that would end the cell escaped."""
    return _one_line(text).replace("\\", "\\\\").replace("|", "\\|")


def _opening(text: str) -> str:
    flat = _one_line(text)
    return flat if len(flat) <= TABLE_TEXT_CHARS else flat[:TABLE_TEXT_CHARS] + "…"


def _paragraphs(text: str) -> list[str]:
    """Each line of the text a paragraph of its own (a blank line before each)."""
    out: list[str] = []
    for line in text.splitlines():
        if line.strip():
            out += ["", line.strip()]
    return out
