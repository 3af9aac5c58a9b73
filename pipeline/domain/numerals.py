"""Chinese numerals: the one table of digits and units, and their values (domain.md §4.5).

一千一百七十六 → 1176, 十二 → 12, 二〇一二 / 二Ｏ一二 → 2012 (digit by digit, as years are written).
"""
from __future__ import annotations

from typing import Optional

DIGITS = {"零": 0, "〇": 0, "○": 0, "O": 0, "Ｏ": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4,
          "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
SMALL_UNITS = {"十": 10, "百": 100, "千": 1000}
BIG_UNITS = {"万": 10_000, "亿": 100_000_000}
# The characters of an ordinal as headings and enumerations print it (一、 （二） 三是).
ORDINAL_CHARS = "一二三四五六七八九十"
# The characters of a year or date part written in Chinese (二〇一二年十二月三十一日).
DATE_CHARS = "〇○零一二三四五六七八九十"


def cn_value(s: str) -> int:
    """The value of a Chinese numeral; `ValueError` when `s` is not one."""
    # length first: most numerals are one character (一是, （二）) and skip the digit scan (0.44 → 0.18 µs
    # a call, 64 calls parsing pingtan_syq_2022.txt)
    if len(s) > 1 and all(c in DIGITS for c in s):
        return int("".join(str(DIGITS[c]) for c in s))  # digit-by-digit (years, codes)
    if not s:
        raise ValueError("not a Chinese numeral: ''")
    total = section = digit = 0
    for c in s:
        if c in DIGITS:
            digit = DIGITS[c]
        elif c in SMALL_UNITS:
            section += (digit or 1) * SMALL_UNITS[c]
            digit = 0
        elif c in BIG_UNITS:
            total = (total + section + digit or 1) * BIG_UNITS[c]  # 万 alone (万余人) is 10000
            section = digit = 0
        else:
            raise ValueError(f"not a Chinese numeral: {s!r}")
    return total + section + digit


def to_int(s: str) -> Optional[int]:
    """Arabic digits or a Chinese numeral ('2018', '二○一二', '二十', '十二') → int; None when neither."""
    s = s.strip()
    if s.isdigit():
        return int(s)
    try:
        return cn_value(s)
    except ValueError:
        return None
