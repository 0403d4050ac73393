"""Front matter for one document: date, region, speaker, meeting, byline, kind, slug."""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter

from jiedu.importer.articles import ARTICLE, BLOCK, REPORT, Part
from jiedu.importer.blocks import DROPPED, TEXT
from jiedu.importer.head import SESSION
from jiedu.importer.patterns import (
    DATE_OPENING,
    DATELINE,
    OFFICE,
    SPEAKER_LINE,
)
from jiedu.importer.report_front import describe_report
from jiedu.importer.words import tagged

FIELD_ORDER = (
    "title", "subtitle", "date", "region", "speaker", "speaker_title", "meeting", "source",
    "byline", "kind", "seed", "summary", "dropped",
)  # fmt: skip
FULL_DATE = re.compile(r"(?P<year>\d{4})年(?P<month>\d{1,2})月(?P<day>\d{1,2})日")
# Years the text looks back on or lives in; "到2025年" is a target and says nothing of when.
YEAR = re.compile(r"(?<![到至迄\d])(?P<year>(?:19|20)\d\d)(?:年(?!远景|前|以前|左右)|-\d\d-\d\d)")
# "发布时间：2022-01-20", "添加时间 2026/2/12": the date the page itself was published.
PUBLISHED = re.compile(
    r"^(?:发布时间|发布日期|发表时间|添加时间|更新时间|时间|日期) ?[：:]? ?"
    r"(?P<year>(?:19|20)\d\d)[-/.年]"
)
CONFERENCE = re.compile(r"召开(?P<name>(?:\d{4}年)?[\u4e00-\u9fff]{0,10}?工作会议)")
GOVERNMENT_OFFICE = re.compile(rf"人民政府(?:代理)?{OFFICE}")
SPEAKER_IN_TEXT = re.compile(r"(?P<title>(?:代理)?(?:省长|市长|区长|县长|州长|旗长|盟长))")
REPORT_TOPIC = re.compile(r"政府工作报告|工作报告|工作会议|人民代表大会")
SOURCE = re.compile(r"来源：\s*(?P<source>[^\s：]{2,30})")
ADMIN_SUFFIX = ("省", "市", "区", "县", "州", "旗", "盟")
# Words that end a place name but are no place on their own ("淄博" + "高新区").
GENERIC_PLACES = frozenset(
    ("高新区", "新区", "开发区", "经开区", "经济开发区", "自治区", "区", "县", "市", "省", "州",
     "旗", "盟", "城区", "主城区", "园区", "辖区", "景区", "片区", "社区", "老城区", "市区",
     "全市", "全区", "全县", "全省", "各区", "各县")
)  # fmt: skip
PLACE_WINDOW = 14
# A document printed without a title: never a title made of its body's first words; the
# editor is told to write one (content files need a title to build).
UNTITLED = "无标题"
NAME_WINDOW = 6


def seed_year(lines: list[str]) -> int | None:
    """The year a news dateline's month and day fall in: the year the page says it was
    published, else the latest year it speaks of (not a target year: 2035年远景目标)."""
    for line in lines:
        match = PUBLISHED.match(line)
        if match:
            return int(match["year"])
    years = [int(match["year"]) for match in YEAR.finditer("\n".join(lines))]
    return max(years) if years else None


def describe(part: Part, seed_name: str, year: int | None) -> dict:
    """The document's front matter, in FIELD_ORDER, without empty fields."""
    if part.head is not None:
        fields = describe_report(part, seed_name)
        return {key: fields[key] for key in FIELD_ORDER if fields.get(key)}
    texts = [block.text for block in part.body if block.role == TEXT]
    lede = _lede(part, texts)
    opening = " ".join([part.title or "", *part.subtitles, lede or ""])
    speaker_title, speaker = _speaker(part, texts)
    meeting, region = _meeting_and_region(opening, texts)
    fields = {
        "title": part.title or UNTITLED,
        "subtitle": " ".join(part.subtitles) or None,
        "date": _date(part, lede, year),
        "region": region or _region_from_government(texts) or _most_named_place(part, texts),
        "speaker": speaker,
        "speaker_title": speaker_title,
        "meeting": meeting,
        "source": _source(part),
        "byline": part.byline,
        "kind": _kind(part, opening),
        "seed": seed_name,
        "dropped": [block.text for block in part.body if block.role == DROPPED] or None,
    }
    return {key: fields[key] for key in FIELD_ORDER if fields.get(key)}


def slug_for(front_matter: dict) -> str:
    """ "2021-01-13-linziqu-report": date, the region in pinyin, and the kind; a document
    without a date ends with its seed's name instead, so two undated reports of one region
    do not share a name (shenzhenshi-report-shenzhen-city-2002)."""
    from pypinyin import lazy_pinyin

    place = front_matter.get("region") or front_matter.get("title", "")[:4]
    pinyin = re.sub(r"[^a-z0-9]", "", "".join(lazy_pinyin(place)).lower())
    parts = [front_matter.get("date"), pinyin or None, front_matter.get("kind", "report")]
    if not front_matter.get("date"):
        seed = str(front_matter.get("seed", "")).rsplit(".", 1)[0]
        parts.append(re.sub(r"[^a-z0-9]+", "-", "".join(lazy_pinyin(seed)).lower()).strip("-"))
    return "-".join(part for part in parts if part)


def _lede(part: Part, texts: list[str]) -> str | None:
    if part.kind != ARTICLE:
        return None
    return next((text for text in texts if DATELINE.match(text) or DATE_OPENING.match(text)), None)


