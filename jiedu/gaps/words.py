"""jieba's dictionary as the gap finder reads it: is a phrase an everyday word, an idiom, a
place or a name, and how does it split into words.

The dictionary lines ("word frequency tag") are sorted once and searched by bisection (a
tenth of the second jieba takes to build its own table); a private jieba.Tokenizer cuts
phrases with them and never guesses unknown words (HMM off).
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from functools import cache, lru_cache

from jiedu import termmatch


@dataclass(frozen=True)
class Word:
    frequency: int
    tag: str  # jieba's part of speech: n, v, i (idiom), l (set phrase), ns (place), …


class Dictionary:
    """jieba's dictionary; also the FREQ table its Tokenizer asks (prefixes give 0)."""

    def __init__(self, lines: list[str], total: int):
        self._lines = lines
        self.total = total

    def _line(self, fragment: str) -> str:
        i = bisect.bisect_left(self._lines, fragment)
        return self._lines[i] if i < len(self._lines) else ""

    def word(self, text: str) -> Word | None:
        """The dictionary's entry for `text` as a whole word, if it has one."""
        line = self._line(text + " ")
        if not line.startswith(text + " "):
            return None
        fields = line.split(" ")
        return Word(int(fields[1]), fields[2] if len(fields) > 2 else "")

    # What jieba.Tokenizer needs of FREQ.
    def __contains__(self, fragment: str) -> bool:
        return self._line(fragment).startswith(fragment)

    def get(self, fragment: str, default: int | None = None) -> int | None:
        found = self.word(fragment)
        if found is not None:
            return found.frequency
        return 0 if fragment in self else default

    def __getitem__(self, fragment: str) -> int:
        found = self.get(fragment)
        if found is None:
            raise KeyError(fragment)
        return found


@cache
def dictionary() -> Dictionary:
    # The term matcher (which the gap finder runs too) keeps the same sorted lines: share
    # them rather than load the dictionary twice (0.2 s); load them here if it has none.
    matcher_words = termmatch._jieba_tokenizer()
    lines = getattr(matcher_words.FREQ, "_lines", None)
    if isinstance(lines, list):
        return Dictionary(lines, matcher_words.total)
    jieba = termmatch.import_jieba()
    with jieba.get_dict_file() as file:
        text = file.read().decode("utf-8")
    lines = sorted(filter(None, map(str.strip, text.splitlines())))
    total = sum(map(int, re.findall(r" (\d+)", text)))
    return Dictionary(lines, total)


@cache
def _tokenizer():
    jieba = termmatch.import_jieba()
    tokenizer = jieba.Tokenizer()
    words = dictionary()
    tokenizer.FREQ, tokenizer.total = words, words.total
    tokenizer.initialized = True
    return tokenizer


@lru_cache(maxsize=1 << 14)  # every signal of a phrase asks for its words
def split_words(text: str) -> tuple[str, ...]:
    """`text` cut into dictionary words (a character on its own where no word fits)."""
    return tuple(_tokenizer().cut(text, HMM=False))
