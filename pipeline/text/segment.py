"""Segment stage: the report's 一、二、三… sections and the parts inside them.

Headings are found in laid-out text (one per line) and in run-on crawler text
("…止。一、概述2018年以来…"): a heading must follow a boundary, come in order
一, 二, 三 …, and must not be a table-3 row label or sit inside a table. A marker alone on its
line takes the next line as its title ("一、\n总体情况"). An outline of the parts laid out
before the body (headings with nothing between them) is not the body's headings. A report
without 一、 headings may head its parts （一）… or with bullets that lost their numbers
("• 总体情况"); those count when the first one is the overview.
"""
from __future__ import annotations

from typing import Optional, Sequence

import regex

from ..domain.numerals import ORDINAL_CHARS, to_int
from ..domain.script import simplified
from ..record import Part, Section, Table

CN_DIGITS = ORDINAL_CHARS
_NUMERALS = ["一", "二", "三", "四", "五", "六", "七", "八", "九", "十",
             "十一", "十二", "十三", "十四", "十五"]

# A top-level heading: a Chinese ordinal and 、 (or ．/.), possibly letter-spaced; one pattern
# per ordinal. Reports without them may number their parts （一）（二）… at the top level.
_HEADING_BY_NUMERAL = {n: regex.compile(regex.escape(n) + r"[ \t\u00a0\u3000]*[、，,．.][ \t\u00a0\u3000]*")
                       for n in _NUMERALS}
_BRACKETED_BY_NUMERAL = {n: regex.compile(r"[（(][ \t\u00a0\u3000]*" + regex.escape(n)
                                          + r"[ \t\u00a0\u3000]*[）)][ \t\u00a0\u3000]*")
                         for n in _NUMERALS}
# What may stand right before a heading: start, line break, sentence end, a space in run-on
# text, or the end of a flattened table cell / e-mail address ("…4432.52元三、", "163.com一、").
_BOUNDARY_BEFORE = regex.compile(r"(?:^|[\n。！？；：:!?）)”\"]|[ \t\u00a0\u3000]+|[0-9A-Za-z%][元]?)$")
# A bullet left where a list lost its numbers ("  • 总体情况").
_BULLET_LINE = regex.compile(r"^[ \t\u00a0\u3000]*[•●◆■▪◇□·◎★☆▶►][ \t\u00a0\u3000]*(?P<title>[^\n]+?)[ \t\u00a0\u3000]*$",
                             regex.MULTILINE)
# A line holding only a marker: its title is on the next line ("一、\n总体情况").
_TITLE_ON_NEXT_LINE = regex.compile(r"[ \t\u00a0\u3000]*\n(?:[ \t\u00a0\u3000]*\n)?[ \t\u00a0\u3000]*(?=\S)")
# Characters a mirror site leaves where it could not encode one (a heading line ending in "?").
_LOST_CHARACTERS = "?\ufffd"

# Table-3/legacy-table row labels that look like headings (domain.md §1.3.4).
_TABLE_LABELS = regex.compile(r"^(?:本年新收|上年结转|本年度办理结果|结转下年度|本年度办理)")

# Words a run-on heading title ends with; the first one reached ends it (longest tried first
# at each position, so 情况统计表 wins over 情况), unless a conjunction joins another title word
# ("四、审批事项及处理情况我局…"). Checked on the Pingtan dumps' headings.
_TITLE_ENDINGS = ("情况统计表", "统计表", "附表", "情况", "概述", "事项", "打算", "措施", "做法")
_TITLE_ENDING = regex.compile("|".join(_TITLE_ENDINGS))
_JOINED_TITLE = regex.compile(r"(?:以及|及(?!时)|和|与|暨|、)")
# A part's title that runs on into its text ends at the first of these.
_TITLE_STOP = regex.compile(r"[。：:；;]")
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

