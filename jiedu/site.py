"""The build pipeline: load the project, render every page, return the files to write.

load_project() reads the inputs, build_files() turns them into {path: bytes}, write.py puts
them on disk. A Memo carried from one build to the next (SiteBuilder, used by the live
preview) lets a rebuild redo only what an edit touched.
"""

from __future__ import annotations

import gc
import multiprocessing
import os
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from jiedu.annotate import Occurrence, TermAnnotator
from jiedu.config import ProjectPaths, SiteConfig, load_config
from jiedu.content import Report, parse_report
from jiedu.errors import JieduError
from jiedu.feeds import FAVICON, atom_feed, robots_txt, sitemap
from jiedu.glossary import Glossary, parse_glossary
from jiedu.importer.project import import_seeds, seeds_without_content
from jiedu.markdown import Rendered, render_markdown
from jiedu.memo import Memo, fingerprint
from jiedu.pages import (
    Neighbour,
    Pages,
    Region,
    ReportEntry,
    group_by_region,
    newest_first,
    newest_first_key,
    region_name,
    region_slugs,
)
from jiedu.search import SearchDocument, SearchTerm, build_search_index
from jiedu.termmatch import TermMatcher
from jiedu.usage import definitions, report_usage, term_url, usage_by_term, usage_digests

PARALLEL_FROM = 48  # below this many pages to render, worker processes cost more than they save
# Workers are forked (they inherit the loaded project instead of loading it again); where
# there is no fork (Windows), everything runs in the one process.
_CAN_FORK = "fork" in multiprocessing.get_all_start_methods()


@dataclass(frozen=True)
class Project:
    paths: ProjectPaths
    config: SiteConfig
    reports: tuple[Report, ...]
    report_digests: tuple[str, ...]  # fingerprint of each report's file text
    templates_digest: str
    glossary: Glossary
    glossary_digest: str
    matching_digest: str  # what term matching depends on (see matching_digest())


def load_project(root: Path, base_url: str | None = None, memo: Memo | None = None) -> Project:
    memo = memo or Memo(remember=False)
    paths = ProjectPaths(root)
    config = load_config(paths.config, base_url)
    reports, digests = [], []
    for path in sorted(paths.content.glob("*.md"), key=str):
        # A file whose size and times are unchanged is not read again (ctime changes with
        # every write and cannot be set back, unlike mtime).
        stat = path.stat()
        times = f"{stat.st_mtime_ns} {stat.st_ctime_ns}"
        stat_key = f"stat {path}\x1f{stat.st_ino} {stat.st_size} {times}"
        if memo.has(stat_key):
            digest = memo.get(stat_key, _missing)
            report = memo.get(digest, lambda p=path: _read_report(p, p.read_bytes()))
        else:
            data = path.read_bytes()
            digest = fingerprint("report", str(path), data)
            memo.put(stat_key, digest)
            report = memo.get(digest, lambda p=path, d=data: _read_report(p, d))
        reports.append(report)
        digests.append(digest)
    glossary_text = paths.glossary.read_text("utf-8") if paths.glossary.is_file() else ""
    glossary_digest = fingerprint("glossary", glossary_text)
    glossary = memo.get(glossary_digest, lambda: parse_glossary(glossary_text, str(paths.glossary)))
    project = Project(
        paths,
        config,
        tuple(reports),
        tuple(digests),
        _folder_digest(paths.templates),
        glossary,
        glossary_digest,
        memo.get(fingerprint("matching", glossary_digest), lambda: matching_digest(glossary)),
    )
    _check_glossary_sources(project)
    return project


def build_files(
    project: Project, memo: Memo | None = None, with_search: bool = True
) -> dict[str, bytes]:
    """Every file of the site, keyed by its path inside the output folder.

    with_search=False leaves out the search index (search/*, not search/index.html): the
    live preview builds it only when a browser asks for it (SiteBuilder.search_files)."""
    memo = memo or Memo(remember=False)
    pages, page_context = _pages(project, memo)
    entries = render_reports(project, memo, pages, page_context)
    # A one-off build of many reports builds the search index meanwhile; the live preview
    # (a remembering memo) builds it only when a browser asks, from what it remembers.
    background = None
    many = len(entries) >= PARALLEL_FROM and (os.cpu_count() or 1) > 1 and _CAN_FORK
    if with_search and not memo.remember and many:
        background = _SearchIndexInBackground(project, entries)
    try:
        return _other_files(project, memo, pages, page_context, entries, background, with_search)
    finally:
        if background is not None:
            background.stop()


