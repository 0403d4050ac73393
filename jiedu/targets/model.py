"""The data of a report's main expected targets (主要预期目标), shared by every stage."""

from __future__ import annotations

from dataclasses import dataclass

# The fixed indicator keys, with the name a page shows for each (in the tables' order).
INDICATORS: dict[str, str] = {
    "gdp": "地区生产总值",
    "revenue": "一般公共预算收入",
    "investment": "固定资产投资",
    "industry": "规模以上工业增加值",
    "retail": "社会消费品零售总额",
    "income": "居民人均可支配收入",
    "urban_jobs": "城镇新增就业",
    "unemployment": "城镇失业率",
    "cpi": "居民消费价格涨幅",
    "trade": "进出口",
    "energy": "单位生产总值能耗",
    "grain": "粮食产量",
    "other": "其他",
}


@dataclass(frozen=True)
class Target:
    """One target as the report states it.

    `value` is verbatim from the report's text ("6.5%以上", "5%—5.5%", "1100万人以上");
    low/high are its bounds as numbers (None where open), `comparator` one of 以上, 以内,
    左右, 区间, 持平, 同步, or "" for a single figure; `change` is 下降 where the text says
    the indicator falls (能耗下降3%), else "". `anchor` is the id of the paragraph it is in.
    """

    indicator: str
    label: str
    value: str
    low: float | None
    high: float | None
    comparator: str
    unit: str
    anchor: str | None
    change: str = ""

    @property
    def indicator_name(self) -> str:
        return self.label if self.indicator == "other" else INDICATORS[self.indicator]


@dataclass(frozen=True)
class Correction:
    """One entry of a content file's `targets:` front matter (see README, 主要预期目标).

    It applies to the extracted targets with its indicator (and label, when given):
    `remove` drops them, a `value` replaces them (or is added when there are none).
    An entry with remove and no indicator drops every extracted target."""

    indicator: str | None
    label: str | None = None
    value: str | None = None
    remove: bool = False
    line: int | None = None  # where it is in the content file, for errors
