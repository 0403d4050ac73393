"""Raw text -> clean lines: line ends, invisible characters, stray spaces, character width.

Quotes are left as written; only the marks that PDF and web copies turn half-width between
Chinese characters (, : ; ! ? and paired parentheses) are made full-width again, and
full-width digits and Latin letters (１９９８年, ＧＤＰ) become plain ones. Scraped copies
that stored their line breaks and spaces as text ("\\r\\n", "&nbsp;") get real ones.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass

from jiedu.importer.chars import QUOTES_AND_BRACKETS, is_cjk, is_ideograph

INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad"))
# Private-use characters: a web font's icons, meaningless as text ("各位代表:\ue004").
PRIVATE_USE = re.compile("[\ue000-\uf8ff]")
SPACES = re.compile(r"[ \t\u00a0\u3000\u2002\u2003\u2009\u202f]+")
FULL_WIDTH = {",": "，", ":": "：", ";": "；", "!": "！", "?": "？"}
PAREN_PAIR = re.compile(r"\(([^()\n]*)\)")
DATELINE_SPACE = re.compile(r"^([^ ]{0,12}?\d{1,2}月\d{1,2}日(?:讯|电)) ")
# Line breaks a scraper stored as the characters backslash, r, backslash, n.
LITERAL_BREAK = re.compile(r"(?:\\r)?\\n|\\r")
# HTML entities a scraper left as text: &nbsp; &amp; &#12288; ...
ENTITY = re.compile(r"&(?:[A-Za-z]{2,8}|#\d{1,7}|#[xX][0-9A-Fa-f]{1,6});")
# Two or more question marks where a full-width space or an unknown character was lost in
# transcoding ("程?? 杰", "政??府??工??作"): Chinese text never writes "??".
LOST_SPACES = re.compile(r"\?{2,}")
# Full-width digits and Latin letters -> ASCII (the punctuation is handled separately).
HALF_WIDTH = {code: code - 0xFEE0 for code in (*range(0xFF10, 0xFF1A), *range(0xFF21, 0xFF3B),
              *range(0xFF41, 0xFF5B))}  # fmt: skip


@dataclass(frozen=True)
class Line:
    """One non-blank line of the seed, normalised."""

    text: str
    number: int  # 1-based line number in the seed
    gap: int  # blank lines between this line and the previous non-blank one


def split_lines(text: str) -> list[Line]:
    """Normalised non-blank lines with their position and the blank lines before them."""
    text = re.sub(r"\r*\n", "\n", text).replace("\r", "\n")
    if _breaks_stored_as_text(text):
        text = LITERAL_BREAK.sub("\n", text)
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


def _breaks_stored_as_text(text: str) -> bool:
    """A scraped copy whose line breaks are the text "\\r\\n": more of those than real ones."""
    return len(LITERAL_BREAK.findall(text)) > text.count("\n")


def normalize_line(raw: str) -> str:
    text = ENTITY.sub(_entity, raw) if "&" in raw else raw
    text = PRIVATE_USE.sub("", text.translate(INVISIBLE))
    text = LOST_SPACES.sub(" ", text).translate(HALF_WIDTH)
    text = SPACES.sub(" ", text).strip()
    text = _full_width_punctuation(text)
    # The space after a dateline ("淄博1月20日讯 1月19日，") separates it from the text.
    dateline = DATELINE_SPACE.match(text)
    if dateline:
        return dateline.group(1) + " " + _drop_stray_spaces(text[dateline.end() :])
    return _drop_stray_spaces(text)


def _entity(match: re.Match) -> str:
    """An entity as the character it stands for; a space for &nbsp; and its kin."""
    char = html.unescape(match.group(0))
    if char == match.group(0):
        return char  # not an entity html knows: leave the text as it is
    return " " if char.isspace() else char


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
