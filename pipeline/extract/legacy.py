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

from bisect import bisect_right
from dataclasses import replace
from typing import Iterable, Optional, Sequence

import regex

from ..domain.script import simplified
from ..tables.appendix import ReadRow, appendix_rows
from ..tables.layout import Layout
from ..text.numbers import Quantity, quantities
from ..text.segment import heading_ends
from ..record import AppendixRow, Document, Finding, Section, Value

_Q = "legacy.requests."
# Clause words → key for a number in the requests zone, checked in order; a clause may name
# several keys ("收到…的信函申请1条" is both received and channel.letter).
OUTCOME_WORDS: Sequence[tuple[regex.Pattern, str]] = tuple((regex.compile(p), key) for p, key in (
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
))
CHANNEL_WORDS: Sequence[tuple[regex.Pattern, str]] = tuple((regex.compile(p), key) for p, key in (
    (r"当面|现场", "channel.in_person"),
    (r"网上|网络|在线|互联网", "channel.online"),
    (r"信函|邮寄", "channel.letter"),
    (r"传真", "channel.fax"),
    (r"电子邮件|邮箱", "channel.email"),
    (r"电话", "channel.phone"),
    (r"书面", "channel.written"),
    (r"其[他它]形式", "channel.other"),
))
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
_HAN, _DIGIT = regex.compile(r"\p{Han}"), regex.compile(r"\d")

# Stated zeros (domain.md §2.2–2.3): a clause that denies an event states 0 for each key its
# words name ("未收到政府信息公开申请", "没有因政府信息公开申请行政复议、诉讼和申诉的情况发生",
# "也无不予公开信息的情况发生", "故不存在政府信息公开申请答复处理情况", "暂不收费"). 未/没有 must be
# followed by a verb of receiving or happening (没有及时答复 denies nothing); 无/没有 right before
# the event's word needs none (无依申请公开政府信息, 无减免情况), 不存在 denies what follows it.
_EVENT_WORD = r"(?:依申请|申请|不予|不同意|免[予于]公开|答复|收费|收取|费用|减免|行政复议|行政诉讼|复议|诉讼|申诉|举报)"
_DENIAL = regex.compile(
    r"(?:未曾|未|没有)(?:收到|受理|接到|接收|发生|出现|产生|有(?!关)|因|针对|向|对|就|被|收取|收费)"
    rf"|(?:未|没有|无)(?:任何|相关|有关|涉及)?的?(?={_EVENT_WORD})"
    r"|不存在|暂不收费|不收取|免费提供")
_CLAUSE = regex.compile(r"[^，,。；;！？!?\n]+")
_CASES: Sequence[tuple[regex.Pattern, str]] = tuple(
    (regex.compile(p), key) for p, key in (("复议", "legacy.review.count"), ("诉讼", "legacy.litigation.count"),
                                            ("申诉|举报", "legacy.appeal.count")))
# Applications listed beside cases ("未收到任何形式的依申请公开信息、行政复议和行政诉讼"), not the
# application a case is about ("因政府信息公开申请行政复议").
_LISTED_REQUESTS = regex.compile(r"申请(?:公开)?(?:政府)?(?:信息|事项)?(?=[、和及与])")
_DENIED = regex.compile(r"不予(?:以)?公开|不同意公开|免[予于]公开")
_APPLICATION = regex.compile(r"申请(?!人)")  # 未收到申请人投诉 denies no application
_CAUSED = regex.compile(r"引起|导致|引发")

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
           tables: list[tuple[int, int]]) -> list[tuple[int, int, Optional[int]]]:
    """(start, end, section number) of the sections of these kinds, tables cut off."""
    chosen = [s for s in sections if s.kind in kinds]
    spans = [(s.start, s.end, s.no) for s in chosen] or [(0, len(text), None)]
    out = []
    for a, b, no in spans:
        for t0, t1 in tables:
            if a <= t0 < b:
                b = t0
        out.append((a, b, no))
    return out


