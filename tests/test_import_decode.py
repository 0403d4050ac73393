"""Item 1: encodings and line ends are detected and read; a binary file is refused by name."""

from __future__ import annotations

from pathlib import Path

import pytest

from jiedu.errors import JieduError
from jiedu.importer import import_seed, import_text
from jiedu.importer.decode import decode_seed
from jiedu.importer.normalize import split_lines

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "seeds" / "003_1b5cf71f539affb1.txt"
FIXTURES = ROOT / "tests" / "fixtures" / "import"


def _variants(text: str) -> dict[str, bytes]:
    crlf = text.replace("\n", "\r\n")
    return {
        "utf-8": text.encode("utf-8"),
        "utf-8 with BOM, CRLF": b"\xef\xbb\xbf" + crlf.encode("utf-8"),
        "GBK, CRLF": crlf.encode("gbk"),
        "GB18030, CR": text.replace("\n", "\r").encode("gb18030"),
        "UTF-16 with BOM": text.encode("utf-16"),
        "UTF-16 with BOM, \\r\\r\\n": text.replace("\n", "\r\r\n").encode("utf-16"),
    }


@pytest.mark.parametrize("variant", list(_variants("x")))
def test_a_real_seed_reads_the_same_in_every_encoding_and_line_end(variant, tmp_path):
    original = SEED.read_text(encoding="utf-8")
    path = tmp_path / SEED.name
    path.write_bytes(_variants(original)[variant])
    result = import_seed(path)
    assert result.documents == import_text(original, SEED.name)


@pytest.mark.parametrize(
    ("name", "encoding"),
    [
        ("gbk_crlf_county_report.txt", "gb18030"),
        ("utf16_web_page.txt", "utf_16"),
        ("utf8_bom_cr_news.txt", "utf_8"),
        ("crcrlf_notes.txt", "utf_8"),
        ("pdf_spaces.txt", "utf_8"),
    ],
)
def test_fixture_encodings_are_reported(name, encoding):
    assert import_seed(FIXTURES / name).encoding == encoding


def test_seeds_are_utf8():
    for seed in sorted((ROOT / "seeds").glob("*.txt")):
        assert import_seed(seed).encoding == "utf_8"


def test_a_short_gbk_file_is_not_mistaken_for_utf16():
    data = "政府工作报告\r\n\r\n各位代表：\r\n".encode("gbk")
    text, encoding = decode_seed(data, Path("short.txt"))
    assert (text, encoding) == ("政府工作报告\r\n\r\n各位代表：\r\n", "gb18030")


def test_a_byte_order_mark_is_not_part_of_the_text():
    text, _ = decode_seed(b"\xef\xbb\xbf" + "政府工作报告".encode(), Path("bom.txt"))
    assert text == "政府工作报告"


@pytest.mark.parametrize("ending", ["\r\n", "\r", "\r\r\n", "\n"])
def test_line_ends_give_the_same_lines_and_blank_line_gaps(ending):
    text = "标题\n\n第一段。\n第二段。\n\n\n\n图片说明。\n"
    lines = split_lines(text.replace("\n", ending))
    assert [(line.text, line.number, line.gap) for line in lines] == [
        ("标题", 1, 0),
        ("第一段。", 3, 1),
        ("第二段。", 4, 0),
        ("图片说明。", 8, 3),
    ]


def test_a_binary_file_is_refused_with_its_name():
    path = FIXTURES / "binary.txt"
    with pytest.raises(JieduError) as caught:
        import_seed(path)
    assert str(path) in str(caught.value)
    assert "not text" in str(caught.value)


def test_an_empty_file_is_refused_with_its_name(tmp_path):
    path = tmp_path / "empty.txt"
    path.write_bytes(b"\n\n")
    with pytest.raises(JieduError, match="empty.txt: the file is empty"):
        import_seed(path)


def test_latin_text_is_not_taken_for_a_report(tmp_path):
    path = tmp_path / "english.txt"
    path.write_text("Hello, this is not a report.\n", encoding="utf-8")
    with pytest.raises(JieduError, match="does not read as Chinese text"):
        import_seed(path)


def test_a_missing_file_is_an_error_naming_it(tmp_path):
    with pytest.raises(JieduError, match="missing.txt: cannot be read"):
        import_seed(tmp_path / "missing.txt")
