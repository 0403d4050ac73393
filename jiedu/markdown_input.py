"""What markdown-it-pyrs is given: characters a page can hold, nesting it can parse.

Nesting is markdown-it's maxNesting, checked before parsing. jiedu.markdown writes a tree
of any depth, but markdown-it-pyrs recurses once per level while it parses and frees its
tree, and at some 45,000 levels overflows the native stack: the process dies with no
exception to catch. So the body is measured first. Each level of quotes, lists and
definitions takes at least one column of the prefix of the line that opens it, and each
level of emphasis, links and images at least one of the markers * _ [ of its paragraph, so
bounding both keeps the tree under 2 x MAX_NESTING levels deep.

markdown-it-pyrs 0.4.0 (markdown-it 0.6.0) also panics, raising a PanicException that is
not even an Exception, on a `[` followed by a code span that never closes (its code_pair.rs
indexes a cache it has not filled: markdown-it-rust/markdown-it issue #40). Such a body is
parsed again without code spans, where that backtick is text anyway.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

from markdown_it_pyrs import MarkdownIt as RustMarkdownIt
from markdown_it_pyrs import Node

from jiedu.errors import JieduError

# CommonMark without raw HTML, plus tables and definition lists.
RULES = [
    *("blockquote", "code", "fence", "heading", "hr", "lheading", "list", "paragraph"),
    *("reference", "autolink", "backticks", "emphasis", "entity", "escape", "image", "link"),
    *("newline", "table", "deflist"),
]
MAX_NESTING = 10_000
_INLINE_MARKERS = "*_["
# What a line's container blocks open with: quote marks, list and definition markers,
# indentation.
_CONTAINER_PREFIX = re.compile(r"(?:[ \t>]|[-+*:~](?=[ \t]|$)|\d{1,9}[.)](?=[ \t]|$))*")
# Characters an HTML page may not hold (controls other than whitespace, noncharacters, lone
# surrogates): CommonMark's rule for U+0000, which markdown-it-pyrs leaves out, for them all.
# Above the BMP only U+xFFFE and U+xFFFF of each plane are noncharacters (_not_in_html picks
# them out: one class with a range scans ten times faster than with 32 single characters).
_NOT_IN_HTML = re.compile(
    "[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufdd0-\ufdef\ufffe\uffff\U0001fffe-\U0010ffff]"
)


def parse_tree(text: str, source: str | Path = "<Markdown>", first_line: int = 1) -> Node:
    """markdown-it-pyrs's tree of the text, or a JieduError at the line it cannot take."""
    check_nesting(text, source, first_line)
    text = html_safe_characters(text)
    try:
        return parser().tree(text)
    except BaseException as error:  # a PanicException is a BaseException
        if not _is_panic(error):
            raise
    try:
        return parser(code_spans=False).tree(text)
    except BaseException as error:
        if not _is_panic(error):
            raise
        message = f"the Markdown parser failed on this text ({error})"
        raise JieduError(source, message, line=first_line) from None


@cache
def parser(code_spans: bool = True) -> RustMarkdownIt:
    rules = RULES if code_spans else [rule for rule in RULES if rule != "backticks"]
    return RustMarkdownIt("zero").enable_many(rules)


def _is_panic(error: BaseException) -> bool:
    return type(error).__name__ == "PanicException"  # pyo3's, made when first raised


def check_nesting(text: str, source: str | Path = "<Markdown>", first_line: int = 1) -> None:
    """Raise a JieduError at the line where `text` could nest deeper than MAX_NESTING."""
    many_markers = sum(text.count(marker) for marker in _INLINE_MARKERS) > MAX_NESTING
    # A prefix of MAX_NESTING columns needs a line of a quarter as many characters (tabs).
    long_line = max(map(len, text.splitlines()), default=0) > MAX_NESTING // 4
    if not many_markers and not long_line:
        return  # every real report: two quick scans
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")  # Markdown's line ends
    where = _deep_container_line(lines) or _deep_inline_line(lines)
    if where is not None:
        number, problem = where
        raise JieduError(
            source,
            f"{problem}: Markdown nested deeper than {MAX_NESTING:,} levels cannot be rendered",
            line=first_line + number - 1,
        )


def container_columns(line: str) -> int:
    """How many levels of quotes, lists and definitions the line could open, at most."""
    prefix = _CONTAINER_PREFIX.match(line).group()
    return len(prefix) + 3 * prefix.count("\t")  # a tab indents up to four columns


def _deep_container_line(lines: list[str]) -> tuple[int, str] | None:
    for number, line in enumerate(lines, 1):
        if len(line) > MAX_NESTING // 4 and (columns := container_columns(line)) > MAX_NESTING:
            return number, f"{columns:,} columns of quote, list and indent markers open this line"
    return None


def _deep_inline_line(lines: list[str]) -> tuple[int, str] | None:
    """The first line of a paragraph (the lines up to a blank one) with too many markers."""
    markers, start = 0, 1
    for number, line in enumerate(lines, 1):
        if not line.strip(" \t"):
            markers, start = 0, number + 1
            continue
        markers += sum(line.count(marker) for marker in _INLINE_MARKERS)
        if markers > MAX_NESTING:
            return start, f"this paragraph holds more than {MAX_NESTING:,} of the markers * _ ["
    return None


def html_safe_characters(text: str) -> str:
    """The text with each character an HTML page may not hold replaced by U+FFFD."""
    return _NOT_IN_HTML.sub(_not_in_html, text)


def _not_in_html(match: re.Match) -> str:
    char = match[0]
    code = ord(char)
    return char if code > 0xFFFF and code & 0xFFFE != 0xFFFE else "\ufffd"
