"""Markdown-significant characters are escaped so that the rendered text is the source text."""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path

import pytest
from markdown_it import MarkdownIt
from mdit_py_plugins.container import container_plugin
from mdit_py_plugins.deflist import deflist_plugin

from jiedu.importer import import_seed, import_text
from jiedu.importer.markdown_out import escape_line

ROOT = Path(__file__).resolve().parents[1]
MD = (
    MarkdownIt("commonmark", {"html": False})
    .enable("table")
    .use(deflist_plugin)
    .use(container_plugin, "caption")
)


class _Text(HTMLParser):
    def __init__(self):
        super().__init__()
        self.parts: list[str] = []
        self.tags: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)

    def handle_data(self, data):
        self.parts.append(data)


def rendered(markdown: str) -> tuple[str, list[str]]:
    parser = _Text()
    parser.feed(MD.render(markdown))
    return "".join(parser.parts).strip(), parser.tags


@pytest.mark.parametrize(
    "line",
    [
        "1. 不是列表的一行。",
        "2021) 也不是列表。",
        "# 不是标题。",
        "> 不是引用。",
        "- 不是列表。",
        "+ 不是列表。",
        "* 不是列表，*也不是强调*。",
        "_不是强调_，__也不是__。",
        "[不是链接](http://example.com)。",
        "<b>不是标签</b>，<http://example.com>不是自动链接。",
        "`不是代码`。",
        ": 不是定义。",
        "::: caption",
        "---",
        "===",
        "~~~",
        "&amp; 与 &#35; 不是实体，R&D 照写。",
        "反斜杠\\*照写。",
        "| 表格 | 不是 |",
    ],
)
def test_escaped_line_renders_as_itself(line):
    text, tags = rendered(escape_line(line))
    assert text == line
    assert tags == ["p"]


def test_seed_bodies_render_without_unintended_markup():
    allowed = {"p", "h2", "h3", "div", "dl", "dt", "dd", "a"}  # div: the caption container
    for seed in sorted((ROOT / "seeds").glob("*.txt")):
        for doc in import_seed(seed).documents:
            _, tags = rendered(doc.body)
            assert set(tags) <= allowed, (seed.name, set(tags) - allowed)


def test_special_characters_survive_a_whole_import():
    lines = [
        "1. Point one, not a list.",
        "*星号*与_下划线_照写。",
        "[方括号]照写。",
        "<尖括号>照写。",
    ]
    (doc,) = import_text("标记符号\n\n" + "\n\n".join(lines) + "\n", "marks.txt")
    paragraphs = [rendered(chunk)[0] for chunk in doc.body.strip().split("\n\n")]
    assert paragraphs == lines
