"""The search index finds exactly the pages that contain a query, on the real seeds."""

from __future__ import annotations

import functools
import json
import random
import re
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from jiedu.search import SearchDocument, SearchTerm, build_search_index, normalise, normalise_query
from jiedu.search.corpus import normalise_corpus
from jiedu.search.index import BLOCK, SHARD_BYTES
from jiedu.search.lookup import (
    MAX_QUERY,
    IndexReader,
    _decode_postings,
    cover_offsets,
    read_varint,
    search,
)
from jiedu.search.postings import encode_lists, encode_varints

SEEDS = sorted((Path(__file__).resolve().parent.parent / "seeds").glob("*.txt"))

REQUIRED_QUERIES = [
    "两个100%",
    "三线一单",
    "医共体",
    "一懂两爱",
    "两新一重",
    "1+5+N",
    "乡村振兴",
    "营商环境",
    # width and space variants of the same terms
    "两个 100%",
    "两个100％",
    "两个１００％",
    "1 + 5 + n",
    "１＋５＋Ｎ",
]

TERMS = [
    SearchTerm(
        "两个100%",
        ("两个100%", "两个 100%"),
        "glossary/liang-ge-100/",
        "年度重点项目开工率100%、投资完成率100%。",
    ),
    SearchTerm(
        "三线一单",
        ("三线一单",),
        "glossary/san-xian-yi-dan/",
        "生态保护红线、环境质量底线、资源利用上线和生态环境准入清单。",
    ),
    SearchTerm(
        "医共体",
        ("医共体", "医疗共同体", "县域医共体"),
        "glossary/yi-gong-ti/",
        "县域医疗卫生共同体。",
    ),
    SearchTerm("一懂两爱", ("一懂两爱",), "glossary/yi-dong-liang-ai/", "懂农业、爱农村、爱农民。"),
    SearchTerm(
        "两新一重",
        ("两新一重",),
        "glossary/liang-xin-yi-zhong/",
        "新型基础设施、新型城镇化和交通水利等重大工程。",
    ),
    SearchTerm("1+5+N", ("1+5+N",), "glossary/1-5-n/", "区、镇、村医保经办体系。"),
    # A spelling of one character has no bigram; it must be found all the same.
    SearchTerm("碳达峰", ("碳达峰", "碳"), "glossary/tan-da-feng/", "二氧化碳排放达到峰值。"),
]


def seed_documents() -> list[SearchDocument]:
    """Each seed cut at blank lines into pages of a few paragraphs (so terms spread out)."""
    docs = []
    for seed_number, path in enumerate(SEEDS):
        text = path.read_text(encoding="utf-8")
        chunks = [c.strip() for c in re.split(r"\n\s*\n", text) if c.strip()]
        for page, start in enumerate(range(0, len(chunks), 6)):
            docs.append(
                SearchDocument(
                    url=f"seeds/{seed_number}/{page}/",
                    title=f"种子{seed_number}第{page}页",
                    region="临淄区" if seed_number % 2 else None,
                    date=f"2022-01-{seed_number + 10:02d}" if page % 3 else None,
                    text="\n".join(chunks[start : start + 6]),
                )
            )
    return docs


# Pages written to catch mistakes: every bigram of 乡村振兴 and 营商环境, but never adjacent;
# width and space variants; a paragraph break inside a term.
TRAPS = [
    SearchDocument(
        "traps/bigrams/",
        "陷阱",
        None,
        None,
        "建设美丽乡村，村振作起来，振兴经济。营商，商环，环境好。",
    ),
    SearchDocument(
        "traps/width/",
        "全角",
        "淄博市",
        "2023-02-01",
        "确保实现“两个 １００％”，推进 １ + ５ + Ｎ 体系。",
    ),
    SearchDocument("traps/break/", "分段", None, "2021-05-05", "三线\n一单\n医共\n体"),
    SearchDocument("traps/repeat/", "重复", None, None, "医共体医共体医共体，两新一重。"),
    SearchDocument("traps/start/", "开头", None, None, "两新一重开头。\n第二段。"),
]


@pytest.fixture(scope="module")
def docs() -> list[SearchDocument]:
    return seed_documents() + TRAPS


@pytest.fixture(scope="module")
def files(docs) -> dict[str, bytes]:
    return build_search_index(docs, TERMS)


def occurrences(text: str, query: str) -> int:
    """How many times `query` occurs in `text`, overlapping occurrences included."""
    count, at = 0, text.find(query)
    while at >= 0:
        count, at = count + 1, text.find(query, at + 1)
    return count


