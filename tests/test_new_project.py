"""`build.py new`, and a glossary entry whose source report is not in content/."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from jiedu.preview_build import SiteBuilder
from jiedu.scaffold import starter_glossary

from .conftest import CORPUS, REPO

# A real report of the shared corpus that imports today (the importer changes meanwhile).
CORPUS_REPORT = CORPUS / "shenzhen-yantian-2015.txt"
SAMPLE_REPORTS = {path.stem for path in (REPO / "content").glob("*.md")}


def run(*args: str, root: Path | None = None) -> subprocess.CompletedProcess:
    where = ["--root", str(root)] if root else []
    return subprocess.run(
        [sys.executable, str(REPO / "build.py"), *where, *args], capture_output=True, text=True
    )


def glossary_entries(path: Path) -> list[tuple[str, str | None, int]]:
    """(term, source report, line) of each entry, in file order."""
    root = yaml.compose(path.read_text(encoding="utf-8"))
    out = []
    for item in root.value:
        entry = yaml.safe_load(yaml.serialize(item))
        out.append((entry["term"], entry["source"].get("report"), item.start_mark.line + 1))
    return out


def head_comment(text: str) -> list[str]:
    lines = text.splitlines()
    return lines[: next(i for i, line in enumerate(lines) if not line.startswith("#"))]


# --- build.py new ----------------------------------------------------------------------


def test_a_new_project_with_one_corpus_report_builds_and_passes_check(tmp_path):
    project = tmp_path / "nested" / "mine"
    made = run("new", str(project))
    assert made.returncode == 0, made.stderr
    assert f"--root {project} build" in made.stdout
    assert f"--root {project} serve" in made.stdout
    assert f"{project / 'seeds'}/" in made.stdout
    for name in ("content", "seeds", "site.yml", "glossary.yml"):
        assert (project / name).exists(), name
    for name in ("templates", "static"):  # Jiedu's own are used: nothing to fall behind
        assert not (project / name).exists(), name
    assert list((project / "content").iterdir()) == []
    assert list((project / "seeds").iterdir()) == []
    assert (project / ".gitignore").read_text().split()[-2:] == ["/site/", "/.jiedu-cache/"]
    config = yaml.safe_load((project / "site.yml").read_text(encoding="utf-8"))
    assert config["title"] and config["base_url"] == "/"
    assert (project / "site.yml").read_text().startswith("#")

    shutil.copy(CORPUS_REPORT, project / "seeds" / CORPUS_REPORT.name)
    out = tmp_path / "out"
    built = run("build", "--out", str(out), root=project)
    assert built.returncode == 0, built.stderr
    assert "warning" not in built.stderr
    reports = list((project / "content").glob("*.md"))
    assert len(reports) == 1  # the build imported the seed
    assert (out / "reports" / reports[0].stem / "index.html").is_file()
    checked = run("check", "--site", str(out), root=project)
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert "no problems" in checked.stdout


def test_a_projects_own_template_and_static_file_replace_jiedus_of_that_name(tmp_path):
    project = tmp_path / "mine"
    assert run("new", str(project)).returncode == 0
    (project / "templates").mkdir()
    home = (REPO / "templates" / "home.html").read_text(encoding="utf-8")
    (project / "templates" / "home.html").write_text(
        home.replace("{% block main %}", "{% block main %}<p>OUR-OWN-HOME</p>", 1), "utf-8"
    )
    (project / "static").mkdir()
    (project / "static" / "style.css").write_text("body { color: teal; }\n", encoding="utf-8")
    (project / "static" / "extra.txt").write_text("ours\n", encoding="utf-8")
    out = tmp_path / "out"
    built = run("build", "--out", str(out), root=project)
    assert built.returncode == 0, built.stderr
    assert "OUR-OWN-HOME" in (out / "index.html").read_text(encoding="utf-8")
    assert "OUR-OWN-HOME" not in (out / "glossary" / "index.html").read_text(encoding="utf-8")
    assert (out / "static" / "style.css").read_text() == "body { color: teal; }\n"
    assert (out / "static" / "extra.txt").read_text() == "ours\n"
    for name in ("terms.js", "search.js", "permalinks.js"):  # Jiedu's, as Jiedu has them
        assert (out / "static" / name).read_bytes() == (REPO / "static" / name).read_bytes()

    # A change to one's own template is a change of the inputs: no "nothing changed".
    (project / "templates" / "home.html").write_text(home, encoding="utf-8")
    again = run("build", "--out", str(out), root=project)
    assert again.returncode == 0 and "Nothing changed" not in again.stdout, again.stdout
    assert "OUR-OWN-HOME" not in (out / "index.html").read_text(encoding="utf-8")


def test_an_outdated_copy_of_a_template_fails_naming_the_file_line_and_the_fix(tmp_path):
    """A copy from an older Jiedu may use a value the pages no longer get (stop 24's
    report.html used gap_counts); the error names the copy and says it replaces Jiedu's."""
    project = tmp_path / "mine"
    assert run("new", str(project)).returncode == 0
    shutil.copy(CORPUS_REPORT, project / "seeds" / CORPUS_REPORT.name)
    (project / "templates").mkdir()
    report = (REPO / "templates" / "report.html").read_text(encoding="utf-8")
    old = report.replace("{% block main %}", "{% block main %}\n{{ gap_counts[1] }}", 1)
    (project / "templates" / "report.html").write_text(old, encoding="utf-8")
    built = run("build", "--out", str(tmp_path / "out"), root=project)
    assert built.returncode == 1
    line = old.splitlines().index("{{ gap_counts[1] }}") + 1
    assert f"{project / 'templates' / 'report.html'}:{line}:" in built.stderr, built.stderr
    assert "'gap_counts' is undefined" in built.stderr
    assert f"replaces Jiedu's own {REPO / 'templates' / 'report.html'}" in built.stderr
    assert "delete it" in built.stderr
    assert not (tmp_path / "out").exists()


