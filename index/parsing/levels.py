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

from index.parsing.numbering import (
    ARTICLE,
    CHAPTER,
    KIND_ORDER,
    QUESTION,
    SUBCHAPTER,
    HeadingMark,
)

SECTION = "section"
SUBSECTION = "subsection"  # a heading of the measure level that groups measures of its own
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
        if kind == QUESTION and not mark.number.strip():
            accepted.append(i)  # 问：… 问：… — unnumbered questions are a sequence as they come
            continue
        if last is not None and mark.value == last and "-" in mark.number:
            accepted.append(i)  # 第10-1条 after 第10条
            continue
        if last is None:
            if mark.value != 1 and any(
                m is not None and m.kind == kind and m.value == 1 for m in marks[i + 1 :]
            ):
                continue  # a stray number before the real sequence starts
            accepted.append(i)
            last = mark.value
        elif (
            mark.value == last + 1
            or (mark.value == 1 and last >= 1)
            or _skips_ahead(kind, last, mark.value, marks[i + 1 :])
        ):
            accepted.append(i)
            last = mark.value
    return accepted


def _skips_ahead(kind: str, last: int, value: int, later: list[HeadingMark | None]) -> bool:
    """A gap in the numbering (1, 2, 4 — an item deleted in an amendment) when the
    sequence goes on from the new number; an article may skip further than an item."""
    limit = 50 if kind == ARTICLE else 2
    if not last < value <= last + limit:
        return False
    following = next((m for m in later if m is not None and m.kind == kind), None)
    return following is None or following.value in (value + 1, 1) or "-" in following.number


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
    # A part whose only numbered lines are an enumeration (材料清单如下：（一）…；（二）…；)
    # holds no measures: the list is the body of the part.
    holding = sum(1 for g in groups if g and not _list_like(marks, g))
    if holding / len(outer) < 0.6 and not _named_parts(marks, outer, inner, n_lines):
        return False
    if holding >= 2 and _runs_on(marks, groups) and not _list_like(marks, inner):
        # 1.–11. under 二、 and 12.–15. under 三、: numbers that run on across the outer
        # paragraphs are grouped by them, even where those read as sentences (一、会议指出，…).
        return True
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


def _named_parts(
    marks: list[HeadingMark | None], outer: list[int], inner: list[int], n_lines: int
) -> bool:
    """Short named parts (一、实施背景 … 七、保障措施), at least two of which hold numbered
    items: parts of a document, some of prose only, not measures."""
    if len(outer) < 3 or _list_like(marks, inner):
        return False
    for i in outer:
        mark = marks[i]
        rest = mark.rest.strip() if mark else ""
        if not rest or len(rest) > 25 or any(ch in rest for ch in "。；;，,：:"):
            return False
    kind = marks[outer[0]].kind  # type: ignore[union-attr]
    bounds = [*outer[1:], n_lines]
    holding = 0
    for start, stop in zip(outer, bounds, strict=True):
        deeper = [k for k in range(start + 1, stop) if _other_kind(marks[k], kind)]
        first = marks[deeper[0]] if deeper else None
        if len(deeper) >= 2 and first is not None and first.value == 1:
            holding += not _list_like(marks, deeper)  # an enumeration is the part's own text
    return holding >= 2


def _other_kind(mark: HeadingMark | None, kind: str) -> bool:
    return mark is not None and mark.kind != kind


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


