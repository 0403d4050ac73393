"""The glossary's pages: its index, and one page per term with every place it is used.

A thousand reports use a common term, so a term page is rendered again only when what it
shows changes (jiedu.memo_keys.term_page), and the uses are found only when a page needs them.
"""

from __future__ import annotations

import functools
from collections import Counter
from itertools import chain

from jiedu import memo_keys
from jiedu.memo import Memo
from jiedu.pages import Pages, ReportEntry, card_digest
from jiedu.project import Project
from jiedu.usage import definitions, term_url, usage_by_term, usage_digests


def glossary_pages(
    project: Project, pages: Pages, newest: list[ReportEntry], page_context: str, memo: Memo
) -> dict[str, bytes]:
    """The glossary index and one page per term with every place the term is used;
    `newest`: the reports, newest_first()."""
    glossary = project.glossary
    groups: dict[str, list] | None = None  # each term's uses, found when a page needs them
    reports_by_slug = {e.report.slug: e for e in newest}
    report_counts = report_counts_by_term(newest, memo, project.matching_digest)

    # What each term page shows, as digests: the page is rendered again only when this
    # changes. Only a remembering memo needs them.
    listings: dict[str, list[str]] | None = None

    def listing(slug: str) -> str:
        nonlocal listings
        if listings is None:
            listings = listing_digests(newest, memo, project.matching_digest)
        return "".join(listings.get(slug, ()))

    files = {}
    for term in glossary.terms:
        cited = [reports_by_slug.get(e.source_report) for e in term.entries if e.source_report]

        def render(term=term) -> bytes:
            nonlocal groups
            if groups is None:
                groups = usage_by_term(newest)
            see_also = [glossary.get(name) for e in term.entries for name in e.see_also]
            return pages.term(
                term,
                definitions(term, reports_by_slug),
                groups.get(term.slug, []),
                [(other, term_url(other.slug)) for other in see_also],
            ).encode()

        files[term_url(term.slug) + "index.html"] = memo.get(
            lambda term=term, cited=cited: memo_keys.term_page(
                page_context,
                term,
                [glossary.get(name).slug for e in term.entries for name in e.see_also],
                "".join(e.card for e in cited if e),
                listing(term.slug),
            ),
            render,
        )
    counts = sorted(report_counts.items())
    files["glossary/index.html"] = memo.get(
        lambda: memo_keys.glossary_index(page_context, project.glossary_digest, counts),
        lambda: pages.glossary(glossary, dict(counts)).encode(),
    )
    return files


LISTING_BLOCK = 256  # reports per block of listing_digests() and report_counts_by_term()


def report_counts_by_term(entries: list[ReportEntry], memo: Memo, matching_digest: str) -> Counter:
    """How many reports use each term, counted a block of reports at a time: an edit to
    one report counts its block again."""
    counts: Counter = Counter()
    for start in range(0, len(entries), LISTING_BLOCK):
        block = entries[start : start + LISTING_BLOCK]
        counts.update(
            memo.get(
                lambda block=block: memo_keys.term_counts(
                    matching_digest, [e.digest for e in block]
                ),
                lambda block=block: Counter(
                    chain.from_iterable(e.rendered.occurrences.slugs for e in block)
                ),
            )
        )
    return counts


def listing_digests(newest: list[ReportEntry], memo: Memo, matching_digest: str):
    """For each term, digests of what its page lists: for each block of LISTING_BLOCK
    reports (newest first) that use it, a digest of their cards and of their uses of it.
    An edit to one report computes its block again, not every term's whole listing (at
    10,000 reports that took a third of an edit's rebuild)."""
    listings: dict[str, list[str]] = {}
    for start in range(0, len(newest), LISTING_BLOCK):
        block = newest[start : start + LISTING_BLOCK]
        cards = [entry.card_digest for entry in block]  # short: ~65 terms use each
        key = memo_keys.listing_block(matching_digest, [e.digest for e in block], cards)

        def compute(block=block, cards=cards) -> dict[str, str]:
            parts: dict[str, list[str]] = {}
            for entry, card in zip(block, cards, strict=True):
                digests = memo.get(
                    memo_keys.usage_digests(matching_digest, entry.digest),
                    functools.partial(usage_digests, entry),
                )
                for term_slug, digest in digests.items():
                    parts.setdefault(term_slug, []).extend((card, digest))
            return {slug: card_digest("".join(found)) for slug, found in parts.items()}

        for term_slug, digest in memo.get(key, compute).items():
            listings.setdefault(term_slug, []).append(digest)
    return listings
