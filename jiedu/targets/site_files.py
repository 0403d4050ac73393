"""The 目标对比 page (targets/index.html) and the downloads data/targets.csv and .json:
every report's targets, by year and region, regions in the home page's order."""

from __future__ import annotations

import csv
import hashlib
import io
import json
import re
from dataclasses import dataclass

from jiedu.memo import fingerprint
from jiedu.targets.chart import Chart, gdp_chart
from jiedu.targets.model import INDICATORS, Target

PAGE = "targets/index.html"
CSV_PATH = "data/targets.csv"
JSON_PATH = "data/targets.json"
_YEAR_IN_TITLE = re.compile(r"(?<![0-9])(19[5-9][0-9]|20[0-9][0-9])年")
FIELDS = (
    *("report", "seed", "region", "year", "indicator", "label", "value"),
    *("low", "high", "comparator", "unit", "change", "url"),
)


@dataclass(frozen=True)
class TargetRow:
    """One report's targets, as a row of a year's table."""

    region: str
    year: int | None
    title: str
    kind_label: str  # 政府工作报告, 报告摘要…: tells a region's two reports of a year apart
    url: str  # the report's page, site-relative
    slug: str
    seed: str
    targets: tuple[Target, ...]

    def cell(self, indicator: str) -> tuple[Target, ...]:
        return tuple(t for t in self.targets if t.indicator == indicator)


@dataclass(frozen=True)
class YearTable:
    year: int | None
    indicators: tuple[tuple[str, str], ...]  # (key, column name) of the columns shown
    rows: tuple[TargetRow, ...]


def target_files(pages, regions, memo, page_context: str) -> dict[str, bytes]:
    """The page and both downloads; made again only when a report's targets (or what the
    page shows of a report) changed. `regions` is the home page's list of regions."""
    # Each row and a digest of its repr, made again only when its report or region changed:
    # 10,000 rows and reprs took a tenth of a second at every build of the preview, and
    # hashing the joined reprs (10 MB) another 30 ms.
    rows_and_digests = [
        memo.get(
            f"target row {region.name}\x1f{entry.digest}", lambda r=region, e=entry: _row(r, e)
        )
        for region, entry in _row_sources(regions)
    ]
    # What the rows say, not the reports' digests: an edit elsewhere in a report keeps the page.
    digests = b"".join(digest for _, digest in rows_and_digests)
    return memo.get(
        lambda: fingerprint("targets", page_context, digests),
        lambda: _files(pages, [row for row, _ in rows_and_digests]),
    )


def _row(region, entry) -> tuple[TargetRow, bytes]:
    row = target_row(region, entry)
    return row, hashlib.blake2b(repr(row).encode(), digest_size=16).digest()


def target_row(region, entry) -> TargetRow:
    """The row of one report that states targets (one of _row_sources(regions))."""
    report = entry.report
    return TargetRow(
        region.name,
        report_year(report),
        report.title,
        report.kind_label,
        entry.url,
        report.slug,
        report.seed or "",
        entry.rendered.targets,
    )


def _row_sources(regions) -> list:
    """(region, report entry) of every report that states targets, in the rows' order."""
    return [
        (region, entry)
        for region in _in_home_order(regions)
        for entry in reversed(region.entries)  # a region lists its reports newest first
        if entry.rendered.targets
    ]


def report_year(report) -> int | None:
    """The year a report's targets are for: its date's, else a year its title names
    (2003年国务院政府工作报告)."""
    if report.date:
        return report.date.year
    match = _YEAR_IN_TITLE.search(report.title)
    return int(match.group(1)) if match else None


def _in_home_order(regions):
    """Regions as the home page lists them: each top region, then those in it (a list of
    flat regions, where regions have no walk())."""
    for region in regions:
        yield from region.walk() if hasattr(region, "walk") else (region,)


def year_tables(rows: list[TargetRow]) -> list[YearTable]:
    """One table per year, newest first (undated reports last)."""
    years = sorted({row.year for row in rows}, key=lambda y: (y is not None, y or 0), reverse=True)
    tables = []
    for year in years:
        members = tuple(row for row in rows if row.year == year)
        present = {t.indicator for row in members for t in row.targets}
        columns = tuple((key, name) for key, name in INDICATORS.items() if key in present)
        tables.append(YearTable(year, columns, members))
    return tables


def chart_of(rows: list[TargetRow]) -> tuple[Chart, list[tuple[str, dict[int, str]]]]:
    """The GDP growth chart, and its data as a table: region -> {year: value}."""
    by_region: dict[str, list] = {}
    table: dict[str, dict[int, str]] = {}
    for row in rows:
        growth = [t for t in row.cell("gdp") if t.unit == "%"]
        if not growth or row.year is None:
            continue
        target = growth[0]
        low = target.low if target.low is not None else target.high
        high = target.high if target.high is not None else target.low
        by_region.setdefault(row.region, []).append((row.year, low, high, target.value))
        table.setdefault(row.region, {}).setdefault(row.year, target.value)
    chart = gdp_chart(list(by_region.items()))
    return chart, list(table.items())


def records(rows: list[TargetRow], config) -> list[dict]:
    """One record per target, for the downloads."""
    out = []
    for row in rows:
        for target in row.targets:
            fragment = f"#{target.anchor}" if target.anchor else ""
            out.append(
                {
                    "report": row.slug,
                    "seed": row.seed,
                    "region": row.region,
                    "year": row.year,
                    "indicator": target.indicator,
                    "label": target.label,
                    "value": target.value,
                    "low": _number(target.low),
                    "high": _number(target.high),
                    "comparator": target.comparator,
                    "unit": target.unit,
                    "change": target.change,
                    "url": config.absolute(row.url) + fragment,
                }
            )
    return out


def targets_csv(rows: list[dict]) -> str:
    """UTF-8 with a BOM, so that spreadsheet programs read the Chinese correctly."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(FIELDS)
    writer.writerows(["" if row[k] is None else row[k] for k in FIELDS] for row in rows)
    return "\ufeff" + buffer.getvalue()


def targets_json(rows: list[dict]) -> str:
    """{"fields": [...], "targets": [...]}, one target per line: json's indent= is written
    in pure Python and took 1.5 s at 10,000 reports, this 0.1 s, and the file is a fifth
    smaller (10.6 MB, not 13.3)."""
    lines = ",\n".join(map(_compact_json, rows))
    return f'{{"fields":{_compact_json(FIELDS)},\n"targets":[\n{lines}\n]}}\n'


def _compact_json(value) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def _files(pages, rows: list[TargetRow]) -> dict[str, bytes]:
    data = records(rows, pages.config)
    chart, chart_table = chart_of(rows)
    page = pages.render(
        "targets.html",
        PAGE,
        tables=year_tables(rows),
        chart=chart,
        chart_table=chart_table,
        chart_years=sorted({year for _, values in chart_table for year in values}),
        report_count=len(rows),
        target_count=len(data),
        csv_path=CSV_PATH,
        json_path=JSON_PATH,
        description="各地区政府工作报告主要预期目标对比：地区生产总值、财政收入、投资等，按年份。",
    )
    files = {PAGE: page, CSV_PATH: targets_csv(data), JSON_PATH: targets_json(data)}
    return {path: text.encode() for path, text in files.items()}


def _number(figure: float | None):
    if figure is None:
        return None
    return int(figure) if figure == int(figure) else figure
