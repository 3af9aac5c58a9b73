"""Cross-year rules on two consecutive reports of one agency (domain.md §1.4 X-1/X-2, §3.2 item 7)."""
from __future__ import annotations

from typing import Iterator

from ...domain import template as tm
from ...tables.appendix import row_name
from ...record import AppendixRow, Finding, Record
from .tables import COLUMN_NAMES, T3_COLUMNS, fmt_num, num
from ...text.reuse import SHINGLE, measure, merge_spans, sentences
from ..registry import finding, pair_rule, peer_rule, series_rule

# Share of sentences repeated from the previous year at or above which a report is flagged.
# Fitted on the Pingtan reports 2011–2015 (tests/validate/test_validate_years.py): the pairs whose
# gold files list copied passages repeat 34% (syq 2011→2012), 81% (syq 2012→2013), 83% and 89%
# (ptx 2011→2012→2013) of their sentences; the others 8% (syq 2013→2014) and 17% (2014→2015).
# Checked on the later 实验区 reports, not used to fit it (tests/validate/test_thresholds.py): none is
# a copy, and the most any repeats is 15% (2019→2021). The evaluators' "~90% identical" reports
# (domain.md §3.1) sit at the top of the fitted range. Word shingles are reported but not
# thresholded: template-era reports share the table labels, so their shingle overlap reaches 40%
# (syq 2022→2023) without copied prose.
COPIED_SHARE = 0.30
# Across organs the bar is higher. Fitted on the 平潭县 / 实验区 reports of 2011–2013, compiled by one
# office: they share 28–41% of their sentences in 2012 and 2013 (their gold files list no copy), while
# the 2011 reports that their gold files call near copies share 73%. Checked on 940 same-year pairs of
# different organs among the excerpts (tests/validate/test_thresholds.py): template sentences make
# unrelated organs share up to 40%, above COPIED_SHARE and below this bar.
CROSS_AGENCY_SHARE = 0.50
# A single section repeated almost entirely (Pingtan 2012 五 = 2011 四) is reported on its own; fitted
# on that pair, checked only through the later Pingtan pairs, where no section is flagged
# (tests/validate/test_findings_corpus.py).
COPIED_SECTION_SHARE = 0.80
MIN_SECTION_SENTENCES = 3

def _reuse(earlier: Record, later: Record) -> tuple[float, float, list[tuple[int, int]]]:
    """(share of sentences repeated, share of shingles repeated, spans of repeated sentences)."""
    m = measure(earlier.text or "", later.text or "")
    return m.sentence_share or 0.0, m.shingle_share or 0.0, m.sentence_spans


@pair_rule("text_reuse.prior_year", severity="warning")
def _copied(prev: Record, cur: Record) -> Iterator[Finding]:
    share, sh, spans = _reuse(prev, cur)
    text = cur.text or ""
    if share >= COPIED_SHARE:
        passages = merge_spans(spans, text)
        longest = max(passages, key=lambda p: p[1] - p[0])
        yield finding("text_reuse.prior_year",
                      f"与 {prev.meta.year} 年度报告雷同：{share:.0%} 的句子、{sh:.0%} 的词串（{SHINGLE} 词）"
                      f"与上年相同，共 {len(passages)} 段重复", span=longest)
        return
    old = {s for s, _, _ in sentences(prev.text or "")}
    for sec in cur.sections:
        mine = sentences(text, sec.start, sec.end)
        if len(mine) >= MIN_SECTION_SENTENCES:
            same = [x for x in mine if x[0] in old]
            if len(same) / len(mine) >= COPIED_SECTION_SHARE:
                yield finding("text_reuse.prior_year",
                              f"“{sec.title.strip()}”一节 {len(same)}/{len(mine)} 句与 {prev.meta.year} 年度报告相同",
                              span=[sec.start, sec.end])


@peer_rule("text_reuse.cross_agency", severity="warning")
def _copied_from_peer(other: Record, cur: Record) -> Iterator[Finding]:
    """A report of one organ that repeats another organ's report of the same year (平潭县 vs 实验区 2011)."""
    share, sh, spans = _reuse(other, cur)
    if share >= CROSS_AGENCY_SHARE:
        passages = merge_spans(spans, cur.text or "")
        longest = max(passages, key=lambda p: p[1] - p[0])
        yield finding("text_reuse.cross_agency",
                      f"与另一机关“{other.meta.agency}”的 {other.meta.year} 年度报告雷同：{share:.0%} 的句子、"
                      f"{sh:.0%} 的词串与之相同", span=longest)


