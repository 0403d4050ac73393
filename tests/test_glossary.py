"""glossary.yml: validation (with exact positions), pinyin order, slugs, regional entries."""

from __future__ import annotations

import random
import re
from pathlib import Path
from textwrap import dedent

import pytest

from jiedu.errors import JieduError
from jiedu.glossary import GlossaryError, load_glossary, parse_glossary
from jiedu.pinyin import base_slug, first_letter, pinyin_key

ROOT = Path(__file__).resolve().parent.parent
GLOSSARY = ROOT / "glossary.yml"


def entries_yaml(*terms: str) -> str:
    """Minimal valid entries, one per term."""
    return "".join(
        f"- term: {t}\n  definition: 定义\n  source: {{editorial: 出处}}\n" for t in terms
    )


def problems(text: str) -> list[tuple[int | None, int | None, str]]:
    with pytest.raises(GlossaryError) as caught:
        parse_glossary(dedent(text).lstrip("\n"), "g.yml")
    return [(p.line, p.column, p.message) for p in caught.value.problems]


def only_problem(text: str) -> tuple[int | None, int | None, str]:
    found = problems(text)
    assert len(found) == 1, found
    return found[0]


# --- the real glossary ----------------------------------------------------------------


def test_real_glossary_loads_and_every_entry_has_a_source():
    glossary = load_glossary(GLOSSARY)
    assert len(glossary.terms) >= 40
    for term in glossary.terms:
        for entry in term.entries:
            assert entry.definition.strip()
            assert entry.source_note or (entry.source_report and entry.source_item)


def test_real_glossary_slugs_are_unique_and_url_safe():
    glossary = load_glossary(GLOSSARY)
    slugs = [t.slug for t in glossary.terms]
    assert len(set(slugs)) == len(slugs)
    for slug in slugs:
        assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", slug), slug


def test_each_term_has_a_short_anchor_no_body_id_can_take():
    from jiedu.markdown import render_markdown

    glossary = load_glossary(ROOT / "glossary.yml")
    anchors = [t.anchor for t in glossary.terms]
    assert len(set(anchors)) == len(anchors) == len(glossary.terms)
    assert all(re.fullmatch(r"t_[0-9a-f]{1,3}", a) for a in anchors)
    # Headings and paragraphs that read like an anchor still get ids without "_".
    ids = re.findall(r' id="([^"]*)"', render_markdown("## t_1\n\nt_1 段落\n\n## t_\n").html)
    assert len(ids) == 3 and not [i for i in ids if "_" in i], ids


def test_real_glossary_is_in_pinyin_order_with_letter_bar_groups():
    terms = load_glossary(GLOSSARY).terms
    keys = [pinyin_key(t.term) for t in terms]
    assert keys == sorted(keys)
    letters = [first_letter(t.term) for t in terms]
    # Letters ascend, and any "#" terms come after every lettered one.
    lettered = [x for x in letters if x != "#"]
    assert lettered == sorted(lettered)
    assert letters == lettered + ["#"] * letters.count("#")


def test_real_glossary_regional_entry_for_sixin():
    sixin = load_glossary(GLOSSARY).get("四新")
    assert sixin is not None
    assert [e.regions for e in sixin.entries] == [(), ("临淄区",)]
    assert "智能装备制造" in sixin.definition_for("临淄区").definition
    assert "新业态" in sixin.definition_for("张店区").definition
    assert sixin.definition_for(None) is sixin.entries[0]


# --- validation: every error kind with its exact position -----------------------------


def test_yaml_syntax_error_points_at_the_problem_and_where_it_started():
    with pytest.raises(JieduError) as caught:
        parse_glossary("- term: 甲\n  definition: [未闭合\n  source: {editorial: 出处}\n", "g.yml")
    error = caught.value
    assert (error.path, error.line, error.column) == ("g.yml", 3, 9)
    assert "flow sequence started at line 2, column 15" in error.message


def test_tab_indentation_is_a_syntax_error_on_its_line():
    with pytest.raises(JieduError) as caught:
        parse_glossary("- term: 甲\n\tdefinition: 定义\n", "g.yml")
    assert (caught.value.line, caught.value.column) == (2, 1)


