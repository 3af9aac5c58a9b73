"""The report title, found anywhere in the head of a page, and what it names: issuer(s) and year.

Real pages put dozens of lines of portal chrome before the title, split it over two lines
(…2022年政府信息 / 公开年度报告; an organ line above a '2020年政府信息公开工作年度报告' line),
print it twice, put the year before the place (2010年上海市…), invert the word order
(…政府信息公开年度工作报告, …公开工作2020年度工作报告), drop 年 (孝昌县2020政府…), run it into the
first sentence, or print it in traditional characters (政府信息公開工作年度報告).
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable, Optional

import regex

from ..domain.numerals import DATE_CHARS, to_int

YEAR = rf"(?:\d{{4}}|[{DATE_CHARS}]{{4}})"
# What a report calls itself: 政府信息公开工作年度报告, 信息公开年报, 政务信息公开工作开展年度报告, 年度報告 …
CORE = (r"(?:政府信息|政[务務]信息|信息|政[务務])\s*公\s*[开開]\s*(?:工\s*作)?\s*(?:开展)?\s*(?:情况)?\s*(?:的)?\s*"
        r"(?:年\s*度)?\s*(?:工\s*作)?\s*(?:[报報]\s*告|年\s*[报報])")
# Characters of an issuer's name as printed in a title (one space may separate two issuers).
_NAME = r"[\p{Han}A-Za-z0-9()（）、·]"
_NAMES = rf"{_NAME}+?(?:[ \u3000]{_NAME}+?)*?"
_TITLE_FORMS = (
    # [name] 2019年[度] [name] 政府信息公开工作年度报告
    regex.compile(rf"(?P<pre>{_NAMES})?\s*(?P<year>{YEAR})\s*(?:年\s*度?)?\s*(?P<mid>{_NAMES})??\s*{CORE}"),
    # name 政府信息公开工作年度报告（2019年度）
    regex.compile(rf"(?P<pre>(?:{_NAMES})?)\s*{CORE}\s*[(（]\s*(?P<year>{YEAR})\s*年?\s*度?\s*[)）]"),
    # name 政府信息公开工作2020年度工作报告
    regex.compile(rf"(?P<pre>(?:{_NAMES})?)(?:政府信息|政务信息|信息)公开(?:工作)?\s*(?P<year>{YEAR})\s*年\s*度?\s*"
                  r"(?:工作)?(?:报告|年报)"),
)
_UNDATED = regex.compile(rf"(?P<pre>{_NAMES})?\s*{CORE}")
_BARE = regex.compile(CORE)
# A title is a short line; longer lines hold one only at their start, run into the intro. The longest
# title of the 105 labelled excerpts (corpus/excerpts, gb2021_040: an organ with its second name in
# brackets) is 46 characters; 70 leaves room for longer organ names.
MAX_TITLE = 70
# Label words a metadata block puts before a title (标题: / 名  称: / 内容概述 | …).
_LABEL = regex.compile(r"^(?:[|｜\s]*(?:标\s*题|名\s*称|文件名称|信息名称|内容概述|关\s*键\s*[字词]|文\s*号)"
                       r"\s*[:：|｜]?\s*)+")
_QUOTES = regex.compile(r"[“”\"「」『』【】]")
# A title cited inside another document: the notice that asks for the reports (关于做好2020年度政府信息公开
# 工作年度报告编制发布工作的通知) names no issuer before it and goes on after it.
_NOTICE_BEFORE = regex.compile(r"做好")
_NOTICE_AFTER = regex.compile(r"^\s*(?:编制|报送|发布|公开|有关|相关|等|的通知|工作的通知|格式|模板|[》”])")
# A report wrapped in a publication notice: 关于印发《X2020年政府信息公开工作年度报告》的通知.
_WRAPPED = regex.compile(r"关于(?:印发|公布|发布|报送|上报)(?:《(?P<inner>[^》]+)》|(?P<inner>\S+?(?:报告|年报))的(?:通知|函))")
# Furniture, headings and sentences are not issuers.
_NOT_A_NAME = regex.compile(r"^(?:[一二三四五六七八九十]+、|（[一二三四五六七八九十]+）|\d+[.、])|年度$|^(?:本|我|各|全)")
_SPACES = regex.compile(r"[\s\u00a0\u3000]+")


@dataclass
class Title:
    """A report title as found, with the issuer names and the year it states."""

    text: str
    names: list[str]
    year: Optional[int]


def parse_title(title: str) -> tuple[list[str], Optional[int]]:
    """Issuing agencies and report year named by a title."""
    found = _read(_clean(title))
    return (found[0], found[1]) if found else ([], None)


def find_title(head: str, hint: Optional[str] = None) -> Optional[Title]:
    """The report title in the head of a page; `hint` is a title the page's metadata gave."""
    hinted = None
    if hint:
        found = _read(_clean(hint))
        if found:
            hinted = Title(_SPACES.sub(" ", hint).strip(), found[0], found[1])
            if hinted.year is not None:
                return hinted
    candidates = list(_candidates(head))
    named = [c for c in candidates if c.names] + ([hinted] if hinted and hinted.names else [])
    dated = [c for c in candidates if c.year is not None]
    best = _confirmed(named, head) or (dated[0] if dated else None)
    if best and best.year is None:  # a year printed apart from an undated title (not another organ's)
        best.year = next((c.year for c in dated if not c.names or c.names == best.names), None)
    return best


