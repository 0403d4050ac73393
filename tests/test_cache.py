"""The build cache (.jiedu-cache/): reused after `rm -rf site`, never turned into a wrong
page when damaged, pruned to what the last build used, and invisible in the output."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from jiedu.cache import CACHE_DIR, BuildCache, object_digest

from .conftest import REPO, make_project

REPORT = "2021-linzi-report"


def run_build(root: Path, *extra: str) -> str:
    result = subprocess.run(
        [sys.executable, str(REPO / "build.py"), "--root", str(root), "build", *extra],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout


def all_files(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in folder.rglob("*")
        if p.is_file() and p.name != ".jiedu-build"  # its stat fingerprint holds inode numbers
    }


def cache_files(root: Path, kind: str) -> list[Path]:
    return sorted(p for p in (root / CACHE_DIR / kind).glob("*/*") if p.is_file())


@pytest.fixture(scope="module")
def reference(tmp_path_factory) -> tuple[Path, dict[str, bytes]]:
    """A project, and its site as a build without any cache writes it."""
    root = make_project(tmp_path_factory.mktemp("cache") / "project")
    run_build(root, "--no-cache", "--out", str(root / "uncached"))
    assert not (root / CACHE_DIR).exists()  # --no-cache writes none either
    files = all_files(root / "uncached")
    shutil.rmtree(root / "uncached")
    return root, files


@pytest.fixture
def cached(reference, tmp_path) -> tuple[Path, dict[str, bytes]]:
    """A copy of the project with its cache filled by one build, and its site removed."""
    source, files = reference
    root = tmp_path / "project"
    shutil.copytree(source, root)
    run_build(root)
    shutil.rmtree(root / "site")
    return root, files


def test_a_build_after_removing_the_site_comes_from_the_cache_unchanged(cached):
    root, expected = cached
    output = run_build(root)
    assert "from cache" in output and "reports" not in output  # nothing was rendered
    assert all_files(root / "site") == expected
    assert run_build(root).startswith("Nothing changed")


def test_an_edited_report_is_rendered_again_and_the_others_come_from_the_cache(cached):
    root, _ = cached
    source = root / "content" / f"{REPORT}.md"
    source.write_text(source.read_text(encoding="utf-8") + "\n新增一段。\n", encoding="utf-8")
    run_build(root, "--out", str(root / "from-cache"))
    run_build(root, "--no-cache", "--out", str(root / "fresh"))
    page = (root / "from-cache" / "reports" / REPORT / "index.html").read_text(encoding="utf-8")
    assert "新增一段。" in page
    assert all_files(root / "from-cache") == all_files(root / "fresh")


def test_the_cache_keeps_only_what_the_last_build_used(cached):
    root, _ = cached
    run_build(root)
    old_page = object_digest((root / "site" / "reports" / REPORT / "index.html").read_bytes())
    assert old_page in {p.parent.name + p.name for p in cache_files(root, "objects")}
    source = root / "content" / f"{REPORT}.md"
    source.write_text(source.read_text(encoding="utf-8") + "\n新增一段。\n", encoding="utf-8")
    run_build(root)
    objects = {p.parent.name + p.name for p in cache_files(root, "objects")}
    assert old_page not in objects  # the edited report's old page is gone
    # Every object left is a file of the site or a value an entry names.
    site = {object_digest(data) for data in all_files(root / "site").values()}
    named = set()
    for entry in cache_files(root, "entries"):
        named |= {line.split(" ")[0] for line in entry.read_text().splitlines()[2:-1]}
    assert objects <= site | named


def test_another_version_of_jiedu_does_not_read_the_cache(cached):
    root, _ = cached
    mine = BuildCache(root / CACHE_DIR, "version one")
    mine.put("key", {"value": b"made by version one"})
    assert mine.get("key") == {"value": b"made by version one"}
    assert BuildCache(root / CACHE_DIR, "version two").get("key") is None


def damage(path: Path, how: str) -> None:
    data = path.read_bytes()
    if how == "truncate":
        path.write_bytes(data[: len(data) // 2])
    elif how == "flip" and data:  # (.nojekyll is empty)
        middle = len(data) // 2
        path.write_bytes(data[:middle] + bytes([data[middle] ^ 0x20]) + data[middle + 1 :])
    elif how == "empty":
        path.write_bytes(b"")
    elif how == "foreign":
        path.write_bytes("不是缓存文件\n".encode() * 50)


@pytest.mark.parametrize("how", ["truncate", "flip", "empty", "foreign"])
@pytest.mark.parametrize("kind", ["objects", "entries"])
def test_a_damaged_cache_file_is_rebuilt_never_served(cached, kind, how):
    root, expected = cached
    for path in cache_files(root, kind):
        damage(path, how)
    assert all_files(_rebuilt(root)) == expected
    # The damaged files were replaced by good ones: the next build is all from the cache.
    shutil.rmtree(root / "site")
    output = run_build(root)
    assert "reports" not in output
    assert all_files(root / "site") == expected


@pytest.mark.parametrize("kind", ["objects", "entries"])
def test_swapped_cache_files_are_rebuilt_never_served(cached, kind):
    root, expected = cached
    files = cache_files(root, kind)
    # Each file gets the bytes of the next one: every name now holds another's content.
    contents = [path.read_bytes() for path in files]
    for path, data in zip(files, contents[1:] + contents[:1], strict=True):
        path.write_bytes(data)
    assert all_files(_rebuilt(root)) == expected


def _rebuilt(root: Path) -> Path:
    shutil.rmtree(root / "site", ignore_errors=True)
    run_build(root)
    return root / "site"


@settings(
    max_examples=8, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(choice=st.integers(min_value=0), at=st.integers(min_value=0), byte=st.integers(0, 255))
def test_any_byte_of_any_cache_file_changed_still_gives_the_right_site(cached, choice, at, byte):
    root, expected = cached
    files = cache_files(root, "objects") + cache_files(root, "entries")
    path = files[choice % len(files)]
    data = bytearray(path.read_bytes())
    if data:
        data[at % len(data)] = byte
    path.write_bytes(bytes(data))
    assert all_files(_rebuilt(root)) == expected


def test_report_pages_are_written_as_they_are_made_not_held_to_the_end(project, monkeypatch):
    """The build hands each page to its writer before rendering the next report, so memory
    holds one page at a time, not the whole archive."""
    import jiedu.report_pages
    from jiedu.project import load_project
    from jiedu.site import build_site
    from jiedu.write import FilesInMemory

    events = []
    render = jiedu.report_pages._PageRenderer.__call__

    def rendering(self, job):
        events.append(("render", self.project.reports[job[0]].slug))
        return render(self, job)

    class Recording(FilesInMemory):
        def add(self, path, data):
            if path.startswith("reports/"):
                events.append(("write", path.split("/")[1]))
            return super().add(path, data)

    monkeypatch.setattr(jiedu.report_pages._PageRenderer, "__call__", rendering)
    build_site(load_project(project), Recording(), with_search=False)
    slugs = [slug for kind, slug in events if kind == "render"]
    assert len(slugs) >= 3
    assert events[: 2 * len(slugs)] == [(kind, s) for s in slugs for kind in ("render", "write")]


@pytest.mark.parametrize("with_cache", [False, True])
def test_workers_and_the_search_process_write_the_same_site_to_disk(
    project, tmp_path, monkeypatch, with_cache
):
    """With worker processes and the search index written to disk by its own process, the
    site on disk is the one an in-process build makes, with and without a cache; and the
    cache then gives the same site again."""
    import jiedu.workers
    from jiedu.project import load_project
    from jiedu.site import build_files, build_site
    from jiedu.write import SiteWriter

    expected = build_files(load_project(project))
    monkeypatch.setattr(jiedu.workers, "PARALLEL_FROM", 2)
    cache = BuildCache(tmp_path / CACHE_DIR, "test") if with_cache else None
    for run in range(2 if with_cache else 1):
        out = tmp_path / f"site-{run}"
        with SiteWriter(out, cache) as writer:
            build_site(load_project(project), writer, cache=cache)
            writer.commit()
        assert all_files(out) == expected
        assert sorted(writer.paths()) == sorted(expected)


def test_the_code_version_covers_jiedus_code_its_data_and_libraries(monkeypatch):
    import jiedu.cache

    version = jiedu.cache.code_version()
    assert jiedu.cache.code_version() == version  # the same code: the same version
    monkeypatch.setattr(jiedu.cache, "_version", lambda name: "another")
    assert jiedu.cache.code_version() != version  # another release of a library
    monkeypatch.undo()
    data = REPO / "jiedu" / "data" / "divisions.txt"
    read = Path.read_bytes

    def reading(path: Path) -> bytes:  # the division table as another Jiedu has it
        return read(path) + b"\n" if path == data else read(path)

    monkeypatch.setattr(Path, "read_bytes", reading)
    assert jiedu.cache.code_version() != version


def test_a_body_read_back_from_the_cache_is_the_body_without_its_html():
    import dataclasses

    from jiedu.cache_values import body_bytes, body_from_bytes
    from jiedu.project import load_project
    from jiedu.site import report_entries

    project = load_project(REPO)
    entries = report_entries(project)
    assert any(e.rendered.targets for e in entries) and any(e.rendered.occurrences for e in entries)
    for entry in entries:
        back = body_from_bytes(body_bytes(entry.rendered))
        assert back == dataclasses.replace(entry.rendered, html="")


json_values = st.recursive(
    st.none() | st.booleans() | st.integers(-(2**40), 2**40) | st.text(max_size=4),
    lambda inner: (
        st.lists(inner, max_size=5)
        | st.dictionaries(st.sampled_from(["toc", "text", "occurrences", "targets"]), inner)
    ),
    max_leaves=30,
)


@given(json_values)
def test_whatever_json_a_cache_object_holds_is_read_as_a_body_or_as_nothing(value):
    import json

    from jiedu.cache_values import body_from_bytes
    from jiedu.markdown import Rendered

    read = body_from_bytes(json.dumps(value).encode())
    assert read is None or isinstance(read, Rendered)
