"""Term matching in Chinese text and the annotation of a rendered body."""

from __future__ import annotations

import json
import re
import subprocess
import sys
import unicodedata
from collections import Counter
from pathlib import Path

import html5lib
import pytest
import yaml

from jiedu.annotate import (
    Quote,
    TermAnnotator,
    quote,
    render_definition,
    sentence_snippet,
)
from jiedu.folding import fold
from jiedu.glossary import Glossary, load_glossary, parse_glossary
from jiedu.markdown import Rendered, render_markdown
from jiedu.occurrences import Occurrence
from jiedu.termmatch import Match, TermMatcher

ROOT = Path(__file__).resolve().parent.parent
SEEDS = sorted((ROOT / "seeds").glob("*.txt"))
# The region of each seed report (who gave it), as its front matter will say.
SEED_REGIONS = {
    "000": "临淄区",
    "001": "临淄区",
    "002": "张店区",
    "003": "桓台县",
    "004": "淄博高新区",
}
TRAPS = yaml.safe_load((ROOT / "tests/fixtures/glossary/traps.yml").read_text(encoding="utf-8"))


def glossary_of(*terms: str, extra: str = "") -> Glossary:
    entries = "".join(
        f"- term: {json.dumps(t, ensure_ascii=False)}\n"  # a JSON string is a YAML string
        "  definition: 定义\n  source: {editorial: 出处}\n"
        for t in terms
    )
    return parse_glossary(entries + extra)


def found(matcher: TermMatcher, text: str, region: str | None = None) -> list[tuple[str, str]]:
    """(term, the original text it matched) for every match."""
    return [(m.term, text[m.start : m.end]) for m in matcher.find(text, region)]


# --- folding --------------------------------------------------------------------------


def test_fold_maps_back_to_the_original_text():
    original = "确保实现“两个 １００％”…及万元 GDP 能耗"
    folded = fold(original)
    assert folded.text == '确保实现"两个100%"...及万元GDP能耗'
    start = folded.text.index("两个100%")
    assert folded.span(start, start + len("两个100%")) == (5, 12)
    assert original[5:12] == "两个 １００％"
    dots = folded.text.index("...")
    assert folded.span(dots, dots + 3) == (13, 14)  # the one "…" it came from
    assert folded.span(dots + 1, dots + 2) is None  # part of one character: no span


def test_spaces_between_latin_words_are_kept():
    assert fold("Regional Comprehensive 协定").text == "Regional Comprehensive协定"


def test_space_runs_are_dropped_only_next_to_cjk():
    # Every kind of horizontal space counts; newlines are kept, and so are runs at either
    # end of the text and between Latin words. "，" (full-width) is CJK before it is folded.
    text = " 两个\u3000100% ，RCEP\tfree trade\u00a0 协定\n 新 \n𠀀 x"
    folded = fold(text)
    assert folded.text == " 两个100%,RCEP\tfree trade协定\n新\n𠀀x"
    start = folded.text.index("协定")
    assert text[slice(*folded.span(start, start + 2))] == "协定"


def test_is_han_agrees_with_the_han_ranges_at_every_edge():
    from jiedu.folding import _HAN_RANGES, is_han

    for low, high in _HAN_RANGES:
        assert is_han(chr(low)) and is_han(chr(high))
        assert not is_han(chr(low - 1)) and not is_han(chr(high + 1))


def test_quote_variants_fold_to_one_quote_whatever_the_order():
    # "﹁" folds (NFKC) to "「", itself a quote: both must end up as the one plain quote.
    assert fold("﹁三线一单﹂「三线一单」").text == '"三线一单""三线一单"'


def test_text_with_nothing_to_fold_is_unchanged():
    folded = fold("落实三线一单分区管控")
    assert folded.text == folded.original
    assert folded.span(2, 6) == (2, 6)


# --- matching -------------------------------------------------------------------------


def test_glued_to_neighbours_and_inside_quotes():
    matcher = TermMatcher(glossary_of("两个100%", "三线一单"))
    assert found(matcher, "确保实现“两个100%”") == [("两个100%", "两个100%")]
    assert found(matcher, "落实三线一单分区管控") == [("三线一单", "三线一单")]
    assert found(matcher, "全面强化“三线一单”管理，三线一单。") == [("三线一单", "三线一单")] * 2


