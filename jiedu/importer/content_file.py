"""content/<slug>.md: YAML front matter + Markdown body, written so that hand edits survive.

The front matter ends with `import_hash`, a hash of the file's text as generated (without
that line). A file whose text no longer matches its hash was edited by hand: re-importing
refuses unless forced, and forcing first keeps the old file as <slug>.md.bak (or .bak.N).
"""

from __future__ import annotations

import hashlib
import os
import shutil
import tempfile
from pathlib import Path

import yaml

from jiedu.errors import JieduError
from jiedu.importer.model import ImportedDocument

HASH_KEY = "import_hash"
HASH_LENGTH = 16
WRITTEN = "written"
UNCHANGED = "unchanged"
BACKED_UP = "backed-up-and-written"
FILE_MODE = 0o644


def render_content_file(doc: ImportedDocument) -> str:
    front = yaml.safe_dump(doc.front_matter, allow_unicode=True, sort_keys=False, width=1_000_000)
    unhashed = f"---\n{front}---\n\n{doc.body}"
    return f"---\n{front}{HASH_KEY}: {_hash(unhashed)}\n---\n\n{doc.body}"


def is_hand_edited(text: str) -> bool:
    """True unless the text is exactly what the importer wrote (its hash still matches)."""
    lines = text.split("\n")
    end = next((i for i in range(1, len(lines)) if lines[i] == "---"), None)
    if not lines or lines[0] != "---" or end is None:
        return True
    hash_line = lines[end - 1]
    prefix = f"{HASH_KEY}: "
    if not hash_line.startswith(prefix):
        return True
    unhashed = "\n".join(lines[: end - 1] + lines[end:])
    return hash_line[len(prefix) :] != _hash(unhashed)


def write_content_file(doc: ImportedDocument, content_dir: Path, force: bool = False) -> str:
    """Write content_dir/<slug>.md; returns "written", "unchanged" or "backed-up-and-written"."""
    path = Path(content_dir) / f"{doc.slug}.md"
    text = render_content_file(doc)
    if not path.exists():
        _write_atomically(path, text)
        return WRITTEN
    try:
        old = path.read_text(encoding="utf-8")
    except (UnicodeDecodeError, OSError):
        old = None
    if old == text:
        return UNCHANGED
    if old is not None and not is_hand_edited(old):
        _check_same_seed(path, old, doc)
        _write_atomically(path, text)
        return WRITTEN
    if not force:
        raise JieduError(
            path,
            "was edited by hand since it was imported, so re-importing would lose the edits; "
            "keep your edits (do nothing), or re-import with --force to replace it "
            "(the old file is kept as a .bak backup)",
        )
    backup = _backup_path(path)
    shutil.copy2(path, backup)
    _write_atomically(path, text)
    return BACKED_UP


def _check_same_seed(path: Path, old: str, doc: ImportedDocument) -> None:
    """Two seeds must not overwrite each other's file because their slugs are equal."""
    try:
        old_seed = yaml.safe_load(old.split("\n---\n", 1)[0].removeprefix("---\n")).get("seed")
    except (yaml.YAMLError, AttributeError):
        return
    new_seed = doc.front_matter.get("seed")
    if old_seed and new_seed and old_seed != new_seed:
        raise JieduError(
            path,
            f"was imported from seeds/{old_seed}, and seeds/{new_seed} gives a document with "
            "the same name; rename one of the content files (both seeds are kept)",
        )


def _backup_path(path: Path) -> Path:
    candidate = path.with_name(path.name + ".bak")
    number = 1
    while candidate.exists():
        candidate = path.with_name(f"{path.name}.bak.{number}")
        number += 1
    return candidate


def _write_atomically(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="\n") as file:
            file.write(text)
        # mkstemp makes the file private; a content file is as readable as its folder.
        os.chmod(temporary, path.stat().st_mode if path.exists() else FILE_MODE)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def _hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:HASH_LENGTH]