@functools.cache
def normalised(text: str) -> str:
    return normalise(text).text


def expected(docs, query: str) -> dict[str, int]:
    """By brute force: URL -> occurrences of the normalised query in the normalised text."""
    q = normalise_query(query)
    found = {doc.url: occurrences(normalised(doc.text), q) for doc in docs}
    return {url: count for url, count in found.items() if count}


def run(files, query: str, snippets: int = 10):
    return search(IndexReader(files.__getitem__), query, snippets=snippets)


def found_pages(files, query: str) -> dict[str, int]:
    result = run(files, query, snippets=10_000)
    return {page.url: page.count for page in result.pages}


def test_the_seed_corpus_contains_what_the_queries_need(docs):
    # Otherwise the tests below would prove little.
    for query in REQUIRED_QUERIES:
        assert any(url.startswith("seeds/") for url in expected(docs, query)), query


@pytest.mark.parametrize("query", REQUIRED_QUERIES)
def test_required_queries_find_exactly_the_pages_that_contain_them(docs, files, query):
    assert found_pages(files, query) == expected(docs, query)


def test_every_spelling_of_every_term_is_found(docs, files):
    for term in TERMS:
        for spelling in (term.term, *term.spellings):
            assert found_pages(files, spelling) == expected(docs, spelling), spelling


def test_space_and_width_variants_find_the_same_pages(files):
    plain = found_pages(files, "两个100%")
    assert "traps/width/" in plain
    for variant in ("两个 100%", "两个100％", "两个１００％", "两个 100 %"):
        assert found_pages(files, variant) == plain
    assert "traps/width/" in found_pages(files, "1+5+N")


def test_bigrams_that_are_not_adjacent_do_not_match(files):
    assert "traps/bigrams/" not in found_pages(files, "乡村振兴")
    assert "traps/bigrams/" not in found_pages(files, "营商环境")
    assert "traps/bigrams/" in found_pages(files, "村振")  # the bigrams themselves are there


def test_no_match_spans_a_paragraph_break(files):
    assert "traps/break/" not in found_pages(files, "三线一单")
    assert "traps/break/" not in found_pages(files, "医共体")


def test_overlapping_occurrences_are_counted(files):
    assert found_pages(files, "医共体医共体")["traps/repeat/"] == 2


def test_random_substrings_of_the_seeds_find_exactly_their_pages(docs, files):
    rng = random.Random(7)
    texts = [normalised(doc.text) for doc in docs]
    for _ in range(300):
        text = rng.choice(texts)
        length = rng.choice((2, 2, 3, 4, 4, 5, 7, 12))
        start = rng.randrange(max(1, len(text) - length))
        query = text[start : start + length]
        if "\n" in query or len(normalise_query(query)) < 2:
            continue
        assert found_pages(files, query) == expected(docs, query), query


def test_a_query_with_no_match_finds_nothing(files):
    result = run(files, "量子纠缠火星基地")
    assert result.pages == [] and result.terms == []
    assert not result.too_short


def test_one_character_queries_only_look_up_the_glossary(files):
    result = run(files, "体")
    assert result.too_short and result.pages == []
    assert [t.term for t in result.terms] == ["医共体"]


