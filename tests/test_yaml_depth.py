"""YAML nested deeper than any real file is refused with the file and line, before PyYAML
recurses (RecursionError) or libyaml's composer crashes the process."""

from __future__ import annotations

import subprocess
import sys

import pytest

from jiedu.content import parse_report
from jiedu.errors import JieduError
from jiedu.glossary import parse_glossary
from jiedu.yaml_depth import MAX_DEPTH, check_depth

from .conftest import REPO


@pytest.mark.parametrize("depth", [MAX_DEPTH + 1, 2_000, 40_000])
def test_deep_front_matter_is_refused_with_its_line(tmp_path, depth):
    path = tmp_path / "2021-deep.md"
    path.write_text(
        f"---\ntitle: 深\nsubtitle: {'[' * depth}{']' * depth}\n---\n\n正文。\n", encoding="utf-8"
    )
    with pytest.raises(JieduError) as error:
        parse_report(path.read_text(encoding="utf-8"), path)
    assert error.value.line == 3 and "levels deep" in str(error.value)


def test_deep_block_nesting_is_refused_too(tmp_path):
    text = "".join(f"{'  ' * level}- a:\n" for level in range(MAX_DEPTH + 5))
    with pytest.raises(JieduError):
        check_depth(text, tmp_path / "glossary.yml")


def test_a_deep_glossary_is_refused_in_a_process_that_survives(tmp_path):
    """30,000 levels segfault libyaml: the guard must stop it first (run apart, so a crash
    would show as a signal, not take pytest down)."""
    script = (
        "from jiedu.glossary import parse_glossary\n"
        "from jiedu.errors import JieduError\n"
        "try:\n"
        "    parse_glossary('- term: x\\n  definition: ' + '[' * 30000 + ']' * 30000)\n"
        "except JieduError as error:\n"
        "    print(error)\n"
    )
    result = subprocess.run([sys.executable, "-c", script], cwd=REPO, capture_output=True)
    assert result.returncode == 0, result.stderr
    assert b"levels deep" in result.stdout


def test_real_files_pass_the_guard():
    check_depth((REPO / "glossary.yml").read_text(encoding="utf-8"), REPO / "glossary.yml")
    check_depth((REPO / "site.yml").read_text(encoding="utf-8"), REPO / "site.yml")
    parse_glossary((REPO / "glossary.yml").read_text(encoding="utf-8"))
