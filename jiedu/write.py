"""Write a built site to disk: into a staging folder as its files come, then swap it into
place.

A failed build or write leaves the previous site untouched (the staging folder is removed).
With a build cache, every file is stored as a cache object and hard-linked into the site;
without one, a file whose bytes are the same as in the previous site is hard-linked from
it. Either way unchanged files keep their modification time and no new file is created
(ext4 creates files slowly for a while after thousands were deleted, as each build's swap
does).
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING

from jiedu.errors import JieduError

if TYPE_CHECKING:
    from jiedu.cache import BuildCache


def safe_relative(path: str) -> PurePosixPath:
    """Refuse output paths that would land outside the output folder."""
    relative = PurePosixPath(path)
    if relative.is_absolute() or ".." in relative.parts or not relative.parts:
        raise JieduError(path, "output path escapes the site folder")
    return relative


class FilesInMemory:
    """A site's files kept as {path: bytes} (tests, the live preview)."""

    def __init__(self) -> None:
        self.files: dict[str, bytes] = {}

    def add(self, path: str, data: bytes) -> str | None:
        self.files[path] = data
        return None

    def add_object(self, path: str, digest: str) -> bool:
        return False  # no cache: the caller makes the file

    def paths(self) -> list[str]:
        return list(self.files)


class SiteWriter:
    """Writes files into a staging folder as they come; commit() puts it in out_dir's place.

    Used as a context manager: leaving it by an exception removes the staging folder."""

    def __init__(self, out_dir: Path, cache: BuildCache | None = None) -> None:
        self.out_dir = out_dir.resolve()
        self.cache = cache
        self.staging = self.out_dir.with_name(f".{self.out_dir.name}.building")
        self.previous = self.out_dir if self.out_dir.is_dir() else None
        self.digests: dict[str, str] = {}  # path -> cache object (with a cache)
        self._paths: dict[str, None] = {}  # in the order they came, each once
        self._made: set[Path] = set()

    def __enter__(self) -> SiteWriter:
        shutil.rmtree(self.staging, ignore_errors=True)
        self.staging.mkdir(parents=True)
        return self

    def __exit__(self, kind, error, traceback) -> None:
        if kind is not None:
            shutil.rmtree(self.staging, ignore_errors=True)

    def add(self, path: str, data: bytes, cached: bool = True) -> str | None:
        """Write a file; with a cache (and cached), returns the object it is stored as."""
        target = self._target(path)
        if self.cache is not None and cached:
            digest = self.digests[path] = self.cache.put_object(data)
            if not _link(self.cache.object_path(digest), target):
                target.write_bytes(data)
            return digest
        if self.previous is None or not _link_if_unchanged(
            self.previous / safe_relative(path), data, target
        ):
            target.write_bytes(data)
        return None

    def add_object(self, path: str, digest: str) -> bool:
        """Link a cache object into the site if it is intact (read and checked first)."""
        data = self.cache.read_object(digest) if self.cache else None
        if data is None:
            return False
        target = self._target(path)
        if not _link(self.cache.object_path(digest), target):
            target.write_bytes(data)
        self.digests[path] = digest
        return True

    def register(self, path: str, digest: str | None) -> None:
        """A file another process wrote into the staging folder (with this writer's cache,
        as the object `digest`)."""
        self._paths[path] = None
        if digest is not None:
            self.digests[path] = digest

    def paths(self) -> list[str]:
        return list(self._paths)

    def clear(self) -> None:
        """Forget every file added so far."""
        shutil.rmtree(self.staging)
        self.staging.mkdir(parents=True)
        self.digests, self._paths, self._made = {}, {}, set()

    def commit(self) -> None:
        previous = self.out_dir.with_name(f".{self.out_dir.name}.previous")
        shutil.rmtree(previous, ignore_errors=True)
        if self.out_dir.exists():
            os.replace(self.out_dir, previous)
        os.replace(self.staging, self.out_dir)
        shutil.rmtree(previous, ignore_errors=True)

    def _target(self, path: str) -> Path:
        target = self.staging.joinpath(safe_relative(path))
        if target.parent not in self._made:
            target.parent.mkdir(parents=True, exist_ok=True)
            self._made.add(target.parent)
        self._paths[path] = None
        return target


def write_site(files: dict[str, bytes], out_dir: Path) -> None:
    """Write {path: bytes} as the site in out_dir (replacing what was there)."""
    with SiteWriter(out_dir) as writer:
        for path in sorted(files):
            writer.add(path, files[path])
        writer.commit()


def _link(source: str | Path, target: Path) -> bool:
    try:
        os.link(source, target)
    except FileExistsError:
        target.unlink()
        return _link(source, target)
    except OSError:  # a file system without hard links: the caller writes the file
        return False
    return True


def _link_if_unchanged(old: Path, data: bytes, target: Path) -> bool:
    try:
        if old.stat().st_size != len(data) or old.read_bytes() != data:
            return False
        os.link(old, target)
    except OSError:  # no such file, or a file system without hard links: write it
        return False
    return True
