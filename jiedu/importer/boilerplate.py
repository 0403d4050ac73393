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
    r"字号|大|中|小|默认|下载|打印本页|打印|关闭窗口|关闭|收藏|分享到|分享|相关报道|相关阅读|相关新闻"
    r"|扫一扫|在手机上查看|在手机上打开|在手机打开|当前页|手机阅读|返回顶部|返回|上一篇|下一篇|纠错|我要纠错"
)
CHROME_PUNCT = re.compile(r"[\s【】\[\]（）()|｜/:：·•>＞]")
# "来源：淄博日报  发布时间：2022-01-20" and the like.
PAGE_INFO = re.compile(
    r"^(?:当前位置|您的位置|来源|发布时间|发布日期|时间|浏览次数|阅读次数|点击数|责任编辑|编辑|审核|作者)："
)
PAGE_INFO_MAX = 80
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
    return _merge_adjacent_dropped(blocks)


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
    rest = CHROME_WORDS.sub("", CHROME_PUNCT.sub("", text))
    has_word = bool(CHROME_WORDS.search(text))
    return has_word and not rest


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


def _merge_adjacent_dropped(blocks: list[Block]) -> list[Block]:
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