def prose_values(text: str, sections: Sequence[Section],
                 tables: list[tuple[int, int]]) -> dict[str, Value]:
    """legacy.* values stated in the report's prose (first statement of each key wins)."""
    values: dict[str, Value] = {}
    for a, b, no in _zones(text, sections, ("active",), tables):
        for q in quantities(text[a:b]):
            if _ACTIVE.search(_left(text, a + q.start, a)) and simplified(q.unit or "") in ("条", "件", ""):
                _put(values, "legacy.active.total", q, a, no)
                break
        if "legacy.active.total" in values:
            break
    heads = heading_ends(sections)
    for a, b, no in _zones(text, sections, REQUEST_KINDS, tables):
        for q in quantities(text[a:b]):
            # the words naming a number do not reach back over a heading ("五、行政复议、行政诉讼和
            # 申诉情况\n行政申诉、举报数0件" is an appeal count)
            i = bisect_right(heads, a + q.start) - 1
            floor = max(a, heads[i]) if i >= 0 else a
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
    if simplified(q.unit or "") in ("元", "万元"):
        return ["legacy.fees.waived" if _FEE_WAIVED.search(context) else "legacy.fees.amount"] \
            if _FEE.search(context) else []
    for pattern, key in OUTCOME_WORDS:
        if pattern.search(context):
            return [_Q + key]
    keys = []
    if _RECEIVED.search(context):
        keys.append(_Q + "received")
    if "申请" in context:
        keys += [_Q + key for pattern, key in CHANNEL_WORDS if pattern.search(context)][:1]
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
    if end < ceil and _HAN.match(text[end]):
        m = _CLAUSE_END.search(text, end, ceil)
        right = text[end:m.start() if m else ceil]
        right = _DIGIT.split(right, maxsplit=1)[0]
    return _left(text, start, floor) + right


def _put(values: dict[str, Value], key: str, q: Quantity, offset: int, section: Optional[int]) -> None:
    if key in values:
        return
    values[key] = Value(value=q.value, unit=q.unit, qualifier=q.qualifier, raw=q.raw,
                        where={"section": section, "span": [offset + q.start, offset + q.end]},
                        upper=q.upper)


def _stated_zeros(values: dict[str, Value], text: str, a: int, b: int, section: Optional[int]) -> None:
    """The keys of zone [a, b) stated as zero by a denying clause; a stated number wins."""
    for clause in _CLAUSE.finditer(text, a, b):
        denial = _DENIAL.search(clause.group())
        if denial is None:
            continue
        start, end = clause.start() + denial.start(), clause.start() + len(clause.group().rstrip())
        for key in zero_keys(text[start:end]):
            if key not in values:
                values[key] = Value(value=0, unit="元" if key.startswith("legacy.fees.") else None, qualifier=None,
                                    raw=text[start:end], where={"section": section, "span": [start, end]})


def zero_keys(words: str) -> list[str]:
    """The keys a denying clause states as zero, from the words after its denial: cases (复议,
    诉讼, 申诉/举报) name only themselves and applications listed beside them; else fees (收费,
    减免); else the answers (答复); else refusals (不予公开) and applications (申请, by channel
    when one is named)."""
    cases = [key for pattern, key in _CASES if pattern.search(words)]
    if cases:
        return cases + ([_Q + "received"] if _LISTED_REQUESTS.search(words) else [])
    if _CAUSED.search(words):
        return []  # "未发生因申请公开引起的纠纷": what did not happen is no count
    fees = (["legacy.fees.amount"] if _FEE.search(words) else []) + \
        (["legacy.fees.waived"] if _FEE_WAIVED.search(words) else [])
    if fees:
        return fees
    if "答复" in words:
        return [_Q + "answered"]
    keys = [_Q + "outcome.denied"] if _DENIED.search(words) else []
    if _APPLICATION.search(words):
        channel = [key for pattern, key in CHANNEL_WORDS if pattern.search(words)][:1]
        keys += [_Q + k for k in channel] or [_Q + "received"]
    return keys


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
