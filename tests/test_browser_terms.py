"""Term tooltips as readers use them, in Debian's chromium: mouse, keyboard, touch, no
JavaScript, print; and axe-core finds no serious accessibility problem."""

from __future__ import annotations

import json
from urllib.parse import quote

import pytest

from jiedu.glossary import load_glossary

from .conftest import REPO

pytestmark = pytest.mark.browser

REPORT = "reports/2021-01-13-linziqu-report/"
ANCHOR = load_glossary(REPO / "glossary.yml").by_slug("liang-ge-100").anchor
TERM = f'a.term[aria-describedby="{ANCHOR}"]'  # as static/terms.js leaves it
PLAIN_TERM = f'.report-body a[href="#{ANCHOR}"]'  # as the page is written; so without script
TIP = ".term-tip"  # the page's one tooltip
DEFINITION = f"#{ANCHOR}"  # the term's entry in 本文术语, the page's one copy


@pytest.fixture
def page(browser, real_site_url):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.goto(real_site_url + REPORT)
    yield page
    context.close()


def test_hover_shows_the_definition_and_leaving_hides_it(page):
    tip = page.locator(TIP)
    assert tip.is_hidden()
    page.locator(TERM).first.hover()
    assert tip.is_visible()
    assert "开工率100%" in tip.inner_text()
    assert tip.locator(".term-tip-text").inner_text() == page.locator(DEFINITION).inner_text()
    box = tip.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= 1280 and box["width"] <= 400
    assert page.locator(TERM).first.get_attribute("aria-describedby") == DEFINITION[1:]
    page.mouse.move(5, 5)
    tip.wait_for(state="hidden", timeout=2000)


def test_pointer_can_move_into_the_tooltip_and_follow_its_link(page, real_site_url):
    page.locator(TERM).first.hover()
    page.locator(f"{TIP} a").hover()
    page.wait_for_timeout(400)  # longer than the hide grace period
    assert page.locator(TIP).is_visible()
    page.locator(f"{TIP} a").click()
    page.wait_for_url(real_site_url + "terms/liang-ge-100/")


def test_each_term_shows_its_own_definition(page):
    terms = page.locator("a.term")
    seen = set()
    for index in range(terms.count()):
        term = terms.nth(index)
        entry = term.get_attribute("aria-describedby")
        if entry in seen or len(seen) == 4:
            continue
        seen.add(entry)
        term.scroll_into_view_if_needed()
        term.hover()
        tip = page.locator(TIP)
        definition = page.locator("#" + entry)
        # The tooltip's title is the term's name as its 本文术语 entry gives it.
        assert tip.locator(".term-tip-title").inner_text() == name_of(page, entry)
        assert tip.locator(".term-tip-text").inner_text() == definition.inner_text()
        assert tip.locator("a").get_attribute("href") == term.get_attribute("href")
    assert len(seen) == 4
    assert page.locator(f"{TIP} [id]").count() == 0  # the copy takes no id of the page's


def name_of(page, entry: str) -> str:
    """The term's name in the page's 本文术语 entry `entry` (a dd's id)."""
    return page.locator(f"dt:has(+ #{entry}) a").inner_text()


def described_as(page, selector: str) -> str:
    """The accessible description chromium computes for an element (what a screen reader
    reads after its name)."""
    cdp = page.context.new_cdp_session(page)
    root = cdp.send("DOM.getDocument")["root"]["nodeId"]
    node = cdp.send("DOM.querySelector", {"nodeId": root, "selector": selector})["nodeId"]
    (ax,) = cdp.send("Accessibility.getPartialAXTree", {"nodeId": node, "fetchRelatives": False})[
        "nodes"
    ]
    return ax.get("description", {}).get("value", "")


def test_screen_readers_get_the_definition_as_the_terms_description(page):
    assert "开工率100%" in described_as(page, TERM)
    page.locator(TERM).first.focus()
    assert "开工率100%" in described_as(page, TERM)
    # Every term link is upgraded: none is left pointing into the page.
    assert page.locator(".report-body a.term").count() > 50
    assert page.locator('.report-body a[href^="#t_"]').count() == 0


def test_a_click_on_a_term_opens_its_glossary_page(page, real_site_url):
    page.locator(TERM).first.click()
    page.wait_for_url(real_site_url + "terms/liang-ge-100/")


