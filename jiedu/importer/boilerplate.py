"""Recognise what is not report text: app and QR-code promotions, poster slogans, artists'
credits, web-page chrome and placeholder links. Such blocks are marked DROPPED, never lost:
they end up in the front matter's `dropped:` list."""

from __future__ import annotations

import re

from jiedu.importer.blocks import DROPPED, TEXT, Block
from jiedu.importer.normalize import Line

# A promotion invites the reader to act on a channel: scan a code, download an app,
# follow an account. Each pattern is one such invitation.
PROMOTION = re.compile(
    r"(?:扫描|扫码|扫一扫|长按识别|识别|长按).{0,12}?(?:二维码|APP|App|app|客户端|公众号|小程序)"
    r"|二维码.{0,6}?(?:查看|关注|下载|阅读|收看|了解)"
    r"|(?:下载|安装).{0,12}?(?:客户端|APP|App|app)"
    r"|关注.{0,12}?(?:公众号|微信号|微博|抖音号|视频号|客户端)"
)
PROMO_MAX = 60
# A promotion split over lines goes on in short pieces without blank lines between them.
PROMO_PIECE_MAX = 20
PROMO_PIECES = 4

# 社会主义核心价值观: poster slogans on newspaper pages repeat these twelve words.
CORE_VALUES = (
    "富强", "民主", "文明", "和谐", "自由", "平等", "公正", "法治", "爱国", "敬业", "诚信", "友善",
)  # fmt: skip
SLOGAN_SHARE = 0.7

# "陕西户县 赵成作": place, artist, and what they did (作 画 书 摄 ...), nothing else.
CREDIT = re.compile(
    r"^(?:[\u4e00-\u9fff]{2,10} )?[\u4e00-\u9fff]{2,4} ?(?:作|画|绘|书|题|摄|篆刻|制图|设计)$"
)
PHOTO_CREDIT = re.compile(
    r"^[（(]?(?:[\u4e00-\u9fff]{2,8} )?(?:记者 ?)?[\u4e00-\u9fff]{2,4} ?摄[）)]?$"
)

# Web-page chrome: a line made only of these words and brackets.
CHROME_WORDS = re.compile(
    r"字号|字体|加大|还原|减小|大|中|小|默认|全屏|首页|下载|打印本页|打印本稿|打印|关闭窗口|关闭"
    r"|收藏本页|收藏|分享到|分享|推荐朋友|推荐给朋友|相关报道|相关阅读|相关新闻|相关文章|扫一扫"
    r"|在手机上查看|在手机上打开|在手机打开|当前页|手机阅读|手机版|返回顶部|返回|上一篇|下一篇"
    r"|我要纠错|纠错|繁體中文|简体中文|简体|繁体|无障碍|长者模式|English|EN|A-|A\+"
    r"|QQ空间|QQ好友|新浪微博|腾讯微博|微信|微博|朋友圈|人人网|开心网|百度空间|和讯|天涯社区|豆瓣"
)
CHROME_PUNCT = re.compile(r"[\s【】\[\]（）()|｜/:：·•・>＞»›©]")
# "来源：淄博日报  发布时间：2022-01-20", a crawler's "标题：……", "浏览次数 4034 次" and the like.
PAGE_INFO = re.compile(
    r"^(?:当前位置|您当前的位置|您的位置|你的位置|来源|信息来源|文章来源|稿源|发布时间|发布日期|发表时间"
    r"|更新时间|添加时间|时间|日期|浏览次数|浏览量|阅读次数|阅读量|阅读|点击数|点击量|点击|评论"
    r"|责任编辑|编辑|审核|作者|发布者|分享到|内容摘要|摘要|标题|发文单位|发文时间|发文字号|报告人"
    r"|来源URL|来源网址|原文链接|原文地址|正文|主办单位|主办|承办单位|承办|技术支持|联系电话|联系地址"
    r"|网址|邮编)(?: ?[：:]| (?=\S*\d)|(?=\d{4}[-/.年]\d|\d+ ?次))"
)
PAGE_INFO_MAX = 80
# A site's footer: copyright, ICP licence, visitor counter, site map.
FOOTER = re.compile(r"ICP备|公网安备|网站标识码|版权所有|Copyright|位访客|网站地图|技术支持")
FOOTER_MAX = 60
# "— 12 —", "- 3 -", "第 3 页", "第2页 共5页": page numbers of a printed or PDF copy.
PAGE_NUMBER = re.compile(
    r"^(?:[—–\-－]+ ?\d{1,4} ?[—–\-－]+|第 ?\d{1,4} ?页(?: ?共 ?\d{1,4} ?页)?|\d{1,4} ?/ ?\d{1,4})$"
)
# "首页 > 政务信息 > 政府工作报告": a breadcrumb trail.
BREADCRUMB = re.compile(r"^[^。，；]{1,20}(?: ?(?:>>?|＞＞?|»|›) ?[^。，；]{1,20}){1,6}$")
# A whole line that is a link, e.g. "[一图读懂政府工作报告](#)".
LINK_LINE = re.compile(r"^\[[^\]\n]*\][(（][^()（）\s]*[)）]$")


