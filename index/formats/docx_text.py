"""Word (.docx) attachments → plain text, with Word's automatic numbering recovered.

Policy attachments are often numbered by Word itself ("一、" generated from a
numbering definition), so the numeral is not in the paragraph text. We replay
the numbering definitions so the parser sees the numbers a reader sees.
"""

from __future__ import annotations

from pathlib import Path

from index.numerals import int_to_chinese

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def _format(fmt: str, n: int) -> str:
    if fmt in (
        "chineseCounting",
        "chineseCountingThousand",
        "ideographTraditional",
        "chineseLegalSimplified",
        "taiwaneseCounting",
        "japaneseCounting",
    ):
        return int_to_chinese(n)
    if fmt == "decimalEnclosedCircle" or fmt == "decimalEnclosedCircleChinese":
        return chr(0x2460 + n - 1) if 1 <= n <= 20 else str(n)
    if fmt == "decimalFullWidth":
        return str(n).translate(str.maketrans("0123456789", "０１２３４５６７８９"))
    if fmt == "lowerLetter":
        return chr(ord("a") + (n - 1) % 26)
    if fmt == "upperLetter":
        return chr(ord("A") + (n - 1) % 26)
    if fmt == "bullet" or fmt == "none":
        return ""
    return str(n)


class _Numbering:
    """Replays Word's numbering: numId → abstract levels (format, text, start)."""

    def __init__(self, document: object) -> None:
        self.levels: dict[str, dict[int, tuple[str, str, int]]] = {}
        self.counters: dict[tuple[str, int], int] = {}
        try:
            part = document.part.numbering_part  # type: ignore[attr-defined]
        except (KeyError, NotImplementedError, AttributeError):
            return
        root = part.element
        abstract: dict[str, dict[int, tuple[str, str, int]]] = {}
        for absnum in root.iter(f"{_W}abstractNum"):
            lv: dict[int, tuple[str, str, int]] = {}
            for lvl in absnum.iter(f"{_W}lvl"):
                ilvl = int(lvl.get(f"{_W}ilvl", "0"))
                fmt = _val(lvl.find(f"{_W}numFmt")) or "decimal"
                text = _val(lvl.find(f"{_W}lvlText")) or ""
                start = int(_val(lvl.find(f"{_W}start")) or "1")
                lv[ilvl] = (fmt, text, start)
            abstract[absnum.get(f"{_W}abstractNumId", "")] = lv
        for num in root.iter(f"{_W}num"):
            ref = _val(num.find(f"{_W}abstractNumId"))
            if ref is not None and ref in abstract:
                self.levels[num.get(f"{_W}numId", "")] = abstract[ref]

    def label(self, num_id: str, ilvl: int) -> str:
        levels = self.levels.get(num_id)
        if not levels or ilvl not in levels:
            return ""
        key = (num_id, ilvl)
        fmt, text, start = levels[ilvl]
        self.counters[key] = self.counters.get(key, start - 1) + 1
        for nid, lvl in list(self.counters):
            if nid == num_id and lvl > ilvl:
                del self.counters[(nid, lvl)]  # a new parent restarts its children
        out = text
        for level in range(ilvl + 1):
            value = self.counters.get((num_id, level), levels.get(level, ("", "", 1))[2])
            lfmt = levels.get(level, ("decimal", "", 1))[0]
            out = out.replace(f"%{level + 1}", _format(lfmt, value))
        return out


def _val(element: object) -> str | None:
    if element is None:
        return None
    return element.get(f"{_W}val")  # type: ignore[attr-defined]


def _style_numbering(document: object) -> dict[str, object]:
    """Paragraph styles such as 'List Number' carry their numbering themselves."""
    found: dict[str, object] = {}
    try:
        styles = document.styles.element  # type: ignore[attr-defined]
    except AttributeError:
        return found
    for style in styles.iter(f"{_W}style"):
        num_pr = style.find(f"{_W}pPr/{_W}numPr")
        if num_pr is not None:
            found[style.get(f"{_W}styleId", "")] = num_pr
    return found


def _paragraph_text(p: object, numbering: _Numbering, styles: dict[str, object]) -> str:
    texts = [t.text or "" for t in p.iter(f"{_W}t")]  # type: ignore[attr-defined]
    text = "".join(texts)
    num_pr = p.find(f"{_W}pPr/{_W}numPr")  # type: ignore[attr-defined]
    if num_pr is None:
        style = _val(p.find(f"{_W}pPr/{_W}pStyle"))  # type: ignore[attr-defined]
        num_pr = styles.get(style or "")
    if num_pr is not None and text.strip():
        num_id = _val(num_pr.find(f"{_W}numId")) or ""  # type: ignore[attr-defined]
        ilvl = int(_val(num_pr.find(f"{_W}ilvl")) or "0")  # type: ignore[attr-defined]
        text = numbering.label(num_id, ilvl) + text
    return text


def docx_to_text(path: Path) -> str:
    """Paragraphs and tables in document order; a table row becomes one line."""
    import docx  # python-docx: imported here so reading plain texts never loads it

    document = docx.Document(str(path))
    numbering = _Numbering(document)
    styles = _style_numbering(document)
    lines: list[str] = []
    body = document.element.body
    for child in body.iterchildren():
        if child.tag == f"{_W}p":
            lines.append(_paragraph_text(child, numbering, styles))
        elif child.tag == f"{_W}tbl":
            for row in child.iter(f"{_W}tr"):
                cells = []
                for cell in row.iter(f"{_W}tc"):
                    cells.append(
                        " ".join(
                            _paragraph_text(p, numbering, styles) for p in cell.iter(f"{_W}p")
                        ).strip()
                    )
                lines.append("  ".join(c for c in cells if c))
    return "\n".join(lines)