def _other_files(project, memo, pages, page_context, entries, background, with_search):
    """build_files() after the report pages."""
    glossary = project.glossary
    regions = group_by_region(entries)
    files: dict[str, str | bytes] = {entry.url + "index.html": entry.page for entry in entries}

    def listing() -> str:
        return "".join(r.slug + "".join(e.card for e in r.entries) for r in regions)

    files["index.html"] = memo.get(
        lambda: fingerprint("home", page_context, listing(), len(glossary.terms)),
        lambda: pages.home(regions, len(entries), term_count=len(glossary.terms)),
    )
    for region in regions:
        files[region.url + "index.html"] = memo.get(
            lambda r=region: fingerprint(
                "region", page_context, r.slug, "".join(e.card for e in r.entries)
            ),
            lambda r=region: pages.region(r),
        )
    if glossary.terms:
        files.update(_glossary_pages(project, pages, entries, page_context, memo))
    files["search/index.html"] = pages.search()
    if background is not None:
        files.update(background.files())
    elif with_search:
        files.update(search_files(project, entries, memo))
    files["404.html"] = pages.not_found()
    files.update(_static_files(project.paths.static))
    files.update(_seed_files(project))
    files["feed.xml"] = memo.get(
        lambda: fingerprint("feed", page_context, listing(), [e.report.subtitle for e in entries]),
        lambda: atom_feed(project.config, entries),
    )
    files["sitemap.xml"] = sitemap(project.config, [p for p in files if p.endswith(".html")])
    files["robots.txt"] = robots_txt(project.config)
    files["favicon.svg"] = FAVICON
    files[".nojekyll"] = b""  # GitHub Pages: serve files as they are, no Jekyll
    return {
        path: data.encode("utf-8") if isinstance(data, str) else data
        for path, data in sorted(files.items())
    }


def report_entries(project: Project, memo: Memo | None = None) -> list[ReportEntry]:
    """Every report, rendered as build_files renders it (a one-off build keeps no body
    HTML once the page is made: rendered.html is empty)."""
    memo = memo or Memo(remember=False)
    return render_reports(project, memo, *_pages(project, memo))


def _pages(project: Project, memo: Memo) -> tuple[Pages, str]:
    """The page renderer (kept while the templates and settings stay the same: it holds
    the compiled templates), and a fingerprint of what every page depends on."""
    features = frozenset({"search", "glossary"} if project.glossary.terms else {"search"})
    context = fingerprint(project.templates_digest, project.config, sorted(features))
    pages = memo.get(
        fingerprint("pages", context),
        lambda: Pages(project.paths.templates, project.config, features),
    )
    return pages, context


def _glossary_pages(project, pages, entries, page_context, memo) -> dict[str, bytes]:
    """The glossary index and one page per term with every place the term is used."""
    glossary = project.glossary
    newest = newest_first(entries)
    groups: dict[str, list] | None = None  # each term's uses, found when a page needs them
    reports_by_slug = {e.report.slug: e for e in entries}
    report_counts: dict[str, int] = {}
    for entry in entries:
        for slug in entry.usage.by_slug:
            report_counts[slug] = report_counts.get(slug, 0) + 1

    # What each term page shows, as digests (a thousand reports use a common term): the
    # page is rendered again only when this changes. Only a remembering memo needs them.
    listings: dict[str, list[str]] | None = None

    def listing(slug: str) -> str:
        nonlocal listings
        if listings is None:
            listings = {}
            for entry in newest:
                digests = memo.get(
                    f"usage-digests {project.matching_digest} {entry.digest}",
                    lambda e=entry: usage_digests(e),
                )
                card = entry.card
                for term_slug, digest in digests.items():
                    listing = listings.get(term_slug)
                    if listing is None:
                        listing = listings[term_slug] = []
                    listing += (card, digest)
        return "".join(listings.get(slug, ()))

    files = {}
    for term in glossary.terms:
        cited = [reports_by_slug.get(e.source_report) for e in term.entries if e.source_report]

        def render(term=term) -> bytes:
            nonlocal groups
            if groups is None:
                groups = usage_by_term(newest)
            see_also = [glossary.get(name) for e in term.entries for name in e.see_also]
            return pages.term(
                term,
                definitions(term, reports_by_slug),
                groups.get(term.slug, []),
                [(other, term_url(other.slug)) for other in see_also],
            ).encode()

        files[term_url(term.slug) + "index.html"] = memo.get(
            # The listing joins the key as it is: hashing a hundred listings of a thousand
            # reports took longer than the rest of an edit's rebuild.
            lambda term=term, cited=cited: (
                fingerprint(
                    "term",
                    page_context,
                    repr(term),  # its entries: definitions, sources, see-also names…
                    [glossary.get(name).slug for e in term.entries for name in e.see_also],
                    "".join(e.card for e in cited if e),
                )
                + listing(term.slug)
            ),
            render,
        )
    counts = sorted(report_counts.items())
    files["glossary/index.html"] = memo.get(
        lambda: fingerprint("glossary", page_context, project.glossary_digest, counts),
        lambda: pages.glossary(glossary, dict(counts)).encode(),
    )
    return files


