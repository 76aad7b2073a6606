"""The kind of an official document (措施, 办法, 通知 …) from the ending of its title.

A title names its kind last: 若干措施, 管理办法, 实施方案, 指导意见. A notice that hands
on another text (关于印发《…办法》的通知) is of the kind of what it hands on; the 通知
counts only when the inner title names no kind (关于公布…名单的通知). Trailing brackets
((试行), (2025—2027年)) and a number (公告2024年第12号) are not part of the ending; in
"措施及政策解读" the first kind counts.
"""

from __future__ import annotations

import re

# (ending, kind): the longer ending first where one contains another (办法 before 法).
KIND_ENDINGS: tuple[tuple[str, str], ...] = (
    ("问题解答", "问答"),
    ("政策问答", "问答"),
    ("政策解读", "解读"),
    ("措施", "措施"),
    ("举措", "措施"),
    ("方案", "方案"),
    ("办法", "办法"),
    ("细则", "细则"),
    ("规定", "规定"),
    ("条例", "条例"),
    ("规则", "规则"),
    ("意见", "意见"),
    ("通知", "通知"),
    ("通告", "通告"),
    ("公告", "公告"),
    ("通报", "通报"),
    ("决定", "决定"),
    ("决议", "决议"),
    ("批复", "批复"),
    ("规划", "规划"),
    ("纲要", "纲要"),
    ("计划", "计划"),
    ("要点", "要点"),
    ("指引", "指引"),
    ("指南", "指南"),
    ("清单", "清单"),
    ("目录", "目录"),
    ("标准", "标准"),
    ("问答", "问答"),
    ("答问", "问答"),
    ("解读", "解读"),
    ("图解", "解读"),
    ("说明", "说明"),
    ("函", "函"),
    ("法", "法"),
)
KINDS = tuple(dict.fromkeys(kind for _, kind in KIND_ENDINGS))
# Words ending in 法 that are no law: 方法, 做法 …
_NOT_A_LAW = ("方法", "做法", "想法", "说法", "用法", "手法", "看法", "算法", "写法")
_WRAPPER = re.compile(
    r"关于(?:印发|转发|发布|公布|颁布|下发|出台)(?P<inner>.+?)的(?:通知|决定|公告|通告|函|批复)$"
)
_TRAILING = re.compile(
    r"(?:\s+|[（(〔\[【][^（）()〔〕\[\]【】]*[）)〕\]】]|[》”\"'’」』.。:：;；,，、]"
    r"|(?:[〔\[(（]?\d{4}[〕\])）]?年?)?第?\d+号)$"
)
_LEADING = re.compile(r"^[《“\"「『\s]+")
_CONNECTORS = ("以及", "及", "和", "暨", "与")


def document_type(title: str) -> str | None:
    """The kind a title names by its ending: 若干措施 → 措施, 管理办法 → 办法; None if none."""
    text = _bare(title)
    wrapped = _WRAPPER.search(text)
    if wrapped:
        inner = _kind(_bare(wrapped.group("inner")))
        if inner:
            return inner
    return _kind(text)


def _kind(text: str) -> str | None:
    for ending, kind in KIND_ENDINGS:
        if not text.endswith(ending):
            continue
        if kind == "法" and (len(text) < 3 or text.endswith(_NOT_A_LAW)):
            return None
        rest = text[: -len(ending)]
        for connector in _CONNECTORS:
            if rest.endswith(connector):
                first = _kind(_bare(rest[: -len(connector)]))
                if first:
                    return first
        return kind
    return None


def _bare(title: str) -> str:
    """The title without trailing brackets, quotes, punctuation or number."""
    text = _LEADING.sub("", title.strip())
    while True:
        shorter = _TRAILING.sub("", text)
        if shorter == text:
            return text
        text = shorter
