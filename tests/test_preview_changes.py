"""The preview told which files changed (by its watcher): it looks at those only, and the
site it then builds is the site a fresh build makes."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from jiedu.errors import JieduError
from jiedu.preview_build import SiteBuilder
from jiedu.project import load_project
from jiedu.site import build_files


def fresh(project: Path) -> dict[str, bytes]:
    return build_files(load_project(project), with_search=False)


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def save_by_rename(path: Path, old: str, new: str) -> None:
    """As many editors save: a new file, renamed over the old one."""
    text = path.read_text(encoding="utf-8")
    temporary = path.with_name(path.name + ".tmp")
    temporary.write_text(text.replace(old, new, 1), encoding="utf-8")
    os.replace(temporary, path)


def changes(project: Path, *names: str) -> frozenset[str]:
    """Absolute paths, as the watcher gives them."""
    return frozenset(str((project / "content" / name).absolute()) for name in names)


@pytest.mark.parametrize("save", [edit, save_by_rename], ids=["in place", "by rename"])
def test_an_edited_report_it_is_told_of_is_built_as_a_fresh_build_would(project, save):
    builder = SiteBuilder(project, with_search=False)
    builder.build()
    save(project / "content" / "2022-zhangdian.md", "人民代表大会", "人民代表会议")
    named = "2022-zhangdian.md", "2022-zhangdian.md.tmp"
    rebuilt = builder.build(changes(project, *named))
    assert "人民代表会议" in rebuilt["reports/2022-zhangdian/index.html"].decode()
    assert rebuilt == fresh(project)


def test_added_removed_and_renamed_reports_are_seen(project):
    content = project / "content"
    builder = SiteBuilder(project, with_search=False)
    builder.build()
    text = (content / "2022-zhangdian.md").read_text(encoding="utf-8")
    (content / "2023-zhangdian.md").write_text(text.replace("2022-01-20", "2023-01-20"), "utf-8")
    (content / "2022-linzi-news.md").unlink()
    os.rename(content / "2021-linzi-report.md", content / "2021-linzi.md")
    named = "2023-zhangdian.md", "2022-linzi-news.md", "2021-linzi-report.md", "2021-linzi.md"
    rebuilt = builder.build(changes(project, *named))
    assert "reports/2023-zhangdian/index.html" in rebuilt
    assert "reports/2022-linzi-news/index.html" not in rebuilt
    assert "reports/2021-linzi/index.html" in rebuilt
    assert rebuilt == fresh(project)


def test_a_report_it_is_not_told_of_is_not_looked_at_again(project):
    builder = SiteBuilder(project, with_search=False)
    before = builder.build()
    edit(project / "content" / "2022-zhangdian.md", "人民代表大会", "人民代表会议")
    elsewhere = frozenset({str((project / "glossary.yml").absolute())})
    assert builder.build(elsewhere) == before
    # Told nothing (a build of its own, as the first one is), it looks at every file.
    assert "人民代表会议" in builder.build()["reports/2022-zhangdian/index.html"].decode()


@pytest.mark.parametrize("where", ["", "drafts/new.md"], ids=["the folder", "a subfolder"])
def test_a_change_to_the_folder_itself_makes_it_look_at_every_file(project, where):
    builder = SiteBuilder(project, with_search=False)
    builder.build()
    edit(project / "content" / "2022-zhangdian.md", "人民代表大会", "人民代表会议")
    folder = str((project / "content").absolute())
    rebuilt = builder.build(frozenset({os.path.join(folder, where) if where else folder}))
    assert "人民代表会议" in rebuilt["reports/2022-zhangdian/index.html"].decode()
    assert rebuilt == fresh(project)


def test_a_report_broken_in_a_failed_build_stays_broken_until_it_is_fixed(project):
    builder = SiteBuilder(project, with_search=False)
    builder.build()
    broken = project / "content" / "2022-zhangdian.md"
    good = broken.read_text(encoding="utf-8")
    broken.write_text(good.replace("kind: news", "kind: speech"), encoding="utf-8")
    with pytest.raises(JieduError):
        builder.build(changes(project, "2022-zhangdian.md"))
    # An unrelated save next: the broken report is still looked at, and still fails.
    edit(project / "content" / "2022-linzi-news.md", "title: 聚力打造", "title: 全力打造")
    with pytest.raises(JieduError) as caught:
        builder.build(changes(project, "2022-linzi-news.md"))
    assert caught.value.path == str(broken)
    broken.write_text(good, encoding="utf-8")
    assert builder.build(changes(project, "2022-zhangdian.md")) == fresh(project)
