"""Import seeds into a project: content/<slug>.md files plus their glossaries in glossary.yml.

This is the importer's edge: it reads seeds/, writes content/ and glossary.yml, and returns
what it did as lines for the command line to print.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from jiedu.config import ProjectPaths
from jiedu.errors import JieduError
from jiedu.importer import import_seed, write_content_file
from jiedu.importer.glossary_yaml import append_to_glossary


@dataclass
class ImportReport:
    lines: list[str] = field(default_factory=list)
    failures: list[JieduError] = field(default_factory=list)
    written: int = 0


def import_seeds(paths: ProjectPaths, seeds: list[Path], force: bool = False) -> ImportReport:
    """Import each seed; one bad seed is reported and the others still import."""
    report = ImportReport()
    paths.content.mkdir(exist_ok=True)
    for seed in seeds:
        try:
            result = import_seed(seed)
            report.lines.append(
                f"{seed.name}: read as {result.encoding}, {len(result.documents)} document(s)"
            )
            for doc in result.documents:
                status = write_content_file(doc, paths.content, force=force)
                report.written += status != "unchanged"
                report.lines.append(f"  content/{doc.slug}.md: {status}")
                for block in doc.front_matter.get("dropped", []):
                    report.lines.append(f"    dropped: {block}")
            added = append_to_glossary(paths.glossary, result.documents)
            if added:
                report.lines.append(f"  glossary.yml: added {len(added)} entries")
        except JieduError as error:
            report.failures.append(error)
            report.lines.append(f"error: {error}")
    return report


def seeds_without_content(paths: ProjectPaths, imported: set[str]) -> list[Path]:
    """Seed files that no content file names in its `seed:` field yet."""
    if not paths.seeds.is_dir():
        return []
    return [
        seed
        for seed in sorted(paths.seeds.iterdir())
        if seed.is_file() and not seed.name.startswith(".") and seed.name not in imported
    ]
