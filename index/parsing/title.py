"""Find a document's title by scoring every candidate near the top, not by first match.

Web copies put many short lines before the headline (site names, menus,
breadcrumbs, labels such as 政策解读 or 通知通告); law databases put a label
(``法规名称：``) or a markdown heading; saved pages repeat the headline in the
page title with a site suffix. Each candidate — a line, or two to four lines
joined when a headline is wrapped — is scored on general signals: does it end
with a genre word (意见, 办法, 通知 …), is it followed by a 文号 or a date, does
it read like a heading; against it: a word or two in a run of short lines (a
menu), breadcrumb separators, labels, organisation names, an embedded 文号.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from index.parsing import metadata as meta
from index.parsing.numbering import match_heading

MAX_TITLE_LINES = 4
WEAK_TITLE = 5.0  # below this no candidate ends with a genre word: a quoted name may do better
_BREADCRUMB = re.compile(r"[>＞»›→]|^/|当前位置|您的位置|所在位置")
_LABEL = re.compile(r"^[^：:]{1,8}[：:]")
_TITLE_LABEL = re.compile(r"^(?:标\s*题|文件名称|法规名称|法規名稱|名\s*称)\s*[：:]\s*(\S.*)$")
_QUOTED_LINE = re.compile(r"《([^《》]+)》")
_SHORT = 6  # a line this short in a run of such lines is a menu item


@dataclass(frozen=True)
class TitleChoice:
    lines: frozenset[int]
    title: str
    score: float


def title_like(text: str) -> bool:
    """Could be (part of) a headline: short, not a sentence, not a date or an editor's note."""
    if not text or len(text) > 80 or text.endswith(("。", "；", ";", "，", ",", "：", ":")):
        return False
    if re.fullmatch(r"[【\[].*[】\]]", text) and not meta.ends_with_genre(text.strip("【】[] ")):
        return False  # an editor's note such as 【示例文本】
    return "。" not in text and not meta.is_date_line(text)


def page_title_name(text: str) -> str | None:
    """'关于X的通知_价格管理', 'X-本委其他文件-某委' or '【X】-某委' → the document part."""
    if len(text) > meta.SCAN_CHARS:
        return None  # prose, not a page's title
    bare = text.strip().lstrip("【[")
    parts = re.split(r"\s*(?:[_｜|]|】\s*[-—–_]?|\s[-—–]\s|(?<=[^\d\s])-(?=[^\d]))\s*", bare)
    if len(parts) < 2:
        return None
    for k in range(1, len(parts)):
        name = "".join(parts[:k]).strip().rstrip("】]")
        if len(name) >= 6 and (
            meta.ends_with_genre(name) or meta.ends_with_genre(_strip_doc_number(name))
        ):
            return name
    return None


def _strip_doc_number(text: str) -> str:
    return re.sub(r"[（(][^（）()]*[〔\[［]\d{4}[〕\]］][^（）()]*号[）)]$", "", text).strip()


def choose_title(texts: list[str], is_meta: list[bool], markdown: list[bool]) -> TitleChoice | None:
    """The best-scoring title candidate among the lines before the first heading."""
    ranked = rank_titles(texts, is_meta, markdown)
    return ranked[0] if ranked else None


def close_rival(ranked: list[TitleChoice], chosen: str, margin: float = 1.0) -> str | None:
    """Another candidate, not part of the chosen title, that scored nearly as well."""
    key = _key(chosen)
    for other in ranked[1:]:
        if other.score < ranked[0].score - margin:
            return None
        other_key = _key(_strip_doc_number(other.title))
        if other_key and other_key not in key and key not in other_key:
            return other.title
    return None


def rank_titles(texts: list[str], is_meta: list[bool], markdown: list[bool]) -> list[TitleChoice]:
    """Every title candidate, best first (the earlier of two equal ones first)."""
    found: list[TitleChoice] = []
    seen = {_key(t) for t in texts if t}
    page_name = page_title_name(texts[0]) if texts and texts[0] else None
    page_key = _key(_strip_doc_number(page_name)) if page_name else None
    for i, text in enumerate(texts):
        labelled = _TITLE_LABEL.match(text) if text else None
        if labelled and "\ufffd" not in labelled.group(1):  # a cut-off value is no name
            name = labelled.group(1).strip()
            score = _score(texts, is_meta, markdown, [i], name) + 2  # the page says so
            found.append(TitleChoice(frozenset({i}), name, score))
            continue
        if not text or is_meta[i]:
            continue
        if i == 0 and (name := page_title_name(text)):
            score = _score(texts, is_meta, markdown, [i], _strip_doc_number(name)) - 1
            found.append(TitleChoice(frozenset({i}), _strip_doc_number(name), score))
        if not title_like(text):
            continue
        block = [i]
        joined = text
        for j in range(i, min(len(texts), i + MAX_TITLE_LINES)):
            if j > i:
                if not texts[j] or is_meta[j] or not title_like(texts[j]):
                    break
                block.append(j)
                joined += texts[j]
            score = _score(texts, is_meta, markdown, block, joined)
            if _key(joined) in seen and j > i:
                score += 1  # a wrapped headline that the page also gives whole
            if page_key and i > 0 and _key(_strip_doc_number(joined)) == page_key:
                score += 3  # the headline the page's own title names
            found.append(TitleChoice(frozenset(block), joined.strip("《》 "), score))
            if meta.ends_with_genre(joined):
                break
    return sorted(found, key=lambda c: -c.score)


def _key(text: str) -> str:
    return "".join(text.split()).strip("《》")


def _score(
    texts: list[str], is_meta: list[bool], markdown: list[bool], block: list[int], joined: str
) -> float:
    first, last = block[0], block[-1]
    bare = joined.strip("《》 ")
    score = 0.0
    if meta.ends_with_genre(bare):
        score += 6
    elif len(block) > 1:
        score -= 3  # lines joined that do not make a document's name
    if any(markdown[k] for k in block):
        score += 3
    if re.search(r"[关關][于於]", bare) or _QUOTED_LINE.fullmatch(joined):
        score += 2
    after = next((texts[k] for k in range(last + 1, len(texts)) if texts[k]), "")
    if after and (meta.find_doc_number([after]) or meta.is_date_line(after)):
        score += 2
    if 8 <= len(bare) <= 80:
        score += 1
    if len(bare) <= 4:
        score -= 6  # 政策, 通知通告, 长者专区: a menu word, not a title
    if _in_menu_run(texts, first):
        score -= 3
    if _BREADCRUMB.search(joined) or joined.strip() in ("---", "***"):
        score -= 6
    if _LABEL.match(joined):
        score -= 4
    if meta.is_org_line(joined):
        score -= 6
    if match_heading(joined.strip()) is not None:
        score -= 6  # 一、相关法律规定: a numbered heading, not a document's name
    if meta.find_doc_number([joined]):
        score -= 2  # the page-title form '…意见(发改能源规〔2025〕624号)'
    return score - 0.05 * first


def _in_menu_run(texts: list[str], i: int) -> bool:
    near = [texts[k] for k in range(max(0, i - 2), min(len(texts), i + 3)) if k != i and texts[k]]
    return len(texts[i]) <= _SHORT + 2 and sum(len(t) <= _SHORT for t in near) >= 2
