"""The glossary as the gap finder needs it: only its spellings (terms and aliases).

A jiedu.glossary.Glossary has this shape too; `build.py gaps` reads glossary.yml with
read_spellings() instead, which skips validation and pinyin sorting (pypinyin alone takes
a third of a second to import), and so also works on a glossary the build would reject.
TermMatcher reads either one (glossary.terms -> term.entries -> entry.term, aliases,
regions).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import yaml

from jiedu.errors import JieduError

_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


@dataclass(frozen=True)
class SpellingEntry:
    term: str
    aliases: tuple[str, ...]
    regions: tuple[str, ...] = ()


@dataclass(frozen=True)
class SpellingTerm:
    term: str
    entries: tuple[SpellingEntry, ...]


@dataclass(frozen=True)
class Spellings:
    terms: tuple[SpellingTerm, ...]


def spellings_of(glossary) -> Spellings:
    """Every spelling of a glossary (or Spellings), each entry made general: any scope."""
    return Spellings(
        tuple(
            SpellingTerm(t.term, tuple(SpellingEntry(e.term, tuple(e.aliases)) for e in t.entries))
            for t in glossary.terms
        )
    )


def phrase_list(phrases: Iterable[str]) -> Spellings:
    """A glossary-shaped list of phrases, one term each, for TermMatcher."""
    return Spellings(tuple(SpellingTerm(p, (SpellingEntry(p, ()),)) for p in phrases))


def read_spellings(path: Path) -> Spellings:
    """The term and aliases of every entry of a glossary file (an absent file: none)."""
    path = Path(path)
    if not path.is_file():
        return Spellings(())
    try:
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=_LOADER)
    except (OSError, UnicodeDecodeError) as error:
        raise JieduError(path, f"cannot read the glossary: {error}") from error
    except yaml.YAMLError as error:
        raise JieduError(path, f"invalid YAML: {error}") from error
    terms = []
    for item in data if isinstance(data, list) else []:
        if not isinstance(item, dict) or not isinstance(item.get("term"), str):
            continue
        aliases = item.get("aliases")
        aliases = (
            [a.strip() for a in aliases if isinstance(a, str)] if isinstance(aliases, list) else []
        )
        term = item["term"].strip()
        terms.append(SpellingTerm(term, (SpellingEntry(term, tuple(aliases)),)))
    return Spellings(tuple(terms))
