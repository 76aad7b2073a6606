"""Decide, per document, which numbering styles are sections and which are measures.

A style counts only where its numbers form a sequence (1, 2, 3 … possibly
restarting at 1 under a new parent). Styles nest in the order they first
appear. An outer style is a *section* level when most of its headings hold
inner headings and read as headings (no body of their own); the first style
that is not is the *measure* level; anything deeper stays inside measure
bodies as enumerations. Articles (第X条) are always measures and chapters
(第X章) always sections.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from index.parsing.numbering import ARTICLE, CHAPTER, HeadingMark

SECTION = "section"
MEASURE = "measure"


@dataclass
class Levels:
    section_kinds: list[str] = field(default_factory=list)
    measure_kind: str | None = None
    headings: dict[int, str] = field(default_factory=dict)  # line index → SECTION | MEASURE


def _sequence(marks: list[HeadingMark | None], kind: str) -> list[int]:
    """Line indices of ``kind`` headings that continue a sequence (n+1, or a restart at 1)."""
    accepted: list[int] = []
    last: int | None = None
    for i, mark in enumerate(marks):
        if mark is None or mark.kind != kind:
            continue
        if last is None:
            if mark.value != 1 and any(
                m is not None and m.kind == kind and m.value == 1 for m in marks[i + 1 :]
            ):
                continue  # a stray number before the real sequence starts
            accepted.append(i)
            last = mark.value
        elif mark.value == last + 1 or (mark.value == 1 and last >= 1):
            accepted.append(i)
            last = mark.value
    return accepted


def _children(outer: list[int], inner: list[int], end: int) -> list[list[int]]:
    bounds = outer[1:] + [end]
    return [
        [j for j in inner if start < j < stop] for start, stop in zip(outer, bounds, strict=True)
    ]


def _is_section_level(
    marks: list[HeadingMark | None],
    outer: list[int],
    inner: list[int],
    n_lines: int,
    outermost: bool = False,
) -> bool:
    """Do the ``outer`` headings group the ``inner`` ones, or are inner ones enumerations?"""
    if len(inner) < 2 or not outer:
        return False
    groups = _children(outer, inner, n_lines)
    # Closing clauses ("二、本通知自2026年3月1日起执行。") end a document's parts: a
    # sentence with nothing under it after the last group does not count against grouping.
    # Only the document's outermost parts end that way; deeper, a childless last item is
    # a sign that the inner numbers are an enumeration.
    while outermost and len(outer) > 1 and not groups[-1] and _is_sentence(marks[outer[-1]]):
        outer, groups = outer[:-1], groups[:-1]
    holding = sum(1 for g in groups if g)
    if holding / len(outer) < 0.6:
        return False
    headinglike = 0
    with_intro = 0
    for start, group in zip(outer, groups, strict=True):
        mark = marks[start]
        assert mark is not None
        rest = mark.rest.strip().rstrip("。")
        gap = (group[0] - start - 1) if group else 0
        if "。" not in rest and len(rest) <= 60:
            headinglike += 1
        if gap > 0:
            with_intro += 1
    if headinglike / len(outer) < 0.6:
        return False
    if _list_like(marks, inner):
        return False  # "（一）…；（二）…。": the items of one measure's list
    runs_on = _runs_on(marks, groups)
    return runs_on or with_intro / len(outer) <= 0.5 or _titled(marks, inner) >= 0.6


def _is_sentence(mark: HeadingMark | None) -> bool:
    return mark is not None and mark.rest.strip().endswith(("。", "."))


def _titled(marks: list[HeadingMark | None], inner: list[int]) -> float:
    """Share of inner items written 'title。body': measures, even under groups with intros."""
    titled = 0
    for i in inner:
        mark = marks[i]
        assert mark is not None
        rest = mark.rest.strip()
        end = rest.find("。")
        if 0 < end <= 40 and rest[end + 1 :].strip():
            titled += 1
    return titled / len(inner)


def _list_like(marks: list[HeadingMark | None], inner: list[int]) -> bool:
    """Inner items that end with ； or ， are clauses of an enumeration, not measures."""
    ends = 0
    for i in inner:
        mark = marks[i]
        assert mark is not None
        if mark.rest.rstrip().endswith(("；", ";", "，", ",")):
            ends += 1
    return ends / len(inner) >= 0.5


def _runs_on(marks: list[HeadingMark | None], groups: list[list[int]]) -> bool:
    """Inner numbers continue across outer headings (…5 | 6, 7…): a sure sign of grouping."""
    firsts = [marks[g[0]] for g in groups if g]
    return len(firsts) >= 2 and any(m is not None and m.value > 1 for m in firsts[1:])


def choose_levels(marks: list[HeadingMark | None]) -> Levels:
    n = len(marks)
    kinds = {m.kind for m in marks if m is not None}
    sequences = {k: _sequence(marks, k) for k in kinds}
    structural = {k: seq for k, seq in sequences.items() if len(seq) >= 2 or (k == CHAPTER and seq)}
    levels = Levels()
    if not structural:
        return levels
    if ARTICLE in structural:
        levels.measure_kind = ARTICLE
        if CHAPTER in structural and structural[CHAPTER][0] < structural[ARTICLE][0]:
            levels.section_kinds = [CHAPTER]
    else:
        order = sorted(structural, key=lambda k: (k != CHAPTER, structural[k][0]))
        i = 0
        while i < len(order) - 1 and _is_section_level(
            marks, structural[order[i]], structural[order[i + 1]], n, outermost=i == 0
        ):
            i += 1
        levels.section_kinds = order[:i]
        levels.measure_kind = order[i]
    if levels.measure_kind is None:
        return levels
    measures = structural[levels.measure_kind]
    levels.headings = {i: MEASURE for i in measures}
    for kind in levels.section_kinds:
        for i in structural[kind]:
            levels.headings.setdefault(i, SECTION)
    # section headings after the last measure are not sections of anything
    last = max(measures)
    levels.headings = {
        i: role for i, role in levels.headings.items() if role == MEASURE or i < last
    }
    return levels
