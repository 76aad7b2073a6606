"""China's administrative divisions (data/divisions.tsv): names, short forms, what lies in what.

The file holds every province-level, prefecture-level and county-level division
with its code; a code's first two digits name its province and its first four
its prefecture (data/README.md: source, license, how it was made).
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

DIVISIONS_FILE = Path(__file__).parent / "data" / "divisions.tsv"

Level = Literal["province", "city", "county"]


@dataclass(frozen=True)
class Division:
    """One division. ``province`` and ``city`` are the full names of what it lies in
    (itself included): 武汉市 → (湖北省, 武汉市); 天心区 → (湖南省, 长沙市); 浦东新区 →
    (上海市, None), as a municipality's districts lie in no prefecture."""

    code: str
    name: str  # full name: 湖北省, 武汉市, 天心区
    short: str  # 湖北, 武汉; "" for county-level divisions (their short forms are words)
    level: Level
    province: str
    city: str | None


@dataclass(frozen=True)
class Gazetteer:
    divisions: tuple[Division, ...]
    by_name: dict[str, tuple[Division, ...]]  # full names (county names repeat: 鼓楼区)
    by_short: dict[str, tuple[Division, ...]]  # short forms (吉林: the province and the city)

    def lookup(self, name: str) -> tuple[Division, ...]:
        """The divisions called ``name`` (full name or short form), the highest level first
        only: 吉林 is the province (its city 吉林市 lies in it), 海南 the province."""
        found = self.by_name.get(name) or self.by_short.get(name) or ()
        for level in ("province", "city", "county"):
            at_level = tuple(d for d in found if d.level == level)
            if at_level:
                return at_level
        return ()


@functools.cache
def gazetteer() -> Gazetteer:
    """The divisions of data/divisions.tsv, read once."""
    rows: list[tuple[str, str, str]] = []
    for line in DIVISIONS_FILE.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        code, name, *rest = line.split("\t")
        rows.append((code, name, rest[0] if rest else ""))
    names = {code: name for code, name, _ in rows}
    divisions = []
    for code, name, short in rows:
        province = names[code[:2] + "0000"]
        if code.endswith("0000"):
            divisions.append(Division(code, name, short, "province", province, None))
        elif code.endswith("00"):
            divisions.append(Division(code, name, short, "city", province, name))
        elif code[:4] + "00" in names:
            divisions.append(Division(code, name, "", "county", province, names[code[:4] + "00"]))
        elif name.endswith("市"):
            # A county-level city directly under its province (仙桃市, 济源市, 石河子市): the
            # city of its documents. No short form: 东方, 新星, 双河 are words.
            divisions.append(Division(code, name, "", "city", province, name))
        else:  # a district of a municipality (浦东新区), 神农架林区, 定安县
            divisions.append(Division(code, name, "", "county", province, None))
    by_name: dict[str, tuple[Division, ...]] = {}
    by_short: dict[str, tuple[Division, ...]] = {}
    for division in divisions:
        by_name[division.name] = (*by_name.get(division.name, ()), division)
        if division.short:
            by_short[division.short] = (*by_short.get(division.short, ()), division)
    return Gazetteer(tuple(divisions), by_name, by_short)
