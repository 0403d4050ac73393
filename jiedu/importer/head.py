"""The head of a work report: the lines above its salutation, read into fields.

Every 政府工作报告 opens with the same few lines, in varying order and split or joined
differently: a title (政府工作报告, 2026年XX省政府工作报告, 政 府 工 作 报 告, split 政府工作报
/ 告), a dateline (——2026年1月27日在XX省第十四届人民代表大会第四次会议上, in parentheses,
after any dash or none, dates in Chinese numerals too), a speaker line (XX省人民政府省长 某某,
国务院总理 某某, 代区长 某某, the name sometimes on a line of its own), and the salutation
各位代表：. Each kind of line is one small recogniser here.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from jiedu.importer.chars import has_prose_marks, visible_length
from jiedu.importer.patterns import CN_NUM
from jiedu.importer.patterns import is_dateline as is_news_dateline

DASHES = "—―-－–~～"
# 人民代表大会 ... 会议 (上): the session a report was delivered at.
SESSION = re.compile(
    rf"(?P<meeting>(?P<place>(?:(?![在于日年月])[\u4e00-\u9fff]){{0,20}}?)"
    rf"(?P<session>(?:第[{CN_NUM}\d]+届|[{CN_NUM}]+届)(?:全国)?(?:人民代表大会|人大)(?:常务委员会)?"
    rf"(?:第[{CN_NUM}\d]+次|[{CN_NUM}]+次)(?:全体)?会议?))"
)
ARABIC_DATE = re.compile(
    r"(?P<year>(?:19|20)\d\d) ?年 ?(?P<month>\d{1,2}) ?月 ?(?P<day>\d{1,2}) ?日"
)
CHINESE_DATE = re.compile(
    r"(?P<year>[一二三四五六七八九〇零○Ｏ0]{4})年(?P<month>[一二三四五六七八九十]{1,3})月"
    r"(?P<day>[一二三四五六七八九十]{1,3})日"
)
DIGIT_OF = {
    **{c: i for i, c in enumerate("〇一二三四五六七八九")},
    "零": 0,
    "○": 0,
    "Ｏ": 0,
    "0": 0,
}
OFFICE = r"(?:代理|代)?(?:总理|省长|市长|区长|县长|州长|旗长|盟长|主席|镇长|乡长)"
NAME = r"[\u4e00-\u9fff](?: ?[\u4e00-\u9fff]){1,3}"
SPEAKER = re.compile(rf"^(?P<office>[\u4e00-\u9fff]{{0,24}}?{OFFICE}) ?(?P<name>{NAME})$")
OFFICE_ONLY = re.compile(rf"^[\u4e00-\u9fff]{{0,24}}?{OFFICE}$")
NAME_ONLY = re.compile(rf"^{NAME}$")
# "（2011年1月12日 陈全国）": a dateline that names the speaker after the date.
DATED_NAME = re.compile(rf"^[（(]?(?:\d{{4}}年\d{{1,2}}月\d{{1,2}}日) (?P<name>{NAME})[）)]?$")
# The government's own name before its office: 保定市满城区人民政府 / 国务院 / 高唐县.
GOVERNMENT = re.compile(r"^(?P<place>[\u4e00-\u9fff]*?)(?:人民政府|政府)?$")
TITLE_END = re.compile(r"报告(?:[（(][\u4e00-\u9fff]{1,8}[）)])?$")
COMPLETE_TITLE = re.compile(r"^(?:关于|\d{4}年|[\u4e00-\u9fff]{0,12}?政府工作报告)")
VERSION_NOTE = re.compile(r"^[（(][\u4e00-\u9fff]{2,10}稿[）)]$")  # （政治协商稿）
SALUTATION = re.compile(r"^(?:各位代表|各位委员|同志们)")
TITLE_PIECE_MAX = 30
TITLE_MAX = 60
HEAD_LINE_MAX = 80


@dataclass(frozen=True)
class Head:
    title: str | None = None
    subtitles: tuple[str, ...] = ()  # the dateline and version notes, as printed
    date: str | None = None  # ISO, only from the head's own dateline
    meeting: str | None = None
    speaker: str | None = None
    speaker_title: str | None = None
    government: str | None = None  # the place on the speaker line: 保定市满城区, 国务院


def compact(text: str) -> str:
    """Spaces removed: 政 府 工 作 报 告 -> 政府工作报告."""
    return re.sub(r"\s+", "", text)


def is_title_end(text: str) -> bool:
    words = compact(text)
    return (
        bool(TITLE_END.search(words))
        and visible_length(words) <= TITLE_MAX
        and not has_prose_marks(text)
    )


def is_complete_title(text: str) -> bool:
    """A title that stands on its own (政府工作报告, 2026年XX省政府工作报告, 关于……的报告), which
    a line above it must not be joined to; a cut one (展……纲要的报告, 告) gets its pieces."""
    words = compact(text)
    return is_title_end(words) and bool(COMPLETE_TITLE.match(words))


def is_title_piece(text: str) -> bool:
    """A piece of a title that was cut over lines (关于河北省国民 / 经济和社会发 / 展……的报告)."""
    return (
        visible_length(text) <= TITLE_PIECE_MAX
        and not has_prose_marks(text)
        and not is_dateline(text)
        and not is_news_dateline(text)
        and not is_speaker(text)
        and not SALUTATION.match(text)
        and not re.search(r"[：:，,]$", text)
    )


def is_dateline(text: str) -> bool:
    """——2021年1月13日在……会议上, （2017年2月26日）, 2003年4月7日, ——在……会议上."""
    body = text.strip().lstrip(DASHES).strip()
    if visible_length(body) > HEAD_LINE_MAX or has_prose_marks(body):
        return False
    body = re.sub(r"^[（(]|[）)]$", "", body).strip()
    rest = ARABIC_DATE.sub("", CHINESE_DATE.sub("", body), count=1)
    if rest != body and not rest.strip(" 在于"):
        return True  # a date alone
    return bool(SESSION.search(body)) and not re.search(r"[。；]", body)


def starts_dateline(text: str) -> bool:
    """The first piece of a dateline cut over lines (——2021年1月13日在临淄区第十八届)."""
    body = text.strip().lstrip(DASHES).lstrip("（(").strip()
    return (
        text.strip()[:1] in DASHES + "（("
        and bool(ARABIC_DATE.match(body) or CHINESE_DATE.match(body) or body.startswith("在"))
        and not has_prose_marks(body)
        and visible_length(body) <= HEAD_LINE_MAX
    )


def is_speaker(text: str) -> bool:
    return bool(SPEAKER.match(text)) or bool(OFFICE_ONLY.match(text))


def is_name(text: str) -> bool:
    return bool(NAME_ONLY.match(text))


def split_glued_title(text: str) -> tuple[str, str] | None:
    """ "政 府 工 作 报 告——2022年1月27日在……会议上": the title and the dateline glued."""
    match = re.search(rf"[{re.escape(DASHES)}]{{1,2}}", text)
    if not match or match.start() == 0:
        return None
    title, dateline = text[: match.start()].strip(), text[match.start() :].strip()
    if is_title_end(title) and is_dateline(dateline):
        return title, dateline
    return None


def read_head(lines: list[str]) -> Head:
    """The fields of a head, from its lines in page order (already found by the frame)."""
    title_pieces: list[str] = []
    subtitles: list[str] = []
    speaker_line = ""
    for line in lines:
        glued = split_glued_title(line)
        if glued:
            title_pieces.append(glued[0])
            subtitles.append(glued[1])
        elif is_speaker(line) or (
            speaker_line and is_name(line) and OFFICE_ONLY.match(speaker_line)
        ):
            speaker_line = f"{speaker_line} {line}".strip()
        elif is_dateline(line) or starts_dateline(line) or VERSION_NOTE.match(line):
            subtitles.append(line)
        elif subtitles and not speaker_line and not is_title_end(line):
            subtitles[-1] += line  # the rest of a dateline cut over lines
        elif not subtitles and not speaker_line:
            title_pieces.append(line)
    title = compact("".join(title_pieces)) or None
    dateline = " ".join(subtitles)
    office, name, government = _speaker(speaker_line)
    dated = next((m for m in map(DATED_NAME.match, subtitles) if m), None)
    if name is None and dated:
        name = compact(dated["name"])
    return Head(
        title=title,
        subtitles=tuple(subtitles),
        date=date_in(dateline),
        meeting=meeting_in(dateline),
        speaker=name,
        speaker_title=office,
        government=government,
    )


def _speaker(line: str) -> tuple[str | None, str | None, str | None]:
    """ "保定市满城区人民政府区长 程 杰" -> ("保定市满城区人民政府区长", "程杰", "保定市满城区"):
    the office as printed, the name, and the government the office is of."""
    match = SPEAKER.match(line)
    if not match:
        return None, None, None
    office = match["office"]
    found = re.search(OFFICE + "$", office)
    place = GOVERNMENT.match(office[: found.start()] if found else "")
    government = place["place"] if place and place["place"] else None
    return office, compact(match["name"]), government


def meeting_in(text: str) -> str | None:
    match = SESSION.search(text)
    if not match:
        return None
    meeting = match["meeting"].lstrip("在于")
    return meeting if meeting.endswith("议") else meeting + "议"


def date_in(text: str) -> str | None:
    """The first full date in the text as YYYY-MM-DD, Arabic or Chinese numerals; None if none."""
    match = ARABIC_DATE.search(text)
    if match:
        year, month, day = int(match["year"]), int(match["month"]), int(match["day"])
    else:
        match = CHINESE_DATE.search(text)
        if not match:
            return None
        year = int("".join(str(DIGIT_OF[c]) for c in match["year"]))
        month, day = _chinese_number(match["month"]), _chinese_number(match["day"])
    try:
        return dt.date(year, month, day).isoformat()
    except ValueError:
        return None


def _chinese_number(text: str) -> int:
    """一 .. 三十一: the numbers months and days are written with."""
    if "十" not in text:
        return DIGIT_OF.get(text, 0)
    tens, _, ones = text.partition("十")
    return (DIGIT_OF.get(tens, 0) if tens else 1) * 10 + (DIGIT_OF.get(ones, 0) if ones else 0)
