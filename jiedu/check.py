"""Check a built site as a reader's browser would meet it: parse, follow links, find orphans."""

from __future__ import annotations

import posixpath
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote, urlsplit

import html5lib

LINK_ATTRIBUTES = {"a": "href", "link": "href", "script": "src", "img": "src", "form": "action"}


@dataclass(frozen=True)
class Problem:
    page: str  # path inside the site
    message: str

    def __str__(self) -> str:
        return f"{self.page}: {self.message}"


@dataclass
class PageFacts:
    """What one HTML file offers (ids) and points to (links)."""

    ids: set[str] = field(default_factory=set)
    links: list[tuple[str, str]] = field(default_factory=list)  # (tag, url)
    problems: list[str] = field(default_factory=list)
    canonical: str | None = None  # <link rel="canonical">: the page's own published URL


class OutsideBasePath(ValueError):
    """A root-absolute link that leaves the base path: the web server has nothing there."""


def read_page(html: bytes) -> PageFacts:
    facts = PageFacts()
    parser = html5lib.HTMLParser(namespaceHTMLElements=False)
    document = parser.parse(html)
    for position, code, data in parser.errors:
        line, column = position
        facts.problems.append(
            f"line {line}, column {column}: HTML parse error '{code}' {data or ''}"
        )
    for element in document.iter():
        if not isinstance(element.tag, str):
            continue
        ident = element.get("id")
        if ident is not None:
            if ident in facts.ids:
                facts.problems.append(f"duplicate id '{ident}'")
            facts.ids.add(ident)
        attribute = LINK_ATTRIBUTES.get(element.tag)
        if attribute and element.get(attribute) is not None:
            facts.links.append((element.tag, element.get(attribute)))
        if element.tag == "link" and "canonical" in element.get("rel", "").split():
            facts.canonical = element.get("href")
    return facts


def built_base_path(pages: dict[str, PageFacts]) -> str | None:
    """The base path a site was built for, as its home page's canonical URL says, if it does.

    The site's own links are written for that path, whatever site.yml says now: a site built
    with --base-url https://host/repo/ links its 404 page to /repo/static/style.css.
    """
    home = pages.get("index.html")
    if home is None or not home.canonical:
        return None
    path = urlsplit(home.canonical).path
    return "/" + path.strip("/") + "/" if path.strip("/") else "/"


def check_site(site_dir: Path, base_path: str = "/") -> list[Problem]:
    """Every internal link and #anchor resolves, every page parses, no page is orphaned.

    Root-absolute links are read against the base path the site was built for (its home
    page's canonical URL); base_path is only the fallback for a site that does not say.
    """
    pages = {
        path.relative_to(site_dir).as_posix(): read_page(path.read_bytes())
        for path in sorted(site_dir.rglob("*.html"))
    }
    base_path = built_base_path(pages) or base_path
    problems = [Problem(page, p) for page, facts in pages.items() for p in facts.problems]
    reachable: set[str] = set()
    for page, facts in pages.items():
        for tag, url in facts.links:
            try:
                target = resolve(page, url, base_path)
            except OutsideBasePath:
                message = f"broken link <{tag}> '{url}': outside the base path '{base_path}'"
                problems.append(Problem(page, message))
                continue
            if target is None:
                continue  # another site, mail, javascript…
            path, fragment = target
            file = find_file(site_dir, path)
            if file is None:
                problems.append(Problem(page, f"broken link <{tag}> '{url}': nothing at '{path}'"))
                continue
            if tag == "a":
                reachable.add(file)
            if fragment and file.endswith(".html") and fragment not in pages[file].ids:
                problems.append(
                    Problem(page, f"broken anchor '{url}': no id '{fragment}' in {file}")
                )
    for page in pages:
        if page not in reachable and page not in ("index.html", "404.html"):
            problems.append(Problem(page, "orphaned: no page links to it"))
    return problems


def resolve(page: str, url: str, base_path: str = "/") -> tuple[str, str] | None:
    """A link as (path inside the site, fragment), or None when it leaves the site.

    Raises OutsideBasePath for a root-absolute link the site's base path does not cover.
    """
    parts = urlsplit(url)
    if parts.scheme or parts.netloc:
        return None
    fragment = unquote(parts.fragment)
    if not parts.path:
        return page, fragment
    if parts.path.startswith("/"):
        path = inside_base_path(parts.path, base_path)
    else:
        path = posixpath.join(posixpath.dirname(page), parts.path)
    normal = posixpath.normpath(unquote(path)) if path else "."
    if parts.path.endswith("/") and normal != ".":
        normal += "/"
    return ("" if normal == "." else normal), fragment


def inside_base_path(path: str, base_path: str) -> str:
    """A root-absolute URL path as a path inside the site folder ("/repo/a/" → "a/")."""
    if path == base_path.rstrip("/"):
        return ""  # "/repo": the server redirects it to "/repo/", as it does any folder
    if not path.startswith(base_path):
        raise OutsideBasePath(path)
    return path[len(base_path) :]


def find_file(site_dir: Path, path: str) -> str | None:
    """The file a web server would send for a path: the file itself or its index.html."""
    if path.startswith("../"):
        return None
    candidate = site_dir / path
    if path == "" or path.endswith("/") or candidate.is_dir():
        index = candidate / "index.html"
        return index.relative_to(site_dir).as_posix() if index.is_file() else None
    return path if candidate.is_file() else None
