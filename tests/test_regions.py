"""Administrative divisions: reading every written form of a government, against the
official division table shipped in jiedu/data/divisions.txt."""

from __future__ import annotations

import subprocess
import sys

import pytest

from jiedu import regions
from jiedu.regions import by_code, front_matter_name, mentions, resolve

from .conftest import CORPUS, REPO


@pytest.mark.parametrize(
    ("written", "code"),
    [
        ("保定市满城区", "130607"),
        ("满城区", "130607"),
        ("河北省保定市满城区", "130607"),
        ("保定市满城区人民政府", "130607"),
        ("宁夏", "640000"),
        ("宁夏回族自治区", "640000"),
        ("国务院", "000000"),
        ("全国", "000000"),
        ("中华人民共和国", "000000"),
        ("河北", "130000"),
        ("河北省", "130000"),
        ("深圳", "440300"),
        ("深圳市", "440300"),
        ("内蒙古", "150000"),
        ("广西", "450000"),
        ("北京", "110000"),
        ("北京市朝阳区", "110105"),
        ("河北保定", "130600"),
        ("石家庄市新华区", "130105"),
        ("恩施州", "422800"),  # 恩施土家族苗族自治州
        ("长阳县", "420528"),  # 长阳土家族自治县
        ("吉林", "220000"),  # the province's short name before the city's stem
        ("吉林市", "220200"),
        (" 满城区\u3000", "130607"),
    ],
)
def test_resolve_reads_every_written_form(written, code):
    assert resolve(written).code == code


@pytest.mark.parametrize(
    ("written", "code", "name"),
    [
        ("清苑县", "130608", "清苑区"),  # 撤县设区
        ("满城县", "130607", "满城区"),
        ("徐水县", "130609", "徐水区"),
        ("保定市清苑县", "130608", "清苑区"),
        ("藁城市", "130109", "藁城区"),  # 撤市设区
        ("保定地区", "130600", "保定市"),  # 撤地设市
    ],
)
def test_resolve_reads_names_whose_suffix_changed(written, code, name):
    division = resolve(written)
    assert (division.code, division.name) == (code, name)


@pytest.mark.parametrize(
    ("written", "code", "parents"),
    [
        ("满城区", "130607", ("河北省", "保定市")),
        ("徐水区", "130609", ("河北省", "保定市")),
        ("安国市", "130683", ("河北省", "保定市")),
        ("清苑县", "130608", ("河北省", "保定市")),
        ("顺平县", "130636", ("河北省", "保定市")),
        ("阜平县", "130624", ("河北省", "保定市")),
        ("容城县", "130629", ("河北省", "保定市")),
        ("易县", "130633", ("河北省", "保定市")),
        ("高唐县", "371526", ("山东省", "聊城市")),
        ("米易县", "510421", ("四川省", "攀枝花市")),
        ("坪山区", "440310", ("广东省", "深圳市")),
        ("盐田区", "440308", ("广东省", "深圳市")),
        ("罗湖区", "440303", ("广东省", "深圳市")),
        ("福田区", "440304", ("广东省", "深圳市")),
        ("宝安区", "440306", ("广东省", "深圳市")),
        ("龙岗区", "440307", ("广东省", "深圳市")),
        ("保定市", "130600", ("河北省",)),
        ("深圳市", "440300", ("广东省",)),
        ("河北省", "130000", ()),
        ("广东省", "440000", ()),
        ("全国", "000000", ()),
        ("北京市海淀区", "110108", ("北京市",)),  # a municipality's district
        ("济源市", "419001", ("河南省",)),  # a county-level city under its province
    ],
)
def test_corpus_regions_and_their_parents(written, code, parents):
    division = resolve(written)
    assert division.code == code
    assert tuple(p.name for p in division.parents) == parents


@pytest.mark.parametrize(
    ("code", "level"),
    [("000000", 0), ("130000", 1), ("110000", 1), ("130600", 2), ("130607", 3), ("110108", 3)],
)
def test_levels(code, level):
    assert by_code(code).level == level


