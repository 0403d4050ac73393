"""Which government a text is about, read from what it says of itself.

Places are looked up in the administrative-division dataset of jiedu.regions, so a common
noun (城市, 湾区, 全区) is never a region, and one government is one region however it is
written (保定市满城区 / 满城区, 宁夏 / 宁夏回族自治区, 国务院 / 全国).
"""

from __future__ import annotations

import re
from collections import Counter

from jiedu import regions

NATIONAL = "全国"
# 我代表安国市人民政府 / 我代表国务院 / 我代表区人民政府: who delivers the report.
ON_BEHALF = re.compile(
    r"我代表(?P<place>[\u4e00-\u9fff]{0,20}?)(?P<level>省|市|区|县|州|旗|自治区)?(?:人民政府|政府)"
    r"|我代表(?P<state>国务院)"
)
# The level a report's government speaks at (我代表区人民政府, 县政府) -> division levels.
LEVELS = {"省": (1,), "自治区": (1,), "市": (2, 3), "州": (2,), "区": (3,), "县": (3,), "旗": (3,)}
SUFFIXES = ("省", "自治区", "市", "区", "县", "旗", "州", "盟")
DOMINANT = 2  # the most named division must be named this many times as often as the next
NAMED_MIN = 2
SPOKEN = re.compile(r"(?:全|我|本)(省|市|区|县|旗)")


def division(place: str | None, context: str = "") -> regions.Division | None:
    if not place:
        return None
    if place in ("国务院", "全国", "中华人民共和国", "中国"):
        return regions.resolve(NATIONAL)
    return regions.resolve(place, context)


def region_name(found: regions.Division | None, written: str | None = None) -> str | None:
    """The name for the front matter: as the text writes the government (清苑县, the name
    it had then), without the parents it is prefixed with (保定市满城区 -> 满城区), where that
    still names it alone; else the dataset's own name for it (宁夏 -> 宁夏回族自治区)."""
    if not found:
        return None
    name = written or ""
    for parent in found.parents:
        name = name.removeprefix(parent.name)
    if name.endswith(SUFFIXES) and regions.resolve(name) == found:
        return name
    return regions.front_matter_name(found)


def on_behalf(texts: list[str]) -> tuple[str | None, str | None]:
    """(place, level) of "我代表XX人民政府" (the opening's first, else any); 全国 for 国务院."""
    for text in texts[:3] + texts[3:]:
        match = ON_BEHALF.search(text)
        if not match:
            continue
        if match["state"]:
            return NATIONAL, None
        place = (match["place"] or "") + (match["level"] or "")
        return (place if match["place"] else None), match["level"]
    return None, None


def level_spoken(text: str) -> str | None:
    """The level the text speaks from, by how it names its own whole (全区, 我县, 全省)."""
    counts = Counter(match[1] for match in SPOKEN.finditer(text))
    ranked = counts.most_common(2)
    if not ranked or (len(ranked) > 1 and ranked[0][1] < DOMINANT * ranked[1][1]):
        return None
    return ranked[0][0]


def most_named(text: str, level: str | None = None) -> regions.Division | None:
    """The division the text is plainly about: named most often, at the level its government
    speaks at if known, and at least twice as often as any other. A district that a report
    only ever calls by its stem (盐田, never 盐田区) is found among the children of the
    prefecture it names most."""
    levels = LEVELS.get(level or "", (1, 2, 3))
    named = [place for _, _, place in regions.mentions(text) if place.level in levels]
    best = _dominant(named)
    if best or level not in ("区", "县", "旗"):
        return best
    city = _dominant([place for _, _, place in regions.mentions(text) if place.level == 2])
    if city is None:
        return None
    stems = [child for child in regions.children(city.code) for _ in range(text.count(child.stem))]
    return _dominant([child for child in stems if len(child.stem) >= 2])


def _dominant(places: list[regions.Division]) -> regions.Division | None:
    counts = Counter(place.code for place in places)
    ranked = counts.most_common(2)
    if not ranked or ranked[0][1] < NAMED_MIN:
        return None
    if len(ranked) > 1 and ranked[0][1] < DOMINANT * ranked[1][1]:
        return None
    return next(place for place in places if place.code == ranked[0][0])


def first_named(text: str) -> regions.Division | None:
    """The first division a short text (a title, a meeting) names, the most specific one
    where several follow each other (保定市满城区 -> 满城区)."""
    mentions = regions.mentions(text)
    if not mentions:
        return None
    _start, _end, place = max(mentions[:2], key=lambda mention: mention[2].level)
    return place
