"""static/search.js in Debian's chromium, on a small site served under a subpath (/repo/)."""

from __future__ import annotations

import http.server
import threading
import unicodedata
import urllib.parse
from functools import partial
from pathlib import Path

import pytest

from jiedu.search import build_search_index, normalise_query
from jiedu.search.lookup import IndexReader, search

from .test_search import REQUIRED_QUERIES, TERMS, TRAPS, expected, seed_documents

pytestmark = pytest.mark.browser

STATIC = Path(__file__).resolve().parent.parent / "static"
QUERIES = [*REQUIRED_QUERIES, "100％"]


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format, *args):  # noqa: A002 - the name the base class uses
        pass


def page_html(root: str, body: str) -> str:
    """A page as the site's templates make it: data-root, the header form, search.js."""
    return (
        f'<!doctype html><html lang="zh-CN" data-root="{root}"><head><meta charset="utf-8">'
        '<link rel="icon" href="data:,"><title>搜索</title>'
        f'<script src="{root}static/search.js" defer></script></head><body>'
        f'<form class="site-search" role="search" action="{root}search/">'
        '<input type="search" name="q" aria-label="搜索报告与术语" placeholder="搜索报告与术语">'
        f"</form>{body}</body></html>"
    )


@pytest.fixture(scope="module")
def docs():
    return seed_documents() + TRAPS


def write_index_site(repo: Path, index: dict[str, bytes]) -> None:
    """The search page, a report page and the index files under `repo`."""
    for path, data in index.items():
        target = repo / "search" / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
    (repo / "static").mkdir()
    (repo / "static" / "search.js").write_bytes((STATIC / "search.js").read_bytes())
    (repo / "search" / "index.html").write_text(
        page_html("../", '<main><div id="search-results" aria-live="polite"></div></main>'),
        encoding="utf-8",
    )
    report = repo / "reports" / "example" / "index.html"
    report.parent.mkdir(parents=True)
    report.write_text(page_html("../../", "<main><p>报告正文</p></main>"), encoding="utf-8")


@pytest.fixture(scope="module")
def index(docs) -> dict[str, bytes]:
    return build_search_index(docs, TERMS)


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    """A folder served as http://127.0.0.1:<port>/; yields (folder, origin)."""
    folder = tmp_path_factory.mktemp("site")
    handler = partial(QuietHandler, directory=str(folder))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield folder, f"http://127.0.0.1:{server.server_port}/"
    server.shutdown()
    thread.join()


@pytest.fixture(scope="module")
def site(served, index):
    """http://127.0.0.1:<port>/repo/: search page, a report, the index."""
    folder, origin = served
    write_index_site(folder / "repo", index)
    return origin + "repo/"


@pytest.fixture
def page(browser, site):
    context = browser.new_context()
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))
    yield page
    context.close()
    assert errors == []
    assert all(url.startswith(site) for url in requested), requested


def open_search(page, site: str, query: str) -> None:
    page.goto(f"{site}search/?q={urllib.parse.quote(query)}")
    page.wait_for_selector('#search-results[aria-busy="false"]', state="attached")


def all_result_urls(page, site: str) -> set[str]:
    """Every result page's URL relative to the site, pressing "显示更多结果" until all show."""
    while page.locator(".search-more").count():
        shown = page.locator(".search-pages li").count()
        page.locator(".search-more").click()
        page.wait_for_function(f"document.querySelectorAll('.search-pages li').length > {shown}")
    hrefs = page.eval_on_selector_all(".search-pages .search-title a", "as => as.map(a => a.href)")
    assert all(href.startswith(site) for href in hrefs)
    return {href[len(site) :] for href in hrefs}


@pytest.mark.parametrize("query", QUERIES)
def test_queries_show_exactly_the_pages_that_contain_them(page, site, docs, query):
    open_search(page, site, query)
    assert all_result_urls(page, site) == set(expected(docs, query))
    count = len(expected(docs, query))
    assert page.locator(".search-status").inner_text() == f"找到 {count} 篇包含“{query}”的报告。"


def test_each_result_shows_title_details_and_highlighted_match(page, site, docs):
    open_search(page, site, "医共体")
    by_url = {doc.url: doc for doc in docs}
    items = page.locator(".search-pages li")
    assert items.count() == len(expected(docs, "医共体"))
    for i in range(items.count()):
        item = items.nth(i)
        href = item.locator(".search-title a").get_attribute("href")
        assert href.startswith("../")  # relative to the root, whatever the base path
        doc = by_url[href[len("../") :]]
        assert item.locator(".search-title").inner_text() == doc.title
        count = expected(docs, "医共体")[doc.url]
        assert item.locator(".search-meta").inner_text().endswith(f"{count} 处")
        assert item.locator(".search-snippet mark").inner_text() == "医共体"
    # A match at the very start of a page has nothing before it, and no "…".
    repeat = page.locator(".search-pages li", has=page.locator('a[href="../traps/repeat/"]'))
    assert repeat.locator(".search-snippet").inner_text() == "医共体医共体医共体，两新一重。"


