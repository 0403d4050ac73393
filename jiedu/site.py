"""The build pipeline's order: a loaded project in, every file of the site out.

jiedu.project loads the inputs, build_files() turns them into {path: bytes}, write.py puts
them on disk. Each stage is a module of its own: report pages (jiedu.report_pages, in
worker processes when there are many: jiedu.workers), the glossary's pages
(jiedu.glossary_pages), 目标对比 (jiedu.targets.site_files), the search index
(jiedu.site_search, built meanwhile in a process forked before the reports are rendered).
A Memo carried from one build to the next (jiedu.preview_build.SiteBuilder, used by the
live preview) lets a rebuild redo only what an edit touched; jiedu.memo_keys says what
each result depends on.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from jiedu import memo_keys, workers
from jiedu.cache import BuildCache
from jiedu.errors import JieduError
from jiedu.feeds import FAVICON, atom_feed, robots_txt, sitemap
from jiedu.glossary_pages import glossary_pages
from jiedu.memo import Memo
from jiedu.pages import Pages, ReportEntry, group_by_region, newest_first
from jiedu.progress import Progress
from jiedu.project import Project
from jiedu.report_pages import render_reports
from jiedu.site_search import SearchFiles
from jiedu.targets.site_files import target_files
from jiedu.write import FilesInMemory


def build_files(
    project: Project,
    memo: Memo | None = None,
    with_search: bool = True,
    editor_pages: bool = False,
) -> dict[str, bytes]:
    """Every file of the site, keyed by its path inside the output folder, in memory.

    with_search=False leaves out the search index (search/*, not search/index.html): the
    live preview builds it only when a browser asks for it (SiteBuilder.search_files).
    editor_pages (the preview only): pages link to the glossary gaps (jiedu.gaps.page)."""
    out = FilesInMemory()
    build_site(project, out, memo, with_search, editor_pages)
    return dict(sorted(out.files.items()))


def build_site(
    project: Project,
    out,
    memo: Memo | None = None,
    with_search: bool = True,
    editor_pages: bool = False,
    progress: Progress | None = None,
    cache: BuildCache | None = None,
) -> None:
    """Every file of the site, each given to out.add(path, bytes) as soon as it is made
    (jiedu.write: a SiteWriter on disk, FilesInMemory); each stage timed on `progress`.
    A cache (jiedu.cache) gives back report pages and the search index made before."""
    memo = memo or Memo(remember=False)
    progress = progress or Progress()
    # Before the reports: a forked index process starts while this one holds no results.
    search = SearchFiles(project, memo, out, cache) if with_search else None
    try:
        with progress.stage("reports"):
            pages, page_context = page_renderer(project, memo, editor_pages)
            entries = render_reports(project, memo, pages, page_context, out, progress, cache)
        if search is not None:
            search.feed(entries)
            workers.give_back_free_memory()  # the pages and results the workers sent
        with progress.stage("other pages and search"):
            _other_files(project, memo, pages, page_context, entries, out)
            if search is not None:
                # The index process is near its peak: let go of the texts and the rest first.
                del entries
                workers.give_back_free_memory()
                search.write(out)
    finally:
        if search is not None:
            search.stop()


def _other_files(project, memo, pages, page_context, entries, out) -> None:
    """build_site() after the report pages, but for the search index."""
    glossary = project.glossary
    newest = newest_first(entries)  # sorted once: a tenth of a preview edit at 10,000
    regions = group_by_region(newest)
    files: dict[str, str | bytes] = {}

    def listing() -> str:
        return "".join(r.listing for r in regions)

    files["index.html"] = memo.get(
        lambda: memo_keys.home(page_context, listing(), len(glossary.terms)),
        lambda: pages.home(regions, len(entries), term_count=len(glossary.terms)).encode(),
    )
    for region in (inner for top in regions for inner in top.walk()):
        files[region.url + "index.html"] = memo.get(
            lambda r=region: memo_keys.region(page_context, r.listing),
            lambda r=region: pages.region(r).encode(),
        )
    if glossary.terms:
        files.update(glossary_pages(project, pages, newest, page_context, memo))
    files.update(target_files(pages, regions, memo, page_context))  # 目标对比, data/targets.*
    files["search/index.html"] = pages.search()
    files["404.html"] = pages.not_found()
    outdated = _in_folder("static/", project.outdated_copies)
    files.update(_static_files(project.paths.static_folders, outdated))
    files.update(_seed_files(project))
    files["feed.xml"] = memo.get(
        lambda: memo_keys.feed(page_context, listing(), [e.report.subtitle for e in entries]),
        lambda: atom_feed(project.config, entries).encode(),
    )
    made = [*out.paths(), *files]  # the report pages are already out, the others not yet
    html_pages = [p for p in made if p.endswith(".html")]
    files["sitemap.xml"] = memo.get(
        lambda: memo_keys.sitemap(page_context, html_pages),
        lambda: sitemap(project.config, html_pages),
    )
    files["robots.txt"] = robots_txt(project.config)
    files["favicon.svg"] = FAVICON
    files[".nojekyll"] = b""  # GitHub Pages: serve files as they are, no Jekyll
    for path, data in sorted(files.items()):
        out.add(path, data.encode("utf-8") if isinstance(data, str) else data)


def report_entries(project: Project, memo: Memo | None = None) -> list[ReportEntry]:
    """Every report, rendered as build_files renders it (a one-off build keeps no body
    HTML once the page is made: rendered.html is empty)."""
    memo = memo or Memo(remember=False)
    return render_reports(project, memo, *page_renderer(project, memo), FilesInMemory())


def page_renderer(project: Project, memo: Memo, editor_pages: bool = False) -> tuple[Pages, str]:
    """The page renderer (kept while the templates and settings stay the same: it holds
    the compiled templates), and a fingerprint of what every page depends on."""
    features = frozenset({"search", "glossary"} if project.glossary.terms else {"search"})
    if editor_pages:  # the preview's (jiedu.gaps.page)
        features |= {"gaps"}
    context = memo_keys.page_context(project.templates_digest, project.config, features)
    pages = memo.get(
        memo_keys.pages(context),
        lambda: Pages(
            project.paths.template_folders,
            project.config,
            features,
            passed_over=_in_folder("templates/", project.outdated_copies),
        ),
    )
    return pages, context


def _static_files(folders: Sequence[Path], passed_over: frozenset[str]) -> dict[str, bytes]:
    """static/* from the folders, a file of an earlier folder replacing a later one's, but
    for the first folder's files named in passed_over (as "terms.js")."""
    files: dict[str, bytes] = {}
    for folder in reversed(folders):
        for path in sorted(folder.rglob("*")) if folder.is_dir() else ():
            name = path.relative_to(folder).as_posix()
            if path.is_file() and not (folder == folders[0] and name in passed_over):
                files["static/" + name] = path.read_bytes()
    return dict(sorted(files.items()))


def _in_folder(folder: str, paths: Sequence[str]) -> frozenset[str]:
    return frozenset(p.removeprefix(folder) for p in paths if p.startswith(folder))


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