def search_inputs(
    project: Project, entries: list[ReportEntry]
) -> tuple[list[SearchDocument], list[SearchTerm]]:
    docs = [
        SearchDocument(
            e.url,
            e.report.title,
            e.report.region,
            e.report.date.isoformat() if e.report.date else None,
            e.rendered.text,
        )
        for e in entries
    ]
    terms = [
        SearchTerm(
            t.term,
            t.spellings,
            term_url(t.slug),
            (t.definition_for(None) or t.entries[0]).definition,
        )
        for t in project.glossary.terms
    ]
    return docs, terms


def search_files(project: Project, entries: list[ReportEntry], memo: Memo) -> dict[str, bytes]:
    """The search index, rebuilt only when a report's text or the glossary changed."""
    key = fingerprint("search", [e.digest for e in entries], project.glossary_digest)
    index = memo.get(key, lambda: build_search_index(*search_inputs(project, entries)))
    return {"search/" + path: data for path, data in index.items()}


class _SearchIndexInBackground:
    """search_files(), built in a forked process while the other pages are rendered (about
    a second per thousand reports)."""

    def __init__(self, project: Project, entries: list[ReportEntry]):
        global _search_job
        _search_job = search_inputs(project, entries)
        context = multiprocessing.get_context("fork")
        self._receive, send = context.Pipe(duplex=False)
        gc.freeze()  # see _render_pages
        try:
            self._process = context.Process(target=_build_search_index_job, args=(send,))
            self._process.start()
        finally:
            gc.unfreeze()
            send.close()

    def files(self) -> dict[str, bytes]:
        try:
            index = self._receive.recv()
        finally:
            self._process.join()
        if isinstance(index, BaseException):
            raise index
        return {"search/" + path: data for path, data in index.items()}

    def stop(self) -> None:
        """End the process if the build failed before it needed the index."""
        if self._process.is_alive():
            self._process.terminate()
            self._process.join()
        self._receive.close()


_search_job: tuple | None = None


def _build_search_index_job(send) -> None:
    try:
        send.send(build_search_index(*_search_job))
    except BaseException as error:  # noqa: BLE001 - the parent raises it
        send.send(error)
    finally:
        send.close()


def load_project_importing_new_seeds(
    root: Path, base_url: str | None = None, memo: Memo | None = None
) -> tuple[Project, list[str]]:
    """load_project, after importing any seed that no content file comes from yet.

    Returns the project and what the import did (lines to show); a seed that cannot be
    imported is reported there and does not stop the build."""
    memo = memo or Memo(remember=False)
    project = load_project(root, base_url, memo)
    new_seeds = seeds_without_content(project.paths, {r.seed for r in project.reports})
    if not new_seeds:
        return project, []
    imported = import_seeds(project.paths, new_seeds)
    if imported.written:
        project = load_project(root, base_url, memo)
    return project, imported.lines


class SiteBuilder:
    """Builds one project again and again, reusing every result whose inputs did not change."""

    def __init__(self, root: Path, base_url: str | None = None, with_search: bool = True):
        self.root = root
        self.base_url = base_url
        self.with_search = with_search
        self.memo = Memo()
        self.project: Project | None = None

    def build(self) -> dict[str, bytes]:
        project, imported = load_project_importing_new_seeds(self.root, self.base_url, self.memo)
        for line in imported:
            print(line, flush=True)
        files = build_files(project, self.memo, self.with_search)
        self.project = project
        self.memo.sweep()
        return files

    def search_files(self) -> dict[str, bytes]:
        """The search index of the latest build (every other file comes from the memo)."""
        if self.project is None:
            return {}
        files = build_files(self.project, self.memo, with_search=True)
        return {
            p: data
            for p, data in files.items()
            if p.startswith("search/") and p != "search/index.html"  # that is the search page
        }


# --- report pages ---------------------------------------------------------------------


@dataclass(frozen=True)
class Placement:
    """Where a report's page sits: its region, and its neighbours there (older, newer)."""

    region_url: str
    previous: Neighbour | None
    next: Neighbour | None


