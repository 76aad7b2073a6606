"""The ◆ before a measure marked for comparison, in any list whose option ids are measure ids."""

from __future__ import annotations

from collections.abc import Collection

from rich.text import Text
from textual.widgets import OptionList

COMPARE_MARK = "◆ "
COMPARE_MARK_STYLE = "bold magenta"


def mark_options(options: OptionList, marked: Collection[str]) -> None:
    """Put ◆ before every listed option whose id is in ``marked``, and take it off the others.

    The list draws its rows itself (the results list is grouped, sorted and redrawn by its
    own keys), so the mark is laid on the prompts it made: an option already marked is left
    as it is, and prompts that are not rich ``Text`` are never touched.
    """
    for index, option in enumerate(options.options):
        prompt = option.prompt
        if option.id is None or not isinstance(prompt, Text):
            continue
        has_mark = prompt.plain.startswith(COMPARE_MARK)
        wanted = option.id in marked
        if wanted and not has_mark:
            options.replace_option_prompt_at_index(
                index, Text.assemble((COMPARE_MARK, COMPARE_MARK_STYLE)) + prompt
            )
        elif has_mark and not wanted:
            options.replace_option_prompt_at_index(index, prompt[len(COMPARE_MARK) :])
