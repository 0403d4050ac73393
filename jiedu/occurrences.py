"""The glossary terms found in one report, kept compact.

    found = Occurrences([Occurrence(term, slug, block_id, start, end), …])
    found.slugs              # the terms, in the order a reader first meets them
    found.counts()           # (slug, how often it occurs) for each term
    found.of_term(slug)      # its occurrences, in reading order, as Occurrence tuples

A site of 10,000 reports keeps some 800,000 occurrences in memory until its term pages are
written: as tuples they took 150 MB, here a few integers each. jiedu.annotate finds them.
"""

from __future__ import annotations

import sys
from array import array
from collections.abc import Iterable, Iterator
from itertools import islice
from typing import NamedTuple


class Occurrence(NamedTuple):
    """One annotated occurrence, for the "where it is used" list on a term page."""

    term: str
    slug: str
    block_id: str | None  # id of the innermost enclosing block that has one (a paragraph anchor)
    start: int  # offsets into the body's plain text (Rendered.text)
    end: int


class Occurrences:
    """Grouped by term: each term's occurrences in reading order, the terms in the order of
    their first occurrence. Iterating gives every Occurrence in that grouped order."""

    __slots__ = ("slugs", "terms", "_block_ids", "_ends", "_spans")

    def __init__(self, found: Iterable[Occurrence] = ()) -> None:
        groups: dict[str, list[Occurrence]] = {}
        for occurrence in found:
            groups.setdefault(occurrence.slug, []).append(occurrence)
        block_index: dict[str | None, int] = {}
        spans = array("I")  # (block, start, end) per occurrence
        ends = array("I")  # where each term's occurrences end in spans, in occurrences
        for group in groups.values():
            for occurrence in group:
                block = block_index.setdefault(occurrence.block_id, len(block_index))
                spans.extend((block, occurrence.start, occurrence.end))
            ends.append(len(spans) // 3)
        self.slugs: tuple[str, ...] = tuple(groups)
        self.terms: tuple[str, ...] = tuple(group[0].term for group in groups.values())
        self._block_ids = tuple(block_index)
        self._ends = ends
        self._spans = spans

    def __len__(self) -> int:
        return len(self._spans) // 3

    def __iter__(self) -> Iterator[Occurrence]:
        for index in range(len(self.slugs)):
            yield from self._group(index)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Occurrences) and self._state() == other._state()

    def __hash__(self) -> int:
        return hash((self.slugs, self._block_ids, self._spans.tobytes()))

    def __repr__(self) -> str:
        return f"Occurrences({list(self)!r})"

    def counts(self) -> Iterator[tuple[str, int]]:
        """Each term's slug and how often it occurs, in the order of slugs."""
        previous = 0
        for slug, end in zip(self.slugs, self._ends, strict=True):
            yield slug, end - previous
            previous = end

    def of_term(self, slug: str, limit: int | None = None) -> tuple[Occurrence, ...]:
        """The term's occurrences (the first `limit` of them), in reading order."""
        return tuple(islice(self._group(self.slugs.index(slug)), limit))

    def first_block_id(self, slug: str) -> str | None:
        index = self.slugs.index(slug)
        return self._block_ids[self._spans[3 * (self._ends[index - 1] if index else 0)]]

    def _group(self, index: int) -> Iterator[Occurrence]:
        term, slug, spans, ids = self.terms[index], self.slugs[index], self._spans, self._block_ids
        for at in range(3 * (self._ends[index - 1] if index else 0), 3 * self._ends[index], 3):
            yield Occurrence(term, slug, ids[spans[at]], spans[at + 1], spans[at + 2])

    def _state(self) -> tuple:
        return self.slugs, self.terms, self._block_ids, self._ends, self._spans

    def to_plain(self) -> list:
        """Lists of strings and integers (JSON, for the build cache); from_plain() reads them."""
        return [list(part) for part in self._state()]

    @classmethod
    def from_plain(cls, plain: list) -> Occurrences:
        slugs, terms, block_ids, ends, spans = plain
        total = ends[-1] if ends else 0
        in_range = max(spans[::3], default=-1) < len(block_ids)
        if not (len(slugs) == len(terms) == len(ends) and len(spans) == 3 * total and in_range):
            raise ValueError("not a list of occurrences")
        found = cls()
        # Interned: every report that uses a term then shares its slug and name.
        found.slugs = tuple(map(sys.intern, slugs))
        found.terms = tuple(map(sys.intern, terms))
        found._block_ids = tuple(block_ids)
        found._ends = array("I", ends)
        found._spans = array("I", spans)
        return found

    def __reduce__(self):
        # Worker processes send these back: read back interned.
        return Occurrences.from_plain, (list(self._state()),)
