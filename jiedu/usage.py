"""Where glossary terms are used: per report (tooltips, 本文术语) and per term (term pages)."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property, lru_cache
from typing import NamedTuple

from markupsafe import Markup

from jiedu.annotate import Quote, quote, render_definition
from jiedu.glossary import Entry, Glossary, Term
from jiedu.memo import fingerprint
from jiedu.occurrences import Occurrences
from jiedu.pages import ReportEntry


@lru_cache(maxsize=8192)
def definition_html(definition: str) -> Markup:
    """A definition's safe HTML; cached, as a thousand reports share a few hundred terms."""
    return Markup(render_definition(definition))


def term_url(slug: str) -> str:
    return f"terms/{slug}/"


@dataclass(frozen=True)
class TermUse:
    """A term as one report uses it: its tooltip and its line in the report's term list."""

    term: str
    slug: str
    anchor: str  # its dd's id (Term.anchor)
    url: str
    count: int
    definition_html: Markup  # the definition that applies in the report's region


class UsageGroup(NamedTuple):
    """The occurrences of one term in one report (a tuple: a term page build makes one
    per term per report that uses it, 400,000 at 10,000 reports)."""

    entry: ReportEntry
    slug: str
    count: int

    @property
    def first_block_id(self) -> str | None:
        return self.entry.rendered.occurrences.first_block_id(self.slug)

    def quotes(self, limit: int) -> list[Quote]:
        """The sentences around the first `limit` occurrences."""
        text = self.entry.rendered.text
        found = self.entry.rendered.occurrences.of_term(self.slug, limit)
        return [quote(text, occurrence) for occurrence in found]


@dataclass(frozen=True)
class Definition:
    """One entry of a term, ready for its term page."""

    scope: str  # 通用 or the regions it applies to
    regions: tuple[str, ...]
    html: Markup
    source_label: str
    source_url: str | None
    category: str | None


@dataclass(frozen=True)
class ReportUsage:
    """The glossary terms one report uses."""

    occurrences: Occurrences
    glossary: Glossary
    region: str | None

    @cached_property
    def terms(self) -> tuple[TermUse, ...]:
        """Each term with the definition that applies in the report's region (only a report's
        own page needs these: listings and term pages need only the occurrences)."""
        terms = []
        for slug, count in self.occurrences.counts():
            term = self.glossary.by_slug(slug)
            entry = term.definition_for(self.region)
            definition = definition_html(entry.definition) if entry else Markup("")
            terms.append(TermUse(term.term, slug, term.anchor, term_url(slug), count, definition))
        return tuple(terms)


def usage_digests(entry: ReportEntry) -> dict[str, str]:
    """For each term the report uses, a digest of what the term's page shows of it."""
    text, found = entry.rendered.text, entry.rendered.occurrences
    return {
        slug: fingerprint([quote(text, occurrence) for occurrence in found.of_term(slug)])
        for slug in found.slugs
    }


def usage_by_term(entries: list[ReportEntry]) -> dict[str, list[UsageGroup]]:
    """Each term's occurrences grouped by report, in the order of `entries`."""
    groups: dict[str, list[UsageGroup]] = {}
    for entry in entries:
        for slug, count in entry.rendered.occurrences.counts():
            groups.setdefault(slug, []).append(UsageGroup(entry, slug, count))
    return groups


def definitions(term: Term, reports_by_slug: dict[str, ReportEntry]) -> tuple[Definition, ...]:
    return tuple(_definition(entry, reports_by_slug) for entry in term.entries)


def _definition(entry: Entry, reports_by_slug: dict[str, ReportEntry]) -> Definition:
    scope = "、".join(entry.regions) if entry.regions else "通用"
    html = definition_html(entry.definition)
    if entry.source_report:
        report = reports_by_slug.get(entry.source_report)
        title = report.report.title if report else entry.source_report
        # A report not in content/ (the build warns) is named as text: there is no page.
        label = f"《{title}》" if report else f"报告 {title}（本站未收录）"
        if entry.source_item is not None:
            label += f"词语解释第{entry.source_item}条"
        url = None
        if report:
            url = report.url + (f"#note-{entry.source_item}" if entry.source_item else "")
        return Definition(scope, entry.regions, html, label, url, entry.category)
    return Definition(
        scope, entry.regions, html, entry.source_note or "编辑部", None, entry.category
    )
