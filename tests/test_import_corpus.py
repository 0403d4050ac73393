"""Issue 13: the 30 real reports of ../shared/corpus import as a careful editor would
write them up (tests/fixtures/corpus/frontmatter.yml, labelled by hand from the texts).

Each report is one document; its front matter matches the fixture field by field; its body
starts where the report's body starts and holds none of the page's chrome; its own glossary
is extracted item by item."""

from __future__ import annotations

import functools
from pathlib import Path

import pytest
import yaml

from jiedu.importer import import_seed
from jiedu.importer.normalize import normalize_line

from .conftest import CORPUS

ROOT = Path(__file__).resolve().parents[1]
EXPECTED = yaml.safe_load((ROOT / "tests/fixtures/corpus/frontmatter.yml").read_text("utf-8"))
FIELDS = ("title", "date", "region", "speaker", "speaker_title", "meeting", "kind", "source")


@functools.cache
def imported(name: str):
    return import_seed(CORPUS / name)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_each_corpus_report_is_one_document_with_the_editors_front_matter(name):
    expected = EXPECTED[name]
    result = imported(name)
    assert len(result.documents) == 1
    front = result.documents[0].front_matter
    got = {field: front.get(field) for field in FIELDS}
    want = {field: _as_text(expected.get(field)) for field in FIELDS}
    assert got == want


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_the_body_starts_with_the_report_and_holds_no_page_chrome(name):
    expected = EXPECTED[name]
    body = imported(name).documents[0].body
    paragraphs = [p for p in body.split("\n\n") if not p.startswith(("#", ":::"))]
    assert paragraphs[0].startswith(normalize_line(expected["body_starts"]))
    lines = {line.strip().lstrip("# ") for line in body.splitlines()}
    for chrome in expected["chrome_head"] + expected["chrome_tail"]:
        assert normalize_line(chrome) not in lines
    headings = [line.lstrip("# ") for line in body.splitlines() if line.startswith("## ")]
    assert normalize_line(expected["first_heading"]) in headings[:3]


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_the_reports_own_glossary_is_extracted_item_by_item(name):
    glossary = imported(name).documents[0].glossary
    assert len(glossary) == EXPECTED[name]["glossary_items"]
    assert [item.number for item in glossary] == list(range(1, len(glossary) + 1))
    assert all(item.term and item.definition for item in glossary)


def test_the_regions_know_their_parents():
    from jiedu import regions

    for name, expected in EXPECTED.items():
        division = regions.resolve(expected["region"])
        assert division is not None, name
        assert [parent.name for parent in division.parents] == expected["parents"], name


def _as_text(value):
    return value.isoformat() if hasattr(value, "isoformat") else value


def test_the_whole_corpus_imports_into_a_project_that_builds_and_checks(tmp_path):
    """Thirty reports defining many of the same terms: glossary.yml stays valid (a term
    the general scope has goes to the report's region, or is left out and named), and the
    site builds and passes check."""
    import shutil
    import subprocess
    import sys

    project = tmp_path / "project"
    for folder in ("templates", "static"):
        shutil.copytree(ROOT / folder, project / folder)
    shutil.copy(ROOT / "site.yml", project / "site.yml")
    (project / "seeds").mkdir()
    for report in sorted(CORPUS.glob("*.txt")):
        shutil.copy(report, project / "seeds" / report.name)

    def run(*args):
        command = [sys.executable, str(ROOT / "build.py"), "--root", str(project), *args]
        return subprocess.run(command, capture_output=True, text=True, timeout=600)

    imported = run("import")
    assert imported.returncode == 0, imported.stderr
    assert imported.stdout.count("\n    found: ") == len(EXPECTED)
    assert "Traceback" not in imported.stderr
    built = run("build", "--out", str(tmp_path / "site"))
    assert built.returncode == 0, built.stderr
    checked = run("check", "--site", str(tmp_path / "site"))
    assert checked.returncode == 0, checked.stdout + checked.stderr
