"""Publishing: the built site works when served from / and from a GitHub Pages subpath."""

from __future__ import annotations

import shutil
import subprocess
import sys
import urllib.error
import urllib.request
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urldefrag, urljoin, urlsplit

import pytest
import yaml

from jiedu.cache import CACHE_DIR
from jiedu.project import load_project
from jiedu.site import build_files
from jiedu.write import write_site

from .conftest import REPO
from .conftest import serve_folder as serve

LINK_ATTRIBUTES = {"a": "href", "link": "href", "script": "src", "img": "src"}


class Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.links: list[str] = []
        self.ids: set[str] = set()
        self.meta: dict[str, str] = {}

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if "id" in attributes:
            self.ids.add(attributes["id"])
        if LINK_ATTRIBUTES.get(tag) in attributes:
            self.links.append(attributes[LINK_ATTRIBUTES[tag]])
        if tag == "link" and attributes.get("rel") == "canonical":
            self.meta["canonical"] = attributes["href"]
        if tag == "meta" and (attributes.get("property") or attributes.get("name")):
            self.meta[attributes.get("property") or attributes["name"]] = attributes["content"]


@pytest.fixture
def serve_folder():
    servers = []

    def start(folder: Path) -> str:
        origin, server = serve(folder)
        servers.append(server)
        return origin

    yield start
    for server in servers:
        server.shutdown()


def crawl(start: str) -> tuple[dict[str, Links], list[str]]:
    """Follow every same-site link from start; return parsed pages and problems."""
    pages: dict[str, Links] = {}
    problems: list[str] = []
    queue, seen = [start], {start}
    fragments: list[tuple[str, str, str]] = []
    host = urlsplit(start).netloc
    while queue:
        url = queue.pop()
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                body = response.read()
                kind = response.headers.get("Content-Type", "")
        except urllib.error.HTTPError as error:
            problems.append(f"{url}: HTTP {error.code}")
            continue
        if "html" not in kind:
            continue
        parser = Links()
        parser.feed(body.decode("utf-8"))
        pages[url] = parser
        for link in parser.links:
            absolute, fragment = urldefrag(urljoin(url, link))
            if urlsplit(absolute).netloc != host:
                continue
            if fragment:
                fragments.append((url, absolute, fragment))
            if absolute not in seen:
                seen.add(absolute)
                queue.append(absolute)
    for page, target, fragment in fragments:
        if target in pages and urllib.parse.unquote(fragment) not in pages[target].ids:
            problems.append(f"{page}: no #{fragment} in {target}")
    return pages, problems


@pytest.mark.parametrize("base_url", ["/", "https://someone.github.io/reports-site/"])
def test_crawl_finds_no_broken_link_or_asset(project, tmp_path, serve_folder, base_url):
    base_path = urlsplit(base_url).path
    web_root = tmp_path / "web"
    write_site(build_files(load_project(project, base_url)), web_root / base_path.strip("/"))
    origin = serve_folder(web_root)
    pages, problems = crawl(origin + base_path)
    assert problems == []
    report_count = len(list((project / "content").glob("*.md")))
    assert len([u for u in pages if "/reports/" in u]) == report_count
    for page in pages.values():
        assert page.meta["og:title"] and page.meta["description"]
        canonical = page.meta["canonical"]
        assert canonical.startswith(base_url) or canonical.startswith(base_path)


@pytest.mark.parametrize("base_url", ["/", "https://someone.github.io/reports-site/"])
def test_not_found_page_works_at_any_depth(project, tmp_path, serve_folder, base_url):
    base_path = urlsplit(base_url).path
    web_root = tmp_path / "web"
    site = web_root / base_path.strip("/")
    write_site(build_files(load_project(project, base_url)), site)
    origin = serve_folder(web_root)
    parser = Links()
    parser.feed((site / "404.html").read_text(encoding="utf-8"))
    # GitHub Pages serves 404.html for /any/deep/path: its links must not be relative.
    links = [link for link in parser.links if not urlsplit(link).netloc and link[0] != "#"]
    assert len(links) >= 5  # stylesheet, icon, home, feed…
    for link in links:
        target = urljoin(origin + base_path + "some/deep/missing/page", link)
        with urllib.request.urlopen(target, timeout=5) as response:
            assert response.status == 200


def test_publishing_files(project, tmp_path):
    base_url = "https://someone.github.io/reports-site/"
    site = tmp_path / "site"
    write_site(build_files(load_project(project, base_url)), site)
    assert (site / ".nojekyll").is_file()
    assert (site / "favicon.svg").read_text(encoding="utf-8").startswith("<svg")
    assert f"Sitemap: {base_url}sitemap.xml" in (site / "robots.txt").read_text(encoding="utf-8")
    namespace = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    locs = [e.text for e in ET.parse(site / "sitemap.xml").findall(".//s:loc", namespace)]
    assert f"{base_url}reports/2021-linzi-report/" in locs
    assert all(loc.startswith(base_url) for loc in locs)
    assert not any("404" in loc for loc in locs)
    atom = {"a": "http://www.w3.org/2005/Atom"}
    feed = ET.parse(site / "feed.xml")
    entries = feed.findall("a:entry", atom)
    dates = [e.find("a:updated", atom).text for e in entries]
    assert dates == sorted(dates, reverse=True) and len(entries) == 3
    assert entries[0].find("a:link", atom).get("href") == f"{base_url}reports/2022-zhangdian/"


def test_check_command_passes_on_a_good_site_and_fails_on_a_broken_one(project):
    def run(*args: str) -> subprocess.CompletedProcess:
        return subprocess.run(
            [sys.executable, str(REPO / "build.py"), "--root", str(project), *args],
            capture_output=True,
            text=True,
        )

    assert run("build").returncode == 0
    result = run("check")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no problems" in result.stdout
    page = project / "site" / "reports" / "2022-zhangdian" / "index.html"
    page.write_text(
        page.read_text(encoding="utf-8").replace('href="#main"', 'href="#gone"'), encoding="utf-8"
    )
    shutil.rmtree(project / "site" / "regions")
    result = run("check")
    assert result.returncode == 1
    assert "broken anchor '#gone'" in result.stdout
    assert "broken link <a> '../../regions/zhangdianqu/'" in result.stdout


def test_the_pages_workflow_restores_and_saves_the_build_cache():
    workflow = yaml.safe_load((REPO / ".github" / "workflows" / "pages.yml").read_text("utf-8"))
    steps = workflow["jobs"]["build"]["steps"]
    cache = next(s for s in steps if s.get("uses", "").startswith("actions/cache@"))
    build = next(s for s in steps if s.get("run") == "make site")
    assert steps.index(cache) < steps.index(build)  # restored before the build
    assert cache["with"]["path"] == CACHE_DIR
    # A key of its own per commit (a hit never saves), restoring the newest earlier one.
    assert "${{ github.sha }}" in cache["with"]["key"]
    assert cache["with"]["key"].startswith(cache["with"]["restore-keys"])
