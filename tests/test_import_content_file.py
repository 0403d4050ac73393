"""Item 10: content files carry a hash of what the importer wrote; hand edits are never
overwritten without --force, which keeps a backup; an unchanged re-import writes nothing."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
import yaml

from jiedu.errors import JieduError
from jiedu.importer import (
    import_seed,
    import_text,
    is_hand_edited,
    render_content_file,
    write_content_file,
)

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "seeds" / "003_1b5cf71f539affb1.txt"
OLD = 1_000_000_000_000_000_000  # an mtime in nanoseconds, long ago


@pytest.fixture
def doc():
    (document,) = import_seed(SEED).documents
    return document


def test_rendered_file_is_front_matter_then_body(doc):
    text = render_content_file(doc)
    _, front, body = text.split("---\n", 2)
    data = yaml.safe_load(front)
    assert list(data) == [*doc.front_matter, "import_hash"]
    assert data["title"] == doc.front_matter["title"]  # Chinese written as is, not escaped
    assert "\\u" not in front
    assert body == "\n" + doc.body
    assert not is_hand_edited(text)


def test_write_then_unchanged_writes_nothing(doc, tmp_path):
    assert write_content_file(doc, tmp_path) == "written"
    path = tmp_path / f"{doc.slug}.md"
    assert path.read_text(encoding="utf-8") == render_content_file(doc)
    os.utime(path, ns=(OLD, OLD))
    assert write_content_file(doc, tmp_path) == "unchanged"
    assert path.stat().st_mtime_ns == OLD
    assert sorted(p.name for p in tmp_path.iterdir()) == [path.name]


def test_a_new_import_replaces_an_unedited_file(doc, tmp_path):
    write_content_file(doc, tmp_path)
    text = SEED.read_text(encoding="utf-8").replace(
        "年内新增上市挂牌企业12家", "年内新增上市挂牌企业15家"
    )
    (newer,) = import_text(text, SEED.name)
    assert write_content_file(newer, tmp_path) == "written"
    assert "15家" in (tmp_path / f"{doc.slug}.md").read_text(encoding="utf-8")
    assert not list(tmp_path.glob("*.bak*"))


def test_a_hand_edited_file_is_refused_by_name(doc, tmp_path):
    write_content_file(doc, tmp_path)
    path = tmp_path / f"{doc.slug}.md"
    edited = path.read_text(encoding="utf-8").replace("让保障体系更暖心", "让保障体系更加暖心")
    path.write_text(edited, encoding="utf-8")
    assert is_hand_edited(edited)
    with pytest.raises(JieduError) as caught:
        write_content_file(doc, tmp_path)
    assert str(path) in str(caught.value)
    assert "edited by hand" in str(caught.value) and "--force" in str(caught.value)
    assert path.read_text(encoding="utf-8") == edited


def test_force_keeps_numbered_backups(doc, tmp_path):
    write_content_file(doc, tmp_path)
    path = tmp_path / f"{doc.slug}.md"
    for n, edit in enumerate(["第一次修改", "第二次修改"]):
        path.write_text(path.read_text(encoding="utf-8") + edit + "\n", encoding="utf-8")
        assert write_content_file(doc, tmp_path, force=True) == "backed-up-and-written"
        backup = path.with_name(path.name + (".bak" if n == 0 else ".bak.1"))
        assert backup.read_text(encoding="utf-8").endswith(edit + "\n")
        assert path.read_text(encoding="utf-8") == render_content_file(doc)


def test_a_file_made_by_hand_counts_as_edited(doc, tmp_path):
    path = tmp_path / f"{doc.slug}.md"
    path.write_text("---\ntitle: 手写\n---\n\n正文\n", encoding="utf-8")
    with pytest.raises(JieduError, match="edited by hand"):
        write_content_file(doc, tmp_path)


def test_crlf_line_ends_alone_are_no_edit(doc, tmp_path):
    """git on Windows may check files out with CRLF; that changes no content."""
    write_content_file(doc, tmp_path)
    path = tmp_path / f"{doc.slug}.md"
    path.write_bytes(path.read_bytes().replace(b"\n", b"\r\n"))
    assert write_content_file(doc, tmp_path) == "unchanged"


def test_two_seeds_never_overwrite_each_other(doc, tmp_path):
    write_content_file(doc, tmp_path)
    (other,) = import_text(SEED.read_text(encoding="utf-8"), "another-seed.txt")
    assert other.slug == doc.slug
    with pytest.raises(JieduError, match="another-seed.txt"):
        write_content_file(other, tmp_path)


def test_written_files_are_readable_by_others(doc, tmp_path):
    write_content_file(doc, tmp_path)
    assert (tmp_path / f"{doc.slug}.md").stat().st_mode & 0o044 == 0o044
