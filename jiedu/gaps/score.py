"""How likely a phrase is a coined policy term a reader cannot look up elsewhere.

Each signal is a small pure function of the phrase (and of how the reports use it); the
score adds their weights. What pushes a phrase up: a number code (三创四建, 8+N, 11258), a
report defining it (its own glossary, 以下简称, 即…), a policy noun at its end (…制, …工程,
…清单), characters that jieba cannot group into words (an abbreviation: 放管服, 政校行企),
use in several reports. What pushes it down: an everyday dictionary word, an idiom or set
phrase, a place or a person, a slogan (a sentence, a list of clauses), an honour or an
award, a newspaper or an event.
"""

from __future__ import annotations

import math
import re

from jiedu.gaps.text import NUMERALS
from jiedu.gaps.words import dictionary, split_words

# Policy nouns a mechanism, campaign or programme is named with.
_POLICY_ENDINGS = (
    "制", "工程", "行动", "计划", "机制", "清单", "模式", "体系", "战略", "经验", "服务圈",
    "工作法", "改革", "会战", "硬战", "攻坚战", "专项行动", "实事", "条", "通办", "一策",
    "合一", "结合", "融合", "革命", "城市", "办法", "政策", "标准", "指数",
)  # fmt: skip
# Honours, awards, events, media and organisations: names, not terms.
_NAME_ENDINGS = (
    "奖", "称号", "示范区", "先进区", "先进单位", "示范单位", "示范社区", "示范城区", "文明号",
    "文明单位", "模范", "商标", "品牌", "论坛", "节", "文化周", "日报", "晨报", "晚报", "报",
    "促进会", "协会", "实验区", "先行区", "榜", "警示日", "范例奖", "平台", "模范区", "新星",
    "县城", "生态示范区", "之城", "之都", "之乡", "杯",
)  # fmt: skip
_NAME_STARTS = ("全国", "国家", "全省", "中国", "世界", "省级", "市级")
# Everyday endings: 数字化, 一站式, 闭环式 are ways of speaking, not named policies.
_EVERYDAY_ENDINGS = ("化", "式", "型", "风", "尺", "棒", "者", "精神")
_CLAUSE_BREAK = re.compile(r"[，,！!？?；;·•]")
_LIST_BREAK = re.compile(r"[、]")
_TIME_UNITS = frozenset("年月日天周次届倍岁成分秒")
_MEASURES = "个大项条场件类种批张支佳"
# jieba's tags of numbered names it knows: m (十二五), j (三公), nz (三个代表), l (五位一体).
_CODE_TAGS = frozenset({"m", "j", "nz", "l"})
_COMMON_CODE = 1000  # 一批, 一系列, 一线: tagged m, but everyday
# Endings of place names jieba does not know (马踏湖, 绿博园, 中国膜谷).
_PLACE_ENDINGS = ("湖", "山", "河", "江", "岛", "湾", "港", "街", "村", "园", "谷", "峡", "寺")
_PLACE_MOST = 5000
_PLACE_TAGS = frozenset({"ns", "nr", "nrt", "nrfg", "nt"})
_IDIOM_TAGS = frozenset({"i", "l"})
_COMMON_FREQUENCY = 20  # a dictionary word used at least this often is an everyday word
# Parts of an ordinary phrase: words at least this frequent, and characters used as words
# this often (新, 大, 在; not 创, 服, 懒, which stand for a longer word in a coinage).
_COMMON_WORD, _COMMON_MORPHEME = 200, 30000


def number_code_strength(term: str) -> int:
    """0 for none, 1 for one numeral slot (十大亮点), 2 for a real code (三创四建, 8+N)."""
    if re.search(r"[0-9A-Za-z]\+[0-9A-Za-z]", term) or re.fullmatch(r"[0-9]{3,}", term):
        return 2
    if re.search(r"[0-9]+[条项]", term):
        return 2
    if re.search(r"[\u4e00-\u9fff]\+[\u4e00-\u9fff]", term):
        return 1  # a formula of parts: 管委会+公司, 土地股份合作+全程托管
    if len(term) >= 2 and all(ch in NUMERALS for ch in term):
        return 2  # 十三五, 十四五
    whole = dictionary().word(term)
    if whole is not None:
        # 三个代表, 十二五, 五位一体, 三公: codes jieba knows; 一站式, 一刀切, 一批: words.
        coded = whole.tag in _CODE_TAGS and whole.frequency < _COMMON_CODE
        # 一对一, 一条龙: "一" alone is how a word counts, not how a code does.
        coded = coded and any(ch in NUMERALS and ch != "一" for ch in term)
        return (2 if _numeral_slots(term) >= 2 else 1) if coded and _numeral_slots(term) else 0
    slots = _numeral_slots(term)
    if slots == 1 and term.startswith("零"):
        return 0  # 零事故, 零增长: a target of zero, not a numbered name
    return 2 if slots >= 2 else slots


