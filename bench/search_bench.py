"""Measure the search index on a synthetic corpus of reports made from the seeds' paragraphs.

    python bench/search_bench.py [--reports 1000] [--runs 3] [--pagefind PYTHON]

Prints build time (median), peak memory of the build, index size and file count, and the
bytes that typical queries fetch. The corpus is deterministic: report i is drawn from the
seeds' paragraphs by a random generator seeded with i. This is a measurement, not a test.
"""

from __future__ import annotations

import argparse
import gzip
import json
import random
import resource
import statistics
import subprocess
import sys
import time
from collections.abc import Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from jiedu.search import SearchDocument, SearchTerm, build_search_index  # noqa: E402
from jiedu.search.lookup import IndexReader, search  # noqa: E402

REGIONS = (
    "淄博市",
    "临淄区",
    "张店区",
    "淄川区",
    "博山区",
    "周村区",
    "桓台县",
    "高青县",
    "沂源县",
    "淄博高新区",
    "济南市",
    "青岛市",
    "烟台市",
    "潍坊市",
    "济宁市",
    "泰安市",
    "威海市",
    "日照市",
    "临沂市",
    "德州市",
    "聊城市",
    "滨州市",
    "菏泽市",
    "枣庄市",
    "东营市",
    "山东省",
)
REPORT_BYTES = 26_000  # 1,000 reports of about 26 KB make the 26 MB corpus of issue 8

# Glossary spellings that occur in the seeds, with stand-in definitions.
BENCH_TERMS = (
    ("两个100%", ("两个100%",)),
    ("三线一单", ("三线一单",)),
    ("医共体", ("医共体", "医疗共同体")),
    ("一懂两爱", ("一懂两爱",)),
    ("两新一重", ("两新一重",)),
    ("1+5+N", ("1+5+N",)),
    ("专精特新", ("专精特新",)),
    ("双招双引", ("双招双引",)),
    ("四新", ("四新",)),
    ("放管服", ("放管服",)),
)

# Queries whose fetched bytes are reported: a glossary term, a common word, a rare word.
TYPICAL_QUERIES = (("term", "两个100%"), ("common word", "发展"), ("rare word", "顺酐"))


def seed_paragraphs(seeds_dir: Path = ROOT / "seeds") -> list[str]:
    """Every non-empty line of the seeds, in file order."""
    paragraphs: list[str] = []
    for path in sorted(seeds_dir.glob("*.txt")):
        lines = path.read_text(encoding="utf-8").splitlines()
        paragraphs.extend(line.strip() for line in lines if line.strip())
    return paragraphs


def make_corpus(count: int, paragraphs: Sequence[str]) -> list[SearchDocument]:
    """`count` reports of about REPORT_BYTES each, with varied regions, dates and paragraphs."""
    docs = []
    for number in range(count):
        rng = random.Random(f"report-{number}")
        region = rng.choice(REGIONS)
        year = 2015 + number % 9
        date = f"{year}-{rng.randint(1, 3):02d}-{rng.randint(1, 28):02d}"
        body: list[str] = []
        size = 0
        while size < REPORT_BYTES:
            paragraph = rng.choice(paragraphs)
            body.append(paragraph)
            size += len(paragraph.encode("utf-8")) + 1
        docs.append(
            SearchDocument(
                url=f"reports/{date}-{number:04d}/",
                title=f"{region}{year}年政府工作报告",
                region=region,
                date=date,
                text="\n".join(body),
            )
        )
    return docs


def bench_terms() -> list[SearchTerm]:
    return [
        SearchTerm(
            term=term,
            spellings=spellings,
            url=f"glossary/{number:03d}/",
            definition=f"{term}的释义（基准测试用的占位文字）。",
        )
        for number, (term, spellings) in enumerate(BENCH_TERMS)
    ]


def measure_build(reports: int) -> dict[str, float]:
    """Build once in this process; called in a child process so peak memory is its own."""
    docs = make_corpus(reports, seed_paragraphs())
    terms = bench_terms()
    before_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    start = time.perf_counter()
    files = build_search_index(docs, terms)
    seconds = time.perf_counter() - start
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return {
        "seconds": seconds,
        "peak_rss_mb": peak_mb,
        "rss_before_mb": before_mb,
        "files": len(files),
    }


def query_bytes(files: dict[str, bytes], query: str, results_shown: int = 10) -> dict:
    """Bytes fetched by one query as search.js does it: index files, then shown snippets."""
    reader = IndexReader(files.__getitem__)
    result = search(reader, query, snippets=results_shown)
    fetched = reader.fetched
    return {
        "query": query,
        "pages": len(result.pages),
        "files": len(fetched),
        "bytes": sum(len(files[path]) for path in fetched),
        "gzip_bytes": sum(len(gzip.compress(files[path], 6)) for path in fetched),
    }


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reports", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        print(json.dumps(measure_build(args.reports)))
        return

    docs = make_corpus(args.reports, seed_paragraphs())
    corpus_mb = sum(len(d.text.encode("utf-8")) for d in docs) / 1e6
    print(f"corpus: {len(docs)} reports, {corpus_mb:.1f} MB of text")
    runs = []
    for _ in range(args.runs):
        child = subprocess.run(
            [sys.executable, __file__, "--child", "--reports", str(args.reports)],
            check=True,
            capture_output=True,
            text=True,
        )
        runs.append(json.loads(child.stdout))
    build_s = statistics.median(r["seconds"] for r in runs)
    peak_mb = max(r["peak_rss_mb"] for r in runs)
    each = ", ".join(f"{r['seconds']:.2f}" for r in runs)
    print(
        f"index build: median {build_s:.2f} s of {args.runs} ({each}), "
        f"peak RSS {peak_mb:.0f} MB (process before build: {runs[0]['rss_before_mb']:.0f} MB)"
    )

    files = build_search_index(docs, bench_terms())
    total = sum(len(b) for b in files.values())
    by_kind: dict[str, list[int]] = {}
    for path, data in files.items():
        by_kind.setdefault(path.split("/")[0], []).append(len(data))
    print(f"index: {len(files)} files, {total / 1e6:.1f} MB")
    for kind, sizes in sorted(by_kind.items()):
        print(
            f"  {kind}: {len(sizes)} files, {sum(sizes) / 1e6:.2f} MB, "
            f"median {statistics.median(sizes) / 1e3:.1f} KB, max {max(sizes) / 1e3:.1f} KB"
        )
    summary = {
        "build_s": round(build_s, 3),
        "peak_rss_mb": round(peak_mb),
        "index_mb": round(total / 1e6, 2),
        "index_files": len(files),
    }
    for kind, query in TYPICAL_QUERIES:
        q = query_bytes(files, query)
        print(
            f"query {kind} {query!r}: {q['pages']} pages; fetches {q['files']} files, "
            f"{q['bytes'] / 1e3:.1f} KB ({q['gzip_bytes'] / 1e3:.1f} KB gzipped)"
        )
        summary[f"query_{kind.replace(' ', '_')}_kb"] = round(q["bytes"] / 1e3, 1)
    print(json.dumps(summary, ensure_ascii=False))


if __name__ == "__main__":
    main()
