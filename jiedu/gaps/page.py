"""The gap finder's output: the command line's table and JSON, and the preview's page.

The page (templates/gaps.html, at gaps/) exists only in the live preview, for editors: a
published site never has it. Report pages of the preview say how many candidates of their
own are still undefined: note.js, beside this file, reads that from gaps/counts.json.

The gap finder reads the whole archive, which takes seconds at thousands of reports, so
the preview makes these files when a browser first asks for one after a save
(SiteBuilder.gap_files), not at every save: an edit is served at once, and its report's
count follows.
"""

from __future__ import annotations

import json
import unicodedata
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from jiedu.gaps import Candidate, find_gaps
from jiedu.memo import Memo, fingerprint

PAGE = "gaps/index.html"
COUNTS = "gaps/counts.json"  # report slug -> its undefined candidates
NOTE_SCRIPT = "gaps/note.js"  # shows a report page its count
PAGE_SHOWN = 300  # candidates the preview page lists (best first)


@dataclass(frozen=True)
class ContextLink:
    """A context as the page shows it: the sentence cut around the term, and its link."""

    report: str
    href: str
    before: str
    match: str
    after: str


@dataclass(frozen=True)
class CandidateRow:
    candidate: Candidate
    links: tuple[ContextLink, ...]
    stub_command: str


@dataclass(frozen=True)
class PreviewGaps:
    """The candidates of the preview's project, and what its pages show of them."""

    candidates: tuple[Candidate, ...]
    counts: dict[str, int]  # report slug -> its candidates
    report_labels: dict[str, str]  # report slug -> "region · title", for the links

    def files(self, pages) -> dict[str, bytes]:
        """The editor pages, rendered with the site's templates (jiedu.pages.Pages)."""
        return {
            PAGE: render_page(pages, list(self.candidates), self.report_labels).encode(),
            COUNTS: json.dumps(self.counts, ensure_ascii=False, sort_keys=True).encode(),
            NOTE_SCRIPT: (Path(__file__).parent / "note.js").read_bytes(),
        }


def preview_gaps(project, memo: Memo) -> PreviewGaps:
    """The gaps of a jiedu.project.Project. `memo` is the gap finder's own, kept by the
    preview from one request to the next: the list is made again when a report or a
    glossary spelling changed, and then reads again only what changed (find_gaps)."""
    key = fingerprint("gaps", project.matching_digest, project.report_digests)
    candidates = memo.recall(key)
    if candidates is None:
        candidates = tuple(find_gaps(project.reports, project.glossary, memo=memo))
        memo.put(key, candidates)
        memo.sweep()  # keeps what this list was made from, for the next one
    labels = {
        r.slug: " · ".join(part for part in (r.region, r.title) if part) for r in project.reports
    }
    return PreviewGaps(candidates, gap_counts(list(candidates)), labels)


def as_json(candidates: list[Candidate]) -> str:
    """Exactly one JSON array, best first."""
    return json.dumps([c.as_json() for c in candidates], ensure_ascii=False, indent=2)


def as_table(candidates: list[Candidate]) -> str:
    """A readable table: rank, term, uses, reports, and the first context."""
    if not candidates:
        return "No undefined candidate terms found."
    width = max(_width(c.term) for c in candidates)
    lines = [f"{'#':>4}  {_pad('term', width)}  {'uses':>4}  {'reports':>7}  first context"]
    for rank, candidate in enumerate(candidates, 1):
        first = candidate.contexts[0] if candidate.contexts else None
        where = f"{first.report}#{first.anchor}: {first.marked}" if first else ""
        lines.append(
            f"{rank:>4}  {_pad(candidate.term, width)}  {candidate.count:>4}  "
            f"{len(candidate.reports):>7}  {where}"
        )
    return "\n".join(lines)


def gap_counts(candidates: list[Candidate]) -> dict[str, int]:
    """Report slug -> how many of the candidates it uses."""
    counts: Counter[str] = Counter()
    for candidate in candidates:
        counts.update(candidate.reports)
    return dict(sorted(counts.items()))


def page_rows(candidates: list[Candidate], root: str) -> list[CandidateRow]:
    """What the page shows of each candidate; `root` leads from the page to the site root."""
    rows = []
    for candidate in candidates[:PAGE_SHOWN]:
        links = tuple(
            ContextLink(
                c.report,
                f"{root}reports/{c.report}/" + (f"#{c.anchor}" if c.anchor else ""),
                c.sentence[: c.start],
                c.sentence[c.start : c.end],
                c.sentence[c.end :],
            )
            for c in candidate.contexts
        )
        rows.append(CandidateRow(candidate, links, f"python build.py gaps --stub {candidate.term}"))
    return rows


def render_page(pages, candidates: list[Candidate], report_titles: dict[str, str]) -> str:
    """The preview's gaps page; report_titles: slug -> what a context's link says."""
    return pages.render(
        "gaps.html",
        PAGE,
        rows=page_rows(candidates, "../"),
        total=len(candidates),
        shown=min(len(candidates), PAGE_SHOWN),
        report_titles=report_titles,
        description="报告中尚无术语表释义的候选术语（仅预览可见）。",
    )


def _width(text: str) -> int:
    """Columns a terminal gives `text` (CJK characters take two)."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _pad(text: str, width: int) -> str:
    return text + " " * (width - _width(text))
