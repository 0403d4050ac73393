"""Paragraph repair: join the pieces of sentences that page and column breaks cut apart.

A break is repaired when the text itself says the sentence goes on: the first piece ends
without a sentence-final mark and either ends in a comma or opening quote, or the next
piece starts with a mark that cannot open a paragraph, or a dictionary word spans the cut
("开工建 / 设" -> 建设), or the first piece is running prose (it holds a full stop but does
not end with one, or it is too long for a heading and prose follows). Headings, bylines,
datelines and numbered sections are never glued on.
"""

from __future__ import annotations

from dataclasses import replace

from jiedu.importer.blocks import CAPTION, DROPPED, TEXT, Block
from jiedu.importer.chars import (
    CONTINUATION_START,
    OPENERS_AND_PAUSES,
    ends_sentence,
    has_prose_marks,
    is_ideograph,
    join_pieces,
    visible_length,
)
from jiedu.importer.patterns import (
    SALUTATION,
    is_byline,
    is_date_opening,
    is_dateline,
    is_speaker_line,
    starts_section,
)
from jiedu.importer.words import tokens

WINDOW = 8  # characters on each side of a cut that jieba looks at
# Words that cannot open a sentence: a piece starting with one continues the last.
PARTICLES = frozenset("的地得了着过和及等们之")
HEADING_MAX = 40  # a heading-like line: short and without a sentence-final mark
NUMBERED_HEADING_MAX = 60
SHORT_PIECE = 24  # a piece this short that was cut shows the width of a narrow column
LOOKAHEAD = 4  # lines of text that may follow a cut before the sentence ends


def boundary_evidence(left: str, right: str) -> str | None:
    """What at the cut itself shows that `right` continues `left`'s sentence (None: nothing).

    Every answer is a reason a reader would give; the caption finder relies on them too.
    """
    if not left or not right or ends_sentence(left):
        return None
    if left[-1] in OPENERS_AND_PAUSES:
        return f"the first piece ends with '{left[-1]}'"
    if right[0] in CONTINUATION_START:
        return f"the second piece starts with '{right[0]}'"
    if left[-1].isdigit() and (is_ideograph(right[0]) or right[0] in "%‰"):
        return "a number is cut from its unit"
    word = word_across(left, right)
    if word:
        return f"the word '{word}' spans the cut"
    first = tokens(right[:WINDOW])
    if first and first[0][0] in PARTICLES:
        return f"the second piece starts with the particle '{first[0][0]}'"
    return None


def word_across(left: str, right: str) -> str | None:
    """A dictionary word that the cut splits, where at least one half is not a word by itself.

    "产 / 业" and "市场 / 化" are cut words; "回顾 / 过去" is two words that merely sit
    together, as a heading ("……工作回顾") and the paragraph after it ("过去五年……") do.
    """
    head, tail = left[-WINDOW:], right[:WINDOW]
    cut = len(head)
    for word, start, end in tokens(head + tail):
        if start < cut < end:
            return word if min(cut - start, end - cut) == 1 else None
    return None


def is_heading_like(text: str) -> bool:
    """Short, with no sentence-final mark: a title, a heading, or a piece of a cut line."""
    limit = NUMBERED_HEADING_MAX if starts_section(text) else HEADING_MAX
    return (
        visible_length(text) <= limit
        and not has_prose_marks(text)
        and not ends_sentence(text)
        and text[-1] not in OPENERS_AND_PAUSES
        and not is_byline(text)
    )


def starts_new_block(text: str) -> bool:
    return (
        is_dateline(text)
        or is_date_opening(text)
        or starts_section(text)
        or text.startswith("——")
        or bool(SALUTATION.match(text))
        or is_byline(text)
        or is_speaker_line(text)
    )


