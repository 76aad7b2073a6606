"""How a numbering label sits before its title on screen."""

from __future__ import annotations

_CLOSED = tuple("、.．)）,，:：") + tuple("①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳")


def label_prefix(label: str) -> str:
    """'一、' and '（一）' end in punctuation and need no space; '第一条' and '一' do.

    Without a space, a long Chinese title wraps right after its numeral instead of
    leaving the numeral alone on a line (Rich wraps at spaces).
    """
    return label if label.endswith(_CLOSED) else f"{label} "
