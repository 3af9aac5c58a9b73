"""The number grammar: counted quantities in Chinese report prose.

`quantities(text)` finds every number that counts something — arabic (with
thousands separators and decimals, full-width digits), Chinese numerals (两, 〇/○/零,
一千一百七十六, 二十多, 十余), 万/亿 multipliers (1.33万, 约29万, 100余万份), percentages (12.3%,
百分之九十) and ranges (11—30件, 3至5次) — with its unit and qualifier
(domain.md §4.5, record.md). Matching runs on a same-length normalised copy of the
text, so every span points into the original.

What is *not* a count: dates, years, times, document numbers (国办发〔2018〕23号),
phone numbers, postcodes, street addresses (北京西路15-1号), ordinals (第二十条,
（一）, 一是), list numbers (1. 2、), durations (24小时, 两个月) and fixed phrases
(三安全一稳定, 两随机一公开, "三公"经费 …): a Chinese numeral counts only when a
measure word follows it, and a lone 一 only when its measure word ends the clause. A page in
traditional script reads the same (62個, 1.2萬餘條); its unit is kept as printed.
"""
from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Iterator, Optional

import regex

from ..domain.numerals import BIG_UNITS, cn_value
from ..domain.script import ascii_signs, for_matching


def normalise(text: str) -> str:
    """A same-length copy of `text` for matching (full-width digits and signs → ASCII, the
    traditional characters of the grammar's words → simplified: `domain.script`)."""
    return for_matching(text)


_MULTIPLIERS = {"千": 1000, **BIG_UNITS}

# Measure words that make a number a count, longest first (domain.md §4.5; 人次 before 人).
UNITS = ("人次", "条次", "件次", "场次", "批次", "万元", "亿元", "个百分点", "大类", "大项", "小项", "元", "条", "件", "次",
         "篇", "份", "个", "家", "项", "人", "名", "期", "场", "起", "宗", "套", "户", "批", "部", "台", "册", "本", "张",
         "页", "封", "例", "位", "所", "只", "轮", "%")
# Words that make the number before them a duration, date, place, rank or name, not a count
# (24小时, 2018年, 15号, 八大工程, 三类内部事务信息, 一是), or the number of parts of the report's
# outline ("…其他需要报告的事项等六个部分组成", "共六部分": 28 of the 105 excerpts say so).
_TIME_WORDS = ("个月", "个工作日", "个小时", "个季度", "个星期", "个部分", "个方面", "部分", "小时", "分钟", "年", "月",
               "日", "天", "周", "号", "时", "秒", "岁", "点", "楼", "层", "路", "栋", "室", "届", "级", "类", "大", "是")
# Phrases whose numerals are part of a name even though a measure word follows.
FIXED_PHRASES = ("三个代表", "两个维护", "两个确立", "四个意识", "四个自信", "四个全面",
                 "五位一体", "不见一个人", "一个窗口", "一件事")

_AR = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
_CN = r"[一二两三四五六七八九十〇○零][零〇○一二两三四五六七八九十百千万亿]*"
_UNIT_RE = "|".join(regex.escape(u) for u in UNITS)
_RANGE_MARK = r"\s*(?:—{1,2}|–|-|~|至|到)"
_RANGE_FIRST = "—–-~至到"
_RANGE = regex.compile(_RANGE_MARK + r"\s*")
# A Chinese numeral counts only after 百分之 or before a measure word or a range mark; the
# others (一是, 统一, 三安全一稳定) are never candidates. The look-behind starts a numeral at the
# head of its run, never inside it.
# A lone 百/千/万 counts before 余/多 and a measure word (千余条, 万余人), or after 逾/近/约/超过 and
# before a measure word (逾千条, 近万人次); 百分之百 is 100%.
_CORE = regex.compile(
    rf"(?P<ar>{_AR})"
    rf"|(?<!{_CN})(?P<cn>(?<=百分之){_CN}"
    rf"|(?>{_CN})(?=\s*(?:余|多)?\s*(?:万|亿)?\s*(?:余|多)?\s*(?:{_UNIT_RE})|{_RANGE_MARK})"
    rf"|(?<![\d零〇○一二两三四五六七八九十百千万亿])(?:[百千万](?=[余多]\s*(?:{_UNIT_RE}))"
    rf"|(?<=(?:逾|近|约|超过)\s*)[百千万](?=\s*(?:{_UNIT_RE}))|(?<=百分之)百))")
_AFTER = regex.compile(
    rf"(?P<before>余|多)?\s*(?P<mult>万(?!元)|亿(?!元)|千)?\s*(?P<more>余|多)?\s*(?P<unit>{_UNIT_RE})?"
    rf"(?P<suffix>\s*(?:以上|左右|以内|以下))?")
