"""One seed -> its documents: a report, news articles, and blocks that belong to neither
(an infographic box such as "数字看淄博高新区2021年这一年").

A report announces itself by a title holding 报告 followed by its dateline subtitle
("——2021年1月13日在……会议上"), its speaker or the salutation "各位代表：". A news article
is a lede that starts with a dateline ("淄博1月27日讯", or "1月25日，" when no article is
open), the title lines just above it, and the text down to its byline. What lies after the
page's last byline and holds no sentence at all is page furniture (poster lines) and is
dropped; anything else left over becomes a document of its own, so nothing is lost.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from jiedu.importer.blocks import CAPTION, DROPPED, HEAD, TEXT, Block
from jiedu.importer.captions import picture_gap_of
from jiedu.importer.chars import OPENERS_AND_PAUSES, has_prose_marks, visible_length
from jiedu.importer.head import Head, read_head
from jiedu.importer.paragraphs import is_heading_like
from jiedu.importer.patterns import (
    SALUTATION,
    is_byline,
    is_date_opening,
    is_dateline,
    is_speaker_line,
    starts_section,
)

REPORT = "report"
ARTICLE = "article"
BLOCK = "block"
TITLE_LINES_MAX = 3  # kicker, title, subtitle
TITLE_MAX = 60
REPORT_OPENING = 5  # the salutation comes within this many lines of a report's title


@dataclass(frozen=True)
class Part:
    """The blocks of one document, with its title lines already taken out of the body."""

    kind: str  # REPORT, ARTICLE or BLOCK
    title: str | None
    subtitles: tuple[str, ...]
    speaker_line: str | None  # "代理区长 宋磊" under a report's title
    body: tuple[Block, ...]
    byline: str | None
    head: Head | None = None  # a work report framed by jiedu.importer.frame


def split_documents(blocks: list[Block]) -> list[Part]:
    blocks = list(blocks)
    if _starts_report(blocks):
        end = _first_byline(blocks, 0)
        stop = end + 1 if end is not None else len(blocks)
        return _split_news(blocks[stop:], [_report(blocks[:stop])])
    return _split_news(blocks, [])


def _starts_report(blocks: list[Block]) -> bool:
    texts = [block.text for block in blocks if block.role == TEXT][: REPORT_OPENING + 1]
    if not texts or "报告" not in texts[0] or not is_heading_like(texts[0]):
        return False
    return any(
        text.startswith("——") or is_speaker_line(text) or SALUTATION.match(text)
        for text in texts[1:]
    )


def _report(blocks: list[Block]) -> Part:
    title, subtitles, speaker = None, [], None
    i = 0
    while i < len(blocks):
        block = blocks[i]
        if block.role != TEXT:
            if block.role == DROPPED:
                i += 1
                continue
            break
        text = block.text
        if title is None and is_heading_like(text):
            title = text
        elif speaker is None and is_speaker_line(text):
            speaker = text
        elif text.startswith("——") or (speaker is None and _title_line(text)):
            subtitles.append(text)
        else:
            break
        i += 1
    body = [block for block in blocks[:i] if block.role == DROPPED] + blocks[i:]
    byline = None
    if body and body[-1].role == TEXT and is_byline(body[-1].text):
        byline = body.pop().text
    return Part(REPORT, title, tuple(subtitles), speaker, tuple(body), byline)


def framed_report(blocks: list[Block]) -> Part:
    """A work report found by its frame: one document, the head read into its fields."""
    head = read_head([block.text for block in blocks if block.role == HEAD])
    body = tuple(block for block in blocks if block.role != HEAD)
    return Part(REPORT, head.title, head.subtitles, None, body, None, head)


def is_title_like(text: str) -> bool:
    """A news title: like a heading, but it may be longer and end with ！ or ？."""
    return (
        visible_length(text) <= TITLE_MAX
        and not any(mark in text for mark in "。；;")
        and text[-1] not in OPENERS_AND_PAUSES + "：:"
        and not is_byline(text)
        and not is_dateline(text)
    )


def _title_line(text: str) -> bool:
    """A further line of a report's title block (not its first section or salutation)."""
    return is_heading_like(text) and not SALUTATION.match(text) and not starts_section(text)


