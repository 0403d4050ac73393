"""Raw text -> clean lines: line ends, invisible characters, stray spaces, punctuation width.

Quotes are left as written; only the marks that PDF and web copies turn half-width between
Chinese characters (, : ; ! ? and paired parentheses) are made full-width again.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from jiedu.importer.chars import QUOTES_AND_BRACKETS, is_cjk, is_ideograph

INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad"))
SPACES = re.compile(r"[ \t\u00a0\u3000\u2002\u2003\u2009\u202f]+")
FULL_WIDTH = {",": "，", ":": "：", ";": "；", "!": "！", "?": "？"}
PAREN_PAIR = re.compile(r"\(([^()\n]*)\)")
DATELINE_SPACE = re.compile(r"^([^ ]{0,12}?\d{1,2}月\d{1,2}日(?:讯|电)) ")


@dataclass(frozen=True)
class Line:
    """One non-blank line of the seed, normalised."""

    text: str
    number: int  # 1-based line number in the seed
    gap: int  # blank lines between this line and the previous non-blank one


def split_lines(text: str) -> list[Line]:
    """Normalised non-blank lines with their position and the blank lines before them."""
    text = re.sub(r"\r*\n", "\n", text).replace("\r", "\n")
    lines: list[Line] = []
    gap = 0
    for number, raw in enumerate(text.split("\n"), start=1):
        clean = normalize_line(raw)
        if not clean:
            gap += 1
            continue
        lines.append(Line(clean, number, gap))
        gap = 0
    return lines


def normalize_line(raw: str) -> str:
    text = raw.translate(INVISIBLE)
    text = SPACES.sub(" ", text).strip()
    text = _full_width_punctuation(text)
    # The space after a dateline ("淄博1月20日讯 1月19日，") separates it from the text.
    dateline = DATELINE_SPACE.match(text)
    if dateline:
        return dateline.group(1) + " " + _drop_stray_spaces(text[dateline.end() :])
    return _drop_stray_spaces(text)


def _full_width_punctuation(text: str) -> str:
    text = PAREN_PAIR.sub(_paren_pair, text)
    chars = list(text)
    for i, char in enumerate(chars):
        if char not in FULL_WIDTH:
            continue
        before = _neighbour(chars, i, -1)
        after = _neighbour(chars, i, +1)
        if before.isdigit() and after.isdigit():
            continue  # 1,000 and 12:30 keep theirs
        if is_cjk(before) or is_cjk(after):
            chars[i] = FULL_WIDTH[char]
    return "".join(chars)


def _paren_pair(match: re.Match) -> str:
    start, end = match.span()
    text = match.string
    inside = match.group(1)
    outside = (text[start - 1] if start else "") + (text[end] if end < len(text) else "")
    if any(is_ideograph(char) for char in inside + outside):
        return f"（{inside}）"
    return match.group(0)


def _neighbour(chars: list[str], i: int, step: int) -> str:
    j = i + step
    while 0 <= j < len(chars) and chars[j] == " ":
        j += step
    return chars[j] if 0 <= j < len(chars) else ""


def _drop_stray_spaces(text: str) -> str:
    """Remove spaces that PDF extraction puts between Chinese and Latin text or numbers.

    A space between two Chinese words (headlines, bylines: "记者 张吉宝 李鸿斐") or between
    two Latin words is deliberate and stays; one next to full-width punctuation does not.
    """
    out = []
    for i, char in enumerate(text):
        if char == " " and 0 < i < len(text) - 1:
            before, after = text[i - 1], text[i + 1]
            both_chinese = _wordlike_cjk(before) and _wordlike_cjk(after)
            both_latin = not is_cjk(before) and not is_cjk(after)
            if not (both_chinese or both_latin):
                continue
        out.append(char)
    return "".join(out)


def _wordlike_cjk(char: str) -> bool:
    return is_ideograph(char) or char in QUOTES_AND_BRACKETS
