"""Segment stage: the report's 一、二、三… sections and the parts inside them.

Headings are found in laid-out text (one per line) and in run-on crawler text
("…止。一、概述2018年以来…"): a heading must follow a boundary, come in order
一, 二, 三 …, and must not be a table-3 row label or sit inside a table.
"""
from __future__ import annotations

from typing import Optional, Sequence

import regex

from ..domain.numerals import ORDINAL_CHARS, to_int
from ..record import Part, Section, Table

CN_DIGITS = ORDINAL_CHARS
_NUMERALS = ["一", "二", "三", "四", "五", "六", "七", "八", "九", "十",
             "十一", "十二", "十三", "十四", "十五"]

# A top-level heading: a Chinese ordinal and 、 (or ．/.), possibly letter-spaced; one pattern
# per ordinal.
_HEADING_BY_NUMERAL = {n: regex.compile(regex.escape(n) + r"[ \t\u00a0\u3000]*[、，,．.][ \t\u00a0\u3000]*")
                       for n in _NUMERALS}
# What may stand right before a heading: start, line break, sentence end, a space in run-on
# text, or the end of a flattened table cell / e-mail address ("…4432.52元三、", "163.com一、").
_BOUNDARY_BEFORE = regex.compile(r"(?:^|[\n。！？；：:!?）)”\"]|[ \t\u00a0\u3000]+|[0-9A-Za-z%][元]?)$")

# Table-3/legacy-table row labels that look like headings (domain.md §1.3.4).
_TABLE_LABELS = regex.compile(r"^(?:本年新收|上年结转|本年度办理结果|结转下年度|本年度办理)")

# Words a run-on heading title ends with; the first one reached ends it (longest tried first
# at each position, so 情况统计表 wins over 情况). Checked on the Pingtan dumps' headings.
_TITLE_ENDINGS = ("情况统计表", "统计表", "附表", "情况", "概述", "事项", "打算", "措施", "做法")
_TITLE_ENDING = regex.compile("|".join(_TITLE_ENDINGS))
# A title longer than this is a sentence, not a heading.
MAX_TITLE = 40

# Section kinds by keyword, checked in this order (first match wins).
KIND_RULES: Sequence[tuple[str, str]] = (
    ("table-appendix", r"统计表|附表|统计数据"),
    ("review", r"复议|诉讼"),
    ("fees", r"收费|减免|费用"),
    ("problems", r"问题|改进|打算|下一步|不足|措施"),
    ("active", r"主动公开|重点领域|主动"),
    ("requests", r"依申请|收到和处理|申请"),
    ("overview", r"总体|概述|概况|基本情况"),
    ("other", r"其他|其它"),
)

_KIND_PATTERNS = tuple((kind, regex.compile(pattern)) for kind, pattern in KIND_RULES)

_PART_MARKERS = (
    (2, regex.compile(r"[（(](?P<n>[一二三四五六七八九十]{1,3})[）)]")),
    (3, regex.compile(r"(?<![\d.])(?P<n>\d{1,2})[．.、](?!\d)")),
    (3, regex.compile(r"(?P<n>[一二三四五六七八九十]{1,3})是")),
)


def section_at(sections: Sequence[Section], offset: int) -> Optional[int]:
    """The number of the section holding a text offset, or None before the first heading."""
    for s in sections:
        if s.start <= offset < s.end:
            return s.no
    return None


def classify(title: str) -> str:
    """The section kind of a heading title, by keyword."""
    for kind, pattern in _KIND_PATTERNS:
        if pattern.search(title):
            return kind
    return "other"


def segment(text: str, tables: Sequence[Table] = ()) -> list[Section]:
    """Find the top-level sections of a report's text."""
    spans = [(t.start, t.end) for t in tables]
    heads: list[tuple[int, int, str]] = []
    pos = 0
    for no, numeral in enumerate(_NUMERALS):
        found = _next_heading(text, numeral, pos, spans)
        if found is None:
            break
        heads.append(found)
        pos = found[1]
    sections = []
    for i, (start, title_end, title) in enumerate(heads):
        end = heads[i + 1][0] if i + 1 < len(heads) else len(text)
        sec = Section(no=i + 1, title=title, kind=classify(title), start=start, end=end)
        sec.parts = find_parts(text, title_end, end, spans)
        sections.append(sec)
    return sections


