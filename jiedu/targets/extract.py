"""A report's main expected targets, read from its rendered body's paragraphs.

The rules are small functions over text runs: a body's blocks (paragraphs with their ids),
their sentences, and the clauses of a sentence. A block of targets starts where a sentence
says 主要预期目标 / 主要目标 / 预期目标 是·为·：…; the clauses after it that name an
indicator with a figure are targets, and the sentences (and list items) that follow are
too while they read as more of the list. Never taken: last year's results, a five-year
plan's goals, figures of elsewhere.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass

from jiedu.targets.indicators import classify, split_labels
from jiedu.targets.model import Target
from jiedu.targets.values import Value, find_relation, find_values

TRIGGER = re.compile(
    r"(?P<name>主要预期目标|主要目标|预期目标)(?:和约束性?指标|和任务|任务)?\s*"
    r"(?:(?:是|为|定为|设定为|建议为|确定为|拟定为|如下)\s*[：:，,]?|[：:])"
)
FOLLOWING_BLOCKS = 20  # a list of targets, one per paragraph, is never longer
LABEL_LONGEST = 30
_SENTENCE = re.compile(r"[^。！？!?\n]+[。！？!?]?")
_CLAUSE = re.compile(r"[^，；,;：:]+")
# An aside with a figure or a year is no part of a target: (1990年不变价), （去年增长5.8%）.
_ASIDE = re.compile(r"（[^（）]{0,40}）|\([^()]{0,40}\)")
_ASIDE_FIGURE = re.compile(r"(?<![A-Za-z])[0-9０-９]+(?:[.．][0-9０-９]+)?\s*(?:年|%|％)")
# "\r\n" written out as text by some copies: a line break.
_LITERAL_BREAK = "\\r\\n"
_FIVE_YEARS = re.compile(r"五年|时期|规划|十[一二三四五六七八九]五")
_THIS_YEAR = re.compile(r"今年|本年|年度|明年")
_PAST = re.compile(r"去年|上年|前年|过去|预计|已经|已达")
_PAST_YEAR = re.compile(r"去年|上年|前年|过去")
_COMPARED_WITH_PAST = re.compile(r"(?:比|较|同|与|高于|低于)(?:上年|去年|上一年)")
_SPAN_OF_YEARS = re.compile(r"年均|每年平均|五年|[到至]\s*20\d\d\s*年|十[一二三四五六七八九]五")
_ELSEWHERE = re.compile(r"平均水平")
_OTHER_LEVEL = re.compile(r"全国|国家|中央")
_LEADING = re.compile(r"^(?:[—\-－\s]+|其中|全年|今年|力争|确保|努力|争取|同时|并)+")
_VERB = re.compile(
    r"(?:同比|可比|同口径|按可比口径|比上年|较上年)?"
    r"(?:增长(?!率)|增速|下降|降低|减少|削减|上涨(?!幅度)|提高|增加(?!值)|控制在|控制|保持在|稳定在"
    r"|达到|实现|完成|突破|不低于|不少于|不超过|不高于|分别|(?<![人平年])均|预期|在(?=\s*[0-9０-９])"
    r"|为(?=\s*[0-9０-９]))"
)
_FALLING = re.compile(r"下降|降低|减少|削减")
_EACH = re.compile(r"分别|(?<![人平年])均|都")  # not 人均, 平均, 年均
_GDP_WORDS = re.compile(r"(?:地区|国内|本地|本区|本市|全省|全市|全县|全区)?生产总值|GDP|经济增长")


@dataclass(frozen=True)
class Block:
    """A paragraph (or list item, heading…) of the body: its id and its text."""

    anchor: str | None
    text: str


def body_blocks(body) -> list[Block]:
    """The blocks of a rendered body (jiedu.markdown.Body): its plain text holds one block
    per line, and the first text run of each line carries the block's id."""
    ids: dict[int, str | None] = {}
    for run in body.runs:
        ids.setdefault(run.start, run.block_id)
    blocks, offset = [], 0
    for line in body.text.split("\n"):
        blocks.append(Block(ids.get(offset), line))
        offset += len(line) + 1
    return blocks


