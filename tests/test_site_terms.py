"""Term annotation on the real site: every occurrence annotated, term pages complete."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import html5lib
import pytest

from jiedu.content import parse_report
from jiedu.glossary import load_glossary

from .conftest import REPO
from .test_annotate import expected_counts

ANNOTATED_BLOCKS = ("p", "li", "dd", "td")
REPORTS = sorted((REPO / "content").glob("*.md"))


def is_term_link(a) -> bool:
    """A term's link as the page is written: to its 本文术语 entry, t_… (body ids have no "_")."""
    return (a.get("href") or "").startswith("#t_")


def parse(path: Path):
    return html5lib.parse(path.read_bytes(), namespaceHTMLElements=False)


def body_of(page):
    return next(d for d in page.iter("div") if d.get("class") == "report-body")


@pytest.mark.parametrize("source", REPORTS, ids=lambda p: p.stem)
def test_every_occurrence_on_each_report_page_is_annotated(real_site, source):
    report = parse_report(source.read_text(encoding="utf-8"), source)
    glossary = load_glossary(REPO / "glossary.yml")
    body = body_of(parse(real_site / "reports" / report.slug / "index.html"))
    blocks = [b for b in body.iter() if b.tag in ANNOTATED_BLOCKS]
    # Text of each block without its permalink sign, one block a line (no match spans two).
    text = "\n".join(
        "".join(b.itertext()).removesuffix("¶") for b in blocks if b.tag != "li" or not b.find("p")
    )
    by_anchor = {t.anchor: t.term for t in glossary.terms}
    annotated = Counter(
        by_anchor[a.get("href").removeprefix("#")] for a in body.iter("a") if is_term_link(a)
    )
    assert annotated == expected_counts(text, glossary, report.region)
    for heading in (e for e in body.iter() if e.tag in ("h2", "h3", "h4", "dt")):
        assert not [a for a in heading.iter("a") if is_term_link(a)]


def test_each_term_links_to_its_report_terms_entry(real_site):
    page = parse(real_site / "reports" / "2021-01-13-linziqu-report" / "index.html")
    terms = [a for a in page.iter("a") if is_term_link(a)]
    section = next(s for s in page.iter("section") if s.get("class") == "report-terms")
    entries = {dd.get("id"): dd for dd in section.iter("dd")}
    # Without static/terms.js a term is a link to its entry, like a footnote: no more.
    assert {tuple(a.keys()) for a in terms} == {("href",)}
    linked = {a.get("href").removeprefix("#") for a in terms}
    assert linked == set(entries)  # every entry belongs to a term, every term has one
    assert len(terms) > len(entries)  # the definition is not repeated per occurrence
    glossary = load_glossary(REPO / "glossary.yml")
    by_anchor = {t.anchor: t for t in glossary.terms}
    (terms_list,) = section.iter("dl")
    items = list(terms_list)
    assert [e.tag for e in items] == ["dt", "dd"] * len(entries)  # the pairs, nothing around
    named = {dd: dt for dt, dd in zip(items[::2], items[1::2], strict=True)}
    for anchor, dd in entries.items():  # each entry is named by its term's dt, with its page
        name = named[dd].find("a")
        assert "".join(name.itertext()) == by_anchor[anchor].term
        assert name.get("href") == f"../../terms/{by_anchor[anchor].slug}/"
    two = glossary.by_slug("liang-ge-100").anchor
    assert "开工率100%" in "".join(entries[two].itertext())
    # One tooltip for the whole page, empty until static/terms.js fills it.
    (tip,) = [d for d in page.iter("div") if d.get("role") == "tooltip"]
    assert (
        tip.get("hidden") is not None and "".join(tip.itertext()).strip() == "查看词条与出现位置 ›"
    )


@pytest.mark.parametrize("source", REPORTS, ids=lambda p: p.stem)
def test_each_definition_is_written_once_per_page(real_site, source):
    slug = parse_report(source.read_text(encoding="utf-8"), source).slug
    html = (real_site / "reports" / slug / "index.html").read_text(encoding="utf-8")
    # The body may quote a definition itself (a report's own 词语解释), so leave it out.
    before_body, _, rest = html.partition('<div class="report-body">')
    around_body = before_body + rest[rest.find('<section class="report-terms"') :]
    definitions = re.findall(r'<dd id="t_[^"]+">(.*?)</dd>', around_body, re.S)
    assert definitions or 'href="#t_' not in html
    for definition in definitions:
        assert around_body.count(definition) == 1, definition


def test_term_page_lists_every_occurrence_with_its_paragraph(real_site):
    page = parse(real_site / "terms" / "liang-ge-100" / "index.html")
    snippets = [
        li for li in page.iter("li") if li.find("a") is not None and li.find("a/mark") is not None
    ]
    assert len(snippets) >= 2
    for li in snippets:
        href = li.find("a").get("href")
        assert href.startswith("../../reports/") and "#" in href
        assert "".join(li.find("a/mark").itertext()) in ("两个100%", "两个 100%")
    source = [a for a in page.iter("a") if "#note-" in (a.get("href") or "")]
    assert source and "词语解释第" in "".join(source[0].itertext())


def test_glossary_index_is_in_pinyin_order_with_report_counts(real_site):
    from jiedu.pinyin import pinyin_key

    page = parse(real_site / "glossary" / "index.html")
    terms = ["".join(dt.find("a").itertext()) for dt in page.iter("dt") if dt.find("a") is not None]
    glossary = load_glossary(REPO / "glossary.yml")
    assert terms == [t.term for t in glossary.terms]
    assert terms == sorted(terms, key=pinyin_key)
    letters = [
        a.get("href")
        for nav in page.iter("nav")
        if nav.get("class") == "letter-bar"
        for a in nav.iter("a")
    ]
    assert letters[0] == "#letter-B" and "#letter-Z" in letters


def test_definitions_are_escaped(project, tmp_path):
    from jiedu.project import load_project
    from jiedu.site import build_files

    (project / "glossary.yml").write_text(
        "- term: 两个100%\n  definition: '<script>x</script> \"引号\" & 符号'\n"
        "  source:\n    editorial: 测试\n",
        encoding="utf-8",
    )
    files = build_files(load_project(project))
    page = files["reports/2021-linzi-report/index.html"].decode()
    assert "<script>x</script>" not in page
    assert "&lt;script&gt;x&lt;/script&gt; &#34;引号&#34; &amp; 符号" in page or (
        "&lt;script&gt;x&lt;/script&gt; &quot;引号&quot; &amp; 符号" in page
    )
    term_page = files["terms/liang-ge-100/index.html"].decode()
    assert "<script>x</script>" not in term_page
