"""Build the static search index: the files under the site's search/ folder.

    meta.json            sizes the browser needs (shard count, block size, …)
    terms.json           the glossary: term, link, start of the definition, normalised spellings
    shards/<hex>.bin     bigram posting lists, see jiedu.search.postings
    chars/<hex>.bin      the posting list of a one-character glossary spelling
    text/<doc>-<n>.bin   the original text of document <doc> around normalised offsets
                         [n * block, (n + 1) * block), for snippets, with the page's title;
                         gzip-compressed, see jiedu.search.pieces. Most reports are one piece.

A query is normalised, cut into bigrams, and the shards of those bigrams give every
position of every bigram; a page matches where all the query's bigrams sit side by side.
So any string of two or more characters is found exactly: glossary terms, ordinary words,
numbers, "1+5+N". static/search.js and jiedu.search.lookup implement the reading side.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from itertools import chain

import numpy as np

from .corpus import NEWLINE, NormalisedCorpus, normalise_corpus
from .lookup import MAX_QUERY, SNIPPET_AFTER, SNIPPET_BEFORE
from .normalise import normalise_query
from .pieces import encode_piece
from .postings import PostingLists, build_shards, dense_ids, encode_lists

# 2: text pieces are gzip-compressed .bin files (jiedu.search.pieces); 3: posting lists
# are Rice-coded (jiedu.search.postings)
FORMAT = 3
SHARD_BYTES = 10_000  # aim for shards of about this size: a rare word fetches about this much
MAX_SHARDS = 4096
# Normalised characters of text per text piece. A snippet fetches a whole piece, so a
# larger block costs more bytes per result but writes fewer files: at 16,384 a typical
# report (9,000-25,000 characters) is one or two pieces of 10-25 KB.
BLOCK = 16_384
# Text kept on either side of a block, so a snippet never needs the next block: a match
# starts inside the block and is followed by at most SNIPPET_AFTER characters of context.
CONTEXT = max(SNIPPET_BEFORE, MAX_QUERY + SNIPPET_AFTER)
DEFINITION_EXCERPT = 80  # characters of a glossary definition shown in results


@dataclass(frozen=True)
class SearchDocument:
    url: str  # site-relative, e.g. "reports/2022-01-19-linzi/" (no leading slash)
    title: str
    region: str | None
    date: str | None
    text: str  # the page's plain body text (paragraphs joined with "\n")


@dataclass(frozen=True)
class SearchTerm:
    """A glossary term, so that results can list it first."""

    term: str
    spellings: tuple[str, ...]
    url: str
    definition: str  # plain text


def build_search_index(
    docs: Sequence[SearchDocument],
    terms: Sequence[SearchTerm],
    *,
    shard_count: int | None = None,
    block: int = BLOCK,
) -> dict[str, bytes]:
    """The files to write under the site's "search/" folder, keyed by path relative to it.

    More shards make a query fetch fewer bytes but write more files; so do smaller blocks.
    By default the shard count grows with the index, up to MAX_SHARDS.
    """
    ordered = order_documents(docs)
    files: dict[str, bytes] = {}
    index = IndexBuilder([page_record(doc) for doc in ordered], files.__setitem__, block)
    for start in range(0, len(ordered), FEED_BATCH):
        numbers = range(start, min(start + FEED_BATCH, len(ordered)))
        index.add([(number, ordered[number].text) for number in numbers])
    index.finish(terms, shard_count)
    return dict(sorted(files.items()))


FEED_BATCH = 256  # documents normalised at a time by build_search_index


class IndexBuilder:
    """build_search_index(), fed a batch of documents at a time: each batch is normalised
    and its text pieces written as it comes, so that the texts need not all be held until
    the end; finish() writes the rest. Every file goes to write(path, bytes) once.

    `pages` are the documents' page records (page_record()), in order_documents() order;
    a document's number is its place there. The files do not depend on how the documents
    are batched."""

    def __init__(self, pages: Sequence[dict], write: Callable[[str, bytes], object], block: int):
        self._pages = pages
        self._write = write
        self._block = block
        self._codes: list[np.ndarray | None] = [None] * len(pages)  # normalised, no "\n"

    def add(self, documents: Sequence[tuple[int, str]]) -> None:
        """Documents, each (its number, its text)."""
        if not documents:
            return
        corpus = normalise_corpus([text for _, text in documents])
        starts = corpus.starts.tolist()
        for k, (number, _) in enumerate(documents):
            self._codes[number] = corpus.codes[starts[k] : starts[k + 1] - 1]
        for path, data in text_blocks(documents, self._pages, corpus, self._block):
            self._write(path, data)

    def finish(
        self,
        terms: Sequence[SearchTerm],
        shard_count: int | None = None,
        elsewhere: Callable[..., Iterator] | None = None,
    ) -> None:
        """Write meta.json, terms.json, the one-character lists and the shards.

        elsewhere(generate, *args) (jiedu.workers.iterate_in_fork): the items of
        generate(*args), made in another process meanwhile; the later half of the posting
        lists is made there (the build's last seconds otherwise leave a core idle)."""
        codes, lengths = self._joined_codes()
        entries = terms_json(terms)
        one_character = single_character_terms(entries, codes)
        lists = PostingLists(*dense_ids(codes))
        del codes  # nothing after this reads them (190 MB at 10,000 reports)
        count = lists.group_count
        half = count // 2 if elsewhere and count > 1 else count
        theirs = elsewhere(lists.made, range(half, count)) if half < count else ()
        mine = list(lists.made(range(half)))
        postings = lists.join(chain(mine, theirs))
        if shard_count is None:
            shard_count = min(MAX_SHARDS, max(1, -(-len(postings.data) // SHARD_BYTES)))
        # Each document's normalised length plus its "\n": offsets in the shards count
        # through the documents one after another.
        meta = {"format": FORMAT, "shards": shard_count, "block": self._block, "lengths": lengths}
        self._write("meta.json", _json(meta))
        self._write("terms.json", _json(entries))
        for path, data in one_character.items():
            self._write(path, data)
        for number, shard in enumerate(build_shards(postings, shard_count)):
            self._write(f"shards/{number:03x}.bin", shard)

    def _joined_codes(self) -> tuple[np.ndarray, list[int]]:
        """Every document's codes, in order, each followed by "\n"; and each one's length
        with its "\n". Each document's codes are let go as they are copied."""
        missing = [n for n, codes in enumerate(self._codes) if codes is None]
        if missing:
            raise ValueError(f"search document {missing[0]} was never added")
        lengths = [len(codes) + 1 for codes in self._codes]
        wide = any(codes.dtype != np.uint16 for codes in self._codes)
        # An empty corpus is one "\n", as the texts joined with "\n" always end with one.
        joined = np.full(max(1, sum(lengths)), NEWLINE, dtype=np.uint32 if wide else np.uint16)
        at = 0
        for number, length in enumerate(lengths):
            joined[at : at + length - 1] = self._codes[number]
            self._codes[number] = None
            at += length
        return joined, lengths


def page_record(doc: SearchDocument) -> dict:
    """What a text piece says of its page."""
    return {"url": doc.url, "title": doc.title, "region": doc.region, "date": doc.date}


def order_documents(docs: Sequence[SearchDocument]) -> list[SearchDocument]:
    """Oldest first (undated before dated), then by URL.

    Results with equal counts are shown newest first, i.e. by descending number. Numbering
    from the oldest keeps the numbers, and so the text files, of all earlier reports when a
    new report is added, so a build that writes only changed files writes few of them.
    """
    urls = [doc.url for doc in docs]
    if len(set(urls)) != len(urls):
        duplicate = sorted(url for url in urls if urls.count(url) > 1)[0]
        raise ValueError(f"two search documents have the URL {duplicate!r}")
    by_url = sorted(docs, key=lambda doc: doc.url)
    return sorted(by_url, key=lambda doc: doc.date or "")


def terms_json(terms: Sequence[SearchTerm]) -> list[dict]:
    entries = []
    for term in sorted(terms, key=lambda t: (t.term, t.url)):
        keys = sorted({normalise_query(s) for s in (term.term, *term.spellings)} - {""})
        definition = " ".join(term.definition.split())
        if len(definition) > DEFINITION_EXCERPT:
            definition = definition[:DEFINITION_EXCERPT].rstrip() + "…"
        entries.append({"term": term.term, "url": term.url, "definition": definition, "keys": keys})
    return entries


def single_character_terms(entries: list[dict], codes: np.ndarray) -> dict[str, bytes]:
    """Posting lists for glossary spellings of one character, which have no bigram, in the
    documents' normalised codes joined with "\\n".

    chars/<code point in hex>.bin holds a posting list in the shards' format.
    """
    files = {}
    for key in sorted({key for entry in entries for key in entry["keys"] if len(key) == 1}):
        offsets = np.flatnonzero(codes == ord(key))
        data = encode_lists(offsets, np.array([len(offsets)]))[0] if len(offsets) else b"\0"
        files[f"chars/{ord(key):x}.bin"] = bytes(data)
    return files


def text_blocks(
    documents: Sequence[tuple[int, str]],
    pages: Sequence[dict],
    corpus: NormalisedCorpus,
    block: int,
) -> Iterator[tuple[str, bytes]]:
    """Each document's original text in pieces, so a snippet fetches only a little of it.

    `documents` are (number, text), normalised together in `corpus`; pages[number] is the
    page a document's pieces name. Piece n of a document holds the original text whose
    normalised form covers offsets [n * block - CONTEXT, (n + 1) * block + CONTEXT). It
    says at which normalised offset its text starts and which of its characters do not
    become exactly one normalised character, so the reader can map a match back to the
    original text.
    """
    lengths = np.diff(corpus.starts) - 1
    block_counts = -(-lengths // block)
    doc_of_block = np.repeat(np.arange(len(documents)), block_counts)
    block_number = np.arange(len(doc_of_block)) - np.repeat(
        np.cumsum(block_counts) - block_counts, block_counts
    )
    low = np.maximum(0, block_number * block - CONTEXT)
    high = np.minimum(lengths[doc_of_block], (block_number + 1) * block + CONTEXT)
    doc_start = corpus.starts[doc_of_block]
    first = corpus.to_original(doc_start + low)
    last = corpus.to_original(doc_start + high - 1) + 1
    piece_start = corpus.to_normalised(first) - doc_start
    first -= corpus.orig_starts[doc_of_block]
    last -= corpus.orig_starts[doc_of_block]
    irregular_from = np.searchsorted(corpus.irregular, first + corpus.orig_starts[doc_of_block])
    irregular_to = np.searchsorted(corpus.irregular, last + corpus.orig_starts[doc_of_block])

    rows = zip(
        doc_of_block.tolist(),
        block_number.tolist(),
        first.tolist(),
        last.tolist(),
        piece_start.tolist(),
        irregular_from.tolist(),
        irregular_to.tolist(),
        strict=True,
    )
    irregular = corpus.irregular.tolist()
    irregular_lengths = corpus.irregular_lengths.tolist()
    orig_starts = corpus.orig_starts.tolist()
    for doc, number, begin, end, start, i_from, i_to in rows:
        base = orig_starts[doc] + begin
        doc_number, text = documents[doc]
        header = {
            "piece": [doc_number, number],  # so a reader can tell a piece put in another's place
            "page": pages[doc_number],
            "start": start,
            "irregular": [[irregular[k] - base, irregular_lengths[k]] for k in range(i_from, i_to)],
        }
        yield f"text/{doc_number}-{number}.bin", encode_piece(header, text[begin:end])


def _json(value: object) -> bytes:
    return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode()
