"""Load a project: site.yml, content/*.md and glossary.yml, as one checked `Project`.

load_project() reads the inputs (a remembering Memo skips files that did not change);
load_project_importing_new_seeds() first imports any seed no content file comes from yet.
Problems that do not stop the build become the project's warnings.
"""

from __future__ import annotations

import dataclasses
import os
from collections.abc import Collection
from dataclasses import dataclass
from operator import attrgetter
from pathlib import Path

from jiedu import memo_keys
from jiedu.config import ProjectPaths, SiteConfig, load_config
from jiedu.content import Report, body_of, parse_report
from jiedu.errors import JieduError
from jiedu.glossary import Glossary, parse_glossary
from jiedu.importer.project import import_seeds, seeds_without_content
from jiedu.memo import Memo, fingerprint
from jiedu.theme import outdated_copies


@dataclass(frozen=True)
class Project:
    paths: ProjectPaths
    config: SiteConfig
    reports: tuple[Report, ...]
    report_digests: tuple[str, ...]  # fingerprint of each report's file text
    templates_digest: str
    glossary: Glossary
    glossary_digest: str
    matching_digest: str  # what term matching depends on (memo_keys.matching_fingerprint())
    # Problems that do not stop the build, "file:line: message" each; the command line
    # prints them and `check` fails on them.
    warnings: tuple[str, ...] = ()
    # The project's unchanged copies of earlier versions of Jiedu's templates and static
    # files ("static/terms.js"): Jiedu's current ones are used instead (jiedu.theme).
    outdated_copies: tuple[str, ...] = ()


def load_project(
    root: Path,
    base_url: str | None = None,
    memo: Memo | None = None,
    keep_bodies: bool = True,
    changed: Collection[str] | None = None,
) -> Project:
    """keep_bodies=False: the reports' bodies are not kept (Report.body is None): a one-off
    build reads each where it renders it (report_body), so that the build's main process
    never holds them all (about 190 MB at 10,000 reports).

    changed: the only paths that may have changed since the memo's last load (the preview's
    watcher knows them); then no other content file is looked at again."""
    memo = memo or Memo(remember=False)
    paths = ProjectPaths(root)
    config = load_config(paths.config, base_url)
    reports, digests = [], []
    # A file whose inode, size and times are unchanged is not read again; one whose text is
    # unchanged (touched, or edited and undone) is not parsed again.
    known = memo.recall("content files") or {}
    files = {}
    for name, signature in _content_files(paths.content, known, changed):
        kept = known.get(name)
        if kept is not None and kept[0] == signature:
            _, digest, report = files[name] = kept
        else:
            path = Path(name)
            data = path.read_bytes()
            digest = memo_keys.report_file(path, data)
            report = memo.get(digest, lambda p=path, d=data: _read_report(p, d))
            files[name] = (signature, digest, report)
        if not keep_bodies:
            report = dataclasses.replace(report, body=None)
        reports.append(report)
        digests.append(digest)
    memo.put("content files", files)  # {path: (stat signature, digest, report)}
    glossary_text = paths.glossary.read_text("utf-8") if paths.glossary.is_file() else ""
    glossary_digest = memo_keys.glossary_file(glossary_text)
    glossary = memo.get(glossary_digest, lambda: parse_glossary(glossary_text, str(paths.glossary)))
    project = Project(
        paths,
        config,
        tuple(reports),
        tuple(digests),
        fingerprint(*map(_folder_digest, paths.template_folders)),
        glossary,
        glossary_digest,
        memo.get(
            memo_keys.matching(glossary_digest), lambda: memo_keys.matching_fingerprint(glossary)
        ),
        orphaned_sources(paths.glossary, glossary, reports),
        outdated_copies(paths.root),
    )
    return project


def _content_files(
    folder: Path, known: dict, changed: Collection[str] | None
) -> list[tuple[str, os.stat_result | tuple]]:
    """content/*.md in name order: each one's path (as str(Path) writes it) and stat
    signature. One scandir, and no Path for a file the memo knows: at 10,000 reports,
    pathlib's glob and stat took a tenth of a second of every build of the preview. And
    when the only files that may have changed are known, only those: the rest are as
    `known` (the last load's) has them."""
    if known and changed is not None:
        updated = _known_content_files(folder, known, changed)
        if updated is not None:
            return updated
    if not folder.is_dir():
        return []
    with os.scandir(folder) as found:
        files = sorted((e for e in found if e.name.endswith(".md")), key=attrgetter("name"))
    return [(entry.path, _signature(entry.stat())) for entry in files]


