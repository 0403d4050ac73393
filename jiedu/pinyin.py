"""Glossary terms in pinyin order, their index letters and their ASCII slugs.

pinyin_key("两个100%")   # sort key: by pinyin with tone numbers, then the text
first_letter("两个100%")  # "L", for the glossary's letter bar
base_slug("两个100%")     # "liang-ge-100"
"""

from __future__ import annotations

import hashlib
import re
import unicodedata

from pypinyin import Style, lazy_pinyin


def _syllables(text: str, style: Style) -> list[str]:
    """Lower-case pinyin syllables (Latin and digit runs kept as they are), no punctuation."""
    chunks = lazy_pinyin(
        unicodedata.normalize("NFKC", text), style=style, neutral_tone_with_five=True
    )
    out = []
    for chunk in chunks:
        kept = "".join(ch for ch in chunk.lower() if ch.isascii() and ch.isalnum())
        if kept:
            out.append(kept)
    return out


def pinyin_key(text: str) -> tuple:
    """Sort key: terms starting with a letter first, by pinyin with tone numbers; then the
    text itself, so homophones still sort the same way every time."""
    syllables = tuple(_syllables(text, Style.TONE3))
    starts_with_letter = bool(syllables) and "a" <= syllables[0][0] <= "z"
    return (0 if starts_with_letter else 1, syllables, text)


def first_letter(text: str) -> str:
    """'A'..'Z' for the glossary's letter bar; '#' for terms starting with a digit."""
    syllables = _syllables(text, Style.NORMAL)
    if syllables and "a" <= syllables[0][0] <= "z":
        return syllables[0][0].upper()
    return "#"


def base_slug(text: str) -> str:
    """ASCII, URL-safe: '两个100%' -> 'liang-ge-100'."""
    words = [re.sub(r"[^a-z0-9]+", "-", s) for s in _ascii_chunks(text)]
    slug = re.sub(r"-+", "-", "-".join(words)).strip("-")
    return slug or "term"


def _ascii_chunks(text: str) -> list[str]:
    # Like _syllables, but punctuation inside a Latin run ("1+5+N") becomes a separator.
    chunks = lazy_pinyin(unicodedata.normalize("NFKC", text), style=Style.NORMAL)
    ascii_chunks = (unicodedata.normalize("NFKD", c).encode("ascii", "ignore") for c in chunks)
    return [c.decode().lower() for c in ascii_chunks if c]


def assign_slugs(terms: list[str]) -> dict[str, str]:
    """A unique slug per term. Homophones share a base slug: the first in pinyin order keeps
    it, the others get a suffix from a hash of their own text, so adding a term never renames
    a term that already had a suffix."""
    by_base: dict[str, list[str]] = {}
    for term in terms:
        by_base.setdefault(base_slug(term), []).append(term)
    slugs: dict[str, str] = {}
    for base in sorted(by_base):
        group = sorted(by_base[base], key=pinyin_key)
        slugs[group[0]] = base
        for term in group[1:]:
            slugs[term] = f"{base}-{hashlib.sha1(term.encode()).hexdigest()[:6]}"
    taken: dict[str, str] = {}
    for term in sorted(slugs, key=pinyin_key):  # a suffixed slug could equal another base
        slug = slugs[term]
        if slug in taken:
            slug = f"{base_slug(term)}-{hashlib.sha1(term.encode()).hexdigest()[:12]}"
        taken[slug] = term
        slugs[term] = slug
    return slugs
