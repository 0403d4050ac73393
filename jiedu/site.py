"""The build pipeline: load the project, render every page, return the files to write.

load_project() reads inputs (config, reports), build_files() is pure apart from reading
templates and static files, and write.py puts the result on disk.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from jiedu.config import SiteConfig, load_config
from jiedu.content import Report, load_reports
from jiedu.errors import JieduError
from jiedu.feeds import FAVICON, atom_feed, robots_txt, sitemap
from jiedu.markdown import make_markdown, render_markdown
from jiedu.pages import Pages, ReportEntry, group_by_region


@dataclass(frozen=True)
class ProjectPaths:
    """Where a Jiedu project keeps its inputs."""

    root: Path

    @property
    def content(self) -> Path:
        return self.root / "content"

    @property
    def seeds(self) -> Path:
        return self.root / "seeds"

    @property
    def templates(self) -> Path:
        return self.root / "templates"

    @property
    def static(self) -> Path:
        return self.root / "static"

    @property
    def glossary(self) -> Path:
        return self.root / "glossary.yml"

    @property
    def config(self) -> Path:
        return self.root / "site.yml"


@dataclass(frozen=True)
class Project:
    paths: ProjectPaths
    config: SiteConfig
    reports: tuple[Report, ...]


def load_project(root: Path, base_url: str | None = None) -> Project:
    paths = ProjectPaths(root)
    config = load_config(paths.config, base_url)
    reports = tuple(load_reports(paths.content))
    return Project(paths, config, reports)


def render_reports(project: Project) -> list[ReportEntry]:
    md = make_markdown()
    entries = []
    for report in project.reports:
        rendered = render_markdown(md, report.body, {"region": report.region})
        entries.append(ReportEntry(report, f"reports/{report.slug}/", rendered))
    return entries


def build_files(project: Project, live_reload_script: str = "") -> dict[str, bytes]:
    """Every file of the site, keyed by its path inside the output folder."""
    pages = Pages(project.paths.templates, project.config, live_reload_script)
    entries = render_reports(project)
    regions = group_by_region(entries)
    region_of = {e.report.slug: r for r in regions for e in r.entries}
    files: dict[str, str | bytes] = {}

    files["index.html"] = pages.home(regions, len(entries), term_count=0)
    for region in regions:
        files[region.url + "index.html"] = pages.region(region)
        # Previous = older, next = newer, within the same region.
        ordered = list(reversed(region.entries))
        for i, entry in enumerate(ordered):
            previous = ordered[i - 1] if i > 0 else None
            following = ordered[i + 1] if i + 1 < len(ordered) else None
            files[entry.url + "index.html"] = pages.report(
                entry, region_of[entry.report.slug], previous, following
            )
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
        for path, data in files.items()
    }


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
