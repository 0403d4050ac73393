"""What a long build says while it runs, and how long each of its stages took.

On a terminal a counter is a bar redrawn in place; in a log (CI, a pipe) it is a few plain
lines, at every quarter, so a log stays short and still shows the build is moving. Small
builds show no counter at all.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TextIO

COUNT_FROM = 100  # fewer items than this finish before a counter would be read
BAR_WIDTH = 30
REDRAW_EVERY = 0.1  # seconds between two drawings of a bar
LOG_STEPS = 4  # a log gets a line at each quarter


class Progress:
    def __init__(self, stream: TextIO = sys.stderr, tty: bool | None = None):
        self.stream = stream
        self.tty = stream.isatty() if tty is None else tty
        self.stages: list[tuple[str, float]] = []

    @contextmanager
    def stage(self, name: str) -> Iterator[None]:
        started = time.perf_counter()
        try:
            yield
        finally:
            self.stages.append((name, time.perf_counter() - started))

    def counter(self, label: str, total: int) -> Callable[[], None] | None:
        """A function to call once per item done, or None when there are too few items."""
        if total < COUNT_FROM:
            return None
        done, drawn = 0, 0.0

        def advance() -> None:
            nonlocal done, drawn
            done += 1
            if self.tty:
                now = time.perf_counter()
                if done == total or now - drawn >= REDRAW_EVERY:
                    drawn = now
                    filled = BAR_WIDTH * done // total
                    bar = "#" * filled + "-" * (BAR_WIDTH - filled)
                    end = "\n" if done == total else ""
                    self.stream.write(f"\r{label} [{bar}] {done}/{total}{end}")
                    self.stream.flush()
            elif done * LOG_STEPS // total != (done - 1) * LOG_STEPS // total:
                print(f"{label}: {done} of {total}", file=self.stream, flush=True)

        return advance

    def summary(self) -> str:
        """ "load 0.41 s · reports 2.10 s · write 0.31 s" (a stage entered twice: its total)."""
        totals: dict[str, float] = {}
        for name, seconds in self.stages:
            totals[name] = totals.get(name, 0.0) + seconds
        return " · ".join(f"{name} {seconds:.2f} s" for name, seconds in totals.items())
