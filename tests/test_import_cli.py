"""`build.py import` and `build.py build` as an editor runs them on a project."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import yaml

from .conftest import REPO

SEED = "001_e9778d67e6610d54.txt"


def run(project: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, str(REPO / "build.py"), "--root", str(project), *args],
        capture_output=True,
        text=True,
    )


def new_project(tmp_path: Path, seeds: list[str]) -> Path:
    project = tmp_path / "project"
    for folder in ("templates", "static"):
        shutil.copytree(REPO / folder, project / folder)
    (project / "seeds").mkdir()
    for name in seeds:
        shutil.copy(REPO / "seeds" / name, project / "seeds" / name)
    return project


def test_import_writes_content_and_the_reports_glossary(tmp_path):
    project = new_project(tmp_path, [SEED, "000_16824cc927a6dc90.txt"])
    result = run(project, "import")
    assert result.returncode == 0, result.stderr
    assert "001_e9778d67e6610d54.txt: read as utf_8, 1 document(s)" in result.stdout
    assert "content/2021-01-13-linziqu-report.md: written" in result.stdout
    assert "dropped: 扫描“鲁中晨报”APP二维码查看更多专题内容" in result.stdout
    assert "glossary.yml: added 26 entries" in result.stdout
    entries = yaml.safe_load((project / "glossary.yml").read_text(encoding="utf-8"))
    assert len(entries) == 26
    assert entries[0]["source"] == {"report": "2021-01-13-linziqu-report", "item": 1}
    # Importing again changes nothing, and the glossary is not appended twice.
    again = run(project, "import")
    assert "content/2021-01-13-linziqu-report.md: unchanged" in again.stdout
    assert "glossary.yml" not in again.stdout
    assert len(yaml.safe_load((project / "glossary.yml").read_text(encoding="utf-8"))) == 26


def test_hand_edits_are_kept_unless_forced_and_then_backed_up(tmp_path):
    project = new_project(tmp_path, [SEED])
    run(project, "import")
    content = project / "content" / "2021-01-13-linziqu-report.md"
    edited = content.read_text(encoding="utf-8").replace("各位代表：", "各位代表（编辑改过）：")
    content.write_text(edited, encoding="utf-8")
    refused = run(project, "import")
    assert refused.returncode == 1
    assert "2021-01-13-linziqu-report.md" in refused.stderr and "--force" in refused.stderr
    assert content.read_text(encoding="utf-8") == edited
    forced = run(project, "import", "--force")
    assert forced.returncode == 0
    assert (project / "content" / "2021-01-13-linziqu-report.md.bak").read_text(
        encoding="utf-8"
    ) == edited
    assert "编辑改过" not in content.read_text(encoding="utf-8")


def test_a_bad_seed_is_reported_and_the_others_still_import(tmp_path):
    project = new_project(tmp_path, [SEED])
    (project / "seeds" / "broken.txt").write_bytes(bytes(range(256)) * 4)
    result = run(project, "import")
    assert result.returncode == 1
    assert "broken.txt" in result.stderr
    assert (project / "content" / "2021-01-13-linziqu-report.md").is_file()


def test_build_imports_seeds_that_have_no_content_file_yet(tmp_path):
    project = new_project(tmp_path, [SEED])
    result = run(project, "build")
    assert result.returncode == 0, result.stderr
    assert "content/2021-01-13-linziqu-report.md: written" in result.stdout
    page = project / "site" / "reports" / "2021-01-13-linziqu-report" / "index.html"
    assert 'href="#t_' in page.read_text(encoding="utf-8")
    assert run(project, "build").stdout.startswith("Nothing changed")


def test_each_document_gets_a_line_of_what_was_found_and_what_was_not(tmp_path):
    project = new_project(tmp_path, [SEED])
    (project / "seeds" / "no-head.txt").write_text(
        "各位代表：\n现在，我代表区人民政府向大会报告工作。\n一、过去一年工作回顾\n"
        "过去一年，临淄区经济运行稳中有进，临淄区生产总值增长5.5%。\n"
        "各位代表，让我们团结奋斗！\n",
        encoding="utf-8",
    )
    result = run(project, "import")
    assert result.returncode == 0, result.stderr
    assert "found: 政府工作报告 · 临淄区 · 2021-01-13 · 代理区长 宋磊 · report · " in result.stdout
    assert "26 glossary items · 1 dropped block" in result.stdout
    assert "not found: date, speaker, meeting (fill in by hand" in result.stdout


def test_an_importer_defect_names_the_file_and_the_others_still_import(tmp_path, monkeypatch):
    """The last line of defence: whatever the importer raises becomes an error naming the
    seed (the fuzz tests keep the importer itself from raising)."""
    from jiedu.config import ProjectPaths
    from jiedu.importer import project as importer_project

    project = new_project(tmp_path, [SEED, "000_16824cc927a6dc90.txt"])
    real = importer_project.import_seed

    def fails_on_one(seed):
        if seed.name == SEED:
            raise TypeError("ord() expected a character, but string of length 0 found")
        return real(seed)

    monkeypatch.setattr(importer_project, "import_seed", fails_on_one)
    seeds = sorted((project / "seeds").iterdir())
    report = importer_project.import_seeds(ProjectPaths(project), seeds)
    assert len(report.failures) == 1
    assert SEED in str(report.failures[0]) and "TypeError" in str(report.failures[0])
    assert (project / "content" / "2022-01-19-linziqu-summary.md").is_file()
