"""Saved web pages → the policy's plain text (main content only, one block per line).

Government sites wrap a policy in navigation, headers, share bars and footers.
readability-lxml (the Readability algorithm: score text-dense blocks, keep the
best one with its siblings) picks the article; we turn its HTML into lines
ourselves. Why readability and not trafilatura or jusText: docs/parsing.md,
"Saved web pages".

The page's <title> is always the first line (the parser strips site suffixes).
When the extractor finds little (under 200 characters, or under a third of
the page's visible text) or fails, or the page nests deeper than lxml parses,
the whole visible text is used instead, so a page never comes out empty.

The text conversion is a flat stream over the tags (html.parser, no tree and
no recursion): 10,000 nested <div>s, 100,000 <br>s or unclosed <p>s cost
linear time. Block elements and <br> end a line; a table row whose cells are
short becomes one line of tab-separated cells.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass, field
from html.parser import HTMLParser

MIN_MAIN_CHARS = 200  # below this the extractor has not found an article
MIN_MAIN_SHARE = 1 / 3  # …nor when it keeps less than this share of the visible text
MAX_ROW_CHARS = 300  # a longer table row is layout (a cell holds the article), not data
# libxml2 stops at 255 levels of nesting and silently drops the rest of the page.
_TOO_DEEP = "boolean(/" + "/".join(["*"] * 250) + ")"

_BLOCK = frozenset(
    {
        "address",
        "article",
        "aside",
        "blockquote",
        "body",
        "br",
        "caption",
        "center",
        "dd",
        "details",
        "dialog",
        "dir",
        "div",
        "dl",
        "dt",
        "fieldset",
        "figcaption",
        "figure",
        "footer",
        "form",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "header",
        "hr",
        "html",
        "legend",
        "li",
        "main",
        "menu",
        "nav",
        "ol",
        "option",
        "p",
        "pre",
        "section",
        "summary",
        "table",
        "tbody",
        "tfoot",
        "thead",
        "title",
        "ul",
    }
)
_CELL = frozenset({"td", "th"})
_HEADLINE = frozenset({"h1", "h2", "h3"})
# Never visible: skipped up to their own end tag (script/style are raw text to html.parser).
_HIDDEN = frozenset({"script", "style", "template", "noscript", "select", "svg"})
_SPACES = re.compile(r"[ \t\n\r\f\v\xa0\u200b\ufeff]+")
_CHARSET = re.compile(rb"""<meta[^>]+?charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.I)
_GB = frozenset({"gb2312", "gbk", "gb18030", "x-gbk", "cp936", "gb_2312-80", "csgb2312", "euc-cn"})


# --------------------------------------------------------------------------- decoding


def declared_charset(data: bytes) -> str | None:
    """The encoding a page's bytes are in, by its BOM or its declaration
    (<meta charset=…> or <meta http-equiv="Content-Type" content="…; charset=…">).

    GB2312/GBK are read as GB18030, their superset (pages routinely contain
    characters only GB18030 has). A declaration Python does not know gives None.
    A page declaring a legacy charset whose bytes are nonetheless valid UTF-8
    (re-saved by an editor without fixing the <meta>) is UTF-8."""
    if data.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    m = _CHARSET.search(data[:16384])
    if not m:
        return None
    name = m.group(1).decode("ascii", "ignore").lower().strip(".:-_")
    if name in _GB:
        name = "gb18030"
    try:
        name = codecs.lookup(name).name
    except LookupError:
        return None
    if name.startswith("utf-16") or name.startswith("utf-32"):
        return None  # without a BOM the bytes are ASCII-compatible: the <meta> is wrong
    if name not in ("utf-8", "ascii") and _is_utf8(data):
        return "utf-8"
    return name


def _is_utf8(data: bytes) -> bool:
    """Valid UTF-8 with enough non-ASCII bytes that it cannot be a legacy encoding by chance."""
    if sum(1 for b in data[:65536] if b >= 0x80) < 20:
        return False
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def decode_html(data: bytes) -> str:
    """The page's text: BOM, then the declared charset, then UTF-8, then GB18030.
    Never raises; as a last resort undecodable bytes become U+FFFD."""
    declared = declared_charset(data)
    for encoding in filter(None, (declared, "utf-8", "gb18030")):
        try:
            return data.decode(encoding)
        except (UnicodeDecodeError, LookupError):
            continue
    return data.decode(declared or "utf-8", errors="replace")


