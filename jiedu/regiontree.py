"""Reports grouped by region, nested province → city → county, as the site shows them.

A report's `region` is read with jiedu.regions, so one government is one region however its
front matter writes it (保定市满城区 / 满城区, 宁夏 / 宁夏回族自治区, 国务院 / 全国) and each
region sits under its parents. A region not in the division table (淄博高新区, 雄安新区) is
a region of its own name, placed under the division its name begins with (淄博市), if any.

Order among siblings: 全国 first, then divisions in code order (the official order: 河北省
before 山东省, a city's districts before its counties), then other regions in pinyin order,
then 其他 (reports without a region).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cached_property, lru_cache

from pypinyin import lazy_pinyin

from jiedu import regions

_NOT_IN_SLUG = re.compile(r"[^a-z0-9]+")
OTHER_NAME = "其他"  # reports whose front matter names no region


@dataclass(frozen=True)
class Place:
    """One region of the site, before any report is placed in it."""

    key: str  # a division's code, "~" + the name of a region not in the table, "" for 其他
    name: str  # the division's official name, else the name as written
    slug_name: str  # what its URL slug is spelled from: a name that is unique
    parent: str | None  # the enclosing place's key
    order: tuple  # where it goes among its siblings


OTHER = Place("", OTHER_NAME, OTHER_NAME, None, (3,))


def _division_place(division: regions.Division) -> Place:
    return Place(
        division.code,
        division.name,
        regions.front_matter_name(division),  # 石家庄市新华区: 新华区 alone is not unique
        division.parent_code,
        (0 if division.level == 0 else 1, division.code),
    )


@lru_cache(maxsize=4096)
def place_chain(region: str | None) -> tuple[Place, ...]:
    """The place a written region names, after every place enclosing it (outermost first)."""
    if not region or not regions.clean(region):
        return (OTHER,)
    division = regions.resolve(region)
    if division is not None:
        return tuple(map(_division_place, (*division.parents, division)))
    name = regions.clean(region)
    outer = regions.enclosing(name)
    chain = tuple(map(_division_place, (*outer.parents, outer))) if outer else ()
    parent = chain[-1].key if chain else None
    return (*chain, Place("~" + name, name, name, parent, (2, tuple(lazy_pinyin(name)), name)))


def pinyin_slug(text: str) -> str:
    """The pinyin of a name as a URL path segment: letters, digits and hyphens only."""
    return _NOT_IN_SLUG.sub("-", "".join(lazy_pinyin(text)).lower()).strip("-") or "x"


@lru_cache(maxsize=64)  # every build asks twice (pages, placements), with the same regions
def _slugs(written: frozenset[str | None]) -> tuple[tuple[str, str], ...]:
    """Each place's URL slug: the pinyin of its name, made unique in key order."""
    places = {p.key: p for region in written for p in place_chain(region)}
    slugs: dict[str, str] = {}
    taken: set[str] = set()
    for key in sorted(places):
        slug = pinyin_slug(places[key].slug_name)
        while slug in taken:
            slug += "-2"
        taken.add(slug)
        slugs[key] = slug
    return tuple(slugs.items())


def region_url(slug: str) -> str:
    return f"regions/{slug}/"


Trail = tuple[tuple[str, str], ...]  # (name, url) of regions, outermost first


def region_trails(written: Iterable[str | None]) -> dict[str | None, tuple[str, Trail]]:
    """For each written region: its place's key, and the names and URLs of that region and
    the regions enclosing it, outermost first (the region itself last)."""
    written = frozenset(written)
    slugs = dict(_slugs(written))
    return {
        region: (
            place_chain(region)[-1].key,
            tuple((p.name, region_url(slugs[p.key])) for p in place_chain(region)),
        )
        for region in written
    }


@dataclass(frozen=True)
class Region:
    name: str
    slug: str
    entries: tuple = field(default=())  # its own reports (ReportEntry), newest first
    children: tuple[Region, ...] = field(default=())  # the regions in it, in site order
    trail: Trail = field(default=())  # the regions it lies in, outermost first

    @property
    def url(self) -> str:
        return region_url(self.slug)

    @cached_property
    def report_count(self) -> int:
        """Its reports and those of every region in it."""
        return len(self.entries) + sum(child.report_count for child in self.children)

    def walk(self):
        """This region and every region in it, depth first."""
        yield self
        for child in self.children:
            yield from child.walk()

    @cached_property
    def listing(self) -> str:
        """What its page shows, as one string: the page changes only when this does."""
        own = "".join(entry.card for entry in self.entries)
        inner = "".join(child.listing for child in self.children)
        trail = "".join(name + url for name, url in self.trail)
        return f"{self.slug}\x1f{self.name}\x1f{trail}\x1f{own}\x1d{inner}\x1c"


def region_tree(entries: list) -> list[Region]:
    """The top regions (全国, provinces, regions outside the table, 其他) with every region
    holding a report nested in them; each region's own reports in the order given."""
    written = [entry.report.region for entry in entries]
    slugs = dict(_slugs(frozenset(written)))
    # Each written region's place once (in the order first met), not once per report.
    chains = {region: place_chain(region) for region in dict.fromkeys(written)}
    places = {p.key: p for chain in chains.values() for p in chain}
    own: dict[str, list] = {}
    for entry, region in zip(entries, written, strict=True):
        own.setdefault(chains[region][-1].key, []).append(entry)
    inside: dict[str | None, list[Place]] = {}
    for place in places.values():
        inside.setdefault(place.parent, []).append(place)

    def build(place: Place, trail: Trail) -> Region:
        slug = slugs[place.key]
        within = (*trail, (place.name, region_url(slug)))
        children = sorted(inside.get(place.key, ()), key=lambda p: p.order)
        return Region(
            place.name,
            slug,
            tuple(own.get(place.key, ())),
            tuple(build(child, within) for child in children),
            trail,
        )

    return [build(place, ()) for place in sorted(inside.get(None, ()), key=lambda p: p.order)]
