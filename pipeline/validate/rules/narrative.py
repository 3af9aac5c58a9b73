"""The narrative against tables 2–4 (template eras) and against the report's own totals
(domain.md §1.4 X-4/X-5/X-6)."""
from __future__ import annotations

from functools import lru_cache
from typing import Iterator, Optional, Sequence

import regex

from ..restated import Said, find_claims, find_said
from ...domain import template as tm
from ...record import Finding, Record
from .tables import (DENIED, NOT_PROCESSED, TEMPLATE_ERAS, UNABLE, fmt_num, group_sum, has_t3, num,
                           other_rows, row_sum)
from ..registry import finding, rule
from .sums import share_finding

# --- narrative against tables 3 and 4 (template eras) ---

NARRATIVE_KINDS = ("overview", "requests", "review")
# What each prose count is compared with, and how the table value is named in the message.
_T3_TARGETS = {
    "received": (lambda r: row_sum(r, "new_received"), ("new_received",), "total", "表三本年新收"),
    "received.natural": (lambda r: num(r, "t3.new_received.natural"), ("new_received",), "natural",
                         "表三本年新收（自然人）"),
    "received.commercial": (lambda r: num(r, "t3.new_received.commercial"), ("new_received",), "commercial",
                            "表三本年新收（商业企业）"),
    "answered": (lambda r: row_sum(r, "total_processed"), ("total_processed",), "total", "表三办理结果总计"),
    "carried_over": (lambda r: row_sum(r, "carried_over"), ("carried_over",), "total", "表三上年结转"),
    "carried_forward": (lambda r: row_sum(r, "carried_forward"), ("carried_forward",), "total", "表三结转下年度"),
    "granted_partial": (lambda r: group_sum(r, ("granted", "partial")), ("granted", "partial"), "total",
                        "表三（一）予以公开 +（二）部分公开"),
    "denied": (lambda r: group_sum(r, DENIED), DENIED, "total", "表三（三）不予公开合计"),
    "unable": (lambda r: group_sum(r, UNABLE), UNABLE, "total", "表三（四）无法提供合计"),
    "not_processed": (lambda r: group_sum(r, NOT_PROCESSED), NOT_PROCESSED, "total", "表三（五）不予处理合计"),
    "other_processed": (lambda r: group_sum(r, other_rows(r)), None, "total", "表三（六）其他处理合计"),
}
_T4_TARGETS = {
    "review": (("review",), "表四行政复议总计"),
    "litigation": (("suit_direct", "suit_after_review"), "表四行政诉讼总计（未经复议直接起诉 + 复议后起诉）"),
}
OUTCOME_SAID = ("granted_partial", "denied", "unable", "not_processed", "other_processed")


def narrative_said(rec: Record) -> tuple[Said, ...]:
    """Counts stated in the narrative sections, deduplicated by span (six rules ask for them)."""
    spans = tuple((sec.start, sec.end) for sec in rec.sections if sec.kind in NARRATIVE_KINDS)
    return _said_in(rec.text, spans) if rec.text else ()


@lru_cache(maxsize=4)
def _said_in(text: str, spans: tuple[tuple[int, int], ...]) -> tuple[Said, ...]:
    seen, out = set(), []
    for start, end in spans:
        for s in find_said(text, start, end):
            if tuple(s.span) not in seen:
                seen.add(tuple(s.span))
                out.append(s)
    return tuple(out)


def _t4_total(rec: Record, groups: Sequence[str]) -> Optional[float]:
    vals = [num(rec, f"t4.{g}.total") for g in groups]
    return sum(vals) if all(v is not None for v in vals) else None


@rule("narrative.vs_table3", TEMPLATE_ERAS, "warning")
def _narrative_t3(rec: Record) -> Iterator[Finding]:
    if not has_t3(rec):
        return
    for s in narrative_said(rec):
        if s.what not in _T3_TARGETS:
            continue
        get, rows, col, name = _T3_TARGETS[s.what]
        table = get(rec)
        keys = [f"t3.{r}.{col}" for r in (rows or other_rows(rec))]
        if table is not None and abs(table - s.value) > 1e-6:
            hint = ""
            if s.what.startswith("received"):
                col = s.what.split(".")[1] if "." in s.what else "total"
                prev = num(rec, f"t3.carried_over.{col}")
                if prev and abs(table + prev - s.value) < 1e-6:
                    hint = f"；{fmt_num(s.value)} = 本年新收 {fmt_num(table)} + 上年结转 {fmt_num(prev)}，正文把上年结转计入了本年收到"
            yield finding("narrative.vs_table3", f"正文“{s.text}”与{name} {fmt_num(table)} 不符{hint}",
                          keys=[k for k in keys if k in rec.values], span=s.span)


@rule("narrative.share", TEMPLATE_ERAS, "warning")
def _narrative_share(rec: Record) -> Iterator[Finding]:
    """A share stated with a narrative count ("258件，占33.9%") against the count over table 3's total."""
    answered = row_sum(rec, "total_processed") if has_t3(rec) else None
    if not answered:
        return
    for s in narrative_said(rec):
        if s.share_raw:
            yield from share_finding("narrative.share", s.share_raw, s.value, answered,
                                      f"正文“{s.text}”的比例（以表三办理结果总计 {fmt_num(answered)} 为分母）",
                                      keys=["t3.total_processed.total"], span=s.span)


