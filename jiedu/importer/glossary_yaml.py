"""glossary.yml entries for the glossaries that reports carry themselves."""

from __future__ import annotations

from collections.abc import Iterable

import yaml

from jiedu.importer.model import ImportedDocument


def glossary_yaml_entries(docs: Iterable[ImportedDocument]) -> str:
    """YAML list items (term, definition, source: {report, item}) in document and item order."""
    entries = [
        {
            "term": item.term,
            "definition": item.definition,
            "source": {"report": doc.slug, "item": item.number},
        }
        for doc in docs
        for item in doc.glossary
    ]
    if not entries:
        return ""
    return yaml.safe_dump(entries, allow_unicode=True, sort_keys=False, width=1_000_000)
