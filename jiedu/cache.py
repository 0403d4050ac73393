"""The build cache: results kept on disk from one build to the next, in .jiedu-cache/.

Two kinds of file, both written to a temporary name and renamed, so a build that stops
half-way leaves no half-written file under a real name:

- objects/ab/cdef…: bytes, named by their own digest. A file whose bytes no longer match its
  name (truncated, damaged, swapped with another) is deleted and rebuilt, never used.
- entries/ab/cdef…: what a key (a fingerprint of a result's inputs and of Jiedu's code) gave:
  named values, each an object's digest. An entry repeats its key and ends with a digest of
  itself, so a damaged entry, or one moved under another key's name, is never used either.

Values are bytes; callers turn their results into bytes and back (jiedu.cache_values).
A build marks what it used; prune() then deletes everything else, so the cache stays the
size of what the last build needed.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
from importlib import metadata
from pathlib import Path

from jiedu.memo import fingerprint

CACHE_DIR = ".jiedu-cache"
_FORMAT = "jiedu-cache 1"
# The libraries whose versions can change what a build writes.
_LIBRARIES = ("Jinja2", "markdown-it-py", "markdown-it-pyrs", "jieba", "pypinyin", "PyYAML")


def code_version() -> str:
    """Jiedu's own code and data (jiedu/data/divisions.txt…) and the libraries it renders
    with: a cache made by other code is never used."""
    code = Path(__file__).resolve().parent
    sources = [
        (str(p.relative_to(code)), p.read_bytes())
        for p in sorted(code.rglob("*"))
        if p.is_file() and "__pycache__" not in p.parts
    ]
    return fingerprint(sources, [_version(name) for name in _LIBRARIES])


def _version(name: str) -> str:
    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return "none"


def object_digest(data: bytes) -> str:
    # SHA-256, cut to 128 bits: with the CPU's SHA instructions twice blake2b's speed here,
    # and a cold build of 10,000 reports hashes about a GB of pages and bodies.
    return hashlib.sha256(data).hexdigest()[:32]


class BuildCache:
    """The cache folder of one project, as one build sees it."""

    def __init__(self, folder: Path, version: str) -> None:
        self.folder = folder
        self.version = version
        self._used_entries: set[str] = set()
        self._used_objects: set[str] = set()
        self._objects = os.path.join(folder, "objects", "")

    # Entries: a key's named values.

    def get(self, key: str) -> dict[str, bytes] | None:
        """The values stored under key, or None (never stored, or not intact)."""
        digests = self.get_digests(key)
        if digests is None:
            return None
        values = {}
        for name, digest in digests.items():
            data = self.read_object(digest)
            if data is None:
                return None
            values[name] = data
        return values

    def get_digests(self, key: str) -> dict[str, str] | None:
        """The digests of the values stored under key (objects not read), or None."""
        path = self._entry_path(key)
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            return None
        digests = _parse_entry(text, self._full_key(key))
        if digests is None:
            _remove(path)
            return None
        self._used_entries.add(path.name)
        self._used_objects.update(digests.values())
        return digests

    def put(self, key: str, values: dict[str, bytes]) -> None:
        """Store values under key."""
        self.put_digests(key, {name: self.put_object(data) for name, data in values.items()})

    def put_digests(self, key: str, digests: dict[str, str]) -> None:
        """Store under key values already stored as objects."""
        lines = [_FORMAT, self._full_key(key)]
        lines += [f"{digest} {name}" for name, digest in sorted(digests.items())]
        body = "\n".join(lines) + "\n"
        path = self._entry_path(key)
        _write_atomically(path, (body + object_digest(body.encode()) + "\n").encode())
        self._used_entries.add(path.name)
        self._used_objects.update(digests.values())  # (stored by another process, maybe)

    # Objects: bytes named by their digest.

    def put_object(self, data: bytes) -> str:
        digest = object_digest(data)
        path = Path(self.object_path(digest))
        if not _holds(path, data):  # absent, or damaged since it was written
            _write_atomically(path, data)
        self._used_objects.add(digest)
        return digest

    def read_object(self, digest: str) -> bytes | None:
        """An object's bytes if they still match its digest; a damaged one is deleted."""
        path = self.object_path(digest)
        try:
            with open(path, "rb") as file:
                data = file.read()
        except OSError:
            return None
        if object_digest(data) != digest:
            _remove(Path(path))
            return None
        self._used_objects.add(digest)
        return data

    def object_path(self, digest: str) -> str:
        # A str: joining Paths twice for each of a warm build's objects cost a tenth of it.
        return f"{self._objects}{digest[:2]}/{digest[2:]}"

    # Keeping the cache the size of one build.

    def prune(self) -> int:
        """Delete every entry and object this build did not use; returns how many."""
        removed = 0
        for kind, used in (("entries", self._used_entries), ("objects", self._used_objects)):
            # Listed with scandir, in no order: globbing and sorting Paths took a tenth of
            # a warm build.
            for folder in _entries_of(self.folder / kind):
                for entry in _entries_of(folder.path):
                    name = entry.name if kind == "entries" else folder.name + entry.name
                    if name not in used:
                        _remove(Path(entry.path))
                        removed += 1
        return removed

    def _full_key(self, key: str) -> str:
        return f"{self.version} {key}"

    def _entry_path(self, key: str) -> Path:
        name = fingerprint(self._full_key(key))
        return self.folder / "entries" / name[:2] / name


def _parse_entry(text: str, full_key: str) -> dict[str, str] | None:
    """An entry's {name: digest}, or None if it is not an intact entry of this key."""
    body, _, check = text[:-1].rpartition("\n")
    if not text.endswith("\n") or object_digest((body + "\n").encode()) != check:
        return None
    lines = body.split("\n")
    if lines[:2] != [_FORMAT, full_key]:
        return None
    digests = {}
    for line in lines[2:]:
        digest, _, name = line.partition(" ")
        digests[name] = digest
    return digests


def _holds(path: Path, data: bytes) -> bool:
    try:
        return path.stat().st_size == len(data) and path.read_bytes() == data
    except OSError:
        return False


def _write_atomically(path: Path, data: bytes) -> None:
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        temporary.write_bytes(data)
    except FileNotFoundError:  # its folder first (a mkdir per file took a second at 10k)
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary.write_bytes(data)
    os.replace(temporary, path)


def _entries_of(folder: str | Path) -> list[os.DirEntry]:
    try:
        with os.scandir(folder) as found:
            return list(found)
    except OSError:  # not there (yet): nothing to prune
        return []


def _remove(path: Path) -> None:
    with contextlib.suppress(OSError):
        path.unlink()
