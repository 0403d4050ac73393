"""Report pages: where each report sits, its body with the terms it uses, and its page.

render_reports() reuses every body and page whose key (jiedu.memo_keys) did not change and
renders the others, in forked worker processes when there are many (jiedu.workers).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from jiedu import memo_keys, workers
from jiedu.annotate import TermAnnotator
from jiedu.cache import BuildCache
from jiedu.cache_values import body_bytes, body_from_bytes
from jiedu.content import Report
from jiedu.markdown import Rendered, render_markdown
from jiedu.memo import Memo
from jiedu.pages import Neighbour, Pages, ReportEntry
from jiedu.progress import Progress
from jiedu.project import Project, report_body
from jiedu.regiontree import region_trails
from jiedu.targets.body import render_with_targets
from jiedu.termmatch import TermMatcher
from jiedu.usage import ReportUsage


@dataclass(frozen=True)
class Placement:
    """Where a report's page sits: its region, and its neighbours there (older, newer)."""

    region_url: str
    previous: Neighbour | None
    next: Neighbour | None
    region_trail: tuple[tuple[str, str], ...] = ()  # (name, url): its region's parents, then it


def place_reports(reports: tuple[Report, ...]) -> list[Placement]:
    """Each report's placement, from the front matter alone (before any body is rendered)."""
    trails = region_trails(r.region for r in reports)
    by_region: dict[str, list[int]] = {}  # one government's reports, however written
    for index, report in enumerate(reports):
        by_region.setdefault(trails[report.region][0], []).append(index)
    placements: list[Placement | None] = [None] * len(reports)
    for members in by_region.values():
        trail = trails[reports[members[0]].region][1]
        ordered = sorted(members, key=lambda i: reports[i].newest_first_key)  # oldest first
        for position, index in enumerate(ordered):
            around = [
                reports[ordered[p]] if 0 <= p < len(ordered) else None
                for p in (position - 1, position + 1)
            ]
            placements[index] = Placement(
                trail[-1][1],
                *(Neighbour(report_url(r), r.title) if r else None for r in around),
                region_trail=trail,
            )
    return placements  # type: ignore[return-value]


def report_url(report: Report) -> str:
    return f"reports/{report.slug}/"


def render_reports(
    project: Project,
    memo: Memo,
    pages: Pages,
    page_context: str,
    out,
    progress: Progress | None = None,
    cache: BuildCache | None = None,
) -> list[ReportEntry]:
    """Every report's body, the terms it uses and its page, each page given to out.add()
    as soon as it is made (jiedu.write: to disk, or to memory); in worker processes when
    there are many to do (counted on `progress` when there are many).

    A body and page are reused from the memo (the preview) or the build cache when their
    keys match. A body depends on the glossary only through what is matched (spellings,
    regions, slugs), a page on the definitions of the terms its body uses: editing a
    definition renders again the pages that show it, and no body."""
    remember = memo.remember
    placements, placement_reprs = _placements(project.reports, memo)
    body_keys = [
        memo_keys.body(project.matching_digest, digest) if remember or cache else ""
        for digest in project.report_digests
    ]
    kept: dict[int, _KeptReport] = {}  # the preview's record of each report, this build
    shown: dict[int, str] = {}  # what a report's page and usage show of the glossary

    def page_inputs(i: int, rendered: Rendered) -> tuple:
        if i not in shown:
            record = kept.get(i)
            if record is None or record.glossary_digest != project.glossary_digest:
                region = project.reports[i].region
                shown[i] = memo_keys.definitions_shown(project.glossary, rendered, region)
                if record is not None:
                    record.glossary_digest, record.shown = project.glossary_digest, shown[i]
            else:
                shown[i] = record.shown
        return (page_context, shown[i], placement_reprs[i])

    def page_key(i: int, rendered: Rendered) -> str:  # the build cache's
        context, definitions, placement = page_inputs(i, rendered)
        return memo_keys.report_page(context, body_keys[i], definitions, placement)

    bodies: dict[int, Rendered] = {}
    todo: list[tuple[int, Rendered | None]] = []
    for i, body_key in enumerate(body_keys):
        path = report_url(project.reports[i]) + "index.html"
        if remember and (record := memo.recall(body_key)) is not None:
            kept[i] = record
            if record.page_inputs == page_inputs(i, record.rendered):
                bodies[i] = record.rendered
                out.add(path, record.page)
            else:
                todo.append((i, record.rendered))  # only its neighbours or definitions changed
        elif cache is not None and (rendered := _cached_body(cache, body_key)) is not None:
            stored = cache.get_digests(page_key(i, rendered))
            if stored and out.add_object(path, stored["page"]):
                bodies[i] = rendered
            else:  # a cached body has no HTML to make a page from: render it again
                todo.append((i, None))
        else:
            todo.append((i, None))
    if todo:
        matcher = memo.get(
            memo_keys.matcher(project.matching_digest),
            lambda: TermMatcher(project.glossary),
        )
        jobs = [(i, rendered, placements[i]) for i, rendered in todo]
        on_page = progress.counter("rendering reports", len(jobs)) if progress else None
        renderer = _PageRenderer(project, matcher, pages)
        results = _render_pages(renderer, jobs, remember)
        for (i, _), (rendered, page) in zip(todo, results, strict=True):
            path = report_url(project.reports[i]) + "index.html"
            digest = out.add(path, page)
            if remember:
                inputs = page_inputs(i, rendered)  # works out shown[i]
                record = _KeptReport(rendered, project.glossary_digest, shown[i], inputs, page)
                if i in kept:  # only its neighbours or definitions changed: keep its entry
                    record.entry, record.entry_shown = kept[i].entry, kept[i].entry_shown
                kept[i] = record
                memo.put(body_keys[i], record)
            if cache is not None:
                cache.put(body_keys[i], {"body": body_bytes(rendered)})
                stored = digest or cache.put_object(page)
                cache.put_digests(page_key(i, rendered), {"page": stored})
            bodies[i] = rendered
            if on_page is not None:
                on_page()

    def entry(i: int) -> ReportEntry:
        report, rendered = project.reports[i], bodies[i]
        usage = ReportUsage(rendered.occurrences, project.glossary, report.region)
        return ReportEntry(report, report_url(report), rendered, project.report_digests[i], usage)

    entries = []
    for i in range(len(project.reports)):
        record = kept.get(i)
        if record is None:  # a one-off build
            entries.append(entry(i))
            continue
        # The same entry while its body and definitions stay the same: what it works out
        # once (its card, its terms) is not worked out again at every build of the preview.
        if record.entry is None or record.entry_shown != shown[i]:
            record.entry, record.entry_shown = entry(i), shown[i]
        entries.append(record.entry)
    return entries


