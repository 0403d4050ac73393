"""The 主要预期目标 card and the 目标对比 page in Debian's chromium: at 1280 and 360 px, in
print, following a card's link to its sentence; and axe-core finds no serious problem."""

from __future__ import annotations

import json

import pytest

from jiedu.project import load_project
from jiedu.site import build_files
from jiedu.write import write_site

from .conftest import serve_folder
from .test_browser_terms import AXE
from .test_targets_site import targets_project

pytestmark = pytest.mark.browser

REPORT = "reports/2021-01-13-linziqu-report/"
TARGETS = "targets/"


@pytest.fixture(scope="module")
def site_url(tmp_path_factory):
    root = targets_project(tmp_path_factory.mktemp("targets-browser") / "project")
    write_site(build_files(load_project(root)), root / "site")
    origin, server = serve_folder(root / "site")
    yield origin + "/"
    server.shutdown()


def open_page(browser, url: str, width: int, **options):
    context = browser.new_context(viewport={"width": width, "height": 900}, **options)
    page = context.new_page()
    page.goto(url)
    return context, page


def page_overflows(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth > window.innerWidth")


@pytest.mark.parametrize("width", [1280, 360])
def test_the_card_sits_near_the_top_and_links_to_the_sentence(browser, site_url, width, tmp_path):
    context, page = open_page(browser, site_url + REPORT, width)
    card = page.locator(".targets-card")
    assert card.is_visible()
    assert card.bounding_box()["y"] < 900  # on the first screen
    assert not page_overflows(page)
    page.screenshot(path=str(tmp_path / f"card-{width}.png"), full_page=False)
    first = card.locator("dd a").first
    assert first.inner_text() == "7%左右"
    first.click()
    anchor = page.evaluate("decodeURIComponent(location.hash.slice(1))")
    paragraph = page.locator(f"[id='{anchor}']")
    assert "地区生产总值增长7%左右" in paragraph.inner_text()
    assert paragraph.bounding_box()["y"] < 900  # scrolled to it
    context.close()


@pytest.mark.parametrize("width", [1280, 360])
def test_the_targets_page_reads_at_every_width(browser, site_url, width, tmp_path):
    context, page = open_page(browser, site_url + TARGETS, width)
    page.screenshot(path=str(tmp_path / f"targets-{width}.png"), full_page=True)
    assert not page_overflows(page)  # wide tables scroll inside their box, not the page
    chart = page.locator("svg.chart")
    assert chart.is_visible()
    box = chart.bounding_box()
    assert box["width"] <= width and box["height"] > 150
    cells = page.locator(".targets-chart table td").all_inner_texts()
    assert page.locator("svg.chart circle").count() == len([c for c in cells if c != "—"]) >= 7
    assert page.locator(".chart-legend li").count() == page.locator("svg.chart g.series").count()
    tick = page.locator("svg.chart text.tick").first.bounding_box()
    assert tick["height"] >= 8  # the axis labels stay legible on a phone
    assert page.get_by_role("link", name="CSV（表格软件可直接打开）").is_visible()
    context.close()


def test_the_targets_page_prints_whole_tables(browser, site_url):
    context, page = open_page(browser, site_url + TARGETS, 800)
    page.emulate_media(media="print")
    assert page.locator(".site-header").is_hidden()
    overflow = page.evaluate("getComputedStyle(document.querySelector('.table-scroll')).overflowX")
    assert overflow == "visible"
    assert page.locator("svg.chart").is_visible()
    widest = page.evaluate(
        "Math.max(...[...document.querySelectorAll('.targets-table')]"
        ".map(t => t.getBoundingClientRect().right))"
    )
    assert widest <= page.evaluate("document.documentElement.clientWidth") + 1  # all on paper
    context.close()


@pytest.mark.parametrize("path", [REPORT, TARGETS])
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_axe_finds_no_serious_violation(browser, site_url, path, scheme):
    assert AXE, "axe-core missing: run `make test` (it installs node_modules)"
    context, page = open_page(browser, site_url + path, 1280, color_scheme=scheme)
    page.add_script_tag(content=AXE)
    result = page.evaluate("axe.run(document).then(r => r.violations)")
    serious = [
        {"id": v["id"], "impact": v["impact"], "nodes": [n["target"] for n in v["nodes"][:3]]}
        for v in result
        if v["impact"] in ("serious", "critical")
    ]
    context.close()
    assert serious == [], json.dumps(serious, ensure_ascii=False, indent=1)