@pytest.mark.parametrize(
    "variant", ["两个 100%", "两个100％", "两个１００％", "两个　100%", "两个  １００%"]
)
def test_width_and_space_variants(variant):
    matcher = TermMatcher(glossary_of("两个100%"))
    text = f"确保实现{variant}。"
    assert found(matcher, text) == [("两个100%", variant)]


def test_full_width_letters_and_plus():
    matcher = TermMatcher(glossary_of("RCEP", "1+5+N"))
    assert found(matcher, "借力ＲＣＥＰ协定") == [("RCEP", "ＲＣＥＰ")]
    assert found(matcher, "构建“１＋５＋Ｎ”医保经办体系") == [("1+5+N", "１＋５＋Ｎ")]


def test_spelling_written_with_a_space_matches_text_without_one():
    matcher = TermMatcher(glossary_of("两个 100%"))
    assert found(matcher, "确保实现“两个100%”") == [("两个 100%", "两个100%")]


def test_longest_match_wins():
    matcher = TermMatcher(glossary_of("双随机", "一公开", "双随机、一公开", "河长", "河长制"))
    assert found(matcher, "规范“双随机、一公开”监管") == [("双随机、一公开", "双随机、一公开")]
    assert found(matcher, "全面推行河长制") == [("河长制", "河长制")]
    assert found(matcher, "双随机抽查，一公开") == [("双随机", "双随机"), ("一公开", "一公开")]


def test_special_characters_match_literally():
    matcher = TermMatcher(glossary_of("1+5+N", "互联网+", "“三公”经费", "R&D", "双随机、一公开"))
    assert found(matcher, "构建区、镇、村“1+5+N”医保经办体系") == [("1+5+N", "1+5+N")]
    assert found(matcher, "强化“互联网+”监管") == [("互联网+", "互联网+")]
    assert found(matcher, "“三公”经费年均下降20%") == [("“三公”经费", "“三公”经费")]
    assert found(matcher, "R&D经费支出") == [("R&D", "R&D")]
    # + and 、 are not wildcards or separators:
    assert found(matcher, "1-5-N 1 5 N 15N 互联网 双随机一公开") == []


def test_quote_styles_are_interchangeable():
    matcher = TermMatcher(glossary_of("“三公”经费"))
    for text in ('"三公"经费', "「三公」经费", "‘三公’经费"):
        assert found(matcher, text) == [("“三公”经费", text)]


def test_latin_terms_do_not_match_inside_longer_latin_words_or_numbers():
    matcher = TermMatcher(glossary_of("RCEP", "GDP", "1+5+N", "两个100"))
    assert found(matcher, "XRCEP RCEPS") == []
    assert found(matcher, "21+5+N 1+5+NN") == []
    assert found(matcher, "两个1000") == []
    assert found(matcher, "万元 GDP 能耗，GDP增长") == [("GDP", "GDP"), ("GDP", "GDP")]


def test_trap_list_yields_nothing():
    traps = TRAPS["traps"]
    matcher = TermMatcher(glossary_of(*sorted({t["term"] for t in traps + TRAPS["glued"]})))
    assert len(traps) >= 12
    for trap in traps:
        assert trap["term"] in trap["text"]  # so the matcher does see a candidate there
        assert [m for m in matcher.find(trap["text"], None) if m.term == trap["term"]] == [], trap


def test_glued_positives_are_all_found():
    glued = TRAPS["glued"]
    matcher = TermMatcher(glossary_of(*sorted({t["term"] for t in TRAPS["traps"] + glued})))
    for case in glued:
        hits = [m for m in matcher.find(case["text"], None) if m.term == case["term"]]
        assert len(hits) == case["text"].count(case["term"]) >= 1, case
        assert {case["text"][m.start : m.end] for m in hits} == {case["term"]}


def test_a_rejected_long_candidate_leaves_room_for_a_shorter_one():
    # 双创 is cut by 创新 in 双创新高, but 创新 itself is a term and is found.
    matcher = TermMatcher(glossary_of("双创", "创新"))
    assert found(matcher, "营收利润双创新高") == [("创新", "创新")]


