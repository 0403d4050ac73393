"""What a reader's browser fetches for a search: the site served over HTTP, the search page
opened in Debian's chromium (Playwright), the bytes of every response counted."""

from __future__ import annotations

import functools
import http.server
import threading
from pathlib import Path
from urllib.parse import quote

CHROMIUM = "/usr/bin/chromium"


def search_bytes(site: Path, queries: list[str]) -> dict[str, tuple[int, int]] | None:
    """For each query: the bytes and the number of the search index files (search/* but the
    page itself) the browser fetched to show its results; None without chromium or
    Playwright."""
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        return None
    if not Path(CHROMIUM).exists():
        return None
    handler = functools.partial(_QuietHandler, directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    origin = f"http://127.0.0.1:{server.server_address[1]}/"
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
            try:
                return {query: _fetched(browser, origin, query) for query in queries}
            finally:
                browser.close()
    finally:
        server.shutdown()


def _fetched(browser, origin: str, query: str) -> tuple[int, int]:
    # A new page is a new browser context: nothing cached from the last query.
    page = browser.new_page()
    responses = []

    def keep(response) -> None:
        path = response.url.removeprefix(origin).split("?")[0]
        if path.startswith("search/") and path not in ("search/", "search/index.html"):
            responses.append(response)

    page.on("response", keep)
    page.goto(origin + "search/?q=" + quote(query))
    page.wait_for_function(  # static/search.js: results shown, the first snippets too
        "(r => r && r.getAttribute('aria-busy') === 'false' && r.textContent)"
        "(document.getElementById('search-results'))",
        timeout=60_000,
    )
    page.wait_for_load_state("networkidle")
    fetched = sum(len(response.body()) for response in responses), len(responses)
    page.close()
    return fetched


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:
        pass
