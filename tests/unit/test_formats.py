"""Every file format opens with the same structure as its plain-text twin; bad input is one line."""

from __future__ import annotations

from pathlib import Path

import pytest

from index.formats.extract import extract_text
from index.formats.plain_text import UnreadableFileError
from index.parsing.parser import parse_policy_text

SAMPLE = Path(__file__).resolve().parents[1] / "fixtures" / "transmittal_notice.txt"


def _structure(text: str) -> list[tuple[str, str, str]]:
    doc = parse_policy_text(text)
    return [(m.number, m.title, m.body) for m in doc.measures]


@pytest.fixture
def plain() -> str:
    return SAMPLE.read_text(encoding="utf-8")


def test_gb18030_copy(tmp_path: Path, plain: str) -> None:
    path = tmp_path / "gbk.txt"
    path.write_bytes(plain.encode("gb18030"))
    assert _structure(extract_text(path)) == _structure(plain)


def test_html_page_around_the_text(tmp_path: Path, plain: str) -> None:
    paragraphs = "".join(f"<p>{line}</p>\n" for line in plain.splitlines() if line.strip())
    page = (
        '<html><head><meta http-equiv="Content-Type" content="text/html; charset=gb2312">'
        "<title>某市人民政府</title><script>var menu = '一、首页';</script><style>p{}</style></head><body>"
        '<div class="nav"><a href="/">首页</a> | <a>政务公开</a> | <a>政策文件</a></div>'
        f'<div class="article"><div id="zoom">{paragraphs}'
        "<p>高质量实施&lt;区域全面经济伙伴关系协定&gt;和<区域全面经济伙伴关系协定>。</p></div></div>"
        '<div class="footer">版权所有：某市人民政府办公厅 网站标识码 1234</div></body></html>'
    )
    path = tmp_path / "page.html"
    path.write_bytes(page.encode("gb18030"))
    text = extract_text(path)
    assert "首页 |" not in text and "var menu" not in text and "版权所有" not in text
    assert text.count("<区域全面经济伙伴关系协定>") == 2
    got = _structure(text)
    want = _structure(plain)
    assert [g[:2] for g in got] == [w[:2] for w in want]
    assert got[:-1] == want[:-1]


def test_docx_with_paragraphs_and_a_table(tmp_path: Path, plain: str) -> None:
    docx = pytest.importorskip("docx")
    document = docx.Document()
    for line in plain.splitlines():
        document.add_paragraph(line)
    table = document.add_table(rows=1, cols=2)
    table.cell(0, 0).text, table.cell(0, 1).text = "附表", "补贴标准"
    path = tmp_path / "notice.docx"
    document.save(str(path))
    text = extract_text(path)
    assert "附表  补贴标准" in text
    assert [m[:2] for m in _structure(text)] == [m[:2] for m in _structure(plain)]


def test_docx_automatic_numbering_is_recovered(tmp_path: Path) -> None:
    docx = pytest.importorskip("docx")
    document = docx.Document()
    document.add_paragraph("某市保税维修若干措施")
    for line in ("支持企业开展全球维修。给予补助。", "优化监管方式。分类监管。"):
        document.add_paragraph(line, style="List Number")
    path = tmp_path / "numbered.docx"
    document.save(str(path))
    doc = parse_policy_text(extract_text(path))
    assert [(m.number, m.title) for m in doc.measures] == [
        ("1", "支持企业开展全球维修"),
        ("2", "优化监管方式"),
    ]


def test_pdf_text_layer_with_running_headers(tmp_path: Path) -> None:
    pytest.importorskip("reportlab")
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    path = tmp_path / "policy.pdf"
    pdf = canvas.Canvas(str(path), pagesize=A4)
    lines = ["某市支持保税维修发展的若干措施", "为推动保税维修发展，制定以下措施。"]
    for i in range(1, 13):
        lines += [
            f"{i}.支持第{i}项保税维修业务。对符合条件的企业给予支持，推动",
            "维修业务做大做强，形成集聚效应。",
        ]
    page, y = 1, 790

    def furniture() -> None:
        pdf.setFont("STSong-Light", 9)
        pdf.drawString(72, 815, "某市人民政府公报")
        pdf.drawString(280, 30, f"- {page} -")
        pdf.setFont("STSong-Light", 12)

    furniture()
    for line in lines:
        if y < 80:
            pdf.showPage()
            page, y = page + 1, 790
            furniture()
        pdf.drawString(72, y, line)
        y -= 40
    pdf.save()
    doc = parse_policy_text(extract_text(path))
    assert doc.title == "某市支持保税维修发展的若干措施"
    assert len(doc.measures) == 12
    assert all(
        m.body == "对符合条件的企业给予支持，推动维修业务做大做强，形成集聚效应。"
        for m in doc.measures
    )


def test_scanned_pdf_without_text_is_refused(tmp_path: Path) -> None:
    pytest.importorskip("reportlab")
    from reportlab.pdfgen import canvas

    path = tmp_path / "scan.pdf"
    pdf = canvas.Canvas(str(path))
    pdf.rect(50, 50, 200, 200, fill=1)  # an image-like page with no text
    pdf.save()
    with pytest.raises(UnreadableFileError, match="no text layer"):
        extract_text(path)


def test_encrypted_pdf_is_refused(tmp_path: Path) -> None:
    pytest.importorskip("reportlab")
    from pypdf import PdfWriter
    from reportlab.pdfgen import canvas

    plain_pdf = tmp_path / "plain.pdf"
    pdf = canvas.Canvas(str(plain_pdf))
    pdf.drawString(72, 700, "secret")
    pdf.save()
    writer = PdfWriter(clone_from=str(plain_pdf))
    writer.encrypt(user_password="pw", owner_password="owner")
    locked = tmp_path / "locked.pdf"
    with locked.open("wb") as handle:
        writer.write(handle)
    with pytest.raises(UnreadableFileError, match="encrypted"):
        extract_text(locked)


@pytest.mark.parametrize(
    ("name", "content", "reason"),
    [
        ("old.doc", b"\xd0\xcf\x11\xe0 legacy", ".doc"),
        ("fake.docx", b"not a zip file", "not a valid .docx"),
        ("fake.pdf", b"%PDF-1.4 garbage", "PDF"),
        ("junk.txt", bytes(range(256)) * 16, "binary"),
    ],
)
def test_bad_files_get_one_line(tmp_path: Path, name: str, content: bytes, reason: str) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(UnreadableFileError) as err:
        extract_text(path)
    assert reason in str(err.value) and "\n" not in str(err.value)


def test_huge_file_is_refused_without_reading_it(tmp_path: Path) -> None:
    path = tmp_path / "huge.txt"
    with path.open("wb") as handle:
        handle.truncate(50 * 1024 * 1024)  # sparse: 50 MB on paper, nothing on disk
    with pytest.raises(UnreadableFileError, match="too large"):
        extract_text(path)


def test_pdf_of_the_plain_text_has_the_same_measures(tmp_path: Path, plain: str) -> None:
    pytest.importorskip("reportlab")
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    path = tmp_path / "notice.pdf"
    pdf = canvas.Canvas(str(path), pagesize=A4)
    pdf.setFont("STSong-Light", 10)
    y = 800
    for line in plain.splitlines():
        pdf.drawString(50, y, line)
        y -= 18
    pdf.save()
    assert _structure(extract_text(path)) == _structure(plain)
