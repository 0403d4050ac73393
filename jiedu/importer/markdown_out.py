"""A document's blocks -> Markdown for markdown-it-py (CommonMark, tables, containers,
definition lists), escaped so that the rendered text is exactly the source text."""

from __future__ import annotations

import re

from jiedu.importer.blocks import CAPTION, NOTE, NOTES_HEADING, TEXT, Block
from jiedu.importer.headings import TOP, heading_level
from jiedu.importer.model import GlossaryItem
from jiedu.importer.notes import parse_notes

INLINE_SPECIAL = re.compile(r"([\\`*_\[\]<])")
ENTITY_LIKE = re.compile(r"&(?=#?[0-9A-Za-z]+;)")
# Line starts that open a block: headings, quotes, lists, rules, fences, definitions.
BLOCK_START = re.compile(r"^(?:[#>:=~|]|[-+](?=\s|$)|-(?=[-\s]*$)|\d{1,9}(?=[.)](?:\s|$)))")
CELL_RUN = 3  # headings never follow each other three deep without a numbered one
NOTE_MARKER = re.compile(r"［(?P<full>\d{1,3})］|\[(?P<half>\d{1,3})\]|【(?P<lenticular>\d{1,3})】")


def escape_inline(text: str) -> str:
    text = INLINE_SPECIAL.sub(r"\\\1", text)
    return ENTITY_LIKE.sub(r"\\&", text)


def escape_line(text: str) -> str:
    """Escape a whole line: inline marks and whatever at its start would open a block."""
    escaped = escape_inline(text)
    match = BLOCK_START.match(escaped)
    if not match:
        return escaped
    if match.group(0).isdigit():  # "1. " is a list item, "1\. " is text
        end = match.end()
        return escaped[:end] + "\\" + escaped[end:]
    return "\\" + escaped


def render_body(blocks: tuple[Block, ...]) -> tuple[str, tuple[GlossaryItem, ...]]:
    """Markdown of the body, and the glossary items of its notes section."""
    notes_lines = [block.text for block in blocks if block.role == NOTE]
    preamble, glossary = parse_notes(notes_lines)
    note_ids = {item.number: f"note-{position}" for position, item in enumerate(glossary, 1)}
    chunks: list[str] = []
    cells = table_cells(blocks)
    for index, block in enumerate(blocks):
        if block.role == TEXT:
            chunks.append(_text_block(block.text, note_ids, index in cells))
        elif block.role == CAPTION:
            chunks.append(f"::: caption\n{escape_line(block.text)}\n:::")
        elif block.role == NOTES_HEADING:
            chunks.append(f"## {_heading_text(block.text)}")
            chunks.extend(escape_line(line) for line in preamble)
            chunks.extend(_definition(item) for item in glossary)
    return "\n\n".join(chunks) + "\n", glossary


def table_cells(blocks: tuple[Block, ...]) -> set[int]:
    """Blocks in a run of CELL_RUN or more unnumbered heading-like lines: the cells of a
    table that the copy flattened one per line (序号 / 项目名称 / …), not headings."""
    cells: set[int] = set()
    run: list[int] = []
    for index, block in enumerate([*blocks, None]):
        unnumbered = block is not None and block.role == TEXT and heading_level(block.text) == TOP
        if unnumbered:
            run.append(index)
            continue
        if len(run) >= CELL_RUN:
            cells.update(run)
        run = []
    return cells


def _text_block(text: str, note_ids: dict[int, str], cell: bool = False) -> str:
    level = None if cell else heading_level(text)
    if level:
        return "#" * level + " " + _heading_text(text)
    return _link_note_markers(text, note_ids)


def _heading_text(text: str) -> str:
    escaped = escape_inline(text)
    return escaped[:-1] + "\\#" if escaped.endswith("#") else escaped


def _definition(item: GlossaryItem) -> str:
    return f"{escape_line(item.printed or item.term)}\n: {escape_line(item.definition)}"


def _link_note_markers(text: str, note_ids: dict[int, str]) -> str:
    """ "……“两个100%”［18］" -> a link to item 18 of the report's glossary."""
    pieces: list[tuple[bool, str]] = []  # (already Markdown, text)
    position = 0
    for match in NOTE_MARKER.finditer(text):
        number = int(match["full"] or match["half"] or match["lenticular"])
        if number not in note_ids:
            continue
        pieces.append((False, text[position : match.start()]))
        pieces.append((True, f"[{escape_inline(match.group(0))}](#{note_ids[number]})"))
        position = match.end()
    pieces.append((False, text[position:]))
    return "".join(
        piece if markdown else escape_line(piece) if i == 0 else escape_inline(piece)
        for i, (markdown, piece) in enumerate(pieces)
    )
