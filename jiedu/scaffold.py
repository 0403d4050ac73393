"""`build.py new DIR`: a project of one's own, started from this repository's project.

The new project gets a site.yml to edit, empty content/ and seeds/, and a starter
glossary.yml: the repository's glossary without the entries that cite the sample reports (a
new site does not have them), comments and order kept. It gets no templates or static files:
it uses Jiedu's own, and one it puts in templates/ or static/ replaces Jiedu's of that name
(jiedu.theme), so a new Jiedu never meets an old copy the project did not change.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from jiedu.config import ProjectPaths
from jiedu.errors import JieduError
from jiedu.glossary import parse_glossary
from jiedu.theme import THEME

SITE_YML = """\
# Site settings. Edit the title (and the description): they are shown on every page.
# For GitHub Pages set base_url to https://USER.github.io/REPO/
title: 我的政府工作报告解读
description: 政府工作报告全文，术语随文注释。
base_url: /
language: zh-CN
"""

GITIGNORE = """\
# What the build makes: rebuilt from the project at any time.
/site/
/.jiedu-cache/
"""


@dataclass(frozen=True)
class StarterGlossary:
    text: str
    kept: int  # entries kept
    left_out: int  # entries citing a sample report


@dataclass(frozen=True)
class NewProject:
    root: Path
    made: tuple[str, ...]  # what was made, one line each, for the command line to print


def new_project(target: Path, source: Path) -> NewProject:
    """Make a project in `target` (absent or empty) from the project in `source`."""
    if target.exists() and (not target.is_dir() or any(target.iterdir())):
        what = "is a folder that is not empty" if target.is_dir() else "is a file"
        raise JieduError(target, f"{what}; a new project goes into a new or empty folder")
    paths = ProjectPaths(source)
    samples = {path.stem for path in paths.content.glob("*.md")}
    glossary = starter_glossary(paths.glossary.read_text(encoding="utf-8"), samples)
    new = ProjectPaths(target)
    target.mkdir(parents=True, exist_ok=True)
    new.content.mkdir()
    new.seeds.mkdir()
    new.config.write_text(SITE_YML, encoding="utf-8")
    new.glossary.write_text(glossary.text, encoding="utf-8")
    (target / ".gitignore").write_text(GITIGNORE, encoding="utf-8")
    made = (
        f"templates and static files: Jiedu's own, from {THEME}; to change one, copy it "
        "into templates/ or static/ (yours replaces Jiedu's of the same name)",
        "site.yml: edit the title and description",
        f"glossary.yml: {glossary.kept} general entries "
        f"({glossary.left_out} that cite the sample reports left out)",
        "content/ and seeds/: empty",
        ".gitignore: site/ and .jiedu-cache/",
    )
    return NewProject(target, made)


# --- the starter glossary -------------------------------------------------------------


def starter_glossary(text: str, sample_reports: set[str]) -> StarterGlossary:
    """`text` without the entries whose source is one of `sample_reports`.

    Kept: the head comment (the comment lines the file starts with), every other entry as
    written, and each section comment (a comment between entries) whose section still has
    an entry. A kept entry's see_also loses the names of terms that were left out."""
    root = yaml.compose(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    if root is not None and not isinstance(root, SequenceNode):
        raise JieduError("glossary.yml", "the glossary must be a YAML list of entries")
    items = root.value if root is not None else []
    # Lines as YAML's marks count them (str.splitlines would also split at \f, \x1c…).
    lines = [line + "\n" for line in text.split("\n")]
    lines[-1] = lines[-1][:-1]
    kept = [_source_report(item) not in sample_reports for item in items]
    kept_terms = {_text(item, "term") for item, keep in zip(items, kept, strict=True) if keep}
    head_end = _head_comment_end(lines)
    spans = _entry_spans(lines, items, head_end)
    sections = _section_starts(lines, spans)
    out = lines[:head_end]
    emitted: set[int] = set()
    for index, item in enumerate(items):
        if not kept[index]:
            continue
        section = sections[index]
        gap = spans[section if section not in emitted else index][0]
        emitted.add(section)
        out += lines[gap.start : gap.stop]
        out.append(_without_left_out_see_also(lines, spans[index][1], item, kept_terms))
    if spans and sections[-1] in emitted:
        out += lines[spans[-1][1].stop :]  # what follows the last entry
    result = "".join(out)
    if result and not result.endswith("\n"):
        result += "\n"
    parse_glossary(result)  # a starter glossary that does not load would be a bug here
    return StarterGlossary(result, sum(kept), len(kept) - sum(kept))


def _is_comment(line: str) -> bool:
    return line.startswith("#")


def _is_gap(line: str) -> bool:
    """A line between entries: blank, or a comment at the left margin."""
    return not line.strip() or _is_comment(line)


def _head_comment_end(lines: list[str]) -> int:
    end = 0
    while end < len(lines) and _is_comment(lines[end]):
        end += 1
    return end


def _entry_spans(lines: list[str], items: list[Node], head_end: int) -> list[tuple[range, range]]:
    """(the gap before it, the entry itself) for each entry, as ranges of line indexes."""
    starts = [item.start_mark.line for item in items]
    spans = []
    gap_start = head_end
    for index, start in enumerate(starts):
        limit = starts[index + 1] if index + 1 < len(starts) else len(lines)
        stop = start + 1
        for line in range(start + 1, limit):
            if not _is_gap(lines[line]):
                stop = line + 1
        spans.append((range(gap_start, start), range(start, stop)))
        gap_start = stop
    return spans


def _section_starts(lines: list[str], spans: list[tuple[range, range]]) -> list[int]:
    """For each entry, the entry that begins its section: the nearest one (itself
    included) with a comment before it, or the first entry."""
    sections, current = [], 0
    for index, (gap, _) in enumerate(spans):
        if any(_is_comment(lines[line]) for line in gap):
            current = index
        sections.append(current)
    return sections


def _pairs(node: Node) -> dict[str, tuple[Node, Node]]:
    if not isinstance(node, MappingNode):
        return {}
    return {k.value: (k, v) for k, v in node.value if isinstance(k, ScalarNode)}


def _text(node: Node, key: str) -> str | None:
    pair = _pairs(node).get(key)
    return pair[1].value.strip() if pair and isinstance(pair[1], ScalarNode) else None


def _source_report(item: Node) -> str | None:
    pair = _pairs(item).get("source")
    return _text(pair[1], "report") if pair else None


def _without_left_out_see_also(
    lines: list[str], body: range, item: Node, kept_terms: set[str | None]
) -> str:
    """The entry's lines, its see_also rewritten if it names a term that was left out."""
    written = "".join(lines[body.start : body.stop])
    pair = _pairs(item).get("see_also")
    if pair is None or not isinstance(pair[1], SequenceNode) or not pair[1].value:
        return written
    key, value = pair
    names = [n.value for n in value.value if isinstance(n, ScalarNode)]
    remaining = [name for name in names if name in kept_terms]
    if remaining == names:
        return written

    def at(mark) -> int:  # a mark's place in `written` (line and column count characters)
        return sum(len(line) for line in lines[body.start : mark.line]) + mark.column

    start = at(key.start_mark)
    stop = at(value.end_mark if value.flow_style else value.value[-1].end_mark)
    if remaining:
        flow = yaml.safe_dump(remaining, default_flow_style=True, allow_unicode=True, width=1 << 20)
        return written[:start] + "see_also: " + flow.strip() + written[stop:]
    # Nothing left: drop the key, and its line if nothing else is on it.
    line_start = written.rfind("\n", 0, start) + 1
    line_stop = written.find("\n", stop)
    line_stop = len(written) if line_stop < 0 else line_stop + 1
    before, after = written[line_start:start], written[stop:line_stop]
    if not before.strip() and not after.strip():
        return written[:line_start] + written[line_stop:]
    return written[:start] + written[stop:]