_UNIT = _AFTER.groupindex["unit"]  # by number: a named lookup costs a microsecond
_PREFIXES = ("大约", "将近", "接近", "约", "近", "超过", "突破", "超", "逾", "不到", "不足", "不超过", "百分之")
_PREFIX_QUAL = regex.compile(rf"(?P<q>{'|'.join(_PREFIXES)})\s*$")
_PREFIX_LAST = {p[-1] for p in _PREFIXES}
_QUAL_OF = {"大约": "approx", "将近": "approx", "接近": "approx", "约": "approx", "近": "approx",
            "左右": "approx", "超过": "at_least", "突破": "at_least", "超": "at_least", "逾": "at_least", "余": "at_least",
            "多": "at_least", "以上": "at_least", "不到": "at_most", "不足": "at_most",
            "不超过": "at_most", "以内": "at_most", "以下": "at_most"}

# Spans that hold numbers but no counts (checked on the seed report's intro and 落款).
_NOT_COUNTS = regex.compile(
    r"\d{4}\s*年\s*\d{1,2}\s*月(?:\s*\d{1,2}\s*日)?"                   # 2018年1月1日
    r"|" + _CN + r"年" + _CN + r"月(?:" + _CN + r"日)?"                  # 二○一二年二月二十日
    r"|\d{4}[-/.]\d{1,2}[-/.]\d{1,2}(?:\s+\d{1,2}:\d{2}(?::\d{2})?)?"   # 2019-02-27 16:23
    r"|\d{1,2}:\d{2}"                                                   # 16:23
    r"|[〔\[［(（【]\s*\d{4}\s*[〕\]］)）】]\s*\d+\s*号"                  # 〔2018〕23号
    r"|第\s*(?:\d+|" + _CN + r")"                                        # 第二十条, 第492号
    r"|[（(]\s*(?:\d+|" + _CN + r")\s*[）)]"                              # （一）, (1)
    r"|" + _CN + r"是"                                                  # 一是, 二是
    r"|(?:邮编|邮政编码)\s*[:：]?\s*\d{6}"                                # postcode
    r"|(?:\+?86[-\s]?)?0\d{2,3}[-\s]?\d{7,8}(?:[-转]\d+)?"                # 025-83332337
    r"|(?:电话|传真|热线|手机|号码)\s*[:：]?\s*[\d()（）\- 转]{5,}"            # 电话：24336243
    r"|(?<!\d)1[3-9]\d{9}(?!\d)"                                        # mobile
    r"|\d+(?:-\d+)+\s*号"                                              # 15-1号
    r"|[A-Za-z0-9_.%-]+@[A-Za-z0-9_.-]+"                                # e-mail
    # a URL is ASCII: run-on text glues CJK to it ("www.pingtan.gov.cn）的…", pingtan_syq_2019.txt)
    r"|https?://[!-~]+|www\.[!-~]+"
    r"|" + "|".join(FIXED_PHRASES))
# A list number: a number right after a boundary followed by "." / "、" (1.门户网站, 2、规范).
_LIST_NUMBER = regex.compile(
    r"(?:(?:^|(?<=[\s。；：:，,！？）)\n]))(?:\d{1,2}|" + _CN + r")\s*[.、](?!\d)"
    r"|(?<!\d)\d{1,2}[.、](?=\p{Han}))")
# Every character a span of _NOT_COUNTS or _LIST_NUMBER can hold, besides blanks and digits
# (tests/test_numbers.py checks that scanning run by run finds what one scan of the text finds).
_MASKABLE = frozenset("零〇○一二两三四五六七八九十百千万亿〔〕［］（）【】、：年月日号是第转邮编政码电话传真热线手机"
                      + "".join(FIXED_PHRASES) + "".join(map(chr, range(0x21, 0x7F))) + " \t\n\r\u00a0\u3000")
# Runs that cannot hold a masked span (see `_inert`): numerals, blanks, 年/月/日, the characters of
# the fixed phrases and of 邮政编码/电话/… after their first, 转, "," and "%", and a dot before a digit.
_INERT_CHARS = regex.compile(r"(?:[\d\s零〇○一二两三四五六七八九十百千万亿年月日政编码话真线机转,%"
                             + "".join(sorted(set("".join(FIXED_PHRASES)))) + r"]|\.(?=\d))+")