def test_top_level_must_be_a_list():
    assert only_problem("term: 甲\n")[:2] == (1, 1)


def test_entry_must_be_a_mapping():
    line, column, message = only_problem(entries_yaml("甲") + "- 乙\n")
    assert (line, column) == (4, 3)
    assert "mapping" in message


def test_unknown_key_points_at_the_key():
    found = problems("""
        - term: 甲
          defintion: 定义
          source: {editorial: 出处}
        """)
    assert found[0][:2] == (1, 3)  # the entry: definition is missing
    assert "missing 'definition'" in found[0][2]
    assert found[1][:2] == (2, 3)
    assert "unknown key 'defintion'" in found[1][2]


def test_duplicate_key_in_an_entry():
    line, column, message = only_problem("""
        - term: 甲
          definition: 定义
          source: {editorial: 出处}
          definition: 又一个
        """)
    assert (line, column) == (4, 3)
    assert "appears twice" in message


@pytest.mark.parametrize(
    ("field", "value", "column", "says"),
    [
        ("term", "100", 9, "term must be text, not a number (put it in quotes)"),
        ("term", "yes", 9, "term must be text, not true/false"),
        ("term", "[甲, 乙]", 9, "term must be text, not a list"),
        ("definition", "{a: b}", 15, "definition must be text, not a mapping"),
        ("aliases", "专精特新企业", 12, "aliases must be a list"),
        ("aliases", "[甲乙, 3]", 17, "each item of aliases must be text, not a number"),
        ("region", "2022", 11, "region must be text, not a number"),
        ("region", "[]", 11, "region is an empty list"),
        ("see_also", "乙", 13, "see_also must be a list"),
        ("category", "[产业]", 13, "category must be text, not a list"),
    ],
)
def test_wrong_types(field, value, column, says):
    fields = {"term": "甲", "definition": "定义"} | {field: value}
    text = "".join(f"  {k}: {v}\n" for k, v in fields.items()).replace("  ", "- ", 1)
    text += "  source: {editorial: 出处}\n"
    line = 1 + list(fields).index(field)
    found_line, found_column, message = only_problem(text)
    assert (found_line, found_column) == (line, column)
    assert says in message


@pytest.mark.parametrize("empty", ["", '""', "'   '", "|\n    \n"])
def test_empty_definition(empty):
    line, column, message = only_problem(
        f"- term: 甲\n  definition: {empty}\n  source: {{editorial: 出处}}\n"
    )
    assert line == 2
    assert message == "definition is empty"


def test_missing_required_keys_point_at_the_entry():
    found = problems("""
        - term: 甲
          definition: 定义
          source: {editorial: 出处}
        - category: 产业
        """)
    assert [(line, column) for line, column, _ in found] == [(4, 3)] * 3
    assert [m for _, _, m in found] == [
        "entry is missing 'term'",
        "entry is missing 'definition'",
        "entry is missing 'source'",
    ]


@pytest.mark.parametrize(
    ("source", "line", "column", "says"),
    [
        (
            "出处",
            3,
            11,
            "source must be either {report: <report slug>, item: <number>} or "
            "{editorial: <where the definition comes from>}, not text",
        ),
        ("{report: 001-linzi}", 3, 11, "source must be either"),
        ("{report: 001-linzi, item: '3'}", 3, 37, "source item must be a number, not"),
        ("{report: 001-linzi, item: 0}", 3, 37, "source item must be 1 or more"),
        ("{report: 001-linzi, item: 3, editorial: x}", 3, 40, "both an editorial note and"),
        ("{editorial: x, item: 3}", 3, 26, "both an editorial note and"),
        ("{editorial: ''}", 3, 23, "source editorial note is empty"),
        ("{url: http://example.org}", 3, 12, "unexpected key 'url'"),
    ],
)
def test_malformed_source(source, line, column, says):
    found = only_problem(f"- term: 甲\n  definition: 定义\n  source: {source}\n")
    assert found[:2] == (line, column)
    assert says in found[2]


