"""Recognisers for kinds of lines that every stage needs: datelines, bylines, numbering."""

from __future__ import annotations

import re

CN_NUM = "一二三四五六七八九十百零〇两"
# "淄博1月19日讯", "本报北京3月5日电", "新华社济南1月20日电": a news lede's dateline.
DATELINE = re.compile(
    r"^(?:本报|新华社|中新社|人民网|大众网)?[\u4e00-\u9fff]{0,6}?"
    r"(?:(?P<year>\d{4})年)?(?P<month>\d{1,2})月(?P<day>\d{1,2})日(?:讯|电)"
)
# "1月25日，淄博高新区召开……": a lede that starts with the day of the event.
DATE_OPENING = re.compile(
    r"^(?:本报讯 ?)?(?:(?P<year>\d{4})年)?(?P<month>\d{1,2})月(?P<day>\d{1,2})日[，,]"
)
# Section numbers: 一、 （一） 1. （1） 第一部分
SECTION_NUMBER = re.compile(
    rf"^(?:[{CN_NUM}]+、|[（(][{CN_NUM}]+[）)]|\d{{1,2}}[.．、](?!\d)|[（(]\d{{1,2}}[）)]"
    rf"|第[{CN_NUM}\d]+(?:部分|章|节|条|篇))"
)
NAME = r"[\u4e00-\u9fff]{2,4}"
# "大众日报淄博融媒体中心记者 张吉宝 李鸿斐", "通讯员 王业宏", "（记者 王丽）"
BYLINE = re.compile(
    rf"^[（(]?[\u4e00-\u9fff]{{0,16}}(?:记者|通讯员|实习生|撰稿|整理|文/|文／|图/|图／)"
    rf" ?{NAME}(?:[ 、，]{NAME})*"
    rf"(?: ?(?:记者|通讯员|实习生|摄影|整理) ?{NAME}(?:[ 、，]{NAME})*)*[）)]?$"
)
BYLINE_MAX = 60
# "代理区长 宋磊", "淄博市市长 马晓磊": the speaker line under a report's title.
OFFICE = r"(?:总理|省长|市长|区长|县长|州长|旗长|盟长|主席|主任|书记|镇长|乡长)"
SPEAKER_LINE = re.compile(rf"^(?P<title>[\u4e00-\u9fff]{{0,16}}?{OFFICE}) ?(?P<name>{NAME})$")
SALUTATION = re.compile(r"^各位(?:代表|委员)")


def is_dateline(text: str) -> bool:
    return bool(DATELINE.match(text))


def is_date_opening(text: str) -> bool:
    return bool(DATE_OPENING.match(text))


def is_byline(text: str) -> bool:
    return len(text) <= BYLINE_MAX and bool(BYLINE.match(text))


def is_speaker_line(text: str) -> bool:
    return bool(SPEAKER_LINE.match(text))


def starts_section(text: str) -> bool:
    return bool(SECTION_NUMBER.match(text))