def _confirmed(titles: list[Title], head: str) -> Optional[Title]:
    """The page's own title among titles of different reports (a related-reports list or a side menu
    printed above it): the one the rest of the head names most often, by organ and by the year its
    statistics period starts; on a tie the last, since the title leads straight into the byline and body."""
    if len({(tuple(t.names), t.year) for t in titles}) <= 1:
        return titles[0] if titles else None

    def support(t: Title) -> int:
        period = len(regex.findall(rf"{t.year}\s*年\s*0?1\s*月\s*0?1\s*日", head)) if t.year else 0
        return head.count(t.names[0]) + period
    return max(reversed(titles), key=support)


def _candidates(head: str) -> Iterable[Title]:
    """Title candidates: each line (with the organ line above a title that names none), and each
    pair of lines a title was split over."""
    lines = [line for line in (_clean(raw) for raw in head.split("\n")) if line]
    for i, line in enumerate(lines):
        above = lines[i - 1] if i and is_name_line(lines[i - 1]) else None
        found = _title_in_line(line)
        if not found and above and _BARE.fullmatch(line):
            found = Title(line, [], None)
        if found:
            if not found.names and above:
                found = Title(above + found.text, _names(above), found.year)
            yield found
        elif i + 1 < len(lines) and not _read(lines[i + 1]):
            joined = line + lines[i + 1]
            found = _title_in_line(joined) if len(joined) <= MAX_TITLE else None
            if found and (found.names or found.year is not None):
                yield found


_TRAILING_BAR = regex.compile(r"[|｜]\s*$")
_INTRO_START = regex.compile(r"\s*(?:根据|依据|按照|本|为)")
_ABOUT = regex.compile(r"^关于|关于$|的$")


def _clean(line: str) -> str:
    line = _LABEL.sub("", _QUOTES.sub("", line.strip()))
    line = _TRAILING_BAR.sub("", line).strip()
    return _SPACES.sub(" ", line)


def _title_in_line(line: str) -> Optional[Title]:
    """A title filling the line, or starting it and running into the intro."""
    wrapped = _WRAPPED.search(line)
    if wrapped:
        line = wrapped.group("inner")
    found = _read(line)
    if not found:
        return None
    names, year, end = found
    rest = line[end:]
    if _NOTICE_AFTER.match(rest):
        return None
    if len(line) > MAX_TITLE and not _INTRO_START.match(rest):
        return None
    return Title(line[:end], names, year)


def _read(text: str) -> Optional[tuple[list[str], Optional[int], int]]:
    """(issuer names, year, end of the title) when `text` starts with a report title."""
    for form in _TITLE_FORMS:
        m = form.match(text)
        if m:
            raw = m.group("pre") or m.groupdict().get("mid") or ""
            if _NOTICE_BEFORE.search(raw):
                return None
            return _names(raw), _year(m.group("year")), m.end()
    m = _UNDATED.match(text)
    if m and m.group("pre") and m.end() == len(text.rstrip()) and not _NOTICE_BEFORE.search(m.group("pre")):
        names = _names(m.group("pre"))
        return (names, None, m.end()) if names else None
    return None


def _year(raw: str) -> Optional[int]:
    y = to_int(raw)
    return y if y is not None and 1990 <= y <= 2100 else None


def _names(raw: str) -> list[str]:
    """The issuer names in the name part of a title; a stray space inside one name (XX县统计 局) is
    closed, a space between two organs' names (江苏省应急管理厅 江苏煤矿安全监察局) kept."""
    raw = _ABOUT.sub("", raw.strip()).strip()
    names: list[str] = []
    for part in _SPACES.split(raw):
        if names and not _is_issuer(names[-1]):
            names[-1] += part
        elif part:
            names.append(part)
    return [n for n in names if len(n) >= 2 and n not in ("政府", "政务", "人民政府") and not _NOT_A_NAME.search(n)
            and _is_issuer(n)]


def _is_issuer(name: str) -> bool:
    return bool(ORGAN_END.search(_NAME_TAIL.sub("", name))) or name.endswith("人民")


# What may follow an organ's last word in a title: a second name in brackets, the scope (关区, 系统), 关于.
_NAME_TAIL = regex.compile(r"(?:[(（][^()（）]*[)）]|关区|系统|关于|的)+$")
# The last word of an organ's or a place's name.
ORGAN_END = regex.compile(
    r"(?:人民政府|政府|办公厅|办公室|委员会|管委会|局|厅|委|办|院|中心|处|所|站|队|会|海关|街道|办事处|室|署|部|社|馆|台|"
    r"镇|鎮|乡|鄉|苏木|区|區|县|縣|市|省|旗|州|盟|园区|公司|大学|学校)$")


_NAME_PART = regex.compile(r"[\p{Han}()（）、·]{2,40}")


def is_name_line(line: str) -> bool:
    """True when a line holds only organs' or places' names (the first line of a split title), a
    second name in brackets included (…发展局（…管委会）)."""
    return all(_NAME_PART.fullmatch(part) and ORGAN_END.search(_NAME_TAIL.sub("", part))
               and not _NOT_A_NAME.search(part) for part in line.split(" "))
