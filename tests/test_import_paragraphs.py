"""Item 3: every page or column break in the five seeds is repaired, and no real paragraph
boundary is glued. The pairs were found by reading the seeds line by line."""

from __future__ import annotations

import functools
from pathlib import Path

import pytest

from jiedu.importer import import_seed, import_text
from jiedu.importer.chars import ends_sentence
from jiedu.importer.normalize import split_lines
from jiedu.importer.paragraphs import boundary_evidence, joins

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "seeds"

# (seed, end of the line before the break, start of the line after it)
BREAKS = [
    ("000", "项目开工建", "设，抢占未来发展制高点"),  # a caption sits in the break
    ("000", "服务中心，72", "小时完成联审"),
    ("000", "全面展现品质城", "市新形象"),
    ("000", "加快形成全民", "参与绿色生活的良好格局"),
    ("001", "累计淘汰燃煤锅炉194台，", "压减燃煤178万吨"),
    ("001", "面对突", "如其来的新冠肺炎疫情冲击"),
    ("001", "乡村全面振兴", "任重道远"),
    ("001", "大数据、新医", "药、集成电路"),
    ("001", "标准厂房、", "商务服务等基础设施"),
    ("001", "智能车间标", "杆，争创省级智能化改造示范区"),
    ("001", "确保河流断面", "水质稳定达标"),
    ("001", "让亲商安商富商成", "为临淄的靓丽新名片"),
    ("001", "深化普法依法", "治理，深入排查"),
    ("001", "第十八届", "人民代表大会第五次会议上"),  # the subtitle
    ("001", "优化提高产品", "质量，优化完善产业链条"),  # a glossary definition
    ("002", "着力扩大有", "效投资"),  # a caption sits in the break
    ("002", "确保外贸进", "出口总额增长5%以上"),
    ("002", "积极开展生活垃圾", "分类提升行动"),
    ("002", "巩固“双减”工作成", "果，搭建"),
    ("003", "鼓励发展跨境电", "商、“海外仓”等营销模式"),
    ("003", "整治五年行动，持续", "推进坑塘窑湾排查整治"),
    ("004", "年度投资完成率", "和开工率实现两个100%"),
    ("004", "20亿元小微企业发", "展担保贷款"),
    ("004", "政通路提升改造", "等道路工程"),
    ("004", "医保经办体系，", "实现“15分钟医保服务圈”"),
    ("004", "持续市场", "化、法治化、国际化改革"),
    ("004", "着力在打造高水平现代产", "业集群上干在先走在前"),
    ("004", "着力在打造立足鲁中、面", "向海内外的对外开放大通道"),
    ("004", "着力在打造全省最优营商", "环境上干在先走在前"),
    ("004", "面向全市已建成、", "建设中“希望小屋”"),
    ("004", "进行详细检", "查，与受助儿童"),
    ("004", "8至14岁困境", "儿童，依托原有住房隔间"),
    ("004", "共青团淄博市委将继续", "高质量、高标准推进项目实施"),
    ("004", "淄博市公安", "局直属分局党委委员"),
    ("004", "的问题进", "行了深入探讨"),
]

# Real boundaries next to a line without a closing full stop: they must stay apart.
BOUNDARIES = [
    ("000", "干劲足的新临淄", "淄博1月19日讯"),  # title | lede
    ("000", "数字化示范集聚区", "在产业强方面"),  # heading | paragraph
    ("000", "健全项目服务机制", "为破解体制机制障碍"),
    ("000", "助力乡村振兴", "在生态美和百姓富方面"),
    ("000", "全力提升民生福祉", "为开创文旅融合发展新局面"),
    ("001", "政府工作报告", "——2021年1月13日"),
    ("001", "第五次会议上", "代理区长 宋磊"),
    ("001", "代理区长 宋磊", "各位代表："),
    ("001", "时期工作回顾", "过去五年"),
    ("001", "总体思路和目标任务", "“十四五”时期，是我国"),
    ("001", "目标任务和工作重点", "2021年是"),
    ("001", "建设科创发展新高地", "加快科创平台建设"),
    ("001", "全面加强政府自身建设", "各位代表！面对新时期"),
    ("001", "词语解释", "传统产业“五个优化”"),
    ("002", "幸福张店", "淄博1月20日讯"),
    ("002", "现代产业体系", "大力发展城市经济"),
    ("002", "动力之源", "以创新驱动激活活力"),
    ("002", "改革基因", "全力以赴深化系统集成改革"),
    ("002", "中心城区", "努力把城市建设得更宜居"),
    ("002", "建设共建共享的幸福张店", "努力让社会保障更暖心"),
    ("003", "精彩答卷", "淄博1月17日讯"),
    ("003", "在产业转型发展上攻坚提质", "提质升级优势产业"),
    ("003", "在促进共同富裕上攻坚提质", "让保障体系更暖心"),
    ("004", "2021年这一年", "高标准规划"),
    ("004", "双创公园城加快建设", "总投资1318亿元"),  # infographic items
    ("004", "项目签约落地", "设立10亿元"),
    ("004", "购房补贴", "拆除快速路沿线"),
    ("004", "全面承接到位", "新建汇景苑"),
    ("004", "医保服务圈”", "淄博高新区召开2022年工作会议"),
    ("004", "贡献“高新力量”", "1月25日，淄博高新区召开"),
    ("004", "生物医药产业集群", "坚持项目为重"),
    ("004", "科技创新策源中心", "突出科技创新引领"),
    ("004", "独角兽生态岛建设", "着力在打造高水平现代产"),
    ("004", "双创公园城建设", "着力在打造立足鲁中"),
    ("004", "事项“无感智办”", "着力在打造全省最优营商"),
    ("004", "收到爱心包裹", "淄博市“关爱下一代"),
    ("004", "提升执法效能", "行刑衔接 联合打击"),
    ("004", "违法行为", "签约仪式现场"),
    ("004", "签约仪式现场", "淄博1月27日讯"),
]


