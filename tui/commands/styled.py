"""Styled lines of a command's text output: rich in a terminal, plain lines elsewhere.

A pipe or a file gets the same lines without styles and unwrapped (grep and scripts
see one hit per line), and rich — a quarter of ``policy-tui search``'s start-up — is
imported only when the output is a terminal or ``FORCE_COLOR`` asks for styles.
Text goes in as plain strings, never as markup: texts contain ``[`` and ``]``.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterable


class StyledLine:
    """One line of output and the styles (rich style names) of its character ranges."""

    def __init__(self, text: str = "", style: str = "") -> None:
        self.text = ""
        self.spans: list[tuple[int, int, str]] = []
        if text:
            self.append(text, style)

    def append(self, text: str, style: str = "") -> StyledLine:
        start = len(self.text)
        self.text += text
        if style:
            self.spans.append((start, len(self.text), style))
        return self

    def stylize(self, style: str, start: int, end: int) -> None:
        """Style ``text[start:end]`` (a later style wins where two overlap, as in rich)."""
        self.spans.append((start, end, style))


def print_lines(lines: Iterable[StyledLine]) -> None:
    """Write ``lines`` to stdout: styled and wrapped to a terminal, plain otherwise."""
    if not styles_wanted():
        sys.stdout.write("".join(f"{line.text}\n" for line in lines))
        sys.stdout.flush()
        return
    from rich.console import Console
    from rich.text import Span, Text

    console = Console(highlight=False)
    for line in lines:
        console.print(Text(line.text, spans=[Span(*span) for span in line.spans]))


def styles_wanted() -> bool:
    """True for a terminal, or when FORCE_COLOR is set (as rich itself decides)."""
    if os.environ.get("FORCE_COLOR"):
        return True
    try:
        return sys.stdout.isatty()
    except (AttributeError, ValueError):  # replaced or closed stdout
        return False
