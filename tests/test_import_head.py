"""Issue 13: the head of a work report in the forms real copies give it, the page around
it, and what a text without a head proves of itself. Each case is written out here as
such a copy prints it, so none depends on one source."""

from __future__ import annotations

import pytest

from jiedu.importer import import_text
from jiedu.importer.head import date_in, read_head
from jiedu.importer.summary import missing_fields

BODY = (
    "各位代表：\n现在，我代表{government}向大会报告工作，请予审议。\n"
    "一、2025年工作回顾\n过去一年，全{level}经济运行稳中有进，地区生产总值增长5.5%。\n"
    "二、2026年主要任务\n今年，我们将继续努力。\n各位代表，让我们团结奋斗！\n"
)


def report(head: str, government: str = "河北省人民政府", level: str = "省") -> dict:
    (doc,) = import_text(head + BODY.format(government=government, level=level), "x.txt")
    return doc.front_matter


@pytest.mark.parametrize(
    "head",
    [
        "政府工作报告\n——2026年1月27日在河北省第十四届人民代表大会第四次会议上\n省长 王某某\n",
        "政 府 工 作 报 告\n―2026年1月27日在河北省第十四届人民代表大会第四次会议上\n省长　王某某\n",
        "政府工作报\n告\n――2026年1月27日在河北省第十四届人民代表大会第四次会议上\n省长 王某某\n",
        "政府工作报告\n（2026年1月27日在河北省第十四届人民代表大会第四次会议上）\n省长 王某某\n",
        "政府工作报告\n2026年1月27日在河北省第十四届人民代表大会第四次会议上\n省长 王某某\n",
        "政府工作报告-2026年1月27日在河北省第十四届人民代表大会第四次会议上\n省长 王某某\n",
        "政??府??工??作??报??告\n——2026年1月27日在河北省第十四届\n人民代表大会第四次会议上\n"
        "省长 王某某\n",
        "政府工作报告\n省长 王某某\n——在河北省第十四届人民代表大会第四次会议上\n"
        "（2026年1月27日）\n",
    ],
)
def test_the_head_in_its_many_forms(head):
    front = report(head)
    assert front["title"] == "政府工作报告"
    assert front["date"] == "2026-01-27"
    assert front["meeting"] == "河北省第十四届人民代表大会第四次会议"
    assert front["region"] == "河北省"
    assert (front["speaker_title"], front["speaker"]) == ("省长", "王某某")
    assert front["kind"] == "report"


@pytest.mark.parametrize(
    ("speaker_line", "office", "name", "region"),
    [
        ("河北省人民政府省长 王某某", "河北省人民政府省长", "王某某", "河北省"),
        ("国务院总理 李某某", "国务院总理", "李某某", "全国"),
        ("宁夏回族自治区人民政府主席 马某", "宁夏回族自治区人民政府主席", "马某", "宁夏回族自治区"),
        ("保定市满城区人民政府区长  程 杰", "保定市满城区人民政府区长", "程杰", "满城区"),
        ("代区长 张某", "代区长", "张某", "河北省"),
    ],
)  # fmt: skip
def test_speaker_lines_give_office_name_and_government(speaker_line, office, name, region):
    front = report(f"政府工作报告\n{speaker_line}\n")
    assert (front["speaker_title"], front["speaker"], front["region"]) == (office, name, region)


def test_a_dateline_in_chinese_numerals():
    assert date_in("——二〇一六年二月十九日在……会议上") == "2016-02-19"
    assert date_in("二〇二〇年十二月三十一日") == "2020-12-31"
    assert date_in("二〇二〇年二月三十日") is None  # no such day: nothing is invented


def test_the_name_on_a_line_of_its_own_and_a_dated_name():
    head = read_head(["政府工作报告", "阜平县人民政府县长", "刘靖", "（2017年2月26日）"])
    assert (head.speaker_title, head.speaker, head.date) == (
        "阜平县人民政府县长",
        "刘靖",
        "2017-02-26",
    )
    dated = read_head(["政府工作报告", "（2011年1月12日 陈全国）"])
    assert (dated.speaker, dated.speaker_title, dated.date) == ("陈全国", None, "2011-01-12")


