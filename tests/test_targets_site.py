"""主要预期目标 in the built site: the report card, the 目标对比 page, the downloads, the
preview's rebuilds, and corrections that survive re-imports. The site is built from the
fixture project plus real seeds and corpus reports imported as the importer imports them."""

from __future__ import annotations

import csv
import dataclasses
import io
import json
import shutil
import unicodedata
from pathlib import Path

import html5lib
import pytest

from jiedu.check import check_site
from jiedu.errors import JieduError
from jiedu.importer import import_seed, write_content_file
from jiedu.preview_build import SiteBuilder
from jiedu.project import load_project
from jiedu.serve import Preview
from jiedu.site import build_files
from jiedu.targets.site_files import FIELDS
from jiedu.write import write_site

from .conftest import CORPUS, REPO, make_project

IMPORTED = (
    REPO / "seeds" / "000_16824cc927a6dc90.txt",
    REPO / "seeds" / "003_1b5cf71f539affb1.txt",
    CORPUS / "hebei-prov-2022-web.txt",
    CORPUS / "hebei-prov-2007-web.txt",
    CORPUS / "national-2010-gbk-notes.txt",
    CORPUS / "shenzhen-city-2007-glossary.txt",
    CORPUS / "shenzhen-pingshan-2018-attachlink.txt",
    CORPUS / "sichuan-miyi-2023-xianyu.txt",
)


def add_seed(root: Path, seed: Path) -> str:
    """Import a seed into the project as `import` would (its name made unique by the seed's
    file name, as corpus reports lack dates); returns the content file's name."""
    shutil.copy(seed, root / "seeds" / seed.name)
    document = import_seed(seed).documents[0]
    slug = seed.stem.lower().replace("_", "-")
    write_content_file(dataclasses.replace(document, slug=slug), root / "content")
    return slug


def targets_project(root: Path) -> Path:
    make_project(root)
    # The fixture's 2021 report is cut short before its targets: take the whole report.
    (root / "content" / "2021-linzi-report.md").unlink()
    shutil.copy(REPO / "content" / "2021-01-13-linziqu-report.md", root / "content")
    for seed in IMPORTED:
        add_seed(root, seed)
    return root


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    root = targets_project(tmp_path_factory.mktemp("targets") / "project")
    out = root / "site"
    write_site(build_files(load_project(root)), out)
    return out


def parse(path: Path):
    return html5lib.parse(path.read_bytes(), namespaceHTMLElements=False)


def text_of(element) -> str:
    return "".join(element.itertext())


def shown_values(page) -> list[str]:
    return [text_of(e) for e in page.iter("span") if e.get("class") == "target-figure"]


def report_text(site: Path, url: str) -> str:
    page = parse(site / url / "index.html")
    body = next(e for e in page.iter("div") if e.get("class") == "report-body")
    return text_of(body)


def every_value_is_in_its_report(site: Path) -> int:
    """Each value a report page's card shows, and each the 目标对比 page links to a
    report, appears verbatim in that report's text; returns how many were checked."""
    checked = 0
    for page_path in sorted(site.glob("reports/*/index.html")):
        url = page_path.parent.relative_to(site).as_posix() + "/"
        text = report_text(site, url)
        for value in shown_values(parse(page_path)):
            assert value in text, (url, value)
            checked += 1
    for link in parse(site / "targets" / "index.html").iter("a"):
        href = link.get("href", "")
        figures = [text_of(e) for e in link.iter("span") if e.get("class") == "target-figure"]
        if figures:
            url = href.removeprefix("../").split("#")[0]
            assert figures[0] in report_text(site, url), (url, figures[0])
            checked += 1
    return checked


def test_every_value_shown_appears_verbatim_in_its_report(site):
    assert every_value_is_in_its_report(site) > 100


def test_every_value_shown_on_this_repositorys_site_appears_in_its_report(real_site):
    assert every_value_is_in_its_report(real_site) >= 2 * 14  # 14 targets, card and page


