"""Static full-text search: a bigram index with positions, built at site build time.

build_search_index() returns the files of the site's search/ folder; static/search.js reads
them in the browser. See index.py for the files and bench/SEARCH.md for why this design.
"""

from .index import SearchDocument, SearchTerm, build_search_index
from .normalise import normalise, normalise_query

__all__ = [
    "SearchDocument",
    "SearchTerm",
    "build_search_index",
    "normalise",
    "normalise_query",
]
