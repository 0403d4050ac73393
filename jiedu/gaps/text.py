"""The text the gap finder reads, and the phrases it puts up for judging.

A report's body is rendered as the site renders it (jiedu.markdown), so every paragraph
keeps the anchor its page gives it; the phrases are found in that plain text:

- quoted phrases (“…”, 「…」, 『…』): the usual way a report marks a coinage;
- self-definitions: “（以下简称“X”）”, and a quoted phrase followed by 即/是指;
- number-coded names written without quotes (十项民心工程, 一带两翼四极十点, 8+N);
- the labels of a report's own glossary (a definition list: the term, then `: ` and what
  it means), where the report itself says the phrase needs explaining.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from jiedu.content import Report
from jiedu.markdown import Body, render_markdown

QUOTED = re.compile(r"[“「『]([^“”「」『』\n]{1,30})[”」』]")
# （以下简称“X”） / （简称X） / 简称为“X”: the report names an abbreviation of its own.
_SHORT_NAME = re.compile(r"(?:以下)?简称(?:为)?[“「]([^“”「」\n]{1,16})[”」]")
# “X”，即… / “X”（即…） / “X”是指…: the report explains the phrase right after it.
_EXPLAINED_AFTER = re.compile(r"^[，,（(：:]?\s*(?:即|是指|就是|指的是)")
# Chinese numerals as used in number-coded names (双 as in 双随机、双减).
NUMERALS = "一二三四五六七八九十两双百千零"
_NUM = f"[{NUMERALS}0-9]"
_HAN = r"[\u4e00-\u9fff]"
_NOT_NUM_HAN = f"[^{NUMERALS}\\W\\da-zA-Z_]"
# Two or more "numeral + one to three characters" in a row: 一带两翼四极十点, 三创四建.
_MULTI_NUMERAL = re.compile(f"(?<!{_NUM}|第)(?:[{NUMERALS}]{_NOT_NUM_HAN}{{1,3}}){{2,}}")
# A numeral with a measure word, then a policy noun: 十项民心工程, 七场硬战, 八大行动.
_COUNTED_HEADS = (
    "工程|行动|硬战|攻坚战|会战|战役|体系|计划|机制|工作法|战略|清单|实事|任务|举措|改革|"
    "攻坚|提升|板块|集群|基地|中心|平台|品牌|民生工程|服务圈|优化|目标|坚持"
)
_COUNTED_NAME = re.compile(
    f"(?<!{_NUM}|第)(?:[二三四五六七八九十两]{{1,2}}|[一二三四五六七八九十]十[一二三四五六七八九]?)"
    f"[大项场个条件]{_HAN}{{0,5}}?(?:{_COUNTED_HEADS})"
)
# Latin and digit codes: 8+N, 1+4+N, 3+N, 123制造业体系, 招才引智10条.
_CODE = re.compile(r"(?<![0-9A-Za-z+])[0-9A-Za-z]{1,4}(?:\+[0-9A-Za-z]{1,4})+(?![0-9A-Za-z+])")


@dataclass(frozen=True)
class Paragraph:
    """One block of a report's body, as its page shows it."""

    report: str  # the report's slug
    anchor: str | None  # the id of the block on the report's page
    text: str
    label: bool  # the term of a report's own glossary (a definition list's label)


@dataclass(frozen=True)
class Phrase:
    """A phrase found in a paragraph, and why it was picked up."""

    text: str  # as written, quotes removed
    paragraph: Paragraph
    start: int  # offsets of the phrase in paragraph.text
    end: int
    how: str  # "quoted", "short-name", "explained", "numbered", "label"


def report_paragraphs(report: Report) -> list[Paragraph]:
    """Each block of the body with its anchor, in reading order."""
    collected: list[Body] = []

    def keep(body: Body) -> list:
        collected.append(body)
        return []

    render_markdown(report.body, keep)
    by_block: dict[str | None, list] = {}
    order: list[str | None] = []
    for run in collected[0].runs:
        if run.block_id not in by_block:
            order.append(run.block_id)
        by_block.setdefault(run.block_id, []).append(run)
    out = []
    for block_id in order:
        runs = by_block[block_id]
        label = bool(block_id and block_id.startswith("note-") and not block_id.endswith("-text"))
        text = "".join(run.text for run in runs)
        out.append(Paragraph(report.slug, block_id, text, label))
    return out


def phrases(paragraph: Paragraph) -> list[Phrase]:
    """Every phrase of one paragraph worth judging (a phrase may come up more than once)."""
    text = paragraph.text
    found: list[Phrase] = []
    if paragraph.label:
        return _label_phrases(paragraph)
    for m in QUOTED.finditer(text):
        how = "explained" if _EXPLAINED_AFTER.match(text[m.end() : m.end() + 6]) else "quoted"
        short = _SHORT_NAME.match(text, max(0, m.start() - 4))
        if short and short.end() == m.end():
            how = "short-name"
        found.append(_phrase(paragraph, m.start(1), m.end(1), how))
    quoted_spans = [(p.start, p.end) for p in found]
    for pattern in (_MULTI_NUMERAL, _COUNTED_NAME, _CODE):
        for m in pattern.finditer(text):
            if not any(s <= m.start() and m.end() <= e for s, e in quoted_spans):
                found.append(_phrase(paragraph, m.start(), m.end(), "numbered"))
    return [p for p in found if p.text]


def _label_phrases(paragraph: Paragraph) -> list[Phrase]:
    """A glossary label names its term, quoted inside a longer label or the whole label."""
    text = paragraph.text
    quoted = [_phrase(paragraph, m.start(1), m.end(1), "label") for m in QUOTED.finditer(text)]
    if quoted:
        return quoted
    stripped = text.strip()
    if 2 <= len(stripped) <= 16:
        start = text.find(stripped)
        return [_phrase(paragraph, start, start + len(stripped), "label")]
    return []


def _phrase(paragraph: Paragraph, start: int, end: int, how: str) -> Phrase:
    # Spaces inside a quote are PDF or typing noise ("三 创四建"); edges are trimmed.
    text = paragraph.text[start:end]
    stripped = text.strip()
    start += len(text) - len(text.lstrip())
    return Phrase(stripped, paragraph, start, start + len(stripped), how)
