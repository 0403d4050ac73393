#!/usr/bin/env python3
"""Benchmark Jiedu on generated corpora; compare with MkDocs and Hugo where installed.

For each size (--reports, default 1,000 and 10,000) prints one line per measurement
(medians of --runs runs) and, last, one JSON object: {"cores": …, "runs": …, "sizes":
{"1000": {key: value, …}, …}}, null where not measured. bench/README.md lists the keys.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import shutil
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(REPO))

from bench.corpus import make_corpus  # noqa: E402
from bench.fetched import search_bytes  # noqa: E402
from bench.memory import run_measuring_memory  # noqa: E402
from bench.others import hugo_build, mkdocs_build  # noqa: E402

KEYS = (
    "cold_s",
    "cold_cpu_s",
    "warm_s",
    "warm_new_s",
    "noop_s",
    "edit_s",
    "glossary_s",
    "search_s",
    "peak_mb",
    "peak_rss_mb",
    "site_mb",
    "site_files",
    "search_term_kb",
    "search_word_kb",
    "mkdocs_s",
    "hugo_s",
)
# Issue 16's targets, checked in the human lines: a number, or ("hugo_s", factor).
TARGETS = {
    1000: {"cold_s": ("hugo_s", 2), "warm_s": ("hugo_s", 1), "noop_s": 0.3, "edit_s": 0.3},
    10000: {
        "cold_s": ("hugo_s", 3),
        "peak_mb": 1500,
        "site_mb": 700,
        "noop_s": 0.5,
        "edit_s": 0.3,
        "search_term_kb": 1000,
    },
}
MKDOCS_UP_TO = 1000  # reports; MkDocs takes about a minute per 1,000
COMMON_WORD = "发展"  # in nearly every report


def median_time(action: Callable[[], object], runs: int, prepare: Callable[[], object] = None):
    times = []
    for _ in range(runs):
        if prepare:
            prepare()
        started = time.perf_counter()
        action()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def edit_first_definition(glossary_text: str, n: int) -> str:
    """The glossary with its first definition edited (the editor's usual glossary edit:
    new words for a term, its spellings unchanged)."""
    lines = glossary_text.split("\n")
    first = next(i for i, line in enumerate(lines) if line.startswith("  definition: "))
    lines[first] += f"（第{n}次修订）"
    return "\n".join(lines)


def build_command(corpus: Path, *extra: str) -> list[str]:
    return [sys.executable, str(REPO / "build.py"), "--root", str(corpus), "build", *extra]


def run_build(corpus: Path, *extra: str) -> str:
    return subprocess.run(
        build_command(corpus, *extra), capture_output=True, text=True, check=True
    ).stdout


def measure(corpus: Path, runs: int) -> dict[str, float | None]:
    from jiedu.cache import CACHE_DIR
    from jiedu.preview_build import SiteBuilder

    results: dict[str, float | None] = {}
    # Cold: no cache, each build into a new folder; nothing is deleted before it. Deleting a
    # built site (or a cache of thousands of files) just before would time ext4, not Jiedu:
    # for a minute or so after thousands of files are deleted, creating files in that part
    # of the disk is many times slower. So the last build's cache is moved aside (to the
    # build, that is no cache at all), and bench_size deletes it all at the end.
    times, cpu, peaks, peaks_single = [], [], [], []
    for n in range(runs):
        if (corpus / CACHE_DIR).exists():
            (corpus / CACHE_DIR).rename(corpus / f"cache-aside-{n}")
        started = time.perf_counter()
        usage = run_measuring_memory(build_command(corpus, "--out", str(corpus / f"cold-{n}")))
        times.append(time.perf_counter() - started)
        cpu.append(usage.cpu_s)
        peaks.append(usage.peak_mb)
        peaks_single.append(usage.peak_rss_mb)
    results["cold_s"] = statistics.median(times)
    results["cold_cpu_s"] = statistics.median(cpu)
    results["peak_mb"] = max(peaks)
    results["peak_rss_mb"] = max(peaks_single)
    site = corpus / "cold-0"
    files = [p for p in site.rglob("*") if p.is_file()]
    results["site_mb"] = sum(p.stat().st_size for p in files) / 1e6
    results["site_files"] = len(files)
    term = _a_glossary_term(corpus)
    fetched = search_bytes(site, [term, COMMON_WORD])
    results["search_term_kb"] = fetched[term][0] / 1e3 if fetched else None
    results["search_word_kb"] = fetched[COMMON_WORD][0] / 1e3 if fetched else None
    if fetched:
        print(
            f"  (search: the glossary term {term!r} fetched {fetched[term][1]} index files, "
            f"{COMMON_WORD!r} {fetched[COMMON_WORD][1]})",
            flush=True,
        )

    # Warm: what a user with the cache does, `rm -rf site && build` (the last cold build
    # left its cache). The first build into site/, a folder that never existed, is
    # warm_new_s: the same work without ext4's slowness after the deletion.
    results["warm_new_s"] = median_time(lambda: run_build(corpus), 1)
    results["warm_s"] = median_time(
        lambda: run_build(corpus), runs, prepare=lambda: shutil.rmtree(corpus / "site")
    )
    results["noop_s"] = median_time(lambda: run_build(corpus), runs)

    # Edits are measured where an editor makes them: in the live preview's builder, set up
    # as `build.py serve` sets it up, which makes the search index and the glossary gaps
    # only when a browser asks for them. Its progress lines go to
    # standard error, so that standard output holds only the figures.
    with contextlib.redirect_stdout(sys.stderr):
        builder = SiteBuilder(corpus, with_search=False, editor_pages=True)
        builder.build()
        reports = sorted((corpus / "content").glob("*.md"))
        report = reports[len(reports) // 2]
        original = report.read_text(encoding="utf-8")
        edits = iter(range(10**6))
        # Each build is told what changed, as the preview's watcher tells it (jiedu.serve).
        results["edit_s"] = median_time(
            lambda b=builder: b.build(frozenset({str(report.absolute())})),
            runs,
            prepare=lambda: report.write_text(original + f"\n编辑第{next(edits)}次。\n", "utf-8"),
        )
        glossary = corpus / "glossary.yml"
        text = glossary.read_text(encoding="utf-8")
        results["glossary_s"] = median_time(
            lambda b=builder: b.build(frozenset({str(glossary.absolute())})),
            runs,
            prepare=lambda: glossary.write_text(edit_first_definition(text, next(edits)), "utf-8"),
        )
        glossary.write_text(text, encoding="utf-8")
        report.write_text(original, encoding="utf-8")
        del builder
        results["search_s"] = measure_search(corpus, runs)
    return results


def _a_glossary_term(corpus: Path) -> str:
    """The glossary term the generated reports use most (the corpus's first, by its order)."""
    import yaml

    entries = yaml.safe_load((corpus / "glossary.yml").read_text(encoding="utf-8"))
    return str(entries[0]["term"])


def measure_search(corpus: Path, runs: int) -> float:
    """Building the search index from rendered reports (as the build does after rendering)."""
    from jiedu.project import load_project
    from jiedu.search import build_search_index
    from jiedu.site import report_entries
    from jiedu.site_search import search_inputs

    project = load_project(corpus)
    docs, terms = search_inputs(project, report_entries(project))
    return median_time(lambda: build_search_index(docs, terms), runs)


def bench_size(reports: int, runs: int, out: Path, mkdocs: bool, hugo: bool) -> dict:
    """The figures for one size. Its folders (out/*-{reports}) stay until main deletes them
    all at the end, for the reason measure gives."""
    corpus = make_corpus(out / f"corpus-{reports}", reports)
    size = sum(p.stat().st_size for p in (corpus / "content").glob("*.md")) / 1e6
    print(f"{reports} reports ({size:.0f} MB of Markdown):", flush=True)
    # Hugo and MkDocs first, each run into a new folder, so that no deletion precedes them.
    others: dict[str, float | None] = {"mkdocs_s": None, "hugo_s": None}
    if hugo:
        others["hugo_s"] = hugo_build(corpus, out / f"hugo-{reports}", runs)
    if mkdocs and reports <= MKDOCS_UP_TO:
        others["mkdocs_s"] = mkdocs_build(corpus, out / f"mkdocs-{reports}", runs)
    results = {**measure(corpus, runs), **others}
    for key in KEYS:
        print(f"  {key:15} {_shown(key, results)}", flush=True)
    for line in _checked(reports, results):
        print(f"  target: {line}", flush=True)
    return {key: None if results[key] is None else round(results[key], 3) for key in KEYS}


def _shown(key: str, results: dict) -> str:
    value = results[key]
    if value is None:
        return "not measured"
    if key == "site_files":
        return f"{value:,}"
    shown = f"{value:.3f}"
    if key in ("cold_s", "warm_s", "warm_new_s") and results["hugo_s"]:
        shown += f"  ({value / results['hugo_s']:.2f}× Hugo)"
    if key == "mkdocs_s" and results["cold_s"]:
        shown += f"  ({value / results['cold_s']:.2f}× Jiedu's cold build)"
    if key == "cold_cpu_s" and results["cold_s"]:
        shown += f"  ({value / results['cold_s']:.2f} cores busy on average)"
    return shown


def _checked(reports: int, results: dict) -> list[str]:
    """Issue 16's targets for this size, each met or missed (or not measured)."""
    lines = []
    for key, target in TARGETS.get(reports, {}).items():
        if isinstance(target, tuple):
            other, factor = target
            limit = results[other] * factor if results[other] else None
            wanted = f"≤ {factor}× {other.removesuffix('_s').capitalize()}"
        else:
            limit, wanted = target, f"≤ {target}"
        value = results[key]
        if value is None or limit is None:
            verdict = "not measured"
        else:
            verdict = f"{'met' if value <= limit else 'MISSED'} ({value:.3f}, limit {limit:.3f})"
        lines.append(f"{key} {wanted}: {verdict}")
    return lines


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--reports",
        type=int,
        nargs="+",
        default=[1000, 10000],
        help="corpus sizes (default: 1000 10000)",
    )
    parser.add_argument("--runs", type=int, default=3, help="runs per measurement (default 3)")
    parser.add_argument("--out", type=Path, default=HERE / "out", help="work folder")
    parser.add_argument("--no-mkdocs", action="store_true", help="skip MkDocs")
    parser.add_argument("--no-others", action="store_true", help="skip MkDocs and Hugo")
    args = parser.parse_args()

    cores = os.cpu_count()
    print(f"{cores} cores; medians of {args.runs} runs.")
    mkdocs = not (args.no_mkdocs or args.no_others)
    try:
        sizes = {
            str(n): bench_size(n, args.runs, args.out, mkdocs, not args.no_others)
            for n in args.reports
        }
    finally:
        for n in args.reports:
            for kind in ("corpus", "hugo", "mkdocs"):
                shutil.rmtree(args.out / f"{kind}-{n}", ignore_errors=True)
    print(json.dumps({"cores": cores, "runs": args.runs, "sizes": sizes}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
