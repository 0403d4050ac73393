"""Markdown -> HTML: the writer over markdown-it-pyrs's tree, ids, captions, plain text."""

from __future__ import annotations

import re
from pathlib import Path

import html5lib
import pytest
from markdown_it_pyrs import MarkdownIt as RustMarkdownIt

from jiedu.content import parse_report
from jiedu.markdown import _RULES, render_markdown

ROOT = Path(__file__).resolve().parent.parent

# Every construct the enabled rules know, alone and nested.
SAMPLES = [
    "# H *e* `c` [l](u)\n\nSetext\n===\n\nSub\n---\n",
    'para &amp; &copy; &#1234; &bogus; <b> a  \nb\\\nc\nd \\* \\` [l](http://x?a=1&b="2" "t&")',
    '![im *g* `c` [d](e)\nline](i.png "tt") ![](empty.png)',
    "- a\n- b\n  - c\n  - d\n- e\n\n1. x\n\n   y\n\n3) s\n4) t\n\n- \n- q\n",
    "- a\n  ```\n  x\n  ```\n- b\n\n  > q\n",
    '```py extra\nx<1 & "y"\n```\n\n~~~\nplain\n~~~\n\n```\n```\n\n    indented\n\n\n    more\n',
    "> q\n> - a\n>\n> b\n\n***\n\n___\n",
    "| a | b | c | d |\n|:-|-:|:-:|---|\n| 1 | *2* | `3` | [4](u) |\n| only |\n\n| x |\n|---|\n",
    "T\n: d\n\n  e\n\nU\n: f\n: g\nV\n: h\n",
    '<http://a.b?x=1&y=2> <mailto:a@b.c> [ref] [ref][] [text][ref]\n\n[ref]: /u "T"\n',
    "*a **b** c* ***d*** _e_ __f__ `` a`b `` `  `\n",
    "<div>raw</div>\n\n<!-- c -->\n\n<script>alert(1)</script> <a href='x'>y</a>\n",
    "[javascript](javascript:alert(1)) ![x](data:text/html,hi) [ok](data:image/png;base64,AA)\n",
    "```a&amp;b\n```\n\n```a\\_b\n```\n\n```py&#x20;x\n```\n",
    "- [r]: /u\n\nT\n: [s]: /v\n",
    "",
    "\n\n\n",
    "# \n\n#\n",
]


def documents() -> list[str]:
    """The real reports, the raw seeds read as Markdown, and the samples."""
    bodies = [
        parse_report(path.read_text(encoding="utf-8"), path).body
        for path in sorted((ROOT / "content").glob("*.md"))
    ]
    seeds = [path.read_text(encoding="utf-8") for path in sorted((ROOT / "seeds").glob("*"))]
    return bodies + seeds + SAMPLES


def without_jiedu_additions(html: str) -> str:
    """Drop what Jiedu adds (ids, permalinks, caption figures) to compare with markdown-it."""
    html = re.sub(r'<a class="permalink" href="[^"]*" aria-label="[^"]*">[#¶]</a>', "", html)
    return re.sub(r' id="[^"]*"', "", html)


@pytest.mark.parametrize("source", documents(), ids=range(len(documents())))
def test_writes_the_html_markdown_it_writes(source):
    if "::: caption" in source:
        pytest.skip("caption blocks are Jiedu's own (tested below)")
    expected = RustMarkdownIt("zero").enable_many(_RULES).render(source, xhtml=False)
    assert without_jiedu_additions(render_markdown(source).html) == expected


def test_caption_blocks_become_figures_without_ids():
    rendered = render_markdown("正文。\n\n::: caption\n图为*会场*。\n:::\n\n下文。\n")
    assert rendered.html == (
        '<p id="p-1">正文。</p>\n'
        '<figure class="photo-caption"><figcaption>\n<p>图为<em>会场</em>。</p>\n'
        "</figcaption></figure>\n"
        '<p id="p-2">下文。</p>\n'
    )
    assert rendered.text == "正文。\n图为会场。\n下文。"


def test_a_caption_needs_its_own_lines():
    html = render_markdown("::: caption 图为会场 :::\n").html
    assert "figure" not in html and "::: caption 图为会场 :::" in html


def test_ids_headings_paragraphs_list_items_and_notes():
    rendered = render_markdown(
        "前言。\n\n## “十三五”时期 回顾\n\n第一段。\n\n- 甲\n- 乙\n\n## 100\n\n## 100\n\n"
        "第一条\n: 解释一\n\n第二条\n: 解释二\n"
    )
    tree = html5lib.parse(rendered.html, namespaceHTMLElements=False)
    ids = [e.get("id") for e in tree.iter() if e.get("id")]
    assert ids == [
        "p-1",
        "十三五时期回顾",
        "s1-1",  # the first paragraph after the first heading
        "s1-2",  # list items are numbered too
        "s1-3",
        "sec-100",
        "sec-100-2",
        "note-1",
        "note-1-text",
        "note-2",
        "note-2-text",
    ]
    assert [(e.level, e.id, e.text) for e in rendered.toc] == [
        (2, "十三五时期回顾", "“十三五”时期 回顾"),
        (2, "sec-100", "100"),
        (2, "sec-100-2", "100"),
    ]


def test_a_repeated_heading_keeps_the_id_it_had_beside_slug_paragraph_ids():
    """Paragraph ids were once the heading's id and a number (总结-1, 总结-2): a repeated
    heading's id steps over those (总结-3), as it did then, so old links still resolve."""
    rendered = render_markdown("# 总结\n\n甲。\n\n乙。\n\n# 总结\n\n丙。\n")
    tree = html5lib.parse(rendered.html, namespaceHTMLElements=False)
    assert [e.get("id") for e in tree.iter() if e.get("id")] == [
        "总结",
        "s1-1",
        "s1-2",
        "总结-3",
        "s2-1",
    ]


def test_a_heading_that_reads_like_a_paragraph_id_does_not_take_its_id():
    rendered = render_markdown("## 甲\n\n一段。\n\n## S1 1\n\n二段。\n")
    tree = html5lib.parse(rendered.html, namespaceHTMLElements=False)
    assert [e.get("id") for e in tree.iter() if e.get("id")] == ["甲", "s1-1", "s1-1-2", "s2-1"]


def test_plain_text_has_one_line_per_block_and_joins_soft_line_breaks():
    rendered = render_markdown(
        "# 标题\n\n第一\n段`代码`[链接](u)。\n\n```\n代码块\n```\n\n| 甲 |\n|---|\n| 乙 |\n"
    )
    assert rendered.text == "标题\n第一段代码链接。\n甲\n乙"


def test_raw_html_is_escaped():
    html = render_markdown('<script>alert("x")</script>\n\n<img src=x onerror=alert(1)>\n').html
    assert "<script" not in html and "<img" not in html
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in html