def test_report_source_is_accepted():
    text = "- term: 甲\n  definition: 定义\n  source: {report: r, item: 18}\n"
    term = parse_glossary(text).get("甲")
    assert term is not None
    assert (term.entries[0].source_report, term.entries[0].source_item) == ("r", 18)
    assert term.entries[0].source_note is None


def test_same_term_twice_in_the_general_scope():
    line, column, message = only_problem(entries_yaml("甲", "乙", "甲"))
    assert (line, column) == (7, 9)
    assert message == "'甲' is already defined in the general scope by the entry for '甲' at line 1"


def test_same_alias_twice_in_one_region():
    line, column, message = only_problem("""
        - term: 甲
          aliases: [丙]
          region: 临淄区
          definition: 定义
          source: {editorial: 出处}
        - term: 乙
          aliases: [丁, 丙]
          region: [张店区, 临淄区]
          definition: 定义
          source: {editorial: 出处}
        """)
    assert (line, column) == (7, 16)
    assert "'丙' is already defined in region '临淄区' by the entry for '甲' at line 1" in message


def test_spellings_are_compared_after_width_and_space_folding():
    line, column, message = only_problem("""
        - term: 两个100%
          definition: 定义
          source: {editorial: 出处}
        - term: 另一个
          aliases: [两个 １００％]
          definition: 定义
          source: {editorial: 出处}
        """)
    assert (line, column) == (5, 13)
    assert "(as '两个100%')" in message


def test_regional_and_general_entries_of_one_term_are_fine():
    glossary = parse_glossary("""\
- term: 甲
  aliases: [丙]
  definition: 全国定义
  source: {editorial: 出处}
- term: 甲
  aliases: [丙]
  region: [临淄区, 张店区]
  definition: 两区定义
  source: {editorial: 出处}
- term: 甲
  region: 桓台县
  definition: 桓台定义
  source: {editorial: 出处}
""")
    term = glossary.get("甲")
    assert term is not None
    assert [e.regions for e in term.entries] == [(), ("临淄区", "张店区"), ("桓台县",)]
    assert term.definition_for("张店区").definition == "两区定义"
    assert term.definition_for("桓台县").definition == "桓台定义"
    assert term.definition_for("淄博高新区").definition == "全国定义"
    assert term.spellings == ("甲", "丙")


def test_regional_only_term_has_no_definition_elsewhere():
    term = parse_glossary(
        "- term: 甲\n  region: 临淄区\n  definition: 定义\n  source: {editorial: 出处}\n"
    ).get("甲")
    assert term is not None
    assert term.definition_for("临淄区") is not None
    assert term.definition_for("张店区") is None
    assert term.definition_for(None) is None


def test_see_also_must_name_a_term():
    found = problems(
        entries_yaml("乙")
        + """\
- term: 甲
  aliases: [丙]
  definition: 定义
  source: {editorial: 出处}
  see_also: [乙, 丁, 丙, 甲]
"""
    )
    assert found == [
        (8, 17, "see_also '丁' is not a term in the glossary"),
        (8, 20, "see_also '丙' is not a term in the glossary; did you mean '甲'?"),
        (8, 23, "see_also of '甲' refers to itself"),
    ]


def test_all_problems_are_collected_in_line_order():
    with pytest.raises(GlossaryError) as caught:
        parse_glossary(
            dedent("""\
            - term: 甲
              definition: ""
              source: {editorial: 出处}
            - term: 乙
              definition: 定义
              source: {editorial: 出处}
              see_also: [无]
            - term: 甲
              definition: 定义
              source: {editorial: 出处}
              colour: red
            """),
            "g.yml",
        )
    error = caught.value
    assert [(p.line, p.column) for p in error.problems] == [(2, 15), (7, 14), (11, 3)]
    assert (error.line, error.column) == (2, 15)  # the first problem, for one-line reporting
    assert str(error).splitlines() == [
        "g.yml:2:15: definition is empty",
        "g.yml:7:14: see_also '无' is not a term in the glossary",
        "g.yml:11:3: unknown key 'colour'; allowed keys: term, aliases, definition, region, "
        "source, see_also, category",
    ]


