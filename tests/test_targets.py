"""主要预期目标: extraction on real seeds and corpus reports (tests/fixtures/targets/
expected.yml, written by reading them), the traps, and an editor's corrections."""

from __future__ import annotations

import unicodedata
from pathlib import Path

import pytest
import yaml

from jiedu.content import parse_report
from jiedu.errors import JieduError
from jiedu.importer import import_seed
from jiedu.markdown import render_markdown
from jiedu.targets import Block, body_blocks, extract_targets
from jiedu.targets.corrections import apply_corrections, parse_corrections

from .conftest import CORPUS, FIXTURES, REPO

EXPECTED = yaml.safe_load((FIXTURES / "targets" / "expected.yml").read_text(encoding="utf-8"))
CASES = [(REPO / "seeds", case) for case in EXPECTED["seeds"]] + [
    (CORPUS, case) for case in EXPECTED["corpus"]
]


def fold(text: str) -> str:
    return unicodedata.normalize("NFKC", text)


def blocks_of(markdown: str) -> tuple[list[Block], str]:
    """The body's blocks as the site renders it, and its plain text."""
    seen = {}

    def keep(body):
        seen["body"] = body
        return []

    rendered = render_markdown(markdown, keep)
    return body_blocks(seen["body"]), rendered.text


def targets_of(*paragraphs: str):
    return extract_targets([Block(f"p-{n}", text) for n, text in enumerate(paragraphs, 1)])


def seed_targets(path: Path) -> tuple[list, str]:
    """Every target of every document of a seed, and the documents' text."""
    found, texts = [], []
    for document in import_seed(path).documents:
        blocks, text = blocks_of(document.body)
        found += extract_targets(blocks)
        texts.append(text)
    return found, "\n".join(texts)


@pytest.mark.parametrize(("folder", "case"), CASES, ids=[case["file"] for _, case in CASES])
def test_every_stated_target_is_found_verbatim_and_none_invented(folder, case):
    found, text = seed_targets(folder / case["file"])
    expected = sorted((i, fold(label), fold(value)) for i, label, value in case["targets"])
    got = sorted((t.indicator, fold(t.label), fold(t.value)) for t in found)
    assert got == expected
    for target in found:
        assert target.value in text  # verbatim, as the body has it
        assert target.anchor


def test_the_fixture_covers_the_seeds_and_ten_corpus_reports_with_targets():
    with_targets = [case for case in EXPECTED["corpus"] if case["targets"]]
    assert len(with_targets) >= 10
    assert {case["file"][:3] for case in EXPECTED["seeds"]} == {"000", "001", "002", "003", "004"}


# --- traps ------------------------------------------------------------------------------


def test_last_years_results_are_not_targets():
    found = targets_of(
        "去年地区生产总值增长5.8%，一般公共预算收入增长4%。",
        "今年主要预期目标是：地区生产总值增长6%左右（去年增长5.8%），一般公共预算收入比上年增长5%。",
    )
    assert [(t.label, t.value) for t in found] == [
        ("地区生产总值", "6%左右"),
        ("一般公共预算收入", "5%"),
    ]


def test_last_years_targets_reviewed_are_not_this_years():
    found = targets_of(
        "去年确定的主要预期目标是：地区生产总值增长6%左右，实际增长6.3%。",
        "在去年工作的基础上，今年主要预期目标是：地区生产总值增长5.5%左右。",
    )
    assert [t.value for t in found] == ["5.5%左右"]


def test_five_year_goals_are_not_targets():
    plan = "“十四五”时期主要目标是：地区生产总值年均增长6%左右，到2025年达到500亿元。"
    assert targets_of(plan) == ()
    assert targets_of("今后五年，我省经济增长预期目标是，实现年均增长7%。") == ()
    found = targets_of(
        "“十四五”时期主要目标是：地区生产总值年均增长6%左右。",
        "今年是“十四五”开局之年，主要预期目标是：地区生产总值增长6.5%。",
    )
    assert [t.value for t in found] == ["6.5%"]


def test_two_values_in_one_clause_keep_their_labels():
    found = targets_of("主要预期目标是：城镇和农村居民人均可支配收入分别增长7%、7.5%左右。")
    assert [(t.indicator, t.label, t.value, t.comparator, t.low, t.high) for t in found] == [
        ("income", "城镇居民人均可支配收入", "7%", "左右", 7, 7),
        ("income", "农村居民人均可支配收入", "7.5%左右", "左右", 7.5, 7.5),
    ]
    shared = targets_of("主要目标是：万元GDP能耗、水耗分别下降4%和3%，城乡居民收入分别增长8%左右。")
    assert [(t.indicator, t.label, t.value, t.change) for t in shared] == [
        ("energy", "万元GDP能耗", "4%", "下降"),
        ("other", "万元GDP水耗", "3%", "下降"),
        ("income", "城镇居民收入", "8%左右", ""),
        ("income", "农村居民收入", "8%左右", ""),
    ]


