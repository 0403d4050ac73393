"""A small benchmark run keeps bench/ working; real figures come from `make bench`."""

from __future__ import annotations

import json
import re
import subprocess
import sys

from .conftest import REPO

KEYS = ["cold_s", "noop_s", "edit_s", "glossary_s", "search_s", "peak_rss_mb", "mkdocs_s", "hugo_s"]


def test_benchmark_smoke_run(tmp_path):
    result = subprocess.run(
        [
            sys.executable,
            str(REPO / "bench" / "bench.py"),
            "--reports",
            "20",
            "--runs",
            "1",
            "--no-others",
            "--out",
            str(tmp_path),
        ],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 0, result.stderr
    cpu = re.search(r"cold build CPU time .*: ([\d.]+) s", result.stdout)
    assert cpu and float(cpu.group(1)) > 0
    figures = json.loads(result.stdout.strip().splitlines()[-1])
    assert list(figures) == KEYS
    for key in ("cold_s", "noop_s", "edit_s", "peak_rss_mb"):
        assert figures[key] > 0
    assert figures["mkdocs_s"] is None and figures["hugo_s"] is None
    pages = list((tmp_path / "corpus" / "site" / "reports").iterdir())
    assert len(pages) == 20 + len(list((REPO / "content").glob("*.md")))
