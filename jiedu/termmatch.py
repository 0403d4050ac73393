"""Find glossary terms in running Chinese text.

Chinese has no spaces between words, so a term is found wherever its characters occur
("落实三线一单分区管控"), not only between word boundaries. Three things keep that honest:

- both the text and the spellings are *folded* first (jiedu.folding: NFKC width folding, one
  kind of quote, no spaces next to CJK), so "两个 100％" and "两个100%" are the same
  spelling; every match is mapped back to offsets in the original text;
- among overlapping candidates the leftmost, then the longest, wins ("双随机、一公开" over a
  shorter term inside it);
- a candidate glued to Han characters on either side is checked with jieba on a small
  window: if jieba reads a longer word across the candidate's edge ("一体" in "一体化",
  "河长" in "黄河长江"), the candidate is rejected. jieba is loaded only when such a check
  is needed, and every decision is cached.
"""

from __future__ import annotations

import bisect
import re
import sys
from dataclasses import dataclass
from functools import cache, lru_cache
from itertools import groupby
from operator import itemgetter
from typing import TYPE_CHECKING

import ahocorasick_rs

from jiedu.folding import FoldedText, fold, fold_spelling, is_han

if TYPE_CHECKING:
    from jiedu.glossary import Glossary, Term

# How many characters jieba sees on each side of a glued candidate.
_WINDOW = 6


@dataclass(frozen=True)
class Match:
    """One accepted occurrence of a term; offsets index the ORIGINAL text."""

    start: int
    end: int
    term: str


class TermMatcher:
    """Finds every glossary spelling in a text, scoped by the report's region."""

    def __init__(self, glossary: Glossary):
        self.glossary = glossary
        # folded spelling -> {region or None (general): term}
        by_spelling: dict[str, dict[str | None, Term]] = {}
        for term in glossary.terms:
            for entry in term.entries:
                scopes: tuple[str | None, ...] = entry.regions or (None,)
                for spelling in (entry.term, *entry.aliases):
                    for scope in scopes:
                        by_spelling.setdefault(fold_spelling(spelling), {})[scope] = term
        self._patterns = sorted(by_spelling)
        self._scopes = [by_spelling[p] for p in self._patterns]
        self._automaton = (
            # A DFA matches a report's text in about half the time of the default NFA; its
            # larger build does not matter for a glossary of hundreds of spellings.
            ahocorasick_rs.AhoCorasick(
                self._patterns,
                matchkind=ahocorasick_rs.MatchKind.Standard,
                implementation=ahocorasick_rs.Implementation.DFA,
            )
            if self._patterns
            else None
        )

    def prepare(self) -> None:
        """Load what matching may need (jieba) now, e.g. before forking worker processes."""
        if self._automaton is not None:
            _jieba_tokenizer()

    def find(self, text: str, region: str | None, folded: FoldedText | None = None) -> list[Match]:
        """Non-overlapping leftmost-longest matches of the terms that apply in `region`
        (`folded`: fold(text), if the caller has it)."""
        if self._automaton is None or not text:
            return []
        folded = folded or fold(text)
        candidates = self._automaton.find_matches_as_indexes(folded.text, overlapping=True)
        if not candidates:  # most text has no term: skip the sorting and grouping
            return []
        candidates.sort(key=lambda c: (c[1], -c[2]))  # by start, then longest first
        matches: list[Match] = []
        cursor = 0  # end of the last accepted match
        for start, group in groupby(candidates, key=itemgetter(1)):
            if start < cursor:
                continue
            for pattern_index, _, end in group:
                match = self._accept(folded, pattern_index, start, end, region)
                if match is not None:  # else a shorter candidate at this start may do
                    matches.append(match)
                    cursor = end
                    break
        return matches

    def _accept(
        self, folded: FoldedText, pattern_index: int, start: int, end: int, region: str | None
    ) -> Match | None:
        scopes = self._scopes[pattern_index]
        term = scopes.get(region) if region is not None else None
        term = term or scopes.get(None)
        if term is None:
            return None
        span = folded.span(start, end)
        if span is None or not _keeps_word_edges(folded.text, start, end):
            return None
        return Match(span[0], span[1], term.term)


