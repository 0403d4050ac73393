"""The glossary's pages: its index, and one page per term with every place it is used.

A thousand reports use a common term, so a term page is rendered again only when what it
shows changes (jiedu.memo_keys.term_page), and the uses are found only when a page needs them.
"""

from __future__ import annotations

import hashlib

from jiedu import memo_keys
from jiedu.memo import Memo
from jiedu.pages import Pages, ReportEntry, newest_first
from jiedu.project import Project
from jiedu.usage import definitions, term_url, usage_by_term, usage_digests


def glossary_pages(
    project: Project, pages: Pages, entries: list[ReportEntry], page_context: str, memo: Memo
) -> dict[str, bytes]:
    """The glossary index and one page per term with every place the term is used."""
    glossary = project.glossary
    newest = newest_first(entries)
    groups: dict[str, list] | None = None  # each term's uses, found when a page needs them
    reports_by_slug = {e.report.slug: e for e in entries}
    report_counts: dict[str, int] = {}
    for entry in entries:
        for slug in entry.usage.by_slug:
            report_counts[slug] = report_counts.get(slug, 0) + 1

    # What each term page shows, as digests: the page is rendered again only when this
    # changes. Only a remembering memo needs them.
    listings: dict[str, list[str]] | None = None

    def listing(slug: str) -> str:
        nonlocal listings
        if listings is None:
            listings = {}
            for entry in newest:
                digests = memo.get(
                    memo_keys.usage_digests(project.matching_digest, entry.digest),
                    lambda e=entry: usage_digests(e),
                )
                card = card_digest(entry.card)  # short: it goes into ~65 terms' listings
                for term_slug, digest in digests.items():
                    listing = listings.get(term_slug)
                    if listing is None:
                        listing = listings[term_slug] = []
                    listing += (card, digest)
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


def card_digest(card: str) -> str:
    return hashlib.blake2b(card.encode(), digest_size=12).hexdigest()
