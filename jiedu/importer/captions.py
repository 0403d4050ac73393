"""Photo captions dropped into the text: "临淄区委副书记、区政府代理区长蔡华刚作政府工作报告。"

A caption is a short line of one sentence that either interrupts a sentence (the lines
around it join up, the caption does not fit between them) or stands after a picture's
blank lines between complete paragraphs. Captions found in a news article's title lines
are recognised by jiedu.importer.articles.
"""

from __future__ import annotations

from collections import Counter

from jiedu.importer.blocks import CAPTION, TEXT, Block
from jiedu.importer.chars import PROSE_MARKS, ends_sentence, visible_length
from jiedu.importer.notes import is_notes_heading
from jiedu.importer.paragraphs import boundary_evidence, is_heading_like, starts_new_block
from jiedu.importer.patterns import is_date_opening

CAPTION_MAX = 50
CAPTION_AFTER_PICTURE_MAX = 40


def mark_captions(blocks: list[Block]) -> list[Block]:
    """Mark caption lines CAPTION; everything else is returned as it was."""
    picture_gap = picture_gap_of(blocks)
    texts = [i for i, block in enumerate(blocks) if block.role == TEXT]
    marked = list(blocks)
    for k, i in enumerate(texts):
        if k == 0 or k + 1 == len(texts):
            continue
        before, line, after = blocks[texts[k - 1]], blocks[i], blocks[texts[k + 1]]
        if not is_caption_like(line.text):
            continue
        if _interrupts(before.text, line, after.text, picture_gap) or _stands_after_picture(
            before.text, line, after.text, picture_gap
        ):
            marked[i] = line.as_role(CAPTION)
    return marked


def picture_gap_of(blocks: list[Block]) -> int:
    """How many blank lines mark a picture: more than the usual gap between paragraphs."""
    gaps = Counter(block.gap for block in blocks[1:])
    usual = gaps.most_common(1)[0][0] if gaps else 0
    return max(2, usual + 1)


def is_caption_like(text: str) -> bool:
    """Short, one sentence at most, and not a dateline, byline, number or glossary heading."""
    body = text.rstrip(PROSE_MARKS)
    return (
        visible_length(text) <= CAPTION_MAX
        and not any(mark in body for mark in PROSE_MARKS)
        and not starts_new_block(text)
        and not is_date_opening(text)
        and not is_notes_heading(text)
        and (ends_sentence(text) or is_heading_like(text))
    )


def _interrupts(before: str, line: Block, after: str, picture_gap: int) -> bool:
    if ends_sentence(before):
        return False
    if not (ends_sentence(line.text) or line.gap >= picture_gap):
        return False  # a caption is a sentence of its own, or sits where a picture was
    if boundary_evidence(before, after) and not boundary_evidence(before, line.text):
        return True
    # The sentence is cut and a picture with its caption sits in the cut.
    return line.gap >= picture_gap and ends_sentence(line.text) and not starts_new_block(after)


def _stands_after_picture(before: str, line: Block, after: str, picture_gap: int) -> bool:
    return (
        line.gap >= picture_gap
        and visible_length(line.text) <= CAPTION_AFTER_PICTURE_MAX
        and line.text.endswith("。")
        and ends_sentence(before)
        and not is_heading_like(after)
    )
