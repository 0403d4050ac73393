"""The build pipeline: load the project, render every page, return the files to write.

load_project() reads the inputs, build_files() turns them into {path: bytes}, write.py puts
them on disk. A Memo carried from one build to the next (SiteBuilder, used by the live
preview) lets a rebuild redo only what an edit touched.
"""

from __future__ import annotations

import multiprocessing
import os
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from jiedu.annotate import TermAnnotator
from jiedu.config import ProjectPaths, SiteConfig, load_config
from jiedu.content import Report, parse_report
from jiedu.errors import JieduError
from jiedu.feeds import FAVICON, atom_feed, robots_txt, sitemap
from jiedu.glossary import Glossary, parse_glossary
from jiedu.importer.project import import_seeds, seeds_without_content
from jiedu.markdown import Rendered, render_markdown
from jiedu.memo import Memo, fingerprint
from jiedu.pages import Pages, ReportEntry, group_by_region, newest_first
from jiedu.search import SearchDocument, SearchTerm, build_search_index
from jiedu.termmatch import TermMatcher
from jiedu.usage import definitions, report_usage, term_url, term_usage

PARALLEL_FROM = 48  # below this many bodies to render, worker processes cost more than they save


@dataclass(frozen=True)
class Project:
    paths: ProjectPaths
    config: SiteConfig
    reports: tuple[Report, ...]
    report_digests: tuple[str, ...]  # fingerprint of each report's file text
    templates_digest: str
    glossary: Glossary
    glossary_digest: str


def load_project(root: Path, base_url: str | None = None, memo: Memo | None = None) -> Project:
    memo = memo or Memo()
    paths = ProjectPaths(root)
    config = load_config(paths.config, base_url)
    reports, digests = [], []
    for path in sorted(paths.content.glob("*.md")):
        # A file whose size and modification time are unchanged is not read again.
        stat = path.stat()
        digest = memo.get(
            fingerprint("stat", str(path), stat.st_mtime_ns, stat.st_size),
            lambda p=path: fingerprint("report", str(p), p.read_bytes()),
        )
        reports.append(memo.get(digest, lambda p=path: parse_report(_decode(p.read_bytes(), p), p)))
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
    )
    _check_glossary_sources(project)
    return project


def build_files(
    project: Project, memo: Memo | None = None, with_search: bool = True
) -> dict[str, bytes]:
    """Every file of the site, keyed by its path inside the output folder.

    with_search=False leaves out the search index (search/*, not search/index.html): the
    live preview builds it only when a browser asks for it (SiteBuilder.search_files)."""
    memo = memo or Memo()
    glossary = project.glossary
    features = frozenset({"search", "glossary"} if glossary.terms else {"search"})
    pages = Pages(project.paths.templates, project.config, features)
    entries = render_reports(project, memo)
    regions = group_by_region(entries)
    files: dict[str, str | bytes] = {}
    page_context = fingerprint(project.templates_digest, project.config, sorted(features))

    listing = fingerprint(
        page_context, "".join(r.slug + "".join(e.card for e in r.entries) for r in regions)
    )
    files["index.html"] = memo.get(
        fingerprint("home", listing, len(glossary.terms)),
        lambda: pages.home(regions, len(entries), term_count=len(glossary.terms)),
    )
    for region in regions:
        key = fingerprint(
            "region", page_context, region.slug, "".join(e.card for e in region.entries)
        )
        files[region.url + "index.html"] = memo.get(key, lambda r=region: pages.region(r))
        # Previous = older, next = newer, within the same region.
        ordered = list(reversed(region.entries))
        for i, entry in enumerate(ordered):
            previous = ordered[i - 1] if i > 0 else None
            following = ordered[i + 1] if i + 1 < len(ordered) else None
            key = fingerprint(
                "page",
                page_context,
                project.glossary_digest,
                entry.digest,
                _neighbour(previous),
                _neighbour(following),
            )
            files[entry.url + "index.html"] = memo.get(
                key,
                lambda e=entry, r=region, p=previous, n=following: pages.report(
                    e, r, p, n
                ).encode(),
            )
    if glossary.terms:
        files.update(_glossary_pages(project, pages, entries, page_context, memo))
    files["search/index.html"] = pages.search()
    if with_search:
        files.update(search_files(project, entries, memo))
    files["404.html"] = pages.not_found()
    files.update(_static_files(project.paths.static))
    files.update(_seed_files(project))
    files["feed.xml"] = atom_feed(project.config, entries)
    files["sitemap.xml"] = sitemap(project.config, [p for p in files if p.endswith(".html")])
    files["robots.txt"] = robots_txt(project.config)
    files["favicon.svg"] = FAVICON
    files[".nojekyll"] = b""  # GitHub Pages: serve files as they are, no Jekyll
    return {
        path: data.encode("utf-8") if isinstance(data, str) else data
        for path, data in sorted(files.items())
    }


