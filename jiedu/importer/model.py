"""The importer's results (re-exported by jiedu.importer)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class GlossaryItem:
    """One item of a report's own glossary (《政府工作报告》词语解释 and the like)."""

    number: int  # the item number as printed (1, 2, ...)
    term: str  # without its number and without enclosing quotes, e.g. 两个100%
    definition: str  # one paragraph of plain text, normalised
    printed: str = ""  # the term as the report prints it (quotes, page references); "" = term


@dataclass(frozen=True)
class ImportedDocument:
    slug: str  # content/<slug>.md: date, pinyin of the region, kind, e.g. 2021-01-13-linziqu-report
    front_matter: dict  # title, subtitle, date, region, ... in that order, see metadata.FIELD_ORDER
    body: str  # Markdown
    glossary: tuple[GlossaryItem, ...]


@dataclass(frozen=True)
class ImportResult:
    seed: Path
    encoding: str  # as charset-normalizer names it: "utf_8", "gb18030", "utf_16"
    documents: tuple[ImportedDocument, ...]
