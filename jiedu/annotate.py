"""Glossary terms in a rendered report become links to their entries.

    rendered = render_markdown(text, TermAnnotator(matcher, region))
    rendered.occurrences  # every annotated occurrence (jiedu.occurrences.Occurrences)

A pass over the body's text runs (jiedu.markdown.Body) before its HTML is written:
headings, links, code and the term labels (`dt`) of a glossary appendix are left alone.
The definitions themselves are not repeated per occurrence: each link is only
`<a href="#t_…">`, to the term's one definition in the page's 本文术语 list (its dd, whose
id is the term's short anchor, templates/term-item.html), like a footnote. No class: the
"t_" that body ids never hold tells a term's link apart (style.css, terms.js). static/terms.js
turns it into a link to the term's page that the definition describes (aria-describedby) and
shows as its tooltip. Writing the link in this short form, not in that one, saves about 60
bytes an occurrence: 50 MB of a 10,000-report site.
"""

from __future__ import annotations

import bisect
import re
from typing import NamedTuple

from markdown_it import MarkdownIt
from markdown_it.common.utils import escapeHtml

from jiedu.markdown import Body
from jiedu.occurrences import Occurrence, Occurrences
from jiedu.termmatch import TermMatcher

_SENTENCE_END = re.compile("[。！？；!?;]")
SNIPPET_LIMIT = 80


class Quote(NamedTuple):
    """The sentence around an occurrence, cut into the text before it, it, and after it."""

    block_id: str | None
    before: str
    match: str
    after: str


def quote(text: str, occurrence: Occurrence) -> Quote:
    """`text` is the plain text the occurrence was found in (Rendered.text): one block per
    line, and a sentence never goes beyond its block."""
    line_start = text.rfind("\n", 0, occurrence.start) + 1
    line_end = text.find("\n", occurrence.end)
    line = text[line_start : line_end if line_end >= 0 else len(text)]
    snippet, start, end = sentence_snippet(
        line, occurrence.start - line_start, occurrence.end - line_start
    )
    return Quote(occurrence.block_id, snippet[:start], snippet[start:end], snippet[end:])


class TermAnnotator:
    """Annotates a Body: each occurrence links to its term's definition on the page."""

    def __init__(self, matcher: TermMatcher, region: str | None = None):
        self.matcher = matcher
        self.region = region
        self._open_tags: dict[str, str] = {}

    def __call__(self, body: Body) -> Occurrences:
        runs = [run for run in body.runs if run.annotatable]
        # All runs at once, one per line: "\n" is never part of a match, so no match spans
        # two runs, and no run's neighbour glues to a term (it is not a Han character).
        found = self.matcher.find("\n".join(run.text for run in runs), self.region)
        if not found:
            return Occurrences()
        run_starts = []
        offset = 0
        for run in runs:
            run_starts.append(offset)
            offset += len(run.text) + 1
        occurrences = []
        spans_by_run: dict[int, list] = {}
        for match in found:
            index = bisect.bisect_right(run_starts, match.start) - 1
            run = runs[index]
            start, end = match.start - run_starts[index], match.end - run_starts[index]
            term = self.matcher.glossary.get(match.term)
            assert term is not None  # the matcher only knows glossary terms
            spans_by_run.setdefault(index, []).append((start, end, self._open_tag(term)))
            occurrences.append(
                Occurrence(term.term, term.slug, run.block_id, run.start + start, run.start + end)
            )
        for index, spans in spans_by_run.items():
            runs[index].links = spans
        return Occurrences(occurrences)

    def _open_tag(self, term) -> str:
        tag = self._open_tags.get(term.slug)
        if tag is None:
            # The term's name and page are not repeated here: its 本文术语 entry has them.
            tag = self._open_tags[term.slug] = f'<a href="#{escapeHtml(term.anchor)}">'

        return tag


def sentence_snippet(
    text: str, start: int, end: int, limit: int = SNIPPET_LIMIT
) -> tuple[str, int, int]:
    """The sentence of `text` around [start, end), cut to `limit` characters around the match
    with "…" where it was cut. Returns (snippet, start, end) with offsets into the snippet."""
    ends = [m.start() for m in _SENTENCE_END.finditer(text)]  # the sentence-ending marks
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


def render_definition(definition: str) -> str:
    """A glossary definition (plain text with inline Markdown) as safe inline HTML: raw
    HTML in the definition is shown as text, never interpreted."""
    return _definition_md.renderInline(definition)


_definition_md = MarkdownIt("commonmark", {"html": False})
