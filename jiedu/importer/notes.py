"""The report's own glossary section (《政府工作报告》词语解释, 名词解释, 注释 ...).

Its lines are kept raw by paragraph repair and parsed here: an item starts with the next
number in sequence ("1." "1、" "（1）" "［1］"); every other line continues the item, so
definitions may run over several lines or start on the line after the term.
"""

from __future__ import annotations

import re

from jiedu.importer.blocks import NOTE, NOTES_HEADING, TEXT, Block
from jiedu.importer.chars import join_pieces
from jiedu.importer.model import GlossaryItem
from jiedu.importer.patterns import is_byline, is_date_opening, is_dateline

NOTES_HEADING_TEXT = re.compile(
    r"^(?:附[：:]?)?(?:《[^》]{1,30}》)?(?:部分|相关|有关)?(?:名词|词语|术语|用语)?"
    r"(?:解释|注释|注解|释义)$"
)
ITEM_START = re.compile(
    r"^(?:(?P<dot>\d{1,3})[.．、](?!\d)|[（(](?P<paren>\d{1,3})[）)]"
    r"|[［\[](?P<square>\d{1,3})[］\]]|【(?P<lenticular>\d{1,3})】)\s*"
)
TERM_MAX = 40  # a colon further in than this belongs to the definition
QUOTE_PAIRS = (("“", "”"), ("‘", "’"), ("「", "」"), ("『", "』"), ('"', '"'), ("《", "》"))


def is_notes_heading(text: str) -> bool:
    return bool(NOTES_HEADING_TEXT.match(text))


def mark_notes(blocks: list[Block]) -> list[Block]:
    """Mark a glossary heading and the raw lines after it, up to a byline or a news dateline."""
    marked: list[Block] = []
    in_notes = False
    for block in blocks:
        if block.role == TEXT and is_notes_heading(block.text):
            in_notes = True
            marked.append(block.as_role(NOTES_HEADING))
            continue
        if in_notes and block.role == TEXT:
            if is_byline(block.text) or is_dateline(block.text) or is_date_opening(block.text):
                in_notes = False
            else:
                block = block.as_role(NOTE)
        marked.append(block)
    return marked


def parse_notes(lines: list[str]) -> tuple[list[str], tuple[GlossaryItem, ...]]:
    """Raw lines of a glossary section -> (lines before the first item, the items)."""
    preamble: list[str] = []
    items: list[tuple[int, list[str]]] = []
    for line in lines:
        match = ITEM_START.match(line)
        number = int(next(group for group in match.groups() if group)) if match else None
        expected = items[-1][0] + 1 if items else None
        if match and (expected is None or number == expected):
            items.append((number, [line[match.end() :]]))
        elif items:
            items[-1][1].append(line)
        else:
            preamble.append(line)
    return preamble, tuple(_item(number, pieces) for number, pieces in items)


def _item(number: int, pieces: list[str]) -> GlossaryItem:
    text = ""
    for piece in pieces:
        text = join_pieces(text, piece)
    colon = text.find("：")
    if 0 < colon <= TERM_MAX:
        term, definition = text[:colon], text[colon + 1 :]
    elif len(pieces) > 1:
        # The term stands alone on its line and the definition follows.
        term, definition = pieces[0], text[len(pieces[0]) :]
    else:
        term, definition = _split_without_colon(text)
    return GlossaryItem(number, _clean_term(term), definition.strip())


def _split_without_colon(text: str) -> tuple[str, str]:
    """'“两个100%”即……' or '两个100%，即……': the term is the leading quote or clause."""
    for opening, closing in QUOTE_PAIRS:
        if text.startswith(opening) and closing in text[1:]:
            end = text.index(closing, 1) + 1
            return text[:end], text[end:].lstrip("，,：:—是即指 ")
    head, _, rest = text.partition("，")
    return head, rest


def _clean_term(term: str) -> str:
    term = term.strip().rstrip("：:，,")
    for opening, closing in QUOTE_PAIRS[:-1]:  # 《书名》 keeps its marks
        inner = term[len(opening) : -len(closing)]
        if term.startswith(opening) and term.endswith(closing) and opening not in inner:
            return inner.strip()
    return term
