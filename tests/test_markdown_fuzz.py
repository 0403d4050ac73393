"""Property tests of the Markdown path: any body renders (or is refused with its line),
the HTML parses cleanly, nothing of the input becomes a tag, and the writer still writes
what markdown-it-pyrs's own renderer writes, at any depth."""

from __future__ import annotations

import html
import re
from pathlib import Path

import html5lib
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from markdown_it_pyrs import MarkdownIt as RustMarkdownIt

from jiedu.annotate import TermAnnotator
from jiedu.errors import JieduError
from jiedu.glossary import load_glossary
from jiedu.markdown import render_markdown
from jiedu.markdown_input import (
    MAX_NESTING,
    RULES,
    container_columns,
    html_safe_characters,
    parser,
)
from jiedu.termmatch import TermMatcher
from tests.test_markdown import without_jiedu_additions

ROOT = Path(__file__).resolve().parent.parent
# derandomize: the same examples on every run and machine; no database left in the tree.
settings.register_profile(
    "markdown-fuzz",
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
FUZZ = settings.get_profile("markdown-fuzz")

# Everything the writer may write: any other element or attribute came from the input.
TAGS = {
    *("p", "a", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "li", "blockquote"),
    *("dl", "dt", "dd", "table", "thead", "tbody", "tr", "th", "td", "pre", "code"),
    *("em", "strong", "br", "hr", "img", "figure", "figcaption"),
}
ATTRIBUTES = {"id", "href", "class", "aria-label", "title", "src", "alt", "start", "style"}
UNSAFE_SCHEMES = ("javascript:", "vbscript:", "file:", "data:text")


def _report_lines() -> list[str]:
    """Lines of the real reports, so examples read like the text the site renders."""
    lines = []
    for path in sorted((ROOT / "seeds").glob("*.txt")):
        lines += [line for line in path.read_text(encoding="utf-8").splitlines() if line][:40]
    return lines


REPORT_LINES = _report_lines()
GLOSSARY = load_glossary(ROOT / "glossary.yml")
TERMS = sorted({spelling for term in GLOSSARY.terms for spelling in term.spellings})
INLINE_PIECES = [
    *("*", "**", "_", "__", "`", "``", "[", "]", "](", ")", "![", "](u)", '](x "t")'),
    *("<script>alert(1)</script>", "</script>", "<img src=x onerror=alert(1)>", "<!--", "-->"),
    *("<b>", "<div>", "</p>", "<a href='javascript:alert(1)'>", "<http://x.y?a=1&b=2>"),
    *("[x](javascript:alert(1))", "[y](JaVaScRiPt:x)", "![i](data:text/html,<b>x</b>)"),
    *("&amp;", "&copy;", "&#0;", "&#x110000;", "&#xd800;", "&bogus;", "&lt;script&gt;", "&"),
    *("\\", "\\*", "|", ":::", "::: caption", "  \n", "\n", '"', "'", "<", ">", "\x00"),
    *("政府工作报告", "各位代表：", "“十四五”", "［1］", "【1】", "２０２６年", "\u3000"),
]
BLOCK_STARTS = [
    *("", "> ", ">", "- ", "* ", "+ ", "1. ", "2) ", "  ", "    ", "\t", "# ", "### "),
    *("```", "~~~", "---", "***", "===", ": ", "| a | b |", "|---|---|", "[r]: /u"),
    *("<div>", "<script>", "<!-- ", "::: caption", ":::"),
]

inline_text = st.lists(
    st.one_of(
        st.sampled_from(INLINE_PIECES),
        st.sampled_from(REPORT_LINES).map(lambda line: line[:30]),
        st.sampled_from(TERMS),
        st.text(max_size=8),  # any Unicode but lone surrogates: controls, noncharacters, CJK
    ),
    max_size=12,
).map("".join)
line = st.builds(
    lambda starts, text: "".join(starts) + text,
    st.lists(st.sampled_from(BLOCK_STARTS), max_size=4),
    inline_text,
)
markdown = st.lists(line, max_size=20).map("\n".join)


def nested(pieces: list[str], depth: int, cuts: list[int], text: str) -> str:
    """Lines opening up to `depth` containers (the pieces, repeated), each cut at a level."""
    prefix = (pieces * depth)[:depth]
    return "".join("".join(prefix[:cut]) + text + "\n" for cut in [*cuts, depth])


deep_markdown = st.builds(
    nested,
    st.lists(
        st.sampled_from(["> ", ">", "- ", "1. ", "  ", "   ", "* ", ": "]), min_size=1, max_size=4
    ),
    st.integers(1, 1_200),
    st.lists(st.integers(0, 1_200), max_size=4),
    inline_text,
)


def reference_html(source: str) -> str:
    """What markdown-it-pyrs's own renderer writes, without code spans where it panics."""
    source = html_safe_characters(source)
    try:
        return RustMarkdownIt("zero").enable_many(RULES).render(source, xhtml=False)
    except BaseException as error:
        if type(error).__name__ != "PanicException":
            raise
    rules = [rule for rule in RULES if rule != "backticks"]
    return RustMarkdownIt("zero").enable_many(rules).render(source, xhtml=False)


def without_alt(html_text: str) -> str:
    return re.sub(r' alt="[^"]*"', "", html_text)


def parse_fragment(fragment: str):
    parser = html5lib.HTMLParser(namespaceHTMLElements=False, strict=False)
    tree = parser.parseFragment(fragment)
    return tree, [code for _, code, _ in parser.errors]


def assert_safe_html(fragment: str) -> None:
    tree, errors = parse_fragment(fragment)
    assert errors == []
    for element in tree.iter():
        if not isinstance(element.tag, str) or element is tree:
            continue
        assert element.tag in TAGS, f"<{element.tag}> from the input"
        assert set(element.attrib) <= ATTRIBUTES, element.attrib
        for name in ("href", "src"):
            url = "".join(html.unescape(element.get(name, "")).split()).lower()
            assert not url.startswith(UNSAFE_SCHEMES), url


@settings(FUZZ, max_examples=300)
@given(markdown)
def test_any_body_renders_to_clean_escaped_html(source):
    assert_safe_html(render_markdown(source).html)


@settings(FUZZ, max_examples=100)
@given(markdown)
def test_bodies_annotated_with_the_real_glossary_render_to_clean_escaped_html(source):
    annotator = TermAnnotator(TermMatcher(GLOSSARY))
    assert_safe_html(render_markdown(source, annotator).html)


@settings(FUZZ, max_examples=60)
@given(deep_markdown)
def test_deep_quotes_and_lists_render_to_clean_html(source):
    assert_safe_html(render_markdown(source).html)


@settings(FUZZ, max_examples=300)
@given(st.one_of(markdown, deep_markdown))
def test_the_writer_writes_what_markdown_it_writes(source):
    """The iterative writer, checked against markdown-it-pyrs's own (native) renderer. Image
    alt texts are left out: markdown-it-pyrs drops escaped characters (`![\\*](u)`) from
    them, which CommonMark keeps and so does Jiedu."""
    if ":::" in source:
        return  # caption blocks are Jiedu's own
    written = without_jiedu_additions(render_markdown(source).html)
    assert without_alt(written) == without_alt(reference_html(source))


def tree_depth(node) -> int:
    deepest, stack = 0, [(node, 1)]
    while stack:
        node, depth = stack.pop()
        deepest = max(deepest, depth)
        stack += [(child, depth + 1) for child in node.children]
    return deepest


def nesting_bound(source: str) -> int:
    """What jiedu.markdown_input bounds: the widest container prefix of a line plus the
    most markers * _ [ of a paragraph."""
    text = source.replace("\r\n", "\n").replace("\r", "\n")
    columns = max(container_columns(line) for line in text.split("\n"))
    paragraphs = re.split(r"\n[ \t]*\n", text)
    return columns + max(sum(p.count(marker) for marker in "*_[") for p in paragraphs)


@settings(FUZZ, max_examples=200)
@given(st.one_of(markdown, deep_markdown))
def test_the_tree_is_no_deeper_than_the_bound_the_nesting_check_measures(source):
    """The argument of jiedu.markdown_input, tested: but for a few levels that do not nest
    (the root; a table, its head or body, row and cell; an autolink or a code span; the
    text), each level of the tree took a column of a prefix or a marker of a paragraph."""
    tree = parser(code_spans=False).tree(html_safe_characters(source))
    assert tree_depth(tree) <= nesting_bound(source) + 7


@pytest.mark.parametrize(
    "source",
    [
        ">" * 1_000 + " 引用\n",
        "".join("  " * i + "- 列表\n" for i in range(400)),
        "*" * 4_000 + "强调" + "*" * 4_000 + "\n",
        "![" * 5_000 + "图" + "](u)" * 5_000 + "\n",
        "[" * 5_000 + "链接" + "](u)" * 5_000 + "\n",
        ">" * (MAX_NESTING - 1)
        + " "
        + "![" * (MAX_NESTING - 2)
        + "图"
        + "](u)" * (MAX_NESTING - 2),
    ],
    ids=["1000-quotes", "400-list", "emphasis", "images", "links", "deepest-allowed"],
)
def test_deep_bodies_render_as_markdown_it_renders_them(source):
    assert without_jiedu_additions(render_markdown(source).html) == reference_html(source)


@pytest.mark.parametrize(
    ("source", "line"),
    [
        ("正文。\n\n" + ">" * (MAX_NESTING + 1) + " 引用\n", 3),
        ("正文。\n\n" + "\t" * (MAX_NESTING // 4 + 1) + "- 列表\n", 3),
        ("一\r二\r\r" + "*" * MAX_NESTING + "\r" + "*\r", 4),
        ("正文。\n\n" + "![" * (MAX_NESTING + 1) + "图" + "](u)" * (MAX_NESTING + 1), 3),
    ],
    ids=["quotes", "tabs", "emphasis-cr", "images"],
)
def test_nesting_the_parser_cannot_take_is_refused_at_its_line(source, line):
    with pytest.raises(JieduError) as error:
        render_markdown(source, None, "content/deep.md", 10)
    assert error.value.path == "content/deep.md"
    assert error.value.line == 10 + line - 1
    assert "nested deeper than 10,000 levels" in error.value.message


@pytest.mark.parametrize("source", ["[`", "[\n2) ```", "a [b `c` d\n\n[`x` e ``"])
def test_a_code_span_the_parser_panics_on_is_text(source):
    """markdown-it-pyrs 0.4.0 panics on `[` and a code span that never closes."""
    with pytest.raises(BaseException, match="index out of bounds"):
        RustMarkdownIt("zero").enable_many(RULES).tree(source)
    html = render_markdown(source).html
    assert "`" in html and "<code>" not in html
    assert_safe_html(html)


def test_characters_a_page_may_not_hold_become_replacement_characters():
    rendered = render_markdown("甲\x00乙\x01丙\x0b丁\x7f戊\x85己\ufdd0庚\U0001ffff辛\x0c壬\t癸\n")
    assert rendered.text == "甲\ufffd乙\ufffd丙\ufffd丁\ufffd戊\ufffd己\ufffd庚\ufffd辛\x0c壬\t癸"
    assert parse_fragment(rendered.html)[1] == []
