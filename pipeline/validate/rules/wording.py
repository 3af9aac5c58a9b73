"""Wording defects: enumerations, non-standard headings, missing numbers, the intro's outline,
missing categories, a title naming another organ (domain.md §3.2)."""
from __future__ import annotations

from typing import Iterator, Optional, Sequence

import regex

from ...domain.numerals import cn_value
from ...record import ERAS, Finding, Record
from ...text.agency import is_fuller, printed_name
from .tables import (TEMPLATE_ERAS)
from ..registry import finding, rule
from ..compact import NOT_REGEX_SPACE, SPACE
from .completeness import body

# --- wording defects ---

_ENUM = regex.compile(r"(?<=^|[。；;，,：:\s）)])(?P<n>[一二三四五六七八九十])\s?是")  # PDF: "二\n是"
# A sub-heading run on into its first item ("（二）把握工作重点，扎实推进信息公开一是推进…", run-on text
# of pingtan_syq_2015): that 一是 follows a Han character, so it is looked for only between the
# sub-heading and its first full stop.
_RUN_ON_FIRST = regex.compile(r"一\s?是")
_FULL_STOP = regex.compile(r"[。；;]")
# An item that is a short sentence of its own ("四是推进政府采购信息公开。") belongs with items of that
# shape; an item running on with commas with those like it (pingtan_syq_2015 一（二）: an outer list of
# short sentences, each followed by an inner list, both counted 一是, 二是 …).
_ITEM_END = regex.compile(r"[。；;，,：:]")
MAX_HEADING_ITEM = 20  # characters of a short-sentence item (the 2015 outer items have 10–14)
_NUMERALS = "一二三四五六七八九十"


def _markers(text: str, start: int, end: int, resets: Sequence[int]) -> list[tuple[int, int, int]]:
    """(number, start, end) of the 一是/二是… markers of text[start:end], in text order."""
    found = {m.start(): (cn_value(m.group("n")), m.start(), m.end()) for m in _ENUM.finditer(text, start, end)}
    for r in resets:
        stop = _FULL_STOP.search(text, r, end)
        m = _RUN_ON_FIRST.search(text, r, stop.start() if stop else end)
        if m and m.start() not in found:
            found[m.start()] = (1, m.start(), m.end())
    return [found[k] for k in sorted(found)]


def _short_sentence(text: str, pos: int) -> bool:
    """The item starting at `pos` is a short sentence of its own."""
    m = _ITEM_END.search(text, pos, pos + MAX_HEADING_ITEM + 1)
    return bool(m) and m.group() == "。"


def enumeration_defects(text: str, start: int, end: int, resets: Sequence[int]) -> Iterator[tuple[str, int, int]]:
    """(description, start, end) of each 一是/二是… marker that neither continues an open list
    nor starts one: a repeat ("三是…三是") or a skip ("一是…三是"). Nested lists are followed
    with a stack; a marker that could continue two open lists continues the one whose items have its
    shape (`_short_sentence`), else the innermost; a sub-heading (（一）…) closes every open list.
    A slip is reported once: when the next marker shows that the list went on as if the slip had
    been numbered right (一是…三是…三是), the list goes on from the right number."""
    levels: list[tuple[int, bool]] = []  # per open list: (last number, its items are short sentences)
    cuts = sorted(resets)
    marks = _markers(text, start, end, resets)
    for k, (n, a, b) in enumerate(marks):
        while cuts and cuts[0] <= a:
            cuts.pop(0)
            levels = []
        short = _short_sentence(text, b)
        if n == 1 or not levels:
            levels.append((n, short))
            continue
        fits = [d for d in range(len(levels)) if levels[d][0] == n - 1]
        if fits:
            depth = max(fits, key=lambda d: (levels[d][1] == short, d))
            levels[depth + 1:] = []
            levels[depth] = (n, levels[depth][1])
            continue
        last = levels[-1][0]
        kind = "重复" if last == n else "跳号"
        yield f"“{text[a:b]}”{kind}（前一项为“{_NUMERALS[last - 1]}是”）", a, b
        following = marks[k + 1][0] if k + 1 < len(marks) else None
        levels[-1] = (last + 1 if following == last + 2 else n, levels[-1][1])


@rule("text.enumeration", severity="info")
def _enumeration(rec: Record) -> Iterator[Finding]:
    """Numbering slips in 一是/二是 lists (pingtan_syq_2023 五: 一是…三是…三是; pingtan_syq_2015 一（二）:
    四是 twice in the outer list)."""
    for sec in rec.sections:
        resets = [p.start for p in sec.parts if p.level <= 2]
        for what, a, b in enumeration_defects(rec.text or "", sec.start, sec.end, resets):
            yield finding("text.enumeration", f"“{sec.title.strip()}”中列举序号有误：{what}", span=[a, b])