def test_a_report_without_targets_has_none():
    assert targets_of("会议指出，去年全区地区生产总值增长6.1%，今年将继续努力。") == ()
    assert targets_of("区政府研究提出了主要预期目标，在计划报告中有详细说明。") == ()


def test_figures_of_elsewhere_and_aims_without_figures_are_not_targets():
    assert targets_of("全国经济增长预期目标为6%左右，我们要积极作为。") == ()
    found = targets_of(
        "主要预期目标是：地区生产总值增长7%左右，社会消费品零售总额增幅高于全市平均水平，"
        "进出口总值实现较大增长。"
    )
    assert [t.indicator for t in found] == ["gdp"]


def test_a_first_draft_gives_way_to_the_main_targets():
    found = targets_of(
        "最初将经济增长的预期目标定为11%，建议今年主要预期目标定为：国内生产总值增长12%。"
    )
    assert [(t.label, t.value) for t in found] == [("国内生产总值", "12%")]
    alone = targets_of("综合分析各种情况，今年经济增长预期目标为７％左右，这是必要的。")
    assert [(t.indicator, t.label, t.value, t.low) for t in alone] == [
        ("gdp", "经济增长", "７％左右", 7)
    ]


@pytest.mark.parametrize(
    ("value", "comparator", "low", "high", "unit"),
    [
        ("5%—5.5%", "区间", 5, 5.5, "%"),
        ("6%～6.5%", "区间", 6, 6.5, "%"),
        ("6—6.5%", "区间", 6, 6.5, "%"),
        ("6.5%以上", "以上", 6.5, None, "%"),
        ("4.5%以内", "以内", None, 4.5, "%"),
        ("1100万人以上", "以上", 1100, None, "万人"),
        ("不低于900万人", "以上", 900, None, "万人"),
        ("43.35亿元", "", 43.35, 43.35, "亿元"),
        ("6.8‰以内", "以内", None, 6.8, "‰"),
    ],
)
def test_values_are_verbatim_with_their_bounds(value, comparator, low, high, unit):
    (target,) = targets_of(f"主要预期目标是：地区生产总值增长{value}。")
    assert (target.value, target.comparator, target.low, target.high, target.unit) == (
        value,
        comparator,
        low,
        high,
        unit,
    )


def test_targets_without_a_figure_and_names_with_digits():
    found = targets_of(
        "主要预期目标是：粮食产量与上年持平，居民收入增长与经济增长基本同步，PM2.5平均浓度下降5%以上。"
    )
    assert [(t.indicator, t.label, t.value, t.comparator) for t in found] == [
        ("grain", "粮食产量", "与上年持平", "持平"),
        ("income", "居民收入", "与经济增长基本同步", "同步"),
        ("other", "PM2.5平均浓度", "5%以上", "以上"),
    ]


def test_a_list_of_targets_one_per_paragraph_ends_where_the_prose_starts():
    found = targets_of(
        "2003年全县经济工作的主要预期目标为：",
        "国内生产总值增长13.5%；",
        "人口自然增长率控制在7‰以内。",
        "为完成上述目标，重点抓好以下七个方面的工作：",
        "全年安排民生支出71.4亿元，增长13.5%。",
    )
    assert [(t.label, t.value, t.anchor) for t in found] == [
        ("国内生产总值", "13.5%", "p-2"),
        ("人口自然增长率", "7‰以内", "p-3"),
    ]


def test_explanations_and_budgets_after_the_targets_are_not_taken():
    found = targets_of(
        "主要预期目标是：国内生产总值增长8%左右；居民消费价格涨幅3%左右。这里要着重说明，"
        "提出国内生产总值增长8%左右，主要是强调好字当头。全年安排民生支出71.4亿元，较去年增加13.5%。"
    )
    assert [t.value for t in found] == ["8%左右", "3%左右"]


def test_anchors_are_the_paragraph_ids_of_the_rendered_body():
    markdown = "# 今年工作\n\n各位代表。\n\n主要预期目标是：地区生产总值增长7%左右。\n"
    blocks, _ = blocks_of(markdown)
    (target,) = extract_targets(blocks)
    html = render_markdown(markdown).html
    assert target.anchor == "s1-2"
    assert f'<p id="{target.anchor}">主要预期目标是' in html


# --- corrections ------------------------------------------------------------------------

REPORT = """---
title: 政府工作报告
{front}---

主要预期目标是：地区生产总值增长7%左右，进出口增长5%，实际利用外资增长6%左右。
"""


