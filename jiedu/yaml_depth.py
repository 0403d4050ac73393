"""A guard before any YAML is composed: nesting deeper than a person writes is refused.

PyYAML composes nested collections recursively: a few thousand levels of `[[[…` raise
RecursionError, and tens of thousands crash libyaml's C composer outright. No front matter,
glossary or settings file needs more than a handful of levels, so deeper text is refused
with the file and line, before it reaches the parser.
"""

from __future__ import annotations

from pathlib import Path

from jiedu.errors import JieduError

MAX_DEPTH = 50
OPENERS, CLOSERS = "[{", "]}"


def check_depth(text: str, path: Path, first_line: int = 1) -> None:
    """JieduError at the line where flow brackets or block indentation nest too deep.

    Brackets inside quotes count too: the guard errs towards refusing odd files, and no
    real file comes near the limit either way."""
    depth = 0
    indents: list[int] = []
    for number, line in enumerate(text.split("\n"), start=first_line):
        stripped = line.lstrip(" ")
        if stripped and not stripped.startswith("#") and depth == 0:
            indent = len(line) - len(stripped)
            while indents and indents[-1] >= indent:
                indents.pop()
            indents.append(indent)
            # "- - - x" nests one level per dash on a single line.
            dashes = len(stripped) - len(stripped.lstrip("- "))
            if len(indents) + dashes // 2 > MAX_DEPTH:
                _refuse(path, number)
        for char in line:
            if char in OPENERS:
                depth += 1
                if depth > MAX_DEPTH:
                    _refuse(path, number)
            elif char in CLOSERS and depth:
                depth -= 1


def _refuse(path: Path, line: int) -> None:
    raise JieduError(
        path,
        f"nests lists or mappings more than {MAX_DEPTH} levels deep; "
        "write the value as plain text or flatten it",
        line=line,
    )
