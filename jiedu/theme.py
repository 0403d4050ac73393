"""Jiedu's own templates and static files (its theme), and the project files that replace them.

A project uses the templates/ and static/ of this repository; a file of its own of the same
name replaces Jiedu's. Projects that `build.py new` made before stop 25 of issue 16 hold a
copy of every file, and a copy the project never changed would keep an old Jiedu's page
markup beside a new Jiedu's code. So such a copy, byte for byte one of Jiedu's earlier
versions of that file (data/theme_history.txt lists them all, by git blob id), is passed
over for Jiedu's current file, and the build says so; a copy the project changed is its own
work and is used as it is.

`python -m jiedu.theme` rewrites data/theme_history.txt from git's history and the files
as they are now; tests/test_new_project.py fails when it is out of date.
"""

from __future__ import annotations

import hashlib
import subprocess
from functools import cache
from pathlib import Path

THEME = Path(__file__).resolve().parent.parent
FOLDERS = ("templates", "static")
HISTORY = Path(__file__).parent / "data" / "theme_history.txt"
FIRST_COPIED = "baef1fb"  # the commit that brought `build.py new`, which copied the theme


def blob_id(data: bytes) -> str:
    """The id git gives a file of these bytes."""
    return hashlib.sha1(b"blob %d\0" % len(data) + data).hexdigest()


@cache
def shipped_versions() -> frozenset[tuple[str, str]]:
    """(path, blob id) of every version of a theme file Jiedu has had since FIRST_COPIED."""
    lines = HISTORY.read_text(encoding="utf-8").splitlines()
    return frozenset(tuple(line.split(" ", 1)) for line in lines if line)


def outdated_copies(root: Path) -> tuple[str, ...]:
    """The project's files (as "templates/report.html") that are unchanged copies of an
    earlier version of Jiedu's file of that name: not the project's own work."""
    if root.resolve() == THEME:
        return ()
    found = []
    for folder in FOLDERS:
        for path in sorted((root / folder).rglob("*")) if (root / folder).is_dir() else ():
            name = path.relative_to(root).as_posix()
            if not path.is_file():
                continue
            data = path.read_bytes()
            # Jiedu's file is read only for a copy of one of its versions (the project's own
            # work costs one read); one Jiedu no longer has is the project's to keep.
            current = THEME / name
            shipped = (name, blob_id(data)) in shipped_versions() and current.is_file()
            if shipped and data != current.read_bytes():
                found.append(name)
    return tuple(found)


def outdated_copy_note(root: Path, name: str) -> str:
    return (
        f"note: {root / name} is an unchanged copy of an older Jiedu's {name}; Jiedu's "
        "current one is used instead: delete the copy"
    )


def versions_in_git() -> set[tuple[str, str]]:
    """(path, blob id) of every theme file in every commit since FIRST_COPIED (its own
    included), and of the files as they are now."""

    def git(*args: str) -> str:
        return subprocess.run(
            ["git", "-C", str(THEME), *args], capture_output=True, text=True, check=True
        ).stdout

    commits = git("rev-list", f"{FIRST_COPIED}^..HEAD", "--", *FOLDERS).split()
    versions = set()
    for commit in {*commits, FIRST_COPIED}:
        for line in git("ls-tree", "-r", commit, "--", *FOLDERS).splitlines():
            meta, path = line.split("\t", 1)
            versions.add((path, meta.split()[2]))
    for folder in FOLDERS:
        for path in (THEME / folder).rglob("*"):
            if path.is_file():
                versions.add((path.relative_to(THEME).as_posix(), blob_id(path.read_bytes())))
    return versions


if __name__ == "__main__":
    lines = sorted(f"{path} {blob}" for path, blob in versions_in_git())
    HISTORY.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"{HISTORY}: {len(lines)} versions of Jiedu's templates and static files")
