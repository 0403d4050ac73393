"""Character classes shared by the import stages."""

from __future__ import annotations

# Full-width punctuation that belongs to Chinese text.
CJK_PUNCT = "，。、；：！？…—（）《》〈〉【】［］「」『』〔〕“”‘’·～"
# Marks that end a sentence (or a lead-in such as "各位代表：").
SENTENCE_END = "。！？；：…!?;"
# Marks that end a sentence inside a line: a line holding one of these is running prose.
PROSE_MARKS = "。！？"
# Closing marks that may follow a sentence end: "……。”" still ends the sentence.
CLOSERS = "”’」』）》〉】〕)\"'"
# A line ending in one of these stops mid-sentence.
OPENERS_AND_PAUSES = "，、“‘「『（《〈【〔—,"
# A line starting with one of these cannot begin a paragraph.
CONTINUATION_START = "，。、；：！？）》〉】〕”’」』%‰,.;:!?)"
QUOTES_AND_BRACKETS = "“”‘’「」『』（）《》〈〉【】〔〕［］"


def is_ideograph(char: str) -> bool:
    if not char:
        return False
    code = ord(char)
    return 0x4E00 <= code <= 0x9FFF or 0x3400 <= code <= 0x4DBF or 0x20000 <= code <= 0x2FFFF


def is_cjk(char: str) -> bool:
    """An ideograph or a full-width punctuation mark: text that is Chinese, not Latin."""
    if not char:
        return False
    return is_ideograph(char) or char in CJK_PUNCT or 0xFF00 <= ord(char) <= 0xFFEF


def is_counted(char: str) -> bool:
    """Characters the fidelity check counts: ideographs, letters and digits."""
    return is_ideograph(char) or char.isalnum()


def visible_length(text: str) -> int:
    return sum(1 for char in text if not char.isspace())


def ends_sentence(text: str) -> bool:
    """True if the text ends with a sentence-final mark, possibly followed by closing quotes."""
    stripped = text.rstrip().rstrip(CLOSERS)
    return bool(stripped) and stripped[-1] in SENTENCE_END


def has_prose_marks(text: str) -> bool:
    return any(char in PROSE_MARKS for char in text)


def join_pieces(left: str, right: str) -> str:
    """Join two pieces of one sentence: Chinese needs no space, Latin words do."""
    if left and right and _latin_alnum(left[-1]) and _latin_alnum(right[0]):
        return f"{left} {right}"
    return left + right


def _latin_alnum(char: str) -> bool:
    return char.isascii() and char.isalnum()
