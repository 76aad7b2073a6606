"""Find a policy document's title, issuer, date, source and 文号 in its front matter.

Real texts state these in many ways: a headline, a 《》 name inside a
transmittal notice, a 发布时间 line with a view count, a signature block at the
end. Each finder here takes plain lines and returns a value or None.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache

from index.numerals import YEAR_DIGITS, chinese_to_int, digit_string_to_int

_GENRES = (
    "若干措施 措施 实施方案 方案 管理办法 办法 实施意见 意见 规定 细则 规划 计划 条例 决定 通知 "
    "政策 指引 清单 举措 政策解读 解读 行动 纲要 通告 公告 规则 指南 要点 安排 复函 批复 函 答复 "
    "办法（试行） 暂行规定 守则 标准 目录 规范 大纲 名单 政策问答 答记者问 规程 章程 准则 纪要"
).split()
# Traditional forms: copies from Hong Kong, Taiwan or older sites are written in them.
_TO_TRADITIONAL = str.maketrans(
    "见办规细划计条决单举读纲点复范录准则纪", "見辦規細劃計條決單舉讀綱點復範錄準則紀"
)
GENRE_WORDS = tuple(dict.fromkeys([*_GENRES, *(w.translate(_TO_TRADITIONAL) for w in _GENRES)]))

_CN_DIGIT = YEAR_DIGITS
_DATE_PATTERNS = (
    re.compile(r"(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日"),
    re.compile(r"(?<!\d)(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?!\d)"),
    re.compile(
        rf"([{_CN_DIGIT}]{{4}})\s*年\s*([{_CN_DIGIT}十]{{1,3}})\s*月\s*([{_CN_DIGIT}十]{{1,3}})\s*日"
    ),
)


def _date_part(text: str) -> int | None:
    """'2024', '二〇二四', '十二', '三十一' → int."""
    value = digit_string_to_int(text) if len(text) == 4 or text.isdigit() else None
    return value if value is not None else chinese_to_int(text.replace("〇", "零"))


_ISSUE_VERBS = re.compile(r"(印发|发布|出台|制定|公布|发文|签发|成文|施行|颁布)")
_DATE_LABEL = re.compile(r"(发布时间|发布日期|成文日期|印发日期|发文日期|日期|时间)\s*[：:]")
_SOURCE = re.compile(r"(?:新闻来源|信息来源|文章来源|来源)\s*[：:]\s*(\S+)")
ISSUER_LABEL = re.compile(
    r"(?:发布机构|发文机关|发文单位|发布单位|发布部门|制定机关)\s*[：:]\s*(\S+)"
)
_DOC_NUMBER = re.compile(
    r"[\u4e00-\u9fa5]{1,12}\s*[〔\[［【(（]\s*\d{4}\s*[〕\]］】)）]\s*\d{1,4}\s*[号號]"
)
_TITLE_IN_QUOTES = re.compile(r"《([^《》]{4,80})》")
# How the name of a state organ ends (局/厅/委/办/部/署/院/政府/常委会/管委会/中心 …).
ORG_SUFFIX = re.compile(
    r"(总署|海关|人民政府办公厅|人民政府办公室|人民政府|办公厅|办公室|委员会|管理委员会|管委会|"
    r"常务委员会|常委会|人民法院|人民检察院|管理局|监管局|综合司|人民银行|局|厅|部|署|委|院|中心|政府|办)$"
)
LEADING_ORG = re.compile(
    r"^([\u4e00-\u9fa5]{2,10}?(?:海关总署|海关|商务局|商务厅|人民政府办公厅|人民政府|管理局|管委会|委员会))"
    r"|^([\u4e00-\u9fa5]{2,14}?(?:总署|局|厅|部|委))(?=[\u4e00-\u9fa5]{0,4}(?:关于|印发|发布|制定))"
)


# Far longer than any line that names an issuer, a date or a 文号: a longer line is prose.
SCAN_CHARS = 2000


@lru_cache(maxsize=8192)  # pure; asked of the same lines many times
def to_iso_date(text: str) -> str | None:
    """The first date in ``text`` as YYYY-MM-DD (validated), or None."""
    return next(_iso_dates(text), None)


def iso_dates(text: str) -> list[str]:
    """Every date in ``text`` as YYYY-MM-DD (validated), in the patterns' order."""
    return list(_iso_dates(text))


def _iso_dates(text: str) -> Iterator[str]:
    for pattern in _DATE_PATTERNS:
        for m in pattern.finditer(text):
            y, mo, d = (_date_part(g) or 0 for g in m.groups())
            if 1949 <= y <= 2100 and 1 <= mo <= 12 and 1 <= d <= 31:
                yield f"{y:04d}-{mo:02d}-{d:02d}"


