"""Whole-site tests: build fixture projects and read the HTML as a browser would."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from urllib.parse import unquote

import html5lib
import pytest

from jiedu.check import check_site
from jiedu.errors import JieduError
from jiedu.project import load_project
from jiedu.site import build_files
from jiedu.write import write_site

from .conftest import REPO


def build(root: Path, out: Path | None = None, base_url: str | None = None) -> Path:
    out = out or root / "site"
    write_site(build_files(load_project(root, base_url)), out)
    return out


def parse(path: Path):
    return html5lib.parse(path.read_bytes(), namespaceHTMLElements=False)


def text_of(element) -> str:
    return "".join(element.itertext())


def all_files(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()
    }


def test_every_report_has_a_page_linked_from_home(project):
    site = build(project)
    home = parse(site / "index.html")
    links = {a.get("href") for a in home.iter("a")}
    for source in (project / "content").glob("*.md"):
        assert (site / "reports" / source.stem / "index.html").is_file()
        assert f"reports/{source.stem}/" in links


def test_home_groups_by_region_newest_first(project):
    home = parse(build(project) / "index.html")
    groups = [s for s in home.iter("section") if s.get("class") == "region-group"]
    assert [text_of(s.find("h2/a")) for s in groups] == ["山东省"]  # province > city > county
    inner = {
        text_of(s.find("*/a")): s for s in home.iter("section") if s.get("class") == "region-sub"
    }
    assert list(inner) == ["淄博市", "张店区", "临淄区"]  # code order: 370303 < 370305
    cards = [h for h in inner["临淄区"].iter() if h.get("class") == "card-title"]
    linzi_titles = [text_of(h).strip() for h in cards]
    assert linzi_titles == ["聚力打造产业强、生态美、百姓富、干劲足的新临淄", "政府工作报告"]


def test_report_page_shows_its_metadata(project):
    page = parse(build(project) / "reports" / "2021-linzi-report" / "index.html")
    html = page.getroot() if hasattr(page, "getroot") else page
    assert html.get("lang") == "zh-CN"
    article = next(page.iter("article"))
    assert article.get("data-seed") == "001_e9778d67e6610d54.txt"
    header = text_of(article.find("header"))
    for expected in (
        "临淄区",
        "2021年1月13日",
        "代理区长 宋磊",
        "第十八届人民代表大会第五次会议",
        "临淄区人民政府",
        "001_e9778d67e6610d54.txt",
        "政府工作报告",
    ):
        assert expected in header
    toc = [
        text_of(a) for nav in page.iter("nav") if nav.get("class") == "toc" for a in nav.iter("a")
    ]
    assert toc == [
        "“十三五”时期工作回顾",
        "100",
        "（一）着力聚焦“创新驱动”",
        "《政府工作报告》词语解释",
    ]
    crumbs = [
        text_of(li).strip()
        for nav in page.iter("nav")
        if nav.get("class") == "breadcrumbs"
        for li in nav.iter("li")
    ]
    assert crumbs == ["首页", "山东省", "淄博市", "临淄区", "政府工作报告"]
    assert any(a.get("rel") == "next" for a in page.iter("a"))  # the 2022 临淄 summary is newer


def test_ids_are_meaningful_unique_and_permalinked(project):
    page = parse(build(project) / "reports" / "2021-linzi-report" / "index.html")
    ids = [e.get("id") for e in page.iter() if isinstance(e.tag, str) and e.get("id")]
    assert len(ids) == len(set(ids))
    headings = {
        text_of(h).rstrip("#"): h.get("id")
        for h in page.iter()
        if h.tag in ("h2", "h3") and h.get("id")
    }
    assert headings["“十三五”时期工作回顾"] == "十三五时期工作回顾"
    assert headings["100"] == "sec-100"
    body = next(d for d in page.iter("div") if d.get("class") == "report-body")
    for block in body.iter():
        links = [a for a in block.iter("a") if a.get("class") == "permalink"]
        if block.tag in ("h2", "h3"):
            # libxml2 writes non-ASCII in href percent-encoded; browsers decode it.
            assert [unquote(a.get("href")) for a in links] == ["#" + block.get("id")]
        elif block.tag == "p" and block.get("id"):  # its ¶ link is static/permalinks.js's
            assert not links
    # Paragraphs and list items are numbered within their section, named by its place:
    # s2-3 is the third after the second heading, p-1 the first before any.
    section, number, numbered = 0, 0, 0
    for block in body.iter():
        if block.tag in ("h1", "h2", "h3", "h4", "h5", "h6"):
            section, number = section + 1, 0
        elif block.tag in ("p", "li") and block.get("id"):
            number, numbered = number + 1, numbered + 1
            assert block.get("id") == (f"s{section}-{number}" if section else f"p-{number}")
    assert numbered > 3 and section > 1


def test_ids_stay_when_text_elsewhere_changes(project):
    first = parse(build(project) / "reports" / "2021-linzi-report" / "index.html")
    source = project / "content" / "2021-linzi-report.md"
    source.write_text(
        source.read_text(encoding="utf-8")
        .replace("## 100", "插入的新段落。\n\n## 100")
        .replace("## “十三五”时期工作回顾", "## “十三五”时期工作回顾（改了标题）"),
        encoding="utf-8",
    )
    second = parse(build(project) / "reports" / "2021-linzi-report" / "index.html")

    def ids_by_text(page):
        return {
            text_of(p).rstrip("¶#"): p.get("id")
            for p in page.iter()
            if p.tag in ("p", "h2", "h3") and p.get("id")
        }

    before, after = ids_by_text(first), ids_by_text(second)
    renamed = before.pop("“十三五”时期工作回顾")
    assert after.pop("“十三五”时期工作回顾（改了标题）") != renamed  # the heading's own slug
    assert len(before) > 5
    for text, ident in before.items():  # its paragraphs keep theirs, as does all else
        assert after[text] == ident


def test_raw_html_in_markdown_is_escaped(project):
    page = (build(project) / "reports" / "2022-zhangdian" / "index.html").read_text("utf-8")
    assert "&lt;b&gt;不是标签&lt;/b&gt;" in page
    assert "<b>" not in page


def test_region_and_404_pages(project):
    site = build(project)
    region = parse(site / "regions" / "linziqu" / "index.html")
    assert "临淄区" in text_of(region.find(".//h1"))
    assert len([li for li in region.iter("li") if li.get("class") == "report-card"]) == 2
    missing = parse(site / "404.html")
    assert "页面不存在" in text_of(missing.find(".//h1"))


def test_every_link_and_anchor_resolves(project):
    assert check_site(build(project)) == []


def test_check_finds_broken_links_and_orphans(project):
    site = build(project)
    page = site / "reports" / "2022-zhangdian" / "index.html"
    page.write_text(
        page.read_text("utf-8").replace(
            "</main>", '<a href="../nowhere/">x</a><a href="#no-such-id">y</a></main>'
        ),
        "utf-8",
    )
    (site / "lost.html").write_text("<!doctype html><title>x</title><p>lost", "utf-8")
    messages = [str(p) for p in check_site(site)]
    assert any("broken link" in m and "nowhere" in m for m in messages)
    assert any("broken anchor" in m and "no-such-id" in m for m in messages)
    assert "lost.html: orphaned: no page links to it" in messages


def test_two_builds_are_byte_identical(project, tmp_path):
    first = all_files(build(project, tmp_path / "one"))
    second = all_files(build(project, tmp_path / "two"))
    assert first == second


@pytest.mark.parametrize(
    ("front_matter", "line", "words"),
    [
        ("title: x\ndate: 2021-13-45\n", 3, "'date' must be a date written YYYY-MM-DD"),
        ("title: [1, 2]\n", 2, "'title' must be text"),
        ("date: 2021-01-01\n", 1, "missing required field 'title'"),
        ("title: x\ntitel: y\n", 3, "unknown field 'titel'"),
        ("title: x\nkind: speech\n", 3, "'kind' must be one of report, summary, news"),
        ("title: x\nregion: [unclosed\n", 4, "not valid YAML"),
    ],
)
def test_bad_front_matter_names_file_and_line(project, front_matter, line, words):
    bad = project / "content" / "bad.md"
    bad.write_text(f"---\n{front_matter}---\n正文。\n", encoding="utf-8")
    with pytest.raises(JieduError) as caught:
        load_project(project)
    assert caught.value.path == str(bad)
    assert caught.value.line == line
    assert words in caught.value.message


def test_failed_build_leaves_previous_site_intact(project):
    site = build(project)
    before = all_files(site)
    (project / "content" / "bad.md").write_text("---\ntitle: [\n---\n", encoding="utf-8")
    result = subprocess.run(
        [sys.executable, str(REPO / "build.py"), "--root", str(project), "build"],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 1
    assert f"{project / 'content' / 'bad.md'}:3:1: front matter is not valid YAML" in result.stderr
    assert all_files(site) == before


def test_build_command_prints_summary_and_help(project):
    result = subprocess.run(
        [sys.executable, str(REPO / "build.py"), "--help"], capture_output=True, text=True
    )
    assert result.returncode == 0
    for command in ("build", "check"):
        assert command in result.stdout
    result = subprocess.run(  # no command means build
        [sys.executable, str(REPO / "build.py"), "--root", str(project)],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    pages = len(list((project / "site").rglob("*.html")))  # 山东省 and 淄博市 hold its regions
    assert result.stdout.startswith(f"Built {pages} pages")
    assert (project / "site" / "reports" / "2022-zhangdian" / "index.html").is_file()


def test_write_refuses_paths_outside_the_site(tmp_path):
    with pytest.raises(JieduError):
        write_site({"../escape.html": b"x"}, tmp_path / "site")
    assert not (tmp_path / "escape.html").exists()
    assert not (tmp_path / "site").exists()


def test_unchanged_inputs_skip_the_build_and_any_edit_rebuilds(project):
    def run() -> str:
        result = subprocess.run(
            [sys.executable, str(REPO / "build.py"), "--root", str(project), "build"],
            capture_output=True,
            text=True,
            check=True,
        )
        return result.stdout

    assert run().startswith("Built")
    assert run().startswith("Nothing changed")
    source = project / "content" / "2022-zhangdian.md"
    stamp = (project / "site" / ".jiedu-build").read_text(encoding="utf-8")
    source.write_bytes(source.read_bytes())  # saved again, unchanged: new times, same text
    assert run().startswith("Nothing changed")
    assert (project / "site" / ".jiedu-build").read_text(encoding="utf-8") != stamp
    source.write_text(source.read_text(encoding="utf-8") + "\n补充一段。\n", encoding="utf-8")
    assert run().startswith("Built")
    page = project / "site" / "reports" / "2022-zhangdian" / "index.html"
    assert "补充一段。" in page.read_text(encoding="utf-8")


def test_a_template_error_in_a_worker_process_names_the_template_and_line(project, monkeypatch):
    import jiedu.workers

    monkeypatch.setattr(jiedu.workers, "PARALLEL_FROM", 2)  # the fixture's few reports use workers
    template = project / "templates" / "report.html"
    template.write_text(
        template.read_text(encoding="utf-8").replace("{{ report.title }}", "{{ report.nope }}", 1),
        encoding="utf-8",
    )
    with pytest.raises(JieduError) as caught:
        build_files(load_project(project))
    assert caught.value.path == str(template)
    assert "nope" in caught.value.message


def test_each_renders_a_template_per_item_and_reuses_equal_items(tmp_path):
    from markupsafe import Markup

    from jiedu.config import load_config
    from jiedu.pages import Pages
    from jiedu.usage import TermUse

    (tmp_path / "item.html").write_text(
        "<li>{{ root }}{{ item.term }} {{ item.count }}</li>\n", encoding="utf-8"
    )
    pages = Pages([tmp_path], load_config(tmp_path / "site.yml"))
    a = TermUse("<三>", "san", "t_0", "terms/san/", 2, Markup("<b>定义</b>"))
    b = TermUse("<三>", "san", "t_0", "terms/san/", 3, Markup("<b>定义</b>"))  # another count
    first = pages.each("item.html", [a, b, a], root="../")
    assert first == "<li>../&lt;三&gt; 2</li>\n<li>../&lt;三&gt; 3</li>\n<li>../&lt;三&gt; 2</li>"
    assert pages.each("item.html", [a], root="/") == "<li>/&lt;三&gt; 2</li>"  # other context
    renders = []
    pages.env.get_template = lambda name, real=pages.env.get_template: (
        renders.append(name) or real(name)
    )
    assert pages.each("item.html", [b, a], root="../") == first.split("\n", 1)[1]
    assert renders == []  # both were rendered before


def test_a_template_error_in_an_each_template_names_it(project):
    (project / "glossary.yml").write_text(
        "- term: 政府工作报告\n  definition: 定义\n  source: {editorial: 出处}\n", encoding="utf-8"
    )
    template = project / "templates" / "term-item.html"
    template.write_text("{{ item.nope }}\n", encoding="utf-8")
    with pytest.raises(JieduError) as caught:
        build_files(load_project(project))
    assert caught.value.path == str(template)
    assert caught.value.line == 1


def test_worker_processes_build_the_same_site_as_one_process(monkeypatch):
    """Pages rendered in forked workers and the search index built in a forked process
    give exactly the files the in-process build gives (the real content and glossary)."""
    import jiedu.workers

    project = load_project(REPO)
    monkeypatch.setattr(jiedu.workers, "PARALLEL_FROM", 10**9)
    in_process = build_files(project)
    monkeypatch.setattr(jiedu.workers, "PARALLEL_FROM", 2)
    assert build_files(project) == in_process


def test_a_project_loaded_without_bodies_builds_the_same_site(monkeypatch):
    """A one-off build keeps no bodies (keep_bodies=False): each is read again where it is
    rendered, in the worker processes or in this one, and the site is the same."""
    import jiedu.workers
    from jiedu.project import report_body

    kept = load_project(REPO)
    project = load_project(REPO, keep_bodies=False)
    assert all(report.body is None for report in project.reports)
    assert [report_body(project, i) for i in range(len(project.reports))] == [
        report.body for report in kept.reports
    ]
    expected = build_files(kept)
    monkeypatch.setattr(jiedu.workers, "PARALLEL_FROM", 2)
    assert build_files(project) == expected
    monkeypatch.setattr(jiedu.workers, "PARALLEL_FROM", 10**9)
    assert build_files(project) == expected


def test_a_report_changed_after_it_was_loaded_is_not_built_from_its_new_text(project):
    """A body read again must come from the very file that was loaded: a report edited (or
    removed) meanwhile stops the build with a message naming it."""
    loaded = load_project(project, keep_bodies=False)
    path = sorted((project / "content").glob("*.md"))[0]
    path.write_text(path.read_text(encoding="utf-8") + "\n新的一段。\n", encoding="utf-8")
    with pytest.raises(JieduError, match="changed while the site was being built") as error:
        build_files(loaded)
    assert path.name in str(error.value)
    path.unlink()
    with pytest.raises(JieduError, match="cannot be read again") as error:
        build_files(loaded)
    assert path.name in str(error.value)


def test_a_rebuild_keeps_unchanged_files_and_rewrites_changed_ones(project, tmp_path):
    site = build(project, tmp_path / "site")
    before = {p: p.stat().st_ino for p in site.rglob("*") if p.is_file()}
    report = project / "content" / "2021-linzi-report.md"
    report.write_text(report.read_text(encoding="utf-8") + "\n新增一段。\n", encoding="utf-8")
    build(project, tmp_path / "site")
    after = all_files(site)
    assert after == all_files(build(project, tmp_path / "fresh"))  # same as a clean build
    page = site / "reports" / "2021-linzi-report" / "index.html"
    assert "新增一段" in page.read_text(encoding="utf-8")
    assert page.stat().st_ino != before[page]
    unchanged = site / "static" / "style.css"
    assert unchanged.stat().st_ino == before[unchanged]  # linked from the previous site
    assert not list(tmp_path.glob(".site.*"))  # no staging or previous folder left behind


GLOSSARY = """\
- term: 两个100%
  definition: {first}
  source: {{editorial: 编辑部}}