# Compiled once: a module-level regex.search(str, …) pays ~15 µs of cache lookup a call.
_DIGIT_OR_SPACE = regex.compile(r"[\d\s]")
_SENTENCE_MARK = regex.compile(r"[。，,；;：:]")
_SENTENCE_HEAD = regex.compile(r"[^。\n\d]*")
_LIST_MARK_END = regex.compile(r"[；;，,、：:\s]$")
_TITLE_RUN_STOP = regex.compile(r"[ \t\u00a0\u3000。，；：:（(]|\d")

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


def heading_ends(sections: Sequence[Section]) -> list[int]:
    """Where each heading ends, sections' and parts', in order: the words that name a number never
    reach back over one ("三、…工作情况2013年全县共收到…", "(三)…不予公开信息的情况\n全年…1411条")."""
    return sorted({s.start + len(s.title) for s in sections} | {_part_title_end(p) for s in sections for p in s.parts})


def _part_title_end(part: Part) -> int:
    """Where a part's heading ends: its first sentence mark, when the title runs on into the text."""
    m = _TITLE_STOP.search(part.title)
    return part.start + (m.end() if m else len(part.title))


def classify(title: str) -> str:
    """The section kind of a heading title, by keyword (traditional script read as simplified)."""
    title = simplified(title)
    for kind, pattern in _KIND_PATTERNS:
        if pattern.search(title):
            return kind
    return "other"


Head = tuple[int, int, str]  # (start, title end, title) of a heading


def segment(text: str, tables: Sequence[Table] = ()) -> list[Section]:
    """Find the top-level sections of a report's text."""
    spans = [(t.start, t.end) for t in tables]
    heads = _body_heads(text, _HEADING_BY_NUMERAL, spans)
    if not heads:
        candidates = (_body_heads(text, _BRACKETED_BY_NUMERAL, spans, laid_out=True), _bulleted_heads(text, spans))
        heads = next((h for h in candidates if _opens_report(h)), [])
    sections = []
    for i, (start, title_end, title) in enumerate(heads):
        end = heads[i + 1][0] if i + 1 < len(heads) else len(text)
        sec = Section(no=i + 1, title=title, kind=classify(title), start=start, end=end)
        sec.parts = find_parts(text, title_end, end, spans)
        sections.append(sec)
    return sections


def _body_heads(text: str, markers: dict[str, regex.Pattern], spans: Sequence[tuple[int, int]],
                laid_out: bool = False) -> list[Head]:
    """The headings 一, 二, 三 … (in `markers`' style) of the body: an outline laid out before the
    body ("一、总体情况\n二、主动公开…\n三、…" with nothing between them) is passed over."""
    pos = 0
    while True:
        heads = _heading_run(text, markers, pos, spans, laid_out)
        if not _is_outline(text, heads):
            return heads
        pos = heads[-1][1]


def _heading_run(text: str, markers: dict[str, regex.Pattern], pos: int,
                 spans: Sequence[tuple[int, int]], laid_out: bool) -> list[Head]:
    """Headings in order 一, 二, 三 … from `pos`, up to the first numeral not found."""
    heads: list[Head] = []
    for numeral in _NUMERALS:
        found = _next_heading(text, markers, numeral, pos, spans, laid_out)
        if found is None:
            break
        heads.append(found)
        pos = found[1]
    return heads


def _is_outline(text: str, heads: list[Head]) -> bool:
    """True when three or more headings follow each other with nothing between them: an outline
    of the parts, which the body heads again (or never does)."""
    return len(heads) >= 3 and all(not text[a[1]:b[0]].strip() for a, b in zip(heads, heads[1:]))


def _opens_report(heads: list[Head]) -> bool:
    """True when unnumbered or bracketed headings are the report's top level: the first one is
    the overview (总体情况, 概述 …), as a sub-item of a section never is."""
    return bool(heads) and classify(heads[0][2]) == "overview"


