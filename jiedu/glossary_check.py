"""Checking glossary.yml's YAML, node by node: each entry's fields (with the file, line and
column of every problem), then what spans entries (one spelling per scope, see_also names a
term). jiedu.glossary builds the Glossary from the entries it gives.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from jiedu.errors import JieduError
from jiedu.folding import fold_spelling

if TYPE_CHECKING:
    from jiedu.glossary import Entry

_STR = "tag:yaml.org,2002:str"
_INT = "tag:yaml.org,2002:int"
_NULL = "tag:yaml.org,2002:null"
_KEYS = ("term", "aliases", "definition", "region", "source", "see_also", "category")
_REQUIRED = ("term", "definition", "source")


@dataclass
class _Scalar:
    """A checked scalar value with the node it came from (for error positions)."""

    value: str
    node: Node


@dataclass
class _Parsed:
    """An entry plus the nodes the cross-entry checks point at."""

    entry: Entry
    spellings: list[_Scalar]  # term, then aliases
    see_also: list[_Scalar]


class EntryChecker:
    """Walks the composed YAML nodes, building entries and collecting problems."""

    def __init__(self, path: str, make_entry: Callable[..., Entry]):
        self.path = path
        self.make_entry = make_entry  # jiedu.glossary.Entry, which imports this module
        self.problems: list[JieduError] = []
        self.declared_terms: set[str] = set()

    def problem(self, node: Node, message: str) -> None:
        mark = node.start_mark
        self.problems.append(
            JieduError(self.path, message, line=mark.line + 1, column=mark.column + 1)
        )

    # entries

    def entries(self, root: Node) -> list[_Parsed]:
        if not isinstance(root, SequenceNode):
            self.problem(
                root,
                "the glossary must be a YAML list of entries (each starting with '- term: ...')",
            )
            return []
        out = []
        for item in root.value:
            entry = self.entry(item)
            if entry is not None:
                out.append(entry)
        return out

    def entry(self, node: Node) -> _Parsed | None:
        if not isinstance(node, MappingNode):
            self.problem(
                node, "each glossary entry must be a mapping with 'term', 'definition' and 'source'"
            )
            return None
        problems_before = len(self.problems)
        fields: dict[str, Node] = {}
        for key_node, value_node in node.value:
            key = key_node.value if isinstance(key_node, ScalarNode) else None
            if key not in _KEYS:
                self.problem(key_node, f"unknown key {key!r}; allowed keys: {', '.join(_KEYS)}")
            elif key in fields:
                self.problem(key_node, f"key {key!r} appears twice in this entry")
            else:
                fields[key] = value_node
        for key in _REQUIRED:
            if key not in fields:
                self.problem(node, f"entry is missing {key!r}")

        def checked(key, check, *args, default=None):
            return check(fields[key], *args) if key in fields else default

        term = checked("term", self.text, "term")
        aliases = checked("aliases", self.text_list, "aliases", default=[])
        definition = checked("definition", self.text, "definition")
        regions = checked("region", self.regions, default=[])
        source = checked("source", self.source)
        see_also = checked("see_also", self.text_list, "see_also", default=[])
        category = checked("category", self.text, "category")
        if term is not None:
            self.declared_terms.add(term.value)
        if len(self.problems) > problems_before:
            return None
        # No new problem, so every required field was present and valid.
        assert term is not None and definition is not None and source is not None
        report, item, note = source
        entry = self.make_entry(
            term=term.value,
            aliases=tuple(a.value for a in aliases),
            definition=definition.value,
            regions=tuple(sorted(r.value for r in regions)),
            source_report=report,
            source_item=item,
            source_note=note,
            see_also=tuple(s.value for s in see_also),
            category=category.value if category else None,
            line=node.start_mark.line + 1,
        )
        return _Parsed(entry, spellings=[term, *aliases], see_also=see_also)

    # typed values

    def text(self, node: Node, what: str) -> _Scalar | None:
        """A non-empty string scalar (surrounding whitespace removed)."""
        if isinstance(node, ScalarNode) and node.tag == _NULL:
            self.problem(node, f"{what} is empty")
            return None
        if not isinstance(node, ScalarNode) or node.tag != _STR:
            self.problem(
                node,
                f"{what} must be text, not {_kind(node)}"
                + (" (put it in quotes)" if isinstance(node, ScalarNode) else ""),
            )
            return None
        value = node.value.strip()
        if not value:
            self.problem(node, f"{what} is empty")
            return None
        return _Scalar(value, node)

    def text_list(self, node: Node, what: str) -> list[_Scalar] | None:
        if not isinstance(node, SequenceNode):
            self.problem(node, f"{what} must be a list, like [a, b], not {_kind(node)}")
            return None
        items = [self.text(item, f"each item of {what}") for item in node.value]
        if any(item is None for item in items):
            return None
        return items  # type: ignore[return-value]

    def regions(self, node: Node) -> list[_Scalar] | None:
        if isinstance(node, ScalarNode):
            region = self.text(node, "region")
            return None if region is None else [region]
        regions = self.text_list(node, "region")
        if regions is None:
            return None
        if not regions:
            self.problem(node, "region is an empty list; leave region out for a general entry")
            return None
        seen: set[object] = set()
        for region in regions:
            if region.value in seen:
                self.problem(region.node, f"region {region.value!r} is listed twice")
                return None
            seen.add(region.value)
        return regions

    def source(self, node: Node) -> tuple[str | None, int | None, str | None] | None:
        """(report slug, item number, editorial note): either the first two or the last."""
        usage = (
            "source must be either {report: <report slug>, item: <number>} "
            "or {editorial: <where the definition comes from>}"
        )
        if not isinstance(node, MappingNode):
            self.problem(node, f"{usage}, not {_kind(node)}")
            return None
        fields: dict[str, Node] = {}
        for key_node, value_node in node.value:
            key = key_node.value if isinstance(key_node, ScalarNode) else None
            if key not in ("report", "item", "editorial") or key in fields:
                self.problem(key_node, f"unexpected key {key!r} in source; {usage}")
                return None
            if fields and (key == "editorial") != ("editorial" in fields):
                self.problem(
                    key_node, "source has both an editorial note and a report item; keep one"
                )
                return None
            fields[key] = value_node
        if set(fields) == {"editorial"}:
            note = self.text(fields["editorial"], "source editorial note")
            return None if note is None else (None, None, note.value)
        if set(fields) == {"report", "item"}:
            report = self.text(fields["report"], "source report")
            item_node = fields["item"]
            if not (isinstance(item_node, ScalarNode) and item_node.tag == _INT):
                self.problem(item_node, f"source item must be a number, not {_kind(item_node)}")
                return None
            item = yaml.constructor.SafeConstructor().construct_object(item_node)
            if item < 1:
                self.problem(item_node, "source item must be 1 or more")
                return None
            return None if report is None else (report.value, item, None)
        self.problem(node, usage)
        return None

    # checks across entries

    def check_scopes(self, parsed: list[_Parsed]) -> None:
        """No spelling (term or alias, compared after folding) twice in one scope: the
        general scope, or any one region."""
        owner: dict[tuple[str, str | None], tuple[Entry, _Scalar]] = {}
        for entry, spellings, _ in ((p.entry, p.spellings, p.see_also) for p in parsed):
            for spelling in spellings:
                key = fold_spelling(spelling.value)
                for scope in entry.regions or (None,):
                    previous = owner.get((key, scope))
                    if previous is None:
                        owner[(key, scope)] = (entry, spelling)
                        continue
                    where = "the general scope" if scope is None else f"region {scope!r}"
                    first_entry, first_spelling = previous
                    same = (
                        ""
                        if first_spelling.value == spelling.value
                        else f" (as {first_spelling.value!r})"
                    )
                    self.problem(
                        spelling.node,
                        f"{spelling.value!r} is already defined in "
                        f"{where} by the entry for {first_entry.term!r} at line "
                        f"{first_entry.line}{same}",
                    )
                    break

    def check_see_also(self, parsed: list[_Parsed]) -> None:
        aliases_of = {alias: p.entry.term for p in parsed for alias in p.entry.aliases}
        for entry, refs in ((p.entry, p.see_also) for p in parsed):
            for ref in refs:
                if ref.value == entry.term:
                    self.problem(ref.node, f"see_also of {entry.term!r} refers to itself")
                elif ref.value not in self.declared_terms:
                    hint = (
                        f"; did you mean {aliases_of[ref.value]!r}?"
                        if ref.value in aliases_of
                        else ""
                    )
                    self.problem(
                        ref.node, f"see_also {ref.value!r} is not a term in the glossary{hint}"
                    )


def _kind(node: Node) -> str:
    if isinstance(node, MappingNode):
        return "a mapping"
    if isinstance(node, SequenceNode):
        return "a list"
    return {
        _STR: "text",
        _INT: "a number",
        "tag:yaml.org,2002:float": "a number",
        "tag:yaml.org,2002:bool": "true/false",
        _NULL: "empty",
        "tag:yaml.org,2002:timestamp": "a date",
    }.get(node.tag, "a non-text value")