@pytest.mark.parametrize(
    "word", ["城市", "湾区", "全区", "全市", "本市", "新区", "大湾区", "城区", "矿区", "", "区"]
)
def test_common_nouns_are_no_region(word):
    assert resolve(word) is None


def test_regions_outside_the_table_are_not_resolved_but_know_where_they_lie():
    assert resolve("淄博高新区") is None
    assert resolve("雄安新区") is None
    assert regions.enclosing("淄博高新区").name == "淄博市"
    assert regions.enclosing("河北雄安新区").name == "河北省"
    assert regions.enclosing("雄安新区") is None


def test_a_shared_name_needs_context_naming_its_parent():
    assert resolve("新华区") is None  # 石家庄, 沧州 and 平顶山 each have one
    assert resolve("新华区", "石家庄市新华区人民政府区长").code == "130105"
    assert resolve("新华区", "沧州市委、市政府的坚强领导下").code == "130902"
    assert resolve("新华区", "今年经济平稳") is None
    assert resolve("朝阳区", "北京市").code == "110105"


def test_front_matter_name_reads_back_as_the_same_division():
    assert front_matter_name(by_code("130607")) == "满城区"
    assert front_matter_name(by_code("130105")) == "石家庄市新华区"
    assert front_matter_name(by_code("000000")) == "全国"
    assert front_matter_name(by_code("640000")) == "宁夏回族自治区"
    assert front_matter_name(by_code("140302")) == "阳泉市城区"
    for code in ("110105", "370303", "440310", "419001", "500157"):
        assert resolve(front_matter_name(by_code(code))) == by_code(code)


def test_front_matter_name_reads_back_for_every_division():
    table = regions.load_table()
    for division in table.by_code.values():
        assert resolve(front_matter_name(division)) == division, division


def test_the_table_is_whole_and_consistent():
    table = regions.load_table()
    levels = [d.level for d in table.by_code.values()]
    assert levels.count(1) == 34  # provinces, autonomous regions, municipalities, SARs
    assert 330 <= levels.count(2) <= 340
    assert 2800 <= levels.count(3) <= 2900
    for division in table.by_code.values():
        assert len(division.code) == 6 and division.code.isdigit()
        if division.parent_code is not None:
            assert by_code(division.parent_code).level < division.level
    assert regions.DATA.stat().st_size < 2_000_000


def test_the_table_loads_fast_in_a_fresh_process():
    # The best of three loads: what the work costs, not what a busy machine adds to it.
    script = (
        "import time, jiedu.regions as r\n"
        "def once():\n"
        "    t = time.perf_counter(); r.load_table(); return time.perf_counter() - t\n"
        "print(min(once() for _ in range(3)) * 1000)"
    )
    out = subprocess.run(
        [sys.executable, "-c", script], cwd=REPO, capture_output=True, text=True, check=True
    )
    assert float(out.stdout) < 50


def names(text):
    return [(text[s:e], d.name) for s, e, d in mentions(text)]


def test_mentions_finds_full_names_short_provinces_and_the_state():
    text = "河北省保定市满城区人民政府。全国文明城市；宁夏和广东；国务院批复。"
    assert names(text) == [
        ("河北省保定市满城区", "满城区"),
        ("全国", "全国"),
        ("宁夏", "宁夏回族自治区"),
        ("广东", "广东省"),
        ("国务院", "全国"),
    ]


def test_mentions_keeps_the_longest_and_never_a_common_noun_or_a_bare_stem():
    assert names("天津市河北区与河北区域协同") == [("天津市河北区", "河北区"), ("河北", "河北省")]
    assert names("满城、阜平两地发展") == []
    assert names("沿海城市建成县城，提高县域经济，新城区建设，城区改造，和平区域") == []
    # a two-character county counts where its parents are named, not in slogans or titles
    assert names("保定市：易县、唐县") == [("保定市", "保定市"), ("易县", "易县"), ("唐县", "唐县")]
    assert names("坚持实干兴县、旅游富县。高唐县代县长") == [("高唐县", "高唐县")]


