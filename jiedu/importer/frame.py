"""Where a work report sits in its page: the head, the body, and the page around them.

A copied 政府工作报告 arrives inside whatever held it: a web page's menus and breadcrumbs,
an aggregator's header and teaser, a crawler's field labels, and after it share buttons,
lists of other articles, a site footer. The report itself is recognised by what every
work report has: the salutation (各位代表：) that opens its body, or, where a copy lost its
opening, its numbered sections and the 各位代表 it turns to later. The head is the run of
title, dateline and speaker lines just above the body; what lies before the head is the
page's: dropped, unless it holds news articles of its own (jiedu.importer.page_tail drops
the page's end for every text).
"""

from __future__ import annotations

import re

from jiedu.importer.blocks import CAPTION, DROPPED, HEAD, TEXT, Block
from jiedu.importer.boilerplate import merge_adjacent_dropped
from jiedu.importer.chars import has_prose_marks, visible_length
from jiedu.importer.head import (
    SALUTATION,
    VERSION_NOTE,
    is_complete_title,
    is_dateline,
    is_name,
    is_speaker,
    is_title_end,
    is_title_piece,
    split_glued_title,
    starts_dateline,
)
from jiedu.importer.patterns import is_date_opening
from jiedu.importer.patterns import is_dateline as is_news_dateline

# The opening speech act: 我代表XX人民政府/国务院，向大会(作政府工作)报告(工作).
DELIVERS = re.compile(r"我代表.{0,24}?(?:人民政府|政府|国务院).{0,20}?(?:报告|作.{0,6}报告)")
TOP_SECTION = re.compile(r"^(?:[一二三四五六七八九十]+、|第[一二三四五六七八九十]+部分)")
OPENING_WINDOW = 80  # text lines in which a report's opening must lie (web chrome comes first)
HEAD_LINES_MAX = 10
CAPTION_END = re.compile(r"摄[）)]?$")


def frame_report(blocks: list[Block]) -> list[Block] | None:
    """The blocks with the report's head marked HEAD and the page around it DROPPED, or
    None if the text is not a work report (news pages are split into articles instead)."""
    start = _body_start(blocks)
    if start is None:
        return None
    head_start = _head_start(blocks, start)
    framed = list(blocks)
    before = [b for b in blocks[:head_start] if b.role == TEXT]
    if any(_is_lede(b.text) for b in before):
        return None  # a news page whose articles come before the report: split it
    for i in range(head_start):
        framed[i] = framed[i].as_role(DROPPED) if framed[i].role == TEXT else framed[i]
    for i in range(head_start, start):
        if framed[i].role == TEXT:
            role = CAPTION if CAPTION_END.search(framed[i].text) else HEAD
            framed[i] = framed[i].as_role(role)
    return merge_adjacent_dropped(framed)


def _is_lede(text: str) -> bool:
    """A news article's first paragraph (not a bare 新华社北京3月15日电 line)."""
    return (is_news_dateline(text) or is_date_opening(text)) and has_prose_marks(text)


def _body_start(blocks: list[Block]) -> int | None:
    """The salutation that opens the body, or the first section of a copy without one."""
    texts = [i for i, block in enumerate(blocks) if block.role == TEXT][:OPENING_WINDOW]
    first_section = next((i for i in texts if TOP_SECTION.match(blocks[i].text)), None)
    for k, i in enumerate(texts):
        if first_section is not None and i > first_section:
            break
        if not SALUTATION.match(blocks[i].text):
            continue
        following = " ".join(blocks[j].text for j in texts[k : k + 3])
        opens = k == 0 or DELIVERS.search(following) or _head_above(blocks, i)
        if opens:
            return i
    if first_section is None:
        return None
    # A copy that lost its opening: numbered sections, and the speech turns to 各位代表 later.
    later = [b.text for b in blocks[first_section:] if b.role == TEXT]
    if any(SALUTATION.match(text) for text in later):
        return first_section
    return None


def _head_above(blocks: list[Block], start: int) -> bool:
    """A dateline or speaker line just above the salutation: a report's head."""
    for block in reversed(blocks[max(0, start - HEAD_LINES_MAX) : start]):
        if block.role != TEXT:
            continue
        if is_dateline(block.text) or is_speaker(block.text) or split_glued_title(block.text):
            return True
    return False


def _head_start(blocks: list[Block], start: int) -> int:
    """Walk up from the body over head lines: speaker, dateline, captions, one title."""
    i = start
    title_seen = False
    while i > 0 and start - i < HEAD_LINES_MAX:
        block = blocks[i - 1]
        if block.role != TEXT:
            break  # chrome between the head and what is above it
        text = block.text
        if title_seen:
            if not is_title_piece(text) or is_title_end(text):
                break
        elif is_title_end(text) or split_glued_title(text):
            title_seen = True
            if is_complete_title(text) or split_glued_title(text):
                return i - 1
        elif not _head_line(text, blocks, i - 1, start):
            break
        i -= 1
    return i


def _head_line(text: str, blocks: list[Block], index: int, start: int) -> bool:
    if is_dateline(text) or starts_dateline(text) or is_speaker(text):
        return True
    if VERSION_NOTE.match(text) or CAPTION_END.search(text):
        return True
    if is_name(text) and index > 0 and is_speaker(blocks[index - 1].text):
        return True
    # The rest of a dateline cut over lines: "人民代表大会第五次会议上".
    following = blocks[index + 1].text if index + 1 < start else ""
    previous = blocks[index - 1].text if index > 0 else ""
    return (
        not has_prose_marks(text)
        and visible_length(text) <= 40
        and starts_dateline(previous)
        and not is_dateline(previous)
        and (is_dateline(previous + text) or bool(following))
    )
