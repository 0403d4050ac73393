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

import dataclasses
import json
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from .corpus import NormalisedCorpus, normalise_corpus
from .lookup import MAX_QUERY, SNIPPET_AFTER, SNIPPET_BEFORE
from .normalise import normalise_query
from .pieces import encode_piece
from .postings import PostingLists, build_shards, dense_ids, encode_varints

FORMAT = 2  # 2: text pieces are gzip-compressed .bin files (jiedu.search.pieces)
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
    corpus = normalise_corpus([doc.text for doc in ordered])
    entries = terms_json(terms)
    one_character = single_character_terms(entries, corpus)
    lists = PostingLists(*dense_ids(corpus.codes))
    # Nothing after this reads the normalised code points: let them go before the posting
    # lists are built (370 MB at 10,000 reports).
    corpus = dataclasses.replace(corpus, codes=np.zeros(0, dtype=np.uint32))
    postings = lists.build()
    if shard_count is None:
        shard_count = min(MAX_SHARDS, max(1, -(-len(postings.data) // SHARD_BYTES)))
    files: dict[str, bytes] = {
        "meta.json": _json(
            {
                "format": FORMAT,
                "shards": shard_count,
                "block": block,
                # Each document's normalised length plus its "\n": offsets in the shards
                # count through the documents one after another.
                "lengths": np.diff(corpus.starts).tolist(),
            }
        ),
        "terms.json": _json(entries),
    }
    files.update(one_character)
    for number, shard in enumerate(build_shards(postings, shard_count)):
        files[f"shards/{number:03x}.bin"] = shard
    files.update(text_blocks(ordered, corpus, block))
    return dict(sorted(files.items()))


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


def single_character_terms(entries: list[dict], corpus: NormalisedCorpus) -> dict[str, bytes]:
    """Posting lists for glossary spellings of one character, which have no bigram.

    chars/<code point in hex>.bin holds a posting list in the shards' format.
    """
    files = {}
    for key in sorted({key for entry in entries for key in entry["keys"] if len(key) == 1}):
        offsets = np.flatnonzero(corpus.codes == ord(key))
        steps = np.diff(offsets, prepend=0)
        data, _ = encode_varints(np.concatenate(([len(offsets)], steps)))
        files[f"chars/{ord(key):x}.bin"] = data.tobytes()
    return files


def text_blocks(
    docs: Sequence[SearchDocument], corpus: NormalisedCorpus, block: int
) -> dict[str, bytes]:
    """Each document's original text in pieces, so a snippet fetches only a little of it.

    Piece n of a document holds the original text whose normalised form covers offsets
    [n * block - CONTEXT, (n + 1) * block + CONTEXT). It says at which normalised offset its
    text starts and which of its characters do not become exactly one normalised character,
    so the reader can map a match back to the original text.
    """
    lengths = np.diff(corpus.starts) - 1
    block_counts = -(-lengths // block)
    doc_of_block = np.repeat(np.arange(len(docs)), block_counts)
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

    files = {}
    pages = [
        {"url": doc.url, "title": doc.title, "region": doc.region, "date": doc.date} for doc in docs
    ]
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
        header = {
            "piece": [doc, number],  # so a reader can tell a piece put in another's place
            "page": pages[doc],
            "start": start,
            "irregular": [[irregular[k] - base, irregular_lengths[k]] for k in range(i_from, i_to)],
        }
        files[f"text/{doc}-{number}.bin"] = encode_piece(header, docs[doc].text[begin:end])
    return files


def _json(value: object) -> bytes:
    return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode()