def test_mentions_at_the_end_of_the_text():
    assert [(s, e) for s, e, _ in mentions("全国")] == [(0, 2)]  # 全椒县 is longer: no match
    assert names("代表河北") == [("河北", "河北省")]


def test_mentions_of_a_shared_name_need_its_parent_in_the_text():
    assert names("新华区经济") == []
    assert names("石家庄市召开会议。新华区经济") == [
        ("石家庄市", "石家庄市"),
        ("新华区", "新华区"),
    ]


@pytest.mark.parametrize(
    ("file", "expected"),
    [
        ("hebei-mancheng-2020-xianyu.txt", "满城区"),
        ("hebei-yixian-2021-xianyu-notes.txt", "易县"),
        ("shandong-gaotang-2021-xianyu.txt", "高唐县"),
        ("sichuan-miyi-2023-xianyu.txt", "米易县"),
        ("shenzhen-futian-2014-notes.txt", "福田区"),
        ("hebei-prov-2007-web.txt", "河北省"),
        ("national-2010-gbk-notes.txt", "全国"),
    ],
)
def test_mentions_in_corpus_reports_find_their_own_government(file, expected):
    raw = (CORPUS / file).read_bytes()
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        text = raw.decode("gb18030")
    found = [d.name for _, _, d in mentions(text)]
    assert expected in found
    assert not {"兴县", "富县", "和县", "代县", "古县"} & set(found)  # slogans and words


# --- the site: one region per government, nested province > city > county ---------------


def front(title, region, date):
    return f"---\ntitle: {title}\nregion: {region}\ndate: {date}\nkind: report\n---\n正文。\n"


REGION_REPORTS = {
    "2020-mancheng.md": front("满城区政府工作报告", "满城区", "2020-01-08"),
    "2019-mancheng.md": front("保定市满城区政府工作报告", "保定市满城区", "2019-01-10"),
    "2003-qingyuan.md": front("清苑县政府工作报告", "清苑县", "2003-02-20"),
    "2021-baoding.md": front("保定市政府工作报告", "保定市", "2021-02-01"),
    "2022-hebei.md": front("河北省政府工作报告", "河北", "2022-01-20"),
    "2023-guowuyuan.md": front("政府工作报告", "国务院", "2023-03-05"),
    "2010-quanguo.md": front("政府工作报告", "全国", "2010-03-05"),
    "2022-gaoxin.md": front("高新区工作会议", "淄博高新区", "2022-01-25"),
}


@pytest.fixture
def region_site(tmp_path):
    from jiedu.project import load_project
    from jiedu.site import build_files
    from jiedu.write import write_site

    from .conftest import make_project

    root = make_project(tmp_path / "project", REGION_REPORTS)
    write_site(build_files(load_project(root)), root / "site")
    return root / "site"


def parse(path):
    import html5lib

    return html5lib.parse(path.read_bytes(), namespaceHTMLElements=False)


def text_of(element) -> str:
    return "".join(element.itertext()).strip()


def region_outline(section, depth=0):
    """(depth, region name, titles of its own reports) for a region section and those in it."""
    heading = section.find("*")
    own = [text_of(h) for h in section.findall("ul/li/*[@class='card-title']")]
    rows = [(depth, text_of(heading.find("a")), own)]
    for inner in section.findall("section"):
        rows += region_outline(inner, depth + 1)
    return rows


ZHANGDIAN = "五个“聚力”全方位提升民生品质"  # the fixture report's title


def test_home_nests_regions_province_city_county_with_one_region_per_government(region_site):
    home = parse(region_site / "index.html")
    outline = [
        row
        for s in home.iter("section")
        if s.get("class") == "region-group"
        for row in region_outline(s)
    ]
    assert outline == [
        (0, "全国", ["政府工作报告", "政府工作报告"]),  # 国务院 and 全国: one government
        (0, "河北省", ["河北省政府工作报告"]),
        (1, "保定市", ["保定市政府工作报告"]),
        (2, "满城区", ["满城区政府工作报告", "保定市满城区政府工作报告"]),
        (2, "清苑区", ["清苑县政府工作报告"]),  # today's name of the same government
        (0, "山东省", []),
        (1, "淄博市", []),
        (2, "张店区", [ZHANGDIAN]),
        (2, "临淄区", ["聚力打造产业强、生态美、百姓富、干劲足的新临淄", "政府工作报告"]),
        (2, "淄博高新区", ["高新区工作会议"]),  # not a division: under the city it names
    ]


