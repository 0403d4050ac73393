"""A markdown-it plugin that turns glossary terms in a report into links to their entries.

    md = MarkdownIt("commonmark").use(anchors_plugin).use(terms_plugin, matcher)
    env = {"region": "临淄区", "term_href": lambda slug: f"../terms/{slug}/"}
    html = md.render(text, env)
    env["term_occurrences"]  # every annotated occurrence, in document order

Headings, links, code and the term labels (`dt`) of a glossary appendix are left alone.
The definitions themselves are not repeated per occurrence: each link points, through
aria-describedby, at one tooltip per term that the page template renders.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable
from dataclasses import dataclass
from itertools import takewhile

from markdown_it import MarkdownIt
from markdown_it.common.utils import escapeHtml
from markdown_it.rules_core import StateCore
from markdown_it.token import Token

from jiedu.termmatch import TermMatcher

# Block tokens whose inline content is never annotated.
_EXCLUDED_BLOCKS = {"heading_open", "dt_open"}
_SENTENCE_END = re.compile("[。！？；!?;]")
SNIPPET_LIMIT = 80


@dataclass(frozen=True)
class Occurrence:
    """One annotated occurrence, for the "where it is used" list on a term page."""

    term: str
    slug: str
    block_id: str | None  # id of the innermost enclosing block that has one (a paragraph anchor)
    snippet: str  # the sentence around the occurrence, at most SNIPPET_LIMIT characters
    snippet_start: int  # the occurrence's offsets within snippet
    snippet_end: int


def terms_plugin(md: MarkdownIt, matcher: TermMatcher) -> None:
    """Annotate terms after every other core rule, so paragraph ids are already set.

    Use it after any plugin that adds core rules (the anchors rule must run first)."""

    def annotate_terms(state: StateCore) -> None:
        _annotate(state.tokens, state.env, matcher)

    md.core.ruler.push("terms", annotate_terms)
    md.add_render_rule("term_open", _render_term_open)
    md.add_render_rule("term_close", _render_term_close)


def _annotate(tokens: list[Token], env: dict, matcher: TermMatcher) -> None:
    region = env.get("region")
    occurrences = env.setdefault("term_occurrences", [])
    # Per open block: whether it is (inside) an excluded block, and the id of the innermost
    # block that has one; kept as a stack so each inline token looks only at the top.
    context: list[tuple[bool, str | None]] = [(False, None)]
    for token in tokens:
        if token.nesting == 1:
            excluded, block_id = context[-1]
            own_id = token.attrGet("id")
            context.append(
                (excluded or token.type in _EXCLUDED_BLOCKS, str(own_id) if own_id else block_id)
            )
        elif token.nesting == -1:
            context.pop()
        elif token.type == "inline" and token.children:
            excluded, block_id = context[-1]
            if not excluded:
                token.children = _annotate_inline(
                    token.children, matcher, region, block_id, occurrences
                )


def _annotate_inline(
    children: list[Token],
    matcher: TermMatcher,
    region: str | None,
    block_id: str | None,
    occurrences: list[Occurrence],
) -> list[Token]:
    plain, offsets = _plain_text(children)
    ends: list[int] | None = None  # sentence ends in plain, found at the first match
    out: list[Token] = []
    link_depth = 0
    for child, offset in zip(children, offsets, strict=True):
        link_depth += _link_nesting(child)
        in_text = child.type == "text" and link_depth == 0
        matches = matcher.find(child.content, region) if in_text else []
        if not matches:
            out.append(child)
            continue
        content = child.content
        if ends is None:
            ends = sentence_ends(plain)
        last = 0
        for match in matches:
            term = matcher.glossary.get(match.term)
            assert term is not None  # the matcher only knows glossary terms
            if match.start > last:
                out.append(_text(content[last : match.start], child.level))
            out.append(_term_open(term.term, term.slug, child.level))
            out.append(_text(content[match.start : match.end], child.level + 1))
            out.append(Token("term_close", "a", -1, level=child.level))
            snippet, start, end = sentence_snippet(
                plain, offset + match.start, offset + match.end, ends=ends
            )
            occurrences.append(Occurrence(term.term, term.slug, block_id, snippet, start, end))
            last = match.end
        if last < len(content):
            out.append(_text(content[last:], child.level))
    return out


def _plain_text(children: list[Token]) -> tuple[str, list[int]]:
    """The block's visible text and where each child starts in it."""
    parts: list[str] = []
    offsets: list[int] = []
    length = 0
    for child in children:
        offsets.append(length)
        if child.type in ("text", "code_inline"):
            parts.append(child.content)
            length += len(child.content)
    return "".join(parts), offsets


