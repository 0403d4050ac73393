"""The GDP growth targets by year, one line per region: an SVG chart's geometry, computed
at build time (templates/targets.html draws it; no script, nothing loaded from elsewhere)."""

from __future__ import annotations

import math
from dataclasses import dataclass

WIDTH, HEIGHT = 480, 270
LEFT, RIGHT, TOP, BOTTOM = 48, 18, 14, 34  # room for the axes' labels
# Colours that stay apart for colour-blind readers, on light and dark backgrounds
# (Okabe–Ito without black and yellow); then the same again dashed.
COLOURS = ("#0072b2", "#d55e00", "#009e73", "#cc79a7", "#e69f00", "#56b4e9")
DASHES = ("", "6 3", "2 3")


@dataclass(frozen=True)
class Point:
    x: float
    y: float
    low_y: float  # a range (7%—7.5%) or 以上/以内 is drawn as a bar from low to high
    high_y: float
    text: str  # "2022年 7%左右", the point's tooltip


@dataclass(frozen=True)
class Series:
    region: str
    colour: str
    dash: str
    points: tuple[Point, ...]

    @property
    def path(self) -> str:
        return " ".join(
            f"{'M' if i == 0 else 'L'}{p.x:.1f} {p.y:.1f}" for i, p in enumerate(self.points)
        )


@dataclass(frozen=True)
class Chart:
    width: int
    height: int
    x_ticks: tuple[tuple[float, str], ...]
    y_ticks: tuple[tuple[float, str], ...]
    series: tuple[Series, ...]
    plot_left: int
    plot_right: int
    plot_top: int
    plot_bottom: int


def gdp_chart(points_by_region: list[tuple[str, list[tuple[int, float, float, str]]]]) -> Chart:
    """points_by_region: (region, [(year, low %, high %, value text)…]) in display order."""
    years = sorted({year for _, points in points_by_region for year, *_ in points})
    figures = [
        f for _, points in points_by_region for _, low, high, _ in points for f in (low, high)
    ]
    if not years:
        return Chart(WIDTH, HEIGHT, (), (), (), LEFT, WIDTH - RIGHT, TOP, HEIGHT - BOTTOM)
    bottom, top = _axis_range(min(figures), max(figures))
    plot_left, plot_right = LEFT, WIDTH - RIGHT
    plot_top, plot_bottom = TOP, HEIGHT - BOTTOM

    def x_of(year: int) -> float:
        if len(years) == 1:
            return (plot_left + plot_right) / 2
        return plot_left + (plot_right - plot_left) * years.index(year) / (len(years) - 1)

    def y_of(figure: float) -> float:
        return plot_bottom - (plot_bottom - plot_top) * (figure - bottom) / (top - bottom)

    series = []
    for n, (region, points) in enumerate(points_by_region):
        drawn = tuple(
            Point(x_of(year), y_of((low + high) / 2), y_of(low), y_of(high), f"{year}年 {text}")
            for year, low, high, text in sorted(points)
        )
        colour = COLOURS[n % len(COLOURS)]
        dash = DASHES[(n // len(COLOURS)) % len(DASHES)]
        series.append(Series(region, colour, dash, drawn))
    step = 1 if top - bottom <= 8 else 2
    y_ticks = tuple((y_of(f), f"{f:g}%") for f in range(int(bottom), int(top) + 1, step))
    x_ticks = tuple((x_of(year), str(year)) for year in years)
    return Chart(
        WIDTH,
        HEIGHT,
        x_ticks,
        y_ticks,
        tuple(series),
        plot_left,
        plot_right,
        plot_top,
        plot_bottom,
    )


def _axis_range(low: float, high: float) -> tuple[float, float]:
    bottom = max(0, math.floor(low) - 1)
    top = math.ceil(high) + 1
    return bottom, top