def test_regional_entries_apply_only_to_their_region():
    glossary = glossary_of(
        "全国词",
        extra="""\
- term: 临淄词
  region: 临淄区
  definition: 定义
  source: {editorial: 出处}
- term: 本地甲
  aliases: [共用名]
  region: 临淄区
  definition: 定义
  source: {editorial: 出处}
- term: 全国乙
  aliases: [共用名]
  definition: 定义
  source: {editorial: 出处}
""",
    )
    matcher = TermMatcher(glossary)
    text = "全国词和临淄词，共用名。"
    assert found(matcher, text, "临淄区") == [
        ("全国词", "全国词"),
        ("临淄词", "临淄词"),
        ("本地甲", "共用名"),
    ]
    assert found(matcher, text, "张店区") == [("全国词", "全国词"), ("全国乙", "共用名")]
    assert found(matcher, text, None) == [("全国词", "全国词"), ("全国乙", "共用名")]


def test_offsets_point_into_the_original_text():
    matcher = TermMatcher(glossary_of("两个100%", "GDP"))
    text = "……万元 GDP 能耗，两个　１００％。"
    assert matcher.find(text, None) == [Match(5, 8, "GDP"), Match(12, 19, "两个100%")]


def test_empty_inputs():
    assert TermMatcher(parse_glossary("")).find("两个100%", None) == []
    assert TermMatcher(glossary_of("两个100%")).find("", None) == []


def test_jieba_is_loaded_only_when_a_glued_candidate_needs_it():
    program = (
        "import sys\n"
        "from jiedu.glossary import parse_glossary\n"
        "from jiedu.termmatch import TermMatcher\n"
        "m = TermMatcher(parse_glossary('- term: 三线一单\\n  definition: d\\n"
        "  source: {editorial: e}\\n'))\n"
        "print(len(m.find('全面强化“三线一单”管理。三线一单', None)), 'jieba' in sys.modules)\n"
        "print(len(m.find('落实三线一单分区管控', None)), 'jieba' in sys.modules)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", program], capture_output=True, text=True, cwd=ROOT, check=True
    )
    assert result.stdout.split("\n")[:2] == ["2 False", "1 True"]
    assert result.stderr == ""  # jieba's "Building prefix dict" chatter is silenced


def test_jieba_reads_its_dictionary_in_place_and_cuts_exactly_as_jieba_does():
    """The sorted-lines dictionary gives jieba's own FREQ answers: every cut of windows
    from the real seeds (and the trap sentences) equals the stock tokenizer's."""
    import jieba

    from jiedu.termmatch import _jieba_tokenizer

    stock = jieba.Tokenizer()
    stock.initialize()
    ours = _jieba_tokenizer()
    assert ours.total == stock.total
    text = "".join(path.read_text(encoding="utf-8") for path in SEEDS)
    windows = [text[i : i + 14] for i in range(0, len(text) - 14, 5)]
    windows += [case["text"] for group in TRAPS.values() for case in group]
    assert len(windows) > 5000
    for window in windows:
        assert list(ours.cut(window, HMM=False)) == list(stock.cut(window, HMM=False)), window
    for fragment in ("中华人民共和国", "中华人", "B超", "河长制", "一体化", "龘龘", "x"):
        assert (fragment in ours.FREQ) == (fragment in stock.FREQ)
        assert ours.FREQ.get(fragment) == stock.FREQ.get(fragment)


# --- annotating a rendered body ------------------------------------------------------


def render(glossary: Glossary, source: str, region=None) -> Rendered:
    return render_markdown(source, TermAnnotator(TermMatcher(glossary), region))


def terms_in(html: str) -> list[dict[str, str]]:
    """Attributes and text of every annotated term, read by a real HTML parser."""
    tree = html5lib.parse(html, namespaceHTMLElements=False)
    return [
        dict(a.attrib) | {"text": "".join(a.itertext())}
        for a in tree.iter("a")
        if (a.get("href") or "").startswith("#t_")  # body ids never hold "_"
    ]


