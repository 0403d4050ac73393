"""Issue 16, item 4: a long build shows progress (a bar on a terminal, plain lines in a
log) and ends with the time of each stage."""

from __future__ import annotations

import io
import subprocess
import sys

from jiedu.progress import COUNT_FROM, Progress

from .conftest import REPO


def test_a_log_gets_a_line_at_each_quarter_and_small_jobs_none():
    stream = io.StringIO()
    progress = Progress(stream, tty=False)
    assert progress.counter("rendering reports", COUNT_FROM - 1) is None
    advance = progress.counter("rendering reports", 400)
    for _ in range(400):
        advance()
    assert stream.getvalue().splitlines() == [
        f"rendering reports: {n} of 400" for n in (100, 200, 300, 400)
    ]


def test_a_terminal_gets_a_bar_redrawn_in_place_that_ends_full():
    stream = io.StringIO()
    advance = Progress(stream, tty=True).counter("rendering reports", 200)
    for _ in range(200):
        advance()
    drawn = stream.getvalue()
    assert drawn.startswith("\rrendering reports [") and drawn.endswith("] 200/200\n")
    assert drawn.count("\n") == 1  # redrawn over itself, one line in the end
    assert "#" * 30 in drawn.rsplit("\r", 1)[1]


def test_stages_are_timed_in_order():
    progress = Progress(io.StringIO(), tty=False)
    with progress.stage("load"):
        pass
    with progress.stage("write"):
        pass
    assert [name for name, _ in progress.stages] == ["load", "write"]
    assert progress.summary().startswith("load 0.") and " · write 0." in progress.summary()


def test_a_build_ends_with_the_time_of_each_stage(tmp_path):
    result = subprocess.run(
        [sys.executable, str(REPO / "build.py"), "build", "--force", "--out", str(tmp_path)],
        capture_output=True,
        text=True,
        check=True,
    )
    last = result.stdout.strip().splitlines()[-1]
    for stage in ("start", "load", "reports", "other pages and search", "write"):
        assert f"{stage} " in last


def test_a_stage_entered_twice_is_shown_once_with_its_total():
    progress = Progress(io.StringIO())
    progress.stages += [("start", 0.25), ("load", 1.0), ("start", 0.5)]
    assert progress.summary() == "start 0.75 s · load 1.00 s"
