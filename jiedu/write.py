"""Write a built site to disk: all into a staging folder, then swap it into place.

A failed build never gets here, and a failed write leaves the previous site untouched.
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
        write_files(files, staging)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    if out_dir.exists():
        os.replace(out_dir, previous)
    os.replace(staging, out_dir)
    shutil.rmtree(previous, ignore_errors=True)


def write_files(files: dict[str, bytes], out_dir: Path) -> None:
    """Write files under out_dir (created fresh files are much faster than overwrites)."""
    made: set[Path] = set()
    for path in sorted(files):
        target = out_dir.joinpath(safe_relative(path))
        if target.parent not in made:
            target.parent.mkdir(parents=True, exist_ok=True)
            made.add(target.parent)
        target.write_bytes(files[path])