def test_keyboard_focus_shows_and_escape_hides(page):
    term = page.locator(TERM).first
    term.focus()
    assert page.locator(TIP).is_visible()
    page.keyboard.press("Escape")
    assert page.locator(TIP).is_hidden()
    assert page.evaluate("document.activeElement.getAttribute('aria-describedby')") == ANCHOR
    term.focus()
    page.keyboard.press("Tab")  # focus moves on to the next link: 两个100%'s tooltip goes
    assert term.get_attribute("aria-expanded") is None
    focused = page.evaluate(
        "document.activeElement.matches('a.term') && document.activeElement"
        ".getAttribute('aria-describedby')"
    )
    if focused:  # the next link is another term: the tooltip now explains that one
        assert page.locator(f"{TIP} .term-tip-title").inner_text() == name_of(page, focused)
    else:
        assert page.locator(TIP).is_hidden()


def test_showing_a_tooltip_shifts_no_text(page):
    positions = """[...document.querySelectorAll('.report-body p')].map(p => {
        const box = p.getBoundingClientRect();
        return [box.left + scrollX, box.top + scrollY, box.width, box.height];
    })"""
    before = page.evaluate(positions)
    page.locator(TERM).first.hover()
    assert page.locator(TIP).is_visible()
    assert page.evaluate(positions) == before


