"""The `legacy.*` fields of pre-2019 reports (fields.md; phrasings of domain.md §2.3).

Prose first: each counted number (`numbers.quantities`) is named by the words of
its clause ("其中，网上申请7件" → channel.online), and stated zeros are read from
their sentences ("未收到…申请", "暂不收费", "未收到…行政复议申请"). Then the statistics
appendix (`legacytable`) fills the keys the prose does not state. Conflict policy
(gold notes): the narrative value wins and a differing table value is a finding; a
table part that no longer fits beside the narrative's parts of the same total is
left out, also with a finding.
"""
from __future__ import annotations

from dataclasses import replace
from typing import Iterable, Optional, Sequence

import regex

from ..tables.appendix import ReadRow, appendix_rows
from ..tables.layout import Layout
from ..text.numbers import Quantity, quantities
from ..record import AppendixRow, Document, Finding, Section, Value

_Q = "legacy.requests."
# Clause words → key for a number in the requests zone, checked in order; a clause may name
# several keys ("收到…的信函申请1条" is both received and channel.letter).
OUTCOME_WORDS: Sequence[tuple[str, str]] = (
    (r"同意部分公开|部分公开|其[它他]公开", "outcome.partial"),
    (r"不同意公开|不予公开|免[于予]公开|否决公开", "outcome.denied"),
    (r"已主动公开", "outcome.already_public"),
    (r"信息不存在", "outcome.not_exist"),
    (r"不属于本.{0,4}机关|非本(?:部门|机关)|不属于本部门", "outcome.not_this_agency"),
    (r"其他途径", "outcome.other_channel"),
    (r"申请内容不明确|更改补充", "outcome.unclear"),
    (r"重复申请", "outcome.repeat"),
    (r"非.{0,6}所指", "outcome.not_gov_info"),
    (r"同意公开|予以公开", "outcome.granted"),
    (r"其[他它]类型", "outcome.other"),
)
CHANNEL_WORDS: Sequence[tuple[str, str]] = (
    (r"当面|现场", "channel.in_person"),
    (r"网上|网络|在线|互联网", "channel.online"),
    (r"信函|邮寄", "channel.letter"),
    (r"传真", "channel.fax"),
    (r"电子邮件|邮箱", "channel.email"),
    (r"电话", "channel.phone"),
    (r"书面", "channel.written"),
    (r"其[他它]形式", "channel.other"),
)
_RECEIVED = regex.compile(r"(?:收到|受理|接到|接收).*申请|申请总数")
_ANSWERED = regex.compile(r"(?<!公开)答复(?:总数|数)?\s*(?:为|共)?\s*$")
_ON_TIME = regex.compile(r"按(?:期|时)(?:答复|办结)率")
_REVIEW, _SUIT = regex.compile(r"复议"), regex.compile(r"诉讼")
_APPEAL = regex.compile(r"申诉|举报")
_CONSULT = regex.compile(r"咨询")
_FEE_WAIVED = regex.compile(r"减免")
_FEE = regex.compile(r"收取|收费|费用")
_ACTIVE = regex.compile(r"主动公开(?:各类|的)?(?:政府)?信息(?:数|总数)?\s*(?:为|达|共)?\s*$")
# A unit printed before a bare number, as in a form row flattened into the text ("减免金额 元 0").
_UNIT_BEFORE = regex.compile(r"(万元|元)\s*$")
# A clause ends at these; the words naming a number are in its clause.
_CLAUSE_END = regex.compile(r"[，,。；;：:！？（(）)]|\n\n")

# Stated zeros (domain.md §2.3). Each pattern covers one sentence part.
_NO_REQUESTS = regex.compile(r"(?:未|没有)(?:收到|受理|接到)[^。；，,]{0,25}?申请")
_NO_FEES = regex.compile(r"未[^。；]{0,30}?收取[^。；]{0,20}?费用?|暂不收费|免费提供|不收取任何费用|未收费")
_NO_CASES = regex.compile(r"(?:未|没有)(?:收到|发生|接到|出现)[^。；]{0,30}?(?:行政复议|行政诉讼)[^。；]{0,20}")