_PHONE_DIGITS = regex.compile(r"\d{7}")
# Characters glued to an identifier (URL, code, file name): a number touching them is no count.
_IDENT_CHARS = set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz_@/\\#-")
# After a bare number (no measure word) these end the phrase, so the number may count
# ("不予公开信息数1402。" in the Pingtan 2011 report).
_BARE_END = set("，。；,;）)、！？\n") | {""}
# The characters that may follow an arabic number (after blanks) in a quantity: 余/多, a multiplier,
# a measure word, 以上/左右…, a range mark, or what ends a bare number. After any other ("0 0 0" and
# "88 55 698" of a PDF's flattened tables, "2022\n年", "1.属于") the number counts nothing.
_CONTINUES = frozenset("余多万亿千以左" + _RANGE_FIRST + "".join(u[0] for u in UNITS)) | _BARE_END
_NEXT_CHAR = regex.compile(r"\s*(.)", regex.DOTALL)


@dataclass
class Quantity:
    """One counted number found in text."""

    value: int | float
    unit: Optional[str]
    qualifier: Optional[str]
    start: int
    end: int
    raw: str
    upper: Optional[int | float] = None


def _number(m: regex.Match) -> int | Decimal:
    """The value of a `_CORE` match: an int, or a Decimal when it has decimals (1.33万 is 13300)."""
    digits = m.group()
    if m.lastgroup == "cn":
        return cn_value(digits)
    digits = digits.replace(",", "")
    return Decimal(digits) if "." in digits else int(digits)


# One number as a targeted pattern may embed it (the narrative checks' restated counts): arabic
# (3,050 / 12.5) or Chinese (一百二十) digits, then an optional 万/亿 multiplier (1.2万).
NUMBER = rf"(?:{_AR}|{_CN})(?:\s*[万亿](?![元]))?"
_NUMBER = regex.compile(rf"(?P<ar>{_AR})|(?P<cn>{_CN})")


def number_value(s: str) -> int | float:
    """The value of a `NUMBER` match ("3,050" → 3050, "一百二十" → 120, "1.2万" → 12000)."""
    s = normalise(s).replace(" ", "")
    mult = s[-1] if s[-1:] in ("万", "亿") and len(s) > 1 else ""
    m = _NUMBER.fullmatch(s[:-1] if mult else s)
    if m is None:
        raise ValueError(f"not a number: {s!r}")
    value = _number(m)
    return _plain(value * _MULTIPLIERS[mult] if mult else value)


def _plain(d: int | Decimal) -> int | float:
    if isinstance(d, int):
        return d
    return int(d) if d == d.to_integral_value() else float(d)


class _Mask:
    """The spans of a normalised text that hold no counts (dates, codes, phones, ordinals, list
    numbers, fixed phrases). Such a span is made of `_MASKABLE` characters only, so the text is
    scanned run by run (a run: the longest stretch of them), and only the runs holding a number
    that is checked: one number's run is a few characters ("2018年1月1日", "第二十")."""

    def __init__(self, norm: str):
        self.norm = norm
        self.run = (0, 0)  # the run scanned last (numbers are checked in text order) …
        self.spans: list[tuple[int, int]] = []  # … and its masked spans

    def covers(self, a: int, b: int) -> bool:
        """True when [a, b) (inside one run) overlaps a masked span."""
        if not self.run[0] <= a < self.run[1]:
            self._scan(a, b)
        return any(x < b and a < y for x, y in self.spans)

    def _scan(self, a: int, b: int) -> None:
        """Find the run holding [a, b) and its masked spans."""
        norm = self.norm
        start, end = a, b
        while start > 0 and ((c := norm[start - 1]) in _MASKABLE or c.isspace() or c.isdecimal()):
            start -= 1
        while end < len(norm) and ((c := norm[end]) in _MASKABLE or c.isspace() or c.isdecimal()):
            end += 1
        self.run = (start, end)
        if _inert(norm[start:end]):
            self.spans = []  # "1176", "10.4万人", "2018年": nothing to mask, spare the scan
            return
        end = min(end + 1, len(norm))  # one character more, for look-aheads
        self.spans = [m.span() for pattern in (_NOT_COUNTS, _LIST_NUMBER) for m in pattern.finditer(norm, start, end)]


def _inert(run: str) -> bool:
    """True when no masked span can lie in `run`: every pattern of _NOT_COUNTS and _LIST_NUMBER
    needs something an inert run lacks — 年 and 月 together, a second dot or one not before a
    digit ("1.", "2019.2.27"), a bracket, ：, 第, 是, 号, -, @, the first character of 邮编/电话/…,
    a whole fixed phrase, or the seven digits in a row of a phone number."""
    if run.isdecimal() and len(run) < 7:
        return True  # the common case, "1176"
    return (_INERT_CHARS.fullmatch(run) is not None and run.count(".") <= 1 and not _PHONE_DIGITS.search(run)
            and not ("年" in run and "月" in run) and not any(p in run for p in FIXED_PHRASES))


def _starts_time_word(norm: str, pos: int) -> bool:
    return norm.startswith(_TIME_WORDS, pos)