def test_overlong_queries_are_refused_not_fetched(files):
    reader = IndexReader(files.__getitem__)
    result = search(reader, "医" * (MAX_QUERY + 1))
    assert result.too_long and result.pages == []
    assert reader.fetched == ["meta.json"]
    assert run(files, "医共体" * (MAX_QUERY // 3)).too_long is False


def test_a_one_character_glossary_spelling_finds_its_pages(docs, files):
    assert found_pages(files, "碳") == expected(docs, "碳")
    assert len(expected(docs, "碳")) > 1
    result = run(files, "碳")
    assert not result.too_short
    assert [t.term for t in result.terms] == ["碳达峰"]
    assert {p.snippet.match for p in result.pages[:10]} == {"碳"}


def test_matching_glossary_entries_come_first_exact_ones_first(files):
    result = run(files, "两个100%")
    assert [t.term for t in result.terms] == ["两个100%"]
    assert result.terms[0].url == "glossary/liang-ge-100/"
    assert [t.term for t in run(files, "100%").terms] == ["两个100%"]
    # A query that contains a term lists that term too.
    assert [t.term for t in run(files, "推进医共体建设").terms] == ["医共体"]
    # A term found through an alias.
    assert [t.term for t in run(files, "县域医共体").terms] == ["医共体"]


def test_pages_are_ranked_by_matches_then_newest_first(files):
    pages = run(files, "发展", snippets=10_000).pages
    assert len({page.count for page in pages}) > 1
    assert len({page.date for page in pages}) > 1
    ranked = sorted(pages, key=lambda p: (p.count, p.date or "", p.url), reverse=True)
    assert [page.url for page in pages] == [page.url for page in ranked]


def test_a_new_report_leaves_the_text_files_of_older_ones_alone(docs, files):
    newest = SearchDocument("new/", "新报告", None, "2099-01-01", "推进医共体建设。")
    again = build_search_index([*docs, newest], TERMS)
    texts = {path: data for path, data in files.items() if path.startswith("text/")}
    assert all(again[path] == data for path, data in texts.items())
    assert found_pages(again, "医共体")["new/"] == 1


def test_snippets_show_the_original_text_with_the_match(docs, files):
    by_url = {doc.url: doc for doc in docs}
    for query in REQUIRED_QUERIES + ["发展", "营商"]:
        for page in run(files, query).pages[:10]:
            snippet = page.snippet
            assert normalise_query(snippet.match) == normalise_query(query), (query, snippet)
            original = by_url[page.url].text
            shown = snippet.before.lstrip("…") + snippet.match + snippet.after.rstrip("…")
            assert shown in original
            assert page.title == by_url[page.url].title


def test_a_match_at_the_start_of_a_page_has_nothing_before_it(files):
    page = next(p for p in run(files, "两新一重").pages if p.url == "traps/start/")
    snippet = page.snippet
    assert (snippet.before, snippet.match, snippet.after) == ("", "两新一重", "开头。")


def test_width_variants_are_highlighted_as_written(files):
    page = next(p for p in run(files, "两个100%").pages if p.url == "traps/width/")
    assert page.snippet.match == "两个 １００％"
    assert page.snippet.before == "确保实现“"


def test_snippets_work_in_every_text_block_of_a_long_page():
    text = "\n".join(f"第{n}段，推进营商环境建设，第{n}项。" for n in range(3000))
    doc = SearchDocument("long/", "长文", None, None, text)
    files = build_search_index([doc], [])
    assert len([p for p in files if p.startswith("text/")]) > 3
    page = run(files, "第2999项").pages[0]
    assert page.snippet.match == "第2999项"
    assert page.first > 3 * BLOCK
    assert found_pages(files, "营商环境建设") == {"long/": 3000}


def test_snippets_are_right_on_both_sides_of_every_piece_boundary(docs):
    # Small pieces put block boundaries inside the seeds' terms and their context.
    files = build_search_index(docs, TERMS, block=64)
    by_url = {doc.url: doc for doc in docs}
    for query in REQUIRED_QUERIES + ["发展", "营商"]:
        pages = run(files, query, snippets=10_000).pages
        assert {p.url: p.count for p in pages} == expected(docs, query)
        for page in pages:
            assert normalise_query(page.snippet.match) == normalise_query(query)
            shown = page.snippet.before.lstrip("…") + page.snippet.match
            assert shown + page.snippet.after.rstrip("…") in by_url[page.url].text


def test_small_sites_get_few_shards_large_ones_more(files):
    shards = [path for path in files if path.startswith("shards/")]
    assert 1 <= len(shards) <= 64
    assert sum(len(files[p]) for p in shards) / len(shards) <= 2 * SHARD_BYTES


def test_two_builds_are_byte_identical_whatever_the_input_order(docs, files):
    again = build_search_index(list(reversed(docs)), list(reversed(TERMS)))
    assert again == files
    assert list(again) == sorted(again)


def test_the_corpus_normaliser_agrees_with_the_reference(docs):
    texts = [doc.text for doc in docs] + [
        "两个 100 %",
        "  a  b ",
        "COVID 19 病毒",
        "Ｈｅｌｌｏ　Ｗｏｒｌｄ",
        "……好",
        "a\u200b b",
        "\u200b  x",
        "𝐀 𝐁 中",
        "x\n y \n",
        "",
        "\n",
        "㎡ 面积 10 ㎡",
        " ",
        "a \u200b b",
    ]
    corpus = normalise_corpus(texts)
    for number, text in enumerate(texts):
        assert corpus.text(number) == normalise(text).text, text


def test_normalisation_rules():
    assert normalise_query("两个 100 %") == "两个100%"
    assert normalise_query("１＋５＋Ｎ") == "1+5+n"
    assert normalise_query("COVID 19 病毒") == "covid 19病毒"
    assert normalise_query("压减燃煤 178 万吨") == "压减燃煤178万吨"
    assert normalise_query("零宽\u200b空格") == "零宽空格"
    assert normalise("一\n 二").text == "一\n二"


def test_varints_round_trip_at_every_size_boundary():
    values = [0, 1, 127, 128, 300, 16383, 16384, 2**21 - 1, 2**21, 2**28 - 1, 2**28, 2**32 - 1]
    data, sizes = encode_varints(np.array(values, dtype=np.uint32))
    assert sizes.tolist() == [1, 1, 1, 2, 2, 2, 3, 3, 4, 4, 5, 5]
    decoded, position = [], 0
    while position < len(data):
        value, position = read_varint(bytes(data), position)
        decoded.append(value)
    assert decoded == values


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.lists(st.integers(0, 2**32 - 1), min_size=1, max_size=40, unique=True),
        min_size=1,
        max_size=8,
    )
)
def test_rice_coded_posting_lists_round_trip(lists):
    """Any lists of ascending offsets, dense or sparse, with outliers, read back exactly."""
    lists = [sorted(offsets) for offsets in lists]
    data, sizes = encode_lists(np.array(sum(lists, [])), np.array([len(x) for x in lists]))
    data, position = bytes(data), 0
    for offsets, size in zip(lists, sizes, strict=True):
        assert _decode_postings(data[position : position + size], 0) == offsets
        position += int(size)
    assert position == len(data)