def test_a_match_at_the_start_of_a_page_has_nothing_before_it(page, site):
    open_search(page, site, "两新一重")
    start = page.locator(".search-pages li", has=page.locator('a[href="../traps/start/"]'))
    assert start.locator(".search-snippet").inner_text() == "两新一重开头。"


def test_glossary_entries_are_listed_first(page, site):
    open_search(page, site, "两个100%")
    sections = page.eval_on_selector_all("#search-results section", "s => s.map(e => e.className)")
    assert sections == ["search-terms", "search-pages"]
    term = page.locator(".search-terms li a").first
    assert term.inner_text() == "两个100%"
    assert term.get_attribute("href") == "../glossary/liang-ge-100/"
    assert "开工率" in page.locator(".search-terms .search-definition").first.inner_text()


def test_a_width_variant_is_highlighted_as_written(page, site):
    open_search(page, site, "两个100%")
    marks = page.locator(".search-snippet mark").all_inner_texts()
    assert "两个 １００％" in marks and "两个100%" in marks


def test_a_query_with_no_match_says_so(page, site):
    open_search(page, site, "量子纠缠火星基地")
    status = page.locator(".search-status").inner_text()
    assert status == "没有找到与“量子纠缠火星基地”相关的内容。"
    assert page.locator(".search-pages li").count() == 0


def test_a_one_character_query_asks_for_more(page, site):
    open_search(page, site, "体")
    assert page.locator(".search-status").inner_text() == "请至少输入两个字以搜索报告。"
    assert page.locator(".search-terms li a").all_inner_texts() == ["医共体"]


def test_an_overlong_query_asks_for_a_shorter_one(page, site):
    open_search(page, site, "两新一重" * 10)
    assert page.locator(".search-status").inner_text() == "搜索词太长，请缩短到 32 个字以内。"


def test_results_follow_typing_and_the_address_keeps_the_query(page, site, docs):
    open_search(page, site, "医共体")
    page.locator("input[name=q]").fill("营商环境")
    page.wait_for_function(
        "document.querySelector('#search-results[aria-busy=false] .search-status')"
        "?.textContent.includes('营商环境')"
    )
    assert all_result_urls(page, site) == set(expected(docs, "营商环境"))
    assert urllib.parse.unquote(page.url).endswith("?q=营商环境")


def test_the_header_form_of_a_report_page_leads_to_results(page, site, docs):
    page.goto(f"{site}reports/example/")
    page.locator("input[name=q]").fill("三线一单")
    page.locator("input[name=q]").press("Enter")
    page.wait_for_selector('#search-results[aria-busy="false"]', state="attached")
    assert page.url.startswith(f"{site}search/")
    assert all_result_urls(page, site) == set(expected(docs, "三线一单"))


def test_the_browser_normalises_queries_as_python_does(page, site, docs):
    open_search(page, site, "")
    samples = [line for doc in docs for line in doc.text.split("\n")][::7] + [
        "两个 100 %",
        "  a  b ",
        "COVID 19 病毒",
        "Ｈｅｌｌｏ　Ｗｏｒｌｄ",
        "……好",
        "a\u200b b",
        "\u200b  x",
        "𝐀 𝐁 中",
        "㎡ 面积 10 ㎡",
        "¨x ¨ y",
        "Ⅻ ①②",
        "ｶﾀｶﾅ",
        "x\ny",
    ]
    in_browser = page.evaluate("qs => qs.map(q => window.jieduSearch.normaliseQuery(q))", samples)
    assert in_browser == [normalise_query(q) for q in samples]


def test_the_browser_folds_every_character_as_python_does(page, site):
    # Characters assigned after Python's Unicode version (unicodedata.unidata_version) may
    # differ in the browser's newer ICU; all others must agree.
    open_search(page, site, "")
    beyond_bmp = [*range(0x1D400, 0x1D800), *range(0x1F100, 0x1F200), *range(0x2F800, 0x2FA20)]
    chars = [
        chr(code)
        for code in [*range(0x10000), *beyond_bmp, *range(0x20000, 0x20100)]
        if unicodedata.category(chr(code)) not in ("Cn", "Cs")
    ]
    in_browser = page.evaluate(
        "cs => cs.map(c => window.jieduSearch.normaliseQuery('a' + c + 'b'))", chars
    )
    python = [normalise_query("a" + c + "b") for c in chars]
    differ = [(c, b, p) for c, b, p in zip(chars, in_browser, python, strict=True) if b != p]
    assert differ == []