# Over 60 lines on purpose: the level decision reads best as one sequence of rules, each a few lines, in the order they apply.
def choose_levels(marks: list[HeadingMark | None]) -> Levels:
    n = len(marks)
    kinds = {m.kind for m in marks if m is not None}
    sequences = {k: _sequence(marks, k) for k in kinds}
    structural = {
        k: seq
        for k, seq in sequences.items()
        if len(seq) >= 2 or (k in (CHAPTER, SUBCHAPTER) and seq)
    }
    levels = Levels()
    if not structural:
        return levels
    if ARTICLE in structural:
        levels.measure_kind = ARTICLE
        first_article = structural[ARTICLE][0]
        levels.section_kinds = [
            kind
            for kind in (CHAPTER,)
            if kind in structural and structural[kind][0] < first_article
        ]
        if SUBCHAPTER in structural and (
            levels.section_kinds or structural[SUBCHAPTER][0] < first_article
        ):
            levels.section_kinds.append(SUBCHAPTER)  # 第X节 inside 第X章: a second section level
    else:
        order = sorted(
            structural,
            key=lambda k: (
                k not in (CHAPTER, SUBCHAPTER),
                KIND_ORDER.index(k) if k in (CHAPTER, SUBCHAPTER) else 0,
                structural[k][0],
            ),
        )
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
    measures = measures + _skipped_level_measures(marks, levels)
    for i in measures:
        levels.headings[i] = MEASURE
    groups, inner = _measures_that_group(marks, levels, structural.get(levels.measure_kind, []))
    for i in groups:
        levels.headings[i] = SUBSECTION
    for i in inner:
        levels.headings[i] = MEASURE
    measures = [i for i in measures if i not in groups] + inner
    # After the last measure, a section heading that reads as one (七、组织保障) is a part
    # without measures; a sentence-shaped one is closing text of the last part.
    last = max(measures)
    levels.headings = {
        i: role
        for i, role in levels.headings.items()
        if role == MEASURE or i < last or _reads_as_heading(marks[i])
    }
    return levels


def _measures_that_group(
    marks: list[HeadingMark | None], levels: Levels, measure_lines: list[int]
) -> tuple[list[int], list[int]]:
    """'（一）推动新能源上网电价全面由市场形成' with '1.全面放开…。自…' '2.保持…。…' under it:
    where a measure-level heading is only a name and holds titled items of the next level,
    it is a sub-part and those items are the measures (its siblings with bodies stay)."""
    kind = levels.measure_kind
    if kind not in KIND_ORDER or kind in (ARTICLE, QUESTION):
        return [], []
    order = KIND_ORDER.index(kind)
    if order + 1 >= len(KIND_ORDER):
        return [], []
    next_kind = KIND_ORDER[order + 1]
    stops = sorted([*levels.headings, len(marks)])
    groups: list[int] = []
    inner: list[int] = []
    for i in measure_lines:
        mark = marks[i]
        if mark is None or not _reads_as_heading(mark):
            continue
        stop = next(k for k in stops if k > i)
        items = [i + 1 + k for k in _sequence(marks[i + 1 : stop], next_kind)]
        if len(items) >= 2 and marks[items[0]].value == 1 and _titled(marks, items) >= 0.6:  # type: ignore[union-attr]
            groups.append(i)
            inner += items
    return groups, inner


def _skipped_level_measures(marks: list[HeadingMark | None], levels: Levels) -> list[int]:
    """A part that skips the measure level (一、 with 1. items, where the others have
    （一）) numbers its measures with the next conventional level."""
    if not levels.section_kinds or levels.measure_kind not in KIND_ORDER:
        return []
    order = KIND_ORDER.index(levels.measure_kind)
    if order + 1 >= len(KIND_ORDER):
        return []
    next_kind = KIND_ORDER[order + 1]
    starts = sorted(i for i, role in levels.headings.items() if role == SECTION)
    found: list[int] = []
    for start, stop in zip(starts, [*starts[1:], len(marks)], strict=True):
        inside = range(start + 1, stop)
        if any(i in levels.headings for i in inside):
            continue  # the part has measures (or deeper parts) of its own
        items = _sequence(marks[start + 1 : stop], next_kind)
        if len(items) >= 2 and marks[start + 1 + items[0]].value == 1:  # type: ignore[union-attr]
            found += [start + 1 + k for k in items]
    return found


def _reads_as_heading(mark: HeadingMark | None) -> bool:
    if mark is None:
        return False
    rest = mark.rest.strip()
    return 0 < len(rest) <= 30 and not any(ch in rest for ch in "。；;，,：:")
