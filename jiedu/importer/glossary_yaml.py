"""glossary.yml entries for the glossaries that reports carry themselves."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

import yaml

from jiedu.importer.model import ImportedDocument


def glossary_yaml_entries(
    docs: Iterable[ImportedDocument], defined: frozenset[str] = frozenset()
) -> str:
    """YAML list items (term, definition, [region], source: {report, item}) in document and
    item order. An item becomes the term's general definition; where the glossary already
    has one (`defined`), it becomes the definition for the report's region."""
    entries = []
    for doc in docs:
        for item in doc.glossary:
            entry = {"term": item.term, "definition": item.definition}
            if item.term in defined and doc.front_matter.get("region"):
                entry["region"] = doc.front_matter["region"]
            entry["source"] = {"report": doc.slug, "item": item.number}
            entries.append(entry)
    if not entries:
        return ""
    return yaml.safe_dump(entries, allow_unicode=True, sort_keys=False, width=1_000_000)


def append_to_glossary(path: Path, docs: Iterable[ImportedDocument]) -> list[str]:
    """Add the report glossaries of `docs` to glossary.yml, as text at its end so the
    editors' comments and order stay; reports already cited there are left alone.
    Returns the terms added."""
    text = path.read_text(encoding="utf-8") if path.exists() else ""
    existing = yaml.safe_load(text) or []
    entries = [entry for entry in existing if isinstance(entry, dict)]
    cited = {e["source"].get("report") for e in entries if isinstance(e.get("source"), dict)}
    general = frozenset(str(e.get("term")) for e in entries if not e.get("region"))
    new_docs = [doc for doc in docs if doc.glossary and doc.slug not in cited]
    if not new_docs:
        return []
    addition = "".join(
        f"\n# --- {doc.slug}: the report's own glossary ({len(doc.glossary)} items) ---\n"
        + glossary_yaml_entries([doc], general)
        for doc in new_docs
    )
    separator = "" if not text or text.endswith("\n") else "\n"
    path.write_text(text + separator + addition, encoding="utf-8")
    return [item.term for doc in new_docs for item in doc.glossary]
