"""Which fixed indicator a report's wording names, and the labels of a list of them
("城镇和农村居民人均可支配收入", "万元GDP能耗、水耗") one by one."""

from __future__ import annotations

import re

# In order: a per-GDP ratio (万元GDP能耗) is not GDP, and revenue is not income.
_RULES: tuple[tuple[str, re.Pattern], ...] = tuple(
    (key, re.compile(pattern))
    for key, pattern in (
        ("energy", r"能耗"),
        ("unemployment", r"失业率"),
        ("urban_jobs", r"新增.{0,2}就业|城镇就业"),
        ("cpi", r"消费价格|物价|CPI"),
        ("income", r"可支配收入|纯收入|居民收入"),
        ("revenue", r"预算收入|公共财政收入|预算财政收入|^(?:地方)?财政收入$"),
        ("investment", r"固定资产投资|全社会投资"),
        ("industry", r"工业增加值"),
        ("retail", r"消费品零售"),
        ("trade", r"进出口"),
        ("grain", r"粮食"),
        ("gdp", r"^(?!.*(?:人均|占|比重|水耗|电耗|用地)).*(?:生产总值|GDP|经济增长|经济总量)"),
    )
)
# Words a list's last label ends with that its earlier, shorter ones leave out.
_SHARED_ENDINGS = (
    "居民人均可支配收入",
    "人均可支配收入",
    "居民收入",
    "人均纯收入",
    "排放总量",
    "排放量",
    "增加值",
)
_PER_GDP = re.compile(r"^(?:万元|单位)(?:GDP|地区生产总值|国内生产总值|生产总值)")
_LIST_SEPARATOR = re.compile(r"以及|[、和及与]")
# 城乡居民… / 城乡… names two indicators: the urban and the rural one.
_TOWN_AND_COUNTRY = "城乡"


def classify(label: str) -> str:
    """The fixed key of an indicator's label, or "other"."""
    for key, pattern in _RULES:
        if pattern.search(label):
            return key
    return "other"


def split_labels(label: str, count: int) -> list[str]:
    """The labels of a list of indicators that share words; `count` is how many values
    the clause gives (1 when 分别/均 gives one to all)."""
    parts = [part for part in _LIST_SEPARATOR.split(label) if part]
    if len(parts) == 1 and label.startswith(_TOWN_AND_COUNTRY) and len(label) > 2:
        rest = label[len(_TOWN_AND_COUNTRY) :]
        return [f"城镇{rest}", f"农村{rest}"]
    if len(parts) < 2 or (count > 1 and len(parts) != count):
        return [label]
    ending = next((e for e in _SHARED_ENDINGS if parts[-1].endswith(e)), None)
    if ending:
        parts = [p if p.endswith(ending) or classify(p) != "other" else p + ending for p in parts]
    prefix = _PER_GDP.match(parts[0])
    if prefix:
        parts = [parts[0]] + [p if _PER_GDP.match(p) else prefix.group() + p for p in parts[1:]]
    return parts