def place_reports(reports: tuple[Report, ...]) -> list[Placement]:
    """Each report's placement, from the front matter alone (before any body is rendered)."""
    slugs = region_slugs(region_name(r) for r in reports)
    by_region: dict[str, list[int]] = {}
    for index, report in enumerate(reports):
        by_region.setdefault(region_name(report), []).append(index)
    placements: list[Placement | None] = [None] * len(reports)
    for name, members in by_region.items():
        ordered = sorted(members, key=lambda i: newest_first_key(reports[i]))  # oldest first
        for position, index in enumerate(ordered):
            around = [
                reports[ordered[p]] if 0 <= p < len(ordered) else None
                for p in (position - 1, position + 1)
            ]
            placements[index] = Placement(
                Region(name, slugs[name]).url,
                *(Neighbour(report_url(r), r.title) if r else None for r in around),
            )
    return placements  # type: ignore[return-value]


def _placement_fields(report: Report) -> str:
    """What place_reports() reads of a report."""
    return f"{report.slug}\x1f{report.region}\x1f{report.date}\x1f{report.title}"


def report_url(report: Report) -> str:
    return f"reports/{report.slug}/"


def render_reports(
    project: Project, memo: Memo, pages: Pages, page_context: str
) -> list[ReportEntry]:
    """Every report's body, the terms it uses and its page; in worker processes when
    there are many to do.

    A body depends on the glossary only through what is matched (spellings, regions,
    slugs), a page on the definitions of the terms its body uses: editing a definition
    renders again the pages that show it, and no body."""
    placements = memo.get(
        lambda: "placements " + "\x1e".join(map(_placement_fields, project.reports)),
        lambda: place_reports(project.reports),
    )
    remember = memo.remember
    body_keys = [
        f"body {project.matching_digest} {digest}" if remember else ""
        for digest in project.report_digests
    ]
    glossary_keys: dict[int, str] = {}  # what a report's page and usage show of the glossary
    # Keys made of other keys are joined, not hashed again: a thousand reports, every build.

    def page_key(i: int, rendered: Rendered) -> str:
        if i not in glossary_keys:
            region = project.reports[i].region
            glossary_keys[i] = memo.get(
                f"shown {body_keys[i]} {project.glossary_digest}",
                lambda: _glossary_shown(project.glossary, rendered, region),
            )
        return f"page {page_context} {body_keys[i]} {glossary_keys[i]} {placements[i]!r}"

    done: dict[int, tuple[Rendered, bytes]] = {}
    todo: list[tuple[int, Rendered | None]] = []
    for i, body_key in enumerate(body_keys):
        if not memo.has(body_key):
            todo.append((i, None))
            continue
        rendered = memo.get(body_key, _missing)
        key = page_key(i, rendered)
        if memo.has(key):
            done[i] = (rendered, memo.get(key, _missing))
        else:
            todo.append((i, rendered))  # only its neighbours or definitions changed
    if todo:
        matcher = memo.get(
            fingerprint("matcher", project.matching_digest),
            lambda: TermMatcher(project.glossary),
        )
        jobs = [(i, rendered, placements[i]) for i, rendered in todo]
        results = _render_pages(_PageRenderer(project, matcher, pages), jobs, remember)
        for (i, _), result in zip(todo, results, strict=True):
            if remember:
                memo.put(body_keys[i], result[0])
                memo.put(page_key(i, result[0]), result[1])
            done[i] = result
    entries = []
    for i, report in enumerate(project.reports):
        rendered, page = done[i]
        usage = memo.get(
            lambda i=i: f"usage {body_keys[i]} {glossary_keys[i]}",
            lambda r=rendered, region=report.region: report_usage(
                r.occurrences, project.glossary, region
            ),
        )
        entries.append(
            ReportEntry(
                report, report_url(report), rendered, project.report_digests[i], usage, page
            )
        )
    return entries


def _glossary_shown(glossary: Glossary, rendered: Rendered, region: str | None) -> str:
    """A fingerprint of the definitions a report's page shows: those of the terms it uses."""
    shown = []
    for slug in dict.fromkeys(occurrence.slug for occurrence in rendered.occurrences):
        entry = glossary.by_slug(slug).definition_for(region)
        shown.append(f"{slug}\x1f{entry.definition if entry else ''}")
    return fingerprint("\x1e".join(shown))


