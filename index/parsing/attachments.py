"""Attachments (附件) after the signature: their own parts, not the last measure's text.

A 印发 notice is often signed and dated, then followed by ``附件1`` / its title /
its text; a policy page lists ``附件：1.…清单 2.…表`` before the signature. Both
are read here by general signs:

* a marker line (``附件``, ``附件1``, ``附件2：标题``, ``附录一``) *after a signature
  date* starts an attachment; its title is the rest of the marker line or the
  short line(s) after it;
* a marker before the signature followed by short numbered lines is a list of
  attachment names: those numbers start no measures;
* when the body before the attachments holds no measures (the notice only
  hands the policy on), the attachment that has them *is* the document's body.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from index.numerals import CN_NUMERAL
from index.parsing import metadata as meta
from index.parsing.clean import Line

_MARKER = re.compile(rf"^(?:附件|附录|附表)\s*([0-9{CN_NUMERAL}]{{0,3}})\s*(?:[：:．.、]\s*)?(.*)$")
_NAME_MAX = 60


@dataclass
class AttachmentLines:
    marker: str  # the marker line as written ("附件1", "附件2：…")
    title: str
    title_lines: list[str] = field(default_factory=list)
    lines: list[Line] = field(default_factory=list)


def _signature_date_at(lines: list[Line]) -> int | None:
    """Index of the first date line that closes a signature (an organisation above it)."""
    for i, ln in enumerate(lines):
        if meta.is_date_line(ln.text) and i > 0:
            above = lines[i - 1].text
            if meta.is_org_line(above) or meta.is_org_line("".join(above.split())):
                return i
    return None


def _title_like(text: str) -> bool:
    return 0 < len(text) <= _NAME_MAX and not text.endswith(("。", "；", "，", "：", ":"))


def clear_attachment_lists(lines: list[Line]) -> None:
    """'附件：' then '1.…方案' '2.…大纲': names of attachments, not measures."""
    for i, ln in enumerate(lines):
        m = _MARKER.match(ln.text)
        if not m or m.group(1):
            continue  # 附件1 starts an attachment of its own
        j = i + 1
        while j < len(lines):
            mark = lines[j].mark
            if mark is None or not _title_like(mark.rest.strip()) or "。" in lines[j].text:
                break
            lines[j].mark = None
            j += 1


def split_attachments(lines: list[Line]) -> tuple[list[Line], list[AttachmentLines]]:
    """The lines of the document proper, and each attachment after the signature."""
    signed = _signature_date_at(lines)
    if signed is None:
        return lines, []
    starts = [
        i
        for i in range(signed + 1, len(lines))
        if (m := _MARKER.match(lines[i].text)) and not _lists_names(lines, i, m)
    ]
    if not starts:
        return _unmarked_attachment(lines, signed)
    main = lines[: starts[0]]
    found: list[AttachmentLines] = []
    for start, stop in zip(starts, [*starts[1:], len(lines)], strict=True):
        marker_line = lines[start].text
        m = _MARKER.match(marker_line)
        assert m is not None
        block = lines[start + 1 : stop]
        title_lines: list[str] = []
        title = m.group(2).strip()
        if not meta.ends_with_genre(title):
            # the title goes on over up to three short lines, ending with a genre word
            joined = title
            for k, ln in enumerate(block[:4]):
                if ln.mark is not None or not _title_like(ln.text):
                    break
                joined += ln.text
                if meta.ends_with_genre(joined):
                    title_lines = [b.text for b in block[: k + 1]]
                    block = block[k + 1 :]
                    title = joined
                    break
        found.append(AttachmentLines(marker_line, title, title_lines, block))
    return main, found


_PUBLISHED_NOTE = re.compile(r"^[（(](?:此件|本件).{0,12}[）)]$")


def _unmarked_attachment(
    lines: list[Line], signed: int
) -> tuple[list[Line], list[AttachmentLines]]:
    """A second document straight after the signature, with its own title and numbering
    (a notice's 规程 or 细则 printed without an 附件 line)."""
    k = signed + 1
    while k < len(lines) and _PUBLISHED_NOTE.match(lines[k].text):
        k += 1
    joined, end = "", k
    while end < len(lines) and end < k + 3 and lines[end].mark is None:
        if not _title_like(lines[end].text):
            break
        joined += lines[end].text
        end += 1
        if meta.ends_with_genre(joined):
            break
    rest = lines[end:]
    if (
        not joined
        or not meta.ends_with_genre(joined)
        or sum(ln.mark is not None for ln in rest) < 2
    ):
        return lines, []
    title_lines = [ln.text for ln in lines[k:end]]
    return lines[:k], [AttachmentLines("", joined, title_lines, rest)]


def _lists_names(lines: list[Line], i: int, m: re.Match[str]) -> bool:
    """'附件：' followed by '1.名称' lines (a list), not the start of an attachment's text."""
    if m.group(1):
        return False  # 附件1, 附件2: an attachment of its own
    following = lines[i + 1 : i + 3]
    return bool(following) and all(
        ln.mark is not None and _title_like(ln.mark.rest.strip()) for ln in following
    )


def policy_attachment(attachments: list[AttachmentLines], has_measures: bool) -> int | None:
    """Which attachment is the document itself: the notice before it has no measures."""
    if has_measures:
        return None
    for k, att in enumerate(attachments):
        if sum(1 for ln in att.lines if ln.mark is not None) >= 2:
            return k
    return None