def _keeps_word_edges(text: str, start: int, end: int) -> bool:
    """False if the candidate text[start:end] cuts through a longer word at either edge."""
    # Latin letters and digits: "RCEP" is not in "XRCEP", "两个100" not in "两个1000".
    if start > 0 and _is_ascii_alnum(text[start]) and _is_ascii_alnum(text[start - 1]):
        return False
    if end < len(text) and _is_ascii_alnum(text[end - 1]) and _is_ascii_alnum(text[end]):
        return False
    # Han characters: only jieba can tell whether the neighbour belongs to a longer word.
    glued_start = start > 0 and is_han(text[start - 1]) and is_han(text[start])
    glued_end = end < len(text) and is_han(text[end - 1]) and is_han(text[end])
    if not (glued_start or glued_end):
        return True
    window_start = max(0, start - _WINDOW)
    window = text[window_start : min(len(text), end + _WINDOW)]
    return _jieba_keeps_edges(
        window, start - window_start, end - window_start, glued_start, glued_end
    )


# The decision depends only on the window (jieba's dictionary is never changed), so it is
# cached across matchers; reports repeat their phrases a lot.
@lru_cache(maxsize=1 << 16)
def _jieba_keeps_edges(
    window: str, start: int, end: int, check_start: bool, check_end: bool
) -> bool:
    """True unless jieba segments `window` with a word crossing a checked edge."""
    boundaries = {0}
    offset = 0
    for word in _jieba_tokenizer().cut(window, HMM=False):
        offset += len(word)
        boundaries.add(offset)
    return (not check_start or start in boundaries) and (not check_end or end in boundaries)


def import_jieba():
    """jieba, imported without pkg_resources: jieba imports it (setuptools, 0.15 s) only to
    find its own data files, and opens them from its package folder when that import fails."""
    hidden = "pkg_resources" not in sys.modules
    if hidden:
        sys.modules["pkg_resources"] = None  # type: ignore[assignment]
    try:
        import jieba
    finally:
        if hidden:
            del sys.modules["pkg_resources"]
    return jieba


@cache
def _jieba_tokenizer():
    """jieba with its default dictionary, looked up in place (see _SortedDictionary)."""
    jieba = import_jieba()
    # A private tokenizer, so nothing here can change jieba for other modules; cut() with
    # HMM=False never invents words, so decisions only come from the dictionary.
    tokenizer = jieba.Tokenizer()
    tokenizer.FREQ, tokenizer.total = _SortedDictionary.load(jieba.get_dict_file())
    tokenizer.initialized = True
    return tokenizer


class _SortedDictionary:
    """jieba's FREQ table (every word with its frequency, and every prefix of a word with 0)
    answered from the dictionary's lines, sorted once, with a binary search per lookup.

    jieba builds FREQ as a dict of half a million entries, about a second per process; the
    sorted lines take a tenth of that, and cut() asks only a few hundred questions per window.
    A line is "word frequency [tag]", and " " sorts before any character of a word, so the
    first line at or after `fragment` starts with it exactly when some word does, and is the
    fragment's own line when the fragment is a word.
    """

    def __init__(self, lines: list[str]):
        self._lines = lines

    @classmethod
    def load(cls, file) -> tuple[_SortedDictionary, int]:
        with file:
            text = file.read().decode("utf-8")
        lines = sorted(filter(None, map(str.strip, text.splitlines())))
        total = sum(map(int, re.findall(r" (\d+)", text)))  # the second field of each line
        return cls(lines), total

    def _line(self, fragment: str) -> str:
        i = bisect.bisect_left(self._lines, fragment)
        return self._lines[i] if i < len(self._lines) else ""

    def __contains__(self, fragment: str) -> bool:
        return self._line(fragment).startswith(fragment)

    def get(self, fragment: str, default: int | None = None) -> int | None:
        line = self._line(fragment)
        if line.startswith(fragment + " "):
            return int(line.split(" ", 2)[1])
        return 0 if line.startswith(fragment) else default

    def __getitem__(self, fragment: str) -> int:
        found = self.get(fragment)
        if found is None:
            raise KeyError(fragment)
        return found


def _is_ascii_alnum(ch: str) -> bool:
    return ch.isascii() and ch.isalnum()