def quantities(text: str) -> list[Quantity]:
    """Every counted number in `text`, in order, with spans into `text`."""
    return list(iter_quantities(text))


def iter_quantities(text: str) -> Iterator[Quantity]:
    """Yield the counted numbers of `text` (see the module docstring for what counts)."""
    norm = normalise(text)
    mask = _Mask(norm)
    pos = 0
    for m in _CORE.finditer(norm):
        if m.start() < pos or _cannot_count(norm, m):
            continue  # inside the quantity before (the upper end of a range), or no count for sure
        q = _read_quantity(norm, text, m, mask)
        if q is not None:
            pos = q.end
            yield q


def _read_quantity(norm: str, text: str, m: regex.Match, mask: _Mask) -> Optional[Quantity]:
    a, b = m.span()
    cn = m.lastgroup == "cn"
    if (a > 0 and norm[a - 1] in _IDENT_CHARS) or (b < len(norm) and norm[b] in _IDENT_CHARS
                                                  and not _CORE.match(norm, b + 1)):
        return None
    if not cn and a > 0 and norm[a - 1] == ".":  # the tail of a dotted code
        return None
    upper_m: Optional[regex.Match] = None
    end = b
    nxt = norm[b:b + 1]
    rng = _RANGE.match(norm, b) if nxt and (nxt in _RANGE_FIRST or nxt.isspace()) else None  # spare the match
    if rng:
        m2 = _CORE.match(norm, rng.end())
        if m2 and _AFTER.match(norm, m2.end()).group(_UNIT) and not mask.covers(m2.start(), m2.end()):
            upper_m, end = m2, m2.end()
    after = _AFTER.match(norm, end)
    before, mult, more, unit, suffix = after.groups()
    more = more or before  # 100余万份, 十多万人: 余/多 before the multiplier
    qualifier = None
    start = a
    percent = False
    pre = None
    if a and (norm[a - 1] in _PREFIX_LAST or norm[a - 1].isspace()):  # spare the search
        pre = _PREFIX_QUAL.search(norm, max(0, a - 4), a)
    if pre:
        word = pre.group(1)
        if word == "百分之":
            percent = True
        else:
            qualifier = _QUAL_OF[word]
        start = pre.start()
    if more:
        qualifier = qualifier or _QUAL_OF[more]
    if suffix:
        qualifier = qualifier or _QUAL_OF[suffix.strip()]
    stop = after.end() if after.end() > end else end
    if unit is None and more:
        stop = after.end(after.lastindex)  # "政府信息260余\n": the line ends the number, not the next line
    if percent:
        unit = "%"
    if upper_m is not None:
        qualifier = "range"
    if cn and unit is None:
        return None
    if cn and m.group() == "一" and not _bare_ends(norm, stop):
        return None  # a lone 一 before a noun is idiom (一个人, 一批, 一件事), not a count; "申请一件。" is
    if unit is None and not percent:
        if _starts_time_word(norm, stop) or not (mult or _bare_ends(norm, stop)):
            return None
    if unit in ("个", "部") and _starts_time_word(norm, after.start(_UNIT)):
        return None  # 两个月, 三个工作日: durations; 六个部分, 六部分: the outline's parts
    if mask.covers(a, b):
        return None  # checked last: most numbers of dates and tables are already ruled out
    value = _number(m)
    upper = _number(upper_m) if upper_m is not None else None
    if mult:
        value *= _MULTIPLIERS[mult]
        if upper is not None:
            upper *= _MULTIPLIERS[mult]
    raw = text[start:stop].strip()
    if unit is not None and unit != "%":
        unit = ascii_signs(text[after.start(_UNIT):after.end(_UNIT)])  # 個 as printed on a Big5 page
    return Quantity(value=_plain(value), unit=unit, qualifier=qualifier, start=start,
                    end=start + len(text[start:stop].rstrip()), raw=raw,
                    upper=_plain(upper) if upper is not None else None)


def _cannot_count(norm: str, m: regex.Match) -> bool:
    """An arabic number that `_read_quantity` rejects for sure (most numbers of tables and dates:
    its reading is spared): what follows it (after blanks) neither continues a quantity nor ends a
    bare number, and no 百分之 precedes it."""
    if m.lastgroup != "ar":
        return False
    a, b = m.span()
    nxt = norm[b:b + 1]
    if nxt.isspace():
        after = _NEXT_CHAR.match(norm, b)
        nxt = after.group(1) if after else ""
    return nxt not in _CONTINUES and "之" not in norm[max(0, a - 4):a]


def _bare_ends(norm: str, pos: int) -> bool:
    nxt = norm[pos:pos + 1]
    return nxt in _BARE_END
