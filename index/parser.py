"""Turn the clean text of a policy document into a Document (pure: text in, value out)."""

from __future__ import annotations

from .model import Document


def parse_policy_text(text: str) -> Document:
    raise NotImplementedError  # being written