@dataclass
class _KeptReport:
    """What the preview keeps of a report from build to build, under its body's key: one
    memo lookup for a report that did not change."""

    rendered: Rendered
    glossary_digest: str  # the glossary `shown` was worked out for
    shown: str  # memo_keys.definitions_shown()
    page_inputs: tuple  # (page context, shown, placement repr) `page` was made from
    page: bytes
    entry: ReportEntry | None = None
    entry_shown: str = ""  # the `shown` `entry` was made with


def _placements(reports: tuple[Report, ...], memo: Memo) -> tuple[list[Placement], list[str]]:
    """Each report's placement and its repr (made once per placements, not per report at
    every build): the preview keeps them while no report moves."""
    fields = memo_keys.placement_fields(reports) if memo.remember else ()
    kept = memo.recall("placements")
    if kept is not None and kept[0] == fields:
        return kept[1], kept[2]
    placements = place_reports(reports)
    reprs = [repr(p) for p in placements]
    memo.put("placements", (fields, placements, reprs))
    return placements, reprs


def _cached_body(cache: BuildCache, key: str) -> Rendered | None:
    stored = cache.get(key)
    return body_from_bytes(stored["body"]) if stored and "body" in stored else None


@dataclass(frozen=True)
class _PageRenderer:
    """Renders one report's body (unless given) and page: the work of a worker process."""

    project: Project
    matcher: TermMatcher
    pages: Pages

    def __call__(self, job: tuple[int, Rendered | None, Placement]) -> tuple[Rendered, bytes]:
        index, rendered, placement = job
        report = self.project.reports[index]
        if rendered is None:
            annotator = TermAnnotator(self.matcher, report.region)
            body = report_body(self.project, index)
            rendered = render_with_targets(report, annotator, render_markdown, body)  # 主要预期目标
        usage = ReportUsage(rendered.occurrences, self.project.glossary, report.region)
        entry = ReportEntry(report, report_url(report), rendered, usage=usage)
        page = self.pages.report(
            entry,
            placement.region_url,
            placement.previous,
            placement.next,
            region_trail=placement.region_trail,
        )
        return rendered, page.encode()


def _render_pages(renderer: _PageRenderer, jobs: list, keep_html: bool) -> Iterator:
    """Each job's (body, page), in order, as each is done. keep_html=False: the bodies'
    HTML is needed only inside their pages, so workers need not send it back."""
    bodies_to_render = sum(1 for _, rendered, _ in jobs if rendered is None)
    # A page whose body is known takes well under a millisecond: not worth sending the body.
    if not workers.worth_forking(bodies_to_render):
        return map(renderer, jobs)
    renderer.matcher.prepare()  # jieba's dictionary, loaded once for every worker
    return map(_unpack, workers.map_in_workers(_PageInWorker(renderer, keep_html), jobs))


@dataclass(frozen=True)
class _PageInWorker:
    """A worker's job: its page, sent back as plain tuples."""

    renderer: _PageRenderer
    keep_html: bool

    def __call__(self, job) -> tuple:
        rendered, page = self.renderer(job)
        html = rendered.html if self.keep_html else ""
        return html, rendered.toc, rendered.text, rendered.occurrences, rendered.targets, page


def _unpack(result: tuple) -> tuple[Rendered, bytes]:
    html, toc, text, occurrences, targets, page = result
    return Rendered(html, toc, text, occurrences, targets), page
