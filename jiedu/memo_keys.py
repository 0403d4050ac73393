"""What each remembered result depends on: the key the build's Memo keeps it under.

A result is reused while its key is unchanged, so a key must name every input the result
is made from. The keys, from the inputs up:

- a report's file digest: its path and bytes (not read again while its stat, inode, size,
  mtime and ctime, is the same); a `Report`: that digest
- the `Glossary`: glossary.yml's text; the matching digest: its terms, slugs, spellings and
  regions (matching_fingerprint); the `TermMatcher`: the matching digest
- the page context (every page depends on it) and the `Pages` renderer: the templates,
  site.yml's settings and the site's sections
- every report's placement (region, neighbours): each report's slug, region, date, title
- a report's body (`Rendered`): the matching digest and the report's file digest; the
  preview keeps, under that key, what else it knows of the report (report_pages._KeptReport):
- the definitions a report shows: its body and glossary.yml (definitions_shown)
- a report's page: the page context, its body, the definitions it shows, its placement and,
  in the preview, its count of undefined terms
- a report's entry and term usage: its body and the definitions it shows
- the home page: the page context, every region's listing (its reports' cards), the number
  of terms; a region's page: the page context and its listing
- a term's page: the page context, the term's entries, its see-also slugs, the cards of the
  reports its entries cite, and each using report's card and uses of the term
- the glossary index: the page context, glossary.yml, how many reports use each term
- the Atom feed: the page context, the listings and every report's subtitle
- the search index: every report's file digest and glossary.yml

Kept beside their own stages: the 目标对比 files (jiedu.targets.site_files) and the
preview's gaps page (jiedu.gaps.page). Keys made of other keys are joined, not hashed
again: a thousand reports have their keys made at every build of the preview.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from jiedu.memo import fingerprint

if TYPE_CHECKING:
    from pathlib import Path

    from jiedu.content import Report
    from jiedu.glossary import Glossary, Term
    from jiedu.markdown import Rendered


def report_file(path: Path, data: bytes) -> str:
    return fingerprint("report", str(path), data)


def glossary_file(glossary_text: str) -> str:
    return fingerprint("glossary", glossary_text)


def matching(glossary_digest: str) -> str:
    return fingerprint("matching", glossary_digest)


def matching_fingerprint(glossary: Glossary) -> str:
    """A fingerprint of what term matching uses: terms, slugs, anchors, spellings and regions."""
    return fingerprint(
        [
            (
                term.term,
                term.slug,
                term.anchor,
                [(e.term, e.aliases, e.regions) for e in term.entries],
            )
            for term in glossary.terms
        ]
    )


def page_context(templates_digest: str, config: object, features: frozenset[str]) -> str:
    """What every page depends on."""
    return fingerprint(templates_digest, config, sorted(features))


def pages(page_context: str) -> str:
    return fingerprint("pages", page_context)


def matcher(matching_digest: str) -> str:
    return fingerprint("matcher", matching_digest)


def placement_fields(reports: tuple[Report, ...]) -> tuple:
    """What place_reports() reads of the reports. Compared with the last build's rather than
    joined into a key: an unchanged report keeps its strings, so comparing them is cheap,
    and making 10,000 reports' key took 20 ms of every build of the preview."""
    return tuple((r.slug, r.region, r.date, r.title) for r in reports)


def body(matching_digest: str, report_digest: str) -> str:
    return f"body {matching_digest} {report_digest}"


def definitions_shown(glossary: Glossary, rendered: Rendered, region: str | None) -> str:
    """A fingerprint of the definitions a report's page shows: those of the terms it uses."""
    shown = []
    for slug in rendered.occurrences.slugs:
        entry = glossary.by_slug(slug).definition_for(region)
        shown.append(f"{slug}\x1f{entry.definition if entry else ''}")
    return fingerprint("\x1e".join(shown))


def report_page(page_context: str, body_key: str, shown: str, placement: str) -> str:
    """placement: the repr of the report's Placement."""
    return f"page {page_context} {body_key} {shown} {placement}"


def home(page_context: str, listing: str, term_count: int) -> str:
    return fingerprint("home", page_context, listing, term_count)


def region(page_context: str, listing: str) -> str:
    return fingerprint("region", page_context, listing)


def feed(page_context: str, listing: str, subtitles: list[str | None]) -> str:
    return fingerprint("feed", page_context, listing, repr(subtitles))  # one string: fast


def sitemap(page_context: str, page_paths: list[str]) -> str:
    return fingerprint("sitemap", page_context, "\n".join(page_paths))


def usage_digests(matching_digest: str, report_digest: str) -> str:
    return f"usage-digests {matching_digest} {report_digest}"


def term_counts(matching_digest: str, report_digests: list[str]) -> str:
    return "term counts " + fingerprint(matching_digest, " ".join(report_digests))


def listing_block(matching_digest: str, report_digests: list[str], cards: list[str]) -> str:
    # Digests of fixed length, joined: fingerprint() of 10,000 of them took 0.1 s an edit.
    return "listing block " + fingerprint(matching_digest, " ".join(report_digests + cards))


def term_page(
    page_context: str, term: Term, see_also_slugs: list[str], cited_cards: str, listing: str
) -> str:
    """listing: digests of the blocks of reports that use the term
    (jiedu.glossary_pages.listing_digests), joined as they are."""
    # repr(term): its entries: definitions, sources, see-also names…
    return fingerprint("term", page_context, repr(term), see_also_slugs, cited_cards) + listing


def glossary_index(page_context: str, glossary_digest: str, counts: list) -> str:
    return fingerprint("glossary", page_context, glossary_digest, counts)


def search(report_digests: list[str], glossary_digest: str) -> str:
    return fingerprint("search", report_digests, glossary_digest)
