"""A document's region from its issuer and titles: the province, and the prefecture-level
city when one is named; 全国 for a national issuer naming no place.

Place names come from data/divisions.tsv (divisions.py), never from our corpus:

* A full name (湖北省, 武汉市, 广西壮族自治区, 天心区) counts where the word cut does not
  run it into an ordinary word (东方市场, 中山市民 are 东方/市场, 中山/市民).
* A short form (湖北, 武汉, 广西) is an ordinary word too often (福建 in 幸福建设, 湖北 in
  太湖北岸, 中山 in 中山大学), so it counts only at the start of a text or of an item in it
  (after punctuation, a bracket, 关于, or another place name) or right before an organ word
  (重庆监管局, 深圳海关, 新疆自贸试验区), and only as a word of its own in the word cut (or
  one that goes on with an organ word: 苏州工业园区).
* County-level names count as full names only, and a name that several counties share
  (鼓楼区) only inside a province or city named elsewhere.

The issuer is read first, then the title, then the other titles. The first place that
names one province fixes it; the first place inside it that names a prefecture-level
city (a city, or one of its counties) gives the city; a city implies its province.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from index.facets.divisions import Division, gazetteer
from index.text import fold_search

NATIONAL = "全国"

# Words that follow a place name in the name of an organ or an area: a short form right
# before one is that place (重庆监管局, 深圳海关). Startswith-matched.
ORGAN_WORDS = (
    "省",
    "市",
    "自治区",
    "人民政府",
    "政府",
    "人民代表大会",
    "人大",
    "政协",
    "党委",
    "省委",
    "市委",
    "区委",
    "海关",
    "边检",
    "海事",
    "出入境",
    "税务",
    "商务",
    "发展改革",
    "发展和改革",
    "发改",
    "经济和信息化",
    "经信",
    "工业和信息化",
    "工信",
    "财政",
    "市场监",
    "监管局",
    "金融",
    "分局",
    "分署",
    "分行",
    "办公厅",
    "办公室",
    "厅",
    "局",
    "管委会",
    "管理委员会",
    "口岸",
    "自贸",
    "自由贸易",
    "综合保税区",
    "综保区",
    "保税",
    "片区",
    "新区",
    "高新区",
    "高新技术产业开发区",
    "经开区",
    "经济技术开发区",
    "经济开发区",
    "开发区",
    "工业园",
    "园区",
    "港",
    "空港",
    "机场",
    "生产建设兵团",
)
# A short form right after these starts an item of its own: 关于深圳…, 中国（新疆）…
_LEFT_WORDS = ("关于", "中国", "印发", "转发", "支持")
# National organs: an issuer (or, with none, a title) starting so names no place on purpose.
_NATIONAL_START = re.compile(
    r"^(?:国务院|中共中央|中央|全国|国家|最高人民|中华人民共和国|中国人民银行|人民银行|海关总署"
    r"|(?!省|市(?!场)|区|县|州|盟|自治)[\u4e00-\u9fff]{1,10}?(?:部|总署|总局|监督管理委员会))"
)
_SEPARATORS = re.compile(r"[、，,；;\s]+")


@dataclass(frozen=True)
class Place:
    """Where a document applies: a province (and city, county), or national, or unknown."""

    province: str | None = None  # full name: 湖北省, 广西壮族自治区, 上海市
    city: str | None = None  # prefecture-level: 武汉市, 恩施土家族苗族自治州
    county: str | None = None  # county-level, when named: 天心区, 浦东新区
    national: bool = False

    @property
    def label(self) -> str | None:
        """湖北省武汉市, 上海市, 全国; None when the document names neither."""
        if self.province:
            return self.province + (self.city or "")
        return NATIONAL if self.national else None


@dataclass(frozen=True)
class Mention:
    """A place name found in a text: where, as written (folded), and what it may be."""

    start: int
    end: int
    text: str
    divisions: tuple[Division, ...]


def derive_place(issuer: str | None, titles: Iterable[str]) -> Place:
    """The place of a document with this issuer and these titles (the title first)."""
    titles = [t for t in titles if t]
    mentions = place_mentions(issuer or "")
    for title in titles:
        mentions += place_mentions(title)
    place = _resolve(mentions)
    if place is not None:
        return place
    national = is_national(issuer) if issuer else False
    if not national and titles:
        national = is_national(titles[0])
    return Place(national=national)


def is_national(text: str) -> bool:
    """Whether an issuer (its first organ) or a title starts with a national organ's name:
    国务院办公厅, 海关总署, 商务部, 国家发展改革委, 市场监管总局 — not 市商务局, 白沙海关."""
    first = _SEPARATORS.split(fold_search(text).strip(), maxsplit=1)[0]
    return bool(_NATIONAL_START.match(first))


def place_mentions(text: str) -> list[Mention]:
    """Place names in ``text``, left to right, each the longest that counts at its position."""
    folded = fold_search(text)
    names = _names_by_first_char()
    bounds: _WordBounds | None = None
    mentions: list[Mention] = []
    i = 0
    while i < len(folded):
        found = None
        for name, divisions, short in names.get(folded[i], ()):
            if not folded.startswith(name, i):
                continue
            if bounds is None:
                bounds = _WordBounds(text)
            last_end = mentions[-1].end if mentions else -1
            if _counts(folded, i, i + len(name), short, divisions, last_end, bounds):
                found = Mention(i, i + len(name), name, divisions)
                break
        if found is None:
            i += 1
            continue
        mentions.append(found)
        i = found.end
    return mentions


def _counts(
    folded: str,
    start: int,
    end: int,
    short: bool,
    divisions: tuple[Division, ...],
    last_end: int,
    bounds: _WordBounds,
) -> bool:
    after = folded[end:]
    if folded[end - 1] == "市" and after.startswith("场"):
        return False  # 东方市场: a market
    if short or all(d.level == "county" for d in divisions):
        if not bounds.starts_word(start):
            return False
    if short:
        at_start = (
            start == 0
            or start == last_end
            or not _is_han(folded[start - 1])
            or folded[:start].endswith(_LEFT_WORDS)
        )
        if not at_start and not after.startswith(ORGAN_WORDS):
            return False
    return bounds.ends_word(folded, end)


class _WordBounds:
    """Where the word cut of a text starts and ends words (built only when needed)."""

    def __init__(self, text: str) -> None:
        from index.search.tokenizer import cut  # jieba: loaded only when a name is found

        words = cut(text)
        self._starts = {w.start for w in words}
        self._ends = {w.end for w in words}
        self._covering = {i: w.end for w in words for i in range(w.start, w.end)}

    def starts_word(self, i: int) -> bool:
        return i in self._starts

    def ends_word(self, folded: str, end: int) -> bool:
        """A name ending at ``end`` ends a word, or the word goes on with an organ word."""
        if end >= len(folded) or not _is_han(folded[end]) or end in self._ends:
            return True
        word_end = self._covering.get(end - 1)
        if word_end is None or word_end <= end:
            return True  # the cut dropped these characters: nothing runs on
        return folded[end:word_end].startswith(ORGAN_WORDS)


def _resolve(mentions: Sequence[Mention]) -> Place | None:
    province = next((p for m in mentions if (p := _one(m.divisions, "province"))), None)
    if province is None:
        return None
    inside = [tuple(d for d in m.divisions if d.province == province) for m in mentions]
    city = next((c for ds in inside if ds and (c := _one(ds, "city"))), None)
    county = None
    for ds in inside:
        counties = [d for d in ds if d.level == "county" and (city is None or d.city == city)]
        if len(counties) == 1:
            county = counties[0]
            city = city or county.city
            break
    return Place(province, city, county.name if county else None)


def _one(divisions: Sequence[Division], attribute: str) -> str | None:
    """The province (or city) every one of ``divisions`` lies in; None if they differ."""
    values = {getattr(d, attribute) for d in divisions}
    if len(values) == 1:
        value = values.pop()
        return str(value) if value else None
    return None


@functools.cache
def _names_by_first_char() -> dict[str, tuple[tuple[str, tuple[Division, ...], bool], ...]]:
    """(name, divisions, is a short form) by first character, longest first, full names
    before short forms of the same length. County names of two characters (城区, 和县)
    are ordinary words and left out."""
    g = gazetteer()
    entries = [(name, ds, False) for name, ds in g.by_name.items() if len(name) >= 3]
    entries += [(name, ds, True) for name, ds in g.by_short.items() if name not in g.by_name]
    entries.sort(key=lambda e: (-len(e[0]), e[2]))
    table: dict[str, list[tuple[str, tuple[Division, ...], bool]]] = {}
    for entry in entries:
        table.setdefault(entry[0][0], []).append(entry)
    return {ch: tuple(items) for ch, items in table.items()}


def _is_han(ch: str) -> bool:
    return "\u4e00" <= ch <= "\u9fff" or "\u3400" <= ch <= "\u4dbf"
