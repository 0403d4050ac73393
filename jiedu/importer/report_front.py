"""Front matter of a work report found by its frame: read from its head, else from what
the text proves of itself, else left empty for the editor (never guessed).

Title: the head's title line; else the title a crawler or page recorded for it (标题：……);
else, since a text addressed to 各位代表 that reports to the congress is one, 政府工作报告.
Date: only the head's dateline (a page's publication date is not the report's date).
Region: the government on the speaker line, the congress in the dateline, the government
the speaker acts for (我代表XX人民政府 / 我代表国务院), or the title; where the text names
only the level (我代表区人民政府), the division of that level it names most.
"""

from __future__ import annotations

import re

from jiedu.importer import places
from jiedu.importer.articles import Part
from jiedu.importer.blocks import DROPPED, TEXT
from jiedu.importer.head import compact, is_title_end

WORK_REPORT = "政府工作报告"
CRAWLER_TITLE = re.compile(r"^(?:标题|题目|文章标题)\s*[：:]\s*(?P<title>.+)$")
SOURCE = re.compile(r"(?:来源|信息来源|文章来源|稿源)\s*[：:]\s*(?P<source>[^\s：:]{2,30})")
SOURCE_NOT = re.compile(r"^(?:https?|www|未知|本站|原创)")
DASH_RUN = re.compile(r"[—―\-－–]{1,2}")


def describe_report(part: Part, seed_name: str) -> dict:
    head = part.head
    texts = [block.text for block in part.body if block.role == TEXT]
    dropped = [block.text for block in part.body if block.role == DROPPED]
    body_text = "\n".join(texts)
    meeting = head.meeting
    region = _region(head.government, meeting, texts, part.title, dropped, body_text)
    return {
        "title": part.title or _page_title(dropped) or WORK_REPORT,
        "subtitle": " ".join(part.subtitles) or None,
        "date": head.date,
        "region": region,
        "speaker": head.speaker,
        "speaker_title": head.speaker_title,
        "meeting": meeting,
        "source": _source(dropped),
        "kind": "report",
        "seed": seed_name,
        "dropped": dropped or None,
    }


def _region(government, meeting, texts, title, dropped, body_text) -> str | None:
    context = body_text[:3000]
    place, level = places.on_behalf(texts)
    for written in (government, _meeting_place(meeting), place):
        found = places.division(written, context)
        if found:
            return places.region_name(found, written)
    for text in (title, _page_title(dropped)):
        found = places.first_named(text or "")
        if found:
            return places.region_name(found)
    level = level or places.level_spoken(body_text)
    return places.region_name(places.most_named(body_text, level))


def _meeting_place(meeting: str | None) -> str | None:
    """ "保定市满城区第二届人民代表大会第四次会议" -> 保定市满城区; 全国 for the NPC."""
    if not meeting:
        return None
    if "全国人民代表大会" in meeting:
        return places.NATIONAL
    match = re.match(r"^(?P<place>[\u4e00-\u9fff]*?)第?[一二三四五六七八九十\d]+届", meeting)
    return match["place"] if match and match["place"] else None


def _page_title(dropped: list[str]) -> str | None:
    """The report's title as a crawler or the page recorded it (标题：……), without a dateline
    glued to it; only when it names a work report."""
    for block in dropped:
        for piece in block.split(" / "):
            match = CRAWLER_TITLE.match(piece)
            if not match:
                continue
            title = DASH_RUN.split(match["title"], maxsplit=1)[0].strip()
            if is_title_end(title):
                return compact(title)
    return None


def _source(dropped: list[str]) -> str | None:
    for block in dropped:
        for piece in block.split(" / "):
            match = SOURCE.search(piece)
            if match and not SOURCE_NOT.match(match["source"]):
                return match["source"]
    return None
