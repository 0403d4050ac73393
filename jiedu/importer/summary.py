"""One line per imported document for the editor: what the import found, and the fields it
could not find, so the editor knows what to fill in by hand."""

from __future__ import annotations

from jiedu.importer.metadata import UNTITLED
from jiedu.importer.model import ImportedDocument

# The fields an editor expects of each kind of document.
EXPECTED = {
    "report": ("title", "date", "region", "speaker", "meeting"),
    "summary": ("title", "date", "region"),
    "news": ("title", "date", "region"),
}


def found_line(doc: ImportedDocument) -> str:
    """ "政府工作报告 · 满城区 · 2020-01-21 · 保定市满城区人民政府区长 程杰 · report · 14 headings
    · 48 glossary items · 89 dropped blocks"."""
    front = doc.front_matter
    speaker = " ".join(filter(None, (front.get("speaker_title"), front.get("speaker"))))
    headings = sum(1 for line in doc.body.splitlines() if line.startswith("#"))
    parts = [
        front.get("title"),
        front.get("region"),
        front.get("date"),
        speaker,
        front.get("kind"),
        _count(headings, "heading"),
        _count(len(doc.glossary), "glossary item"),
        _count(len(front.get("dropped", [])), "dropped block"),
    ]
    return " · ".join(part for part in parts if part)


def missing_fields(doc: ImportedDocument) -> list[str]:
    front = doc.front_matter
    expected = EXPECTED.get(front.get("kind"), ())
    return [f for f in expected if not front.get(f) or (f == "title" and front[f] == UNTITLED)]


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}{'' if number == 1 else 's'}"
