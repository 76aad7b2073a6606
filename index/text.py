"""Text folding shared by search, ids and bookmarks: one definition of "the same text".

* :func:`fold_width_case` keeps the length (so offsets into the folded text are
  offsets into the original) and is what search matches and highlights on;
* :func:`identity_fold` drops whitespace and is what ids and bookmark
  re-finding compare, so a cosmetic edit (a full-width digit, a wrapped line)
  does not make a measure a different one.
"""

from __future__ import annotations

import unicodedata


def fold_width_case(text: str) -> str:
    """Width-fold and lower-case, keeping the length, so offsets map 1:1 to the original."""
    out = []
    for ch in text:
        if ch.isascii():
            out.append(ch.lower())
            continue
        folded = unicodedata.normalize("NFKC", ch)
        out.append(folded.lower() if len(folded) == 1 else ch)
    return "".join(out)


def identity_fold(text: str | None) -> str:
    """Width-folded (NFKC), without whitespace: how ids and re-found bookmarks compare text."""
    folded = unicodedata.normalize("NFKC", text or "")
    return "".join(ch for ch in folded if not ch.isspace())