def an_earlier_version(name: str) -> bytes:
    """Jiedu's newest version of the theme file `name` that differs from today's (git)."""

    def git(*args: str) -> subprocess.CompletedProcess:
        return subprocess.run(["git", "-C", str(REPO), *args], capture_output=True)

    listed = git("rev-list", "HEAD", "--", name)
    if listed.returncode != 0:
        pytest.skip("needs the repository's git history")
    current = (REPO / name).read_bytes()
    for commit in listed.stdout.decode().split():
        data = git("show", f"{commit}:{name}").stdout
        if data and data != current:
            return data
    pytest.skip(f"{name} has no earlier version")


def test_unchanged_copies_of_an_older_jiedus_files_give_way_to_todays(tmp_path):
    """A project made by an older `build.py new` holds copies of every template and static
    file; those it never changed are passed over for Jiedu's current ones, with a note, and
    one it changed is its own work, used as it is."""
    project = tmp_path / "mine"
    assert run("new", str(project)).returncode == 0
    shutil.copy(CORPUS_REPORT, project / "seeds" / CORPUS_REPORT.name)
    names = ("templates/report.html", "templates/term-item.html", "static/terms.js")
    old = {name: an_earlier_version(name) for name in names}
    assert b'<div><dt><a href="{{ root }}' in old["templates/term-item.html"]  # would show
    edited = an_earlier_version("static/style.css") + b"/* ours */\n"
    for name, data in [*old.items(), ("static/style.css", edited)]:
        (project / name).parent.mkdir(exist_ok=True)
        (project / name).write_bytes(data)
    out = tmp_path / "out"
    built = run("build", "--out", str(out), root=project)
    assert built.returncode == 0, built.stderr
    for name in old:
        assert f"note: {project / name} is an unchanged copy of an older Jiedu's" in built.stderr
    assert "style.css" not in built.stderr
    assert (out / "static" / "terms.js").read_bytes() == (REPO / "static" / "terms.js").read_bytes()
    assert (out / "static" / "style.css").read_bytes() == edited
    assert (project / "templates" / "report.html").read_bytes() == old["templates/report.html"]
    for name in old:  # the pages are what they are without the copies
        (project / name).unlink()
    again = run("build", "--out", str(tmp_path / "again"), root=project)
    assert again.returncode == 0 and "note:" not in again.stderr, again.stderr
    (page,) = (out / "reports").glob("*/index.html")
    html = page.read_text(encoding="utf-8")
    assert 'class="report-terms"' in html and '<div><dt><a href="../../terms/' not in html
    assert page.read_bytes() == (tmp_path / "again" / page.relative_to(out)).read_bytes()


