"""Markdown -> HTML with stable, citable ids on every heading and paragraph.

markdown-it-py does the parsing; Jiedu's additions are small core rules over the token
stream (ids and permalinks here, term annotation in jiedu.annotate), never edits of HTML.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass

from markdown_it import MarkdownIt
from markdown_it.common.utils import escapeHtml
from mdit_py_plugins.container import container_plugin
from mdit_py_plugins.deflist import deflist_plugin

HEADING_ID_MAX = 24
# Ids the page templates use around the body; body ids must not take them.
RESERVED_IDS = frozenset({"main", "toc-title", "terms-title", "term-tips"})


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
    occurrences: tuple = ()  # glossary terms found by jiedu.annotate, in reading order


def make_markdown(extensions: tuple[Callable[[MarkdownIt], None], ...] = ()) -> MarkdownIt:
    """CommonMark + tables + definition lists + caption blocks; raw HTML is escaped."""
    md = MarkdownIt("commonmark", {"html": False}).enable("table")
    md.use(deflist_plugin)
    md.use(container_plugin, "caption", render=_render_caption)
    md.use(anchors_plugin)
    for extension in extensions:
        extension(md)
    return md


def render_markdown(md: MarkdownIt, text: str, env: dict | None = None) -> Rendered:
    env = dict(env or {})
    tokens = md.parse(text, env)
    html = md.renderer.render(tokens, md.options, env)
    return Rendered(
        html=html,
        toc=tuple(env["toc"]),
        text=_plain_text(tokens),
        occurrences=tuple(env.get("term_occurrences", ())),
    )


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


# --- ids and permalinks ---------------------------------------------------------------


def anchors_plugin(md: MarkdownIt) -> None:
    md.core.ruler.push("jiedu_anchors", _assign_ids)
    md.add_render_rule("heading_close", _render_close_with_permalink("本节链接", "#"))
    md.add_render_rule("paragraph_close", _render_close_with_permalink("本段链接", "¶"))


def _assign_ids(state) -> None:
    """Headings get a slug of their text; paragraphs are numbered within their section.

    Numbering per section keeps ids stable when text elsewhere in the report changes, and
    makes them readable ("十三五时期工作回顾-3" is the third paragraph of that section).
    """
    used: set[str] = set(RESERVED_IDS)
    toc: list[TocEntry] = []
    section, counter, note = "p", 0, 0
    in_caption = 0
    tokens = state.tokens
    for i, token in enumerate(tokens):
        if token.type == "container_caption_open":
            in_caption += 1
        elif token.type == "container_caption_close":
            in_caption -= 1
        elif token.type == "heading_open":
            text = tokens[i + 1].content
            base = slugify(_inline_text(tokens[i + 1]))
            if not base or base.isdigit():
                base = f"sec-{base}" if base else "sec"
            section = _unique(base, used)
            counter = 0
            token.attrSet("id", section)
            token.meta["permalink"] = section
            toc.append(TocEntry(int(token.tag[1]), section, _inline_text(tokens[i + 1]) or text))
        elif token.type == "dt_open":
            note += 1
            token.attrSet("id", _unique(f"note-{note}", used))
        elif token.type == "dd_open":
            token.attrSet("id", _unique(f"note-{note}-text", used))
        elif token.type in ("paragraph_open", "list_item_open") and not in_caption:
            if token.hidden:  # a tight list's paragraph: its list item has the id
                continue
            counter += 1
            ident = _unique(f"{section}-{counter}", used)
            token.attrSet("id", ident)
            if token.type == "paragraph_open":
                _closing(tokens, i).meta["permalink"] = ident
    state.env["toc"] = toc


def _closing(tokens, start: int):
    depth = 0
    for token in tokens[start:]:
        depth += token.nesting
        if depth == 0:
            return token
    raise ValueError("unbalanced tokens")


def _unique(base: str, used: set[str]) -> str:
    ident, n = base, 1
    while ident in used:
        n += 1
        ident = f"{base}-{n}"
    used.add(ident)
    return ident


def _render_close_with_permalink(label: str, sign: str):
    def render(self, tokens, idx, options, env):
        token = tokens[idx]
        target = token.meta.get("permalink") if token.meta else None
        if target is None and token.type == "heading_close":
            target = tokens[idx - 2].meta.get("permalink")
        link = ""
        if target:
            link = (
                f'<a class="permalink" href="#{escapeHtml(target)}" aria-label="{label}">{sign}</a>'
            )
        return link + self.renderToken(tokens, idx, options, env)

    return render


def _render_caption(self, tokens, idx, options, env):
    if tokens[idx].nesting == 1:
        return '<figure class="photo-caption"><figcaption>\n'
    return "</figcaption></figure>\n"


# --- plain text -----------------------------------------------------------------------


def _inline_text(inline) -> str:
    return "".join(
        child.content for child in (inline.children or []) if child.type in ("text", "code_inline")
    )


def _plain_text(tokens) -> str:
    return "\n".join(_inline_text(t) for t in tokens if t.type == "inline")
