"""Documents as plain dicts for JSON output (the `parse --json` schema)."""

from __future__ import annotations

from typing import Any

from index.model import Attachment, Document, Measure, Section


def measure_to_dict(doc: Document, measure: Measure) -> dict[str, Any]:
    section = doc.section_of(measure)
    return {
        "id": measure.id,
        "number": measure.label.strip().rstrip("、，,")
        or measure.number,  # as written: 第一条, （一）, 1.
        "title": measure.title or None,
        "body": measure.body,
        "section": section.title if section else None,
        "responsible": list(measure.responsible),
        # the same units with their role as written (牵头单位, 配合单位, 负责部门 …)
        "responsible_roles": [
            {"role": role, "units": list(units)} for role, units in measure.responsible_roles
        ],
        "interpretation": measure.interpretation,
        # as written, so that no character of the text is lost
        "title_marks": measure.title_marks,
        "responsible_notes": list(measure.responsible_notes),
        "interpretation_label": measure.interpretation_label,
    }


def _section(s: Section) -> dict[str, Any]:
    return {
        "number": s.label.strip() or s.number,
        "title": s.title,
        "intro": s.intro,
        "title_marks": s.title_marks,
    }


def _sections(doc: Document) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    for s in doc.sections:
        if s.level > 1 and out:
            out[-1].setdefault("subsections", []).append(_section(s))
        else:
            out.append(_section(s))
    return out


def attachment_to_dict(attachment: Attachment) -> dict[str, Any]:
    """An attachment with its text and, where it is numbered, its own measures."""
    from index.parsing.parser import parse_policy_text  # the attachment is a small text

    inner = parse_policy_text(attachment.text)
    return {
        "label": attachment.label,
        "title": attachment.title,
        "text": attachment.text,
        "measures": [
            {"number": m.label.strip() or m.number, "title": m.title or None, "body": m.body}
            for m in inner.measures
        ],
    }


def document_to_dict(doc: Document) -> dict[str, Any]:
    return {
        "id": doc.id,
        "title": doc.title,
        "issuer": doc.issuer,
        "date": doc.date,
        "source": doc.source,
        "doc_number": doc.doc_number,
        "wrapper_title": doc.alternative_titles[0] if doc.alternative_titles else None,
        "alternative_titles": list(doc.alternative_titles),
        "front_matter": list(doc.front_matter),
        "preamble": doc.preamble,
        # chapters (or the one level of parts); a chapter's 第X节 are its subsections
        "sections": _sections(doc),
        "measures": [measure_to_dict(doc, m) for m in doc.measures],
        "attachments": [attachment_to_dict(a) for a in doc.attachments],
        "dropped": list(doc.dropped),
    }
