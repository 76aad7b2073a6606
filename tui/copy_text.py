"""What `y` copies: a measure as plain text, with its source, to paste into a report."""

from __future__ import annotations

from index.model import Document, Measure

from .labels import label_prefix
from .widgets.measure_detail import shown_roles


def measure_as_text(doc: Document, measure: Measure) -> str:
    """What `y` copies: enough to paste into a report and find the source again."""
    if measure.title:
        parts = [f"{measure.label}{measure.title}"]
        if measure.body:
            parts.append(measure.body)
    else:  # an untitled article reads on from its number, as in the pane
        parts = [label_prefix(measure.label) + measure.body]
    roles = shown_roles(measure)
    if roles:
        parts += [role + "：" + "、".join(units) for role, units in roles]
    elif measure.responsible:
        parts.append("责任单位：" + "、".join(measure.responsible))
    if measure.interpretation:
        parts.append("政策解读：" + measure.interpretation)
    source = "——《" + doc.title + "》" + "".join(f" {x}" for x in (doc.issuer, doc.date) if x)
    parts.append(source)
    return "\n".join(parts)
