"""Item 5: section titles become headings at consistent levels; titles go to front matter."""

from __future__ import annotations

from pathlib import Path

import pytest

from jiedu.importer import import_seed
from jiedu.importer.headings import heading_level

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "seeds"
FIXTURES = ROOT / "tests" / "fixtures" / "import"


def headings(body: str) -> list[str]:
    return [line for line in body.splitlines() if line.startswith("#")]


def test_report_sections():
    (doc,) = import_seed(SEEDS / "001_e9778d67e6610d54.txt").documents
    assert headings(doc.body) == [
        "## “十三五”时期工作回顾",
        "## “十四五”时期总体思路和目标任务",
        "## 2021年目标任务和工作重点",
        "## 一、着力聚焦“创新驱动”，建设科创发展新高地",
        "## 二、着力聚焦“一体两翼”，彰显城市建设新魅力",
        "## 三、着力聚焦“三区共建”，拓展转型发展新空间",
        "## 四、着力聚焦“四新壮大”，培植现代产业新动能",
        "## 五、着力聚焦“五个优化”，塑造传统产业新优势",
        "## 六、着力聚焦“文化赋能”，开启文旅融合新篇章",
        "## 七、着力聚焦“生态提升”，实现绿色发展新突破",
        "## 八、着力聚焦“乡村振兴”，提升农业农村新内涵",
        "## 九、着力聚焦“改革开放”，增创区域发展新活力",
        "## 十、着力聚焦“厚植民生”，构建幸福和谐新格局",
        "## 全面加强政府自身建设",
        "## 《政府工作报告》词语解释",
    ]
    assert "政府工作报告\n" not in doc.body.split("## 《")[0]  # the title is not in the body
    assert doc.body.startswith("各位代表：\n\n现在，我代表区人民政府")


@pytest.mark.parametrize(
    ("seed", "index", "expected"),
    [
        ("000_16824cc927a6dc90.txt", 0, [
            "## 聚焦大数据产业 打造全要素数字化示范集聚区",
            "## 集聚发展动力活力 健全项目服务机制",
            "## “无差别城乡”理念 助力乡村振兴",
            "## 提升文旅产业发展质效 全力提升民生福祉",
        ]),
        ("002_22c87bdb59693694.txt", 0, [
            "## 聚力提升产业品质 构建“2+4”现代产业体系",
            "## 聚力提升发展品质 激活高质量发展的动力之源",
            "## 聚力提升开放品质 厚植高质量发展的改革基因",
            "## 聚力提升城市品质 打造美丽宜居的中心城区",
            "## 聚力提升民生品质 建设共建共享的幸福张店",
        ]),
        ("003_1b5cf71f539affb1.txt", 0, [
            "## 坚定不移优存量、扩增量 在产业转型发展上攻坚提质",
            "## 坚定不移激活力、强动力 在新旧动能转换上攻坚提质",
            "## 坚定不移强三农、扬优势 在乡村全面振兴上攻坚提质",
            "## 坚定不移提能级、增魅力 在打造“五好城市”上攻坚提质",
            "## 坚定不移优生态、促双碳 在美丽桓台建设上攻坚提质",
            "## 坚定不移惠民生、优治理 在促进共同富裕上攻坚提质",
        ]),
        ("004_d47e1c2891511237.txt", 0, []),
        ("004_d47e1c2891511237.txt", 1, [
            "## 打造千亿级生物医药产业集群",
            "## 打造全市科技创新策源中心",
            "## 打造“科创、人文、生态”新城",
            "## 启动科学城TBD独角兽生态岛建设",
            "## 加快四宝山双创公园城建设",
            "## 推广全领域政务服务事项“无感智办”",
        ]),
        ("004_d47e1c2891511237.txt", 2, []),
        ("004_d47e1c2891511237.txt", 3, []),
    ],
)  # fmt: skip
def test_news_headings(seed, index, expected):
    assert headings(import_seed(SEEDS / seed).documents[index].body) == expected


def test_numbered_subsections_are_one_level_down():
    (doc,) = import_seed(FIXTURES / "gbk_crlf_county_report.txt").documents
    assert headings(doc.body) == [
        "## 一、2022年工作回顾",
        "### （二）营商环境持续优化",
        "## 二、2023年重点工作",
        "## 名词解释",
    ]
    # A run-in heading that ends with a full stop stays a paragraph.
    assert "\n\n（一）项目建设扎实推进。全年实施" in doc.body


@pytest.mark.parametrize(
    ("text", "level"),
    [
        ("一、着力聚焦“创新驱动”，建设科创发展新高地", 2),
        ("（三）持续深化改革", 3),
        ("1.加快科创平台建设", 4),
        ("（1）完善科技创新扶持机制", 5),
        ("第一部分 2022年工作回顾", 2),
        ("全面加强政府自身建设", 2),
        ("加快科创平台建设。完善科技创新扶持机制。", None),
        ("各位代表：", None),
        ("代理区长 宋磊", None),
        ("大众日报淄博融媒体中心记者 张晓宁", None),
    ],
)
def test_heading_level(text, level):
    assert heading_level(text) == level
