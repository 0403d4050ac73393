"""One normalisation for page text and for queries, so that both are compared the same way.

This is the plain, character-by-character definition. jiedu.search.corpus computes the same
thing for a whole corpus at once with numpy, and static/search.js does it for queries; the
tests hold all three to this one.

Per character (code point), independently of its neighbours:
- NFKC folds width and compatibility forms: "１００％" -> "100%", "，" -> ",", "…" -> "...";
- ASCII capitals become small letters ("1+5+N" and "1+5+n" are one query);
- every kind of space becomes " "; other control and format characters (U+200B, BOM) vanish.
Then spaces, which depend on their neighbours: a run of spaces becomes one space if it sits
between two letters or digits of an alphabetic script ("covid 19"), and vanishes otherwise
("两个 100 %" -> "两个100%", a stray PDF space inside Chinese text).

Paragraph breaks ("\n") are kept and are not letters, so no match spans two paragraphs.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

PARAGRAPH_BREAK = "\n"

# Spelled out rather than taken from str.isspace(), so that search.js can use the same list.
SPACES = frozenset(" \t\v\f\r\x1c\x1d\x1e\x1f\x85\u1680\u2028\u2029")
_ASCII_LOWER = {ord(c): ord(c.lower()) for c in "ABCDEFGHIJKLMNOPQRSTUVWXYZ"}


def is_space(char: str) -> bool:
    return char in SPACES or unicodedata.category(char) == "Zs"


def fold_char(char: str) -> str:
    """What one character becomes before the space rule: " ", "" (dropped) or its NFKC form."""
    if char == PARAGRAPH_BREAK:
        return char
    if is_space(char):
        return " "
    if unicodedata.category(char) in ("Cc", "Cf"):
        return ""
    folded = unicodedata.normalize("NFKC", char).translate(_ASCII_LOWER)
    # A few compatibility forms carry a space ("¨" -> " ̈"); only real spaces count as spaces.
    return "".join(c for c in folded if not is_space(c))


def is_word_char(char: str) -> bool:
    """Letters and digits of alphabetic scripts: a space between two of them is kept."""
    return ("0" <= char <= "9") or ("a" <= char <= "z") or ("\u00c0" <= char <= "\u052f")


@dataclass(frozen=True)
class Normalised:
    """A normalised text and, for each original character, how many characters it became.

    `lengths[i]` is 0 for a dropped character (a vanished space), 1 for most, and more for an
    expansion ("…" -> "..."). Indexes count code points.
    """

    text: str
    lengths: tuple[int, ...]


def normalise(text: str) -> Normalised:
    """Normalise a text; "\\n" separates paragraphs and is kept."""
    folded = [fold_char(char) for char in text]
    lengths = [len(piece) for piece in folded]
    out: list[str] = []
    last = ""  # the last normalised character written
    run_start: int | None = None  # the first space of the run of spaces being read
    for index, piece in enumerate(folded):
        if piece == " ":
            lengths[index] = 0
            if run_start is None:
                run_start = index
            continue
        if not piece:
            continue  # a dropped character does not end a run of spaces
        if run_start is not None:
            if is_word_char(last) and is_word_char(piece[0]):
                out.append(" ")
                lengths[run_start] = 1
            run_start = None
        out.append(piece)
        last = piece[-1]
    return Normalised("".join(out), tuple(lengths))


def normalise_query(query: str) -> str:
    """A query is one paragraph: line breaks in it count as spaces."""
    return normalise(query.replace(PARAGRAPH_BREAK, " ")).text