def extract_targets(blocks: list[Block]) -> tuple[Target, ...]:
    """Every target of the year stated in the blocks, in reading order, each once.

    Where a sentence introduces 主要(预期)目标, those are the targets; a lone 预期目标
    (经济增长预期目标为7%左右) counts only in a report that has no such sentence."""
    main: list[Target] = []
    lone: list[Target] = []
    for index, block in enumerate(blocks):
        if "目标" not in block.text:  # most paragraphs: not worth splitting into sentences
            continue
        for sentence_start, sentence in _sentences(block.text):
            for trigger in TRIGGER.finditer(sentence):
                if _about_other_years(sentence[: trigger.start()]):
                    continue
                found = _targets_after(blocks, index, sentence_start, sentence, trigger)
                (main if trigger["name"].startswith("主要") else lone).extend(found)
    return _once(main or lone)


def _targets_after(blocks, index, sentence_start, sentence, trigger) -> list[Target]:
    """The targets of the sentence after its trigger, and of what follows while it reads
    as more of the same list."""
    anchor = blocks[index].anchor
    prefix_clause = _last_clause(sentence[: trigger.start()])
    found = _sentence_targets(sentence[trigger.end() :], anchor, prefix_clause)
    for _, following in _sentences(blocks[index].text[sentence_start + len(sentence) :]):
        more = _continuation(following, anchor, whole_block=False)
        if more is None:
            return found
        found += more
    for block in blocks[index + 1 : index + 1 + FOLLOWING_BLOCKS]:
        for _, following in _sentences(block.text):
            more = _continuation(following, block.anchor, whole_block=True)
            if more is None:
                return found
            found += more
    return found


def _continuation(sentence: str, anchor, whole_block: bool) -> list[Target] | None:
    """A sentence after the targets' sentence: its targets if it goes on with them, else
    None. It does when it starts with a named indicator and at least half of its clauses
    are about indicators (单位生产总值能耗…完成省定目标，细颗粒物浓度下降4%), or when it
    is a list line holding nothing but targets (人口自然增长率控制在7‰以内；)."""
    clauses = [c for _, c in _clauses(sentence) if c.strip(" 。")]
    if not clauses:
        return []
    about = [_names_an_indicator(c) or bool(_clause_targets(c, None)) for c in clauses]
    if _names_an_indicator(clauses[0]) and 2 * sum(about) >= len(clauses):
        return _sentence_targets(sentence, anchor, "")
    if whole_block and all(_clause_targets(c, None) for c in clauses):
        return _sentence_targets(sentence, anchor, "")
    return None


def _names_an_indicator(clause: str) -> bool:
    """The clause begins with one of the fixed indicators (with a figure or without)."""
    label = _clean_label(_label_part(clause))
    return bool(label) and len(label) <= LABEL_LONGEST * 2 and classify(label) != "other"


def _sentence_targets(text: str, anchor, prefix_clause: str) -> list[Target]:
    targets: list[Target] = []
    carried: str | None = None  # 国内生产总值2150亿元，增长12%: the label goes on
    for position, clause in _clauses(text):
        if position == 0 and prefix_clause and not _label_part(clause):
            carried = _label_before_trigger(prefix_clause)
        found = _clause_targets(clause, carried)
        if found:
            carried = found[-1][1]
        targets += [_target(*item, anchor) for item in found]
    return targets


