"""Item 11: for each seed and each report of ../shared/corpus, every Chinese character,
letter and digit of its text (after normalisation, minus the dropped blocks) is in the
imported documents, in the same order (a report's head lines in any order), and nothing is
added. The documents are read as a reader sees them: Markdown rendered by
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
from jiedu.importer.notes import is_notes_heading

from .conftest import CORPUS

ROOT = Path(__file__).resolve().parents[1]
SEED_FILES = sorted((ROOT / "seeds").glob("*.txt"))
FIXTURES = sorted(
    p for p in (ROOT / "tests/fixtures/import").glob("*.txt") if "binary" not in p.name
)
CORPUS_FILES = sorted(CORPUS.glob("*.txt"))
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


def reader_text(doc: ImportedDocument, seed_lines: list[str] = ()) -> tuple[str, str, list]:
    """What a reader sees of the document: (its head, its body and byline, its captions).

    The head (title, dateline, the speaker line) is the lines above the body, in whatever
    order the report printed them. A title the text does not print as a line of its own (a
    crawler's 标题： label, which is dropped; 政府工作报告 for a copy that lost its head) is
    metadata, not text of the report."""
    front = doc.front_matter
    title = front.get("title", "")
    lines = [counted(line) for line in seed_lines]
    printed = not seed_lines or _is_printed(counted(title), lines, seed_lines)
    head = [title if printed else "", front.get("subtitle", "")]
    if front["kind"] == "report" and front.get("speaker") and front["speaker"] not in head[1]:
        head.append(front.get("speaker_title", "") + front["speaker"])  # the speaker line
    body, captions = rendered(doc.body)
    return "".join(head), "".join(body + [front.get("byline", "")]), captions


def _is_printed(title: str, lines: list[str], raw: list[str]) -> bool:
    """The title is a line, or a run of up to four lines (a title cut over lines), or the
    start of a line where a dash glues the dateline to it."""
    runs = (title == "".join(lines[i : i + n]) for i in range(len(lines)) for n in (1, 2, 3, 4))
    glued = (re.match(r"^[^—―-]+[—―-]", line) for line in raw)
    return any(runs) or any(m and counted(m.group(0)) == title for m in glued)


def counted(text: str) -> str:
    return "".join(char for char in text if is_counted(char))


def without_item_numbers(lines: list[str], numbers: list[int]) -> list[str]:
    """The glossary's item numbers become the order of the definition list, not text.
    (They are looked for after the glossary's heading: the body numbers its lists too.)"""
    lines = list(lines)
    start = max((i for i, line in enumerate(lines) if is_notes_heading(line)), default=0)
    for number in numbers:
        marker = re.compile(rf"^[（(［\[【]?{number}[.．、）)］\]】]")
        index = next(i for i in range(start, len(lines)) if marker.match(lines[i]))
        lines[index] = marker.sub("", lines[index])
        start = index + 1
    return lines


def remove_once(lines: list[str], removals: list[str]) -> list[str]:
    """The lines without each removal, taken in page order. A removal is a run of lines (a
    dropped block's lines joined by " / "), whose first may be only the end of a line (a
    signature an aggregator glued to the last line); or a paragraph that repair had joined
    before it was dropped, compared by its counted characters over whole lines."""
    remaining, cursor = list(lines), 0
    for removal in removals:
        found = _run_at(remaining, cursor, removal)
        assert found is not None, f"not lines of the seed, nor the end of one: {removal}"
        start, end, kept_head = found
        remaining[start:end] = [kept_head] if kept_head else []
        cursor = start
    return remaining


def _run_at(lines: list[str], cursor: int, removal: str) -> tuple[int, int, str] | None:
    """(start, end, what stays of the first line) of the first run of lines from the
    cursor that is the removal."""
    pieces = removal.split(" / ")
    for whole in (True, False):  # whole lines first: "2022年" is a line, not the end of one
        for start in range(cursor, len(lines)):
            first, rest = lines[start], lines[start + 1 : start + len(pieces)]
            head_matches = first == pieces[0] if whole else first.endswith(pieces[0])
            if head_matches and rest == pieces[1:]:
                return start, start + len(pieces), first.removesuffix(pieces[0])
    target = counted(removal)
    for start in range(cursor, len(lines)):
        run = ""
        for end in range(start, len(lines)):
            run += counted(lines[end])
            if not target.startswith(run):
                break
            if run == target:
                return start, end + 1, ""
    return None


def assert_faithful(lines: list[str], documents) -> None:
    """The documents hold exactly the lines' text, in order: each document's head (in any
    order), then its body, with the dropped blocks, captions and item numbers accounted for."""
    dropped = [block for doc in documents for block in doc.front_matter.get("dropped", [])]
    captions = [caption for doc in documents for caption in rendered(doc.body)[1]]
    kept = remove_once(remove_once(lines, dropped), captions)  # captions are seed lines
    read = [reader_text(doc, kept) for doc in documents]
    kept = without_item_numbers(kept, [item.number for d in documents for item in d.glossary])
    text, position = counted("".join(kept)), 0
    for head, body, _ in read:
        head, body = counted(head), counted(body)
        assert sorted(text[position : position + len(head)]) == sorted(head), "head"
        position += len(head)
        assert text[position : position + len(body)] == body, "body"
        position += len(body)
    assert position == len(text)


@pytest.mark.parametrize("seed", SEED_FILES + FIXTURES + CORPUS_FILES, ids=lambda path: path.name)
def test_the_documents_hold_exactly_the_seed_text_in_order(seed):
    result = import_seed(seed)
    decoded = seed.read_bytes().decode(result.encoding.replace("_", "-")).removeprefix("\ufeff")
    lines = [line.text for line in split_lines(decoded)]
    assert_faithful(lines, result.documents)
    assert any(counted(line) for line in lines)  # there is text at all


def test_the_check_notices_a_lost_character():
    """The comparison is strict: one character less in a document and it fails."""
    doc = import_seed(SEED_FILES[0]).documents[0]
    _, text, _ = reader_text(doc)
    damaged = text.replace("开工建设", "开工建", 1)
    assert counted(damaged) != counted(text)