@lru_cache(maxsize=8192)  # pure; asked of the same lines many times
def is_date_line(line: str) -> bool:
    """A line that is only a date (a signature date, or '2024-05-31 307' with a count)."""
    if len(line) > SCAN_CHARS:
        return False
    stripped = _strip_dates(line).strip(" \u00a0\u3000")
    return to_iso_date(line) is not None and (not stripped or stripped.isdigit())


def _strip_dates(text: str) -> str:
    for pattern in _DATE_PATTERNS:
        text = pattern.sub("", text)
    return text


# A law's history: "2017年12月27日 …会议通过", "…第一次修正", "（2024年5月1日…公布）".
_HISTORY = re.compile(
    r"^[（(]?\s*(?:根据)?\s*\S{0,4}?(?:\d{4}|[〇零一二三四五六七八九]{4})\s*年.{0,80}?"
    r"(会议通过|会议审议通过|通过|批准|修正|修订|修改|公布|发布|施行)\S{0,30}$"
)
_REVISION = ("修正", "修订", "修改")
_COMPACT_DATE_LABEL = re.compile(
    r"(?:修正日期|修订日期|公布日期|发布日期|成文日期|施行日期|实施日期)\s*[：:]\s*(\d{4})(\d{2})(\d{2})\b"
)


# "根据1988年…通过的《…修正案》、…和2018年3月11日…通过的《…修正案》修正）": every amendment
# of a law in one line, as long as it has amendments.
_AMENDMENTS = re.compile(
    r"^[（(]?\s*(?:根据\s*)?(?:\d{4}|[〇零一二三四五六七八九]{4})\s*年.*(?:修正|修订)[）)]?$"
)


def is_history_line(line: str) -> bool:
    """A line of a law's history (adopted, approved, amended on a date): metadata."""
    if "。" in line.rstrip("。")[:-1]:
        return False
    if len(line) <= 160 and _HISTORY.match(line):
        return True
    return len(line) <= 1000 and bool(_AMENDMENTS.match(line))


@lru_cache(maxsize=8192)  # pure; asked of the same lines many times
def is_metadata_line(line: str) -> bool:
    """发布时间/来源/发布机构/文号 lines and bare date lines: front matter, not prose."""
    if len(line) > SCAN_CHARS:
        return False
    if is_date_line(line) or is_history_line(line) or _COMPACT_DATE_LABEL.search(line):
        return True
    if _DATE_LABEL.search(line) and to_iso_date(line) and len(line) <= 120:
        return True
    if re.match(
        r"^\s*(新闻来源|信息来源|文章来源|来源|作者|责任编辑|编辑|发布机构|发文机关|发布单位|索引号|主题分类|文号|发文字号|效力注释|时效性|效力级别|施行日期|实施日期)\s*[：:]",
        line,
    ):
        return True
    return bool(_DOC_NUMBER.fullmatch(line.strip()))


@lru_cache(maxsize=8192)  # pure; asked of the same lines many times
def is_org_line(line: str) -> bool:
    """A short line that is an organisation's name (a signature or an issuer line)."""
    s = line.strip()
    if not (2 <= len(s) <= 30) or re.search(r"[，。,；;：:！!？?“”\"（）()]", s):
        return False
    return bool(ORG_SUFFIX.search(s))


def _compact_date(line: str) -> str | None:
    m = _COMPACT_DATE_LABEL.search(line)
    return to_iso_date(f"{m.group(1)}-{m.group(2)}-{m.group(3)}") if m else None


def _history_date(lines: list[str]) -> str | None:
    """The date of the text's current version: its latest amendment, else its adoption."""
    revised: list[str] = []
    adopted: list[str] = []
    for line in lines:
        if not is_history_line(line) or not (d := to_iso_date(line)):
            continue
        if any(w in line for w in _REVISION):
            revised.extend(iso_dates(line))  # a line may list every amendment: the latest
        else:
            adopted.append(d)
    if revised:
        return max(revised)
    return adopted[0] if adopted else None


def find_date(
    front: list[str],
    prose: list[str],
    signature: list[str] | None = None,
    copy_date: str | None = None,
) -> str | None:
    """The issuance date, by how surely a line states it.

    In order: a 成文日期 label; a law's history (latest amendment, else adoption);
    the signature date after the body; other labelled dates (发文/发布日期 —
    publication comes after issuance); a date line in the front matter; the
    ``date:`` of the copy's YAML front matter (``copy_date``); a date beside
    印发/发布 in the introduction (often a document it cites); any date in the
    front matter.
    """
    signature = signature or []
    lines = front + signature
    for line in lines:
        if "成文日期" in line and (d := to_iso_date(line) or _compact_date(line)):
            return d
    if d := _history_date(lines):
        return d
    for line in reversed(signature):
        if is_date_line(line) and (d := to_iso_date(line)):
            return d
    for line in lines:
        if _DATE_LABEL.search(line) and (d := to_iso_date(line)):
            return d
        if d := _compact_date(line):
            return d
    for line in front:
        if is_date_line(line) and (d := to_iso_date(line)):
            return d
    if copy_date and (d := to_iso_date(copy_date)):
        return d
    for text in prose:
        for sentence in re.split(r"[。！？\n]", text):
            if _ISSUE_VERBS.search(sentence):
                for pattern in _DATE_PATTERNS:
                    for m in pattern.finditer(sentence):
                        if d := to_iso_date(m.group(0)):
                            return d
    for line in front:
        if d := to_iso_date(line):
            return d
    return None


