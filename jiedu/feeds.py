"""Machine-readable companions of the site: Atom feed, sitemap, robots.txt."""

from __future__ import annotations

import datetime as dt
from xml.sax.saxutils import escape, quoteattr

from jiedu.config import SiteConfig
from jiedu.pages import ReportEntry, newest_first


def _timestamp(date: dt.date | None) -> str:
    return f"{(date or dt.date(1970, 1, 1)).isoformat()}T00:00:00Z"


def atom_feed(config: SiteConfig, entries: list[ReportEntry]) -> str:
    """Reports newest first; dates come from the reports, so the feed is deterministic."""
    ordered = newest_first(entries)
    updated = _timestamp(ordered[0].report.date if ordered else None)
    lines = [
        '<?xml version="1.0" encoding="utf-8"?>',
        f'<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="{escape(config.language)}">',
        f"  <title>{escape(config.title)}</title>",
        f"  <subtitle>{escape(config.description)}</subtitle>",
        f"  <id>{escape(config.absolute(''))}</id>",
        f'  <link rel="alternate" href={quoteattr(config.absolute(""))}/>',
        f'  <link rel="self" href={quoteattr(config.absolute("feed.xml"))}/>',
        f"  <updated>{updated}</updated>",
    ]
    for entry in ordered:
        report = entry.report
        url = config.absolute(entry.url)
        summary = report.summary or report.subtitle or ""
        lines += [
            "  <entry>",
            f"    <title>{escape(report.title)}</title>",
            f"    <id>{escape(url)}</id>",
            f'    <link rel="alternate" href={quoteattr(url)}/>',
            f"    <updated>{_timestamp(report.date)}</updated>",
        ]
        if report.speaker:
            lines.append(f"    <author><name>{escape(report.speaker)}</name></author>")
        if report.region:
            lines.append(f"    <category term={quoteattr(report.region)}/>")
        if summary:
            lines.append(f"    <summary>{escape(summary)}</summary>")
        lines.append("  </entry>")
    lines.append("</feed>")
    return "\n".join(lines) + "\n"


def sitemap(config: SiteConfig, page_paths: list[str]) -> str:
    urls = sorted(p.removesuffix("index.html") for p in page_paths if p != "404.html")
    body = "".join(f"  <url><loc>{escape(config.absolute(u))}</loc></url>\n" for u in urls)
    return (
        '<?xml version="1.0" encoding="utf-8"?>\n'
        '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n'
        f"{body}</urlset>\n"
    )


def robots_txt(config: SiteConfig) -> str:
    return f"User-agent: *\nAllow: /\nSitemap: {config.absolute('sitemap.xml')}\n"


FAVICON = (
    '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 64 64">'
    '<rect width="64" height="64" rx="12" fill="#a3281d"/>'
    '<text x="32" y="46" font-size="40" text-anchor="middle" fill="#fff" '
    'font-family="serif">解</text></svg>\n'
)
