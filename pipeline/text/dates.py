"""Dates of a report: date parts in arabic and Chinese numerals, the statistical period, the signature.

Dates are read in arabic and Chinese numerals (二○一二年二月二十日, with ○ U+25CB
as printed in Pingtan reports) and tolerate dropped characters (domain.md §4.3):
a period printed '自202011日起至20201231日止' (年 and 月 lost) still reads 2020-01-01 – 2020-12-31.
"""
from __future__ import annotations

from typing import Optional, Sequence

import regex

from ..domain.numerals import DATE_CHARS, to_int
from ..record import Section

# A full date: 2018年2月27日 / 二○一三年一月二十日 / 2018-02-27.
DATE = (rf"(?:(?P<y>\d{{4}}|[{DATE_CHARS}OＯ]{{4}})\s*年\s*(?P<m>\d{{1,2}}|[{DATE_CHARS}]{{1,2}})\s*月\s*"
        rf"(?P<d>\d{{1,2}}|[{DATE_CHARS}]{{1,3}})\s*日)")
_DATE = regex.compile(DATE)
# A period bound whose 年 and/or 月 may be lost: 2020年1月1日, 20201月1日, 202011日, 20201231日.
_LOOSE = r"(?P<{y}>\d{{4}})\s*年?\s*(?P<{m}>1[0-2]|0?[1-9])\s*月?\s*(?P<{d}>3[01]|[12]\d|0?[1-9])\s*日"
# The end bound may omit its year (…至12月31日止) or, with 年/月 lost, read '1231日'.
_LOOSE_END = r"(?:(?P<y2>\d{4})\s*年?\s*)?(?P<m2>1[0-2]|0?[1-9])\s*月?\s*(?P<d2>3[01]|[12]\d|0?[1-9])\s*日"
_PERIOD_WORD = r"(?:统计|数据)(?:期限|时限|期间|时间|区间|周期|数据)?|期限"
_PERIOD = regex.compile(
    rf"(?:{_PERIOD_WORD})[^。\n]{{0,14}}?{_LOOSE.format(y='y1', m='m1', d='d1')}"
    r"[^。\n至到—－~～]{0,16}?(?:至|到|—|－|-|~|～)[\s\u00a0]*" + _LOOSE_END)
# Only the end of the period given: 统计时间截至2019年12月31日.
_PERIOD_END = regex.compile(
    rf"(?:{_PERIOD_WORD}|数据)[^。\n]{{0,10}}?(?:截至|截止)(?:日期)?[为:：]?\s*"
    + _LOOSE.format(y="y", m="m", d="d"))
# Characters that, right after a date, show it sits inside a sentence ("2019年1月1日起至…").
_IN_SENTENCE_AFTER = regex.compile(r"^[\s\u00a0\u3000]*(?:[起至止到前后，,、以印发召开发布出台正式])")
_IN_SENTENCE_BEFORE = regex.compile(r"(?:于|自|至|截至|截止|从|到|在|为|是|即|日|当|和|与)[\s\u00a0]*$")
# How far into the text the statistical period is looked for.
PERIOD_ZONE = 5000


def date_from_match(m: regex.Match, y: str = "y", mo: str = "m", d: str = "d") -> Optional[str]:
    """ISO date from a match of `DATE` (group names overridable)."""
    yy, mm, dd = to_int(m.group(y)), to_int(m.group(mo)), to_int(m.group(d))
    if yy is None or mm is None or dd is None or not (1 <= mm <= 12 and 1 <= dd <= 31):
        return None
    return f"{yy:04d}-{mm:02d}-{dd:02d}"


def find_period(text: str) -> Optional[list[str]]:
    """The statistical period stated in the intro, as two ISO dates."""
    m = _PERIOD.search(text[:PERIOD_ZONE])
    if not m:
        return None
    start = date_from_match(m, "y1", "m1", "d1")
    if not start:
        return None
    y2 = int(m.group("y2")) if m.group("y2") else int(start[:4])
    mm, dd = int(m.group("m2")), int(m.group("d2"))
    end = f"{y2:04d}-{mm:02d}-{dd:02d}"
    return [start, end] if end >= start else None


def period_end_year(text: str) -> Optional[int]:
    """The year of a period given only by its end (统计时间截至2019年12月31日), when that end is in December."""
    m = _PERIOD_END.search(text[:PERIOD_ZONE])
    if m and int(m.group("m")) == 12:
        return int(m.group("y"))
    return None


_SPACE_END = regex.compile(r"[\s\u00a0\u3000]$")


def find_signed(text: str, sections: Sequence[Section]) -> Optional[str]:
    """The signature (落款) date: a free-standing full date after the last section's text."""
    zone_start = sections[-1].start if sections else int(len(text) * 0.7)
    found = None
    for m in _DATE.finditer(text, zone_start):
        before = text[max(0, m.start() - 6):m.start()]
        after = text[m.end():m.end() + 3]
        if _IN_SENTENCE_AFTER.match(after) or _IN_SENTENCE_BEFORE.search(before):
            continue
        if before and before.rstrip(" \u00a0\u3000")[-1:] not in ("", "\n", "。", "）", ")") and \
                not _SPACE_END.search(before):
            continue
        found = date_from_match(m) or found
    return found