# Request-zone section kinds (segment.KIND_RULES); the active total comes from "active".
REQUEST_KINDS = ("requests", "review", "fees", "other")


def extract_legacy(doc: Document, layout: Layout) -> tuple[dict[str, Value], list[Finding], list[AppendixRow]]:
    """The legacy.* values of a pre-2019 report, the findings of prose/table conflicts, and the
    statistics appendix's rows (cells read with certainty)."""
    sections = layout.sections
    values = prose_values(doc.text, sections, layout.table_zones)
    stated = {k: v.value for k, v in values.items() if isinstance(v.value, int)}
    rows = appendix_rows(doc, sections, stated)
    findings = merge_table(values, rows)
    return values, findings, [r.row for r in rows]


def _zones(text: str, sections: Sequence[Section], kinds: Iterable[str],
           tables: list[tuple[int, int]]) -> list[tuple[int, int, Optional[int], int]]:
    """(start, end, section number, heading end) of the sections of these kinds, tables cut off."""
    chosen = [s for s in sections if s.kind in kinds]
    spans = [(s.start, s.end, s.no, s.start + len(s.title)) for s in chosen] or [(0, len(text), None, 0)]
    out = []
    for a, b, no, head_end in spans:
        for t0, t1 in tables:
            if a <= t0 < b:
                b = t0
        out.append((a, b, no, head_end))
    return out


def prose_values(text: str, sections: Sequence[Section],
                 tables: list[tuple[int, int]]) -> dict[str, Value]:
    """legacy.* values stated in the report's prose (first statement of each key wins)."""
    values: dict[str, Value] = {}
    for a, b, no, _ in _zones(text, sections, ("active",), tables):
        for q in quantities(text[a:b]):
            if _ACTIVE.search(_left(text, a + q.start, a)) and q.unit in ("条", "件", None):
                _put(values, "legacy.active.total", q, a, no)
                break
        if "legacy.active.total" in values:
            break
    for a, b, no, head_end in _zones(text, sections, REQUEST_KINDS, tables):
        for q in quantities(text[a:b]):
            # the words naming a number after the heading do not reach back into it ("五、行政复议、
            # 行政诉讼和申诉情况\n行政申诉、举报数0件" is an appeal count)
            floor = head_end if a + q.start >= head_end else a
            context = _context(text, a + q.start, a + q.end, floor, b)
            if q.unit is None and (m := _UNIT_BEFORE.search(context)):
                q = replace(q, unit=m.group(1))  # a flattened form row: "收费减免金额 元 0"
            for key in request_keys(context, q):
                _put(values, key, q, a, no)
        _stated_zeros(values, text, a, b, no)
    return values


def request_keys(context: str, q: Quantity) -> list[str]:
    """The keys a number in the requests zone gives, from the words of its clause."""
    if q.unit == "%":
        return ["legacy.requests.on_time_rate"] if _ON_TIME.search(context) else []
    if _REVIEW.search(context) or _SUIT.search(context):
        keys = ["legacy.review.count"] if _REVIEW.search(context) else []
        return keys + (["legacy.litigation.count"] if _SUIT.search(context) and not keys else [])
    if _APPEAL.search(context):
        return ["legacy.appeal.count"]
    if _CONSULT.search(context):
        return ["legacy.consultations"]
    if q.unit in ("元", "万元"):
        return ["legacy.fees.waived" if _FEE_WAIVED.search(context) else "legacy.fees.amount"] \
            if _FEE.search(context) else []
    for pattern, key in OUTCOME_WORDS:
        if regex.search(pattern, context):
            return [_Q + key]
    keys = []
    if _RECEIVED.search(context):
        keys.append(_Q + "received")
    if "申请" in context:
        keys += [_Q + key for pattern, key in CHANNEL_WORDS if regex.search(pattern, context)][:1]
    if not keys and _ANSWERED.search(context):
        keys.append(_Q + "answered")
    return keys


def _left(text: str, pos: int, floor: int) -> str:
    """The words of the clause before `pos` (back to a clause mark or the previous number)."""
    start = pos
    while start > floor and not _CLAUSE_END.match(text, start - 1) and not text[start - 1].isdigit():
        start -= 1
    return text[start:pos]


