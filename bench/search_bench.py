"""Measure the search index on a synthetic corpus of reports made from the seeds' paragraphs.

    python bench/search_bench.py [--reports 1000] [--runs 3] [--pagefind PYTHON]

Prints build time (median), peak memory of the build, index size and file count, and the
bytes that typical queries fetch. The corpus is deterministic: report i is drawn from the
seeds' paragraphs by a random generator seeded with i. This is a measurement, not a test.
"""

from __future__ import annotations

import argparse
import dataclasses
import gzip
import html
import http.server
import itertools
import json
import random
import resource
import statistics
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.corpus import REGIONS  # noqa: E402
from jiedu.search import (  # noqa: E402
    SearchDocument,
    SearchTerm,
    build_search_index,
    normalise,
    normalise_query,
)
from jiedu.search.lookup import IndexReader, search  # noqa: E402
from tests.conftest import CHROMIUM_ARGS  # noqa: E402
from tests.test_search import REQUIRED_QUERIES  # noqa: E402

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


def scramble(docs: Sequence[SearchDocument]) -> list[SearchDocument]:
    """The same reports with each character drawn at random by the seeds' frequencies.

    A stress case: next to no bigram repeats by chance, so there are about as many distinct
    bigrams as a corpus of this size can have, where the seed corpus has only some 12,000.
    """
    counts = Counter(char for doc in docs for char in doc.text if char != "\n")
    chars = sorted(counts)
    weights = list(itertools.accumulate(counts[c] for c in chars))
    scrambled = []
    for number, doc in enumerate(docs):
        rng = random.Random(f"scramble-{number}")
        text = "\n".join(
            "".join(rng.choices(chars, cum_weights=weights, k=len(p))) for p in doc.text.split("\n")
        )
        scrambled.append(dataclasses.replace(doc, text=text))
    return scrambled


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


def corpus(reports: int, scrambled: bool) -> list[SearchDocument]:
    docs = make_corpus(reports, seed_paragraphs())
    return scramble(docs) if scrambled else docs


def measure_build(reports: int, scrambled: bool) -> dict[str, float]:
    """Build once in this process; called in a child process so peak memory is its own."""
    docs = corpus(reports, scrambled)
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
    by_kind: dict[str, int] = {}
    for path in fetched:
        kind = path.split("/")[0] if "/" in path else "meta.json + terms.json"
        by_kind[kind] = by_kind.get(kind, 0) + len(files[path])
    return {
        "by_kind": by_kind,
        "query": query,
        "pages": len(result.pages),
        "files": len(fetched),
        "bytes": sum(len(files[path]) for path in fetched),
        "sent_bytes": sum(sent_bytes(path, files[path]) for path in fetched),
    }


def sent_bytes(path: str, data: bytes) -> int:
    """Bytes on the wire from a host that gzips JSON (as GitHub Pages does) but not .bin."""
    return len(gzip.compress(data, 6)) if path.endswith(".json") else len(data)


# ---------------------------------------------------------------------------------------------
# Pagefind, for comparison: same corpus as HTML pages, indexed by `python -m pagefind`
# (pip install 'pagefind[extended]==1.5.2' into any environment), queried in chromium.

# The queries, a common word and a rare one.
PAGEFIND_QUERIES = (*REQUIRED_QUERIES[:8], "发展", "顺酐")


def write_html_corpus(docs: Sequence[SearchDocument], site: Path) -> None:
    for doc in docs:
        page = site / doc.url / "index.html"
        page.parent.mkdir(parents=True, exist_ok=True)
        paragraphs = "".join(f"<p>{html.escape(p)}</p>" for p in doc.text.split("\n"))
        page.write_text(
            f'<!doctype html><html lang="zh-CN"><head><meta charset="utf-8">'
            f"<title>{html.escape(doc.title)}</title></head><body><main data-pagefind-body>"
            f"<h1>{html.escape(doc.title)}</h1>{paragraphs}</main></body></html>",
            encoding="utf-8",
        )
    (site / "index.html").write_text(
        '<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"></head><body></body></html>',
        encoding="utf-8",
    )


