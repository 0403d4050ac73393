"""`build.py gaps --stub TERM`: start a glossary entry from a candidate.

The skeleton is appended to glossary.yml as YAML comments only, so the file's own comments
and order stay as they are and the glossary still loads exactly as before: a stub can never
break the build. The editor fills in the definition and source, then uncomments it.
"""

from __future__ import annotations

from pathlib import Path

from jiedu.errors import JieduError
from jiedu.folding import fold_spelling
from jiedu.gaps import Candidate, defined_test
from jiedu.gaps.spellings import Spellings

_HEADER = "# --- gaps stub: {term} ---"


def stub_text(term: str, candidate: Candidate | None) -> str:
    """The commented skeleton for `term`, with the contexts it is used in."""
    lines = [
        _HEADER.format(term=_one_line(term)),
        "# Fill in the definition and its source, then remove the '# ' in front of the entry.",
        f"# - term: {_one_line(term)}",
        "#   definition:",
        "#   source:",
        "#     editorial:",
    ]
    if candidate is None:
        lines.append("#   (not found in the reports of content/)")
    else:
        lines.append(
            f"#   used {candidate.count} times in {len(candidate.reports)} report(s): "
            + ", ".join(candidate.reports)
        )
        for context in candidate.contexts:
            where = context.report + (f"#{context.anchor}" if context.anchor else "")
            lines.append(f"#   - {where}: {_one_line(context.marked)}")
    return "\n".join(lines) + "\n"


def add_stub(
    glossary_path: Path, glossary: Spellings, candidates: list[Candidate], term: str
) -> str:
    """Append the stub for `term` (a candidate, or any phrase) and say what was done.
    A term the glossary already defines gets no stub: JieduError."""
    term = term.strip()
    if not term:
        raise JieduError(glossary_path, "--stub needs a term")
    key = fold_spelling(term)
    if defined_test(glossary)(key):
        raise JieduError(glossary_path, f"{term!r} is already defined: no stub added")
    candidate = next((c for c in candidates if fold_spelling(c.term) == key), None)
    if not append_stub(glossary_path, term, candidate):
        return f"{glossary_path} already has a stub for {term}."
    uses = f" with {len(candidate.contexts)} context(s)" if candidate else ""
    return f"Added a commented stub for {term}{uses} at the end of {glossary_path}."


def append_stub(glossary_path: Path, term: str, candidate: Candidate | None) -> bool:
    """Append the stub for `term` to the glossary file; False if it already holds one."""
    path = Path(glossary_path)
    try:
        text = path.read_text(encoding="utf-8") if path.exists() else ""
    except (OSError, UnicodeDecodeError) as error:
        raise JieduError(path, f"cannot read the glossary: {error}") from error
    header = _HEADER.format(term=_one_line(term))
    if any(line == header for line in text.splitlines()):
        return False
    separator = "" if not text or text.endswith("\n") else "\n"
    with path.open("a", encoding="utf-8") as file:
        file.write(separator + "\n" + stub_text(term, candidate))
    return True


def _one_line(text: str) -> str:
    """A comment line must stay one line: any line break in a context becomes a space."""
    return " ".join(text.split())