# Headings of the template sections by kind: the words a correct heading has (domain.md §1.3.2).
HEADING_WORDS = {"review": ("行政复议", "行政诉讼"), "requests": ("申请",), "active": ("主动公开",),
                 "problems": ("问题", "改进"), "other": ("其他需要报告",)}


@rule("section.heading_nonstandard", TEMPLATE_ERAS, "info")
def _heading(rec: Record) -> Iterator[Finding]:
    """A template heading missing its key words ("四、政府信息公开行政法复议…", pingtan_syq_2022)."""
    for sec in rec.sections:
        words = HEADING_WORDS.get(sec.kind, ())
        missing = [w for w in words if w not in SPACE.sub("", sec.title)]
        if missing:
            yield finding("section.heading_nonstandard",
                          f"标题“{sec.title.strip()}”与年报格式不符：缺少“{'”“'.join(missing)}”",
                          span=[sec.start, sec.start + len(sec.title)])


# A count left out before its unit in a list ("全年公开核准企业资质条、施工许可证76条", pingtan_syq_2019):
# a noun directly followed by 条/件 and a list separator, with a numbered sibling item next.
_EMPTY_COUNT = regex.compile(
    r"(?<=[\u4e00-\u9fff])(?<![一二三四五六七八九十百千万两几多余每各该此本这那首逐])(?P<u>条|件)(?=[、，；][^。；]{1,15}?\d+(?P=u))")


_DIGIT = regex.compile(r"\d")
_ITEM_SEPARATOR = regex.compile(r"[、，；。,;]")


@rule("text.missing_number", severity="info")
def _missing_number(rec: Record) -> Iterator[Finding]:
    text = rec.text or ""
    for m in _EMPTY_COUNT.finditer(text):
        item = _ITEM_SEPARATOR.split(text[max(0, m.start() - 30):m.start()])[-1]
        if _DIGIT.search(item):  # "15564件咨询投诉件": the item has its number
            continue
        yield finding("text.missing_number", f"“{SPACE.sub('', item)}{m.group('u')}”：数量单位前缺少数字",
                      span=[m.start() - len(item), m.end()])


# The intro's own outline: "本报告由概述、……、政府信息公开情况统计表共五个部分组成" (Pingtan legacy reports).
_OUTLINE = regex.compile(r"(?:本报告|报告全文|全文)[^。]{0,10}?由[^。]{4,200}?(?:等|共)"
                         r"(?P<n>[一二三四五六七八九十])个?部分组成")


@rule("structure.intro_mismatch", severity="info")
def _intro_outline(rec: Record) -> Iterator[Finding]:
    """The number of parts the intro announces against the sections found, counting an unnumbered
    statistics-table appendix after the last section (pingtan_ptx_2011: 4 sections + 统计表 = 五)."""
    text = rec.text or ""
    m = _OUTLINE.search(text[:3000])
    if not m or not rec.sections:
        return
    said = cn_value(m.group("n"))
    appendix = not any(s.kind == "table-appendix" for s in rec.sections) and "统计表" in body(rec, rec.sections[-1])
    found = len(rec.sections) + appendix
    if said != found:
        yield finding("structure.intro_mismatch",
                      f"引言称报告共{m.group('n')}个部分，正文有 {len(rec.sections)} 个一级标题"
                      f"{'及统计表附件' if appendix else ''}，共 {found} 部分", span=[m.start(), m.end()])


# A sub-heading that announces a breakdown by category (Pingtan 2011–2018 "（二）主动公开政府信息的主要类别").
_CATEGORY_HEADING = regex.compile(r"主要类别|分类情况")
# Fewer counted figures than this under such a heading is no breakdown (pingtan_syq_2013: one, 222条).
MIN_CATEGORY_FIGURES = 2
# Run-on text glues a heading to its first sentence ("（二）主动公开政府信息的主要类别2011年，在…", 16
# characters of heading): only this many characters are read as the heading.
MAX_HEADING_CHARS = 20


@rule("content.categories_missing", ERAS, "warning")
def _categories_missing(rec: Record) -> Iterator[Finding]:
    """A sub-heading announcing the main categories with no category counts under it."""
    for sec in rec.sections:
        for part in sec.parts:
            if not _CATEGORY_HEADING.search(SPACE.sub("", part.title)[:MAX_HEADING_CHARS]):
                continue
            counts = [f for f in rec.figures if part.start <= f.span[0] < part.end and f.unit != "%"]
            if len(counts) < MIN_CATEGORY_FIGURES:
                yield finding("content.categories_missing",
                              f"小标题“{part.title.strip()}”之下没有列出任何类别及其数量", span=[part.start, part.end])


