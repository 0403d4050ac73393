"""Item 2: punctuation width, stray spaces from PDFs, invisible characters, quotes as written."""

from __future__ import annotations

from pathlib import Path

import pytest

from jiedu.importer import import_seed
from jiedu.importer.normalize import normalize_line

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        # Half-width marks between Chinese become full-width ...
        ("作风,认真践行", "作风，认真践行"),
        ("目标是:地区生产总值", "目标是：地区生产总值"),
        ("增长39%,实现", "增长39%，实现"),
        ("10%以上;国资平台", "10%以上；国资平台"),
        ("建设!", "建设！"),
        ("怎么办?", "怎么办？"),
        ("格局(运营机构)+产业基金", "格局（运营机构）+产业基金"),
        # ... numbers and Latin text keep theirs.
        ("完成投资1,000万元", "完成投资1,000万元"),
        ("12:30前办结", "12:30前办结"),
        ("增长3.5%", "增长3.5%"),
        ("Hello, world (test)", "Hello, world (test)"),
        # Stray spaces between Chinese and numbers or Latin go ...
        ("压减燃煤 178 万吨", "压减燃煤178万吨"),
        ("两个 100%", "两个100%"),
        ("万元 GDP 能耗", "万元GDP能耗"),
        ("“5G+ 工业互联网”", "“5G+工业互联网”"),
        ("194台， 压减", "194台，压减"),
        # ... spaces that separate Chinese words (headlines, bylines) or Latin words stay.
        ("记者 张吉宝 李鸿斐", "记者 张吉宝 李鸿斐"),
        ("心愿得偿 “希望小屋”受助儿童", "心愿得偿 “希望小屋”受助儿童"),
        ("Windows 10", "Windows 10"),
        ("淄博1月20日讯 1月19日,张店区", "淄博1月20日讯 1月19日，张店区"),
        # Invisible characters and odd spaces.
        ("\u3000\u3000过去一年", "过去一年"),
        ("充电桩\u00a0150\u00a0座", "充电桩150座"),
        ("确保实现\u200b“两个100%”", "确保实现“两个100%”"),
        ("记者\u3000张三", "记者 张三"),
        # Quotes stay as written, straight or curly.
        ('"专精特新"企业', '"专精特新"企业'),
        ("‘一线工作法’", "‘一线工作法’"),
    ],
)
def test_normalize_line(raw, clean):
    assert normalize_line(raw) == clean


def test_seed_punctuation_is_full_width_in_the_markdown():
    doc = import_seed(ROOT / "seeds" / "000_16824cc927a6dc90.txt").documents[0]
    assert "作风，认真践行‘一线工作法’，打通" in doc.body
    assert "主要目标是：地区生产总值增长6.5%以上，一般" in doc.body
    for mark in ",;!?()":  # ":" is left out: the caption block's fence is ":::"
        assert mark not in doc.body


def test_seed_pdf_spaces_are_gone():
    doc = import_seed(ROOT / "seeds" / "001_e9778d67e6610d54.txt").documents[0]
    assert "压减燃煤178万吨，万元GDP能耗较2015年下降26.2%" in doc.body
    assert "确保实现“两个100%”" in doc.body
    assert "全面淘汰国III重型柴油营运货车" in doc.body
    assert "科学布局“5G+工业互联网”服务体系" in doc.body
    assert [item.term for item in doc.glossary if item.number == 18] == ["两个100%"]