def matching_digest(glossary: Glossary) -> str:
    """A fingerprint of what term matching uses: terms, slugs, spellings and regions."""
    return fingerprint(
        [
            (term.term, term.slug, [(e.term, e.aliases, e.regions) for e in term.entries])
            for term in glossary.terms
        ]
    )


def _missing():
    raise AssertionError("memo.has() said the value was there")


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
            annotator = TermAnnotator(self.matcher, report.region, _report_term_href)
            rendered = render_markdown(report.body, annotator)
        usage = report_usage(rendered.occurrences, self.project.glossary, report.region)
        entry = ReportEntry(report, report_url(report), rendered, usage=usage)
        page = self.pages.report(entry, placement.region_url, placement.previous, placement.next)
        return rendered, page.encode()


def _report_term_href(slug: str) -> str:
    return "../../" + term_url(slug)  # report pages live at reports/<slug>/


def _render_pages(
    renderer: _PageRenderer, jobs: list, keep_html: bool
) -> list[tuple[Rendered, bytes]]:
    """keep_html=False: the bodies' HTML is needed only inside their pages, so workers
    need not send it back."""
    workers = min(os.cpu_count() or 1, 8) if _CAN_FORK else 1
    bodies_to_render = sum(1 for _, rendered, _ in jobs if rendered is None)
    # A page whose body is known takes well under a millisecond: not worth sending the body.
    if bodies_to_render < PARALLEL_FROM or workers < 2:
        return [renderer(job) for job in jobs]
    # fork: workers inherit the loaded code, the project, the matcher and jieba's dictionary
    # instead of each loading them again; a job is only a report's index and placement.
    global _worker_renderer, _worker_keeps_html
    _worker_renderer, _worker_keeps_html = renderer, keep_html
    renderer.matcher.prepare()
    # Objects the workers inherit are left out of garbage collection: collecting them would
    # write to every one of them, copying the parent's memory into each worker page by page.
    gc.freeze()
    try:
        context = multiprocessing.get_context("fork")
        with ProcessPoolExecutor(workers, mp_context=context) as pool:
            chunks = max(1, len(jobs) // (workers * 8))
            return [_unpack(result) for result in pool.map(_render_job, jobs, chunksize=chunks)]
    finally:
        gc.unfreeze()  # a long-running preview must still collect what it frees


_worker_renderer: _PageRenderer | None = None
_worker_keeps_html = True


def _render_job(job) -> tuple:
    """Plain tuples travel back several times faster than named ones."""
    rendered, page = _worker_renderer(job)
    html = rendered.html if _worker_keeps_html else ""
    occurrences = tuple(map(tuple, rendered.occurrences))
    return html, rendered.toc, rendered.text, occurrences, page


def _unpack(result: tuple) -> tuple[Rendered, bytes]:
    html, toc, text, occurrences, page = result
    return Rendered(html, toc, text, tuple(map(Occurrence._make, occurrences))), page


# --- small helpers --------------------------------------------------------------------


def _check_glossary_sources(project: Project) -> None:
    """An entry citing a report's glossary must name a report that exists."""
    slugs = {report.slug for report in project.reports}
    for term in project.glossary.terms:
        for entry in term.entries:
            if entry.source_report and entry.source_report not in slugs:
                raise JieduError(
                    project.paths.glossary,
                    f"'{term.term}': source report '{entry.source_report}' is not in content/ "
                    "(use the report's file name without .md)",
                    line=entry.line,
                )


def _read_report(path: Path, data: bytes) -> Report:
    return parse_report(_decode(data, path), path)


def _decode(data: bytes, path: Path) -> str:
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise JieduError(path, "not UTF-8 text: save the file as UTF-8", line=line) from None


def _folder_digest(folder: Path) -> str:
    if not folder.is_dir():
        return ""
    return fingerprint(
        *(
            (p.relative_to(folder).as_posix(), p.read_bytes())
            for p in sorted(folder.rglob("*"))
            if p.is_file()
        )
    )


def _static_files(static_dir: Path) -> dict[str, bytes]:
    if not static_dir.is_dir():
        return {}
    return {
        "static/" + path.relative_to(static_dir).as_posix(): path.read_bytes()
        for path in sorted(static_dir.rglob("*"))
        if path.is_file()
    }


def _seed_files(project: Project) -> dict[str, bytes]:
    """Raw seed texts that reports link to, so a reader can compare with the source."""
    files = {}
    for report in project.reports:
        if report.seed:
            seed = project.paths.seeds / report.seed
            if not seed.is_file():
                raise JieduError(report.path, f"seed file '{report.seed}' not found in seeds/")
            files[f"seeds/{report.seed}"] = seed.read_bytes()
    return files