def test_a_copy_of_a_file_jiedu_no_longer_has_is_kept(tmp_path, monkeypatch):
    import jiedu.theme as theme

    (tmp_path / "static").mkdir()
    (tmp_path / "static" / "gone.js").write_bytes(b"old\n")
    (tmp_path / "static" / "terms.js").write_bytes(b"ours\n")
    listed = {("static/gone.js", theme.blob_id(b"old\n")), ("static/terms.js", "0" * 40)}
    monkeypatch.setattr(theme, "shipped_versions", lambda: frozenset(listed))
    assert theme.outdated_copies(tmp_path) == ()  # nothing to give way to; edited
    listed.add(("static/terms.js", theme.blob_id(b"ours\n")))
    assert theme.outdated_copies(tmp_path) == ("static/terms.js",)


def test_the_list_of_jiedus_earlier_theme_files_is_up_to_date():
    """jiedu/data/theme_history.txt must hold every version of every template and static
    file since `build.py new` first copied them, and today's: else run python -m jiedu.theme."""
    from jiedu.theme import shipped_versions, versions_in_git

    try:
        in_git = versions_in_git()
    except (OSError, subprocess.CalledProcessError):
        pytest.skip("needs the repository's git history")
    missing = sorted(in_git - shipped_versions())
    assert not missing, f"run python -m jiedu.theme: {missing[:3]}"


def test_the_starter_glossary_is_the_repos_without_the_sample_reports_entries(tmp_path):
    project = tmp_path / "mine"
    assert run("new", str(project)).returncode == 0
    repo_text = (REPO / "glossary.yml").read_text(encoding="utf-8")
    text = (project / "glossary.yml").read_text(encoding="utf-8")
    assert head_comment(text) == head_comment(repo_text) and len(head_comment(text)) > 3

    general = [(t, r) for t, r, _ in glossary_entries(REPO / "glossary.yml")]
    general = [(t, r) for t, r in general if r not in SAMPLE_REPORTS]
    starter = [(t, r) for t, r, _ in glossary_entries(project / "glossary.yml")]
    assert starter == general  # every general entry, in the repository's order
    assert len(starter) < len(glossary_entries(REPO / "glossary.yml"))  # some were left out
    repo_lines = set(repo_text.splitlines())
    for line in text.splitlines():
        if line.startswith("#"):  # comments come from the repository's file…
            assert line in repo_lines
            assert not any(slug in line for slug in SAMPLE_REPORTS)  # …but not the samples'


def test_starter_glossary_keeps_sections_with_entries_and_prunes_see_also():
    text = """\
# head
#
# more head

# --- A ---

- term: 甲
  definition: d
  source: {report: sample, item: 1}

- term: 乙
  definition: d  # kept comment
  see_also: [甲, 丙]
  source: {editorial: x}

- term: 丙
  definition: d
  see_also:
    - 甲
  category: y
  source: {editorial: x}

# --- B: all from the sample ---
- term: 丁
  definition: d
  source: {report: sample, item: 2}
# --- C ---
- term: 戊
  definition: d
  source: {report: mine, item: 2}
"""
    starter = starter_glossary(text, {"sample"})
    assert (
        starter.text
        == """\
# head
#
# more head

# --- A ---

- term: 乙
  definition: d  # kept comment
  see_also: [丙]
  source: {editorial: x}

- term: 丙
  definition: d
  category: y
  source: {editorial: x}
# --- C ---
- term: 戊
  definition: d
  source: {report: mine, item: 2}
"""
    )
    assert (starter.kept, starter.left_out) == (3, 2)