def _numeral_slots(term: str) -> int:
    """Numerals that count something named by the characters after them (三创四建: 2),
    not those inside an ordinary word (零售, 一体) or counting time (九年, 十分钟)."""
    slots, offset = 0, 0
    for word in split_words(term):
        at, offset = offset, offset + len(word)
        if word[0] not in NUMERALS or (at and term[at - 1] in NUMERALS):
            continue
        if len(word) > 1 and not all(ch in NUMERALS or ch in _MEASURES for ch in word):
            entry = dictionary().word(word)
            ordinary = entry is not None and entry.tag not in _CODE_TAGS
            if ordinary and entry.frequency >= _COMMON_CODE:
                continue  # 零售, 一体: an ordinary word that starts with a numeral
        counter = word.rstrip(NUMERALS + _MEASURES) == ""  # 四个, 十大, 三
        rest = term[offset:] if counter else word.lstrip(NUMERALS + _MEASURES)
        if rest and rest[0] not in _TIME_UNITS and not rest[0].isdigit():
            slots += 1
    return slots


def abbreviation_share(term: str) -> float:
    """Share of Han characters that jieba cannot put in any word: high for 放管服, 政校行企,
    庸懒散浮奢; low for phrases of ordinary words (科技护城墙, 邻里相亲)."""
    han = [w for w in split_words(term) if all("\u4e00" <= ch <= "\u9fff" for ch in w)]
    chars = sum(len(w) for w in han)
    if not chars:
        return 0.0
    single = sum(1 for w in han if len(w) == 1 and w not in NUMERALS and not _is_common_word(w))
    return single / chars


def _ordinary_words(term: str) -> bool:
    """True for a phrase of common words (生态提升, 头部企业, 新经济): a way of speaking the
    reader already understands."""
    words = split_words(term)
    if len(words) < 2 or all(len(w) == 1 for w in words):
        return False
    return all(_is_common_word(word) for word in words)


def _is_common_word(word: str) -> bool:
    entry = dictionary().word(word)
    if entry is None:
        return False
    return entry.frequency >= (_COMMON_MORPHEME if len(word) == 1 else _COMMON_WORD)


def names_a_place(term: str, places: frozenset[str]) -> bool:
    """True if the phrase holds a place jieba knows, a report's region, or ends like a place."""
    if any(place in term for place in places):
        return True
    if len(term) >= 3 and term.endswith(_PLACE_ENDINGS):
        return True
    for word in split_words(term):
        if len(word) < 2 or word[0] in NUMERALS:  # 三区, 两城: counted parts, not places
            continue
        entry = dictionary().word(word)
        # A very common word tagged ns is a common noun (城市), not one place.
        if entry is not None and entry.tag == "ns" and 5 <= entry.frequency <= _PLACE_MOST:
            return True
    return False


def score(
    term: str,
    hows: frozenset[str],
    reports: int,
    count: int,
    quoted_share: float,
    places: frozenset[str],
) -> float:
    """Higher is more likely jargon worth defining. quoted_share: the share of its uses
    written between quotes (a coinage is quoted; 打造 quoted once in 60 uses is not)."""
    code = number_code_strength(term)
    total = 0.0
    total += {0: 0.0, 1: 1.5, 2: 3.0}[code]
    if hows & {"label", "short-name"}:
        total += 3.0
    elif "explained" in hows:
        total += 2.0
    if "quoted" not in hows and not hows & {"label", "short-name", "explained"}:
        total -= 1.5  # found only by a number pattern, without quotes: less certain
    shape = _shape(term, code, places)
    total += shape
    everyday = code == 0 and dictionary().word(term) is not None
    rarely_quoted = count >= 4 and quoted_share < 0.25 and not hows & {"label", "short-name"}
    if rarely_quoted:  # an everyday word someone quoted once; or a term no longer quoted
        total -= 3.0 if everyday else 0.0
    else:  # use in several reports makes a term-like phrase more so, a plain one barely
        spread = 1.5 * math.log2(reports) + 0.4 * math.log2(count)
        total += spread if shape > 0 else spread / 3
    return round(total, 3)


def _shape(term: str, code: int, places: frozenset[str]) -> float:
    """What the phrase itself says: its length, its words, its ending."""
    total = 0.0
    length = len(term)
    if _CLAUSE_BREAK.search(term):
        total -= 3.0  # a sentence or a slogan
    elif _LIST_BREAK.search(term):
        total -= 2.0 if code == 0 else 0.0
    if length > 8:
        total -= 0.5 * (length - 8) if code < 2 else 0.2 * (length - 8)
    if term.endswith(_POLICY_ENDINGS) and length > 2:
        total += 1.5
    if term.endswith(_NAME_ENDINGS) or term.startswith(_NAME_STARTS):
        total -= 3.0
    if term.endswith(_EVERYDAY_ENDINGS) and code == 0:
        total -= 1.5
    policy_named = term.endswith(_POLICY_ENDINGS)
    if code < 2 and not policy_named and names_a_place(term, places):
        total -= 3.0 if code == 0 else 1.5
    if code == 0 and not policy_named and _ordinary_words(term):
        total -= 1.5
    whole = dictionary().word(term)
    if whole is not None and code == 0:
        if whole.tag == "j":  # an abbreviation jieba knows (三公)
            total += 1.0
        elif whole.tag in _IDIOM_TAGS | _PLACE_TAGS:  # 半壁江山, 一刀切, 罗湖
            total -= 3.0
        else:
            total -= 2.0 if whole.frequency >= _COMMON_FREQUENCY else 1.5
    elif code == 0 and length == 2:
        total -= 1.0  # two characters without a numeral: a word (发力, 引凤), not a coinage
    elif code == 0:
        total += 2.0 * abbreviation_share(term) - 0.5
    return total