def test_the_report_card_links_each_target_to_its_sentence(site):
    page = parse(site / "reports" / "2021-01-13-linziqu-report" / "index.html")
    card = next(e for e in page.iter("section") if e.get("class") == "targets-card")
    ids = {e.get("id"): e for e in page.iter() if isinstance(e.tag, str) and e.get("id")}
    rows = [(text_of(d.find("dt")), text_of(d.find("dd"))) for d in card.iter("div")]
    assert rows[0] == ("地区生产总值", "7%左右")
    assert ("农村居民人均可支配收入", "7.5%左右") in rows and len(rows) == 6
    for link in card.iter("a"):
        href = link.get("href")
        if href.startswith("#"):
            assert "主要预期目标" in text_of(ids[href[1:]])
    # The card sits before the table of contents, near the top.
    order = [e.get("class") for e in page.iter() if e.get("class") in ("targets-card", "toc")]
    assert order == ["targets-card", "toc"]


def test_a_report_without_targets_has_no_card(site):
    page = (site / "reports" / "2022-zhangdian" / "index.html").read_text(encoding="utf-8")
    assert "targets-card" not in page and "主要预期目标" not in page


def test_the_targets_page_is_linked_from_home_and_the_site_checks_clean(site):
    home = parse(site / "index.html")
    assert "targets/" in [a.get("href") for a in home.iter("a")]
    page = parse(site / "targets" / "index.html")
    links = [a.get("href") for a in page.iter("a")]
    assert "../data/targets.csv" in links and "../data/targets.json" in links
    assert check_site(site) == []
    svg = next(page.iter("{http://www.w3.org/2000/svg}svg"))
    assert svg.get("role") == "img" and svg.get("aria-labelledby")
    captions = [text_of(c) for c in page.iter("caption")]
    assert "地区生产总值增长目标，按地区和年份" in captions  # the chart's text alternative
    assert "2022年各地区主要预期目标" in captions


def test_the_chart_table_and_year_tables_hold_the_same_gdp_targets(site):
    page = parse(site / "targets" / "index.html")
    chart_table, *year_tables = list(page.iter("table"))
    years = [text_of(th) for th in chart_table.find("thead").iter("th")][1:]
    chart = {
        (text_of(row.find("th")), year): text_of(td)
        for row in chart_table.find("tbody").iter("tr")
        for year, td in zip(years, row.iter("td"), strict=True)
        if text_of(td) != "—"
    }
    assert chart[("河北省", "2007年")] == "11%以上" and chart[("河北省", "2022年")] == "6.5%"
    assert chart[("全国", "2010年")] == "8％左右"  # as the body writes it
    in_year_tables = {}
    for table in year_tables:
        year = text_of(table.find("caption"))[:5]
        if not year[:4].isdigit():
            continue  # undated reports are not in the chart
        columns = [text_of(th) for th in table.find("thead").iter("th")]
        for row in table.find("tbody").iter("tr"):
            cells = dict(zip(columns[1:], row.findall("td"), strict=True))
            region = text_of(row.find("th").find("a"))
            if "地区生产总值" in cells and (region, year) not in in_year_tables:
                figures = shown_values(cells["地区生产总值"])
                growth = [f for f in figures if "%" in unicodedata.normalize("NFKC", f)]
                if growth:
                    in_year_tables[(region, year)] = growth[0]
    assert chart == in_year_tables


