"""Shared fixtures: small projects built from fixture content with the real templates."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"
# The 30 real reports of ../shared/corpus, copied byte for byte (SOURCES.md there says where
# each came from), so that the tests run in any clone.
CORPUS = FIXTURES / "corpus" / "reports"


def make_project(root: Path, content: dict[str, str] | None = None) -> Path:
    """A project folder with the real templates/static and the given content files."""
    for folder in ("templates", "static"):
        shutil.copytree(REPO / folder, root / folder)
    shutil.copytree(FIXTURES / "site" / "content", root / "content")
    (root / "seeds").mkdir()
    for name in ("001_e9778d67e6610d54.txt",):
        shutil.copy(REPO / "seeds" / name, root / "seeds" / name)
    for name, text in (content or {}).items():
        (root / "content" / name).write_text(text, encoding="utf-8")
    return root


@pytest.fixture
def project(tmp_path: Path) -> Path:
    return make_project(tmp_path / "project")


@pytest.fixture(scope="session")
def real_site(tmp_path_factory) -> Path:
    """The site built from this repository's own content/ and glossary.yml."""
    from jiedu.project import load_project
    from jiedu.site import build_files
    from jiedu.write import write_site

    out = tmp_path_factory.mktemp("real") / "site"
    write_site(build_files(load_project(REPO)), out)
    return out


CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


@pytest.fixture(scope="session")
def browser():
    """Debian's chromium, driven by Playwright (no browser download)."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS
        )
        yield chromium
        chromium.close()


def serve_folder(folder: Path):
    """A loopback HTTP server for a folder; returns (origin, server)."""
    import functools
    import http.server
    import threading

    class QuietHandler(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args):
            pass

    handler = functools.partial(QuietHandler, directory=str(folder))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return f"http://127.0.0.1:{server.server_address[1]}", server


@pytest.fixture(scope="session")
def real_site_url(real_site):
    origin, server = serve_folder(real_site)
    yield origin + "/"
    server.shutdown()
