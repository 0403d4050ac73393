"""A small benchmark run keeps bench/ working; real figures come from `make bench`."""

from __future__ import annotations

import json
import re
import subprocess
import sys

from .conftest import REPO


def documented_keys() -> list[str]:
    """The keys bench/README.md's table documents, in its order."""
    text = (REPO / "bench" / "README.md").read_text(encoding="utf-8")
    return re.findall(r"^\| `(\w+)` \|", text, flags=re.M)


def test_every_key_is_documented():
    from bench.bench import KEYS, TARGETS

    assert list(KEYS) == documented_keys()
    for targets in TARGETS.values():
        for key, target in targets.items():
            assert key in KEYS
            assert not isinstance(target, tuple) or target[0] in KEYS


def test_benchmark_smoke_run(tmp_path):
    result = subprocess.run(
        [
            sys.executable,
            str(REPO / "bench" / "bench.py"),
            *("--reports", "20", "30", "--runs", "1", "--no-others", "--out", str(tmp_path)),
        ],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 0, result.stderr
    figures = json.loads(result.stdout.strip().splitlines()[-1])
    assert figures["cores"] > 0 and figures["runs"] == 1
    assert list(figures["sizes"]) == ["20", "30"]
    keys = documented_keys()
    assert "cold_s" in keys and "search_term_kb" in keys
    for size in figures["sizes"].values():
        assert list(size) == keys  # every key documented, in the README's order
        for key in ("cold_s", "cold_cpu_s", "warm_s", "warm_new_s", "noop_s", "edit_s"):
            assert size[key] > 0
        assert size["glossary_s"] > 0 and size["search_s"] > 0
        # A Python process with its libraries, at the least.
        assert size["peak_mb"] > 50 and size["peak_rss_mb"] > 50
        assert size["site_files"] > 20 and size["site_mb"] > 0.5
        # The browser fetched the search index for both queries (chromium is installed).
        assert size["search_term_kb"] > 0 and size["search_word_kb"] > 0
        assert size["mkdocs_s"] is None and size["hugo_s"] is None
    assert figures["sizes"]["30"]["site_files"] > figures["sizes"]["20"]["site_files"]
    assert not any(tmp_path.iterdir())  # every folder of the run deleted at its end
