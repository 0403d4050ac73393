"""Answer a query from the index files, step by step as static/search.js does.

The tests use this to prove that the index finds exactly the pages that contain a query,
and the benchmark to count the bytes a query fetches. Keep it in step with search.js.
"""

from __future__ import annotations

import bisect
import dataclasses
import itertools
import json
from collections.abc import Callable
from dataclasses import dataclass, field

from .normalise import normalise_query
from .pieces import CorruptPiece, decode_piece
from .postings import FNV_OFFSET, FNV_PRIME, RICE_PARAMETERS

MAX_QUERY = 32  # normalised characters; a longer query would fetch too many shards
SNIPPET_BEFORE = 30  # characters of context before a match, at most
SNIPPET_AFTER = 50  # and after it


def cover_offsets(length: int) -> list[int]:
    """Offsets of the bigrams that together cover a query of `length` >= 2 characters.

    Every second bigram is enough, plus the last one: if each of them occurs at its offset
    from a start position, every character of the query is there, side by side.
    """
    offsets = list(range(0, length - 1, 2))
    if offsets[-1] != length - 2:
        offsets.append(length - 2)
    return offsets


def shard_name(first: str, second: str, shard_count: int) -> str:
    h = FNV_OFFSET
    for code in (ord(first), ord(second)):
        h = ((h ^ code) * FNV_PRIME) & 0xFFFFFFFF
    return f"shards/{h % shard_count:03x}.bin"


def read_varint(data: bytes, position: int) -> tuple[int, int]:
    value = shift = 0
    while True:
        byte = data[position]
        position += 1
        value |= (byte & 0x7F) << shift
        shift += 7
        if byte < 0x80:
            return value, position


class IndexReader:
    """Fetches index files (through `fetch`), remembering which ones it fetched."""

    def __init__(self, fetch: Callable[[str], bytes]):
        self._fetch = fetch
        self._cache: dict[str, bytes] = {}
        self.fetched: list[str] = []

    def file(self, path: str) -> bytes:
        if path not in self._cache:
            self._cache[path] = self._fetch(path)
            self.fetched.append(path)
        return self._cache[path]

    def json(self, path: str):
        return json.loads(self.file(path))

    def postings(self, bigram: str, shard_count: int) -> list[int]:
        """The ascending offsets (into all documents joined) at which `bigram` occurs."""
        data = self.file(shard_name(bigram[0], bigram[1], shard_count))
        count, position = read_varint(data, 0)
        wanted = (ord(bigram[0]), ord(bigram[1]))
        body = None
        start = 0
        for _ in range(count):
            first, position = read_varint(data, position)
            second, position = read_varint(data, position)
            size, position = read_varint(data, position)
            if (first, second) == wanted:
                body = start
            start += size
        if body is None:
            return []
        return _decode_postings(data, position + body)


def _decode_postings(data: bytes, position: int) -> list[int]:
    """A posting list (jiedu.search.postings): its count and k, first offset, Rice codes."""
    head, position = read_varint(data, position)
    occurrences, k = divmod(head, RICE_PARAMETERS)
    if not occurrences:
        return []
    offset, position = read_varint(data, position)
    offsets = [offset]
    bit = 8 * position
    for _ in range(occurrences - 1):
        quotient = 0
        while not data[bit >> 3] >> (7 - (bit & 7)) & 1:  # the quotient's zeros, then a one
            quotient += 1
            bit += 1
        low = 0
        for _ in range(k):
            bit += 1
            low = (low << 1) | (data[bit >> 3] >> (7 - (bit & 7)) & 1)
        bit += 1
        offset += (quotient << k) + low + 1
        offsets.append(offset)
    return offsets


@dataclass(frozen=True)
class TermHit:
    term: str
    url: str
    definition: str


@dataclass(frozen=True)
class Snippet:
    before: str
    match: str
    after: str


@dataclass(frozen=True)
class PageHit:
    document: int  # number in the index (oldest first)
    count: int  # how many times the query occurs in the page
    first: int  # normalised offset of the first occurrence
    url: str | None = None  # these are read only for the pages shown
    title: str | None = None
    region: str | None = None
    date: str | None = None
    snippet: Snippet | None = None


@dataclass(frozen=True)
class SearchResult:
    query: str  # normalised
    terms: list[TermHit] = field(default_factory=list)
    pages: list[PageHit] = field(default_factory=list)
    too_short: bool = False  # one character, not a glossary spelling: not looked up
    too_long: bool = False  # more than MAX_QUERY characters: nothing is looked up