def test_posting_lists_coded_a_few_at_a_time_are_the_same_bytes(monkeypatch):
    import jiedu.search.postings as postings

    rng = np.random.default_rng(16)
    counts = rng.integers(1, 30, size=200)
    offsets = np.concatenate([np.sort(rng.choice(10**7, c, replace=False)) for c in counts])
    at_once = postings.encode_lists(offsets, counts)
    monkeypatch.setattr(postings, "ENCODE_AT_ONCE", 7)  # many pieces, some of one list
    in_pieces = postings.encode_lists(offsets, counts)
    assert at_once[0].tobytes() == in_pieces[0].tobytes()
    assert at_once[1].tolist() == in_pieces[1].tolist()


def test_rice_codes_are_smaller_than_varints_even_for_a_few_reports(files):
    """Every posting list of the seeds' index, against the varints of the same steps it
    used to be (format 2). Most of these lists are short, where Rice codes gain least
    (about 2 %; about a sixth at 1,000 reports and more, bench/README.md)."""
    shards = [data for path, data in files.items() if path.startswith("shards/")]
    reader = IndexReader(files.__getitem__)
    meta = reader.json("meta.json")
    rice = varint = 0
    for shard in shards:
        count, position = read_varint(shard, 0)
        bigrams = []
        for _ in range(count):
            first, position = read_varint(shard, position)
            second, position = read_varint(shard, position)
            size, position = read_varint(shard, position)
            bigrams.append(chr(first) + chr(second))
            rice += size
        for bigram in bigrams:
            offsets = reader.postings(bigram, meta["shards"])
            steps = np.diff(offsets, prepend=0).astype(np.uint32)
            varint += len(encode_varints(np.append([len(offsets)], steps).astype(np.uint32))[0])
    assert rice < varint, (rice, varint)


def test_cover_offsets_cover_every_character():
    for length in range(2, 12):
        offsets = cover_offsets(length)
        assert sorted({o + i for o in offsets for i in (0, 1)}) == list(range(length))


def test_the_benchmark_runs_on_a_small_corpus():
    # A smoke run: bench/search_bench.py is a measurement, but it must keep working.
    script = Path(__file__).resolve().parent.parent / "bench" / "search_bench.py"
    run = subprocess.run(
        [sys.executable, str(script), "--reports", "20", "--runs", "1"],
        check=True,
        capture_output=True,
        text=True,
        timeout=300,
    )
    summary = json.loads(run.stdout.strip().splitlines()[-1])
    assert summary["build_s"] > 0 and summary["peak_rss_mb"] > 0
    assert summary["index_files"] > 20 and summary["query_rare_word_kb"] > 0


def test_duplicate_urls_are_refused():
    doc = SearchDocument("a/", "甲", None, None, "文本")
    with pytest.raises(ValueError, match="a/"):
        build_search_index([doc, doc], [])