def test_the_csv_reads_back_with_the_csv_module_and_matches_the_json(site):
    raw = (site / "data" / "targets.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # a BOM: spreadsheet programs read UTF-8
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"), newline="")))
    text = (site / "data" / "targets.json").read_text(encoding="utf-8")
    data = json.loads(text)
    assert tuple(data["fields"]) == FIELDS
    lines = text.splitlines()[2:-1]  # one target a line, between the fields and the end
    assert [json.loads(line.rstrip(",")) for line in lines] == data["targets"]
    assert len(rows) == len(data["targets"]) == 60  # 14 of three seeds, 46 of six reports
    assert set(rows[0]) == set(FIELDS)
    for row, record in zip(rows, data["targets"], strict=True):
        assert row == {k: "" if v is None else str(v) for k, v in record.items()}
    linzi = [r for r in rows if r["report"] == "2021-01-13-linziqu-report"]
    gdp = [r for r in linzi if r["indicator"] == "gdp"]
    assert gdp == [
        {
            "report": "2021-01-13-linziqu-report",
            "seed": "001_e9778d67e6610d54.txt",
            "region": "临淄区",
            "year": "2021",
            "indicator": "gdp",
            "label": "地区生产总值",
            "value": "7%左右",
            "low": "7",
            "high": "7",
            "comparator": "左右",
            "unit": "%",
            "change": "",
            "url": gdp[0]["url"],
        }
    ]
    assert gdp[0]["url"].endswith("/reports/2021-01-13-linziqu-report/#s3-1")  # 2021年目标任务…
    falling = [r for r in rows if r["label"] == "单位GDP能耗"]
    assert falling[0]["change"] == "下降" and falling[0]["value"] == "3.5%"


def test_two_builds_of_the_targets_are_byte_identical(site, tmp_path):
    root = site.parent
    files = build_files(load_project(root))
    for path in ("targets/index.html", "data/targets.csv", "data/targets.json"):
        assert files[path] == (site / path).read_bytes()


def test_the_preview_shows_an_edit_of_a_target_on_the_card_page_and_downloads(tmp_path):
    root = targets_project(tmp_path / "project")
    builder = SiteBuilder(root, with_search=False)
    before = builder.build()
    source = root / "content" / "2021-01-13-linziqu-report.md"
    text = source.read_text(encoding="utf-8")
    source.write_text(text.replace("地区生产总值增长7%左右", "地区生产总值增长7.5%左右"), "utf-8")
    after = builder.build()
    card = after["reports/2021-01-13-linziqu-report/index.html"].decode()
    assert '<span class="target-figure">7.5%左右</span>' in card
    assert "7.5%左右" in after["targets/index.html"].decode()
    assert after["data/targets.csv"] != before["data/targets.csv"]
    assert after == build_files(load_project(root), with_search=False)
    preview = Preview(lambda: after)
    preview.rebuild()
    status, kind, body = preview.respond("/data/targets.csv")
    assert (status, kind, body) == (200, "text/csv; charset=utf-8", after["data/targets.csv"])
    assert preview.respond("/targets/")[2] == after["targets/index.html"]
    # A correction in the front matter is a rebuild too.
    edited = source.read_text(encoding="utf-8").replace(
        "\n---\n", "\ntargets:\n  - {indicator: industry, remove: true}\n---\n", 1
    )
    source.write_text(edited, "utf-8")
    corrected = builder.build()
    records = json.loads(corrected["data/targets.json"])["targets"]
    indicators = [r["indicator"] for r in records if r["report"] == "2021-01-13-linziqu-report"]
    assert "industry" not in indicators and "gdp" in indicators
    assert (
        "规模以上工业增加值"
        not in corrected["reports/2021-01-13-linziqu-report/index.html"]
        .decode()
        .split('class="toc"')[0]
    )
    assert corrected == build_files(load_project(root), with_search=False)


def test_a_correction_survives_rebuilds_and_re_imports(tmp_path):
    root = make_project(tmp_path / "project")
    slug = add_seed(root, CORPUS / "hebei-prov-2022-web.txt")
    source = root / "content" / f"{slug}.md"
    correction = "targets:\n  - {indicator: other, label: PM2.5平均浓度, remove: true}\n"
    source.write_text(
        source.read_text(encoding="utf-8").replace("\n---\n", f"\n{correction}---\n", 1), "utf-8"
    )
    edited = source.read_text(encoding="utf-8")
    with pytest.raises(JieduError, match="edited by hand"):
        add_seed(root, CORPUS / "hebei-prov-2022-web.txt")
    assert source.read_text(encoding="utf-8") == edited
    for _ in range(2):  # a rebuild reads the correction again
        files = build_files(load_project(root), with_search=False)
        records = json.loads(files["data/targets.json"])["targets"]
        labels = [r["label"] for r in records if r["report"] == slug]
        assert "PM2.5平均浓度" not in labels and "单位GDP能耗" in labels
