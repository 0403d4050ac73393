"""The glossary gap finder (jiedu.gaps) on the seeds' content and on real corpus reports,
judged against hand labels (tests/fixtures/gaps/labels.yml), and its command line."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from jiedu.content import parse_report
from jiedu.folding import fold_spelling
from jiedu.gaps import defined_test, find_gaps
from jiedu.glossary import load_glossary, parse_glossary
from jiedu.importer import import_seed, write_content_file
from jiedu.importer.glossary_yaml import append_to_glossary
from jiedu.memo import Memo
from jiedu.preview_build import SiteBuilder
from jiedu.project import load_project

from .conftest import CORPUS, FIXTURES, REPO

LABELS = yaml.safe_load((FIXTURES / "gaps" / "labels.yml").read_text(encoding="utf-8"))
# Corpus reports the importer reads today, labelled by hand (see labels.yml).
CORPUS_FILES = [name for name in LABELS if name.endswith(".txt")]
SEED_REPORTS = [name for name in LABELS if not name.endswith(".txt")]


def copy_project(target: Path) -> Path:
    """This repository's project (content, seeds, glossary, templates) in a folder of its own."""
    for folder in ("content", "seeds", "templates", "static"):
        shutil.copytree(REPO / folder, target / folder)
    for name in ("glossary.yml", "site.yml"):
        shutil.copy(REPO / name, target / name)
    return target


@pytest.fixture(scope="module")
def corpus_project(tmp_path_factory) -> Path:
    """The labelled corpus reports imported into a project with this repository's glossary
    (their own glossaries appended, as `build.py import` does)."""
    root = tmp_path_factory.mktemp("corpus")
    shutil.copy(REPO / "glossary.yml", root / "glossary.yml")
    shutil.copy(REPO / "site.yml", root / "site.yml")
    (root / "content").mkdir()
    for name in CORPUS_FILES:
        result = import_seed(CORPUS / name)
        for doc in result.documents:
            write_content_file(doc, root / "content")
        append_to_glossary(root / "glossary.yml", result.documents)
    return root


def labelled(project, names: list[str]) -> tuple[set[str], set[str]]:
    """(jargon, not jargon) of the reports `names` (corpus file or content name), folded,
    leaving out what the project's glossary defines: that is never a candidate."""
    by_name = {r.seed: r.slug for r in project.reports} | {r.slug: r.slug for r in project.reports}
    defined = defined_test(project.glossary)
    jargon, other = set(), set()
    for name in names:
        assert name in by_name, f"labelled report {name} is not in the project"
        jargon |= {fold_spelling(t) for t in LABELS[name]["jargon"]}
        other |= {fold_spelling(t) for t in LABELS[name]["not_jargon"]}
    assert not jargon & other, f"labelled both ways: {jargon & other}"
    return {k for k in jargon if not defined(k)}, {k for k in other if not defined(k)}


def recall_and_precision(project, names: list[str]) -> tuple[float, float]:
    jargon, other = labelled(project, names)
    keys = [fold_spelling(c.term) for c in find_gaps(project.reports, project.glossary)]
    first_200, first_100 = set(keys[:200]), keys[:100]
    recall = len(jargon & first_200) / len(jargon)
    judged = [key for key in first_100 if key in jargon or key in other]
    precision = sum(key in jargon for key in judged) / len(judged)
    return recall, precision


def test_labels_cover_enough_reports_and_phrases():
    assert len(CORPUS_FILES) >= 4
    assert sum(len(LABELS[n]["jargon"]) for n in LABELS) >= 200
    assert sum(len(LABELS[n]["not_jargon"]) for n in LABELS) >= 150


def test_recall_and_precision_on_the_labelled_corpus_reports(corpus_project):
    recall, precision = recall_and_precision(load_project(corpus_project), CORPUS_FILES)
    assert recall >= 0.8, recall
    assert precision >= 0.8, precision


def test_recall_and_precision_on_the_seeds_content():
    recall, precision = recall_and_precision(load_project(REPO), SEED_REPORTS)
    assert recall >= 0.8, recall
    assert precision >= 0.8, precision


