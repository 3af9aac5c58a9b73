"""The byline of a report page: publication date, publishing organ and source, as portals print them.

Portals label the date 发布时间, 发布日期, 公开日期, 发文日期, 日期 or 时间 (with a colon, a space or a
table bar `|` after the label), put it alone on a line under the title, glue it to the end of the
title line, or print it unlabelled on the byline line (中央政府门户网站 2010年04月06日 来源:…).
Dates that are not the publication's (生效日期, 废止日期, 抓取时间, a stale 2019年12月3日星期二 in the
portal header, a parenthesised document date) are not read as it.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Optional

import regex

DATE = r"\d{4}\s*[-/年.]\s*\d{1,2}\s*[-/月.]\s*\d{1,2}日?(?:\s+\d{1,2}[:：时]\d{2}(?:[:：分]\d{2})?秒?)?"
_SEP = r"\s*[:：]?\s*[|｜]?\s*"
# Labelled dates, by how surely they give the publication date (lower is surer).
_LABELLED = (
    (0, regex.compile(rf"(?:发布|公开|公布|发表|上网)(?:时间|日期){_SEP}(?P<date>{DATE})")),
    (1, regex.compile(rf"(?:发文|印发|发稿|上传|录入)(?:时间|日期){_SEP}(?P<date>{DATE})")),
    (2, regex.compile(rf"(?<![\p{{Han}}])(?:日\s*期|时\s*间|時\s*間){_SEP}(?P<date>{DATE})")),
    (4, regex.compile(rf"(?:成文|生成|更新)(?:时间|日期){_SEP}(?P<date>{DATE})")),
)
UNLABELLED_RANK = 3
# An unlabelled date with separators standing free (2021-01-29, 2019-07-07 19:35, 2021/01/29, 2021.01.29),
# not inside an index number or a version. A date followed by its weekday is the portal header's today
# (2019年12月3日星期二), not the page's.
_WEEKDAY = r"(?!\s*(?:星期|周[一二三四五六日天]|礼拜))"
_TIME = r"(?:\s+\d{1,2}[:：]\d{2}(?:[:：]\d{2})?)?"
_FREE_ISO = regex.compile(r"(?<![\d\-/.（(])(?P<date>\d{4}(?P<s>[-/.])\d{1,2}(?P=s)\d{1,2})" + _TIME + r"(?![\d\-/.])"
                          + _WEEKDAY)
# A label just before a date: the date belongs to that label (生效日期: 2023-03-21), it is not free.
_LABEL_BEFORE = regex.compile(r"(?:日期|时间|時間|期)\s*[:：]?\s*[|｜]?\s*$")
# A line that carries byline fields: an unlabelled date written 2010年04月06日 on it is the publication's.
_BYLINE_LINE = regex.compile(r"来源|來源|作者|浏览|点击|访问量|字号|字體|字体")
_CN_DATE = regex.compile(r"(?<![（(\d])(?P<date>\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日)(?!\s*[）)])" + _WEEKDAY)
# A 年月日 date standing free in the head (alone on its line, or after the title with a blank between),
# as portals print the publication date under or after the title: no word glued to it on either side;
# or stamped with a clock time (2019年07月07日 19:35 湖北省人民政府网).
_FREE_CN_DATE = regex.compile(r"(?:^|(?<=[ \t\u3000\u00a0]))(?P<date>\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日)"
                              r"(?:\s+\d{1,2}[:：]\d{2}(?:[:：]\d{2})?|[ \t\u3000\u00a0]*$)", regex.M)
_PUBLISHER = regex.compile(r"(?:发布|公开)(?:机构|单位)|发文(?:机关|单位)|投\s*稿|所属机构")
_SOURCE = regex.compile(r"(?:信息|文章)?(?:来\s*源|來\s*源)")
# A field's value after its label: a colon, a table bar or a blank between (来源:X / 来源|X / 来源 X).
_VALUE = regex.compile(r"(?:\s*[:：|｜]\s*[|｜]?\s*|[ \t\u3000\u00a0]+)(?P<v>[^\s:：|｜?？]{2,40})")
# Field labels: a value that starts with one is the next field, the labelled one being empty.
_LABEL_WORD = regex.compile(r"^(?:时间|日期|发布|作者|浏览|点击|字号|字体|索引|分类|文号|标题|名称|主题)")
# The byline is looked for before the prose: before the first sentence end, back to the blank before
# that sentence (a crawler dump runs toolbar, byline and body on one line), and in the first characters.
MAX_HEAD = 2500


@dataclass
class Byline:
    published: Optional[str] = None
    publisher: Optional[str] = None
    source: Optional[str] = None


def read_byline(text: str) -> Byline:
    """The byline fields in the head of a page (before the first sentence of prose)."""
    head = text[:_prose_start(text)]
    return Byline(published=_published(head), publisher=_field(_PUBLISHER, head), source=_field(_SOURCE, head))


def _prose_start(text: str) -> int:
    """Where the first sentence of prose starts (MAX_HEAD when none ends that early)."""
    stop = text.find("。", 0, MAX_HEAD)
    if stop < 0:
        return min(len(text), MAX_HEAD)
    return max(0, max(text.rfind(c, 0, stop) for c in "\n \t\u3000\u00a0"))


def normalise_date(raw: str) -> Optional[str]:
    """'2019-02-27 16:23' / '2019年2月27日' → '2019-02-27'."""
    m = regex.search(r"(\d{4})\s*[-/年.]\s*(\d{1,2})\s*[-/月.]\s*(\d{1,2})", raw)
    if not m:
        return None
    y, mo, d = (int(g) for g in m.groups())
    if not (1 <= mo <= 12 and 1 <= d <= 31):
        return None
    return f"{y:04d}-{mo:02d}-{d:02d}"


def _published(head: str) -> Optional[str]:
    found: list[tuple[int, int, str]] = []
    for rank, pattern in _LABELLED:
        for m in pattern.finditer(head):
            if rank == 2 and regex.search(r"(?:生效|废止|失效|抓取|统计|截止|截至)\s*$", head[:m.start()]):
                continue
            found.append((rank, m.start(), m.group("date")))
    for m in _FREE_ISO.finditer(head):
        if not _LABEL_BEFORE.search(head[max(0, m.start() - 8):m.start()]):
            found.append((UNLABELLED_RANK, m.start(), m.group("date")))
    for m in _FREE_CN_DATE.finditer(head):
        if not _LABEL_BEFORE.search(head[max(0, m.start() - 8):m.start()]):
            found.append((UNLABELLED_RANK, m.start(), m.group("date")))
    pos = 0
    for line in head.split("\n"):
        if _BYLINE_LINE.search(line):
            for m in _CN_DATE.finditer(line):
                if not _LABEL_BEFORE.search(line[max(0, m.start() - 8):m.start()]):
                    found.append((UNLABELLED_RANK, pos + m.start(), m.group("date")))
        pos += len(line) + 1
    for _, _, raw in sorted(found):
        date = normalise_date(raw)
        if date:
            return date
    return None


def _field(label: regex.Pattern, head: str) -> Optional[str]:
    for m in label.finditer(head):
        v = _VALUE.match(head, m.end())
        if v and not _LABEL_WORD.match(v.group("v")):
            return v.group("v")
    return None