# --------------------------------------------------------------------------- tags → lines


@dataclass
class _Row:
    cells: list[list[str]] = field(default_factory=list)  # each cell: its lines
    nested: bool = False  # a cell holds a table: layout, not data


@dataclass
class _Table:
    row: _Row | None = None


class _LineWriter(HTMLParser):
    """Streams tags into lines. Tables keep a small stack (a list, not recursion)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.lines: list[str] = []
        self.current: list[str] = []
        self.tables: list[_Table] = []
        self.hidden: list[str] = []  # the open hidden element, repeated per nested same tag
        self.title_parts: list[str] = []
        self.in_title = False
        self.title_done = False
        self.headings: list[str] = []  # texts of <h1>–<h3>, in page order
        self._heading: list[str] | None = None

    # ---- output

    def _sink(self) -> list[str]:
        """Where finished lines go: the innermost open table cell, else the page."""
        for table in reversed(self.tables):
            if table.row is not None and table.row.cells:
                return table.row.cells[-1]
        return self.lines

    def _break(self) -> None:
        text = _SPACES.sub(" ", "".join(self.current)).strip()
        self.current = []
        if text:
            self._sink().append(text)

    def _end_row(self, table: _Table) -> None:
        self._break()
        row, table.row = table.row, None
        if row is None:
            return
        out = self._sink()
        cells = [" ".join(lines) for lines in row.cells]
        if not row.nested and sum(len(c) for c in cells) <= MAX_ROW_CHARS:
            line = "\t".join(cells).strip("\t")
            if line:
                out.append(line)
        else:  # a layout row: its cells hold whole blocks of the page
            for lines in row.cells:
                out.extend(lines)

    def _end_title(self) -> None:
        if self.in_title:
            self.in_title = False
            self.title_done = True

    # ---- events

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if self.hidden:
            if tag == self.hidden[-1]:
                self.hidden.append(tag)
            return
        if tag in _HIDDEN:
            self.hidden.append(tag)
            return
        if tag == "title":
            self.in_title = not self.title_done
            return
        if tag == "table":
            self._end_title()
            self._break()
            if self.tables and self.tables[-1].row is not None:
                self.tables[-1].row.nested = True
            self.tables.append(_Table())
        elif tag == "tr":
            self._end_title()
            if self.tables:
                self._end_row(self.tables[-1])
                self.tables[-1].row = _Row()
            else:
                self._break()
        elif tag in _CELL:
            self._end_title()
            self._break()
            if self.tables:
                table = self.tables[-1]
                if table.row is None:
                    table.row = _Row()
                table.row.cells.append([])
        elif tag in _BLOCK:
            self._end_title()  # an unclosed <title> must not swallow the page
            self._break()
            if tag in _HEADLINE:
                self._heading = []

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if not self.hidden and tag in _BLOCK:
            self._break()

    def handle_endtag(self, tag: str) -> None:
        if self.hidden:
            if tag == self.hidden[-1]:
                self.hidden.pop()
            return
        if tag == "title":
            self._end_title()
        elif tag == "table":
            if self.tables:
                self._end_row(self.tables.pop())
        elif tag == "tr":
            if self.tables:
                self._end_row(self.tables[-1])
        elif tag in _CELL or tag in _BLOCK:
            self._break()
            if tag in _HEADLINE and self._heading is not None:
                self.headings.append(_SPACES.sub(" ", "".join(self._heading)).strip())
                self._heading = None

    def handle_data(self, data: str) -> None:
        if self.hidden:
            return
        if self.in_title:
            self.title_parts.append(data)
        else:
            self.current.append(data)
            if self._heading is not None:
                self._heading.append(data)

    def finish(self) -> list[str]:
        try:
            self.close()
        except Exception:  # html.parser can trip over a truncated declaration at the very end
            pass
        while self.tables:
            self._end_row(self.tables.pop())
        self._break()
        return self.lines


@dataclass
class _Page:
    lines: list[str]
    title: str
    headings: list[str]


def _read(markup: str) -> _Page:
    """The visible lines, title and headings of a page or fragment."""
    writer = _LineWriter()
    try:
        writer.feed(markup)
    except Exception:  # html.parser is forgiving; keep whatever was read if it is not
        pass
    lines = writer.finish()
    title = _SPACES.sub(" ", "".join(writer.title_parts)).strip()
    return _Page(lines, title, [h for h in writer.headings if h])


ABOVE_LINES = 4  # short lines just above the article: its title, date and source
ABOVE_CHARS = 80
ABOVE_MIN_CHARS = 6
_NAVIGATION = re.compile(r"[|｜>＞»›]|当前位置|您的位置")  # 首页 | 政务公开, 首页 > 政策


def _lines_above(page_lines: list[str], main: list[str]) -> list[str]:
    """The short lines right above the article in the page: readability keeps the body
    block and drops its title, 发布时间 and 来源 lines when they sit beside it."""
    if not main:
        return []
    try:
        at = page_lines.index(main[0])
    except ValueError:
        return []
    above: list[str] = []
    for line in reversed(page_lines[max(0, at - ABOVE_LINES) : at]):
        # A menu item or a font-size bar (首页, 字体：, 大 中 小) ends the run: what is
        # kept is a headline and its date and source lines, each a phrase of its own.
        short = len("".join(line.split())) < ABOVE_MIN_CHARS
        if len(line) > ABOVE_CHARS or short or _NAVIGATION.search(line):
            break
        above.insert(0, line)
    return above


def _headline(page: _Page, body: list[str]) -> str | None:
    """The page's headline when the article left it out: the first <h1>–<h3> that
    names the same document as the <title> (it often adds the date and 文号)."""
    key = _SPACES.sub("", page.title)[:10]
    if len(key) < 6:
        return None
    head = "".join(_SPACES.sub("", line) for line in body[:5])
    for heading in page.headings:
        flat = _SPACES.sub("", heading)
        if (key in flat or flat[:10] in key) and flat not in head:
            return heading
    return None


# --------------------------------------------------------------------------- main content


def _article_html(markup: str) -> str | None:
    """The HTML of the article readability picks, or None when it cannot."""
    try:
        import lxml.html
        from readability import Document
    except ImportError:
        return None
    try:
        parser = lxml.html.HTMLParser(encoding="utf-8")
        tree = lxml.html.document_fromstring(markup.encode("utf-8", "replace"), parser=parser)
        if tree.xpath(_TOO_DEEP):  # libxml2 stopped parsing there: the tree lacks the rest
            return None
        summary: str = Document(tree).summary(html_partial=True)
    except Exception:  # readability raises on empty or odd documents; the caller falls back
        return None
    return summary


def _chars(lines: list[str]) -> int:
    return sum(len(_SPACES.sub("", line)) for line in lines)


def html_to_text(markup: str | bytes) -> str:
    """The main text of a page, title first: one block element or <br> per line,
    table rows as tab-separated cells. Never raises."""
    if isinstance(markup, bytes):
        markup = decode_html(markup)
    markup = markup.lstrip("\ufeff")
    page = _read(markup)
    body = page.lines
    # The article is part of the page: when all its visible text is too short to be kept
    # as one, readability (a second parse, seconds for 100,000 <br>s) can change nothing.
    article = _article_html(markup) if _chars(page.lines) >= MIN_MAIN_CHARS else None
    if article is not None:
        main = _read(article).lines
        n = _chars(main)
        if n >= MIN_MAIN_CHARS and n >= MIN_MAIN_SHARE * _chars(page.lines):
            body = [*_lines_above(page.lines, main), *main]
            headline = _headline(page, body)
            if headline:
                body = [headline, *body]
    if page.title and (not body or body[0] != page.title):
        body = [page.title, *body]
    return "\n".join(body)
