"""Item 9: the report's own glossary becomes glossary items, a definition-list appendix
with its heading, glossary.yml entries, and links from the note markers in the text."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from markdown_it import MarkdownIt
from mdit_py_plugins.container import container_plugin
from mdit_py_plugins.deflist import deflist_plugin

from jiedu.importer import GlossaryItem, glossary_yaml_entries, import_seed, import_text
from jiedu.importer.notes import is_notes_heading, parse_notes

ROOT = Path(__file__).resolve().parents[1]
REPORT = ROOT / "seeds" / "001_e9778d67e6610d54.txt"
FIXTURES = ROOT / "tests" / "fixtures" / "import"
MD = MarkdownIt("commonmark").use(deflist_plugin).use(container_plugin, "caption")


def report():
    (doc,) = import_seed(REPORT).documents
    return doc


def test_the_report_glossary_has_all_26_items_in_order():
    glossary = report().glossary
    assert [item.number for item in glossary] == list(range(1, 27))
    assert glossary[0] == GlossaryItem(
        1,
        "传统产业“五个优化”",
        "优化提升技术工艺，优化拓展产品体系，优化提高产品质量，优化完善产业链条，优化提升经济效益。",
    )
    by_number = {item.number: item for item in glossary}
    assert by_number[2].term == "“亩产效益”综合评价"  # inner quotes belong to the term
    assert by_number[5].term == "五个中心"  # enclosing quotes do not
    assert by_number[18] == GlossaryItem(18, "两个100%", "年度重点项目开工率100%、投资完成率100%。")
    assert by_number[26].term == "双随机、一公开"
    assert by_number[26].definition.endswith("抽查情况及查处结果及时向社会公开。")


def test_the_glossary_stays_as_a_definition_list_appendix():
    body = report().body
    appendix = body.split("## 《政府工作报告》词语解释\n\n", 1)[1]
    tokens = MD.parse(appendix)
    terms = [tokens[i + 1].content for i, t in enumerate(tokens) if t.type == "dt_open"]
    definitions = [tokens[i + 2].content for i, t in enumerate(tokens) if t.type == "dd_open"]
    glossary = report().glossary
    assert terms == [item.term for item in glossary]
    assert definitions == [item.definition for item in glossary]
    assert "1." not in appendix and "18." not in appendix  # numbers are the list's order


def test_glossary_yaml_entries():
    doc = report()
    text, skipped = glossary_yaml_entries([doc])
    entries = yaml.safe_load(text)
    assert skipped == []
    assert len(entries) == 26
    assert entries[17] == {
        "term": "两个100%",
        "definition": "年度重点项目开工率100%、投资完成率100%。",
        "source": {"report": "2021-01-13-linziqu-report", "item": 18},
    }
    assert all(list(entry) == ["term", "definition", "source"] for entry in entries)
    assert glossary_yaml_entries(
        import_seed(ROOT / "seeds/000_16824cc927a6dc90.txt").documents
    ) == ("", [])


def test_definitions_on_the_next_line_numbered_in_parentheses():
    (doc,) = import_seed(FIXTURES / "gbk_crlf_county_report.txt").documents
    assert doc.glossary == (
        GlossaryItem(1, "两个100%", "年度重点项目开工率100%、投资完成率100%。"),
        GlossaryItem(
            2,
            "一业一证",
            "将一个行业准入涉及的多张许可证整合为一张行业综合许可证，实现“一证准营”。",
        ),
    )
    assert "“两个100%”[［1］](#note-1)。" in doc.body
    assert "推行“一业一证”[［2］](#note-2)改革" in doc.body


def test_square_bracket_items_with_an_introduction():
    (doc,) = import_seed(FIXTURES / "crcrlf_notes.txt").documents
    assert [(item.number, item.term) for item in doc.glossary] == [(1, "标准地"), (2, "博山陶琉")]
    assert doc.glossary[1].definition == "博山陶瓷和琉璃产业的合称，是博山的传统优势产业。"
    assert "## 注释\n\n以下为本报告中部分词语的解释。\n\n标准地\n: 带着建设规划" in doc.body
    assert "全面推行“标准地”[［1］](#note-1)出让" in doc.body


def test_a_marker_without_an_item_is_left_as_text():
    (doc,) = import_text(
        "政府工作报告\n\n——2023年1月5日在某县会议上\n\n各位代表：\n\n"
        "推进“三线一单”［3］管理。\n\n名词解释\n\n1、三线一单：生态保护红线、环境质量底线。\n",
        "marker.txt",
    )
    assert doc.glossary == (GlossaryItem(1, "三线一单", "生态保护红线、环境质量底线。"),)
    assert "推进“三线一单”［3］管理。" in doc.body


def test_only_the_next_number_starts_an_item():
    """ "2.5%" at the start of a wrapped line is text, not item 2."""
    preamble, items = parse_notes(
        ["1.增速目标：全年增长", "2.5%以上。", "2.第二项：说明。", "5.跳号：不是新条目。"]
    )
    assert preamble == []
    assert items == (
        GlossaryItem(1, "增速目标", "全年增长2.5%以上。"),
        GlossaryItem(2, "第二项", "说明。5.跳号：不是新条目。"),
    )


@pytest.mark.parametrize(
    ("lines", "term", "definition"),
    [
        (["1.“两个100%”即年度重点项目开工率100%。"], "两个100%", "年度重点项目开工率100%。"),
        (["1. 齐城农业高新区“五园三", "区一中心”：五园，即种苗创新园。"],
         "齐城农业高新区“五园三区一中心”", "五园，即种苗创新园。"),
        (["［1］“标准地”", "带着标准出让的", "建设用地。"], "标准地", "带着标准出让的建设用地。"),
    ],
)  # fmt: skip
def test_term_and_definition_split(lines, term, definition):
    _, (item,) = parse_notes(lines)
    assert (item.term, item.definition) == (term, definition)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("《政府工作报告》词语解释", True),
        ("名词解释", True),
        ("名词注释", True),
        ("注释", True),
        ("附：部分名词解释", True),
        ("词语解释很重要。", False),
        ("全面加强政府自身建设", False),
    ],
)
def test_notes_heading(text, expected):
    assert is_notes_heading(text) is expected