def test_new_refuses_a_folder_that_is_not_empty_or_a_file(tmp_path):
    folder = tmp_path / "taken"
    folder.mkdir()
    (folder / "notes.txt").write_text("mine", encoding="utf-8")
    refused = run("new", str(folder))
    assert refused.returncode == 1
    assert refused.stderr.startswith(f"error: {folder}: is a folder that is not empty")
    assert [p.name for p in folder.iterdir()] == ["notes.txt"]  # nothing made, nothing lost
    assert (folder / "notes.txt").read_text(encoding="utf-8") == "mine"

    refused = run("new", str(folder / "notes.txt"))
    assert refused.returncode == 1 and "is a file" in refused.stderr

    empty = tmp_path / "empty"
    empty.mkdir()
    assert run("new", str(empty)).returncode == 0
    assert (empty / "glossary.yml").is_file()


# --- entries citing a report that is not in content/ ------------------------------------


def project_without_sample_reports(root: Path) -> Path:
    """This repository's project with its sample reports (content and seeds) removed."""
    for name in ("templates", "static"):
        shutil.copytree(REPO / name, root / name)
    for name in ("glossary.yml", "site.yml"):
        shutil.copy(REPO / name, root / name)
    (root / "content").mkdir()
    (root / "seeds").mkdir()
    return root


def orphans(root: Path) -> list[tuple[str, str, int]]:
    return [(t, r, n) for t, r, n in glossary_entries(root / "glossary.yml") if r]


def test_entries_citing_removed_reports_still_build_and_warn_once_each(tmp_path):
    project = project_without_sample_reports(tmp_path / "project")
    expected = orphans(project)
    assert expected  # the repository's glossary does cite its sample reports
    out = tmp_path / "out"
    built = run("build", "--out", str(out), root=project)
    assert built.returncode == 0, built.stderr
    warnings = [line for line in built.stderr.splitlines() if line.startswith("warning: ")]
    assert len(warnings) == len(expected) == len(built.stderr.splitlines())
    for term, report, line in expected:
        named = f"glossary.yml:{line}: the entry for '{term}' cites report '{report}'"
        assert sum(named in warning for warning in warnings) == 1, term
    assert all("not in content/" in warning for warning in warnings)

    # The entry is still used: its term page shows the definition, the source as text.
    term, report, _ = expected[0]
    pages = [p for p in (out / "terms").glob("*/index.html") if f"<h1>{term}</h1>" in p.read_text()]
    assert len(pages) == 1
    page = pages[0].read_text(encoding="utf-8")
    assert f"报告 {report}（本站未收录）" in page
    assert f"reports/{report}/" not in page


def test_check_lists_each_entry_citing_a_missing_report(tmp_path):
    project = project_without_sample_reports(tmp_path / "project")
    out = tmp_path / "out"
    assert run("build", "--out", str(out), root=project).returncode == 0
    checked = run("check", "--site", str(out), root=project)
    assert checked.returncode == 1  # check is the "ready to publish" gate
    problems = checked.stdout.splitlines()
    expected = orphans(project)
    assert len(problems) == len(expected)  # and nothing else: no broken link to a report
    for term, _, line in expected:
        assert sum(f":{line}: the entry for '{term}'" in p for p in problems) == 1
    assert f"{len(expected)} problems" in checked.stderr


def test_the_preview_warns_once_not_at_every_rebuild(tmp_path, capsys):
    project = project_without_sample_reports(tmp_path / "project")
    builder = SiteBuilder(project, with_search=False)
    builder.build()
    first = capsys.readouterr().err.splitlines()
    assert len(first) == len(orphans(project))
    builder.build()
    assert capsys.readouterr().err == ""