def test_the_browser_finds_what_python_finds_for_many_substrings(page, site, docs):
    open_search(page, site, "")
    texts = [normalise_query(line) for doc in docs for line in doc.text.split("\n") if line]
    queries = sorted({t[i : i + n] for t in texts[::3] for i, n in ((0, 2), (3, 4), (5, 3))})
    queries = [q for q in queries if len(q) >= 2]
    found = page.evaluate(
        """async (qs) => {
          const out = {};
          for (const q of qs) {
            const r = await window.jieduSearch.search(q);
            out[q] = r.pages.map((p) => r.meta.lengths.length && p.document);
          }
          return out;
        }""",
        queries,
    )
    ordered = sorted(docs, key=lambda d: d.url)
    ordered = sorted(ordered, key=lambda d: d.date or "")
    for query in queries:
        urls = {ordered[number].url for number in found[query]}
        assert urls == set(expected(docs, query)), query


def pieces_read(index: dict[str, bytes], query: str) -> list[str]:
    """The text pieces that the first page of results for `query` reads."""
    reader = IndexReader(index.__getitem__)
    search(reader, query)
    return [path for path in reader.fetched if path.startswith("text/")]


def damaged(index: dict[str, bytes], path: str, how: str) -> dict[str, bytes]:
    """The index with the text piece `path` truncated, with a bit flipped, or swapped."""
    data = index[path]
    if how == "truncated":
        data = data[: len(data) // 2]
    elif how == "flipped":  # a bit of the compressed text; the last 8 bytes are CRC and size
        data = data[:-12] + bytes([data[-12] ^ 0x20]) + data[-11:]
    else:
        data = index[next(p for p in index if p.startswith("text/") and p != path)]
    return {**index, path: data}


@pytest.mark.parametrize("how", ["truncated", "flipped", "swapped"])
def test_a_damaged_text_piece_shows_an_error_not_wrong_results(browser, served, index, docs, how):
    folder, origin = served
    path = pieces_read(index, "三线一单")[0]
    write_index_site(folder / how, damaged(index, path, how))
    context = browser.new_context()
    page = context.new_page()
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    open_search(page, f"{origin}{how}/", "三线一单")
    assert page.locator("#search-results").inner_text() == "搜索索引文件已损坏，无法显示结果。"
    assert page.locator(".search-pages li").count() == 0
    assert len(errors) == 1 and path in errors[0]
    # A query whose results are in intact pieces is answered as before.
    intact = next(q for q in REQUIRED_QUERIES if path not in pieces_read(index, q))
    open_search(page, f"{origin}{how}/", intact)
    assert page.locator(".search-pages li").count() == min(10, len(expected(docs, intact)))
    context.close()


def test_posting_lists_with_long_gaps_and_dense_runs_read_the_same_in_the_browser(browser, served):
    """Rice codes at their extremes: 戊己 occurs only at both ends of three million
    characters (one step, a large k), 甲乙 also 500 times in a row (steps of 3 beside one of
    three million: a small k and a long run of quotient zeros)."""
    from jiedu.search import SearchDocument

    filler = "天地玄黄宇宙洪荒日月盈昃辰宿列张。\n" * 180_000
    docs = [
        SearchDocument("far/first/", "最早", None, "2001-01-01", "开头甲乙丙戊己。"),
        SearchDocument("far/dense/", "密集", None, "2002-01-01", "甲乙丙" * 500),
        SearchDocument("far/filler/", "填充", None, "2003-01-01", filler),
        SearchDocument("far/last/", "最晚", None, "2004-01-01", "结尾甲乙丙，戊己。"),
    ]
    index = build_search_index(docs, TERMS)
    folder, origin = served
    write_index_site(folder / "far", index)
    context = browser.new_context()
    page = context.new_page()
    for query in ("戊己", "甲乙丙", "甲乙"):
        python = search(IndexReader(index.__getitem__), query)
        assert {p.url: p.count for p in python.pages} == expected(docs, query)
        open_search(page, f"{origin}far/", query)
        items = page.locator(".search-pages li")
        shown = {
            items.nth(i)
            .locator(".search-title a")
            .get_attribute("href")
            .removeprefix("../"): items.nth(i)
            .locator(".search-meta")
            .inner_text()
            .rsplit(" · ", 1)[-1]
            for i in range(items.count())
        }
        assert shown == {url: f"{count} 处" for url, count in expected(docs, query).items()}
    context.close()
