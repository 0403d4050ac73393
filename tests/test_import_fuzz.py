"""Property tests of the importer on real reports, mutated: lines cut and joined anywhere,
punctuation dropped or doubled, web-page chrome inserted, bytes truncated, random Unicode,
empty and one-character lines, mixed line ends. The importer never raises (a file it
cannot read is a JieduError naming the file) and loses or adds no character of the text
(the fidelity check of tests/test_import_fidelity.py)."""

from __future__ import annotations

import tempfile
from functools import cache
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from jiedu.errors import JieduError
from jiedu.importer import import_seed, import_text
from jiedu.importer.decode import decode_seed
from jiedu.importer.normalize import split_lines
from tests.test_import_fidelity import assert_faithful as assert_lines_faithful
from tests.test_import_fidelity import counted

from .conftest import CORPUS

ROOT = Path(__file__).resolve().parents[1]
REAL_FILES = sorted((ROOT / "seeds").glob("*.txt")) + sorted(CORPUS.glob("*.txt"))
SLICE = (1_500, 3_000)  # characters: a few paragraphs keep each example well under a second
NO_REPORT_MAX = 200  # counted characters: more than a page's chrome, less than a paragraph
# derandomize: the same examples on every run and machine; no database left in the tree.
settings.register_profile(
    "import-fuzz",
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
FUZZ = settings.get_profile("import-fuzz")

PUNCTUATION = "，。、；：？！“”‘’（）《》【】—…·,.;:?!()[]-"
HEX = "0123456789abcdef"
CHROME = [
    *("下载", "打印", "全屏", "收藏", "分享", "关闭", "【字号：大 中 小】", "【字体：大 中 小】"),
    *("【字号： 加大 还原 减小】", "【打印本页】 【关闭窗口】", "相关报道", "阅读量：1234"),
    *("当前位置：首页 > 政务信息 > 政府工作报告", "当前位置：首页>新闻中心>要闻", "首页"),
    *("来源：某某市人民政府网站 时间：2026-01-27 09:30", "来源：本站 发表时间：2026年1月27日"),
    *("发布时间：2026-01-28 浏览次数：99", "责任编辑：张三", "标题：", "正文：", "— 12 —"),
    *("版权所有：某某市人民政府办公室 ICP备12345678号", "\\r\\n", "&nbsp;&nbsp;", "扫一扫"),
]


@cache
def real_text(index: int) -> str:
    path = REAL_FILES[index]
    return decode_seed(path.read_bytes(), path)[0]


@cache
def real_bytes(index: int) -> bytes:
    return REAL_FILES[index].read_bytes()


# --- strategies -------------------------------------------------------------------------


@st.composite
def report_slice(draw) -> str:
    """A few thousand characters of a real report: its head, its end (where glossaries and
    page footers are), or anywhere."""
    text = real_text(draw(st.integers(0, len(REAL_FILES) - 1)))
    size = draw(st.integers(*SLICE))
    last = max(0, len(text) - size)
    start = draw(st.sampled_from([0, last, draw(st.integers(0, last))]))
    return text[start : start + size]


chrome_line = st.one_of(
    st.sampled_from(CHROME),
    st.text(HEX, min_size=1, max_size=12).map(lambda hex_id: hex_id + ":"),
    st.text(HEX, min_size=1, max_size=12).map(lambda hex_id: hex_id + "："),
)
odd_line = st.one_of(
    st.just(""),
    st.characters(),  # one character, any
    st.text(max_size=20),  # any Unicode but lone surrogates: controls, private use, CJK
    chrome_line,
)


@st.composite
def mutation(draw, lines: list[str]) -> list[str]:
    """One edit of the lines, somewhere."""
    lines = list(lines) or [""]
    i = draw(st.integers(0, len(lines) - 1))
    line = lines[i]
    kind = draw(st.sampled_from(["cut", "join", "drop", "double", "insert", "edge", "glue"]))
    if kind == "cut":
        at = draw(st.integers(0, len(line)))
        lines[i : i + 1] = [line[:at], line[at:]]
    elif kind == "join" and i + 1 < len(lines):
        lines[i : i + 2] = [line + lines[i + 1]]
    elif kind in ("drop", "double"):
        marks = [at for at, char in enumerate(line) if char in PUNCTUATION]
        if marks:
            at = draw(st.sampled_from(marks))
            kept = line[at + 1 :] if kind == "drop" else line[at] + line[at:]
            lines[i] = line[:at] + kept
    elif kind == "insert":
        lines.insert(i, draw(odd_line))
    elif kind == "edge":  # chrome where pages put it: above the head, below the end
        lines.insert(draw(st.sampled_from([0, len(lines)])), draw(chrome_line))
    elif kind == "glue":  # chrome glued to a line of the report
        chrome = draw(chrome_line)
        lines[i] = draw(st.sampled_from([chrome + line, line + chrome]))
    return lines


@st.composite
def mutated_report(draw) -> str:
    lines = draw(report_slice()).splitlines()
    for _ in range(draw(st.integers(0, 8))):
        lines = draw(mutation(lines))
    return joined(draw, lines)


def joined(draw, lines: list[str]) -> str:
    """The lines with \\n, or a mix of \\n, \\r\\n and \\r."""
    if not draw(st.booleans()):
        return "\n".join(lines)
    ends = draw(st.lists(st.sampled_from(["\n", "\r\n", "\r"]), min_size=len(lines)))
    return "".join(line + end for line, end in zip(lines, ends, strict=False))


# --- the fidelity check of test_import_fidelity, on a text instead of a seed file -------


def assert_faithful(text: str, documents) -> None:
    lines = [line.text for line in split_lines(text.removeprefix("\ufeff"))]
    if not documents:
        # Only page chrome (a report cut off in its web page's head): import_seed says the
        # file holds no report text. A few paragraphs of a report must never vanish so.
        assert len(counted("".join(lines))) < NO_REPORT_MAX, "the text was lost: no documents"
        return
    assert_lines_faithful(lines, documents)


def assert_imports_or_names_the_file(data: bytes) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "fuzz.txt"
        path.write_bytes(data)
        try:
            result = import_seed(path)
        except JieduError as error:
            assert error.path == str(path) and str(path) in str(error)
            return
        assert result.documents


# --- the properties -----------------------------------------------------------------------


# Inputs the fuzzing found, shrunk (/tmp/coord/fuzz-findings.md tells what each did).
FOUND = [
    "0:",  # a hex-id chrome line: once title "0:……" and a heading "## 0:" (text doubled)
    "政府工作报告—2021年3月1日\n各位代表：\n现在报告工作。",  # title glued to its dateline
    "报告—八届人民代表大会二次会\n各位代表",
    "353：\n89.3万平方米，拆\n353：\n关闭窗口",  # a dropped line that also is text above
    "1月0日讯\n通讯员王业\n扫描“鲁中晨报”A\n1：",  # two lines dropped as one joined line
    "1月6日,\n记者晓宁\n更多专题内容\n.",
    "来源URL：",  # only chrome: no documents
]


@pytest.mark.parametrize("text", FOUND, ids=[f"found-{i}" for i in range(len(FOUND))])
def test_the_inputs_fuzzing_found_import_faithfully(text):
    assert_faithful(text, import_text(text, "fuzz.txt"))


@settings(FUZZ, max_examples=350)
@given(mutated_report())
def test_mutated_reports_import_faithfully(text):
    assert_faithful(text, import_text(text, "fuzz.txt"))


@settings(FUZZ, max_examples=120)
@given(report_slice(), st.lists(chrome_line, min_size=1, max_size=6), st.data())
def test_chrome_at_the_head_and_tail_is_dropped_or_kept_never_lost(text, chrome, data):
    lines = text.splitlines()
    cut = data.draw(st.integers(0, len(chrome)))
    text = "\n".join([*chrome[:cut], *lines, *chrome[cut:]])
    assert_faithful(text, import_text(text, "fuzz.txt"))


@settings(FUZZ, max_examples=120)
@given(st.integers(0, len(REAL_FILES) - 1), st.integers(1_000, 6_000))
@example(0, 3_001)  # seeds/000…: the last character cut in two (once "is not text")
def test_a_report_truncated_at_any_byte_still_decodes_and_imports_faithfully(index, cut):
    """A download cut off mid-character is still the report's text, but for its end."""
    text, _ = decode_seed(real_bytes(index)[:cut], Path("fuzz.txt"))
    assert_faithful(text, import_text(text, "fuzz.txt"))


@settings(FUZZ, max_examples=120)
@given(st.lists(st.one_of(odd_line, st.sampled_from(PUNCTUATION)), max_size=30), st.data())
def test_random_unicode_lines_among_real_ones_import_faithfully(odd, data):
    lines = data.draw(report_slice()).splitlines()
    for line in odd:
        lines.insert(data.draw(st.integers(0, len(lines))), line)
    text = joined(data.draw, lines)
    assert_faithful(text, import_text(text, "fuzz.txt"))


@settings(FUZZ, max_examples=200)
@given(
    st.one_of(
        st.binary(max_size=2_000),
        st.builds(
            lambda index, cut, tail: real_bytes(index)[:cut] + tail,
            st.integers(0, len(REAL_FILES) - 1),
            st.integers(0, 3_000),
            st.binary(max_size=200),
        ),
    )
)
def test_any_bytes_import_or_raise_an_error_naming_the_file(data):
    assert_imports_or_names_the_file(data)
