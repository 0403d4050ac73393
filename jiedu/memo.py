"""Remember results by a fingerprint of their inputs, so a rebuild redoes only what changed."""

from __future__ import annotations

import hashlib
import os
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from jiedu.config import ProjectPaths

T = TypeVar("T")
_MISSING = object()
# A file in a built site: the fingerprints of the inputs it came from (stat, then contents).
BUILD_STAMP = ".jiedu-build"


def fingerprint(*parts: object) -> str:
    """A short digest of plain data (str, bytes, numbers, tuples, None, dataclasses by repr)."""
    digest = hashlib.blake2b(digest_size=16)
    _feed(digest, parts)
    return digest.hexdigest()


def _feed(digest, part: object) -> None:
    if isinstance(part, (tuple, list)):
        digest.update(b"(%d" % len(part))
        for item in part:
            _feed(digest, item)
        return
    if isinstance(part, bytes):
        data = part
    elif isinstance(part, str):
        data = part.encode("utf-8", "surrogatepass")
    else:
        data = repr(part).encode("utf-8")
    # Length-prefixed and typed, so ("ab", "c") and ("a", "bc") differ.
    digest.update(type(part).__name__.encode() + len(data).to_bytes(8, "little"))
    digest.update(data)


class Memo:
    """A cache that keeps only what the latest build used (sweep() drops the rest).

    Memo(remember=False), for a single build, keeps nothing and never computes a key:
    keys may be given as functions so that such a build does not pay for them."""

    def __init__(self, remember: bool = True) -> None:
        self.remember = remember
        # What this build used, and what the one before kept that this one has not used
        # yet: a value moves on its first use, so sweep() only lets go of the older half.
        self._used: dict[str, object] = {}
        self._kept: dict[str, object] = {}

    def get(self, key: str | Callable[[], str], compute: Callable[[], T]) -> T:
        if not self.remember:
            return compute()
        if not isinstance(key, str):
            key = key()
        value = self._take(key)
        if value is _MISSING:
            value = self._used[key] = compute()
        return value  # type: ignore[return-value]

    def recall(self, key: str):
        """The value under `key` (now used), or None if there is none."""
        value = self._take(key)
        return None if value is _MISSING else value

    def _take(self, key: str):
        value = self._used.get(key, _MISSING)
        if value is _MISSING:
            value = self._kept.pop(key, _MISSING)
            if value is not _MISSING:
                self._used[key] = value
        return value

    def has(self, key: str) -> bool:
        return key in self._used or key in self._kept

    def put(self, key: str, value: object) -> None:
        if self.remember:
            self._kept.pop(key, None)
            self._used[key] = value

    def sweep(self) -> None:
        self._kept, self._used = self._used, {}


def input_files(root: Path) -> list[str]:
    """Everything a build reads, and Jiedu's own code, in a fixed order."""
    paths = ProjectPaths(root)
    code = Path(__file__).resolve().parent  # Jiedu itself
    files = [str(p) for p in (paths.glossary, paths.config) if p.is_file()]
    folders = (paths.content, paths.seeds, *paths.template_folders, *paths.static_folders, code)
    for folder in folders:
        files += sorted(_files_under(str(folder)))
    return files


def _files_under(folder: str) -> list[str]:
    """The files below `folder` (none if it is missing), without the .pyc of Jiedu's code."""
    found = []
    try:
        entries = list(os.scandir(folder))
    except (FileNotFoundError, NotADirectoryError):
        return found
    for entry in entries:
        if entry.is_dir(follow_symlinks=False):  # as rglob: no loops through links
            found += _files_under(entry.path)
        elif entry.is_file() and not entry.name.endswith(".pyc"):
            found.append(entry.path)
    return found


def inputs_fingerprint(files: list[str], base_url: str | None) -> str:
    """The contents of the inputs (input_files()): equal fingerprints, equal sites."""
    return fingerprint(base_url, *((path, _read(path)) for path in files))


def _read(path: str) -> bytes:
    with open(path, "rb") as file:
        return file.read()


def inputs_stat_fingerprint(files: list[str], base_url: str | None) -> str:
    """The sizes and change times of the inputs (input_files()), read without opening a
    file. Any write to a file sets its ctime (which, unlike mtime, no program can set back),
    so an unchanged value means unchanged files."""
    lines = []
    for path in files:
        s = os.stat(path)
        lines.append(f"{path}\x1f{s.st_ino} {s.st_size} {s.st_mtime_ns} {s.st_ctime_ns}")
    return fingerprint(base_url, "\n".join(lines))  # one string: hashed at once, fast