def _context(text: str, start: int, end: int, floor: int, ceil: int) -> str:
    """Left clause words, plus the right ones when a noun follows the number (收到1份…复议申请)."""
    right = ""
    if end < ceil and regex.match(r"\p{Han}", text[end]):
        m = _CLAUSE_END.search(text, end, ceil)
        right = text[end:m.start() if m else ceil]
        right = regex.split(r"\d", right, maxsplit=1)[0]
    return _left(text, start, floor) + right


def _put(values: dict[str, Value], key: str, q: Quantity, offset: int, section: Optional[int]) -> None:
    if key in values:
        return
    values[key] = Value(value=q.value, unit=q.unit, qualifier=q.qualifier, raw=q.raw,
                        where={"section": section, "span": [offset + q.start, offset + q.end]},
                        upper=q.upper)


def _put_zero(values: dict[str, Value], key: str, m: regex.Match, offset: int,
              section: Optional[int], unit: Optional[str]) -> None:
    if key not in values:
        values[key] = Value(value=0, unit=unit, qualifier=None, raw=m.group(0),
                            where={"section": section, "span": [offset + m.start(), offset + m.end()]})


def _stated_zeros(values: dict[str, Value], text: str, a: int, b: int, section: Optional[int]) -> None:
    body = text[a:b]
    for m in _NO_REQUESTS.finditer(body):
        if not (_REVIEW.search(m.group(0)) or _SUIT.search(m.group(0))):
            _put_zero(values, _Q + "received", m, a, section, None)
    for m in _NO_CASES.finditer(body):
        if _REVIEW.search(m.group(0)):
            _put_zero(values, "legacy.review.count", m, a, section, None)
        if _SUIT.search(m.group(0)):
            _put_zero(values, "legacy.litigation.count", m, a, section, None)
    for m in _NO_FEES.finditer(body):
        _put_zero(values, "legacy.fees.amount", m, a, section, "元")


# A part key and the total it belongs to (fields.md): parts may not exceed their total.
def _total_of(key: str) -> Optional[str]:
    if key.startswith(_Q + "channel."):
        return _Q + "received"
    if key.startswith(_Q + "outcome."):
        return _Q + "answered"
    return None


def merge_table(values: dict[str, Value], rows: Sequence[ReadRow]) -> list[Finding]:
    """Add appendix values the prose does not state; return the conflicts as findings."""
    prose = dict(values)
    findings = []
    for read in rows:
        row = read.row
        if row.key is None or row.this_year is None:
            continue
        if row.key in prose:
            if row.this_year != prose[row.key].value:
                findings.append(_conflict(row, f"正文为 {prose[row.key].value}，统计表（{row.where['column']}）"
                                                f"“{row.label}”为 {row.this_year}；取正文"))
            continue
        if row.key in values:
            continue
        overflow = _overflow(prose, values, row)
        if overflow:
            findings.append(_conflict(row, overflow))
            continue
        values[row.key] = Value(value=row.this_year, unit=row.unit or None, qualifier=None,
                                raw=read.cells.strip(), where=row.where)
    return findings


def _overflow(prose: dict[str, Value], values: dict[str, Value], row: AppendixRow) -> Optional[str]:
    """Why a table part cannot stand beside the narrative's parts of the same total, if so."""
    total_key = _total_of(row.key)
    if total_key is None or not row.this_year:
        return None
    group = row.key.rsplit(".", 1)[0]
    stated = sum(v.value for k, v in prose.items() if k.startswith(group + ".") and v.value)
    total = prose.get(total_key) or values.get(total_key) or prose.get(_Q + "received")
    if not stated or total is None or total.value is None:
        return None
    if stated + row.this_year > total.value:
        return (f"统计表“{row.label}”为 {row.this_year}，但正文所列各项已合计 {stated}"
                f"（总数 {total.value}）；不取该表值")
    return None


def _conflict(row: AppendixRow, message: str) -> Finding:
    return Finding(rule="legacy.table_conflict", severity="warning", message=message, keys=[row.key])