def mark_boilerplate(lines: list[Line]) -> list[Block]:
    """Every line as a Block; boilerplate ones DROPPED (consecutive pieces merged into one)."""
    blocks: list[Block] = []
    i = 0
    while i < len(lines):
        line = lines[i]
        pieces = _promotion_pieces(lines, i)
        if pieces:
            text = " / ".join(piece.text for piece in lines[i : i + pieces])
            blocks.append(Block(text, line.number, line.gap, DROPPED))
            i += pieces
            continue
        role = DROPPED if is_boilerplate_line(line.text) else TEXT
        blocks.append(Block(line.text, line.number, line.gap, role))
        i += 1
    return merge_adjacent_dropped(blocks)


def is_boilerplate_line(text: str) -> bool:
    return (
        is_promotion(text)
        or is_slogan(text)
        or bool(CREDIT.match(text))
        or bool(PHOTO_CREDIT.match(text))
        or is_chrome(text)
        or bool(LINK_LINE.match(text))
    )


def is_promotion(text: str) -> bool:
    compact = text.replace(" ", "")
    return (
        len(compact) <= PROMO_MAX
        and "。" not in compact.rstrip("。")
        and bool(PROMOTION.search(compact))
    )


def is_slogan(text: str) -> bool:
    compact = re.sub(r"[\s、，·]", "", text)
    found = {value for value in CORE_VALUES if value in compact}
    covered = sum(compact.count(value) * len(value) for value in found)
    return len(found) >= 4 and covered >= SLOGAN_SHARE * len(compact)


def is_chrome(text: str) -> bool:
    if PAGE_INFO.match(text) and len(text) <= PAGE_INFO_MAX:
        return True
    if FOOTER.search(text) and len(text) <= FOOTER_MAX:
        return True
    if PAGE_NUMBER.match(text) or BREADCRUMB.match(text):
        return True
    without_punct = CHROME_PUNCT.sub("", text)
    if not without_punct:
        return True  # a line of brackets and separators only: "【", "|", ">>"
    return not CHROME_WORDS.sub("", without_punct)


def _promotion_pieces(lines: list[Line], start: int) -> int:
    """How many lines from `start` make one promotion (a promotion split over lines: the
    pieces follow each other without blank lines and are short); 0 if none."""
    if len(lines[start].text) > PROMO_MAX:
        return 0
    found, text = 0, ""
    for count in range(1, PROMO_PIECES + 1):
        index = start + count - 1
        if index >= len(lines):
            break
        piece = lines[index]
        if count > 1 and (piece.gap > 0 or len(piece.text) > PROMO_PIECE_MAX):
            break
        text += piece.text
        if is_promotion(text):
            found = count
    return found


def merge_adjacent_dropped(blocks: list[Block]) -> list[Block]:
    """Lines dropped together (no blank line between them) are one dropped block."""
    merged: list[Block] = []
    for block in blocks:
        previous = merged[-1] if merged else None
        if previous and previous.role == block.role == DROPPED and block.gap == 0:
            merged[-1] = Block(
                f"{previous.text} / {block.text}", previous.line, previous.gap, DROPPED
            )
        else:
            merged.append(block)
    return merged