@functools.cache
def units(seed_prefix: str) -> tuple[str, ...]:
    """Every unit of text the import produced: front matter lines lifted from the seed,
    each Markdown line with its heading marks, and each glossary definition."""
    seed = next(SEEDS.glob(f"{seed_prefix}_*.txt"))
    out: list[str] = []
    for doc in import_seed(seed).documents:
        front = doc.front_matter
        out += [front.get(key, "") for key in ("title", "subtitle", "byline")]
        if front.get("speaker"):
            out.append(f"{front['speaker_title']} {front['speaker']}")
        out += [line.lstrip("#").strip() for line in doc.body.splitlines()]
        out += [f"{item.term}：{item.definition}" for item in doc.glossary]
    return tuple(text for text in out if text)


@pytest.mark.parametrize(("seed", "left", "right"), BREAKS)
def test_break_is_repaired(seed, left, right):
    assert any(left + right in unit for unit in units(seed)), f"{left} / {right}"


@pytest.mark.parametrize(("seed", "left", "right"), BOUNDARIES)
def test_real_boundary_is_kept(seed, left, right):
    assert not any(left + right in unit for unit in units(seed))
    assert any(unit.endswith(left) for unit in units(seed)), left
    assert any(unit.startswith(right) for unit in units(seed)), right


def test_every_break_in_the_seeds_is_listed():
    """A seed line without a closing mark that did not come out as a unit of its own (a
    heading, title, byline, caption) was joined: it must be one of the listed breaks."""
    lefts = {(seed, left) for seed, left, _ in BREAKS}
    rights = {(seed, right) for seed, _, right in BREAKS}
    unexamined = []
    for seed in sorted(SEEDS.glob("*.txt")):
        prefix = seed.name[:3]
        dropped = {
            piece
            for doc in import_seed(seed).documents
            for block in doc.front_matter.get("dropped", [])
            for piece in block.split(" / ")
        }
        for line in split_lines(seed.read_text(encoding="utf-8")):
            text = line.text
            if ends_sentence(text) or text in dropped or text in units(prefix):
                continue
            if any(seed_ == prefix and text.endswith(left) for seed_, left in lefts):
                continue
            if any(seed_ == prefix and text.startswith(right) for seed_, right in rights):
                continue  # the second piece of a listed break, itself without a full stop
            unexamined.append((prefix, text))
    assert unexamined == [], unexamined


@pytest.mark.parametrize(
    ("left", "right", "reason"),
    [
        ("项目开工建", "设，抢占", "the word '建设' spans the cut"),
        ("医保经办体系，", "实现", "the first piece ends with '，'"),
        ("持续市场", "化、法治化", "the word '市场化' spans the cut"),
        ("服务中心，72", "小时完成联审", "a number is cut from its unit"),
        ("年度投资完成率", "和开工率", "the second piece starts with the particle '和'"),
        ("“十三五”时期工作回顾", "过去五年", None),  # 回顾|过去 are two words
        ("打造千亿级生物医药产业集群", "坚持项目为重", None),
    ],
)
def test_boundary_evidence_names_its_reason(left, right, reason):
    assert boundary_evidence(left, right) == reason


def test_headings_and_datelines_are_never_glued_on():
    assert not joins("加快建设智慧城市。高水平做好", "一、着力聚焦“创新驱动”")
    assert not joins("聚力打造新临淄", "淄博1月19日讯 “大力发扬")
    assert not joins("各位代表：", "现在，我代表区人民政府")
    assert not joins("大众日报淄博融媒体中心记者 张吉宝", "扫描二维码")


def test_a_clause_cut_before_a_number_is_joined():
    docs = import_text(
        "沂源县召开经济工作会议\n\n1月12日，沂源县召开经济工作会议。\n\n"
        "会议强调，要坚持项目为王，确保全年重点项目开工率达到\n\n100%。\n",
        "cut.txt",
    )
    assert "确保全年重点项目开工率达到100%。" in docs[0].body


def test_hard_wrapped_pdf_lines_become_one_paragraph_per_sentence_end():
    docs = import_text(
        "关于经济运行的报告\n各位代表：\n过去一年，全区经济运行稳中有进，地区生产总值\n"
        "增长5.2%，一般公共预算收入增长\n6.1%。\n今年，我们将持续优化营商环境。\n",
        "wrapped.txt",
    )
    body = docs[0].body
    assert (
        "过去一年，全区经济运行稳中有进，地区生产总值增长5.2%，一般公共预算收入增长6.1%。" in body
    )
    assert "\n\n今年，我们将持续优化营商环境。" in body
