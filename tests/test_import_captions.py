"""Item 4: photo captions dropped into a sentence become caption blocks after the paragraph
they interrupted, and the sentence around them is whole again."""

from __future__ import annotations

from pathlib import Path

import pytest

from jiedu.importer import import_seed, import_text

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "seeds"
FIXTURES = ROOT / "tests" / "fixtures" / "import"

# (seed, document, caption, end of the paragraph the caption follows, or None: body start)
CAPTIONS = [
    ("000_16824cc927a6dc90.txt", 0, "临淄区委副书记、区政府代理区长蔡华刚作政府工作报告。",
     "确保实现“两个100%”。"),
    ("002_22c87bdb59693694.txt", 0, "张店区人民政府区长苏振华作政府工作报告。",
     "基金管理规模突破1000亿元。"),
    ("003_1b5cf71f539affb1.txt", 0, "桓台县人民政府代理县长范伟作政府工作报告。",
     "重点做到六个“攻坚提质”。"),
    ("004_d47e1c2891511237.txt", 3, "签约仪式现场", None),
]  # fmt: skip


@pytest.mark.parametrize(("seed", "index", "caption", "after"), CAPTIONS)
def test_caption_block(seed, index, caption, after):
    doc = import_seed(SEEDS / seed).documents[index]
    block = f"::: caption\n{caption}\n:::"
    assert doc.body.count(block) == 1
    before = doc.body.split(block)[0].rstrip("\n")
    if after is None:
        assert before == ""
    else:
        assert before.endswith(after)
    # The caption is not repeated (the 002 lede happens to say the same words).
    assert doc.body.count(caption) == (SEEDS / seed).read_text(encoding="utf-8").count(caption)
    assert caption not in doc.front_matter["title"] + doc.front_matter.get("subtitle", "")


def test_sentences_around_captions_are_whole():
    body_000 = import_seed(SEEDS / "000_16824cc927a6dc90.txt").documents[0].body
    assert "等项目开工建设，抢占未来发展制高点。" in body_000
    body_002 = import_seed(SEEDS / "002_22c87bdb59693694.txt").documents[0].body
    assert "着力扩大有效投资，优化投资结构" in body_002


def test_no_other_caption_blocks_in_the_seeds():
    found = [
        doc.body.count("::: caption")
        for seed in sorted(SEEDS.glob("*.txt"))
        for doc in import_seed(seed).documents
    ]
    assert sum(found) == len(CAPTIONS)


def test_a_caption_in_a_web_page_sentence():
    (doc,) = import_seed(FIXTURES / "utf16_web_page.txt").documents
    assert "加快建设丝绸文化产业园，打造千年商埠新名片。\n\n::: caption\n" in doc.body


def test_a_caption_in_a_sentence_without_picture_gap_needs_a_full_stop():
    """A short line between the pieces of a cut sentence is only a caption if it is a
    sentence of its own; otherwise it is text, as in an infographic's item list."""
    docs = import_text(
        "标题\n\n淄博1月5日讯 全年完成投资100亿元，推进重点项目开工建\n"
        "区长张三作政府工作报告。\n设，确保实现目标。\n",
        "caption.txt",
    )
    assert "推进重点项目开工建设，确保实现目标。\n\n::: caption\n区长张三作政府工作报告。\n:::" in (
        docs[0].body
    )
