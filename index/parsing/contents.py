"""A table of contents is not structure: its headings are cleared before levels are chosen.

A contents list is recognised by general signs, not by the word 目录 alone: a
run of heading lines with no text between them whose headings appear again,
in order, further down (the real headings); or heading lines ending in dot
leaders and page numbers (``一、实施背景……………3``).
"""

from __future__ import annotations

import re

from index.parsing.clean import Line

_LEADERS = re.compile(r"(?:[.．·…。]{3,}|\s{2,})\s*\d{0,4}\s*$")


def _key(text: str) -> str:
    return "".join(_LEADERS.sub("", text).split())


_FILLER = re.compile(r"[.．·…。\s]{3,}|[-—–\s]*\d{1,4}[-—–\s]*")  # leaders, page numbers


def _followed_by_leaders(lines: list[Line], i: int) -> bool:
    """A heading whose only 'body' is dot leaders and a page number (leaders on own lines)."""
    j = i + 1
    while j < len(lines) and lines[j].mark is None and _FILLER.fullmatch(lines[j].text):
        j += 1
    return j > i + 1 and any(re.search(r"[.．·…]{3,}", lines[k].text) for k in range(i + 1, j))


def clear_table_of_contents(lines: list[Line]) -> list[int]:
    """Unmark the headings of a contents list; returns the line indices cleared."""
    cleared: list[int] = []
    for i, ln in enumerate(lines):
        if ln.mark is None:
            continue
        inline = _LEADERS.search(ln.text) and re.search(r"[.．·…]{3,}", ln.text)
        if inline or _followed_by_leaders(lines, i):
            ln.mark, ln.in_contents = None, True
            cleared.append(i)
    headings = [i for i, ln in enumerate(lines) if ln.mark is not None]
    later_keys: dict[str, list[int]] = {}
    for i in headings:
        later_keys.setdefault(_key(lines[i].text), []).append(i)
    run: list[int] = []
    for pos, i in enumerate(headings):
        repeated = any(j > i for j in later_keys[_key(lines[i].text)])
        adjacent = pos + 1 < len(headings) and headings[pos + 1] == i + 1
        if repeated and (adjacent or (run and run[-1] == i - 1)):
            run.append(i)
            continue
        if len(run) >= 2:
            break
        run = []
    if len(run) >= 2:
        for i in run:
            lines[i].mark, lines[i].in_contents = None, True
        cleared += run
    return cleared
