"""Import raw report text (seeds/*.txt) into Markdown documents with front matter.

The stages, each a small module, run in this order over a list of blocks:
decode -> normalize (lines) -> boilerplate (drop promotions, posters, chrome)
-> page_tail (the site's footer) -> frame (a work report's head, body and page)
-> notes (mark the report's own glossary) -> captions -> paragraphs (repair page breaks)
-> articles (split the page into documents) -> metadata + headings + markdown_out.
Writing (content_file) and glossary.yml entries (glossary_yaml) sit at the edge.
"""

from __future__ import annotations

from pathlib import Path

from jiedu.errors import JieduError
from jiedu.importer.articles import Part, framed_report, split_documents
from jiedu.importer.blocks import DROPPED
from jiedu.importer.boilerplate import mark_boilerplate
from jiedu.importer.captions import mark_captions
from jiedu.importer.content_file import is_hand_edited, render_content_file, write_content_file
from jiedu.importer.decode import decode_seed
from jiedu.importer.frame import frame_report
from jiedu.importer.glossary_yaml import glossary_yaml_entries
from jiedu.importer.markdown_out import render_body
from jiedu.importer.metadata import FIELD_ORDER, describe, seed_year, slug_for
from jiedu.importer.model import GlossaryItem, ImportedDocument, ImportResult
from jiedu.importer.normalize import split_lines
from jiedu.importer.notes import mark_notes
from jiedu.importer.page_tail import drop_page_tail
from jiedu.importer.paragraphs import repair_paragraphs

__all__ = [
    "GlossaryItem",
    "ImportResult",
    "ImportedDocument",
    "glossary_yaml_entries",
    "import_seed",
    "import_text",
    "is_hand_edited",
    "render_content_file",
    "write_content_file",
]


def import_seed(path: Path) -> ImportResult:
    """Read and import one seed file; JieduError (naming the file) if it is not usable text."""
    path = Path(path)
    try:
        data = path.read_bytes()
    except OSError as error:
        raise JieduError(path, f"cannot be read: {error.strerror}") from None
    text, encoding = decode_seed(data, path)
    documents = import_text(text, path.name)
    if not documents:
        raise JieduError(path, "holds no report text (only promotions, posters or page chrome)")
    return ImportResult(seed=path, encoding=encoding, documents=documents)


def import_text(text: str, seed_name: str) -> tuple[ImportedDocument, ...]:
    """The pure core: the text of one seed -> its documents, in page order."""
    lines = split_lines(text)
    blocks = drop_page_tail(mark_boilerplate(lines))
    framed = frame_report(blocks)
    blocks = mark_notes(framed or blocks)
    blocks = mark_captions(blocks)
    blocks = repair_paragraphs(blocks)
    parts = [framed_report(blocks)] if framed else split_documents(blocks)
    year = seed_year([line.text for line in lines])
    parts = [part for part in parts if _has_content(part)]
    fronts = _date_from_neighbours([describe(part, seed_name, year) for part in parts])
    slugs = _unique_slugs([slug_for(front) for front in fronts])
    documents = []
    for part, front, slug in zip(parts, fronts, slugs, strict=True):
        body, glossary = render_body(part.body)
        documents.append(ImportedDocument(slug, front, body, glossary))
    return tuple(documents)


def _has_content(part: Part) -> bool:
    return bool(part.title or any(block.role != DROPPED for block in part.body))


def _date_from_neighbours(fronts: list[dict]) -> list[dict]:
    """A box without a dateline (an infographic) shares the date of the article after it
    on the page, or else of the one before it."""
    dates = [front.get("date") for front in fronts]
    result = []
    for i, front in enumerate(fronts):
        if front.get("date"):
            result.append(front)
            continue
        later = next((date for date in dates[i + 1 :] if date), None)
        earlier = next((date for date in reversed(dates[:i]) if date), None)
        date = later or earlier
        front = dict(front, date=date) if date else dict(front)
        result.append({key: front[key] for key in FIELD_ORDER if key in front})
    return result


def _unique_slugs(slugs: list[str]) -> list[str]:
    """Documents of one page that would share a name get -2, -3 ... in page order."""
    seen: dict[str, int] = {}
    unique = []
    for slug in slugs:
        seen[slug] = seen.get(slug, 0) + 1
        unique.append(slug if seen[slug] == 1 else f"{slug}-{seen[slug]}")
    return unique