- term: 人民代表大会
  definition: 国家权力机关。
  source: {{editorial: 编辑部}}
"""


def test_preview_renders_no_body_again_when_only_a_definition_changes(project, monkeypatch):
    import jiedu.report_pages
    from jiedu.preview_build import SiteBuilder

    glossary = project / "glossary.yml"
    glossary.write_text(GLOSSARY.format(first="旧的释义。"), encoding="utf-8")
    builder = SiteBuilder(project, with_search=False)
    before = builder.build()
    rendered = []
    original = jiedu.report_pages.render_markdown
    monkeypatch.setattr(
        jiedu.report_pages, "render_markdown", lambda *a: rendered.append(1) or original(*a)
    )

    glossary.write_text(GLOSSARY.format(first="新的释义。"), encoding="utf-8")
    after = builder.build()
    assert rendered == []  # matching did not change: every body is reused
    changed = {path for path in after if after[path] != before.get(path)}
    uses_it = "reports/2021-linzi-report/index.html"
    assert "新的释义" in after[uses_it].decode() and "旧的释义" not in after[uses_it].decode()
    assert "reports/2022-zhangdian/index.html" not in changed  # shows only the other term
    assert "terms/liang-ge-100/index.html" in changed

    glossary.write_text(
        GLOSSARY.format(first="新的释义。").replace("term: 人民代表大会", "term: 代表大会"),
        encoding="utf-8",
    )
    builder.build()
    assert len(rendered) == 3  # a spelling changed: every body is annotated again


@pytest.mark.parametrize(
    ("name", "old", "new"),
    [
        ("2022-linzi-news.md", "title: 聚力打造", "title: 全力打造"),  # neighbours, listings
        ("2022-linzi-news.md", "kind: summary", "subtitle: 副标题\nkind: summary"),  # feed
        ("2022-zhangdian.md", "date: 2022-01-20", "date: 2020-01-20"),  # order, feed
        ("2022-zhangdian.md", "region: 张店区", "region: 临淄区"),  # regions, neighbours
        ("2021-linzi-report.md", "各位代表：", "各位代表：两个100%"),  # body, term pages
    ],
)
def test_preview_rebuild_after_an_edit_equals_a_fresh_build(project, name, old, new):
    from jiedu.preview_build import SiteBuilder

    (project / "glossary.yml").write_text(GLOSSARY.format(first="释义。"), encoding="utf-8")
    builder = SiteBuilder(project, with_search=False)
    builder.build()
    source = project / "content" / name
    text = source.read_text(encoding="utf-8")
    assert old in text
    source.write_text(text.replace(old, new, 1), encoding="utf-8")
    rebuilt = builder.build()
    assert rebuilt == build_files(load_project(project), with_search=False)


def test_term_pages_follow_an_edit_when_their_listings_span_many_blocks(project, monkeypatch):
    """A term page's listing is digested a block of reports at a time: with blocks of one
    report, an edit to one report still renders again exactly the term pages it changes."""
    import jiedu.glossary_pages
    from jiedu.preview_build import SiteBuilder

    monkeypatch.setattr(jiedu.glossary_pages, "LISTING_BLOCK", 1)
    (project / "glossary.yml").write_text(GLOSSARY.format(first="释义。"), encoding="utf-8")
    builder = SiteBuilder(project, with_search=False)
    before = builder.build()
    source = project / "content" / "2021-linzi-report.md"
    text = source.read_text(encoding="utf-8")
    source.write_text(text.replace("各位代表：", "各位代表：两个100%", 1), encoding="utf-8")
    after = builder.build()
    assert after == build_files(load_project(project), with_search=False)
    changed = {path for path in after if path.startswith("terms/") and after[path] != before[path]}
    assert changed == {"terms/liang-ge-100/index.html"}


def test_preview_sees_an_edit_that_keeps_the_size_and_modification_time(project):
    import os

    from jiedu.preview_build import SiteBuilder

    builder = SiteBuilder(project, with_search=False)
    builder.build()
    source = project / "content" / "2022-zhangdian.md"
    text, stat = source.read_text(encoding="utf-8"), source.stat()
    source.write_text(text.replace("人民代表大会", "人民代表会议", 1), encoding="utf-8")
    assert source.stat().st_size == stat.st_size
    os.utime(source, ns=(stat.st_atime_ns, stat.st_mtime_ns))  # as cp -p or rsync -t do
    page = builder.build()["reports/2022-zhangdian/index.html"].decode()
    assert "人民代表会议" in page


def test_a_failed_build_stops_the_search_index_process(project, monkeypatch):
    import multiprocessing

    import jiedu.workers

    monkeypatch.setattr(jiedu.workers, "PARALLEL_FROM", 2)  # the search index is built meanwhile
    home = project / "templates" / "home.html"
    broken = home.read_text(encoding="utf-8").replace("{{ report_count }}", "{{ nope.nope }}")
    home.write_text(broken, encoding="utf-8")
    with pytest.raises(JieduError) as caught:
        build_files(load_project(project))
    assert caught.value.path == str(home)
    assert multiprocessing.active_children() == []
