"""The end of a copied page: the site's footer and an aggregator's signature.

After the text's last sentence a web page goes on with share buttons, lists of other
articles, download links and its footer (分享到, 相关文章, 版权所有, ICP备 ...); an aggregator
may glue its signature to the last line ("……贡献！。微信公众号马克 数据网"). Both are dropped
(and listed), for a report and for a news page alike. A run of short lines without such
marks (an appendix table's cells) is the text's own and stays.
"""

from __future__ import annotations

import re

from jiedu.importer.blocks import DROPPED, TEXT, Block
from jiedu.importer.boilerplate import merge_adjacent_dropped
from jiedu.importer.chars import has_prose_marks, visible_length
from jiedu.importer.patterns import is_byline

# A tail's marks of a web page: sharing, related articles, footers.
TAIL_MARK = re.compile(
    r"分享到|上一篇|下一篇|相关(?:文章|新闻|阅读|报道|链接)|延伸阅读|编辑推荐|推荐阅读|本栏|阅读排行"
    r"|热门|标签云|友情链接|网站地图|版权所有|ICP备|公网安备|访客|主办|技术支持|责任编辑|联系我们"
    r"|打印本页|关闭窗口|返回顶部|数据网|公众号|来自|\.(?:docx?|pdf|xlsx?|wps|zip|rar)$"
)
CONTENT_MIN = 10  # a line of the report's own text ends a sentence and is at least this long
# "……做出新的更大贡献！。微信公众号马克 数据网": an aggregator's signature after the last sentence.
SIGNATURE = re.compile(
    r"(?<=[。！？”])[。 ]*(?P<mark>[^。！？]{0,16}(?:数据网|公众号|来自|转自)[^。！？]{0,16})$"
)


# Marks that only a page's end carries: the page ends at the first of them after its text,
# whatever follows (lists of other articles, or a second copy of the whole page).
PAGE_END = re.compile(
    r"分享到|上一篇|下一篇|相关(?:文章|新闻|阅读|报道)|延伸阅读|本栏推荐|友情链接|网站地图|版权所有"
    r"|ICP备|公网安备|责任编辑"
)
BEFORE_END_SHARE = 3  # at least a third of the text lies before a page end (not a header)


def drop_page_tail(blocks: list[Block]) -> list[Block]:
    return merge_adjacent_dropped(_drop_tail(_cut_at_page_end(_split_signature(blocks))))


def _cut_at_page_end(blocks: list[Block]) -> list[Block]:
    """Everything after the text that precedes the page's first end mark is the page's: a
    web page that carries its article twice (a desktop and a mobile copy) ends there too."""
    content = [len(b.text) if b.role == TEXT and _is_content(b.text) else 0 for b in blocks]
    total, before = sum(content), 0
    for i, block in enumerate(blocks):
        before += content[i]
        end_mark = block.role in (TEXT, DROPPED) and not content[i]
        if end_mark and PAGE_END.search(block.text) and before * BEFORE_END_SHARE >= total > 0:
            last = max(j for j in range(i) if content[j])
            return blocks[: last + 1] + [
                b.as_role(DROPPED) if b.role == TEXT else b for b in blocks[last + 1 :]
            ]
    return blocks


def _split_signature(blocks: list[Block]) -> list[Block]:
    """An aggregator's signature glued to the last line becomes a dropped block of its own."""
    for i in range(len(blocks) - 1, -1, -1):
        block = blocks[i]
        if block.role != TEXT:
            continue
        match = SIGNATURE.search(block.text)
        if not match or not TAIL_MARK.search(match["mark"]):
            return blocks
        kept = block.text[: match.start()].rstrip() or block.text
        if kept == block.text:
            return blocks
        mark = Block(match["mark"].strip(), block.line, 0, DROPPED)
        return [*blocks[:i], Block(kept, block.line, block.gap, TEXT), mark, *blocks[i + 1 :]]
    return blocks


def _drop_tail(blocks: list[Block]) -> list[Block]:
    """After the report's last sentence: a run of lines without one, carrying a site's marks."""
    last = max(
        (i for i, b in enumerate(blocks) if b.role == TEXT and _is_content(b.text)), default=None
    )
    if last is None:
        return blocks
    tail = [b for b in blocks[last + 1 :] if b.role in (TEXT, DROPPED)]
    if not any(TAIL_MARK.search(b.text) for b in tail):
        return blocks
    return blocks[: last + 1] + [
        b.as_role(DROPPED) if b.role == TEXT else b for b in blocks[last + 1 :]
    ]


def _is_content(text: str) -> bool:
    """A sentence (or a clause cut by a page break) of the text, or an article's byline."""
    long_enough = visible_length(text) >= CONTENT_MIN
    return is_byline(text) or (long_enough and (has_prose_marks(text) or "，" in text))