def _next_heading(text: str, markers: dict[str, regex.Pattern], numeral: str, pos: int,
                  spans: Sequence[tuple[int, int]], laid_out: bool = False) -> Optional[Head]:
    """The first acceptable heading with this numeral at or after `pos`."""
    for m in markers[numeral].finditer(text, pos):
        start = m.start()
        if numeral == "十" and start > 0 and text[start - 1] in CN_DIGITS:
            continue
        if not _BOUNDARY_BEFORE.search(text[max(0, start - 8):start]):
            continue
        if laid_out and text[text.rfind("\n", 0, start) + 1:start].strip():
            continue
        if any(a <= start < b for a, b in spans):
            continue
        body_start = m.end()
        if _laid_out(text, start) and (below := _TITLE_ON_NEXT_LINE.match(text, body_start)):
            body_start = below.end()  # "一、\n总体情况": the marker's line holds nothing else
        title_end = _title_end(text, start, body_start)
        body = text[body_start:title_end].strip()
        if not body or _TABLE_LABELS.match(body) or _DIGIT_OR_SPACE.match(body[0]):
            continue
        if _laid_out(text, start) and _previous_line_runs_on(text, start):
            continue
        if _lists_next_heading(text, markers, numeral, m.end()):
            continue
        return _clean_head(text, start, title_end)
    return None


def _clean_head(text: str, start: int, title_end: int) -> Head:
    """A heading's span and title: line breaks inside the title shown as spaces (the title keeps
    its length, so start + len(title) is where it ends), characters lost at its end dropped."""
    title = text[start:title_end].rstrip().rstrip(_LOST_CHARACTERS).rstrip()
    return start, title_end, title.replace("\r", " ").replace("\n", " ")


def _bulleted_heads(text: str, spans: Sequence[tuple[int, int]]) -> list[Head]:
    """Headings of a list that lost its numbers: bullet lines whose text is a title (short, no
    sentence marks, ending in a title word), not the bulleted paragraphs around them."""
    heads = []
    for m in _BULLET_LINE.finditer(text):
        start, title = m.start("title"), m.group("title").rstrip(_LOST_CHARACTERS)
        if len(title) > MAX_TITLE or _SENTENCE_MARK.search(title) or any(a <= start < b for a, b in spans):
            continue
        if simplified(title).endswith(_TITLE_ENDINGS):
            heads.append((start, start + len(title), title))
    return heads


def _lists_next_heading(text: str, markers: dict[str, regex.Pattern], numeral: str, body_start: int) -> bool:
    """True when the next ordinal follows in the same sentence: an intro listing the parts
    ("全文包括：一、总体情况；二、主动公开…"), not a heading."""
    idx = _NUMERALS.index(numeral)
    if idx + 1 >= len(_NUMERALS):
        return False
    sentence = _SENTENCE_HEAD.match(text[body_start:body_start + MAX_TITLE + 5]).group(0)
    nxt = markers[_NUMERALS[idx + 1]].search(sentence)
    return nxt is not None and _LIST_MARK_END.search(sentence[:nxt.start()]) is not None


def _laid_out(text: str, start: int) -> bool:
    """True when the heading starts a line (laid-out text rather than a run-on dump)."""
    return start == 0 or text[start - 1] == "\n"


def _previous_line_runs_on(text: str, start: int) -> bool:
    """True when the line above stops mid-sentence, so this line is a wrapped continuation."""
    prev = text[text.rfind("\n", 0, start - 1) + 1:start - 1].rstrip()
    return bool(prev) and prev[-1] in "，、（(《“"


def _title_end(text: str, start: int, body_start: int) -> int:
    """Where a heading's title ends: its line end, or in run-on text its title word (or the last
    of several joined by a conjunction: "审批事项及处理情况")."""
    line_end = text.find("\n", body_start)
    if line_end < 0:
        line_end = len(text)
    line_start = text.rfind("\n", 0, start) + 1
    if line_end - body_start <= MAX_TITLE and not text[line_start:start].strip():
        return line_end
    window = simplified(text[body_start:body_start + MAX_TITLE])
    stop = _TITLE_RUN_STOP.search(window)
    limit = stop.start() if stop else len(window)
    ending = _TITLE_ENDING.search(window, 0, limit)
    while ending and _JOINED_TITLE.match(window, ending.end()) \
            and (joined := _TITLE_ENDING.search(window, ending.end(), limit)):
        ending = joined
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