def test_load_glossary_names_the_file(tmp_path):
    with pytest.raises(JieduError) as caught:
        load_glossary(tmp_path / "missing.yml")
    assert caught.value.path == str(tmp_path / "missing.yml")
    bad = tmp_path / "bad.yml"
    bad.write_bytes("- term: 甲\n".encode("gbk"))
    with pytest.raises(JieduError, match="not UTF-8"):
        load_glossary(bad)


def test_empty_file_is_an_empty_glossary():
    assert parse_glossary("# nothing yet\n").terms == ()


# --- pinyin order, letters and slugs --------------------------------------------------


def test_pinyin_order_letters_first_then_digits():
    shuffled = [
        "1+5+N",
        "专精特新",
        "RCEP",
        "河长制",
        "两个100%",
        "八大会战",
        "阿拉伯数字",
        "实施",
        "事实",
        "“三公”经费",
        "绿色低碳",
    ]
    random.Random(4).shuffle(shuffled)
    glossary = parse_glossary(entries_yaml(*shuffled))
    assert [t.term for t in glossary.terms] == [
        "阿拉伯数字",
        "八大会战",
        "河长制",
        "两个100%",
        "绿色低碳",
        "RCEP",
        "“三公”经费",
        "实施",
        "事实",
        "专精特新",
        "1+5+N",
    ]


def test_homophones_with_same_tones_are_ordered_by_the_text_itself():
    # 公式 and 公事 are both gong1 shi4.
    assert pinyin_key("公式")[1] == pinyin_key("公事")[1]
    ordered = [t.term for t in parse_glossary(entries_yaml("公式", "公事")).terms]
    assert ordered == sorted(["公式", "公事"])


@pytest.mark.parametrize(
    ("term", "letter"),
    [
        ("两个100%", "L"),
        ("RCEP", "R"),
        ("rcep", "R"),
        ("1+5+N", "#"),
        ("“三公”经费", "S"),
        ("河长制", "H"),
        ("长者食堂", "Z"),
        ("绿色", "L"),
        ("ＲＣＥＰ", "R"),
    ],
)
def test_first_letter(term, letter):
    assert first_letter(term) == letter


@pytest.mark.parametrize(
    ("term", "slug"),
    [
        ("两个100%", "liang-ge-100"),
        ("两个 100%", "liang-ge-100"),
        ("1+5+N", "1-5-n"),
        ("R&D", "r-d"),
        ("河长制", "he-zhang-zhi"),  # 长 read zhang, not chang
        ("双随机、一公开", "shuang-sui-ji-yi-gong-kai"),
        ("“三公”经费", "san-gong-jing-fei"),
        ("绿色", "lv-se"),
        ("ＣＣＵＳ", "ccus"),
        ("、", "term"),
    ],
)
def test_base_slug(term, slug):
    assert base_slug(term) == slug


def test_colliding_slugs_get_a_stable_suffix():
    first = parse_glossary(entries_yaml("事实", "实施"))
    assert first.get("实施").slug == "shi-shi"  # shi2 shi1 sorts before shi4 shi2
    suffixed = first.get("事实").slug
    assert re.fullmatch(r"shi-shi-[0-9a-f]{6}", suffixed)
    # A new homophone that sorts between them does not rename either of them.
    second = parse_glossary(entries_yaml("时事", "事实", "实施"))
    assert second.get("实施").slug == "shi-shi"
    assert second.get("事实").slug == suffixed
    assert second.get("时事").slug not in {"shi-shi", suffixed}
    assert second.by_slug(suffixed) is second.get("事实")


def test_same_glossary_in_any_entry_order_gives_the_same_result():
    terms = ["事实", "实施", "两个100%", "1+5+N", "河长制", "时事"]
    forward = parse_glossary(entries_yaml(*terms))
    backward = parse_glossary(entries_yaml(*reversed(terms)))
    assert [(t.term, t.slug) for t in forward.terms] == [(t.term, t.slug) for t in backward.terms]


def test_get_and_by_slug():
    glossary = parse_glossary(entries_yaml("河长制"))
    assert glossary.get("河长制").slug == "he-zhang-zhi"
    assert glossary.by_slug("he-zhang-zhi").term == "河长制"
    assert glossary.get("湖长制") is None
    assert glossary.by_slug("hu-zhang-zhi") is None
