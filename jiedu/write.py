"""Write a built site to disk: all into a staging folder, then swap it into place.

A failed build never gets here, and a failed write leaves the previous site untouched.
A file whose bytes are the same as in the previous site is hard-linked from it rather
than written again: it keeps its modification time, and no new file is created (ext4
creates files slowly for a while after thousands were deleted, as each build's swap does).
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path, PurePosixPath

from jiedu.errors import JieduError


def safe_relative(path: str) -> PurePosixPath:
    """Refuse output paths that would land outside the output folder."""
    relative = PurePosixPath(path)
    if relative.is_absolute() or ".." in relative.parts or not relative.parts:
        raise JieduError(path, "output path escapes the site folder")
    return relative


def write_site(files: dict[str, bytes], out_dir: Path) -> None:
    out_dir = out_dir.resolve()
    staging = out_dir.with_name(f".{out_dir.name}.building")
    previous = out_dir.with_name(f".{out_dir.name}.previous")
    for leftover in (staging, previous):
        if leftover.exists():
            shutil.rmtree(leftover)
    try:
        write_files(files, staging, out_dir if out_dir.is_dir() else None)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    if out_dir.exists():
        os.replace(out_dir, previous)
    os.replace(staging, out_dir)
    shutil.rmtree(previous, ignore_errors=True)


def write_files(files: dict[str, bytes], out_dir: Path, previous: Path | None = None) -> None:
    """Write files under out_dir, linking those that are unchanged in `previous`."""
    made: set[Path] = set()
    for path in sorted(files):
        relative = safe_relative(path)
        target = out_dir.joinpath(relative)
        if target.parent not in made:
            target.parent.mkdir(parents=True, exist_ok=True)
            made.add(target.parent)
        data = files[path]
        if previous is not None and _link_if_unchanged(previous.joinpath(relative), data, target):
            continue
        target.write_bytes(data)


def _link_if_unchanged(old: Path, data: bytes, target: Path) -> bool:
    try:
        if old.stat().st_size != len(data) or old.read_bytes() != data:
            return False
        os.link(old, target)
    except OSError:  # no such file, or a file system without hard links: write it
        return False
    return True