def test_issue_examples_rank_as_the_issue_asks(tmp_path):
    """Number codes and quoted coinages are put forward; idioms, metaphors, city slogans,
    newspapers and everyday words are not, or far below."""
    text = (
        "全面推进“三创四建”，落实“11258”工作机制和“8+N”政策体系，实施十项民心工程，打好七场硬战。"
        "深化“接诉即办”“县管校聘”“工改工”“强区放权”“织网工程”“揭榜挂帅”改革。\n\n"
        "筑牢“护城河”，牵住“牛鼻子”，搭建“四梁八柱”，防止“一刀切”，建设“幸福罗湖”，"
        "争创“奥运冠军之城”，据《鲁中晨报》“窗口”报道，开展“一对一”帮扶。\n"
    )
    report = parse_report(f"---\ntitle: 报告\nregion: 罗湖区\n---\n{text}", Path("x.md"))
    ranked = [c.term for c in find_gaps([report], parse_glossary(""))]
    coined = ["三创四建", "11258", "8+N", "十项民心工程", "七场硬战", "接诉即办", "县管校聘"]
    coined += ["工改工", "强区放权", "织网工程", "揭榜挂帅"]
    plain = ["护城河", "牛鼻子", "一刀切", "幸福罗湖", "奥运冠军之城", "窗口", "一对一"]
    assert set(coined) <= set(ranked), ranked
    lowest_coined = max(ranked.index(term) for term in coined)
    for term in plain:
        assert term not in ranked or ranked.index(term) > lowest_coined, ranked
    # Known limit: a metaphor built like a code (四梁八柱) reads as one to these rules.


def test_nothing_already_defined_is_put_forward():
    """Every spelling of the real glossary (any scope), quoted in a report, stays out."""
    glossary = load_glossary(REPO / "glossary.yml")
    spellings = [
        s for term in glossary.terms for entry in term.entries for s in (entry.term, *entry.aliases)
    ]
    body = "\n\n".join(f"推进“{s}”，落实{s}，实施（以下简称“{s}”）。" for s in spellings)
    report = parse_report(f"---\ntitle: 报告\nregion: 某区\n---\n{body}\n", Path("all.md"))
    folded = {fold_spelling(s) for s in spellings}
    project = load_project(REPO)
    for reports in ([report], project.reports):
        for candidate in find_gaps(reports, glossary):
            assert fold_spelling(candidate.term) not in folded, candidate.term


def test_the_command_reads_the_same_spellings_as_the_validated_glossary():
    from jiedu.gaps.spellings import read_spellings

    def spellings(glossary) -> set[tuple[str, tuple[str, ...]]]:
        return {(e.term, tuple(e.aliases)) for t in glossary.terms for e in t.entries}

    validated = load_glossary(REPO / "glossary.yml")
    assert spellings(read_spellings(REPO / "glossary.yml")) == spellings(validated)


def run_gaps(root: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, str(REPO / "build.py"), "--root", str(root), "gaps", *args],
        capture_output=True,
        text=True,
        encoding="utf-8",
    )


def test_json_is_one_array_best_first_with_contexts_that_point_at_paragraphs(real_site):
    done = run_gaps(REPO, "--json")
    assert done.returncode == 0, done.stderr
    candidates = json.loads(done.stdout)  # exactly one JSON document
    assert isinstance(candidates, list) and len(candidates) >= 50
    slugs = {p.stem for p in (REPO / "content").glob("*.md")}
    # best first: terms used in several reports (scoring 1 or more) first, each tier by score
    tiers = [(len(c["reports"]) > 1 and c["score"] >= 1.0, c["score"]) for c in candidates]
    assert tiers == sorted(tiers, reverse=True)
    for candidate in candidates:
        assert isinstance(candidate["term"], str) and candidate["term"]
        assert "“" not in candidate["term"] and "”" not in candidate["term"]
        assert isinstance(candidate["count"], int) and candidate["count"] >= 1
        assert set(candidate["reports"]) <= slugs and candidate["reports"]
        assert 1 <= len(candidate["contexts"]) <= 3
        for context in candidate["contexts"]:
            assert context["report"] in candidate["reports"]
            shown = context["sentence"][context["start"] : context["end"]]
            assert fold_spelling(shown) == fold_spelling(candidate["term"])
            assert f"【{shown}】" in context["marked"]
            page = (real_site / "reports" / context["report"] / "index.html").read_text("utf-8")
            assert f'id="{context["anchor"]}"' in page


