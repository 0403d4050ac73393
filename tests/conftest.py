"""Shared fixtures: small projects built from fixture content with the real templates."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"


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