def _glossary_pages(project, pages, entries, page_context, memo) -> dict[str, bytes]:
    """The glossary index and one page per term with every place the term is used."""
    glossary = project.glossary
    newest = newest_first(entries)
    reports_by_slug = {e.report.slug: e for e in entries}
    # What each term page shows, as digests (a thousand reports use a common term): the
    # page is rendered again only when this changes.
    listings: dict[str, list[str]] = {}
    for entry in newest:
        for slug, digest in entry.usage.digests.items():
            listings.setdefault(slug, []).append(entry.card + digest)
    files = {}
    for term in glossary.terms:
        cited = [reports_by_slug.get(e.source_report) for e in term.entries if e.source_report]
        listing = "".join(listings.get(term.slug, ()))
        key = fingerprint(
            "term",
            page_context,
            project.glossary_digest,
            term.slug,
            listing,
            "".join(e.card for e in cited if e),
        )

        def render(term=term) -> bytes:
            see_also = [glossary.get(name) for e in term.entries for name in e.see_also]
            return pages.term(
                term,
                definitions(term, reports_by_slug),
                term_usage(newest, term.slug),
                [(other, term_url(other.slug)) for other in see_also],
            ).encode()

        files[term_url(term.slug) + "index.html"] = memo.get(key, render)
    report_counts = sorted((slug, len(listing)) for slug, listing in listings.items())
    files["glossary/index.html"] = memo.get(
        fingerprint("glossary", page_context, project.glossary_digest, report_counts),
        lambda: pages.glossary(glossary, dict(report_counts)).encode(),
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


def load_project_importing_new_seeds(
    root: Path, base_url: str | None = None, memo: Memo | None = None
) -> tuple[Project, list[str]]:
    """load_project, after importing any seed that no content file comes from yet.

    Returns the project and what the import did (lines to show); a seed that cannot be
    imported is reported there and does not stop the build."""
    memo = memo or Memo()
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
        """The search index of the latest build (reusing its rendered reports)."""
        if self.project is None:
            return {}
        entries = render_reports(self.project, self.memo)
        return search_files(self.project, entries, self.memo)


# --- report bodies --------------------------------------------------------------------


def render_reports(project: Project, memo: Memo) -> list[ReportEntry]:
    """Render every body, in worker processes when there are many to do."""
    keys = [fingerprint("body", project.glossary_digest, d) for d in project.report_digests]
    todo = [(k, r) for k, r in zip(keys, project.reports, strict=True) if not memo.has(k)]
    if todo:
        matcher = memo.get(
            fingerprint("matcher", project.glossary_digest),
            lambda: TermMatcher(project.glossary),
        )
        rendered = _render_bodies([r for _, r in todo], matcher)
        for (key, _), body in zip(todo, rendered, strict=True):
            memo.put(key, body)
    entries = []
    for key, report, digest in zip(keys, project.reports, project.report_digests, strict=True):
        rendered = memo.get(key, lambda: None)
        usage = memo.get(
            fingerprint("usage", key),
            lambda r=rendered, region=report.region: report_usage(
                r.occurrences, project.glossary, region
            ),
        )
        entries.append(ReportEntry(report, f"reports/{report.slug}/", rendered, digest, usage))
    return entries


def _render_bodies(reports: list[Report], matcher: TermMatcher) -> list[Rendered]:
    jobs = [(report.body, report.region) for report in reports]
    workers = min(os.cpu_count() or 1, 8)
    if len(jobs) < PARALLEL_FROM or workers < 2:
        _start_worker(matcher)
        return [_render_body(job) for job in jobs]
    # fork: workers inherit the loaded code, the matcher and jieba's dictionary (seconds to
    # load) instead of each loading them again.
    matcher.prepare()
    context = multiprocessing.get_context("fork")
    with ProcessPoolExecutor(
        workers, mp_context=context, initializer=_start_worker, initargs=(matcher,)
    ) as pool:
        return list(pool.map(_render_body, jobs, chunksize=max(1, len(jobs) // (workers * 4))))


_worker_matcher: TermMatcher | None = None


def _start_worker(matcher: TermMatcher) -> None:
    global _worker_matcher
    _worker_matcher = matcher


def _report_term_href(slug: str) -> str:
    return "../../" + term_url(slug)  # report pages live at reports/<slug>/


def _render_body(job: tuple[str, str | None]) -> Rendered:
    body, region = job
    return render_markdown(body, TermAnnotator(_worker_matcher, region, _report_term_href))


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


def _decode(data: bytes, path: Path) -> str:
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise JieduError(path, "not UTF-8 text: save the file as UTF-8", line=line) from None


def _neighbour(entry: ReportEntry | None) -> tuple[str, str] | None:
    return (entry.url, entry.report.title) if entry else None


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
