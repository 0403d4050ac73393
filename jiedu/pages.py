"""Jinja2 templates -> HTML pages. Each function takes plain data and returns one page's text."""

from __future__ import annotations

import datetime as dt
import hashlib
import traceback
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import NamedTuple

import jinja2
from markupsafe import Markup

from jiedu.annotate import render_definition
from jiedu.config import SiteConfig
from jiedu.content import Report
from jiedu.errors import JieduError
from jiedu.markdown import Rendered
from jiedu.pinyin import first_letter
from jiedu.regiontree import Region, region_tree

# A term page quotes up to SNIPPETS_PER_REPORT uses in each of the QUOTED_REPORTS newest
# reports that use the term, lists LISTED_REPORTS more by title, and links to a search
# for the rest (a term used in a thousand reports would make an unreadable page).
SNIPPETS_PER_REPORT = 5
QUOTED_REPORTS = 20
LISTED_REPORTS = 100
HOME_PER_REGION = 5  # the home page shows each region's newest reports; its page lists all
EACH_RENDERED_KEPT = 100_000  # renderings Pages.each() keeps for reuse


@dataclass(frozen=True)
class ReportEntry:
    """A report as placed in the site: its page URL and its rendered body."""

    report: Report
    url: str  # site-relative, "reports/<slug>/"
    rendered: Rendered
    digest: str = ""  # fingerprint of the report's source: what its page depends on
    usage: object = None  # jiedu.usage.ReportUsage: the glossary terms the body uses

    @property
    def terms(self) -> tuple:
        return self.usage.terms if self.usage else ()

    @cached_property
    def card(self) -> str:
        """What listings show of this report, as one string: a listing changes only when
        this does (a plain join: hashing it per report per build costs more than it saves)."""
        report = self.report
        fields = (
            self.url,
            report.title,
            report.date,
            report.region,
            report.speaker,
            report.speaker_title,
            report.kind,
            report.summary,
            self.term_count,
        )
        return "\x1f".join(map(str, fields)) + "\x1e"

    @cached_property
    def card_digest(self) -> str:
        return card_digest(self.card)

    @property
    def date_label(self) -> str:
        return date_label(self.report.date)

    @property
    def term_count(self) -> int:
        return len(self.rendered.occurrences.slugs)


def card_digest(card: str) -> str:
    """A short digest of a card, or of cards joined (the term pages' listings)."""
    return hashlib.blake2b(card.encode(), digest_size=12).hexdigest()


@dataclass(frozen=True)
class GlossaryItem:
    term: object  # jiedu.glossary.Term
    url: str
    report_count: int
    definition_html: Markup


def date_label(date: dt.date | None) -> str:
    return f"{date.year}年{date.month}月{date.day}日" if date else ""


def root_for(output_path: str) -> str:
    """The relative path from a page back to the site root ("" for index.html)."""
    return "../" * output_path.count("/")


def newest_first(entries) -> list[ReportEntry]:
    return sorted(entries, key=lambda e: e.report.newest_first_key, reverse=True)


def group_by_region(newest: list[ReportEntry]) -> list[Region]:
    """The top regions (全国, then provinces...), each with the regions in it nested and
    every region's own reports in the order given: pass them newest_first() (see
    jiedu.regiontree)."""
    return region_tree(newest)


class Neighbour(NamedTuple):
    """The previous or next report in a region, as its page links to it."""

    url: str
    title: str