@rule("narrative.outcomes_sum", TEMPLATE_ERAS, "warning")
def _narrative_outcomes(rec: Record) -> Iterator[Finding]:
    said = narrative_said(rec)
    outcomes = {s.what: s for s in said if s.what in OUTCOME_SAID}
    answered = [s for s in said if s.what == "answered"]
    if len(outcomes) >= 3 and answered:
        total = sum(s.value for s in outcomes.values())
        a = answered[0]
        if abs(total - a.value) > 1e-6:
            parts = "+".join(fmt_num(s.value) for s in outcomes.values())
            spans = [s.span for s in outcomes.values()]
            yield finding("narrative.outcomes_sum",
                          f"正文各办理结果 {parts} = {fmt_num(total)}，与正文答复总数 {fmt_num(a.value)} 不符",
                          span=[min(x[0] for x in spans), max(x[1] for x in spans)])


@rule("narrative.vs_table4", TEMPLATE_ERAS, "warning")
def _narrative_t4(rec: Record) -> Iterator[Finding]:
    for s in narrative_said(rec):
        if s.what in _T4_TARGETS:
            groups, name = _T4_TARGETS[s.what]
            table = _t4_total(rec, groups)
            if table is not None and abs(table - s.value) > 1e-6:
                yield finding("narrative.vs_table4", f"正文“{s.text}”与{name} {fmt_num(table)} 不符",
                              keys=[f"t4.{g}.total" for g in groups], span=s.span)


@rule("narrative.vs_table2", ("gb2021",), "warning")
def _narrative_t2(rec: Record) -> Iterator[Finding]:
    """行政规范性文件 counts restated in 一（一） against table 2 (pingtan_syq_2022: 698 现行有效, 88 制发)."""
    names = {"t2.normative.in_force": "现行有效件数", "t2.normative.issued": "本年制发件数"}
    for s in narrative_said(rec):
        if s.what in names:
            table = num(rec, s.what)
            if table is not None and abs(table - s.value) > 1e-6:
                yield finding("narrative.vs_table2",
                              f"正文“{s.text}”与表二行政规范性文件{names[s.what]} {fmt_num(table)} 不符",
                              keys=[s.what], span=s.span)


# Table 2's count of normative documents made public this year, by template (domain.md §1.3).
NORMATIVE_THIS_YEAR = {"gb2019": ("t2.normative.published", "本年新公开数量"), "gb2021": ("t2.normative.issued", "本年制发件数")}


@rule("narrative.normative_category", TEMPLATE_ERAS, "warning")
def _normative_category(rec: Record) -> Iterator[Finding]:
    """A prose category that holds the normative documents cannot be smaller than table 2's count of
    normative documents made public this year (pingtan_syq_2019: 政策、规范性文件类信息68条, table 89)."""
    key, column = NORMATIVE_THIS_YEAR.get(rec.meta.era or "", (None, None))
    table = num(rec, key) if key else None
    if table is None:
        return
    for s in narrative_said(rec):
        if s.what == "normative_category" and s.value < table:
            yield finding("narrative.normative_category",
                          f"正文“{s.text}”少于表二规范性文件{column} {fmt_num(table)}：该类信息包含规范性文件，不应更少",
                          keys=[key], span=s.span)


@rule("narrative.all_upheld", TEMPLATE_ERAS, "warning")
def _all_upheld(rec: Record) -> Iterator[Finding]:
    """X-5: "均获维持"/"零败诉"/"均已结案" while table 4 shows corrected, other or pending cases."""
    if not rec.text:
        return
    for sec in rec.sections:
        if sec.kind not in NARRATIVE_KINDS:
            continue
        for claim, span in find_claims(rec.text, sec.start, sec.end):
            # 零败诉 only denies corrected outcomes; 均已结案 only pending ones (Shanghai 2019 gold).
            bad = ("pending",) if claim == "均已结案" else ("corrected",) if "败诉" in claim \
                else ("corrected", "other", "pending")
            hits = [(g, p, num(rec, f"t4.{g}.{p}")) for g in tm.T4_GROUPS
                    for p in bad if num(rec, f"t4.{g}.{p}")]
            if hits:
                detail = "，".join(f"{tm.T4_GROUP_LABELS[g]}{tm.T4_COLUMN_LABELS[p]} {fmt_num(v)}" for g, p, v in hits)
                yield finding("narrative.all_upheld", f"正文称“{claim}”，但表四显示 {detail}",
                              keys=[f"t4.{g}.{p}" for g, p, _ in hits], span=span)



_PUBLISHED_LABEL = regex.compile(r"公开|公布")
_RUNNING_TOTAL = regex.compile(r"累计|历年")


@rule("narrative.internal_totals", ("legacy",), "warning")
def _internal_totals(rec: Record) -> Iterator[Finding]:
    """A count of items published in the year that exceeds the report's own total of proactively
    disclosed items (pingtan_syq_2012: 门户网站公开政府信息3636条 against 主动公开政府信息1913条)."""
    total = num(rec, "legacy.active.total")
    if total is None:
        return
    for f in rec.figures:
        if f.unit == "条" and f.parent is None and f.qualifier is None and f.value > total \
                and _PUBLISHED_LABEL.search(f.label) and not _RUNNING_TOTAL.search(f.text):
            yield finding("narrative.internal_totals",
                          f"正文“{f.text}”超过本报告主动公开政府信息总数 {fmt_num(total)} 条",
                          keys=["legacy.active.total"], span=f.span)
