"""Items 7 and 8: metadata per document, and a page of several articles split apart.
The expected values were read off the seeds by hand."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from jiedu.importer import import_seed, import_text
from jiedu.importer.metadata import FIELD_ORDER, place_before, seed_year

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "seeds"
FIXTURES = ROOT / "tests" / "fixtures" / "import"

EXPECTED = {
    "000_16824cc927a6dc90.txt": [
        {
            "title": "聚力打造产业强、生态美、百姓富、干劲足的新临淄",
            "date": "2022-01-19",
            "region": "临淄区",
            "speaker": "蔡华刚",
            "speaker_title": "代理区长",
            "meeting": "临淄区第十九届人民代表大会第一次会议",
            "byline": "大众日报淄博融媒体中心记者 张吉宝 李鸿斐",
            "kind": "summary",
        }
    ],
    "001_e9778d67e6610d54.txt": [
        {
            "title": "政府工作报告",
            "subtitle": "——2021年1月13日在临淄区第十八届人民代表大会第五次会议上",
            "date": "2021-01-13",
            "region": "临淄区",
            "speaker": "宋磊",
            "speaker_title": "代理区长",
            "meeting": "临淄区第十八届人民代表大会第五次会议",
            "kind": "report",
        }
    ],
    "002_22c87bdb59693694.txt": [
        {
            "title": "五个“聚力”全方位提升民生品质 奋力建设宜居宜业幸福张店",
            "date": "2022-01-20",
            "region": "张店区",
            "speaker": "苏振华",
            "speaker_title": "区长",
            "meeting": "张店区第十八届人民代表大会第一次会议",
            "byline": "大众日报淄博融媒体中心记者 徐晓会 通讯员 王业宏",
            "kind": "summary",
        }
    ],
    "003_1b5cf71f539affb1.txt": [
        {
            "title": "“七大攻坚攀升” 六个“攻坚提质” 书写桓台现代化强县建设精彩答卷",
            "date": "2022-01-17",
            "region": "桓台县",
            "speaker": "范伟",
            "speaker_title": "代理县长",
            "meeting": "桓台县第十九届人民代表大会第一次会议",
            "byline": "大众日报淄博融媒体中心记者 张晓宁",
            "kind": "summary",
        }
    ],
    "004_d47e1c2891511237.txt": [
        {
            "title": "数字看淄博高新区2021年这一年",
            "date": "2022-01-25",  # no dateline of its own: the article it stands beside
            "region": "淄博高新区",
            "kind": "summary",
        },
        {
            "title": "淄博高新区召开2022年工作会议 聚力品质提升贡献“高新力量”",
            "date": "2022-01-25",
            "region": "淄博高新区",
            "meeting": "淄博高新区2022年工作会议",
            "byline": "大众日报淄博融媒体中心记者 陆晓茜 通讯员 徐浩 郭方强 李乐天",
            "kind": "summary",
        },
        {
            "title": "心愿得偿 “希望小屋”受助儿童收到爱心包裹",
            "subtitle": "淄博市“关爱下一代 点亮微心愿”爱心包裹持续发放中",
            "date": "2022-01-27",
            "region": "淄博市",
            "byline": "大众日报淄博融媒体中心记者 王丽 通讯员 张海萌 李沫洁",
            "kind": "news",
        },
        {
            "title": "破解体制、机制制约因素 提升执法效能",
            "subtitle": "行刑衔接 联合打击市场监管领域违法行为",
            "date": "2022-01-27",
            "region": "淄博市",
            "byline": "大众日报淄博融媒体中心记者 刘文思 通讯员 刘刚 周杰",
            "kind": "news",
        },
    ],
}


@pytest.mark.parametrize("seed", sorted(EXPECTED))
def test_metadata_of_each_document(seed):
    documents = import_seed(SEEDS / seed).documents
    got = [
        {key: value for key, value in doc.front_matter.items() if key not in ("seed", "dropped")}
        for doc in documents
    ]
    assert got == EXPECTED[seed]
    assert all(doc.front_matter["seed"] == seed for doc in documents)


def test_front_matter_keys_come_in_the_agreed_order():
    for seed in sorted(SEEDS.glob("*.txt")):
        for doc in import_seed(seed).documents:
            keys = list(doc.front_matter)
            assert keys == [key for key in FIELD_ORDER if key in keys]


def test_slugs_are_meaningful_ascii_and_unique():
    slugs = [
        doc.slug for seed in sorted(SEEDS.glob("*.txt")) for doc in import_seed(seed).documents
    ]
    assert slugs == [
        "2022-01-19-linziqu-summary",
        "2021-01-13-linziqu-report",
        "2022-01-20-zhangdianqu-summary",
        "2022-01-17-huantaixian-summary",
        "2022-01-25-zibogaoxinqu-summary",
        "2022-01-25-zibogaoxinqu-summary-2",
        "2022-01-27-ziboshi-news",
        "2022-01-27-ziboshi-news-2",
    ]
    assert len(set(slugs)) == len(slugs)
    assert all(re.fullmatch(r"[a-z0-9][a-z0-9-]*", slug) for slug in slugs)


def test_import_is_deterministic():
    for seed in sorted(SEEDS.glob("*.txt")):
        assert import_seed(seed) == import_seed(seed)


def test_the_infographic_is_its_own_document_with_every_line():
    infographic = import_seed(SEEDS / "004_d47e1c2891511237.txt").documents[0]
    paragraphs = infographic.body.strip().split("\n\n")
    assert len(paragraphs) == 5
    assert paragraphs[0].startswith("高标准规划“一核、两城、三区”总体空间布局")
    assert paragraphs[-1].endswith("实现“15分钟医保服务圈”")


def test_the_articles_of_seed_004_do_not_run_into_each_other():
    docs = import_seed(SEEDS / "004_d47e1c2891511237.txt").documents
    assert docs[1].body.startswith("1月25日，淄博高新区召开2022年工作会议。")
    assert docs[1].body.rstrip().endswith("与高质量发展相适应的干部队伍。")
    assert docs[2].body.startswith("淄博1月27日讯 春节将至")
    assert docs[2].body.rstrip().endswith("满足困境儿童需求。")
    assert docs[3].body.rstrip().endswith("标志着淄博市市场监管领域行刑衔接开启新篇章。")
    assert "希望小屋" not in docs[1].body + docs[3].body


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        (
            "gbk_crlf_county_report.txt",
            {"date": "2023-01-06", "region": "高青县", "speaker": "王东", "speaker_title": "县长",
             "meeting": "高青县第十八届人民代表大会第二次会议", "kind": "report"},
        ),
        (
            "utf16_web_page.txt",
            {"date": "2023-01-10", "region": "周村区", "speaker": "刘明", "speaker_title": "区长",
             "source": "淄博日报", "byline": "淄博日报记者 孙丽 通讯员 赵强", "kind": "summary"},
        ),
        (
            "utf8_bom_cr_news.txt",
            {"date": "2023-01-12", "region": "沂源县", "meeting": "沂源县经济工作会议",
             "byline": "淄博晚报记者 周涛", "kind": "summary"},
        ),
    ],
)  # fmt: skip
def test_metadata_of_fixtures(name, expected):
    (doc,) = import_seed(FIXTURES / name).documents
    assert {key: doc.front_matter.get(key) for key in expected} == expected


def test_a_news_item_without_a_report_is_news_and_its_year_comes_from_the_page():
    (doc,) = import_text(
        "淄博市举办迎春书画展\n\n淄博2月3日讯 今天，淄博市在市文化馆举办迎春书画展。"
        "展览将持续到2024年3月。\n\n记者 王丽\n\n本版编辑 2023年2月4日\n",
        "news.txt",
    )
    assert doc.front_matter["kind"] == "news"
    assert doc.front_matter["date"] == "2023-02-03"  # "到2024年" is a target, not the year
    assert doc.front_matter["region"] == "淄博市"


def test_seed_year_ignores_target_years():
    assert seed_year(["到2025年，全社会研发投入占比提高到2.6%。2021年是开局之年。"]) == 2021
    assert seed_year(["2035年远景目标纲要。2021年是开局之年。"]) == 2021
    assert seed_year(["没有年份"]) is None


def test_seed_year_is_the_year_the_page_was_published_when_it_says_so():
    assert seed_year(["添加时间 2026/2/12 15:20:47", "2030年前碳达峰。"]) == 2026
    assert seed_year(["发布时间：2022-01-20", "2023年计划"]) == 2022


@pytest.mark.parametrize(
    ("text", "place"),
    [
        ("1月18日，在临淄区", "临淄区"),
        ("1月25日，淄博高新区", "淄博高新区"),
        ("山东省", "山东省"),
        ("会议在", None),
    ],
)
def test_place_before(text, place):
    assert place_before(text) == place


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "政府工作报告\n——2023年3月5日在第十四届全国人民代表大会第一次会议上\n"
            "国务院总理 李克强\n各位代表：\n现在，我代表国务院，向大会报告政府工作。\n"
            "一、过去一年和五年工作回顾\n2022年是极为重要的一年。\n",
            {"title": "政府工作报告", "date": "2023-03-05", "region": "全国",
             "speaker": "李克强", "speaker_title": "国务院总理",
             "meeting": "第十四届全国人民代表大会第一次会议", "kind": "report"},
        ),
        (
            "山东省政府工作报告\n\n——2023年1月13日在山东省第十四届人民代表大会第一次会议上\n\n"
            "山东省省长 周乃翔\n\n一、过去五年工作回顾\n\n"
            "过去五年，全省经济总量连跨两个万亿级台阶。\n",
            {"title": "山东省政府工作报告", "date": "2023-01-13", "region": "山东省",
             "speaker": "周乃翔", "speaker_title": "山东省省长",
             "meeting": "山东省第十四届人民代表大会第一次会议", "kind": "report"},
        ),
    ],
)  # fmt: skip
def test_national_and_provincial_reports(text, expected):
    (doc,) = import_text(text, "report.txt")
    assert {key: doc.front_matter.get(key) for key in expected} == expected
    first_heading = next(line for line in doc.body.splitlines() if line.startswith("#"))
    assert first_heading.endswith("、过去一年和五年工作回顾") or first_heading.endswith(
        "、过去五年工作回顾"
    )


def test_a_long_title_ending_with_an_exclamation_mark_is_still_the_title():
    (doc,) = import_text(
        "这个冬天，不再寒冷！淄博市为两万户困难家庭送去温暖和关怀的故事\n\n"
        "淄博1月5日讯 今天，淄博市启动2023年冬季送温暖活动。\n\n记者 王丽\n",
        "long-title.txt",
    )
    assert doc.front_matter["title"].startswith("这个冬天，不再寒冷！")
    assert doc.body.startswith("淄博1月5日讯")
    assert doc.front_matter["date"] == "2023-01-05"


def test_a_text_without_a_title_gets_no_title_made_of_its_body_and_the_editor_is_told():
    from jiedu.importer.summary import missing_fields

    (doc,) = import_text("过去一年，全区经济运行稳中有进。\n\n今年将继续努力。\n", "untitled.txt")
    assert doc.front_matter["title"] == "无标题"
    assert "title" in missing_fields(doc)
    assert doc.body.startswith("过去一年，全区经济运行稳中有进。")
