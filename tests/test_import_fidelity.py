"""Item 11: for each seed, every Chinese character, letter and digit of its text (after
normalisation, minus the dropped blocks) is in the imported documents, in the same order,
and nothing is added. The documents are read as a reader sees them: Markdown rendered by
markdown-it-py with the site's plugins, plus the front matter lines lifted from the text."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from markdown_it import MarkdownIt
from mdit_py_plugins.container import container_plugin
from mdit_py_plugins.deflist import deflist_plugin

from jiedu.importer import ImportedDocument, import_seed
from jiedu.importer.chars import is_counted
from jiedu.importer.normalize import split_lines

ROOT = Path(__file__).resolve().parents[1]
SEED_FILES = sorted((ROOT / "seeds").glob("*.txt"))
FIXTURES = sorted(
    p for p in (ROOT / "tests/fixtures/import").glob("*.txt") if "binary" not in p.name
)
MD = (
    MarkdownIt("commonmark", {"html": False})
    .enable("table")
    .use(deflist_plugin)
    .use(container_plugin, "caption")
)


def rendered(body: str) -> tuple[list[str], list[str]]:
    """(text outside captions, caption texts) of the rendered body, block by block."""
    text, captions, in_caption = [], [], False
    for token in MD.parse(body):
        if token.type == "container_caption_open":
            in_caption = True
        elif token.type == "container_caption_close":
            in_caption = False
        elif token.type == "inline":
            words = "".join(
                child.content for child in token.children if child.type in ("text", "softbreak")
            )
            (captions if in_caption else text).append(words)
    return text, captions


def reader_text(doc: ImportedDocument) -> tuple[str, list[str]]:
    front = doc.front_matter
    head = [front.get("title", ""), front.get("subtitle", "")]
    if front["kind"] == "report" and front.get("speaker"):
        head.append(front["speaker_title"] + front["speaker"])  # the line under the title
    body, captions = rendered(doc.body)
    return "".join(head + body + [front.get("byline", "")]), captions


def counted(text: str) -> str:
    return "".join(char for char in text if is_counted(char))


def without_item_numbers(lines: list[str], numbers: list[int]) -> list[str]:
    """The glossary's item numbers become the order of the definition list, not text."""
    lines, start = list(lines), 0
    for number in numbers:
        marker = re.compile(rf"^[（(［\[【]?{number}[.．、）)］\]】]")
        index = next(i for i in range(start, len(lines)) if marker.match(lines[i]))
        lines[index] = marker.sub("", lines[index])
        start = index + 1
    return lines


def remove_once(lines: list[str], removals: list[str]) -> list[str]:
    remaining = list(lines)
    for removal in removals:
        assert removal in remaining, f"not a line of the seed: {removal}"
        remaining.remove(removal)
    return remaining


@pytest.mark.parametrize("seed", SEED_FILES + FIXTURES, ids=lambda path: path.name)
def test_the_documents_hold_exactly_the_seed_text_in_order(seed):
    result = import_seed(seed)
    decoded = seed.read_bytes().decode(result.encoding.replace("_", "-")).removeprefix("\ufeff")
    lines = [line.text for line in split_lines(decoded)]
    dropped = [
        piece
        for doc in result.documents
        for block in doc.front_matter.get("dropped", [])
        for piece in block.split(" / ")
    ]
    produced, captions = "", []
    for doc in result.documents:
        text, doc_captions = reader_text(doc)
        produced += text
        captions += doc_captions
    kept = remove_once(remove_once(lines, dropped), captions)  # captions are seed lines
    kept = without_item_numbers(
        kept, [item.number for d in result.documents for item in d.glossary]
    )
    assert counted(produced) == counted("".join(kept))
    assert counted(produced)  # there is text at all


def test_the_check_notices_a_lost_character():
    """The comparison is strict: one character less in a document and it fails."""
    doc = import_seed(SEED_FILES[0]).documents[0]
    text, _ = reader_text(doc)
    damaged = text.replace("开工建设", "开工建", 1)
    assert counted(damaged) != counted(text)