def _link_nesting(token: Token) -> int:
    """+1 entering a link, -1 leaving it (Markdown links and inline HTML <a>)."""
    if token.type == "link_open":
        return 1
    if token.type == "link_close":
        return -1
    if token.type == "html_inline" and _tag_name(token.content) == "a":
        return -1 if token.content.startswith("</") else 1
    return 0


def _tag_name(html_tag: str) -> str:
    """'a' for '<a href=…>' and '</a>', 'abbr' for '<abbr>' (markdown-it gives one tag per
    html_inline token, so no HTML parsing is needed)."""
    return "".join(takewhile(str.isalnum, html_tag[1:].lstrip("/"))).lower()


def _text(content: str, level: int) -> Token:
    return Token("text", "", 0, content=content, level=level)


def _term_open(term: str, slug: str, level: int) -> Token:
    token = Token("term_open", "a", 1, level=level)
    token.meta = {"term": term, "slug": slug}
    return token


def sentence_ends(text: str) -> list[int]:
    """Offsets of the sentence-ending marks in `text`, in order."""
    return [m.start() for m in _SENTENCE_END.finditer(text)]


def sentence_snippet(
    text: str, start: int, end: int, limit: int = SNIPPET_LIMIT, ends: list[int] | None = None
) -> tuple[str, int, int]:
    """The sentence of `text` around [start, end), cut to `limit` characters around the match
    with "…" where it was cut. Returns (snippet, start, end) with offsets into the snippet.

    `ends` is sentence_ends(text), passed in when one text has many matches."""
    if ends is None:
        ends = sentence_ends(text)
    previous = bisect.bisect_left(ends, start)  # ends[previous - 1] ends the sentence before
    left = ends[previous - 1] + 1 if previous else 0
    following = bisect.bisect_left(ends, end, lo=previous)  # first mark at or after its end
    right = ends[following] + 1 if following < len(ends) else len(text)
    while left < start and text[left].isspace():
        left += 1
    while right > end and text[right - 1].isspace():
        right -= 1
    if right - left > limit:
        room = max(0, limit - (end - start) - 2)  # two characters for the ellipses
        before = min(start - left, max(room // 2, room - (right - end)))
        after = min(right - end, room - before)
        prefix = "…" if start - before > left else ""
        suffix = "…" if end + after < right else ""
        snippet = prefix + text[start - before : end + after] + suffix
        return snippet, len(prefix) + before, len(prefix) + before + end - start
    return text[left:right], start - left, end - left


def _render_term_open(self, tokens: list[Token], idx: int, options, env: dict) -> str:
    meta = tokens[idx].meta
    term_href: Callable[[str], str] | None = env.get("term_href")
    href = term_href(meta["slug"]) if term_href else "#"
    return (
        f'<a class="term" data-term="{escapeHtml(meta["term"])}" href="{escapeHtml(href)}"'
        f' aria-describedby="tip-{escapeHtml(meta["slug"])}">'
    )


def _render_term_close(self, tokens: list[Token], idx: int, options, env: dict) -> str:
    return "</a>"


def render_definition(definition: str) -> str:
    """A glossary definition (plain text with inline Markdown) as safe inline HTML: raw
    HTML in the definition is shown as text, never interpreted."""
    return _definition_md.renderInline(definition)


_definition_md = MarkdownIt("commonmark", {"html": False})