def test_terms_become_short_links_to_their_report_terms_entry():
    glossary = glossary_of("两个100%", "河长制")
    html = render(glossary, "确保实现“两个100%”，推行河长制。\n").html
    # Each names its term's anchor (its place in the glossary) and nothing else: the
    # entry has the name, the page and the definition (static/terms.js links them up).
    assert terms_in(html) == [
        {"href": "#t_1", "text": "两个100%"},
        {"href": "#t_0", "text": "河长制"},
    ]
    assert html.startswith('<p id="p-1">确保实现“<a href="#t_1">两个100%</a>”')


def test_headings_links_code_and_glossary_labels_are_not_annotated():
    source = (
        "# 河长制\n\n"
        "河长制\n: 由各级党政负责人担任河长的制度。另见[河长制](https://example.org)。\n\n"
        "正文`河长制`和![河长制](i.png)以及**河长制**。\n\n"
        "```\n河长制\n```\n"
    )
    html = render(glossary_of("河长制"), source).html
    # Only the emphasised one in the body; the dd names 河长制 only inside its link.
    assert [t["text"] for t in terms_in(html)] == ["河长制"]
    assert '<h1 id="河长制">河长制<a class="permalink"' in html


def test_raw_html_is_text_and_its_words_are_annotated():
    html = render(glossary_of("河长制"), "<a href='x'>河长制</a>，<script>x</script>\n").html
    assert "&lt;a href='x'&gt;" in html and "<script" not in html
    assert [t["text"] for t in terms_in(html)] == ["河长制"]


def test_definition_lists_annotate_the_definition_not_the_label():
    html = render(glossary_of("河长制", "湖长制"), "五长制\n: 河长制、湖长制。\n").html
    assert [t["text"] for t in terms_in(html)] == ["河长制", "湖长制"]
    assert '<dt id="note-1">五长制</dt>' in html


def test_term_links_are_escaped_and_name_only_the_anchor():
    glossary = glossary_of('A<B"&C', "R&D")
    html = render(glossary, '研究A<B"&C与R&amp;D。\n').html
    assert "A<B" not in html and "A&lt;B&quot;&amp;C</a>" in html
    assert [t["text"] for t in terms_in(html)] == ['A<B"&C', "R&D"]
    assert [t["href"] for t in terms_in(html)] == ["#t_0", "#t_1"]


def test_definitions_render_as_safe_inline_html():
    html = render_definition('a <script>alert("x")</script> & "q" *重点*')
    assert "<script" not in html
    assert (
        html == "a &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &quot;q&quot; "
        "<em>重点</em>"
    )


def test_occurrences_record_block_ids_and_sentence_snippets():
    rendered = render(
        glossary_of("两个100%", "三线一单"),
        "# 标题\n\n上一句话。确保实现“两个100%”，落实三线一单！下一句。\n\n- 列表里的三线一单\n",
        "临淄区",
    )
    assert (
        rendered.text
        == "标题\n上一句话。确保实现“两个100%”，落实三线一单！下一句。\n列表里的三线一单"
    )
    assert tuple(rendered.occurrences) == (
        Occurrence("两个100%", "liang-ge-100", "s1-1", 13, 19),
        Occurrence("三线一单", "san-xian-yi-dan", "s1-1", 23, 27),
        Occurrence("三线一单", "san-xian-yi-dan", "s1-2", 37, 41),
    )
    assert [quote(rendered.text, o) for o in rendered.occurrences] == [
        Quote("s1-1", "确保实现“", "两个100%", "”，落实三线一单！"),
        Quote("s1-1", "确保实现“两个100%”，落实", "三线一单", "！"),
        Quote("s1-2", "列表里的", "三线一单", ""),
    ]


def test_a_snippet_never_reaches_into_the_next_block_or_across_a_soft_line_break():
    rendered = render(glossary_of("河长制"), "第一段没有句号\n\n推行\n河长制\n")
    (occurrence,) = rendered.occurrences
    assert rendered.text == "第一段没有句号\n推行河长制"
    assert quote(rendered.text, occurrence) == Quote("p-2", "推行", "河长制", "")


def test_occurrence_snippet_covers_the_whole_block_text_including_links_and_code():
    rendered = render(glossary_of("河长制"), "见[链接](x)与`代码`，推行河长制。\n")
    (occurrence,) = rendered.occurrences
    assert quote(rendered.text, occurrence) == Quote("p-1", "见链接与代码，推行", "河长制", "。")


