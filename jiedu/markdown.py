"""Markdown -> HTML with stable, citable ids on every heading and paragraph.

markdown-it-pyrs (markdown-it's Rust port, about 8x faster than markdown-it-py) parses a
report into a syntax tree; this module writes that tree out as HTML, the way markdown-it
renders it (tests/test_markdown.py holds the two to the same output), adding on the way:

- ids: a heading's slug, paragraphs and list items numbered within their section (s3-2), and
  note-N / note-N-text for a glossary appendix (a definition list); a heading's permalink
  (a paragraph's is added by static/permalinks.js: written into every paragraph, they
  were a tenth of a site's bytes);
- text runs: every text node, so jiedu.annotate can turn glossary terms into links before
  the HTML is written (a pass over text nodes, never over HTML);
- photo captions: a paragraph written as `::: caption` / text / `:::` becomes a figure.

Raw HTML in a report is shown as text, never interpreted, and characters a page may not
hold become U+FFFD. The tree is walked without recursion: quotes and lists nested thousands
of levels deep render like any others (jiedu.markdown_input refuses what cannot be parsed).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from markdown_it.common.utils import escapeHtml as escape
from markdown_it.common.utils import unescapeAll

from jiedu.markdown_input import RULES as _RULES  # noqa: F401 (tests render with them)
from jiedu.markdown_input import parse_tree
from jiedu.occurrences import Occurrences

HEADING_ID_MAX = 24
# Ids the page templates use around the body; body ids must not take them.
RESERVED_IDS = frozenset({"main", "toc-title", "terms-title", "term-tips", "targets-title"})
_CAPTION_OPEN = re.compile(r":::\s*caption\s*")
_CAPTION_CLOSE = re.compile(r":::\s*")
# Block nodes written as one element around their children.
_CONTAINERS = {
    "bullet_list": "ul",
    "ordered_list": "ol",
    "list_item": "li",
    "blockquote": "blockquote",
    "definition_list": "dl",
    "definition_term": "dt",
    "definition_description": "dd",
    "table": "table",
    "thead": "thead",
    "tbody": "tbody",
    "trow": "tr",
}
_INLINE_TAGS = {"em": "em", "strong": "strong"}
_TEXT = ("text", "text_special")
_INLINE = frozenset(
    {*_TEXT, "softbreak", "hardbreak", "em", "strong", "code_inline", "link", "autolink", "image"}
)


@dataclass(frozen=True)
class TocEntry:
    level: int
    id: str
    text: str


@dataclass(frozen=True)
class Rendered:
    html: str
    toc: tuple[TocEntry, ...]
    text: str  # plain text of the body, one block per line (search, snippets, word counts)
    occurrences: Occurrences = Occurrences()  # the glossary terms jiedu.annotate found
    targets: tuple = ()  # the year's targets (jiedu.targets.Target), see jiedu.targets.body


@dataclass(slots=True)
class TextRun:
    """Adjacent text nodes of the body, as jiedu.annotate sees them.

    `start` is where the run begins in the body's plain text. Links to add go in `links`
    as (start, end, opening <a> tag) over `text`, in order and not overlapping.
    """

    text: str
    start: int
    block_id: str | None  # id of the innermost enclosing element that has one
    annotatable: bool  # False in headings, glossary labels (dt), links and code
    links: list[tuple[int, int, str]] = field(default_factory=list)

    def html(self) -> str:
        if not self.links:
            return escape(self.text)
        parts, last = [], 0
        for start, end, open_tag in self.links:
            parts += (escape(self.text[last:start]), open_tag, escape(self.text[start:end]), "</a>")
            last = end
        parts.append(escape(self.text[last:]))
        return "".join(parts)


@dataclass(frozen=True)
class Body:
    """A parsed body before its HTML is written: its text runs and plain text."""

    runs: list[TextRun]
    text: str


def render_markdown(
    text: str,
    annotate: Callable[[Body], Occurrences] | None = None,
    source: str | Path = "<Markdown>",
    first_line: int = 1,
) -> Rendered:
    """The body's HTML with ids and permalinks; `annotate` may add links to its text runs
    and returns what it found (Rendered.occurrences). Text that cannot be parsed is a
    JieduError at `source`, counting lines from `first_line`."""
    tree = parse_tree(text, source, first_line)
    writer = _Writer()
    _run_steps(writer.block(tree))
    runs = writer.finish_text()
    body = Body(runs, writer.plain_text)
    occurrences = annotate(body) if annotate else Occurrences()
    html = "".join(p if isinstance(p, str) else p.html() for p in writer.out)
    return Rendered(html, tuple(writer.toc), body.text, occurrences)


def slugify(text: str) -> str:
    """An id fragment that keeps Chinese: letters, digits and CJK, without punctuation."""
    runs = [run for run in re.split(r"\W+|_", unicodedata.normalize("NFKC", text).lower()) if run]
    slug = ""
    for run in runs:
        # A hyphen only where it separates Latin letters or digits; Chinese needs no spaces.
        if slug and slug[-1].isascii() and run[0].isascii():
            slug += "-"
        slug += run
    return slug[:HEADING_ID_MAX]


def _run_steps(first: Iterator) -> None:
    """Run a step and the steps it yields, depth first, on a stack of our own: a step
    yields each sub-step (a generator) to be run to its end before it continues."""
    stack = [first]
    while stack:
        step = next(stack[-1], None)
        if step is None:
            stack.pop()
        else:
            stack.append(step)


class _Writer:
    """Writes a markdown-it-pyrs tree as HTML pieces (strings, and TextRuns still to be
    annotated), assigning ids and collecting the plain text on the way.

    Ids: headings get a slug of their text; paragraphs and list items are numbered within
    their section, named by its place (s3-2: the second after the third heading; p-1: the
    first before any); a glossary appendix's labels and definitions are note-N, note-N-text.
    Numbering per section keeps ids stable when paragraphs elsewhere change (a heading added
    or removed moves the sections after it). Not the heading's id ("十三五时期工作回顾-2", 41
    bytes on average against 4): 10,000 reports have 600,000 of these, and shared links stay
    short (static/permalinks.js follows the old form; headings keep their ids).
    Photo captions get none: they are not part of the report's own text.

    block, heading, container, cell, text_block and inline are steps for _run_steps: where
    a recursive writer would call itself, they yield the sub-step instead.
    """

    def __init__(self):
        self.out: list[str | TextRun] = []
        self.toc: list[TocEntry] = []
        self.used: set[str] = set(RESERVED_IDS)
        self.section, self.counter, self.note = "p", 0, 0  # numbered ids are section-counter
        self.headings, self.heading_id = 0, "p"
        self.blocks: list[list[TextRun]] = []  # the runs of each text block, in order
        self.plain_text = ""
        self._nearest_id: str | None = None

    # --- blocks ---

    def block(self, node) -> Iterator:
        name = node.name
        if name == "root":
            for child in node.children:
                yield self.block(child)
        elif name == "paragraph":
            children = node.children
            if _is_caption(children):
                self.out.append('<figure class="photo-caption"><figcaption>\n<p>')
                yield self.text_block(children[2:-2], None, annotatable=True)
                self.out.append("</p>\n</figcaption></figure>\n")
            else:
                ident = self._numbered()
                self.out.append(f'<p id="{escape(ident)}">')
                yield self.text_block(children, ident, annotatable=True)
                self.out.append("</p>\n")
        elif name in ("heading", "lheading"):
            yield self.heading(node)
        elif name in _CONTAINERS:
            yield self.container(node, _CONTAINERS[name])
        elif name in ("fence", "code_block"):
            meta = node.meta
            info = unescapeAll(meta.get("info", "")) if name == "fence" else ""
            language = info.split(maxsplit=1)[:1]
            css = f' class="{escape(meta["lang_prefix"] + language[0])}"' if language else ""
            self.out.append(f"<pre><code{css}>{escape(meta['content'])}</code></pre>\n")
        elif name == "hr":
            self.out.append("<hr>\n")
        elif name != "definition":  # a link reference definition writes nothing
            raise ValueError(f"no HTML for Markdown node {name!r}")

    def heading(self, node) -> Iterator:
        level = node.meta["level"]
        children = node.children
        text = "".join(_plain(children, images=False))
        base = slugify(text)
        if not base or base.isdigit():
            base = f"sec-{base}" if base else "sec"
        ident = self._unique(base)
        self.headings += 1
        self.section, self.counter, self.heading_id = f"s{self.headings}", 0, ident
        self.toc.append(TocEntry(level, ident, text))
        self.out.append(f'<h{level} id="{escape(ident)}">')
        yield self.text_block(children, ident, annotatable=False)
        self.out.append(_permalink(ident, "本节链接", "#") + f"</h{level}>\n")

    def container(self, node, tag: str) -> Iterator:
        """An element around blocks and/or a run of inline content (a tight list item)."""
        name = node.name
        attrs, ident, annotatable = "", None, True
        if name == "list_item":
            ident = self._numbered()
        elif name == "definition_term":
            self.note += 1
            ident, annotatable = self._unique(f"note-{self.note}"), False
        elif name == "definition_description":
            ident = self._unique(f"note-{self.note}-text")
        elif name == "ordered_list" and node.meta.get("start", 1) != 1:
            attrs = f' start="{node.meta["start"]}"'
        if ident is not None:
            attrs = f' id="{escape(ident)}"'
        if name == "table":
            self._alignments = node.meta.get("alignments", [])
        if name == "thead":
            self._cell = "th"
        elif name == "tbody":
            self._cell = "td"
        outer_id = self._nearest_id
        if ident is not None:
            self._nearest_id = ident
        self.out.append(f"<{tag}{attrs}>")
        # A link reference definition writes nothing, not even the line break around it.
        children = [child for child in node.children if child.name != "definition"]
        inline: list = []
        previous_inline = False
        for i, child in enumerate(children):
            if child.name in _INLINE:
                inline.append(child)
                continue
            if inline:
                yield self.text_block(inline, self._nearest_id, annotatable)
                inline = []
                previous_inline = True
            if i == 0 or previous_inline:
                self.out.append("\n")
                previous_inline = False
            if name == "trow":
                yield self.cell(child, i)
            else:
                yield self.block(child)
        if inline:
            yield self.text_block(inline, self._nearest_id, annotatable)
        if not children and name == "blockquote":
            self.out.append("\n")  # as markdown-it writes an empty quote (`>` alone)
        self.out.append(f"</{tag}>\n")
        self._nearest_id = outer_id

    def cell(self, node, column: int) -> Iterator:
        align = self._alignments[column] if column < len(self._alignments) else "none"
        style = f' style="text-align:{align}"' if align in ("left", "center", "right") else ""
        self.out.append(f"<{self._cell}{style}>")
        yield self.text_block(node.children, self._nearest_id, annotatable=True)
        self.out.append(f"</{self._cell}>\n")

    # --- inline content ---

    def text_block(self, nodes, block_id: str | None, annotatable: bool) -> Iterator:
        """The inline content of one block: its runs make one line of the plain text."""
        self.blocks.append([])
        return self.inline(nodes, block_id, annotatable)

    def inline(self, nodes, block_id: str | None, annotatable: bool) -> Iterator:
        out = self.out
        pending: list[str] = []  # adjacent text nodes make one run (markdown-it's text_join)
        for node in nodes:
            name = node.name
            if name in _TEXT:
                pending.append(node.meta["content"])
                continue
            if pending:
                self._run("".join(pending), block_id, annotatable)
                pending = []
            if name == "softbreak":
                out.append("\n")
            elif name == "hardbreak":
                out.append("<br>\n")
            elif name in _INLINE_TAGS:
                out.append(f"<{_INLINE_TAGS[name]}>")
                yield self.inline(node.children, block_id, annotatable)
                out.append(f"</{_INLINE_TAGS[name]}>")
            elif name == "code_inline":
                out.append("<code>")
                yield self.inline(node.children, block_id, False)
                out.append("</code>")
            elif name in ("link", "autolink"):
                meta = node.meta
                title = meta.get("title")
                title_attr = f' title="{escape(title)}"' if title else ""
                out.append(f'<a href="{escape(meta["url"])}"{title_attr}>')
                yield self.inline(node.children, block_id, False)
                out.append("</a>")
            elif name == "image":
                meta = node.meta
                title = meta.get("title")
                title_attr = f' title="{escape(title)}"' if title else ""
                alt = escape("".join(_plain(node.children)))
                out.append(f'<img src="{escape(meta["url"])}" alt="{alt}"{title_attr}>')
            else:
                raise ValueError(f"no HTML for Markdown node {name!r}")
        if pending:
            self._run("".join(pending), block_id, annotatable)

    def _run(self, text: str, block_id: str | None, annotatable: bool) -> None:
        run = TextRun(text, 0, block_id, annotatable)
        self.blocks[-1].append(run)
        self.out.append(run)

    def finish_text(self) -> list[TextRun]:
        """Every run, with its offset into the plain text (one non-empty block per line)."""
        runs, lines, start = [], [], 0
        for block in self.blocks:
            offset = start
            for run in block:
                run.start = offset
                offset += len(run.text)
            if offset > start:
                runs += block
                lines.append("".join(run.text for run in block))
                start = offset + 1
        self.plain_text = "\n".join(lines)
        return runs

    # --- ids ---

    def _numbered(self) -> str:
        self.counter += 1
        if self.heading_id != self.section:  # the old form's id, kept from headings' ids:
            self._unique(f"{self.heading_id}-{self.counter}")  # a repeated one stays 总结-3
        return self._unique(f"{self.section}-{self.counter}")

    def _unique(self, base: str) -> str:
        ident, n = base, 1
        while ident in self.used:
            n += 1
            ident = f"{base}-{n}"
        self.used.add(ident)
        return ident


def _permalink(ident: str, label: str, sign: str) -> str:
    """The same link as static/permalinks.js adds to a paragraph."""
    return f'<a class="permalink" href="#{escape(ident)}" aria-label="{label}">{sign}</a>'


def _is_caption(children) -> bool:
    """`::: caption`, a line break, the caption, a line break, `:::`."""
    return (
        len(children) >= 5
        and children[0].name == "text"
        and children[1].name == "softbreak"
        and children[-2].name == "softbreak"
        and children[-1].name == "text"
        and _CAPTION_OPEN.fullmatch(children[0].meta["content"]) is not None
        and _CAPTION_CLOSE.fullmatch(children[-1].meta["content"]) is not None
    )


def _plain(nodes, images: bool = True):
    """The text of inline nodes: an image's alt text, a heading's title (without images).
    Nested images are walked on a stack of our own, not by recursion."""
    stack = [iter(nodes)]
    while stack:
        node = next(stack[-1], None)
        if node is None:
            stack.pop()
            continue
        name = node.name
        if name in _TEXT:
            yield node.meta["content"]
        elif name in ("softbreak", "hardbreak"):
            yield "\n" if images else ""
        elif images or name != "image":
            stack.append(iter(node.children))
