"""`python build.py gaps`: what the command reads, does and prints.

It reads content/ (as jiedu.project.load_project does, without the page-building modules it
imports) and only the spellings of glossary.yml (jiedu.gaps.spellings): the command should
answer within a second or so.
"""

from __future__ import annotations

from pathlib import Path

from jiedu.config import ProjectPaths
from jiedu.content import Report, parse_report
from jiedu.errors import JieduError
from jiedu.gaps import find_gaps
from jiedu.gaps.page import as_json, as_table
from jiedu.gaps.spellings import read_spellings
from jiedu.gaps.stub import add_stub


def run_gaps(
    root: Path,
    *,
    json: bool = False,
    limit: int | None = None,
    report: str | None = None,
    stub: str | None = None,
) -> str:
    """The command's output; JieduError for a project it cannot read or a bad option."""
    paths = ProjectPaths(root)
    reports = load_reports(paths)
    glossary = read_spellings(paths.glossary)
    slug = report.removesuffix(".md").rsplit("/", 1)[-1] if report else None
    if slug is not None and slug not in {r.slug for r in reports}:
        raise JieduError(paths.content, f"no report {slug!r} in content/")
    candidates = find_gaps(reports, glossary, only_report=slug)
    if stub is not None:
        return add_stub(paths.glossary, glossary, candidates, stub)
    shown = candidates if limit is None else candidates[:limit]
    return as_json(shown) if json else as_table(shown)


def load_reports(paths: ProjectPaths) -> list[Report]:
    reports = []
    for path in sorted(paths.content.glob("*.md"), key=str):
        try:
            text = path.read_text(encoding="utf-8")
        except UnicodeDecodeError as error:
            raise JieduError(path, "the file is not UTF-8 text") from error
        reports.append(parse_report(text, path))
    return reports