def measure_pagefind(docs: Sequence[SearchDocument], python: str) -> None:
    import shutil
    import tempfile
    import threading
    from functools import partial

    from playwright.sync_api import sync_playwright

    site = Path(tempfile.mkdtemp(prefix="pagefind-bench-"))
    try:
        write_html_corpus(docs, site)
        times = []
        for _ in range(3):
            shutil.rmtree(site / "pagefind", ignore_errors=True)
            start = time.perf_counter()
            subprocess.run([python, "-m", "pagefind", "--site", str(site), "--quiet"], check=True)
            times.append(time.perf_counter() - start)
        peak_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
        bundle = [p for p in (site / "pagefind").rglob("*") if p.is_file()]
        size = sum(p.stat().st_size for p in bundle)
        print(
            f"pagefind: build median {statistics.median(times):.2f} s "
            f"({', '.join(f'{t:.2f}' for t in times)}), peak RSS {peak_mb:.0f} MB, "
            f"{len(bundle)} files, {size / 1e6:.1f} MB"
        )

        handler = partial(QuietHandler, directory=str(site))
        server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        truth_texts = {doc.url: normalise(doc.text).text for doc in docs}
        try:
            with sync_playwright() as p:
                browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
                for query in PAGEFIND_QUERIES:
                    page = browser.new_page()
                    fetched: list[int] = []
                    page.on(
                        "requestfinished",
                        lambda r, f=fetched: f.append(r.sizes()["responseBodySize"]),
                    )
                    page.goto(f"http://127.0.0.1:{server.server_port}/")
                    fetched.clear()
                    page.evaluate(PAGEFIND_SHOW_TEN_JS, query)
                    shown_bytes, shown_files = sum(fetched), len(fetched)
                    urls = page.evaluate(PAGEFIND_ALL_URLS_JS, query)
                    page.close()
                    q = normalise_query(query)
                    truth = {url for url, text in truth_texts.items() if q in text}
                    urls = {u.strip("/") + "/" for u in urls}
                    print(
                        f"  pagefind {query!r}: {len(urls)} pages (true: {len(truth)}; "
                        f"missed {len(truth - urls)}, wrong {len(urls - truth)}); "
                        f"fetched {shown_bytes / 1e3:.1f} KB in {shown_files} files"
                    )
                browser.close()
        finally:
            server.shutdown()
    finally:
        shutil.rmtree(site, ignore_errors=True)


# What a reader showing ten results fetches: the bundle, the index chunks, ten fragments.
PAGEFIND_SHOW_TEN_JS = """async (query) => {
  const pagefind = await import("/pagefind/pagefind.js");
  await pagefind.init();
  const search = await pagefind.search(query);
  await Promise.all(search.results.slice(0, 10).map((r) => r.data()));
}"""

# Every result's URL, to compare with the pages that contain the query.
PAGEFIND_ALL_URLS_JS = """async (query) => {
  const pagefind = await import("/pagefind/pagefind.js");
  const search = await pagefind.search(query);
  return (await Promise.all(search.results.map((r) => r.data()))).map((d) => d.url);
}"""


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format, *args):  # noqa: A002 - the name the base class uses
        pass


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reports", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument(
        "--scrambled",
        action="store_true",
        help="stress case: characters drawn at random, so (almost) no bigram repeats",
    )
    parser.add_argument(
        "--pagefind", metavar="PYTHON", help="also measure Pagefind, run by this Python"
    )
    parser.add_argument(
        "--layout",
        action="append",
        default=[],
        metavar="SHARDSxBLOCK",
        help="also report size and query bytes with this many shards and this text block",
    )
    args = parser.parse_args(argv)
    if args.child:
        print(json.dumps(measure_build(args.reports, args.scrambled)))
        return

    docs = corpus(args.reports, args.scrambled)
    corpus_mb = sum(len(d.text.encode("utf-8")) for d in docs) / 1e6
    print(f"corpus: {len(docs)} reports, {corpus_mb:.1f} MB of text")
    runs = []
    for _ in range(args.runs):
        child = subprocess.run(
            [sys.executable, __file__, "--child", "--reports", str(args.reports)]
            + (["--scrambled"] if args.scrambled else []),
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
        "index_text_mb": round(sum(by_kind.get("text", [])) / 1e6, 2),
    }
    for kind, query in TYPICAL_QUERIES:
        q = query_bytes(files, query)
        print(
            f"query {kind} {query!r}: {q['pages']} pages; fetches {q['files']} files, "
            f"{q['bytes'] / 1e3:.1f} KB ({q['sent_bytes'] / 1e3:.1f} KB sent, JSON gzipped): "
            + ", ".join(f"{kind} {size / 1e3:.1f} KB" for kind, size in q["by_kind"].items())
        )
        summary[f"query_{kind.replace(' ', '_')}_kb"] = round(q["bytes"] / 1e3, 1)
    for layout in args.layout:
        shard_count, block = (int(n) for n in layout.split("x"))
        other = build_search_index(docs, bench_terms(), shard_count=shard_count, block=block)
        size = sum(len(b) for b in other.values()) / 1e6
        fetched = [query_bytes(other, query) for _, query in TYPICAL_QUERIES]
        print(
            f"layout {shard_count} shards x {block}-character blocks: {len(other)} files, "
            f"{size:.1f} MB; queries fetch "
            + ", ".join(f"{q['query']} {q['bytes'] / 1e3:.0f} KB" for q in fetched)
        )
    if args.pagefind:
        measure_pagefind(docs, args.pagefind)
    print(json.dumps(summary, ensure_ascii=False))


if __name__ == "__main__":
    main()
