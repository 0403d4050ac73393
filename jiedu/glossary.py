"""glossary.yml: load, validate and index the definitions of report jargon.

The file is a YAML list of entries (see tests/fixtures/glossary/ for examples). All entries
sharing one `term` form a Term, which gets one page; an entry with `region` applies only to
reports of those regions, the entry without one applies everywhere else.

Validation (jiedu.glossary_check) collects every problem it can find (not just the first)
and raises one GlossaryError listing them all, each with file, line and column (1-based).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

import yaml

from jiedu.errors import JieduError
from jiedu.glossary_check import EntryChecker
from jiedu.pinyin import assign_slugs, pinyin_key
from jiedu.yaml_depth import check_depth

# --- the data -------------------------------------------------------------------------


@dataclass(frozen=True)
class Entry:
    """One definition of a term, as written in glossary.yml."""

    term: str
    aliases: tuple[str, ...]
    definition: str
    regions: tuple[str, ...]  # empty: the general definition
    source_report: str | None  # slug of the report whose glossary appendix defines it…
    source_item: int | None  # …and the item number there
    source_note: str | None  # or an editorial note saying where the definition comes from
    see_also: tuple[str, ...]
    category: str | None
    line: int


@dataclass(frozen=True)
class Term:
    """All entries sharing one `term` string: one term page."""

    term: str
    slug: str
    entries: tuple[Entry, ...]  # general first, then regional ones sorted by region
    # The id of its entry in a report's 本文术语 list, which every link to the term points
    # at: short (about 80 links a page), and with a "_", which body ids never
    # hold (jiedu.markdown.slugify): t_<its place in the glossary, in hex>.
    anchor: str

    def definition_for(self, region: str | None) -> Entry | None:
        """The entry for `region` if there is one, else the general entry, else None."""
        if region is not None:
            for entry in self.entries:
                if region in entry.regions:
                    return entry
        for entry in self.entries:
            if not entry.regions:
                return entry
        return None

    @property
    def spellings(self) -> tuple[str, ...]:
        """The term and every alias of every entry, without repeats."""
        seen = dict.fromkeys([self.term])
        for entry in self.entries:
            seen.update(dict.fromkeys(entry.aliases))
        return tuple(seen)


@dataclass(frozen=True)
class Glossary:
    """Every term, in glossary-index order (pinyin_key of the term)."""

    terms: tuple[Term, ...]

    @cached_property
    def _by_term(self) -> dict[str, Term]:
        return {t.term: t for t in self.terms}

    @cached_property
    def _by_slug(self) -> dict[str, Term]:
        return {t.slug: t for t in self.terms}

    def get(self, term: str) -> Term | None:
        return self._by_term.get(term)

    def by_slug(self, slug: str) -> Term | None:
        return self._by_slug.get(slug)


class GlossaryError(JieduError):
    """Every problem found in a glossary file; path/line/column are those of the first."""

    def __init__(self, problems: list[JieduError]):
        self.problems = tuple(problems)
        first = self.problems[0]
        super().__init__(first.path, first.message, line=first.line, column=first.column)

    def __reduce__(self):
        return type(self), (list(self.problems),)

    def __str__(self) -> str:
        return "\n".join(str(p) for p in self.problems)


# --- loading and validation -----------------------------------------------------------


def load_glossary(path: Path) -> Glossary:
    """Read and validate a glossary file; raises JieduError (GlossaryError) on any problem."""
    try:
        text = Path(path).read_text(encoding="utf-8")
    except OSError as error:
        raise JieduError(path, f"cannot read the glossary: {error.strerror}") from error
    except UnicodeDecodeError as error:
        raise JieduError(path, "the glossary is not UTF-8 text") from error
    return parse_glossary(text, str(path))


# libyaml when available: it parses a glossary about ten times faster, marks included.
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def parse_glossary(text: str, path: str = "glossary.yml") -> Glossary:
    """Validate glossary YAML text and build the sorted, slugged Glossary."""
    check_depth(text, Path(path))
    try:
        root = yaml.compose(text, Loader=_LOADER)
    except yaml.MarkedYAMLError as error:
        raise _yaml_syntax_error(path, error) from error
    except yaml.YAMLError as error:
        raise JieduError(path, f"invalid YAML: {error}") from error
    if root is None:
        return Glossary(terms=())

    checker = EntryChecker(path, Entry)
    parsed = checker.entries(root)
    checker.check_scopes(parsed)
    checker.check_see_also(parsed)
    if checker.problems:
        raise GlossaryError(sorted(checker.problems, key=lambda p: (p.line or 0, p.column or 0)))
    return _build([p.entry for p in parsed])


def _yaml_syntax_error(path: str, error: yaml.MarkedYAMLError) -> JieduError:
    message = f"invalid YAML: {error.problem or error.context}"
    context = error.context_mark
    if error.problem and error.context and context is not None:
        # e.g. "(while parsing a flow sequence started at line 2, column 15)": often the
        # real mistake, such as an unclosed bracket, is where that construct started.
        message += (
            f" ({error.context} started at line {context.line + 1}, column {context.column + 1})"
        )
    mark = error.problem_mark or context
    if mark is None:
        return JieduError(path, message)
    return JieduError(path, message, line=mark.line + 1, column=mark.column + 1)


def _build(entries: list[Entry]) -> Glossary:
    by_term: dict[str, list[Entry]] = {}
    for entry in entries:
        by_term.setdefault(entry.term, []).append(entry)
    slugs = assign_slugs(list(by_term))
    in_order = sorted(by_term.items(), key=lambda item: pinyin_key(item[0]))
    terms = tuple(
        Term(
            term=term,
            slug=slugs[term],
            entries=tuple(sorted(group, key=lambda e: (bool(e.regions), e.regions))),
            anchor=f"t_{number:x}",
        )
        for number, (term, group) in enumerate(in_order)
    )
    return Glossary(terms=terms)
