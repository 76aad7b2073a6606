"""Saved web pages → the policy's plain text (main content only, one block per line).

Government sites wrap a policy in navigation, headers, share bars and footers.
We drop the elements that are never content, then keep the smallest element
that still holds most of the page's Chinese text (the article body), plus the
page's headline when it sits outside that element.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html.parser import HTMLParser

_SKIP = {
    "script",
    "style",
    "noscript",
    "nav",
    "header",
    "footer",
    "aside",
    "form",
    "iframe",
    "select",
    "button",
    "svg",
    "template",
    "head",
    "object",
    "map",
}
_VOID = {
    "br",
    "hr",
    "img",
    "input",
    "meta",
    "link",
    "area",
    "base",
    "col",
    "embed",
    "source",
    "track",
    "wbr",
    "param",
}
_BLOCK = {
    "p",
    "div",
    "br",
    "li",
    "tr",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "section",
    "article",
    "table",
    "ul",
    "ol",
    "dl",
    "dt",
    "dd",
    "blockquote",
    "pre",
    "hr",
    "center",
    "td",
    "th",
    "title",
    "main",
    "body",
}
_BOILERPLATE = re.compile(
    r"(^|[\s_-])(nav|navbar|menu|breadcrumb|crumb|header|footer|foot|sidebar|share|bdshare|"
    r"copyright|topbar|toolbar|location|position|related|pager|print)([\s_-]|\d|$)",
    re.I,
)
_CJK = re.compile(r"[\u4e00-\u9fff]")
_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_-]+)""", re.I)


@dataclass
class _Node:
    tag: str
    parts: list[str | _Node] = field(default_factory=list)
    cjk: int = 0

    def text(self) -> str:
        out: list[str] = []
        for part in self.parts:
            out.append(part if isinstance(part, str) else part.text())
        return "".join(out)


class _TreeBuilder(HTMLParser):
    """A forgiving tree: unclosed tags close with their parent, boilerplate is skipped."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = _Node("root")
        self.stack = [self.root]
        self.skip_depth = 0
        self.title = ""
        self._in_title = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "title":
            self._in_title = True
        if self.skip_depth:
            if tag not in _VOID:
                self.skip_depth += 1
            return
        marker = " ".join(v or "" for k, v in attrs if k in ("id", "class"))
        if tag in _SKIP or (marker and _BOILERPLATE.search(marker) and tag not in ("body", "html")):
            if tag not in _VOID:
                self.skip_depth = 1
            return
        if tag in _BLOCK:
            self.stack[-1].parts.append("\n")
        if tag in _VOID:
            return
        node = _Node(tag)
        self.stack[-1].parts.append(node)
        self.stack.append(node)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if not self.skip_depth and tag in _BLOCK:
            self.stack[-1].parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag == "title":
            self._in_title = False
        if self.skip_depth:
            self.skip_depth -= 1
            return
        for depth in range(len(self.stack) - 1, 0, -1):
            if self.stack[depth].tag == tag:
                del self.stack[depth:]
                if tag in _BLOCK:
                    self.stack[-1].parts.append("\n")
                return

    def handle_data(self, data: str) -> None:
        if self._in_title:
            self.title += data
        if not self.skip_depth:
            self.stack[-1].parts.append(data)


def _count(node: _Node) -> int:
    total = 0
    for part in node.parts:
        total += len(_CJK.findall(part)) if isinstance(part, str) else _count(part)
    node.cjk = total
    return total


def _main_node(root: _Node) -> _Node:
    """The deepest element that still holds ≥ 70% of the page's Chinese characters,
    widened to its parents while they add little (the headline and 发布时间 line)."""
    total = _count(root)
    path = [root]
    while True:
        children = [p for p in path[-1].parts if isinstance(p, _Node)]
        best = max(children, key=lambda c: c.cjk, default=None)
        if best is None or total == 0 or best.cjk < 0.7 * total:
            break
        path.append(best)
    node = path.pop()
    while path and path[-1].cjk <= 1.35 * node.cjk:
        node = path.pop()
    return node


def _headline(root: _Node) -> str:
    for tag in ("h1", "h2"):
        found = _find(root, tag)
        if found is not None and found.text().strip():
            return found.text().strip()
    return ""


def _find(node: _Node, tag: str) -> _Node | None:
    for part in node.parts:
        if isinstance(part, _Node):
            if part.tag == tag:
                return part
            hit = _find(part, tag)
            if hit is not None:
                return hit
    return None


def html_to_text(markup: str) -> str:
    """The main text of a page: block elements and <br> become line breaks."""
    builder = _TreeBuilder()
    builder.feed(markup)
    builder.close()
    main = _main_node(builder.root)
    body = main.text()
    headline = _headline(builder.root) or builder.title.strip()
    lines = [re.sub(r"[ \t\r\f\v]+", " ", ln).strip() for ln in body.split("\n")]
    lines = [ln for ln in lines if ln]
    if headline and not any(headline in ln for ln in lines[:5]):
        lines.insert(0, re.sub(r"\s+", " ", headline))
    return "\n".join(lines)


def declared_charset(data: bytes) -> str | None:
    """The charset a page declares in its first few kilobytes (<meta charset=…>)."""
    m = _CHARSET.search(data[:4096])
    if not m:
        return None
    name = m.group(1).decode("ascii", "ignore").lower()
    # GB2312/GBK pages routinely contain characters only GB18030 (their superset) decodes.
    return "gb18030" if name in ("gb2312", "gbk", "gb18030", "x-gbk") else name
