"""The glossary gap finder: jargon the reports use that no glossary entry explains yet.

find_gaps(reports, glossary) reads every report as its page shows it (jiedu.gaps.text),
keeps the phrases that no term or alias of any scope matches (with the matcher's own
folding, jiedu.folding), scores them (jiedu.gaps.score) and returns them best first,
each with how often and where it is used. `build.py gaps` prints them, `--stub` starts an
entry (jiedu.gaps.stub), and the preview shows them as a page (jiedu.gaps.page).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

import ahocorasick_rs

from jiedu.annotate import sentence_snippet
from jiedu.content import Report
from jiedu.folding import FoldedText, fold, fold_spelling
from jiedu.gaps.score import score
from jiedu.gaps.spellings import Spellings, phrase_list, spellings_of
from jiedu.gaps.text import Paragraph, Phrase, phrases, report_paragraphs
from jiedu.memo import Memo, fingerprint
from jiedu.termmatch import TermMatcher

if TYPE_CHECKING:
    from jiedu.glossary import Glossary

# A candidate scoring below this is not put forward at all (an idiom, a place, a slogan).
MIN_SCORE = -1.0
# A term used in several reports that scores at least this ranks above every one-off one.
SHARED_FIRST_FROM = 1.0
CONTEXTS = 3  # contexts kept per candidate
_SHORTEST, _LONGEST = 2, 20
_OPENING, _CLOSING = '“「『"', '”」』"'
_REGION_SUFFIX = re.compile(r"高新区|开发区|新区|自治县|自治州|自治区|特别行政区|[省市区县镇乡旗]")


@dataclass(frozen=True)
class Context:
    """One place a candidate is used: the sentence, with the term at [start, end)."""

    report: str
    anchor: str | None
    sentence: str
    start: int
    end: int

    @property
    def marked(self) -> str:
        s, e = self.start, self.end
        return f"{self.sentence[:s]}【{self.sentence[s:e]}】{self.sentence[e:]}"

    def as_json(self) -> dict:
        return {
            "report": self.report,
            "anchor": self.anchor,
            "sentence": self.sentence,
            "marked": self.marked,
            "start": self.start,
            "end": self.end,
        }


@dataclass(frozen=True)
class Candidate:
    term: str  # as the reports write it, quotes removed
    score: float
    count: int  # occurrences in all the reports read
    reports: tuple[str, ...]  # slugs of the reports using it, most uses first
    contexts: tuple[Context, ...]
    found_as: tuple[str, ...]  # how the phrase came up: quoted, label, numbered, …

    def as_json(self) -> dict:
        return {
            "term": self.term,
            "score": self.score,
            "count": self.count,
            "reports": list(self.reports),
            "found_as": list(self.found_as),
            "contexts": [c.as_json() for c in self.contexts],
        }


@dataclass(frozen=True)
class _Use:
    paragraph: Paragraph
    start: int
    end: int
    quoted: bool  # written between quotes there


def find_gaps(
    reports: Sequence[Report],
    glossary: Glossary | Spellings,
    only_report: str | None = None,
    memo: Memo | None = None,
) -> list[Candidate]:
    """Undefined candidate terms of `reports`, best first; `only_report` (a slug) keeps
    those that report uses, its own contexts first. A remembering `memo` (the preview's)
    keeps each report's paragraphs, and where it uses the phrases, until it changes."""
    memo = memo or Memo(remember=False)
    # What the gap finder reads of each report, as a memo key (made only when remembered).
    texts = [fingerprint("gap text", r.slug, r.body) if memo.remember else "" for r in reports]
    by_report = [
        memo.get(text, lambda r=report: report_paragraphs(r))
        for text, report in zip(texts, reports, strict=True)
    ]
    by_key: dict[str, list[Phrase]] = {}
    for text, paragraphs in zip(texts, by_report, strict=True):
        for key, phrase in memo.get("gap phrases " + text, lambda ps=paragraphs: _phrases(ps)):
            by_key.setdefault(key, []).append(phrase)
    is_defined = defined_test(glossary)
    keys = [key for key in by_key if not is_defined(key)]
    uses, used_in = _uses_of(keys, texts, by_report, memo)
    places = _region_places(reports)
    text_of = dict(zip((r.slug for r in reports), texts, strict=True))
    # A candidate is made again only if a report it comes from changed, came or went.
    before = memo.recall("gap candidates") or {}
    kept = {}
    for key in keys:
        if key not in uses and not any(p.paragraph.label for p in by_key[key]):
            continue  # never at word edges in running text: a cut, not a phrase (九年一贯制学)
        found_in = tuple(dict.fromkeys(text_of[p.paragraph.report] for p in by_key[key]))
        sources = (tuple(used_in.get(key, ())), found_in, places, only_report)
        known = before.get(key)
        if known is None or known[0] != sources:
            known = sources, _candidate(key, by_key[key], uses.get(key, []), places, only_report)
        kept[key] = known
    memo.put("gap candidates", kept)
    candidates = [c for _, c in kept.values() if c.score >= MIN_SCORE]
    candidates.sort(key=_rank)
    if only_report is not None:
        candidates = [c for c in candidates if only_report in c.reports]
    return candidates


def _rank(candidate: Candidate) -> tuple:
    """Best first: a term used in several reports above one-off ones (among those that read
    as terms), then by score."""
    shared = len(candidate.reports) > 1 and candidate.score >= SHARED_FIRST_FROM
    return (-shared, -candidate.score, -len(candidate.reports), -candidate.count, candidate.term)


def _phrases(paragraphs: list[Paragraph]) -> list[tuple[str, Phrase]]:
    """A report's plausible phrases, each with its key (its folded spelling)."""
    found = (phrase for p in paragraphs for phrase in phrases(p))
    return [(fold_spelling(p.text), p) for p in found if _plausible(p.text)]


def _plausible(text: str) -> bool:
    """Long enough to be a term, short enough not to be a sentence, and not a title."""
    if not _SHORTEST <= len(text) <= _LONGEST or "《" in text:
        return False
    if text.isascii():  # 8+N, 11258 yes; "N", "10", "AI" no
        return "+" in text or (text.isdigit() and len(text) >= 3)
    return any("\u4e00" <= ch <= "\u9fff" for ch in text)


def defined_test(glossary: Glossary | Spellings):
    """key -> True if a glossary spelling of any scope is that phrase, or covers most of it
    (the reader already gets a tooltip on “十三五”规划 or “三公”经费)."""
    spellings = {
        fold_spelling(s)
        for term in glossary.terms
        for entry in term.entries
        for s in (entry.term, *entry.aliases)
    }
    matcher = TermMatcher(spellings_of(glossary)) if glossary.terms else None

    def is_defined(key: str) -> bool:
        if key in spellings:
            return True
        if matcher is None:
            return False
        covered = sum(m.end - m.start for m in matcher.find(key, None))
        return covered * 2 >= len(key)

    return is_defined


def _region_places(reports) -> frozenset[str]:
    """The names in the reports' regions without their suffixes (罗湖区 -> 罗湖, 保定市满城区
    -> 保定, 满城): a phrase naming one is a city slogan or a place (幸福罗湖, 平安张店)."""
    stems = set()
    for report in reports:
        for part in _REGION_SUFFIX.split((report.region or "").strip()):
            if len(part) >= 2 and part != "全国":
                stems.add(part)
    return frozenset(stems)


def _uses_of(
    keys: list[str], texts: list[str], by_report: list[list[Paragraph]], memo: Memo
) -> tuple[dict[str, list[_Use]], dict[str, list[str]]]:
    """Where each key is used, and the texts (memo keys) of the reports using it; found as
    the site finds glossary terms (TermMatcher: the same folding, leftmost-longest, no
    match cutting a longer word).

    A report's uses depend only on its text and on the keys its folded text contains. So
    `memo` keeps each report's folded paragraphs and uses, and when the keys change, only
    a report whose text holds a key that came or went is read again: an edit that adds a
    phrase costs one pass over the texts, not the matching of them all."""
    now = frozenset(keys)
    before, kept = memo.recall("gap uses") or (frozenset(), {})
    came_or_went = sorted(now ^ before)
    probe = ahocorasick_rs.AhoCorasick(came_or_went) if came_or_went else None
    matcher: list[TermMatcher] = []  # made when a report is read again

    def read(paragraphs: list[Paragraph]) -> tuple[tuple[str, ...], list, tuple[str, ...]]:
        if not matcher:
            matcher.append(TermMatcher(phrase_list(keys)))
        running = [(p, fold(p.text)) for p in paragraphs if not p.label]
        found = [use for p, folded in running for use in _uses_in(matcher[0], p, folded)]
        used = tuple(dict.fromkeys(key for key, _ in found))
        return tuple(folded.text for _, folded in running), found, used

    uses: dict[str, list[_Use]] = {}
    used_in: dict[str, list[str]] = {}
    now_kept = {}
    for text, paragraphs in zip(texts, by_report, strict=True):
        record = kept.get(text) if text else None
        if record is None or (probe and any(map(probe.find_matches_as_indexes, record[0]))):
            record = read(paragraphs)
        now_kept[text] = record
        for found, use in record[1]:
            uses.setdefault(found, []).append(use)
        for found in record[2]:
            used_in.setdefault(found, []).append(text)
    memo.put("gap uses", (now, now_kept))
    return uses, used_in


def _uses_in(
    matcher: TermMatcher, paragraph: Paragraph, folded: FoldedText
) -> list[tuple[str, _Use]]:
    text = paragraph.text
    return [
        (m.term, _Use(paragraph, m.start, m.end, _between_quotes(text, m.start, m.end)))
        for m in matcher.find(text, None, folded)
    ]


def _between_quotes(text: str, start: int, end: int) -> bool:
    return start > 0 and end < len(text) and text[start - 1] in _OPENING and text[end] in _CLOSING


def _candidate(
    key: str, group: list[Phrase], uses: list[_Use], places, prefer: str | None
) -> Candidate:
    written = Counter(p.text for p in group).most_common(1)[0][0]
    # A glossary label is a use too (it may be the only place a term is named).
    uses = uses + [_Use(p.paragraph, p.start, p.end, True) for p in group if p.paragraph.label]
    by_report = Counter(use.paragraph.report for use in uses)
    reports = tuple(slug for slug, _ in by_report.most_common())
    hows = frozenset(p.how for p in group)
    count = max(len(uses), 1)
    quoted = sum(use.quoted for use in uses) / count
    value = score(written, hows, max(len(reports), 1), count, quoted, places)
    return Candidate(written, value, count, reports, _contexts(uses, prefer), tuple(sorted(hows)))


def _contexts(uses: list[_Use], prefer: str | None) -> tuple[Context, ...]:
    """Up to CONTEXTS uses, from as many different reports as there are (report `prefer`
    first), running text before glossary labels."""
    ordered = sorted(
        uses, key=lambda u: (u.paragraph.report != prefer, _appendix_rank(u.paragraph))
    )
    picked: list[_Use] = []
    seen_reports: set[str] = set()
    for use in ordered:  # one per report first
        if use.paragraph.report not in seen_reports and len(picked) < CONTEXTS:
            picked.append(use)
            seen_reports.add(use.paragraph.report)
    for use in ordered:
        if len(picked) >= CONTEXTS:
            break
        if use not in picked:
            picked.append(use)
    return tuple(_context(use) for use in picked)


def _appendix_rank(paragraph: Paragraph) -> int:
    """0 for running text, 1 for a report glossary's explanation, 2 for its label."""
    if paragraph.label:
        return 2
    return 1 if (paragraph.anchor or "").startswith("note-") else 0


def _context(use: _Use) -> Context:
    sentence, s, e = sentence_snippet(use.paragraph.text, use.start, use.end)
    return Context(use.paragraph.report, use.paragraph.anchor, sentence, s, e)