def joins(left: str, right: str, sentence_ahead: bool | None = None) -> bool:
    """Does `right` continue the sentence `left` was cut in?

    `sentence_ahead`: whether a sentence ends in `right` or in the lines just after it
    (by default: in `right`), which tells prose cut into lines from a list of items.
    """
    if _is_cut_subtitle(left, right):
        return True
    if ends_sentence(left) or starts_new_block(right) or is_byline(left):
        return False
    if is_speaker_line(left):
        return False
    if boundary_evidence(left, right) is not None or has_prose_marks(left):
        return True
    # A line of prose without a full stop, followed by prose: one paragraph.
    # (Infographic items have no full stops at all, so they stay apart.)
    if sentence_ahead is None:
        sentence_ahead = has_prose_marks(right) or ends_sentence(right)
    return _runs_on(left) and sentence_ahead


def repair_paragraphs(blocks: list[Block]) -> list[Block]:
    """Join cut TEXT blocks into paragraphs; captions and dropped blocks found inside a
    sentence move after the paragraph they interrupted."""
    widths = _column_widths(blocks)
    ahead = _sentence_ahead(blocks)
    out: list[Block] = []
    current: Block | None = None  # the paragraph being built
    held: list[Block] = []  # captions and dropped blocks met inside it
    finished: list[Block] = []  # paragraphs done so far, for the orphan-line rule
    for index, block in enumerate(blocks):
        if block.role in (CAPTION, DROPPED) and current:
            held.append(block)
            continue
        if (
            block.role == TEXT
            and current
            and (
                joins(current.text, block.text, ahead[index])
                or _continues_orphan(current, block, finished, widths)
            )
        ):
            current = replace(current, text=join_pieces(current.text, block.text))
            continue
        if current:
            out.append(current)
            finished.append(current)
            out.extend(held)
            current, held = None, []
        if block.role == TEXT:
            current = block
        else:
            out.append(block)
    if current:
        out.append(current)
        out.extend(held)
    return out


def _sentence_ahead(blocks: list[Block]) -> list[bool]:
    """For each block: does a sentence end in it or in the next few lines of text, before
    anything that starts a new block? (Always False for blocks that are not TEXT.)"""
    texts = [i for i, block in enumerate(blocks) if block.role == TEXT]
    result = [False] * len(blocks)
    for k, i in enumerate(texts):
        for j in texts[k : k + LOOKAHEAD]:
            text = blocks[j].text
            if j != i and starts_new_block(text):
                break
            if has_prose_marks(text) or ends_sentence(text):
                result[i] = True
                break
    return result


def _runs_on(text: str) -> bool:
    """Too long for a heading, or a clause list ("会议强调，要……") that is not numbered."""
    return not is_heading_like(text) or ("，" in text and not starts_section(text))


def _is_cut_subtitle(left: str, right: str) -> bool:
    """ "——2021年1月13日在临淄区第十八届 / 人民代表大会第五次会议上": a report's dateline
    subtitle runs until the "上" of "会议上"."""
    return (
        left.startswith("——")
        and not ends_sentence(left)
        and not left.endswith("上")
        and is_heading_like(right)
        and right.endswith("上")
    )


def _column_widths(blocks: list[Block]) -> set[int]:
    """Lengths of short pieces cut by a word: in a narrow column beside a picture every
    first line has the same width, so a heading-like line of that width was cut too."""
    texts = [block.text for block in blocks if block.role == TEXT]
    widths: set[int] = set()
    for left, right in zip(texts, texts[1:], strict=False):
        short = visible_length(left) <= SHORT_PIECE and not has_prose_marks(left)
        if short and not ends_sentence(left) and word_across(left, right):
            widths.add(visible_length(left))
    return widths


def _continues_orphan(
    current: Block, block: Block, finished: list[Block], widths: set[int]
) -> bool:
    """ "推广全领域政务服务事项“无感智办”" (heading) / "着力在打造全省最优营商" / "环境上……":
    a heading-like line right after a heading is, if it has the width of the column's other
    cut lines and running prose follows, the cut first line of that prose."""
    if len(finished) < 2 or not is_heading_like(finished[-1].text):
        return False
    if not ends_sentence(finished[-2].text):
        return False
    text = current.text
    return (
        is_heading_like(text)
        and not starts_new_block(text)
        and visible_length(text) in widths
        and has_prose_marks(block.text)
        and not starts_new_block(block.text)
    )