def matching_terms(entries: list[dict], query: str) -> list[TermHit]:
    """Glossary entries whose spelling is the query, contains it, or is contained in it."""
    ranked = []
    for entry in entries:
        ranks = []
        for key in entry["keys"]:
            if key == query:
                ranks.append(0)
            elif query in key:
                ranks.append(1)
            elif len(key) >= 2 and key in query:
                ranks.append(2)
        if ranks:
            ranked.append((min(ranks), entry["term"], entry["url"], entry["definition"]))
    return [TermHit(term, url, definition) for _, term, url, definition in sorted(ranked)]


def find_pages(reader: IndexReader, query: str, meta: dict) -> list[PageHit]:
    """Every page containing the normalised `query` (2+ characters), most matches first."""
    offsets = cover_offsets(len(query))
    lists = [reader.postings(query[o : o + 2], meta["shards"]) for o in offsets]
    # A match starts where the first bigram is and every other one is `o` further on.
    later = [(o, set(found)) for o, found in zip(offsets[1:], lists[1:], strict=True)]
    matches = [s for s in lists[0] if all(s + o in found for o, found in later)]
    return pages_of_matches(matches, meta)


def pages_of_matches(matches: list[int], meta: dict) -> list[PageHit]:
    """The pages that the (ascending) match offsets fall in: most matches, then newest, first."""
    starts = list(itertools.accumulate(meta["lengths"], initial=0))
    hits: dict[int, PageHit] = {}
    for match in matches:
        doc = bisect.bisect_right(starts, match) - 1
        if doc in hits:
            hits[doc] = dataclasses.replace(hits[doc], count=hits[doc].count + 1)
        else:
            hits[doc] = PageHit(document=doc, count=1, first=match - starts[doc])
    return sorted(hits.values(), key=lambda hit: (-hit.count, -hit.document))


def search(reader: IndexReader, query: str, snippets: int = 10) -> SearchResult:
    """The terms and pages for `query`, with page details for the first `snippets` pages."""
    meta = reader.json("meta.json")
    normalised = normalise_query(query)
    if not normalised:
        return SearchResult(normalised)
    if len(normalised) > MAX_QUERY:
        return SearchResult(normalised, too_long=True)
    entries = reader.json("terms.json")
    terms = matching_terms(entries, normalised)
    if len(normalised) == 1:
        if not any(normalised in entry["keys"] for entry in entries):
            return SearchResult(normalised, terms, too_short=True)
        # A glossary spelling of one character has a posting list of its own.
        data = reader.file(f"chars/{ord(normalised):x}.bin")
        pages = pages_of_matches(_decode_postings(data, 0), meta)
    else:
        pages = find_pages(reader, normalised, meta)
    shown = [_with_snippet(reader, hit, len(normalised), meta["block"]) for hit in pages[:snippets]]
    return SearchResult(normalised, terms, shown + pages[snippets:])


def _with_snippet(reader: IndexReader, hit: PageHit, length: int, block: int) -> PageHit:
    number = hit.first // block
    name = f"text/{hit.document}-{number}.bin"
    piece, text = decode_piece(reader.file(name), name)
    if piece.get("piece") != [hit.document, number]:
        raise CorruptPiece(f"search index file {name} holds piece {piece.get('piece')}")
    page = piece["page"]
    return PageHit(
        document=hit.document,
        count=hit.count,
        first=hit.first,
        url=page["url"],
        title=page["title"],
        region=page["region"],
        date=page["date"],
        snippet=snippet(text, piece["start"], piece["irregular"], hit.first, length),
    )


def snippet(text: str, start: int, irregular: list[list[int]], first: int, length: int) -> Snippet:
    """The original text around the normalised range [first, first + length).

    `start` is the normalised offset of text[0]; `irregular` lists [index, normalised length]
    for the characters that do not become exactly one normalised character.
    """
    sizes = [1] * len(text)
    for index, size in irregular:
        sizes[index] = size
    begin = end = len(text)
    offset = start
    for index, size in enumerate(sizes):
        if begin == len(text) and offset + size > first:
            begin = index
        if offset >= first + length:
            end = index
            break
        offset += size
    paragraph_start = text.rfind("\n", 0, begin) + 1
    paragraph_end = text.find("\n", end)
    if paragraph_end < 0:
        paragraph_end = len(text)
    left = max(paragraph_start, begin - SNIPPET_BEFORE)
    right = min(paragraph_end, end + SNIPPET_AFTER)
    return Snippet(
        before=("…" if left > paragraph_start else "") + text[left:begin],
        match=text[begin:end],
        after=text[end:right] + ("…" if right < paragraph_end else ""),
    )
