#!/usr/bin/env python3
"""Benchmark Jiedu on a generated corpus; compare with MkDocs and Hugo where installed.

Prints one line per measurement (medians of --runs runs) and, last, one JSON object:
cold_s, noop_s, edit_s, glossary_s, search_s, peak_rss_mb, mkdocs_s, hugo_s (null where
not measured).
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

KEYS = ("cold_s", "noop_s", "edit_s", "glossary_s", "search_s", "peak_rss_mb", "mkdocs_s", "hugo_s")
HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(REPO))

from bench.corpus import make_corpus  # noqa: E402
from bench.others import hugo_build, mkdocs_build  # noqa: E402


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


def run_build(corpus: Path, *extra: str) -> str:
    result = subprocess.run(
        [sys.executable, str(REPO / "build.py"), "--root", str(corpus), "build", *extra],
        capture_output=True,
        text=True,
        check=True,
    )
    return result.stdout


def children_cpu_s() -> float:
    """User and system time of every finished child process so far (a build and its
    workers): on n cores a build takes at least this divided by n."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def peak_rss_mb() -> float:
    """Largest resident set of any finished child process so far (Linux reports KiB)."""
    return resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024


def measure(corpus: Path, runs: int) -> dict[str, float | None]:
    from jiedu.preview_build import SiteBuilder

    results: dict[str, float | None] = {}
    # Each cold build writes into a folder of its own: deleting a built site just before
    # would time ext4, not Jiedu (for a minute or so after thousands of files are deleted,
    # creating files in that part of the disk is many times slower).
    cold = (corpus / f"site-cold-{n}" for n in range(runs))
    cpu = []

    def cold_build() -> None:
        before = children_cpu_s()
        run_build(corpus, "--out", str(next(cold)))
        cpu.append(children_cpu_s() - before)

    results["cold_s"] = median_time(cold_build, runs)
    results["cold_cpu_s"] = statistics.median(cpu)
    results["peak_rss_mb"] = peak_rss_mb()
    for n in range(runs):
        shutil.rmtree(corpus / f"site-cold-{n}")
    run_build(corpus)
    results["noop_s"] = median_time(lambda: run_build(corpus), runs)

    # Edits are measured where an editor makes them: in the live preview's builder, which
    # builds the search index only when a browser asks for it.
    builder = SiteBuilder(corpus, with_search=False)
    builder.build()
    report = sorted((corpus / "content").glob("*.md"))[
        len(list((corpus / "content").glob("*.md"))) // 2
    ]
    original = report.read_text(encoding="utf-8")
    edits = iter(range(10**6))
    results["edit_s"] = median_time(
        builder.build,
        runs,
        prepare=lambda: report.write_text(original + f"\n编辑第{next(edits)}次。\n", "utf-8"),
    )
    glossary = corpus / "glossary.yml"
    if glossary.exists():
        text = glossary.read_text(encoding="utf-8")
        results["glossary_s"] = median_time(
            builder.build,
            runs,
            prepare=lambda: glossary.write_text(edit_first_definition(text, next(edits)), "utf-8"),
        )
        glossary.write_text(text, encoding="utf-8")
    else:
        results["glossary_s"] = None
    report.write_text(original, encoding="utf-8")
    results["search_s"] = measure_search(corpus, runs)
    return results


def measure_search(corpus: Path, runs: int) -> float:
    """Building the search index from rendered reports (as the build does after rendering)."""
    from jiedu.project import load_project
    from jiedu.search import build_search_index
    from jiedu.site import report_entries
    from jiedu.site_search import search_inputs

    project = load_project(corpus)
    docs, terms = search_inputs(project, report_entries(project))
    return median_time(lambda: build_search_index(docs, terms), runs)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reports", type=int, default=1000, help="corpus size (default 1000)")
    parser.add_argument("--runs", type=int, default=3, help="runs per measurement (default 3)")
    parser.add_argument("--out", type=Path, default=HERE / "out", help="work folder")
    parser.add_argument("--no-others", action="store_true", help="skip MkDocs and Hugo")
    args = parser.parse_args()

    corpus = make_corpus(args.out / "corpus", args.reports)
    size = sum(p.stat().st_size for p in (corpus / "content").glob("*.md")) / 1e6
    print(
        f"Corpus: {args.reports} reports, {size:.1f} MB; {os.cpu_count()} cores; "
        f"medians of {args.runs} runs."
    )
    results = measure(corpus, args.runs)
    print(
        f"cold build CPU time (user + system, workers included): {results['cold_cpu_s']:.2f} s, "
        f"so at least {results['cold_cpu_s'] / (os.cpu_count() or 1):.2f} s on "
        f"{os.cpu_count()} cores"
    )
    others = {"mkdocs_s": None, "hugo_s": None}
    if not args.no_others:
        others["mkdocs_s"] = mkdocs_build(corpus, args.out / "mkdocs", args.runs)
        others["hugo_s"] = hugo_build(corpus, args.out / "hugo", args.runs)
    results.update(others)
    results = {key: results[key] for key in KEYS}
    for key, value in results.items():
        shown = "not measured" if value is None else f"{value:.3f}"
        ratio = ""
        if key in others and value and results["cold_s"]:
            ratio = f"  ({value / results['cold_s']:.2f}× Jiedu's cold build)"
        print(f"{key:12} {shown}{ratio}")
    print(json.dumps({k: None if v is None else round(v, 3) for k, v in results.items()}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