@pair_rule("years.carry_chain", ("gb2019", "gb2021"), "warning")
def _carry(prev: Record, cur: Record) -> Iterator[Finding]:
    """X-1: 上年结转 (year N) = 结转下年度 (year N−1), per column. Not for 2019 (no 2018 table)."""
    if prev.meta.era == "legacy":
        return
    for c in T3_COLUMNS:
        before, now = num(prev, f"t3.carried_forward.{c}"), num(cur, f"t3.carried_over.{c}")
        if before is not None and now is not None and abs(before - now) > 1e-6:
            yield finding("years.carry_chain",
                          f"表三{COLUMN_NAMES[c]}列：上年结转 {fmt_num(now)}，而 {prev.meta.year} 年度报告"
                          f"结转下年度为 {fmt_num(before)}", keys=[f"t3.carried_over.{c}"])


# Rounding slack for X-2: amendments and 清理 make the stock identity approximate.
STOCK_SLACK = 0


@pair_rule("years.t2_stock", ("gb2021",), "info")
def _stock(prev: Record, cur: Record) -> Iterator[Finding]:
    """X-2: 现行有效 (N) = 现行有效 (N−1) + 本年制发 (N) − 本年废止 (N)."""
    for row in ("rules", "normative"):
        name = tm.T2_ROW_LABELS_2021[row]
        before = num(prev, f"t2.{row}.in_force")
        issued, repealed, now = (num(cur, f"t2.{row}.{c}") for c in ("issued", "repealed", "in_force"))
        if None in (before, issued, repealed, now):
            continue
        expected = before + issued - repealed
        if abs(expected - now) > STOCK_SLACK:
            yield finding("years.t2_stock",
                          f"表二{name}：{prev.meta.year} 年现行有效 {fmt_num(before)} + 本年制发 {fmt_num(issued)} − "
                          f"本年废止 {fmt_num(repealed)} = {fmt_num(expected)}，而本年现行有效为 {fmt_num(now)}",
                          keys=[f"t2.{row}.in_force", f"t2.{row}.issued", f"t2.{row}.repealed"])


@pair_rule("years.t2_items", ("gb2019",), "info")
def _items(prev: Record, cur: Record) -> Iterator[Finding]:
    """X-3: 上一年项目数量 (N) = 上一年项目数量 (N−1) + 本年增/减 (N−1), 2019-format table 2."""
    for row in ("licensing", "other_services", "penalty", "coercion", "fees"):
        name = tm.T2_ROW_LABELS[row]
        before, change, now = (num(prev, f"t2.{row}.prev_items"), num(prev, f"t2.{row}.change"),
                               num(cur, f"t2.{row}.prev_items"))
        if None not in (before, change, now) and abs(before + change - now) > 1e-6:
            yield finding("years.t2_items",
                          f"表二{name}：{prev.meta.year} 年上一年项目数量 {fmt_num(before)} + 本年增/减 "
                          f"{fmt_num(change)} = {fmt_num(before + change)}，而本年上一年项目数量为 {fmt_num(now)}",
                          keys=[f"t2.{row}.prev_items"])


def _cumulative_rows(rec: Record) -> dict[str, AppendixRow]:
    """Appendix rows with both cells certain, by row name (first row of a name wins)."""
    out: dict[str, AppendixRow] = {}
    for row in rec.appendix:
        if row.this_year is not None and row.cumulative is not None:
            out.setdefault(row.key or row_name(row.label), row)
    return out


@series_rule("chain.cumulative", ("legacy",), "warning")
def _cumulative(prev: Record, cur: Record) -> Iterator[Finding]:
    """The appendix's 历年累计 column runs on from the earlier report: 历年累计 (N) = 历年累计 (N−1) +
    本年度 (N); across missing years it can only have grown by at least 本年度 (N) (pingtan_syq_2012:
    4359 ≠ 1516 + 739; pingtan_syq_2017: 10037 after 81916 in 2015). One finding lists every row."""
    if not prev.meta.year or not cur.meta.year:
        return
    gap = cur.meta.year - prev.meta.year
    before = _cumulative_rows(prev)
    broken = []
    for name, row in _cumulative_rows(cur).items():
        old = before.get(name)
        if old is not None:
            expected = old.cumulative + row.this_year
            if row.cumulative != expected if gap == 1 else row.cumulative < expected:
                broken.append((row, old, expected))
    if broken:
        rows = "；".join(f"“{row.label}”{row.cumulative}{'≠' if gap == 1 else '<'}{old.cumulative}+{row.this_year}"
                        f"={expected}" for row, old, expected in broken)
        why = "" if gap == 1 else f"（中间缺 {gap - 1} 年的报告，但累计数只增不减：累计数列被重新起算）"
        yield finding("chain.cumulative",
                      f"统计表历年累计与 {prev.meta.year} 年度报告不衔接（本年历年累计 应为 上年历年累计 + 本年度）{why}：{rows}",
                      keys=[row.key for row, _, _ in broken if row.key],
                      span=broken[0][0].where.get("span"))