def test_region_pages_show_parents_and_the_reports_of_the_regions_in_them(region_site):
    hebei = parse(region_site / "regions" / "hebeisheng" / "index.html")
    crumbs = [text_of(li) for li in hebei.find(".//nav[@class='breadcrumbs']").iter("li")]
    assert crumbs == ["首页", "河北省"]
    titles = [text_of(h) for h in hebei.iter() if h.get("class") == "card-title"]
    assert titles == [
        "河北省政府工作报告",
        "保定市政府工作报告",
        "满城区政府工作报告",
        "保定市满城区政府工作报告",
        "清苑县政府工作报告",
    ]
    mancheng = parse(region_site / "regions" / "manchengqu" / "index.html")
    crumbs = [text_of(li) for li in mancheng.find(".//nav[@class='breadcrumbs']").iter("li")]
    assert crumbs == ["首页", "河北省", "保定市", "满城区"]
    report = parse(region_site / "reports" / "2019-mancheng" / "index.html")
    crumbs = [text_of(li) for li in report.find(".//nav[@class='breadcrumbs']").iter("li")]
    assert crumbs == ["首页", "河北省", "保定市", "满城区", "保定市满城区政府工作报告"]
    links = {a.get("href") for a in report.iter("a")}
    assert "../../reports/2020-mancheng/" in links  # its neighbour in the one region


def test_preview_after_a_region_edit_equals_a_fresh_build(tmp_path):
    from jiedu.preview_build import SiteBuilder
    from jiedu.project import load_project
    from jiedu.site import build_files

    from .conftest import make_project

    root = make_project(tmp_path / "project", REGION_REPORTS)
    builder = SiteBuilder(root, with_search=False)
    builder.build()
    source = root / "content" / "2020-mancheng.md"
    for new in ("region: 河北省保定市满城县", "region: 徐水区", "region: 淄博高新区"):
        text = source.read_text(encoding="utf-8")
        source.write_text(
            "\n".join(new if line.startswith("region:") else line for line in text.split("\n")),
            encoding="utf-8",
        )
        assert builder.build() == build_files(load_project(root), with_search=False), new


def test_a_region_name_is_escaped_and_its_slug_is_one_path_segment(tmp_path):
    from jiedu.project import load_project
    from jiedu.site import build_files

    from .conftest import make_project

    name = "<b>淄博</b>&新区/../x"
    root = make_project(tmp_path / "project", {"x.md": front("题", f'"{name}"', "2022-01-01")})
    files = build_files(load_project(root), with_search=False)
    pages = [p for p in files if p.startswith("regions/") and "zibo" in p and "ziboshi" not in p]
    assert pages == ["regions/b-zibo-b-xinqu-x/index.html"]
    page = files[pages[0]].decode() if isinstance(files[pages[0]], bytes) else files[pages[0]]
    assert "&lt;b&gt;淄博&lt;/b&gt;&amp;新区/../x" in page and "<b>淄博" not in page


def test_any_text_is_read_without_error():
    from hypothesis import given, settings
    from hypothesis import strategies as st

    han_and_names = st.text(
        st.sampled_from(
            list("河北省保定市满城区县全国宁夏回族自治新华城区易和代") + [" ", "\u3000", "a"]
        ),
        max_size=60,
    )

    @settings(max_examples=300, deadline=None)
    @given(st.one_of(st.text(max_size=60), han_and_names))
    def check(text):
        division = resolve(text)
        assert division is None or resolve(front_matter_name(division)) == division
        for start, end, found in mentions(text):
            assert 0 <= start < end <= len(text) and found.code
        regions.enclosing(text)

    check()
    assert resolve("河北省" * 1000) is None  # no name, and quick