def test_limit_and_table():
    done = run_gaps(REPO, "--limit", "5")
    assert done.returncode == 0
    lines = done.stdout.strip().splitlines()
    assert len(lines) == 6 and lines[0].split()[:2] == ["#", "term"]
    assert len(json.loads(run_gaps(REPO, "--json", "--limit", "3").stdout)) == 3


def test_report_option_keeps_that_reports_candidates():
    slug = "2022-01-20-zhangdianqu-summary"
    done = run_gaps(REPO, "--json", "--report", slug)
    candidates = json.loads(done.stdout)
    assert candidates
    everything = json.loads(run_gaps(REPO, "--json").stdout)
    expected = [c["term"] for c in everything if slug in c["reports"]]
    assert [c["term"] for c in candidates] == expected
    assert all(c["contexts"][0]["report"] == slug for c in candidates)
    missing = run_gaps(REPO, "--report", "no-such-report")
    assert missing.returncode == 1 and "no-such-report" in missing.stderr


def test_stub_keeps_the_glossary_and_the_build_works(tmp_path):
    root = copy_project(tmp_path / "project")
    before = (root / "glossary.yml").read_text(encoding="utf-8")
    top = json.loads(run_gaps(root, "--json", "--limit", "1").stdout)[0]
    done = run_gaps(root, "--stub", top["term"])
    assert done.returncode == 0, done.stderr
    after = (root / "glossary.yml").read_text(encoding="utf-8")
    assert after.startswith(before)  # comments, order, everything kept
    added = after[len(before) :].splitlines()
    assert all(line == "" or line.startswith("#") for line in added)
    assert f"# - term: {top['term']}" in added
    assert any(top["contexts"][0]["report"] in line for line in added)
    assert [t.term for t in parse_glossary(after).terms] == [
        t.term for t in parse_glossary(before).terms
    ]
    assert run_gaps(root, "--stub", top["term"]).returncode == 0  # again: no second stub
    assert (root / "glossary.yml").read_text(encoding="utf-8") == after
    defined = run_gaps(root, "--stub", "专精特新")
    assert defined.returncode == 1 and "already defined" in defined.stderr
    assert (root / "glossary.yml").read_text(encoding="utf-8") == after
    build = subprocess.run(
        [sys.executable, str(REPO / "build.py"), "--root", str(root), "build"],
        capture_output=True,
        text=True,
    )
    assert build.returncode == 0, build.stderr
    assert (root / "site" / "index.html").is_file()


def test_a_built_site_has_no_gaps_page_and_no_link_to_it(real_site):
    assert not (real_site / "gaps").exists()
    for page in real_site.rglob("*.html"):
        html = page.read_text(encoding="utf-8")
        assert "gaps/" not in html and "术语缺口" not in html and "候选术语" not in html, page


