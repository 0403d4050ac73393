"""Item 6: promotions, poster slogans, artists' credits, web chrome and placeholder links
leave the body, and every dropped block is listed in the front matter."""

from __future__ import annotations

from pathlib import Path

import pytest

from jiedu.importer import import_seed, import_text
from jiedu.importer.boilerplate import is_boilerplate_line, is_chrome, is_promotion, is_slogan

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "seeds"
FIXTURES = ROOT / "tests" / "fixtures" / "import"

DROPPED = {
    "000_16824cc927a6dc90.txt": [
        "扫描“鲁中晨报”APP二维码查看更多专题内容",
        "富文明和谐 自由平等 公正法治 爱国敬业 诚信友善 富强民主 文明和谐 自由平等 公正法治 "
        "爱国敬业 诚信友善",
        "致中和 天地位 万物育",
        "陕西户县 赵成作",
    ],
    "001_e9778d67e6610d54.txt": ["[一图读懂政府工作报告](#)"],
    "002_22c87bdb59693694.txt": [
        "扫描“鲁中晨报”APP二维码查看更多专题内容",
        "陕西户县 刘悌会作",
        "追梦路上 霞光满天",
        "富强民主文明和谐 / 自由平等公正法治 / 爱国敬业诚信友善",
    ],
    "003_1b5cf71f539affb1.txt": ["扫描“鲁中晨报”APP / 二维码查看 / 更多专题内容"],
    "004_d47e1c2891511237.txt": [],
}
NEVER_IN_A_BODY = (
    "扫描",
    "鲁中晨报",
    "二维码",
    "户县",
    "富强民主",
    "致中和",
    "追梦路上",
    "一图读懂",
)


@pytest.mark.parametrize("seed", sorted(DROPPED))
def test_seed_boilerplate_is_dropped_and_listed(seed):
    documents = import_seed(SEEDS / seed).documents
    listed = [text for doc in documents for text in doc.front_matter.get("dropped", [])]
    assert listed == DROPPED[seed]
    for doc in documents:
        for text in NEVER_IN_A_BODY:
            assert text not in doc.body
            assert text not in doc.front_matter["title"]


def test_web_chrome_and_another_papers_promotion_are_dropped():
    (doc,) = import_seed(FIXTURES / "utf16_web_page.txt").documents
    assert doc.front_matter["dropped"] == [
        "当前位置：首页>新闻中心>本地要闻 / 【字号 大 中 小】 【打印】 【关闭】 / "
        "来源：淄博日报 发布时间：2023-01-10",
        "下载“淄博日报”客户端，看更多本地新闻",
        "相关报道 / [一图读懂周村区政府工作报告](#) / 扫一扫在手机打开当前页",
    ]
    assert doc.front_matter["title"] == "周村区政府工作报告提出 奋力建设现代化品质城区"
    for text in ("字号", "打印", "客户端", "相关报道", "扫一扫", "当前位置"):
        assert text not in doc.body


def test_a_promotion_split_over_lines_and_poster_lines_are_dropped():
    (doc,) = import_seed(FIXTURES / "utf8_bom_cr_news.txt").documents
    assert doc.front_matter["dropped"] == [
        "长按识别二维码 / 关注淄博晚报 / 微信公众号",
        "和谐家园 美好生活",
        "山东淄博 李明 画",
    ]


@pytest.mark.parametrize(
    "text",
    [
        "扫描“鲁中晨报”APP二维码查看更多专题内容",
        "下载“大众新闻”客户端，看更多精彩内容",
        "长按识别二维码，关注“淄博发布”微信公众号",
        "扫码下载齐鲁壹点APP",
    ],
)
def test_promotions(text):
    assert is_promotion(text)


@pytest.mark.parametrize(
    "text",
    [
        "开通扫码支付，关注群众需求。",
        "推广“爱山东”APP，实现高频事项掌上办理。",
        "培育和践行社会主义核心价值观，倡导富强、民主、文明、和谐。",
        "代理区长 宋磊",
        "大中小学校舍改造",
        "中国",
    ],
)
def test_report_text_is_not_boilerplate(text):
    assert not is_boilerplate_line(text)


def test_slogans_chrome_and_links():
    assert is_slogan("富强民主文明和谐")
    assert is_slogan("富文明和谐 自由平等 公正法治 爱国敬业 诚信友善")
    assert is_chrome("【字号 大 中 小】 【打印】 【关闭】")
    assert is_chrome("责任编辑：张三")
    assert is_boilerplate_line("[一图读懂政府工作报告](#)")
    assert is_boilerplate_line("陕西户县 赵成作")
    assert is_boilerplate_line("（记者 张三 摄）")


def test_poster_text_after_the_byline_goes_but_a_sentence_there_stays():
    docs = import_text(
        "标题一行\n\n淄博1月5日讯 正文第一段。\n\n记者 王丽\n\n岁月静好 山河无恙\n\n"
        "附记：本文有删节。\n",
        "tail.txt",
    )
    assert [doc.front_matter.get("dropped") for doc in docs] == [None, None]
    assert "岁月静好 山河无恙" in docs[1].front_matter["title"]
    assert "附记：本文有删节。" in docs[1].body