def _date(part: Part, lede: str | None, year: int | None) -> str | None:
    if part.kind == REPORT:
        for text in part.subtitles:
            match = FULL_DATE.search(text)
            if match:
                return _iso(int(match["year"]), int(match["month"]), int(match["day"]))
        return None
    match = lede and (DATELINE.match(lede) or DATE_OPENING.match(lede))
    if not match:
        return None
    year = int(match["year"]) if match["year"] else year
    return _iso(year, int(match["month"]), int(match["day"])) if year else None


def _iso(year: int, month: int, day: int) -> str | None:
    try:
        return dt.date(year, month, day).isoformat()
    except ValueError:
        return None


def _kind(part: Part, opening: str) -> str:
    if part.kind == REPORT:
        return "report"
    if part.kind == BLOCK or REPORT_TOPIC.search(opening):
        return "summary"  # a digest of a work report: an infographic, a newspaper summary
    return "news"


def _speaker(part: Part, texts: list[str]) -> tuple[str | None, str | None]:
    if part.speaker_line:
        match = SPEAKER_LINE.match(part.speaker_line)
        return match["title"], match["name"]
    for text in texts[:3]:
        for sentence in re.split(r"(?<=[。！？])", text):
            if "报告" not in sentence:
                continue
            for match in SPEAKER_IN_TEXT.finditer(sentence):
                words = tagged(sentence[match.end() : match.end() + NAME_WINDOW])
                if words and words[0][1] == "nr" and 2 <= len(words[0][0]) <= 4:
                    return match["title"], words[0][0]
    return None, None


def _meeting_and_region(opening: str, texts: list[str]) -> tuple[str | None, str | None]:
    """ "临淄区第十八届人民代表大会第五次会议", or "淄博高新区2022年工作会议"."""
    for text in [opening, *texts[:3]]:
        match = SESSION.search(text)
        if match:
            session = match["session"].removesuffix("议") + "议"
            if "全国" in session:
                return session, "全国"
            place = place_before(text[: match.start("session")])
            return (place or "") + session, place
        match = CONFERENCE.search(text)
        if match:
            place = place_before(text[: match.start()])
            return (place or "") + match["name"], place
    return None, None


def _region_from_government(texts: list[str]) -> str | None:
    """ "张店区人民政府区长": the government the speaker heads."""
    for text in texts[:3]:
        match = GOVERNMENT_OFFICE.search(text)
        if match:
            place = place_before(text[: match.start()])
            if place:
                return place
    return None


def _most_named_place(part: Part, texts: list[str]) -> str | None:
    """The place named most often (the earliest named wins a tie)."""
    counts: Counter[str] = Counter()
    first_seen: dict[str, int] = {}
    for text in [part.title or "", *part.subtitles, *texts]:
        for place in places_in(text):
            counts[place] += 1
            first_seen.setdefault(place, len(first_seen))
    if not counts:
        return None
    return min(counts, key=lambda place: (-counts[place], first_seen[place]))


def place_before(text: str) -> str | None:
    """The place name that ends `text` ("……，在临淄区" -> 临淄区), as written."""
    from jiedu import regions

    tail = text[-PLACE_WINDOW:]
    found = regions.mentions(tail)
    if found and found[-1][1] == len(tail):
        return tail[found[-1][0] :]
    words = tagged(tail)
    zones = _places(words)
    if zones and zones[-1][1] == len(words) and is_known_place(zones[-1][0]):
        return zones[-1][0]
    return None


def places_in(text: str) -> list[str]:
    """Places the text names, in order: divisions of the dataset as written, and zones
    named after one (淄博高新区), which the dataset does not list."""
    from jiedu import regions

    named = [(start, text[start:end]) for start, end, _ in regions.mentions(text)]
    covered = {i for start, name in named for i in range(start, start + len(name))}
    zones = [
        (text.find(zone), zone)
        for zone, _ in _places(tagged(text))
        if is_known_place(zone) and text.find(zone) not in covered
    ]
    return [name for _, name in sorted(named + zones)]


def is_known_place(name: str) -> bool:
    """A division of the dataset, or a zone named after one (淄博 + 高新区); never a common
    noun that jieba tags as a place (城市, 湾区)."""
    from jiedu import regions

    return any(regions.resolve(name[:end]) for end in range(len(name), 1, -1))


def _places(words: list[tuple[str, str]]) -> list[tuple[str, int]]:
    """Place names with the index just after their last word: "淄博市", "淄博" + "高新区"."""
    found: list[tuple[str, int]] = []
    i = 0
    while i < len(words):
        start = i
        while i < len(words) and _place_word(words, i):
            i += 1
        name = "".join(word for word, _ in words[start:i])
        if i > start and name.endswith(ADMIN_SUFFIX) and name not in GENERIC_PLACES:
            found.append((name, i))
        if i == start:
            i += 1
    return found


def _place_word(words: list[tuple[str, str]], i: int) -> bool:
    word, flag = words[i]
    if word in GENERIC_PLACES:
        return i > 0 and words[i - 1][1] == "ns"  # a suffix word only after a place
    if flag == "ns":
        return True
    return flag == "nr" and word.endswith(ADMIN_SUFFIX) and len(word) >= 3


def _source(part: Part) -> str | None:
    for block in part.body:
        if block.role == DROPPED:
            match = SOURCE.search(block.text)
            if match:
                return match["source"]
    return None