@settings(max_examples=60, deadline=None)
@given(
    texts=st.lists(st.text(alphabet="两个发展的是一0%\n𠀀ab", max_size=40), max_size=12),
    group=st.integers(1, 20),
)
def test_sorting_bigrams_a_group_at_a_time_gives_the_same_posting_lists(texts, group):
    """build_postings sorts the bigrams in groups of first characters, to bound its memory:
    any group size gives the posting lists one sort of everything gives."""
    import jiedu.search.arrays
    import jiedu.search.postings as postings

    codes = normalise_corpus(texts).codes
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(postings, "GROUP", 1 << 40)
        whole = postings.build_postings(codes)
        patch.setattr(postings, "GROUP", group)
        patch.setattr(jiedu.search.arrays, "SLICE", group % 5 + 1)  # slices of any size too
        grouped = postings.build_postings(codes)
    for name in ("first", "second", "offsets", "data"):
        assert np.array_equal(getattr(whole, name), getattr(grouped, name)), name


@settings(max_examples=150, deadline=None)
@given(
    texts=st.lists(
        st.text(alphabet=" \u3000\u200b\n…㎡ａ两个0%a𝐀𠀀\ud800.", max_size=30), max_size=6
    ),
    slice_size=st.integers(1, 8),
)
def test_the_whole_corpus_normalises_as_each_text_does(texts, slice_size):
    """normalise_corpus works on arrays a slice at a time, in 16 bits when it can: the
    result is still exactly normalise() of each text (surrogates and beyond-BMP too)."""
    import jiedu.search.arrays

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(jiedu.search.arrays, "SLICE", slice_size)
        corpus = normalise_corpus(texts)
    for number, text in enumerate(texts):
        assert corpus.text(number) == normalise(text).text


@settings(max_examples=40, deadline=None)
@given(
    texts=st.lists(st.text(alphabet="两个发展的是一0% \n𠀀a…", max_size=60), max_size=10),
    cuts=st.lists(st.integers(0, 10), max_size=4),
    seed=st.integers(0, 1000),
)
def test_the_index_fed_in_any_batches_and_order_is_the_same(texts, cuts, seed):
    """The forked index process is fed the reports a batch at a time, in the project's
    order (IndexBuilder.add): the files do not depend on the batches or their order."""
    from jiedu.search.index import IndexBuilder, order_documents, page_record

    docs = [SearchDocument(f"r/{i}/", f"标题{i}", None, None, t) for i, t in enumerate(texts)]
    expected = build_search_index(docs, TERMS, block=16)
    ordered = order_documents(docs)
    numbered = list(enumerate(doc.text for doc in ordered))
    random.Random(seed).shuffle(numbered)
    bounds = sorted({0, len(numbered), *(min(c, len(numbered)) for c in cuts)})
    files: dict[str, bytes] = {}
    index = IndexBuilder([page_record(doc) for doc in ordered], files.__setitem__, 16)
    for low, high in zip(bounds, bounds[1:], strict=False):
        index.add(numbered[low:high])
    index.finish(TERMS)
    assert dict(sorted(files.items())) == expected


def test_an_index_missing_a_document_is_refused():
    from jiedu.search.index import IndexBuilder

    index = IndexBuilder([{"url": "a/"}, {"url": "b/"}], lambda path, data: None, 16)
    index.add([(1, "两个100%")])
    with pytest.raises(ValueError, match="search document 0 was never added"):
        index.finish([])


def test_the_later_posting_lists_made_in_a_forked_process_give_the_same_files(monkeypatch):
    """The background index makes half of its posting lists in a forked process
    (IndexBuilder.finish(elsewhere=…)): with the seeds cut into many groups, the files are
    the ones one process makes."""
    import jiedu.search.postings as postings
    from jiedu import workers
    from jiedu.search.index import IndexBuilder, order_documents, page_record

    monkeypatch.setattr(postings, "GROUP", 1000)  # the seeds' bigrams in some 30 groups
    docs = [
        SearchDocument(f"r/{i}/", p.stem, None, None, p.read_text()) for i, p in enumerate(SEEDS)
    ]
    expected = build_search_index(docs, TERMS, block=64)
    ordered = order_documents(docs)
    files: dict[str, bytes] = {}
    index = IndexBuilder([page_record(doc) for doc in ordered], files.__setitem__, 64)
    index.add(list(enumerate(doc.text for doc in ordered)))
    forks = []

    def elsewhere(generate, groups):
        forks.append(groups)
        return workers.iterate_in_fork(generate, groups)

    index.finish(TERMS, elsewhere=elsewhere)
    (groups,) = forks
    assert groups.start > 10 and groups.stop > groups.start  # half of many groups went there
    assert dict(sorted(files.items())) == expected
