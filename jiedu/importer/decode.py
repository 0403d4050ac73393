"""Bytes -> text: charset-normalizer proposes encodings, we keep the one that reads as Chinese."""

from __future__ import annotations

from pathlib import Path

import charset_normalizer

from jiedu.errors import JieduError

MULTIBYTE_MAX = 4  # bytes of the longest character in UTF-8 and GB18030


def decode_seed(data: bytes, path: Path) -> tuple[str, str]:
    """Return (text, encoding name as charset-normalizer spells it, e.g. "gb18030").

    A byte-order mark decides on its own. Otherwise charset-normalizer's candidates are
    ranked by how much of the decoded text is plausible in a Chinese report: very short
    GBK files are otherwise sometimes read as UTF-16 or Korean.
    """
    if not data.strip():
        raise JieduError(path, "the file is empty: put the report's text in it or remove it")
    matches = list(charset_normalizer.from_bytes(data))
    for cut in range(1, MULTIBYTE_MAX):
        if matches:
            break
        # A copy cut off inside its last character (a truncated download): read the rest.
        matches = list(charset_normalizer.from_bytes(data[:-cut]))
    if not matches:
        raise JieduError(path, "is not text (binary or an unknown encoding): save it as UTF-8 text")
    with_bom = [match for match in matches if match.bom]
    candidates = with_bom or matches
    best = max(candidates, key=lambda match: _plausibility(str(match)))  # max keeps the first tie
    text = str(best)
    if _plausibility(text) < 0.9 or not any(_is_ideograph(char) for char in text):
        raise JieduError(
            path,
            f"does not read as Chinese text (best guess: {best.encoding}); save it as UTF-8 text",
        )
    return text.removeprefix("\ufeff"), best.encoding


def _plausibility(text: str) -> float:
    """Share of characters that belong in a Chinese report (ideographs, ASCII, punctuation)."""
    if not text:
        return 0.0
    good = sum(1 for char in text if _is_plausible(char))
    return good / len(text)


def _is_plausible(char: str) -> bool:
    code = ord(char)
    return (
        char in "\n\r\t"
        or 0x20 <= code < 0x7F
        or _is_ideograph(char)
        or 0x2000 <= code <= 0x206F  # general punctuation: “ ” — …
        or 0x3000 <= code <= 0x303F  # CJK punctuation: 。、《》
        or 0xFF00 <= code <= 0xFFEF  # full-width forms: ，：（）
        or code in (0xA0, 0xB7, 0xD7, 0xFEFF, 0x25CF, 0x25A0, 0x2116)
        or 0x2460 <= code <= 0x24FF  # circled numbers ①
        or 0x2160 <= code <= 0x217F  # Roman numerals Ⅲ
    )


def _is_ideograph(char: str) -> bool:
    code = ord(char)
    return 0x4E00 <= code <= 0x9FFF or 0x3400 <= code <= 0x4DBF or 0x20000 <= code <= 0x2FFFF
