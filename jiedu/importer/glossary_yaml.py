"""glossary.yml entries for the glossaries that reports carry themselves.

A report's item becomes the term's general definition. Where the glossary already has a
general entry for that spelling (compared as the matcher compares them, after folding:
“三公”经费 is 三公经费), it becomes the definition for the report's region; where that
region has one too, or the report has no region, the item is left out (and named), since
glossary.yml allows one entry per spelling and scope.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from jiedu.folding import fold_spelling
from jiedu.importer.model import ImportedDocument


@dataclass
class Scopes:
    """Which folded spellings each scope (None: general; else a region) already defines."""

    taken: set[tuple[str, str | None]] = field(default_factory=set)

    @classmethod
    def of(cls, entries: Iterable[dict]) -> Scopes:
        scopes = cls()
        for entry in entries:
            regions = entry.get("region") or [None]
            regions = regions if isinstance(regions, list) else [regions]
            aliases = entry.get("aliases") or []
            spellings = [entry.get("term"), *(aliases if isinstance(aliases, list) else [])]
            for spelling in spellings:
                if isinstance(spelling, str):
                    for region in regions:
                        scopes.taken.add((fold_spelling(spelling), region))
        return scopes

    def claim(self, term: str, region: str | None) -> tuple[bool, str | None]:
        """(added, scope): the general scope if free, else the region's; False if neither."""
        key = fold_spelling(term)
        for scope in (None, region) if region else (None,):
            if (key, scope) not in self.taken:
                self.taken.add((key, scope))
                return True, scope
        return False, None


def glossary_yaml_entries(
    docs: Iterable[ImportedDocument], scopes: Scopes | None = None
) -> tuple[str, list[str]]:
    """(YAML list items in document and item order, the terms left out as duplicates)."""
    scopes = scopes or Scopes()
    entries, skipped = [], []
    for doc in docs:
        region = doc.front_matter.get("region")
        for item in doc.glossary:
            added, scope = scopes.claim(item.term, region)
            if not added:
                skipped.append(item.term)
                continue
            entry = {"term": item.term, "definition": item.definition}
            if scope:
                entry["region"] = scope
            entry["source"] = {"report": doc.slug, "item": item.number}
            entries.append(entry)
    if not entries:
        return "", skipped
    text = yaml.safe_dump(entries, allow_unicode=True, sort_keys=False, width=1_000_000)
    return text, skipped


def append_to_glossary(path: Path, docs: Iterable[ImportedDocument]) -> tuple[list[str], list[str]]:
    """Add the report glossaries of `docs` to glossary.yml, as text at its end so the
    editors' comments and order stay; reports already cited there are left alone.
    Returns (the terms added, the terms left out because their scope has them already)."""
    text = path.read_text(encoding="utf-8") if path.exists() else ""
    existing = yaml.safe_load(text) or []
    entries = [entry for entry in existing if isinstance(entry, dict)]
    cited = {e["source"].get("report") for e in entries if isinstance(e.get("source"), dict)}
    new_docs = [doc for doc in docs if doc.glossary and doc.slug not in cited]
    if not new_docs:
        return [], []
    scopes = Scopes.of(entries)
    addition, added, skipped = "", [], []
    for doc in new_docs:
        yaml_text, left_out = glossary_yaml_entries([doc], scopes)
        skipped += left_out
        if yaml_text:
            count = len(doc.glossary) - len(left_out)
            addition += f"\n# --- {doc.slug}: the report's own glossary ({count} items) ---\n"
            addition += yaml_text
            added += [item.term for item in doc.glossary if item.term not in left_out]
    if addition:
        separator = "" if not text or text.endswith("\n") else "\n"
        path.write_text(text + separator + addition, encoding="utf-8")
    return added, skipped
