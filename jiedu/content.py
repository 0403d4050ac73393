"""content/*.md -> Report: front matter is validated field by field, errors say file and line."""

from __future__ import annotations

import contextlib
import datetime as dt
import re
import reprlib
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

import yaml

from jiedu.errors import JieduError
from jiedu.targets.corrections import parse_corrections
from jiedu.yaml_depth import check_depth

KINDS = ("report", "summary", "news")
KIND_LABELS = {"report": "政府工作报告", "summary": "报告摘要", "news": "新闻"}

# field -> (type, required); text fields may not be empty.
FIELDS: dict[str, tuple[type, bool]] = {
    "title": (str, True),
    "subtitle": (str, False),
    "date": (dt.date, False),
    "region": (str, False),
    "speaker": (str, False),
    "speaker_title": (str, False),
    "meeting": (str, False),
    "source": (str, False),
    "byline": (str, False),
    "kind": (str, False),
    "seed": (str, False),
    "summary": (str, False),
    "dropped": (list, False),  # blocks the importer left out, kept for the record
    "import_hash": (str, False),  # lets the importer tell hand edits from its own output
    "targets": (list, False),  # corrections to the extracted 主要预期目标 (jiedu.targets)
}
SLUG = re.compile(r"^[a-z0-9][a-z0-9-]*$")


class _FrontMatterLoader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):
    """libyaml when available (front matter of 1,000 reports parses 10x faster); leaves dates
    as text, so a bad one ("2021-13-45") gets our error with its line."""


_FrontMatterLoader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


@dataclass(frozen=True)
class Report:
    slug: str
    path: Path
    title: str
    # The Markdown body; None when the project was loaded without bodies
    # (jiedu.project.report_body reads it again).
    body: str | None
    body_line: int  # line of the file where the Markdown body starts
    subtitle: str | None = None
    date: dt.date | None = None
    region: str | None = None
    speaker: str | None = None
    speaker_title: str | None = None
    meeting: str | None = None
    source: str | None = None
    byline: str | None = None
    kind: str = "report"
    seed: str | None = None
    summary: str | None = None
    targets: tuple = ()  # jiedu.targets.Correction: an editor's corrections

    @property
    def kind_label(self) -> str:
        return KIND_LABELS[self.kind]

    @cached_property
    def newest_first_key(self) -> tuple:
        """Reports sort newest first by this, reversed: undated ones last, the slug as
        tie-break. Kept, since the preview sorts its 10,000 unchanged reports at every build."""
        return (self.date is not None, self.date or dt.date.min, self.slug)


def parse_report(text: str, path: Path) -> Report:
    """Split front matter from body and check every field."""
    slug = path.stem
    if not SLUG.match(slug):
        raise JieduError(
            path, "file name must be lowercase ASCII letters, digits and hyphens (it is the URL)"
        )
    lines = _lines(text)
    if not lines or lines[0].strip() != "---":
        raise JieduError(path, "must start with '---' and a YAML front matter block", line=1)
    end = next((i for i in range(1, len(lines)) if lines[i].strip() in ("---", "...")), None)
    if end is None:
        raise JieduError(path, "front matter is not closed: add a line '---' after it", line=1)
    front_text = "".join(lines[1:end])
    data, key_lines = _load_front_matter(front_text, path)
    fields = _check_fields(data, key_lines, path)
    return Report(
        slug=slug,
        path=path,
        body="".join(lines[end + 1 :]),
        body_line=end + 2,
        **fields,
    )


def body_of(text: str, body_line: int) -> str:
    """The body of a report file's text, which parse_report() found on body_line."""
    return "".join(_lines(text)[body_line - 1 :])


def _lines(text: str) -> list[str]:
    return text.removeprefix("\ufeff").splitlines(keepends=True)


def _load_front_matter(front_text: str, path: Path) -> tuple[dict, dict[str, int]]:
    check_depth(front_text, path, first_line=2)
    loader = _FrontMatterLoader(front_text)
    try:
        node = loader.get_single_node()
        data = loader.construct_document(node) if node is not None else None
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        context, context_mark = (
            getattr(error, "context", None),
            getattr(error, "context_mark", None),
        )
        where = f" ({context} that starts on line {context_mark.line + 2})" if context else ""
        raise JieduError(
            path,
            f"front matter is not valid YAML: {getattr(error, 'problem', error)}{where}",
            line=mark.line + 2 if mark else 1,
            column=mark.column + 1 if mark else None,
        ) from None
    finally:
        loader.dispose()
    if data is None:
        data, node = {}, None
    if not isinstance(data, dict):
        raise JieduError(path, "front matter must be a mapping of 'field: value' lines", line=2)
    key_lines = {k.value: k.start_mark.line + 2 for k, _ in node.value} if node else {}
    return data, key_lines


def _check_fields(data: dict, key_lines: dict[str, int], path: Path) -> dict:
    checked = {}
    for key, value in data.items():
        line = key_lines.get(key)
        if key not in FIELDS:
            raise JieduError(
                path,
                f"unknown field '{key}'; known fields: {', '.join(FIELDS)}",
                line=line,
            )
        expected, _ = FIELDS[key]
        if value is None:
            continue
        if expected is dt.date and isinstance(value, str):
            with contextlib.suppress(ValueError):  # a bad date is reported just below
                value = dt.date.fromisoformat(value)
        if not isinstance(value, expected):
            want = {str: "text", dt.date: "a date written YYYY-MM-DD", list: "a list"}[expected]
            shown = reprlib.repr(value)
            raise JieduError(path, f"field '{key}' must be {want}, not {shown}", line=line)
        if expected is str and not value.strip():
            raise JieduError(path, f"field '{key}' is empty: remove it or fill it in", line=line)
        checked[key] = value
    for key, (_, required) in FIELDS.items():
        if required and key not in checked:
            raise JieduError(path, f"missing required field '{key}'", line=1)
    kind = checked.get("kind", "report")
    if kind not in KINDS:
        raise JieduError(
            path,
            f"field 'kind' must be one of {', '.join(KINDS)}, not {kind!r}",
            line=key_lines.get("kind"),
        )
    checked.pop("dropped", None)
    checked.pop("import_hash", None)
    if "targets" in checked:
        checked["targets"] = parse_corrections(checked["targets"], path, key_lines.get("targets"))
    return checked
