"""Figures in a clause of text: "6.5%以上", "5%—5.5%", "不低于900万人", "与上年持平".

Each found value is a span of the clause (so it is verbatim) with its bounds, comparator
and unit read off it.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

_NUMBER = r"[0-9０-９]+(?:[.．][0-9０-９]+)?"
_UNIT = (
    r"(?:%|％|‰|个百分点|(?:万亿|亿|万|千)?"
    r"(?:美元|元|人次|人|吨标准煤|吨|斤|公斤|亩|平方公里|平方米|公里|千瓦时|千瓦|立方米|标箱|户|家|辆))"
)
_DASH = r"[-－—–～~〜至到]{1,2}"
_BEFORE = r"不低于|不少于|不超过|不高于"
_AFTER = r"左右|上下|以上|以内|以下|之间"
# A digit right after a Latin letter belongs to a name (PM2.5), not to a figure.
VALUE = re.compile(
    rf"(?<![A-Za-z0-9０-９.．])(?P<before>{_BEFORE})?(?P<low>{_NUMBER})(?:{_UNIT})?"
    rf"(?:{_DASH}(?P<high>{_NUMBER}))?(?P<unit>{_UNIT})(?P<after>{_AFTER})?"
)
FLAT = re.compile(r"(?:与|和|同|比)?(?:上年|去年|上一年)?(?:基本)?持平")
IN_STEP = re.compile(r"(?:与|和|同)(?:经济增长|经济发展|地区生产总值增长)(?:基本)?同步")
_COMPARATORS = {
    "左右": "左右",
    "上下": "左右",
    "以上": "以上",
    "以内": "以内",
    "以下": "以内",
    "之间": "区间",
    "不低于": "以上",
    "不少于": "以上",
    "不超过": "以内",
    "不高于": "以内",
}


@dataclass(frozen=True)
class Value:
    start: int
    end: int
    text: str
    low: float | None
    high: float | None
    comparator: str
    unit: str


def find_values(clause: str) -> list[Value]:
    """The figures of a clause in order; where a list of them ends in one comparator
    ("7%、7.5%左右"), that comparator applies to each (its text stays as written)."""
    values = [_numeric(match) for match in VALUE.finditer(clause)]
    shared = values[-1].comparator if values else ""
    if shared in ("左右", "以上", "以内") and len(values) > 1:
        values = [_with_comparator(v, shared) if not v.comparator else v for v in values]
    return values


def find_relation(clause: str) -> Value | None:
    """A target without a figure: 持平 (the same as last year) or 与经济增长同步."""
    for pattern, comparator in ((FLAT, "持平"), (IN_STEP, "同步")):
        match = pattern.search(clause)
        if match:
            return Value(match.start(), match.end(), match.group(), None, None, comparator, "")
    return None


def number(text: str) -> float:
    return float(unicodedata.normalize("NFKC", text))


def _numeric(match: re.Match) -> Value:
    low = number(match["low"])
    high = number(match["high"]) if match["high"] else None
    word = match["before"] or match["after"] or ""
    comparator = "区间" if high is not None else _COMPARATORS.get(word, "")
    unit = unicodedata.normalize("NFKC", match["unit"])
    value = Value(match.start(), match.end(), match.group(), low, high, comparator, unit)
    return value if high is not None else _with_comparator(value, comparator)


def _with_comparator(value: Value, comparator: str) -> Value:
    """Bounds for a single figure: 以上 has no upper one, 以内 no lower one."""
    figure = value.low
    low = None if comparator == "以内" else figure
    high = None if comparator == "以上" else figure
    return Value(value.start, value.end, value.text, low, high, comparator, value.unit)