class Pages:
    """Holds the template environment; renders one page per call."""

    def __init__(
        self,
        template_folders: Sequence[Path],
        config: SiteConfig,
        features: frozenset[str] = frozenset(),
        passed_over: frozenset[str] = frozenset(),
    ):
        """`template_folders`: where to look, first match wins; `passed_over`: names in
        the first folder not to use (outdated copies, jiedu.theme)."""
        self.config = config
        self.template_folders = tuple(template_folders)
        self.features = features  # optional site sections that exist: "glossary", "search"
        self.env = jinja2.Environment(
            loader=jinja2.ChoiceLoader(
                [_Without(jinja2.FileSystemLoader(template_folders[0]), passed_over)]
                + [jinja2.FileSystemLoader(folder) for folder in template_folders[1:]]
            ),
            autoescape=True,
            undefined=jinja2.StrictUndefined,
            trim_blocks=False,
            keep_trailing_newline=True,
        )
        self.env.globals["each"] = self.each
        self._each_rendered: dict[tuple, str] = {}

    def each(self, template: str, items, **context) -> Markup:
        """`template` rendered for every item (as `item`, beside `context`), joined by line
        breaks. Equal items reuse one rendering, so items and context values must be hashable
        and the template may depend on nothing else: a thousand report pages show the same
        few hundred terms, and rendering them in a template loop was most of a page's time."""
        rendered = self._each_rendered
        if len(rendered) > EACH_RENDERED_KEPT:
            rendered.clear()
        shared = (template, *sorted(context.items()))
        parts = []
        for item in items:
            key = (shared, item)
            html = rendered.get(key)
            if html is None:
                html = self.env.get_template(template).render(context, item=item).strip()
                rendered[key] = html
            parts.append(html)
        return Markup("\n".join(parts))

    def render(
        self,
        template: str,
        output_path: str,
        *,
        description: str | None = None,
        root: str | None = None,
        **context,
    ) -> str:
        canonical_path = output_path.removesuffix("index.html")
        try:
            return self._render(template, output_path, canonical_path, description, root, context)
        except jinja2.TemplateError as error:
            raise template_error(error, template, self.template_folders) from None

    def _render(self, template, output_path, canonical_path, description, root, context) -> str:
        return self.env.get_template(template).render(
            site=self.config,
            root=root_for(output_path) if root is None else root,
            canonical=self.config.absolute(canonical_path),
            description=description or self.config.description,
            features=self.features,
            **context,
        )

    def home(self, regions: list[Region], report_count: int, term_count: int) -> str:
        return self.render(
            "home.html",
            "index.html",
            regions=regions,
            region_count=sum(1 for top in regions for r in top.walk() if r.entries),
            report_count=report_count,
            term_count=term_count,
            home_per_region=HOME_PER_REGION,
        )

    def region(self, region: Region) -> str:
        return self.render(
            "region.html",
            region.url + "index.html",
            region=region,
            description=f"{region.name}的政府工作报告与相关报道。",
        )

    def report(
        self,
        entry: ReportEntry,
        region_url: str,
        previous: Neighbour | None,
        next: Neighbour | None,
        region_trail: tuple[tuple[str, str], ...] = (),  # (name, url) of its region and parents
    ) -> str:
        report = entry.report
        return self.render(
            "report.html",
            entry.url + "index.html",
            report=report,
            date_label=entry.date_label,
            region_url=region_url,
            region_trail=region_trail,
            toc=entry.rendered.toc,
            body=jinja2.utils.markupsafe.Markup(entry.rendered.html),
            previous=previous,
            next=next,
            description=report.summary or report.subtitle or report.title,
            terms=entry.terms,
            targets=entry.rendered.targets,  # 主要预期目标 (jiedu.targets)
        )

    def glossary(self, glossary, report_counts: dict[str, int]) -> str:
        """The index of every term, grouped by the first letter of its pinyin."""
        groups: dict[str, list[GlossaryItem]] = {}
        for term in glossary.terms:
            general = term.definition_for(None) or term.entries[0]
            item = GlossaryItem(
                term,
                f"terms/{term.slug}/",
                report_counts.get(term.slug, 0),
                Markup(render_definition(general.definition)),
            )
            groups.setdefault(first_letter(term.term), []).append(item)
        return self.render(
            "glossary.html",
            "glossary/index.html",
            terms=glossary.terms,
            groups=list(groups.items()),
            description=f"{len(glossary.terms)} 个政府工作报告术语的释义、来源与出现位置。",
        )

    def term(self, term, definitions, usage, see_also) -> str:
        aliases = [s for s in term.spellings if s != term.term]
        return self.render(
            "term.html",
            f"terms/{term.slug}/index.html",
            term=term,
            aliases=aliases,
            definitions=definitions,
            usage=usage,
            occurrence_count=sum(group.count for group in usage),  # in Jinja: seconds at 10k
            snippets_per_report=SNIPPETS_PER_REPORT,
            quoted_reports=QUOTED_REPORTS,
            listed_reports=LISTED_REPORTS,
            see_also=[{"term": t.term, "url": url} for t, url in see_also],
            description=f"{term.term}：{term.entries[0].definition}"[:150],
        )

    def search(self) -> str:
        return self.render(
            "search.html", "search/index.html", description="搜索政府工作报告全文与术语。"
        )

    def not_found(self) -> str:
        # GitHub Pages serves 404.html at any depth, so its links start at the base path.
        return self.render("404.html", "404.html", root=self.config.base_path)


class _Without(jinja2.BaseLoader):
    """A loader that does not find the templates named in `names`."""

    def __init__(self, loader: jinja2.BaseLoader, names: frozenset[str]):
        self.loader, self.names = loader, names

    def get_source(self, environment, template):
        if template in self.names:
            raise jinja2.TemplateNotFound(template)
        return self.loader.get_source(environment, template)

    def list_templates(self) -> list[str]:
        return [name for name in self.loader.list_templates() if name not in self.names]


def template_error(
    error: jinja2.TemplateError, template: str, folders: Sequence[Path] = ()
) -> JieduError:
    """Name the template file and line, whether the error is in its syntax or at render time;
    and say so when the file replaces one of Jiedu's (`folders`: the project's, Jiedu's)."""
    if isinstance(error, jinja2.TemplateSyntaxError) and error.filename:
        filename, line, message = error.filename, error.lineno, error.message
    else:
        frames = traceback.extract_tb(error.__traceback__)
        # jinja2 rewrites template frames to their source file
        frame = next((f for f in reversed(frames) if f.filename.endswith(".html")), None)
        filename, line, message = (
            (frame.filename, frame.lineno, str(error)) if frame else (template, None, str(error))
        )
    return JieduError(
        filename, f"template error: {message}{_replaces(filename, folders)}", line=line
    )


def _replaces(filename: str, folders: Sequence[Path]) -> str:
    """A hint when the failing template is a project's own copy of one of Jiedu's."""
    if len(folders) < 2:
        return ""
    own, theme = Path(folders[0]).resolve(), Path(folders[1])
    try:
        name = Path(filename).resolve().relative_to(own)
    except ValueError:
        return ""
    if not (theme / name).is_file():
        return ""
    return (
        f" (this file replaces Jiedu's own {theme / name}; if it is a copy made by an older "
        "Jiedu, delete it to use Jiedu's, or bring your changes over to a new copy)"
    )