def find_source(lines: list[str]) -> str | None:
    for line in lines:
        m = _SOURCE.search(line)
        if m:
            return m.group(1)
    return None


# The value ends at its 号: "(…文号：沪发改价管〔2025〕52号)" keeps no closing bracket.
_DOC_NUMBER_LABEL = re.compile(r"(?:发文字号|文\s*号)\s*[：:]\s*(\S+?[号號]|\S+)")
_ANNOUNCEMENT_NUMBER = re.compile(r"[\u4e00-\u9fa5]{2,12}公告\s*\d{4}\s*年\s*第\s*\d{1,4}\s*号")
# A decree's number: 国家市场监督管理总局令第56号, 食品药品监管局、海关总署第4号令.
_DECREE_NUMBER = re.compile(
    r"[\u4e00-\u9fa5][\u4e00-\u9fa5、]{1,40}(?:令\s*第\s*\d{1,4}\s*号|第\s*\d{1,4}\s*号令)"
)
# "…以法发〔1993〕15号印发": the words before 以 name who issued it, not the number.
_ISSUED_WITH = re.compile(r"^.*以")


def scanned(lines: list[str]) -> list[str]:
    """The lines as the metadata patterns read them: each cut to its first SCAN_CHARS."""
    return [line[:SCAN_CHARS] for line in lines]


def find_doc_number(lines: list[str]) -> str | None:
    """文号: a labelled one, 国办发〔2018〕124号 style, or 海关总署公告2024年第12号 style."""
    for line in lines:
        m = _DOC_NUMBER_LABEL.search(line)
        if m:
            return m.group(1)
    for pattern in (_ANNOUNCEMENT_NUMBER, _DECREE_NUMBER, _DOC_NUMBER):
        for line in lines:
            for m in pattern.finditer(line):
                if not _cited(line, m.start()):
                    return _ISSUED_WITH.sub("", re.sub(r"\s+", "", m.group(0)))
    return None


def _cited(line: str, start: int) -> bool:
    """A number right after a 《》 name is that document's (根据《X》（发改价格〔2025〕136号）):
    a citation, not the number of the text that cites it."""
    return line[:start].rstrip(" （(").endswith(("》", "〉", ">"))


def title_in_quotes(lines: list[str]) -> str | None:
    """The document a transmittal notice or news headline names in 《》."""
    for line in lines:
        for m in _TITLE_IN_QUOTES.finditer(line):
            name = m.group(1).strip()
            if ends_with_genre(name):
                return name
    return None


_TRAILING_NOTE = re.compile(r"[（(][^（）()]{1,20}[）)]$")  # （试行） （2024—2026年）


_TRANSMITTAL = re.compile(
    r"现(?:将|联合印发|印发|一并印发)《([^《》]{4,80})》"
    r"|《([^《》]{4,80})》(?:已经|已|经)[^。]{0,20}(?:同意|审议|通过)"
)


def fuller_quoted_name(title: str, lines: list[str]) -> str | None:
    """A 《》 name in the text that is the title with more in front (its region or issuer)."""
    key = "".join(title.split())
    if len(key) < 6:
        return None
    for line in lines:
        for m in _TITLE_IN_QUOTES.finditer(line):
            name = "".join(m.group(1).split())
            if name != key and name.endswith(key) and len(name) - len(key) <= 12:
                return m.group(1).strip()
    return None


def transmitted_title(lines: list[str]) -> str | None:
    """The document a transmittal notice hands on: '现将《X》印发给你们', '《X》已经…同意'."""
    for line in lines:
        m = _TRANSMITTAL.search(line)
        if m:
            name = m.group(1) or m.group(2)
            if ends_with_genre(name):
                return name
    return None


def ends_with_genre(text: str) -> bool:
    """Ends like a policy document's name (措施, 方案, 办法 …), e.g. '…行动计划（2024—2026年）'."""
    text = _TRAILING_NOTE.sub("", text.rstrip("》」 "))
    return text.endswith(GENRE_WORDS)