# A report's own heading in the text: a line that opens with an organ right before the year ("平潭综合实验区
# 2014年度政府信息公开工作年度报告"). A sentence citing a report (…,现公布X2020年…报告) or a notice does not
# open its line with the report's title, and breadcrumbs and bylines hold no year before the title words.
_TITLE_IN_TEXT = regex.compile(r"^[ \t\u3000\u00a0]*(?P<organ>[\p{Han}（）()]{2,40}?)\s*(?P<year>\d{4})\s*年度?\s*"
                               r"政府信息公开(?:工作)?\s*年度?\s*报告", regex.M)
_TITLE_ORGAN = regex.compile(r"^(?P<organ>.+?)\s*\d{4}\s*年")
# What an organ's name ends with; other words before a year are a sentence or a notice's title.
_ORGAN_END = regex.compile(r"(?:政府|管委会|委员会|办公厅|办公室|厅|局|委|办|院|署|区|县|市|省|州|盟|旗)$")


_TITLE_WORDS = "政府信息公开"


def titles_in_text(text: str) -> Iterator[regex.Match]:
    """The matches of `_TITLE_IN_TEXT`, as its finditer gives them, tried only at the line starts
    that can open one: each match holds 政府信息公开, and the line its organ is on is read back from
    there (a finditer tries every position of the text)."""
    starts = set()
    at = text.find(_TITLE_WORDS)
    while at >= 0:
        start = _organ_line(text, at)
        if start is not None:
            starts.add(start)
        at = text.find(_TITLE_WORDS, at + 1)
    pos = 0
    for start in sorted(starts):
        m = _TITLE_IN_TEXT.match(text, start) if start >= pos else None
        if m:
            yield m
            pos = m.end()


def _organ_line(text: str, at: int) -> Optional[int]:
    """Where the line starts whose organ a `_TITLE_IN_TEXT` match holding 政府信息公开 at `at` would
    open with: back over blanks, 年 or 年度, blanks, the year's four characters, blanks (each run of
    blanks whole, as the characters beside it are not blank); None when no 年 stands there."""
    p = _blank_before(text, at)
    if p and text[p - 1] == "度":
        p -= 1
    if not p or text[p - 1] != "年":
        return None
    p = _blank_before(text, p - 1) - 4
    if p < 0:
        return None
    return text.rfind("\n", 0, _blank_before(text, p)) + 1


def _blank_before(text: str, p: int) -> int:
    """Where the run of blanks (what the pattern's `\\s` matches) ending at p starts."""
    while p and text[p - 1].isspace() and text[p - 1] not in NOT_REGEX_SPACE:
        p -= 1
    return p


def same_issuer(title_organ: str, heading_organ: str) -> bool:
    """True when a page title's organ and a heading's organ are one issuer as printed: equal once short
    forms are written out (区政府办公室 = 区人民政府办公室, 天津市 = 天津市人民政府), the heading naming the
    title's last organ (江苏省应急管理厅 江苏煤矿安全监察局 / 江苏煤矿安全监察局), or one with its parent
    places before it (天津市河东区民政局 / 河东区民政局). A zone's name without its 管委会 is another."""
    title, heading = printed_name(title_organ), printed_name(heading_organ)
    return title == heading or title.endswith(heading) or is_fuller(title, heading) or is_fuller(heading, title)


@rule("meta.title_mismatch", ERAS, "info")
def _title_mismatch(rec: Record) -> Iterator[Finding]:
    """The page title and the report's own heading name the organ differently (pingtan_syq_2014: page
    '平潭综合实验区管委会2014年度…' vs heading '平潭综合实验区 2014年度…')."""
    m = _TITLE_ORGAN.match(rec.meta.title or "")
    if not m or not rec.text:
        return
    organ = SPACE.sub("", m.group("organ"))
    for t in titles_in_text(rec.text):
        said = t.group("organ")
        if int(t.group("year")) == rec.meta.year and _ORGAN_END.search(said) and "关于" not in said \
                and not same_issuer(organ, said):
            yield finding("meta.title_mismatch", f"页面标题“{rec.meta.title}”与正文标题“{SPACE.sub('', t.group(0))}”"
                          f"所署机关不一致（“{organ}”与“{said}”）", keys=["meta.title"], span=[t.start("organ"), t.end()])
            return


# A prose count of information published (公开/公布) in the year; running totals (累计) may exceed the year's.
