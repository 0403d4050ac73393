"""Import seeds into a project: content/<slug>.md files plus their glossaries in glossary.yml.

This is the importer's edge: it reads seeds/, writes content/ and glossary.yml, and returns
what it did as lines for the command line to print.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from jiedu.config import ProjectPaths
from jiedu.errors import JieduError
from jiedu.importer import import_seed, write_content_file
from jiedu.importer.glossary_yaml import append_to_glossary
from jiedu.importer.summary import found_line, missing_fields

DROPPED_SHOWN = 8
DROPPED_WIDTH = 100


@dataclass
class ImportReport:
    lines: list[str] = field(default_factory=list)
    failures: list[JieduError] = field(default_factory=list)
    written: int = 0
    echo: Callable[[str], None] | None = None  # shows each line as it comes (the command line)

    def say(self, line: str) -> None:
        self.lines.append(line)
        if self.echo is not None:
            self.echo(line)


def import_seeds(
    paths: ProjectPaths,
    seeds: list[Path],
    force: bool = False,
    echo: Callable[[str], None] | None = None,
) -> ImportReport:
    """Import each seed; one bad seed is reported and the others still import. Each seed's
    first line counts them ("[3/30] …") when there are several."""
    report = ImportReport(echo=echo)
    paths.content.mkdir(exist_ok=True)
    for number, seed in enumerate(seeds, start=1):
        count = f"[{number}/{len(seeds)}] " if len(seeds) > 1 else ""
        try:
            result = _import_seed(seed)
            report.say(
                f"{count}{seed.name}: read as {result.encoding}, "
                f"{len(result.documents)} document(s)"
            )
            for doc in result.documents:
                status = write_content_file(doc, paths.content, force=force)
                report.written += status != "unchanged"
                report.say(f"  content/{doc.slug}.md: {status}")
                report.say(f"    found: {found_line(doc)}")
                missing = missing_fields(doc)
                if missing:
                    report.say(
                        f"    not found: {', '.join(missing)} (fill in by hand if the text says)"
                    )
                for line in _dropped_lines(doc.front_matter.get("dropped", [])):
                    report.say(line)
            added, skipped = append_to_glossary(paths.glossary, result.documents)
            if added:
                report.say(f"  glossary.yml: added {len(added)} entries")
            if skipped:
                report.say(
                    f"  glossary.yml: left out {len(skipped)} item(s) the glossary defines "
                    f"already for this region: {'、'.join(skipped)}"
                )
        except JieduError as error:
            report.failures.append(error)
            report.say(f"error: {error}")
    return report


def _dropped_lines(dropped: list[str]) -> list[str]:
    """The first dropped blocks as they read, shortened; all are in the file's `dropped:`."""
    lines = [
        f"    dropped: {block if len(block) <= DROPPED_WIDTH else block[:DROPPED_WIDTH] + '…'}"
        for block in dropped[:DROPPED_SHOWN]
    ]
    if len(dropped) > DROPPED_SHOWN:
        lines.append(f"    dropped: … {len(dropped) - DROPPED_SHOWN} more, listed under dropped:")
    return lines


def _import_seed(seed: Path):
    """import_seed, with any failure of the importer itself turned into an error that names
    the file: one file the importer cannot read must not stop the others."""
    try:
        return import_seed(seed)
    except JieduError:
        raise
    except Exception as error:  # a defect of the importer, never the editor's fault
        raise JieduError(
            seed,
            f"could not be imported ({type(error).__name__}: {error}); the other files "
            "were imported; please report this file to the Jiedu developers",
        ) from error


def seeds_without_content(paths: ProjectPaths, imported: set[str]) -> list[Path]:
    """Seed files that no content file names in its `seed:` field yet."""
    if not paths.seeds.is_dir():
        return []
    return [
        seed
        for seed in sorted(paths.seeds.iterdir())
        if seed.is_file() and not seed.name.startswith(".") and seed.name not in imported
    ]