@pytest.mark.parametrize(
    ("government", "region"),
    [
        ("国务院", "全国"),
        ("安国市人民政府", "安国市"),
        ("宁夏回族自治区人民政府", "宁夏回族自治区"),
    ],
)
def test_a_text_without_a_head_proves_only_who_speaks(government, region):
    front = report("", government=government)
    assert front["title"] == "政府工作报告" and front["kind"] == "report"
    assert front["region"] == region
    assert "date" not in front and "speaker" not in front
    (doc,) = import_text(BODY.format(government=government, level="省"), "x.txt")
    assert set(missing_fields(doc)) >= {"date", "speaker", "meeting"}


def test_web_chrome_around_the_report_is_dropped_and_its_source_kept():
    page = (
        "首页\n当前位置：首页 > 政务信息 > 政府工作报告\n下载\n打印\n全屏\n收藏\n"
        "【字号： 加大 还原 减小】\n来源：河北日报 时间：2026-02-01\n发表时间：2026-02-01\n"
        "阅读量：1234\n政府工作报告\n——2026年1月27日在河北省第十四届人民代表大会第四次会议上\n"
        "省长 王某某\n" + BODY.format(government="省人民政府", level="省")
        + "— 12 —\n分享\n【字体：大 中 小】\n相关报道\n责任编辑：李某\n冀ICP备05019637号-2\n"
        "您是第\n74367782 位访客\n"
    )  # fmt: skip
    (doc,) = import_text(page, "page.txt")
    front = doc.front_matter
    assert front["title"] == "政府工作报告" and front["source"] == "河北日报"
    assert front["date"] == "2026-01-27"  # the dateline's, not the page's 2026-02-01
    assert doc.body.startswith("各位代表：")
    for chrome in ("全屏", "首页", "当前位置", "字号", "阅读量", "相关报道", "ICP", "访客", "12"):
        assert chrome not in doc.body
    dropped = " / ".join(front["dropped"])
    assert "全屏" in dropped and "ICP备" in dropped and "—12—" in dropped


def test_a_crawler_record_gives_its_title_and_no_date_of_its_own():
    record = (
        "标题：河北省2007年政府工作报告\n发文单位：河北省人民政府\n发文时间：2007-04-05\n"
        "报告人：郭某某\n来源URL：http://example.invalid/a.shtml\n正文：\n"
    )
    front = report(record, government="省人民政府")
    assert front["title"] == "河北省2007年政府工作报告"
    assert "date" not in front  # 发文时间 is when the page was filed, not the delivery
    assert front["region"] == "河北省"


def test_a_scraped_copy_with_its_line_breaks_and_spaces_stored_as_text():
    body = BODY.replace("\n", "\\r\\n").format(government="省人民政府", level="省")
    text = (
        "政府工作报告\\r\\n——2026年1月27日在河北省第十四届人民代表大会第四次会议上\\r\\n"
        "省长&nbsp;王某某\\r\\n" + body + "微信公众号马克 数据网"
    )
    (doc,) = import_text(text, "scraped.txt")
    assert doc.front_matter["speaker"] == "王某某"
    assert "\\r\\n" not in doc.body and "nbsp" not in doc.body and "数据网" not in doc.body
    assert doc.body.count("\n## ") == 2 and doc.body.startswith("各位代表：")


def test_a_newspaper_digest_is_a_summary_and_a_news_item_is_news():
    digest = (
        "张某在某市十六届人大七次会议上的政府工作报告（摘登）\n"
        "本报讯 2月4日，市长张某在市十六届人大七次会议上作政府工作报告时指出，过去五年成就显著。\n"
    )
    (doc,) = import_text(digest, "digest.txt")
    assert doc.front_matter["kind"] == "summary"
    (news,) = import_text("心愿得偿\n淄博1月27日讯 孩子们收到了爱心包裹。\n记者 王丽\n", "n.txt")
    assert news.front_matter["kind"] == "news"


def test_common_nouns_are_never_regions():
    front = report("", government="市人民政府", level="市")
    assert front.get("region") not in ("城市", "湾区", "全区", "全市")
