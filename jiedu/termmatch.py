"""Find glossary terms in running Chinese text.

Chinese has no spaces between words, so a term is found wherever its characters occur
("落实三线一单分区管控"), not only between word boundaries. Three things keep that honest:

- both the text and the spellings are *folded* first (NFKC width folding, one kind of quote,
  no spaces next to CJK), so "两个 100％" and "两个100%" are the same spelling; every match
  is mapped back to offsets in the original text;
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
import unicodedata
from dataclasses import dataclass
from functools import cache, lru_cache
from itertools import groupby
from operator import itemgetter
from typing import TYPE_CHECKING

import ahocorasick_rs
import numpy as np

if TYPE_CHECKING:
    from jiedu.glossary import Glossary, Term

# Characters that all count as "a quote" when matching: spellings like “三公”经费 should
# match whichever quote style a report uses.
_QUOTES = "\"'“”„‟‘’‚‛«»「」『』〝〞＂＇"
# Horizontal whitespace; newlines are kept because they separate paragraphs in raw text.
_SPACE_RUN = re.compile(r"[^\S\n\r]+")
# How many characters jieba sees on each side of a glued candidate.
_WINDOW = 6


@dataclass(frozen=True)
class Match:
    """One accepted occurrence of a term; offsets index the ORIGINAL text."""

    start: int
    end: int
    term: str


# --- folding --------------------------------------------------------------------------


# Han characters (CJK ideographs), and CJK: those plus the punctuation and full-width forms
# written around them.
_HAN_RANGES = ((0x4E00, 0x9FFF), (0x3400, 0x4DBF), (0xF900, 0xFAFF), (0x20000, 0x3FFFF))
_CJK_RANGES = (
    *_HAN_RANGES,
    (0x3000, 0x303F),  # CJK symbols and punctuation
    (0xFF00, 0xFFEF),  # full-width and half-width forms
    (0x2018, 0x201F),  # curly quotes
)


def is_han(ch: str) -> bool:
    """True for CJK ideographs (the characters jieba segments into words)."""
    # _HAN_RANGES written out: called for characters one at a time, where a loop costs more.
    cp = ord(ch)
    return (
        0x4E00 <= cp <= 0x9FFF
        or 0x3400 <= cp <= 0x4DBF
        or 0xF900 <= cp <= 0xFAFF
        or 0x20000 <= cp <= 0x3FFFF
    )


# Code point ranges whose compatibility forms we fold: the BMP plus the few supplementary
# blocks with compatibility characters a report might contain.
_FOLDED_RANGES = ((0, 0x10000), (0x1D400, 0x1D800), (0x1F100, 0x1F200), (0x2F800, 0x2FA20))


@dataclass(frozen=True)
class FoldTables:
    one_to_one: dict[str, str]  # characters folded to one other character
    expansions: dict[str, str]  # characters folded to several
    expanding_pattern: re.Pattern[str]
    spaces: frozenset[str]  # horizontal whitespace (dropped next to CJK)
    # Tables indexed by code point (numpy does one lookup per character of a text, several
    # times faster than a regex class): every character fold() may change, so that one scan
    # tells what work a text needs; the spaces; and the CJK characters (_CJK_RANGES).
    changes: np.ndarray
    is_space: np.ndarray
    is_cjk: np.ndarray


def _code_points(text: str) -> np.ndarray:
    return np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)


def _table(chars) -> np.ndarray:
    table = np.zeros(sys.maxunicode + 1, dtype=bool)
    table[[ord(ch) for ch in chars]] = True
    return table


def _cjk_table() -> np.ndarray:
    """Whether each code point is CJK (see _CJK_RANGES)."""
    table = np.zeros(sys.maxunicode + 1, dtype=bool)
    for low, high in _CJK_RANGES:
        table[low : high + 1] = True
    return table


def _tables(one_to_one: dict[int, str], expansions: dict[str, str]) -> FoldTables:
    # Folding a quote style may give another one ("﹁" -> "「" -> '"'): resolve such chains
    # here, so the result never depends on the order in which characters are replaced.
    one_to_one = {cp: folded.translate(one_to_one) for cp, folded in one_to_one.items()}
    replacements = {chr(cp): folded for cp, folded in one_to_one.items() if chr(cp) != folded}
    expansions = {ch: folded.translate(one_to_one) for ch, folded in expansions.items()}
    spaces = frozenset(ch for ch in map(chr, range(0x10000)) if _SPACE_RUN.match(ch))
    return FoldTables(
        replacements,
        expansions,
        re.compile("|".join(re.escape(ch) for ch in sorted(expansions)) or r"(?!x)x"),
        spaces,
        _table(set(replacements) | set(expansions) | spaces),
        _table(spaces),
        _cjk_table(),
    )


@cache
def _fold_tables() -> FoldTables:
    """Every NFKC width fold, plus all quote styles folded to one."""
    one_to_one: dict[int, str] = {}
    expanding: dict[str, str] = {}
    for low, high in _FOLDED_RANGES:
        for cp in range(low, high):
            ch = chr(cp)
            if 0xD800 <= cp <= 0xDFFF:
                continue
            folded = unicodedata.normalize("NFKC", ch)
            if folded == ch:
                continue
            if len(folded) == 1:
                one_to_one[cp] = folded
            else:
                expanding[ch] = folded
    for quote in _QUOTES:
        one_to_one[ord(quote)] = '"'
    return _tables(one_to_one, expanding)


@dataclass(frozen=True)
class FoldedText:
    """A folded copy of a text plus a piecewise map from folded offsets back to original ones.

    Segment k starts at folded offset seg_folded[k] and original offset seg_orig[k]. A linear
    segment advances both offsets together; a non-linear one is the expansion of a single
    original character (e.g. "…" -> "..."), so all its folded characters map to that one.
    """

    original: str
    text: str
    seg_folded: tuple[int, ...]
    seg_orig: tuple[int, ...]
    seg_linear: tuple[bool, ...]

    def span(self, start: int, end: int) -> tuple[int, int] | None:
        """Original (start, end) for folded [start, end), or None if it splits a character."""
        k = bisect.bisect_right(self.seg_folded, start) - 1
        if self.seg_linear[k]:
            orig_start = self.seg_orig[k] + start - self.seg_folded[k]
        elif start == self.seg_folded[k]:
            orig_start = self.seg_orig[k]
        else:
            return None
        k = bisect.bisect_right(self.seg_folded, end - 1) - 1
        if self.seg_linear[k]:
            orig_end = self.seg_orig[k] + end - self.seg_folded[k]
        elif k + 1 == len(self.seg_folded) or end == self.seg_folded[k + 1]:
            orig_end = self.seg_orig[k] + 1
        else:
            return None
        return orig_start, orig_end


def fold(text: str, tables: FoldTables | None = None) -> FoldedText:
    """Fold width variants, quotes and spaces next to CJK; keep a map back to `text`."""
    tables = tables or _fold_tables()
    codes = _code_points(text)
    present = set(map(chr, set(codes[tables.changes[codes]].tolist())))
    if not present:
        return _unchanged_offsets(text, text)
    # One-to-one folds keep every offset, so they are done on the whole text at once, with
    # str.replace for the few characters present (much faster than str.translate).
    same_length = text
    for ch in present:
        folded = tables.one_to_one.get(ch)
        if folded is not None:
            same_length = same_length.replace(ch, folded)
    events: list[tuple[int, int, str]] = []  # (start, end, replacement) in original offsets
    # isdisjoint with a set argument iterates the smaller side: the few characters present.
    if not tables.expansions.keys().isdisjoint(present):
        for m in tables.expanding_pattern.finditer(text):
            events.append((m.start(), m.end(), tables.expansions[m.group()]))
    if not tables.spaces.isdisjoint(present):
        events += _spaces_next_to_cjk(codes, tables)
    if not events:
        return _unchanged_offsets(text, same_length)
    events.sort()

    pieces: list[str] = []
    seg_folded, seg_orig, seg_linear = [0], [0], [True]
    folded_len = 0
    cursor = 0
    for start, end, replacement in events:
        if start < cursor:  # an expanding space character inside a dropped run
            continue
        plain = same_length[cursor:start]
        pieces.append(plain)
        folded_len += len(plain)
        if replacement:
            _new_segment(seg_folded, seg_orig, seg_linear, folded_len, start, linear=False)
            pieces.append(replacement)
            folded_len += len(replacement)
        _new_segment(seg_folded, seg_orig, seg_linear, folded_len, end, linear=True)
        cursor = end
    pieces.append(same_length[cursor:])
    return FoldedText(
        original=text,
        text="".join(pieces),
        seg_folded=tuple(seg_folded),
        seg_orig=tuple(seg_orig),
        seg_linear=tuple(seg_linear),
    )


def _spaces_next_to_cjk(codes: np.ndarray, tables: FoldTables) -> list[tuple[int, int, str]]:
    """Runs of horizontal whitespace with a CJK character on either side, as fold events."""
    edges = np.flatnonzero(np.diff(tables.is_space[codes], prepend=False, append=False))
    starts, ends = edges[0::2], edges[1::2]  # each run is codes[start:end]
    inside = (starts > 0) & (ends < len(codes))
    starts, ends = starts[inside], ends[inside]
    dropped = tables.is_cjk[codes[starts - 1]] | tables.is_cjk[codes[ends]]
    kept = zip(starts[dropped].tolist(), ends[dropped].tolist(), strict=True)
    return [(start, end, "") for start, end in kept]


def _unchanged_offsets(original: str, folded: str) -> FoldedText:
    """A fold that changed characters but no offsets: one linear segment."""
    return FoldedText(original, folded, (0,), (0,), (True,))


def _new_segment(
    seg_folded: list[int],
    seg_orig: list[int],
    seg_linear: list[bool],
    folded_at: int,
    orig_at: int,
    *,
    linear: bool,
) -> None:
    if seg_folded[-1] == folded_at:  # the previous segment is empty: replace it
        seg_orig[-1], seg_linear[-1] = orig_at, linear
    else:
        seg_folded.append(folded_at)
        seg_orig.append(orig_at)
        seg_linear.append(linear)


def fold_spelling(spelling: str) -> str:
    """The form under which a glossary spelling is matched (and compared for duplicates)."""
    return fold(spelling.strip()).text


# --- matching -------------------------------------------------------------------------


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
