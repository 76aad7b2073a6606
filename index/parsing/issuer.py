"""Who issued a policy text: by how surely a line says so, never from a list of names.

An organisation is recognised by how the names of state organs end (局/厅/委/办/
部/署/院/政府/常委会/管委会/中心 …, ``metadata.is_org_line``).
"""

from __future__ import annotations

import re

from index.parsing.metadata import (
    ISSUER_LABEL,
    LEADING_ORG,
    ORG_SUFFIX,
    is_date_line,
    is_history_line,
    is_org_line,
)

_SPACED_LABEL = re.compile(r"^((?:[\u4e00-\u9fa5]\s?){2,7})[：:]\s*(.*)$")
_ISSUER_LABELS = (
    "发布机构",
    "发文机关",
    "发文单位",
    "发布单位",
    "发布部门",
    "制定机关",
    "颁布机关",
)
# The body that adopted a law, as its history line names it.
_ADOPTED_BY = (
    (
        re.compile(
            r"([\u4e00-\u9fa5]{2,12}?)?第[一二三四五六七八九十百]+届(全国)?"
            r"(人民代表大会常务委员会|人民代表大会)"
        ),
        None,
    ),
    (re.compile(r"((?:中华人民共和国)?国务院)令"), "国务院"),
    (re.compile(r"(最高人民法院|最高人民检察院)(?:审判委员会|检察委员会)"), None),
    (
        re.compile(r"([\u4e00-\u9fa5]{2,20}?(?:部|总局|委员会|局|署|院|办公室|委))令第\s*\d+\s*号"),
        None,
    ),
    (
        re.compile(
            r"经?([\u4e00-\u9fa5]{2,20}?(?:部|总局|委员会|局|署|院|委))第\s*\d+\s*次"
            r"(?:部务|委务|局务|署务|常务|主任)?会议"
        ),
        None,
    ),
)
_ORG_NAME = re.compile(rf"[\u4e00-\u9fa5（）()]{{2,30}}?{ORG_SUFFIX.pattern[:-1]}")


_QUOTED_AFTER = re.compile(r"\s*(?:了)?《([^《》]{2,80})》")


def _unspaced(line: str) -> str:
    """'国 家 能 源 局' → '国家能源局' (letter-spaced signatures); other lines unchanged."""
    parts = line.split()
    return "".join(parts) if len(parts) > 2 and all(len(p) == 1 for p in parts) else line.strip()


def _labelled_issuer(lines: list[str]) -> str | None:
    for line in lines:
        m = _SPACED_LABEL.match(line.strip())
        if m and "".join(m.group(1).split()) in _ISSUER_LABELS and m.group(2).strip():
            names = _before_next_label(m.group(2).split())
            if names:
                return _join_issuers(names)
        m = ISSUER_LABEL.search(line)
        if m:
            return m.group(1)
    return None


def _before_next_label(values: list[str]) -> list[str]:
    """A table row holds more than one label: '发文机关：\t国务院办公厅\t成文日期：\t2018年…'
    — the issuer's value ends where the next label (or a date) begins."""
    names = []
    for value in values:
        if value.endswith(("：", ":")) or is_date_line(value):
            break
        names.append(value)
    return names


def _adopting_body(lines: list[str]) -> str | None:
    for line in lines:
        if not is_history_line(line):
            continue
        for pattern, fixed in _ADOPTED_BY:
            m = pattern.search(line)
            if not m:
                continue
            if fixed:
                return fixed
            if m.lastindex == 3:  # …第N届[全国]人民代表大会常务委员会
                place = "全国" if m.group(2) else (m.group(1) or "").strip()
                place = re.sub(r"^.*?(?:日|\s)", "", place) if "日" in place else place
                return f"{place or '全国'}{m.group(3)}"
            return m.group(1)
    return None


def _signature_issuers(signature: list[str]) -> str | None:
    """The organisation lines just above the signature date, the lead issuer first."""
    lines = [_unspaced(t) for t in signature]
    for k in range(len(lines) - 1, -1, -1):
        if is_date_line(lines[k]):
            names: list[str] = []
            j = k - 1
            while j >= 0 and len(names) < 8:
                if is_org_line(lines[j]):
                    names.insert(0, lines[j])
                elif names and len(lines[j]) <= 6 and is_org_line(lines[j] + names[0]):
                    names[0] = lines[j] + names[0]  # '国家发' / '展改革委': a name cut in two
                else:
                    break
                j -= 1
            if names:
                return _join_issuers(names)
    return None


def _join_issuers(names: list[str]) -> str:
    return "、".join(dict.fromkeys(n.strip() for n in names if n.strip()))


def _title_issuers(title: str) -> str | None:
    """'国家发展改革委 国家能源局关于…' → the organisations before 关于."""
    m = re.match(r"^(.{2,60}?)[关關][于於]", title)
    if not m:
        return None
    names = [n for n in re.split(r"[\s、，,]+", m.group(1)) if n]
    if names and all(is_org_line(n) for n in names):
        return _join_issuers(names)
    return None


def find_issuer(
    title: str, front: list[str], prose: list[str], signature: list[str] | None = None
) -> str | None:
    """Who issued the text, by how surely a line says so.

    A label (发布机构：…, letter-spaced too); the body that adopted a law (its
    history line); the organisations signing above the date (co-issuers joined,
    lead first); the organisations opening the title (X关于…); an organisation
    line in the front matter; one that 制定/印发 the text in its introduction.
    """
    signature = signature or []
    found = (
        _labelled_issuer(front)
        or _adopting_body(front)
        or _signature_issuers(signature)
        or _title_issuers(title)
        or _signature_issuers(front)  # a transmittal notice signed before the policy
    )
    if found:
        return found
    for line in reversed(front):
        line = _unspaced(line)
        if is_org_line(line) and "_" not in line:
            return line
    m = LEADING_ORG.match(title)
    if m:
        return m.group(1) or m.group(2)
    for text in prose:
        for m in re.finditer(rf"({_ORG_NAME.pattern})(?:研究)?(?:制定|印发|发布|出台)", text):
            cited = _QUOTED_AFTER.match(text, m.end())
            if cited and "".join(cited.group(1).split()) != "".join(title.split()):
                continue  # 国务院发布《另一文件》: who issued a document this one cites
            return _trim_issuer(m.group(1))
    for text in prose:
        for line in text.split("\n"):
            line = line.strip()
            if line.startswith("各") or line.endswith(("：", ":")):
                continue  # "各市州人民政府，省直各部门：" addresses the readers
            m = LEADING_ORG.match(line)
            if m:
                return m.group(1) or m.group(2)
    return None


def _trim_issuer(name: str) -> str:
    """'日,海关总署' style captures: keep the organisation after the last punctuation."""
    return re.split(r"[，,、。；;：:\s日]", name)[-1] or name