def test_first_tap_explains_second_tap_follows_on_a_phone(browser, real_site_url):
    context = browser.new_context(
        viewport={"width": 360, "height": 740}, has_touch=True, is_mobile=True
    )
    page = context.new_page()
    page.goto(real_site_url + REPORT)
    terms = page.locator("a.term")
    for index in (0, terms.count() // 2, terms.count() - 1):
        term = terms.nth(index)
        term.scroll_into_view_if_needed()
        term.tap()
        tip = page.locator(TIP)
        assert tip.is_visible()
        definition = page.locator("#" + term.get_attribute("aria-describedby"))
        assert tip.locator(".term-tip-text").inner_text() == definition.inner_text()
        assert page.url == real_site_url + REPORT
        box = tip.bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= 360
        page.locator("h1").tap()  # a tap elsewhere closes it
        tip.wait_for(state="hidden", timeout=2000)
    term = page.locator(TERM).first
    term.scroll_into_view_if_needed()
    term.tap()
    assert page.locator(f"{TIP} a").is_visible()
    term.tap()
    page.wait_for_url(real_site_url + "terms/liang-ge-100/")
    context.close()


def test_a_tooltip_covers_no_part_of_a_term_broken_over_two_lines(browser, real_site_url):
    context = browser.new_context(
        viewport={"width": 360, "height": 740}, has_touch=True, is_mobile=True
    )
    page = context.new_page()
    page.goto(real_site_url + REPORT)
    broken = page.locator("a.term").evaluate_all(
        "terms => terms.map((t, i) => t.getClientRects().length > 1 ? i : -1).filter(i => i >= 0)"
    )
    assert len(broken) >= 2  # at 360 px some terms always wrap
    for index in broken[:4]:
        term = page.locator("a.term").nth(index)
        term.scroll_into_view_if_needed()
        term.tap()
        box = page.locator(TIP).bounding_box()
        pieces = term.evaluate("t => [...t.getClientRects()].map(r => [r.top, r.bottom])")
        for top, bottom in pieces:
            assert bottom <= box["y"] + 0.5 or top >= box["y"] + box["height"] - 0.5
        page.locator("h1").tap()
    context.close()


def test_without_javascript_a_term_is_a_link_to_its_definition_like_a_footnote(
    browser, real_site_url
):
    context = browser.new_context(
        java_script_enabled=False, viewport={"width": 1280, "height": 900}
    )
    page = context.new_page()
    page.goto(real_site_url + REPORT)
    assert page.locator(TIP).is_hidden()
    assert page.locator(TERM).count() == 0  # nobody upgraded the links
    page.locator(PLAIN_TERM).first.click()
    page.wait_for_url(real_site_url + REPORT + DEFINITION)
    definition = page.locator(DEFINITION)
    assert "开工率100%" in definition.inner_text()  # on the page, once
    name = page.locator(f"dt:has(+ {DEFINITION}) a")
    for shown in (definition, name):  # the definition and, above it, the term's name
        box = shown.bounding_box()
        assert box["y"] >= 0 and box["y"] + box["height"] <= 900
    name.click()  # whose link goes on to the term's page
    page.wait_for_url(real_site_url + "terms/liang-ge-100/")
    assert "开工率100%" in page.locator("main").inner_text()
    context.close()


def test_printing_lists_the_definitions_at_the_end(page):
    page.emulate_media(media="print")
    terms = page.locator(".report-terms")
    assert terms.is_visible()
    assert "两个100%" in terms.inner_text() and "开工率100%" in terms.inner_text()
    assert page.locator(".site-header").is_hidden()
    assert page.locator(TIP).is_hidden()


AXE = (
    (REPO / "node_modules" / "axe-core" / "axe.min.js").read_text(encoding="utf-8")
    if (REPO / "node_modules" / "axe-core" / "axe.min.js").exists()
    else None
)


@pytest.mark.parametrize(
    "path", ["", REPORT, "glossary/", "terms/liang-ge-100/", "regions/linziqu/", "404.html"]
)
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_axe_finds_no_serious_violation(browser, real_site_url, path, scheme):
    assert AXE, "axe-core missing: run `make test` (it installs node_modules)"
    context = browser.new_context(color_scheme=scheme)
    page = context.new_page()
    page.goto(real_site_url + path)
    page.add_script_tag(content=AXE)
    result = page.evaluate("axe.run(document).then(r => r.violations)")
    serious = [
        {"id": v["id"], "impact": v["impact"], "nodes": [n["target"] for n in v["nodes"][:3]]}
        for v in result
        if v["impact"] in ("serious", "critical")
    ]
    context.close()
    assert serious == [], json.dumps(serious, ensure_ascii=False, indent=1)


def test_every_paragraph_gets_its_permalink(page):
    """static/permalinks.js gives each paragraph with an id its ¶ link, as the page itself
    gives each heading its # link; following one puts that paragraph at the top."""
    paragraphs = page.locator(".report-body p[id]")
    assert paragraphs.count() > 20
    links = page.locator(".report-body p[id] > a.permalink:last-child")
    assert links.count() == paragraphs.count()
    for index in (0, paragraphs.count() // 2):
        paragraph = paragraphs.nth(index)
        link = paragraph.locator("> a.permalink")
        assert link.get_attribute("href") == "#" + paragraph.get_attribute("id")
        assert link.get_attribute("aria-label") == "本段链接" and link.inner_text() == "¶"
    paragraph = paragraphs.nth(paragraphs.count() // 2)
    paragraph.hover()
    paragraph.locator("> a.permalink").click()
    assert page.evaluate("decodeURIComponent(location.hash)") == "#" + paragraph.get_attribute("id")
    assert abs(paragraph.bounding_box()["y"]) < 5


def test_a_paragraph_link_in_the_old_form_goes_on_to_its_paragraph(browser, real_site_url):
    """Paragraph ids named their section by its heading's id ("十三五时期工作回顾-3") before
    they named it by its place (s1-3); static/permalinks.js follows links of the old form."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.goto(real_site_url + REPORT)
    heading = page.locator(".report-body :is(h1, h2, h3, h4, h5, h6)").nth(1)
    heading_id = heading.get_attribute("id")
    old = f"{heading_id}-3"
    assert page.locator("#s2-3").count() == 1
    page.close()
    page = context.new_page()
    page.goto(real_site_url + REPORT + "#" + quote(old))
    page.wait_for_url(real_site_url + REPORT + "#s2-3")
    paragraph = page.locator("#s2-3")
    assert paragraph.evaluate("node => node.matches(':target')")
    assert abs(paragraph.bounding_box()["y"]) < 5
    page.evaluate(f"location.hash = {json.dumps(quote(heading_id + '-1'))}")
    page.wait_for_url(real_site_url + REPORT + "#s2-1")  # a link followed within the page
    page.close()
    page = context.new_page()  # a fragment that names nothing of the page is left alone
    page.goto(real_site_url + REPORT + "#" + quote("没有这一节-3"))
    page.wait_for_timeout(200)
    assert page.evaluate("decodeURIComponent(location.hash)") == "#没有这一节-3"
    context.close()
