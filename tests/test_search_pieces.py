"""The compressed text pieces of the search index: compact, deterministic, and never misread."""

from __future__ import annotations

import gzip

import pytest

from jiedu.search import SearchDocument, build_search_index
from jiedu.search.lookup import IndexReader, search
from jiedu.search.pieces import CorruptPiece, decode_piece, encode_piece

from .test_search import SEEDS, TERMS, TRAPS, seed_documents

HEADER = {"piece": [3, 0], "page": {"url": "a/", "title": "标题"}, "start": 0, "irregular": []}


@pytest.fixture(scope="module")
def docs():
    return seed_documents() + TRAPS


@pytest.fixture(scope="module")
def files(docs):
    return build_search_index(docs, TERMS)


def pieces(files) -> dict[str, bytes]:
    return {path: data for path, data in files.items() if path.startswith("text/")}


def first_piece_of(files, query: str) -> str:
    """The text piece that the first result's snippet of `query` is read from."""
    reader = IndexReader(files.__getitem__)
    search(reader, query, snippets=1)
    return next(path for path in reader.fetched if path.startswith("text/"))


@pytest.mark.parametrize(
    "text",
    ["", "\n", "两个 １００％\n第二段\n", "𝐀 𝐁 中\u200b", "a\nb\n\n", '{"json": 1}\n' * 3],
)
def test_a_piece_round_trips(text):
    assert decode_piece(encode_piece(HEADER, text)) == (HEADER, text)


def test_pieces_are_byte_for_byte_deterministic():
    data = encode_piece(HEADER, "推进医共体建设。" * 50)
    assert data == encode_piece(dict(reversed(HEADER.items())), "推进医共体建设。" * 50)
    assert data[:2] == b"\x1f\x8b" and data[4:8] == b"\0\0\0\0"  # gzip, mtime 0


def test_every_document_of_ordinary_length_is_one_piece(docs, files):
    assert sorted(pieces(files)) == sorted(f"text/{n}-0.bin" for n in range(len(docs)))


def test_a_report_s_piece_is_about_half_the_size_of_its_utf8_text():
    for number, path in enumerate(SEEDS):
        text = path.read_text(encoding="utf-8")
        doc = SearchDocument(f"seeds/{number}/", "报告", None, None, text)
        stored = build_search_index([doc], [])["text/0-0.bin"]
        assert len(stored) < 0.55 * len(text.encode("utf-8")), path.name


def test_every_piece_inflates_to_its_document(docs, files):
    ordered = sorted(sorted(docs, key=lambda d: d.url), key=lambda d: d.date or "")
    for path, data in pieces(files).items():
        header, text = decode_piece(data, path)
        number = int(path.removeprefix("text/").split("-")[0])
        assert header["piece"] == [number, 0]
        assert header["page"]["url"] == ordered[number].url
        assert text == ordered[number].text


@pytest.mark.parametrize("keep", [0, 1, 10, 0.5, -8, -1])
def test_a_truncated_piece_is_an_error(keep):
    data = encode_piece(HEADER, "推进医共体建设。\n" * 40)
    cut = data[: int(len(data) * keep) if isinstance(keep, float) else keep]
    with pytest.raises(CorruptPiece, match="corrupt"):
        decode_piece(cut)


def test_any_damaged_byte_after_the_gzip_header_is_an_error():
    # Bytes 4-9 (mtime, flags for the compressor, OS) are not checked by gzip; all others are.
    data = encode_piece(HEADER, "推进医共体建设，两个 １００％。\n" * 3)
    for position in range(10, len(data)):
        damaged = bytearray(data)
        damaged[position] ^= 0x01
        with pytest.raises(CorruptPiece):
            decode_piece(bytes(damaged))


def test_a_search_with_a_damaged_piece_fails_instead_of_showing_wrong_text(files):
    path = first_piece_of(files, "三线一单")
    for damaged in (files[path][:-4], files[path][:20] + bytes(8) + files[path][28:]):
        broken = {**files, path: damaged}
        with pytest.raises(CorruptPiece, match=path):
            search(IndexReader(broken.__getitem__), "三线一单")


def test_a_piece_in_another_pieces_place_is_an_error(files):
    path = first_piece_of(files, "三线一单")
    other = next(p for p in pieces(files) if p != path)
    swapped = {**files, path: files[other]}
    with pytest.raises(CorruptPiece, match="holds piece"):
        search(IndexReader(swapped.__getitem__), "三线一单")


def test_gzip_itself_reads_the_pieces(files):
    # Any gzip reader (the browser's DecompressionStream("gzip") included) can inflate them.
    for data in pieces(files).values():
        assert gzip.decompress(data).decode("utf-16-le").count("\n") >= 1