def _next_heading(text: str, numeral: str, pos: int,
                  spans: Sequence[tuple[int, int]]) -> Optional[tuple[int, int, str]]:
    """The first acceptable heading with this numeral at or after `pos`."""
    for m in _HEADING_BY_NUMERAL[numeral].finditer(text, pos):
        start = m.start()
        if numeral == "十" and start > 0 and text[start - 1] in CN_DIGITS:
            continue
        if not _BOUNDARY_BEFORE.search(text[max(0, start - 8):start]):
            continue
        if any(a <= start < b for a, b in spans):
            continue
        title_end = _title_end(text, start, m.end())
        title = text[start:title_end].strip()
        body = text[m.end():title_end].strip()
        if not body or _TABLE_LABELS.match(body) or regex.match(r"[\d\s]", body[0]):
            continue
        if _laid_out(text, start) and _previous_line_runs_on(text, start):
            continue
        if _lists_next_heading(text, numeral, m.end()):
            continue
        return start, title_end, title
    return None


def _lists_next_heading(text: str, numeral: str, body_start: int) -> bool:
    """True when the next ordinal follows in the same sentence: an intro listing the parts
    ("全文包括：一、总体情况；二、主动公开…"), not a heading."""
    idx = _NUMERALS.index(numeral)
    if idx + 1 >= len(_NUMERALS):
        return False
    sentence = regex.match(r"[^。\n\d]*", text[body_start:body_start + MAX_TITLE + 5]).group(0)
    nxt = _HEADING_BY_NUMERAL[_NUMERALS[idx + 1]].search(sentence)
    return nxt is not None and regex.search(r"[；;，,、：:\s]$", sentence[:nxt.start()]) is not None


def _laid_out(text: str, start: int) -> bool:
    """True when the heading starts a line (laid-out text rather than a run-on dump)."""
    return start == 0 or text[start - 1] == "\n"


def _previous_line_runs_on(text: str, start: int) -> bool:
    """True when the line above stops mid-sentence, so this line is a wrapped continuation."""
    prev = text[text.rfind("\n", 0, start - 1) + 1:start - 1].rstrip()
    return bool(prev) and prev[-1] in "，、（(《“"


def _title_end(text: str, start: int, body_start: int) -> int:
    """Where a heading's title ends: its line end, or in run-on text its title word."""
    line_end = text.find("\n", body_start)
    if line_end < 0:
        line_end = len(text)
    line_start = text.rfind("\n", 0, start) + 1
    if line_end - body_start <= MAX_TITLE and not text[line_start:start].strip():
        return line_end
    window = text[body_start:body_start + MAX_TITLE]
    stop = regex.search(r"[ \t\u00a0\u3000。，；：:（(]|\d", window)
    limit = stop.start() if stop else len(window)
    ending = _TITLE_ENDING.search(window, 0, limit)
    if ending:
        return body_start + ending.end()
    return body_start + limit


def find_parts(text: str, start: int, end: int, spans: Sequence[tuple[int, int]]) -> list[Part]:
    """Sub-headings inside a section: （一）…, 1. …, 一是 …, each with its span."""
    found: list[tuple[int, int, str, int]] = []
    for level, pattern in _PART_MARKERS:
        expected = 1
        for m in pattern.finditer(text, start, end):
            if any(a <= m.start() < b for a, b in spans):
                continue
            n = to_int(m.group("n"))
            if n != expected:
                continue
            if level == 3 and not _BOUNDARY_BEFORE.search(text[max(0, m.start() - 8):m.start()]):
                continue
            found.append((m.start(), m.end(), m.group(0), level))
            expected += 1
    found.sort()
    parts = []
    for i, (s, e, marker, level) in enumerate(found):
        stop = next((f[0] for f in found[i + 1:] if f[3] <= level), end)
        title_end = _title_end(text, s, e)
        parts.append(Part(marker=marker, level=level, title=text[s:title_end].strip(), start=s, end=stop))
    return parts
