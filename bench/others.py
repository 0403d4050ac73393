"""The same corpus built with MkDocs (abbr + snippets auto-append of the glossary) and Hugo."""

from __future__ import annotations

import shutil
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import yaml

HUGO_LAYOUT = """<!doctype html><html lang="zh-CN"><head><meta charset="utf-8">
<title>{{ .Title }}</title></head><body><main>{{ block "main" . }}{{ end }}</main></body></html>
"""
HUGO_SINGLE = '{{ define "main" }}<h1>{{ .Title }}</h1>{{ .Content }}{{ end }}\n'
HUGO_LIST = (
    '{{ define "main" }}<h1>{{ .Title }}</h1><ul>{{ range .Pages }}'
    '<li><a href="{{ .RelPermalink }}">{{ .Title }}</a></li>{{ end }}</ul>{{ end }}\n'
)


def _timed(command: Callable[[Path], list[str]], runs: int, out: Path) -> float:
    """The median time of command(folder), each run into a new folder (out-0, out-1, …),
    none deleted before the next: as with Jiedu's cold builds, a build right after thousands
    of files were deleted would time ext4 (see README.md). bench.py deletes them later."""
    times = []
    for n in range(runs):
        folder = out.with_name(f"{out.name}-{n}")
        shutil.rmtree(folder, ignore_errors=True)
        started = time.perf_counter()
        subprocess.run(command(folder), check=True, capture_output=True)
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def mkdocs_build(corpus: Path, work: Path, runs: int) -> float | None:
    try:
        import mkdocs  # noqa: F401
        import pymdownx  # noqa: F401
    except ImportError:
        print("MkDocs not installed (make bench installs it): skipped")
        return None
    shutil.rmtree(work, ignore_errors=True)
    shutil.copytree(corpus / "content", work / "docs")
    (work / "includes").mkdir()
    entries = yaml.safe_load((corpus / "glossary.yml").read_text("utf-8")) or []
    lines = []
    for entry in entries:
        definition = " ".join(str(entry["definition"]).split())
        for spelling in [entry["term"], *entry.get("aliases", [])]:
            lines.append(f"*[{spelling}]: {definition}")
    (work / "includes" / "abbreviations.md").write_text("\n".join(lines) + "\n", "utf-8")
    config = {
        "site_name": "bench",
        "markdown_extensions": [
            "abbr",
            {
                "pymdownx.snippets": {
                    "auto_append": ["includes/abbreviations.md"],
                    "base_path": [str(work)],
                }
            },
        ],
    }
    (work / "mkdocs.yml").write_text(yaml.safe_dump(config, allow_unicode=True), "utf-8")
    mkdocs = [sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(work / "mkdocs.yml")]
    return _timed(lambda site: [*mkdocs, "-d", str(site)], runs, work / "site")


def hugo_build(corpus: Path, work: Path, runs: int) -> float | None:
    hugo = shutil.which("hugo")
    if not hugo:
        print("Hugo not installed (make bench installs Debian's hugo): skipped")
        return None
    shutil.rmtree(work, ignore_errors=True)
    shutil.copytree(corpus / "content", work / "content" / "reports")
    layouts = work / "layouts" / "_default"
    layouts.mkdir(parents=True)
    (layouts / "baseof.html").write_text(HUGO_LAYOUT, "utf-8")
    (layouts / "single.html").write_text(HUGO_SINGLE, "utf-8")
    (layouts / "list.html").write_text(HUGO_LIST, "utf-8")
    (work / "hugo.toml").write_text(
        'baseURL = "http://localhost/"\nlanguageCode = "zh-CN"\ntitle = "bench"\n'
        'disableKinds = ["taxonomy", "term", "RSS", "sitemap"]\n',
        "utf-8",
    )
    return _timed(
        lambda public: [hugo, "--quiet", "-s", str(work), "-d", str(public)], runs, work / "public"
    )
