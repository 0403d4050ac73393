"""`check` on a site built for a base path (GitHub Pages' https://USER.github.io/REPO/)."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from jiedu.check import OutsideBasePath, check_site, resolve

REPO = Path(__file__).resolve().parent.parent
PROJECT_FILES = ("templates", "static", "content", "seeds", "glossary.yml", "site.yml")
BASE_URL = "https://example.invalid/repo/"


def run_cli(*args: str) -> subprocess.CompletedProcess:
    command = [sys.executable, str(REPO / "build.py"), *args]
    return subprocess.run(command, capture_output=True, text=True, timeout=300)


def copy_project(root: Path) -> Path:
    """This repository's own project (its site.yml says base_url: /), copied."""
    for name in PROJECT_FILES:
        source = REPO / name
        if source.is_dir():
            shutil.copytree(source, root / name)
        else:
            shutil.copy(source, root / name)
    return root


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> tuple[Path, Path]:
    """(project, site) after `build --base-url https://example.invalid/repo/`."""
    project = copy_project(tmp_path_factory.mktemp("project"))
    site = tmp_path_factory.mktemp("built") / "site"
    result = run_cli("--root", str(project), "build", "--base-url", BASE_URL, "--out", str(site))
    assert result.returncode == 0, result.stderr
    return project, site


@pytest.fixture
def site(built, tmp_path) -> Path:
    """A fresh copy of the built site, free to edit."""
    return Path(shutil.copytree(built[1], tmp_path / "site"))


def add_links(page: Path, *hrefs: str) -> None:
    links = "".join(f'<a href="{href}">x</a>' for href in hrefs)
    page.write_text(page.read_text("utf-8").replace("</main>", links + "</main>"), "utf-8")


def test_cli_check_passes_on_a_site_built_for_a_base_path(built):
    project, site = built
    assert 'href="/repo/static/style.css"' in (site / "404.html").read_text("utf-8")
    result = run_cli("--root", str(project), "check", "--site", str(site))
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no problems" in result.stdout


def test_the_sites_own_base_path_wins_over_a_different_setting(site):
    # site.yml says "/", and the site was built for /repo/: its links are written for /repo/.
    assert check_site(site, "/") == []
    assert check_site(site, "/elsewhere/") == []


def test_cli_check_reports_links_outside_or_missing_under_the_base_path(built, site):
    report = next((site / "reports").glob("*/index.html"))
    add_links(report, "/other/x.html", "/repo/missing/")
    result = run_cli("--root", str(built[0]), "check", "--site", str(site))
    assert result.returncode == 1
    assert "'/other/x.html': outside the base path '/repo/'" in result.stdout
    assert "'/repo/missing/': nothing at 'missing/'" in result.stdout
    assert "2 problems" in result.stderr


def test_a_root_absolute_link_without_the_base_path_is_broken_even_if_the_folder_has_it(site):
    # /reports/… exists in the folder, but on the server it is outside /repo/: a 404.
    report = next((site / "reports").glob("*/index.html"))
    slug = report.parent.name
    add_links(report, f"/reports/{slug}/", f"/repo/reports/{slug}/", "/repo", "/repository/")
    messages = [str(p) for p in check_site(site)]
    page = f"reports/{slug}/index.html"
    assert messages == [
        f"{page}: broken link <a> '/reports/{slug}/': outside the base path '/repo/'",
        f"{page}: broken link <a> '/repository/': outside the base path '/repo/'",
    ]


def test_anchors_are_checked_through_the_base_path(site):
    add_links(site / "index.html", "/repo/glossary/#no-such-term")
    messages = [str(p) for p in check_site(site)]
    assert messages == [
        "index.html: broken anchor '/repo/glossary/#no-such-term': no id 'no-such-term' "
        "in glossary/index.html"
    ]


def test_the_argument_is_the_fallback_for_a_site_without_a_canonical_home(tmp_path):
    (tmp_path / "index.html").write_text(
        '<!doctype html><title>t</title><a href="/sub/a.html">a</a>', "utf-8"
    )
    (tmp_path / "a.html").write_text(
        '<!doctype html><title>a</title><a href="/sub/">h</a>', "utf-8"
    )
    assert check_site(tmp_path, "/sub/") == []
    messages = [str(p) for p in check_site(tmp_path, "/")]
    assert "index.html: broken link <a> '/sub/a.html': nothing at 'sub/a.html'" in messages


@pytest.mark.parametrize(
    ("url", "base_path", "expected"),
    [
        ("/repo/a/b.html#x", "/repo/", ("a/b.html", "x")),
        ("/repo/", "/repo/", ("", "")),
        ("/repo", "/repo/", ("", "")),
        ("/repo/%E6%9C%AF/", "/repo/", ("术/", "")),
        ("/a/b.html", "/", ("a/b.html", "")),
        ("../c/", "/repo/", ("c/", "")),
        ("https://example.invalid/repo/", "/repo/", None),
    ],
)
def test_resolve_inside_the_base_path(url, base_path, expected):
    assert resolve("a/index.html", url, base_path) == expected


@pytest.mark.parametrize("url", ["/other/x.html", "/", "/repository/", "/REPO/a/"])
def test_resolve_outside_the_base_path(url):
    with pytest.raises(OutsideBasePath):
        resolve("index.html", url, "/repo/")
