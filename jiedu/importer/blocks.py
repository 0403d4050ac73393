"""The unit every import stage passes on: a block of text with its role and source line."""

from __future__ import annotations

from dataclasses import dataclass, replace

TEXT = "text"  # report text: a line, or (after paragraph repair) a whole paragraph
DROPPED = "dropped"  # promotion, poster, page chrome: left out of the body, listed in front matter
CAPTION = "caption"  # a photo caption
NOTES_HEADING = "notes-heading"  # the heading of the report's own glossary section
NOTE = "note"  # a raw line of that section, parsed by jiedu.importer.notes
HEAD = "head"  # a line of a work report's head (title, dateline, speaker), read by importer.head


@dataclass(frozen=True)
class Block:
    text: str
    line: int  # 1-based line of the seed where the block starts
    gap: int = 0  # blank lines before it in the seed (several mark where a picture was)
    role: str = TEXT

    def as_role(self, role: str) -> Block:
        return replace(self, role=role)