def _known_content_files(folder: Path, known: dict, changed: Collection[str]):
    """The content files, from the last load's and the changed paths; None if a change is
    not simply to one content file (to the folder itself, or in a subfolder)."""
    signatures = {name: kept[0] for name, kept in known.items()}
    prefix = os.path.join(os.path.abspath(folder), "")
    for path in changed:
        if path == prefix[:-1]:
            return None  # the folder itself (made, removed, renamed)
        if not path.startswith(prefix):
            continue  # not in content/
        name = path[len(prefix) :]
        if os.sep in name:
            return None
        if not name.endswith(".md"):
            continue
        listed = str(folder / name)
        try:
            signatures[listed] = _signature(os.stat(listed))
        except FileNotFoundError:
            signatures.pop(listed, None)
    return sorted(signatures.items(), key=lambda item: os.path.basename(item[0]))


def _signature(stat: os.stat_result) -> tuple[int, int, int, int]:
    # ctime changes with every write and cannot be set back, unlike mtime.
    return (stat.st_ino, stat.st_size, stat.st_mtime_ns, stat.st_ctime_ns)


def load_project_importing_new_seeds(
    root: Path,
    base_url: str | None = None,
    memo: Memo | None = None,
    keep_bodies: bool = True,
    changed: Collection[str] | None = None,
) -> tuple[Project, list[str]]:
    """load_project, after importing any seed that no content file comes from yet.

    Returns the project and what the import did (lines to show); a seed that cannot be
    imported is reported there and does not stop the build."""
    memo = memo or Memo(remember=False)
    project = load_project(root, base_url, memo, keep_bodies, changed)
    new_seeds = seeds_without_content(project.paths, {r.seed for r in project.reports})
    if not new_seeds:
        return project, []
    imported = import_seeds(project.paths, new_seeds)
    if imported.written:
        project = load_project(root, base_url, memo, keep_bodies)  # it wrote content files
    return project, imported.lines


def report_body(project: Project, index: int) -> str:
    """Report number `index`'s Markdown body: kept, or read again from its file, which must
    still be the file that was loaded."""
    report = project.reports[index]
    if report.body is not None:
        return report.body
    try:
        data = report.path.read_bytes()
    except OSError as error:
        raise JieduError(report.path, f"cannot be read again: {error.strerror}") from None
    if memo_keys.report_file(report.path, data) != project.report_digests[index]:
        raise JieduError(report.path, "changed while the site was being built: build again")
    return body_of(_decode(data, report.path), report.body_line)


def orphaned_sources(path: Path, glossary: Glossary, reports: list[Report]) -> tuple[str, ...]:
    """A warning for each entry citing a report that is not in content/ (removed, as in a
    site of one's own started from the samples, or misspelt), in file order. The entry is
    still used: its term page names the source as text, without a link."""
    slugs = {report.slug for report in reports}
    orphans = [
        entry
        for term in glossary.terms
        for entry in term.entries
        if entry.source_report and entry.source_report not in slugs
    ]
    return tuple(
        f"{path}:{entry.line}: the entry for '{entry.term}' cites report "
        f"'{entry.source_report}', which is not in content/; the entry is still used and its "
        "term page names the source without a link (put the report back in content/, or "
        "correct the name: a report's file name without .md)"
        for entry in sorted(orphans, key=lambda entry: entry.line)
    )


def _read_report(path: Path, data: bytes) -> Report:
    return parse_report(_decode(data, path), path)


def _decode(data: bytes, path: Path) -> str:
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise JieduError(path, "not UTF-8 text: save the file as UTF-8", line=line) from None


def _folder_digest(folder: Path) -> str:
    if not folder.is_dir():
        return ""
    return fingerprint(
        *(
            (p.relative_to(folder).as_posix(), p.read_bytes())
            for p in sorted(folder.rglob("*"))
            if p.is_file()
        )
    )