def _split_news(blocks: list[Block], earlier: list[Part]) -> list[Part]:
    """Articles found by their ledes, and what lies between them, in page order."""
    ledes = _ledes(blocks)
    starts = [_header_start(blocks, lede) for lede in ledes]
    picture_gap = picture_gap_of(blocks)
    segments: list[Part | list[Block]] = []
    position = 0
    for k, (start, lede) in enumerate(zip(starts, ledes, strict=True)):
        limit = starts[k + 1] if k + 1 < len(starts) else len(blocks)
        byline = _first_byline(blocks, lede, limit)
        end = byline + 1 if byline is not None else limit
        if start > position:
            segments.append(blocks[position:start])
        segments.append(_article(blocks[start:lede], blocks[lede:end], picture_gap))
        position = end
    if position < len(blocks):
        segments.append(blocks[position:])
    return _assemble(segments, earlier)


def _assemble(segments: list[Part | list[Block]], earlier: list[Part]) -> list[Part]:
    """Keep leftover text as a document of its own, except page furniture: lines after a
    byline without a single sentence (poster slogans), which are dropped. Dropped blocks
    go with the document before them (or, at the top of the page, the one after)."""
    result: list[Part] = list(earlier)
    waiting: list[Block] = []
    for segment in segments:
        if isinstance(segment, Part):
            result.append(_with_body(segment, tuple(waiting) + segment.body))
            waiting = []
            continue
        texts = [block for block in segment if block.role == TEXT]
        after_byline = bool(result) and result[-1].byline is not None
        furniture = after_byline and not any(has_prose_marks(block.text) for block in texts)
        if texts and not furniture:
            result.append(_block_part(waiting + segment))
            waiting = []
            continue
        dropped = tuple(
            block.as_role(DROPPED) if block.role == TEXT else block for block in segment
        )
        if result:
            result[-1] = _with_body(result[-1], result[-1].body + dropped)
        else:
            waiting.extend(dropped)
    return result


def _ledes(blocks: list[Block]) -> list[int]:
    ledes, open_article = [], False
    for i, block in enumerate(blocks):
        if block.role != TEXT:
            continue
        if is_byline(block.text):
            open_article = False
        elif is_dateline(block.text) or (is_date_opening(block.text) and not open_article):
            ledes.append(i)
            open_article = True
    return ledes


def _header_start(blocks: list[Block], lede: int) -> int:
    """The title lines (and captions among them) just above a lede."""
    start, lines = lede, 0
    for i in range(lede - 1, -1, -1):
        block = blocks[i]
        if block.role == CAPTION:
            start = i
            continue
        if block.role == DROPPED and lines:
            continue  # page chrome (a date, a counter) between a title and its first heading
        if block.role != TEXT or not is_title_like(block.text) or lines == TITLE_LINES_MAX:
            break
        if is_dateline(block.text) or is_date_opening(block.text):
            break
        start, lines = i, lines + 1
    return start


def _first_byline(blocks: list[Block], start: int, limit: int | None = None) -> int | None:
    for i in range(start, len(blocks) if limit is None else limit):
        if blocks[i].role == TEXT and is_byline(blocks[i].text):
            return i
    return None


def _article(header: list[Block], body: list[Block], picture_gap: int) -> Part:
    """Title lines first; one that follows a picture after the title is the picture's caption,
    and title-like lines below page chrome under the title are the body's first heading."""
    titles: list[str] = []
    moved: list[Block] = []
    chrome = [i for i, block in enumerate(header) if block.role == DROPPED]
    if chrome and any(block.role == TEXT for block in header[: chrome[-1]]):
        body = list(header[chrome[-1] + 1 :]) + list(body)
        header = header[: chrome[-1] + 1]
    for block in header:
        if block.role == TEXT and titles and block.gap >= picture_gap:
            moved.append(block.as_role(CAPTION))
        elif block.role == TEXT:
            titles.append(block.text)
        else:
            moved.append(block)
    body = moved + body
    byline = None
    if body and body[-1].role == TEXT and is_byline(body[-1].text):
        byline = body.pop().text
    title = titles[0] if titles else None
    return Part(ARTICLE, title, tuple(titles[1:]), None, tuple(body), byline)


def _block_part(blocks: list[Block]) -> Part:
    texts = [block for block in blocks if block.role == TEXT]
    first = texts[0]
    title = first.text if is_title_like(first.text) else None
    body = tuple(block for block in blocks if not (title and block is first))
    return Part(BLOCK, title, (), None, body, None)


def _with_body(part: Part, body: tuple[Block, ...]) -> Part:
    return replace(part, body=body)
