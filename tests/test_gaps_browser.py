"""The preview's glossary gaps page in Debian's chromium, served by a real `build.py serve`."""

from __future__ import annotations

import json
import re

import pytest

from .test_gaps import copy_project
from .test_serve import Server, fetch

pytestmark = pytest.mark.browser

SHOTS = "gaps-{width}.png"


@pytest.fixture(scope="module")
def preview(tmp_path_factory):
    root = copy_project(tmp_path_factory.mktemp("gaps-preview") / "project")
    server = Server(root)
    server.wait_until_up("/gaps/")
    yield server
    server.stop()


def open_page(browser, url: str, width: int):
    context = browser.new_context(viewport={"width": width, "height": 900})
    page = context.new_page()
    page.goto(url)
    return context, page


@pytest.mark.parametrize("width", [1280, 360])
def test_gaps_page_lists_candidates_and_fits_the_screen(browser, preview, width, tmp_path):
    context, page = open_page(browser, preview.url("/gaps/"), width)
    try:
        assert page.locator("h1").inner_text() == "术语缺口"
        assert page.locator(".gap-item").count() >= 50
        first = page.locator(".gap-item").first
        assert first.locator("mark").count() >= 1
        assert "--stub" in first.locator(".gap-stub code").inner_text()
        # Nothing wider than the screen, on a phone too.
        assert page.evaluate("document.documentElement.scrollWidth") <= width
        page.screenshot(path=str(tmp_path / SHOTS.format(width=width)), full_page=False)
    finally:
        context.close()


def test_each_context_links_to_its_paragraph(browser, preview):
    context, page = open_page(browser, preview.url("/gaps/"), 1280)
    try:
        item = page.locator(".gap-item").nth(2)
        term = item.locator("mark").first.inner_text()
        link = item.locator(".gap-contexts a").first
        href = link.get_attribute("href")
        assert re.fullmatch(r"\.\./reports/[^/]+/#.+", href), href
        link.click()
        page.wait_for_url(re.compile(r"/reports/[^/]+/#"))
        anchor = page.evaluate("decodeURIComponent(location.hash.slice(1))")
        target = page.locator(f'[id="{anchor}"]')
        assert target.count() == 1
        assert term in target.inner_text()
    finally:
        context.close()


def test_footer_links_to_the_page_and_report_pages_count_their_gaps(browser, preview):
    context, page = open_page(browser, preview.url("/"), 1280)
    try:
        page.locator(".site-footer a", has_text="术语缺口").click()
        page.wait_for_url(preview.url("/gaps/"))
        page.goto(preview.url("/reports/2022-01-20-zhangdianqu-summary/"))
        note = page.locator(".gap-note")
        note.get_by_text("本文还有").wait_for()  # filled in from gaps/counts.json
        counts = json.loads(fetch(preview.url("/gaps/counts.json"))[1])
        count = counts["2022-01-20-zhangdianqu-summary"]
        assert count > 0
        assert note.inner_text() == f"本文还有 {count} 个候选术语未释义 · 术语缺口"
    finally:
        context.close()