def corrected(front: str):
    report = parse_report(REPORT.format(front=front), Path("content/2024-x.md"))
    blocks, _ = blocks_of(report.body)
    return apply_corrections(extract_targets(blocks), report.targets, blocks, report.path)


def test_corrections_replace_add_and_remove_targets():
    found = corrected(
        "targets:\n"
        "  - {indicator: gdp, value: 7%左右}\n"  # replaces, keeping the label
        "  - {indicator: trade, remove: true}\n"
        "  - {indicator: other, label: 外资, value: 6%左右}\n"  # another label: added
        "  - {indicator: cpi, label: 居民消费价格涨幅, value: 5%}\n"
    )
    assert [(t.indicator, t.label, t.value, t.anchor) for t in found] == [
        ("gdp", "地区生产总值", "7%左右", "p-1"),
        ("other", "实际利用外资", "6%左右", "p-1"),
        ("other", "外资", "6%左右", "p-1"),
        ("cpi", "居民消费价格涨幅", "5%", "p-1"),
    ]
    replaced = corrected("targets:\n  - {indicator: other, label: 实际利用外资, value: 5%}\n")
    assert [(t.label, t.value) for t in replaced][-1] == ("实际利用外资", "5%")
    assert corrected("targets:\n  - {remove: true}\n") == ()
    assert [t.value for t in corrected("targets: []\n")] == ["7%左右", "5%", "6%左右"]


def test_a_corrected_value_must_be_quoted_from_the_report():
    with pytest.raises(JieduError, match="not in the report's text") as error:
        corrected("targets:\n  - {indicator: gdp, value: 8%左右}\n")
    assert error.value.line == 3


@pytest.mark.parametrize(
    ("entry", "words"),
    [
        ("- 7%", "must be a mapping"),
        ("- {indicator: gdp, value: 7%, note: x}", "unknown key 'note'"),
        ("- {indicator: gpd, value: 7%}", "indicator must be one of"),
        ("- {indicator: other, value: 7%}", "needs its 'label'"),
        ("- {indicator: gdp}", "either a 'value'"),
        ("- {indicator: gdp, value: 7}", "must be text"),
        ("- {indicator: gdp, value: 较快增长}", "has no figure"),
        ("- {value: 7%}", "needs an 'indicator'"),
    ],
)
def test_a_wrong_correction_names_the_file_line_and_entry(entry, words):
    with pytest.raises(JieduError, match=words) as error:
        parse_report(REPORT.format(front=f"targets:\n  {entry}\n"), Path("content/2024-x.md"))
    assert error.value.line == 3
    assert "entry 1" in str(error.value)


def test_parse_corrections_keeps_every_entry_in_order():
    corrections = parse_corrections(
        [{"indicator": "gdp", "value": "7%"}, {"remove": True}], Path("x.md"), 4
    )
    assert [(c.indicator, c.value, c.remove, c.line) for c in corrections] == [
        ("gdp", "7%", False, 4),
        (None, None, True, 4),
    ]


def test_a_report_nobody_here_has_seen_reads_the_same_way():
    """The State Council's 2024 targets, as published (not in the corpus)."""
    found = targets_of(
        "今年发展主要预期目标是：国内生产总值增长5%左右；城镇新增就业1200万人以上，"
        "城镇调查失业率5.5%左右；居民消费价格涨幅3%左右；居民收入增长和经济增长同步；"
        "国际收支保持基本平衡；粮食产量1.3万亿斤以上；单位国内生产总值能耗降低2.5%左右，"
        "生态环境质量持续改善。",
        "提出上述预期目标，综合考虑了国内外形势和各方面因素，兼顾了需要和可能。",
    )
    assert [(t.indicator, t.value) for t in found] == [
        ("gdp", "5%左右"),
        ("urban_jobs", "1200万人以上"),
        ("unemployment", "5.5%左右"),
        ("cpi", "3%左右"),
        ("income", "和经济增长同步"),
        ("grain", "1.3万亿斤以上"),
        ("energy", "2.5%左右"),
    ]
    assert found[-1].change == "下降" and found[5].unit == "万亿斤"


def test_targets_in_a_markdown_list_link_to_their_list_items():
    blocks, _ = blocks_of(
        "## 今年目标\n\n今年主要预期目标是：\n\n1. 地区生产总值增长7%左右；\n"
        "2. 粮食产量稳定在50万吨以上。\n\n为此，要做好以下工作。\n"
    )
    assert [(t.indicator, t.value, t.anchor) for t in extract_targets(blocks)] == [
        ("gdp", "7%左右", "s1-2"),
        ("grain", "50万吨以上", "s1-3"),
    ]