def test_long_sentence_snippet_is_trimmed_around_the_match():
    text = "甲" * 100 + "两个100%" + "乙" * 100 + "。"
    snippet, start, end = sentence_snippet(text, 100, 106)
    assert len(snippet) <= 80
    assert snippet.startswith("…") and snippet.endswith("…")
    assert snippet[start:end] == "两个100%"
    # Near the start of the sentence, the room goes to the right-hand side.
    snippet, start, end = sentence_snippet("开头两个100%" + "乙" * 100, 2, 8)
    assert snippet.startswith("开头两个100%") and snippet.endswith("…") and len(snippet) <= 80
    assert (start, end) == (2, 8)


def test_snippets_end_at_sentence_marks():
    text = "第一句有河长制。 第二句；三线一单在这里！最后"
    # A mark right at the match's edges ends the sentence before it / after it.
    assert sentence_snippet(text, 4, 7) == ("第一句有河长制。", 4, 7)
    assert sentence_snippet(text, 9, 12) == ("第二句；", 0, 3)  # space dropped
    assert sentence_snippet(text, 13, 17) == ("三线一单在这里！", 0, 4)
    assert sentence_snippet(text, 21, 23) == ("最后", 0, 2)


def test_annotation_keeps_the_text_unchanged():
    source = (ROOT / "seeds" / "001_e9778d67e6610d54.txt").read_text(encoding="utf-8")
    glossary = load_glossary(ROOT / "glossary.yml")
    with_terms = render(glossary, source, "临淄区").html
    without = render_markdown(source).html

    def text_of(html: str) -> str:
        return "".join(html5lib.parse(html, namespaceHTMLElements=False).itertext())

    assert text_of(with_terms) == text_of(without)
    assert len(terms_in(with_terms)) > 50


def test_same_input_same_output():
    source = (ROOT / "seeds" / "002_22c87bdb59693694.txt").read_text(encoding="utf-8")
    glossary = load_glossary(ROOT / "glossary.yml")
    first = render(glossary, source, "张店区")
    second = render(load_glossary(ROOT / "glossary.yml"), source, "张店区")
    assert first == second


# --- every occurrence in the real seeds -----------------------------------------------


def expected_counts(text: str, glossary: Glossary, region: str) -> Counter[str]:
    """An independent count of spelling occurrences: a regex per spelling on the NFKC text,
    allowing spaces between characters; leftmost-longest among overlaps; minus traps."""
    normal = unicodedata.normalize("NFKC", text)
    spans = []
    for term in glossary.terms:
        for entry in term.entries:
            if entry.regions and region not in entry.regions:
                continue
            for spelling in (entry.term, *entry.aliases):
                chars = [re.escape(c) for c in unicodedata.normalize("NFKC", spelling) if c != " "]
                pattern = re.compile("(?=(" + "[ \t]*".join(chars) + "))")
                spans += [
                    (m.start(), m.start() + len(m.group(1)), term.term)
                    for m in pattern.finditer(normal)
                ]
    trapped = set()
    for trap in TRAPS["traps"]:
        inside = trap["text"].index(trap["term"])
        for m in re.finditer(re.escape(trap["text"]), normal):
            trapped.add((m.start() + inside, m.start() + inside + len(trap["term"])))
    spans = [s for s in spans if (s[0], s[1]) not in trapped]
    spans.sort(key=lambda s: (s[0], -s[1]))
    counts: Counter[str] = Counter()
    cursor = 0
    for start, end, term in spans:
        if start >= cursor:
            counts[term] += 1
            cursor = end
    return counts


@pytest.mark.parametrize("seed", SEEDS, ids=lambda p: p.stem[:3])
def test_every_occurrence_in_every_seed_is_annotated(seed):
    glossary = load_glossary(ROOT / "glossary.yml")
    region = SEED_REGIONS[seed.stem[:3]]
    text = seed.read_text(encoding="utf-8")
    rendered = render(glossary, text, region)
    by_anchor = {t.anchor: t.term for t in glossary.terms}
    annotated = Counter(by_anchor[t["href"][1:]] for t in terms_in(rendered.html))
    assert annotated == expected_counts(text, glossary, region)
    assert annotated == Counter(o.term for o in rendered.occurrences)
    assert sum(annotated.values()) >= 10
