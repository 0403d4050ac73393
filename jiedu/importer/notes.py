"""The report's own glossary section (《政府工作报告》词语解释, 名词解释, 注释 ...).

Its heading may be wrapped (【名词解释】, ※注释※) or carry an annex number (附件1 政府工作报告
名词、术语注释). Its lines are kept raw by paragraph repair and parsed here: an item starts
with the next number in sequence ("1." "1、" "（1）" "［1］" "[1]" "【1】"), even where the number
runs into a term that starts with a number ("20.2026年……"); every other line continues the
item, so definitions may run over several lines or start on the line after the term. The
section ends at the next annex (附件2), byline, dateline or dropped page chrome.
"""

from __future__ import annotations

import re

from jiedu.importer.blocks import DROPPED, NOTE, NOTES_HEADING, TEXT, Block
from jiedu.importer.chars import join_pieces
from jiedu.importer.model import GlossaryItem
from jiedu.importer.patterns import is_byline, is_date_opening, is_dateline

ANNEX = r"附件[一二三四五六七八九十\d]{0,3}"
WORDS = r"(?:名词|词语|术语|用语|短语|概念)"
NOTES_HEADING_TEXT = re.compile(
    rf"^[【\[［〔※*]*(?:附[：:]?|{ANNEX}[：:]? ?)?(?:《[^》]{{1,30}}》|政府工作报告)?"
    rf"(?:部分|相关|有关|中的)?(?:{WORDS}(?:[、和及与]{WORDS})*)?(?:解释|注释|注解|释义|说明)"
    r"[】\]］〕※*]*[：:]?$"
)
# 附件2, 附件二 民生实事清单: the next annex ends the glossary.
ANNEX_HEADING = re.compile(rf"^{ANNEX}(?:[：: ]|$)")
ITEM_START = re.compile(
    r"^(?:(?P<dot>\d{1,3})[.．、](?!\d)|[（(](?P<paren>\d{1,3})[）)]"
    r"|[［\[](?P<square>\d{1,3})[］\]]|【(?P<lenticular>\d{1,3})】)\s*"
)
# Page references after a term: "“四上”企业（P2，P15）".
PAGE_REFS = re.compile(r"\s*[（(]P\d+(?:[，,、] ?P\d+)*[）)]$")
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
        if in_notes and block.role == DROPPED:
            in_notes = False
        if in_notes and block.role == TEXT:
            if _ends_notes(block.text):
                in_notes = False
            else:
                block = block.as_role(NOTE)
        marked.append(block)
    return marked


def _ends_notes(text: str) -> bool:
    return (
        bool(ANNEX_HEADING.match(text))
        or is_byline(text)
        or is_dateline(text)
        or is_date_opening(text)
    )


def parse_notes(lines: list[str]) -> tuple[list[str], tuple[GlossaryItem, ...]]:
    """Raw lines of a glossary section -> (lines before the first item, the items)."""
    preamble: list[str] = []
    items: list[tuple[int, list[str]]] = []
    for line in lines:
        expected = items[-1][0] + 1 if items else None
        number, rest = _item_start(line, expected)
        if number is not None:
            items.append((number, [rest]))
        elif items:
            items[-1][1].append(line)
        else:
            preamble.append(line)
    return preamble, tuple(_item(number, pieces) for number, pieces in items)


def _item_start(line: str, expected: int | None) -> tuple[int | None, str]:
    """(number, the rest of the line) if the line starts the next item, else (None, line)."""
    match = ITEM_START.match(line)
    if match:
        number = int(next(group for group in match.groups() if group))
        if expected is None or number == expected:
            return number, line[match.end() :]
    if expected is not None:
        # "20.2026年……": the number runs into a term that starts with a number.
        glued = re.match(rf"^{expected}[.．、](?=\d)", line)
        if glued and 0 < line.find("：", glued.end()) <= glued.end() + TERM_MAX:
            return expected, line[glued.end() :]
    return None, line


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
    refs = PAGE_REFS.search(term.strip().rstrip("：:，,"))
    printed = _clean_term(term) + refs.group(0).strip() if refs else ""
    return GlossaryItem(number, _clean_term(term), definition.strip(), printed)


def _split_without_colon(text: str) -> tuple[str, str]:
    """'“两个100%”即……' or '两个100%，即……': the term is the leading quote or clause."""
    for opening, closing in QUOTE_PAIRS:
        if text.startswith(opening) and closing in text[1:]:
            end = text.index(closing, 1) + 1
            return text[:end], text[end:].lstrip("，,：:—是即指 ")
    head, _, rest = text.partition("，")
    return head, rest


def _clean_term(term: str) -> str:
    term = PAGE_REFS.sub("", term.strip().rstrip("：:，,"))
    for opening, closing in QUOTE_PAIRS[:-1]:  # 《书名》 keeps its marks
        inner = term[len(opening) : -len(closing)]
        if term.startswith(opening) and term.endswith(closing) and opening not in inner:
            return inner.strip()
    return term
