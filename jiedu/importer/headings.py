"""Which paragraphs are headings, and at what level.

Reports number their sections 一、 （一） 1. （1）; those set the level. An unnumbered
heading-like line (“十三五”时期工作回顾, or a news article's "聚焦大数据产业 打造……") is a
top-level section. The document's title is in the front matter, so sections start at ##.
"""

from __future__ import annotations

import re

from jiedu.importer.paragraphs import is_heading_like
from jiedu.importer.patterns import CN_NUM, is_byline, is_dateline, is_speaker_line

LEVELS = (
    (re.compile(rf"^[{CN_NUM}]+、"), 2),
    (re.compile(rf"^第[{CN_NUM}\d]+(?:部分|章|篇)"), 2),
    (re.compile(rf"^[（(][{CN_NUM}]+[）)]"), 3),
    (re.compile(r"^\d{1,2}[.．、](?!\d)"), 4),
    (re.compile(r"^[（(]\d{1,2}[）)]"), 5),
)
TOP = 2


def heading_level(text: str) -> int | None:
    """2-5 for a heading, None for a paragraph."""
    if not is_heading_like(text) or is_dateline(text) or is_byline(text):
        return None
    if is_speaker_line(text):
        return None
    for pattern, level in LEVELS:
        if pattern.match(text):
            return level
    return TOP
