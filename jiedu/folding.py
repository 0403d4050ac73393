"""Folding: the one form under which report text and glossary spellings are compared.

NFKC width folding, one kind of quote, no spaces next to CJK: "两个 100％" and "两个100%"
fold to the same text. fold() keeps a map back to the original offsets, so that a match
found in the folded text (jiedu.termmatch) is a span of what the report says.
"""

from __future__ import annotations

import bisect
import re
import sys
import unicodedata
from dataclasses import dataclass
from functools import cache

import numpy as np

# Characters that all count as "a quote" when matching: spellings like “三公”经费 should
# match whichever quote style a report uses.
_QUOTES = "\"'“”„‟‘’‚‛«»「」『』〝〞＂＇"
# Horizontal whitespace; newlines are kept because they separate paragraphs in raw text.
_SPACE_RUN = re.compile(r"[^\S\n\r]+")


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