def test_the_preview_has_the_gaps_page_linked_from_every_page(tmp_path):
    root = copy_project(tmp_path / "project")
    builder = SiteBuilder(root, with_search=False, editor_pages=True)
    files = builder.build()
    # Made when a browser asks for them, not at every save (the finder reads everything).
    assert not [path for path in files if path.startswith("gaps/")]
    gaps = builder.gap_files()
    assert set(gaps) == {"gaps/index.html", "gaps/counts.json", "gaps/note.js"}
    page = gaps["gaps/index.html"].decode()
    project = load_project(root)
    candidates = find_gaps(project.reports, project.glossary)
    assert f"共 {len(candidates)} 个候选术语" in page
    assert candidates[0].term in page
    for path, data in files.items():
        if path.endswith(".html"):
            assert 'gaps/">术语缺口' in data.decode(), path
    counts = json.loads(gaps["gaps/counts.json"])
    for report in project.reports:
        html = files[f"reports/{report.slug}/index.html"].decode()
        assert f'data-report="{report.slug}" data-counts="../../gaps/counts.json"' in html
        assert counts.get(report.slug, 0) == sum(report.slug in c.reports for c in candidates)
    # A definition added in the preview: the count goes down on the next build.
    top = candidates[0]
    slug = top.reports[0]
    glossary = root / "glossary.yml"
    entry = f"\n- term: {top.term}\n  definition: 测试。\n  source:\n    editorial: 测试\n"
    glossary.write_text(glossary.read_text(encoding="utf-8") + entry, encoding="utf-8")
    builder.build()
    before, gaps = counts, builder.gap_files()
    assert f'<h2 class="gap-term">{top.term}\n' in page
    assert f'<h2 class="gap-term">{top.term}\n' not in gaps["gaps/index.html"].decode()
    counts = json.loads(gaps["gaps/counts.json"])
    assert counts.get(slug, 0) < before[slug]
    # A new coinage in one report: that report's count goes up, no other report's changes.
    edited = root / "content" / "2022-01-20-zhangdianqu-summary.md"
    text = edited.read_text(encoding="utf-8")
    edited.write_text(text.replace("。", "，推进“三创四建”。", 1), encoding="utf-8")
    builder.build()
    gaps = builder.gap_files()
    assert "三创四建" in gaps["gaps/index.html"].decode()
    after = json.loads(gaps["gaps/counts.json"])
    for report in project.reports:
        grew = report.slug == "2022-01-20-zhangdianqu-summary"
        assert after.get(report.slug, 0) == counts.get(report.slug, 0) + grew, report.slug


def test_terms_used_in_several_reports_rank_above_one_off_ones():
    """The issue: rank terms used in several reports above one-off ones."""
    project = load_project(REPO)
    ranked = find_gaps(project.reports, project.glossary)
    shared = [i for i, c in enumerate(ranked) if len(c.reports) > 1 and c.score >= 1.0]
    one_off = [i for i, c in enumerate(ranked) if len(c.reports) == 1]
    assert shared and one_off
    assert max(shared) < min(one_off)


def test_the_preview_finds_what_a_fresh_reading_finds_after_each_edit(tmp_path):
    """The preview reads again only the reports an edit can change (find_gaps's memo)."""
    root = copy_project(tmp_path / "project")
    memo = Memo()

    def preview_and_fresh():
        project = load_project(root)
        kept = find_gaps(project.reports, project.glossary, memo=memo)
        memo.sweep()
        return kept, find_gaps(project.reports, project.glossary)

    kept, fresh = preview_and_fresh()
    assert kept == fresh and "营商环境" not in {c.term for c in fresh}
    # Quoted in a report that did not use it, a phrase three other reports use unquoted
    # becomes a candidate: the uses in those three, which did not change, are found.
    edited = root / "content" / "2022-01-20-zhangdianqu-summary.md"
    text = edited.read_text(encoding="utf-8")
    assert "营商环境" not in text
    edited.write_text(text.replace("。", "，优化“营商环境”。", 1), encoding="utf-8")
    kept, fresh = preview_and_fresh()
    assert kept == fresh
    (candidate,) = [c for c in kept if c.term == "营商环境"]
    assert len(candidate.reports) == 4
    edited.write_text(text, encoding="utf-8")  # and when it goes, so do they
    kept, fresh = preview_and_fresh()
    assert kept == fresh and "营商环境" not in {c.term for c in kept}
    glossary = root / "glossary.yml"  # a definition added: many keys go at once
    top = kept[0].term
    entry = f"\n- term: {top}\n  definition: 测试。\n  source:\n    editorial: 测试\n"
    glossary.write_text(glossary.read_text(encoding="utf-8") + entry, encoding="utf-8")
    kept, fresh = preview_and_fresh()
    assert kept == fresh and top not in {c.term for c in kept}
