"""Search on the real site, as a reader types it, under a GitHub Pages subpath."""

from __future__ import annotations

import urllib.parse

import html5lib
import pytest

from jiedu.project import load_project
from jiedu.search import normalise, normalise_query
from jiedu.site import build_files
from jiedu.write import write_site

from .conftest import REPO, serve_folder
from .test_search import REQUIRED_QUERIES

pytestmark = pytest.mark.browser

QUERIES = REQUIRED_QUERIES  # the queries, and width and space variants


@pytest.fixture(scope="module")
def subpath_site(tmp_path_factory):
    web = tmp_path_factory.mktemp("web")
    site = web / "repo"
    write_site(build_files(load_project(REPO, "https://someone.github.io/repo/")), site)
    origin, server = serve_folder(web)
    yield origin + "/repo/", site
    server.shutdown()


def page_texts(site) -> dict[str, str]:
    """Each report's body text as a reader sees it in the built HTML, one block a line."""
    texts = {}
    for path in sorted((site / "reports").glob("*/index.html")):
        document = html5lib.parse(path.read_bytes(), namespaceHTMLElements=False)
        body = next(d for d in document.iter("div") if d.get("class") == "report-body")
        blocks = [e for e in body.iter() if e.tag in ("p", "h2", "h3", "h4", "li", "dt", "dd")]
        text = "\n".join("".join(b.itertext()).rstrip("¶#") for b in blocks)
        texts[f"reports/{path.parent.name}/"] = text
    return texts


def pages_containing(site, query: str) -> set[str]:
    needle = normalise_query(query)
    return {
        url
        for url, text in page_texts(site).items()
        if any(needle in normalise(line).text for line in text.split("\n"))
    }


@pytest.fixture
def page(browser):
    context = browser.new_context()
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    yield page
    context.close()
    assert errors == []


def search(page, base: str, query: str) -> set[str]:
    page.goto(f"{base}search/?q={urllib.parse.quote(query)}")
    page.wait_for_selector('#search-results[aria-busy="false"]', state="attached")
    while page.locator(".search-more").count():
        page.locator(".search-more").click()
        page.wait_for_selector('#search-results[aria-busy="false"]', state="attached")
    hrefs = page.eval_on_selector_all(".search-pages .search-title a", "as => as.map(a => a.href)")
    return {href[len(base) :] for href in hrefs}


@pytest.mark.parametrize("query", QUERIES)
def test_each_query_returns_exactly_the_pages_that_contain_it(page, subpath_site, query):
    base, site = subpath_site
    expected = pages_containing(site, query)
    assert expected, f"no seed page contains {query}: the test would prove nothing"
    assert search(page, base, query) == expected


def test_glossary_terms_are_listed_first(page, subpath_site):
    base, _ = subpath_site
    search(page, base, "三线一单")
    first = page.locator("#search-results section").first
    assert "三线一单" in first.inner_text()
    link = first.locator("a").first.get_attribute("href")
    assert urllib.parse.urljoin(base + "search/", link) == base + "terms/san-xian-yi-dan/"


def test_a_query_with_no_match_says_so(page, subpath_site):
    base, _ = subpath_site
    assert search(page, base, "量子纠缠") == set()
    assert "没有找到与“量子纠缠”相关的内容" in page.locator("#search-results").inner_text()


def test_the_header_box_on_a_report_page_searches(page, subpath_site):
    base, site = subpath_site
    page.goto(base + "reports/2021-01-13-linziqu-report/")
    page.fill(".site-search input", "医共体")
    page.press(".site-search input", "Enter")
    page.wait_for_selector('#search-results[aria-busy="false"]', state="attached")
    assert page.url.startswith(base + "search/?q=")
    shown = page.eval_on_selector_all(".search-pages .search-title a", "as => as.length")
    assert shown == len(pages_containing(site, "医共体"))