def _clause_targets(clause: str, carried: str | None) -> list[tuple]:
    """(indicator, label, Value, change) for each target the clause states."""
    clause = _LEADING.sub("", clause.strip())
    if _not_this_year(clause):
        return []
    values = find_values(clause)
    if not values:
        relation = find_relation(clause)
        values = [relation] if relation else []
    if not values:
        return []
    words = clause[: values[0].start]
    label_part = _label_part(clause)
    label = _clean_label(label_part) or (carried if _starts_with_verb(words) else None)
    if not label or len(label) > LABEL_LONGEST:
        return []
    change = "下降" if _FALLING.search(words) else ""
    several = _EACH.search(words) or len(values) > 1
    labels = split_labels(label, len(values)) if several else [label]
    if len(labels) == len(values):
        pairs = list(zip(labels, values, strict=True))
    elif len(values) == 1:
        pairs = [(name, values[0]) for name in labels]
    else:
        pairs = [(label, value) for value in values]
    return [(classify(name), name, value, change) for name, value in pairs]


def _label_part(clause: str) -> str:
    """The words before a clause's first verb or figure."""
    clause = _LEADING.sub("", clause.strip())
    values = find_values(clause) or [find_relation(clause)]
    end = values[0].start if values[0] else len(clause)
    words = clause[:end]
    # Over the whole clause: 在 and 为 are verbs only before a figure.
    verbs = [m for m in _VERB.finditer(clause) if m.start() < end]
    start = 0
    if verbs and verbs[0].start() == 0:  # 实现地区生产总值增长7%; 增长12% (label before)
        start = verbs.pop(0).end()
    return words[start : verbs[0].start()] if verbs else words[start:]


def _clean_label(words: str) -> str:
    return words.strip(" \u3000的").removesuffix("的")


def _starts_with_verb(words: str) -> bool:
    words = words.strip()
    return not words or _VERB.match(words + "0") is not None


def _label_before_trigger(clause: str) -> str | None:
    """经济增长预期目标为7%左右: the indicator is named before the trigger."""
    if _OTHER_LEVEL.search(clause):
        return None
    match = _GDP_WORDS.search(clause)
    return match.group() if match else None


def _not_this_year(clause: str) -> bool:
    """Last year's result, a span of years (年均, 到2025年) or a figure of elsewhere."""
    present = _COMPARED_WITH_PAST.sub("", clause)
    return bool(_PAST.search(present) or _SPAN_OF_YEARS.search(clause) or _ELSEWHERE.search(clause))


def _about_other_years(before_trigger: str) -> bool:
    """“十四五”时期主要目标…, 今后五年…预期目标, 去年主要预期目标: a plan's goals or last
    year's, unless the sentence names this year."""
    if _THIS_YEAR.search(before_trigger):
        return False
    past = _PAST_YEAR.search(_COMPARED_WITH_PAST.sub("", before_trigger))
    return bool(past or _FIVE_YEARS.search(before_trigger))


def _last_clause(text: str) -> str:
    clauses = [c for _, c in _clauses(text)]
    return clauses[-1] if clauses else ""


def _target(indicator: str, label: str, value: Value, change: str, anchor) -> Target:
    return Target(
        indicator,
        label,
        value.text,
        value.low,
        value.high,
        value.comparator,
        value.unit,
        anchor,
        change,
    )


def _once(targets: list[Target]) -> tuple[Target, ...]:
    """A report copied twice on its page states each target twice: keep the first."""
    seen, kept = set(), []
    for target in targets:
        key = (target.indicator, _fold(target.label), _fold(target.value))
        if key not in seen:
            seen.add(key)
            kept.append(target)
    return tuple(kept)


def _fold(text: str) -> str:
    return unicodedata.normalize("NFKC", text)


def _sentences(text: str) -> Iterator[tuple[int, str]]:
    """(offset, sentence) for each sentence; asides with figures are blanked out (their
    length kept, so offsets and the text around figures stay as they are)."""
    working = _ASIDE.sub(_blank_figures, text.replace(_LITERAL_BREAK, "\n   "))
    for match in _SENTENCE.finditer(working):
        yield match.start(), match.group()


def _blank_figures(aside: re.Match) -> str:
    text = aside.group()
    return " " * len(text) if _ASIDE_FIGURE.search(text) else text


def _clauses(sentence: str) -> Iterator[tuple[int, str]]:
    for match in _CLAUSE.finditer(sentence):
        yield match.start(), match.group()
