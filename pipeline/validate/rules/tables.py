"""Rules on the template tables: the identities of domain.md §1.4 and the template version.

Blank cells are missing, not zero (fields.md): a sum with a blank part is not checked,
and a blank 总计 column is reported once instead of once per row.
"""
from __future__ import annotations

from functools import lru_cache
from typing import Iterator, Optional, Sequence

from ...domain import template as tm
from ...record import Finding, Record
from ..registry import finding, rule

TEMPLATE_ERAS = ("gb2019", "gb2021")

# The template's vocabulary comes from the table reader's map (fields.md keys).
T3_COLUMNS = tm.T3_COLUMNS
T3_APPLICANTS = T3_COLUMNS[:-1]
COLUMN_NAMES = tm.T3_COLUMN_LABELS
DENIED, UNABLE, NOT_PROCESSED, OTHER_2021 = (tuple(r.key for r in tm.T3_SUBROWS[g]) for g in "三四五六")
OTHER_2019 = ("other.total",)
T3_ROWS = tm.T3_ROW_KEYS
ROW_NAMES = {"new_received": "本年新收", "carried_over": "上年结转", "granted": "（一）予以公开",
             "partial": "（二）部分公开", "denied.state_secret": "（三）1国家秘密",
             "denied.law_prohibited": "（三）2法律行政法规禁止", "denied.security_stability": "（三）3三安全一稳定",
             "denied.third_party": "（三）4第三方合法权益", "denied.internal_affairs": "（三）5内部事务",
             "denied.process_info": "（三）6过程性信息", "denied.enforcement_file": "（三）7行政执法案卷",
             "denied.admin_query": "（三）8行政查询", "unable.not_held": "（四）1不掌握",
             "unable.needs_creation": "（四）2另行制作", "unable.unclear": "（四）3补正后仍不明确",
             "not_processed.petition": "（五）1信访举报投诉", "not_processed.repeat": "（五）2重复申请",
             "not_processed.publication": "（五）3公开出版物", "not_processed.excessive": "（五）4大量反复申请",
             "not_processed.confirm_reissue": "（五）5确认或重新出具", "other.total": "（六）其他处理",
             "other.no_correction": "（六）1逾期不补正", "other.fee_unpaid": "（六）2逾期未缴费",
             "other.other": "（六）3其他", "total_processed": "（七）总计", "carried_forward": "结转下年度"}
T4_PARTS = tm.T4_COLUMNS[:-1]

# Keys only one template version has (fields.md; domain.md §4.6).
VERSION_KEYS = {
    "gb2019": ("t2.rules.made", "t2.rules.published", "t2.rules.total_public", "t2.normative.made",
               "t2.normative.published", "t2.normative.total_public", "t2.licensing.prev_items",
               "t2.other_services.prev_items", "t2.penalty.prev_items", "t2.fees.prev_items",
               "t2.procurement.items", "t2.procurement.amount") + tuple(f"t3.other.total.{c}" for c in T3_COLUMNS),
    "gb2021": ("t2.rules.issued", "t2.rules.repealed", "t2.rules.in_force", "t2.normative.issued",
               "t2.normative.repealed", "t2.normative.in_force", "t2.fees.amount")
              + tuple(f"t3.{r}.{c}" for r in OTHER_2021 for c in T3_COLUMNS),
}
# The first report year each version applies to (domain.md §1.3.1: 60号 for 2019–2020, 30号 from 2021).
VERSION_YEARS = {"gb2019": (2019, 2020), "gb2021": (2021, 9999)}


def num(rec: Record, key: str) -> Optional[float]:
    """The number under a canonical key, None when absent or blank."""
    v = rec.values.get(key)
    return None if v is None else v.value


def is_blank(rec: Record, key: str) -> bool:
    """The key is present in the report but its cell is blank."""
    v = rec.values.get(key)
    return v is not None and v.value is None


def has_t3(rec: Record) -> bool:
    return any(k.startswith("t3.") for k in rec.values)


def other_rows(rec: Record) -> tuple[str, ...]:
    """The （六）其他处理 rows this report has: the 2019 single row or the 2021 sub-rows."""
    if any(k.startswith("t3.other.total.") for k in rec.values):
        return OTHER_2019
    return OTHER_2021


def outcome_rows(rec: Record) -> tuple[str, ...]:
    """Every outcome row that adds up to （七）总计 (T3-B)."""
    return ("granted", "partial") + DENIED + UNABLE + NOT_PROCESSED + other_rows(rec)


def blank_total_rows(rec: Record) -> list[str]:
    """Table-3 rows whose 总计 cell is blank while some applicant cell is filled."""
    return [r for r in T3_ROWS if is_blank(rec, f"t3.{r}.total")
            and any(num(rec, f"t3.{r}.{c}") is not None for c in T3_APPLICANTS)]


def row_sum(rec: Record, row: str) -> Optional[float]:
    """A table-3 row's 总计, or the sum of its filled applicant cells when 总计 is blank."""
    total = num(rec, f"t3.{row}.total")
    if total is not None:
        return total
    parts = [num(rec, f"t3.{row}.{c}") for c in T3_APPLICANTS]
    return sum(p for p in parts if p is not None) if any(p is not None for p in parts) else None


def group_sum(rec: Record, rows: Sequence[str]) -> Optional[float]:
    """Sum of `row_sum` over rows (rows absent from the report count as nothing)."""
    sums = [row_sum(rec, r) for r in rows]
    return sum(s for s in sums if s is not None) if any(s is not None for s in sums) else None


def fmt_num(x: float) -> str:
    """A number as written in a message: 805, 4.34."""
    return str(int(x)) if float(x).is_integer() else f"{x:g}"


def _sum_text(parts: Sequence[float]) -> str:
    return "+".join(fmt_num(p) for p in parts)


def _check_sum(rule_id: str, rec: Record, total_key: str, part_keys: Sequence[str],
               label: str) -> Iterator[Finding]:
    """One identity `total = Σ parts`; skipped when the total or any present part is blank."""
    values = rec.values
    total = num(rec, total_key)
    if total is None:
        return
    parts = [values[k].value for k in part_keys if k in values]
    if not parts or None in parts:
        return
    if abs(sum(parts) - total) > 1e-6:
        present = [k for k in part_keys if k in values]
        yield finding(rule_id, f"{label}：{_sum_text(parts)} = {fmt_num(sum(parts))}，而表中为 {fmt_num(total)}",
                      keys=[total_key, *present])


@rule("t3.A.balance", TEMPLATE_ERAS, "error")
def _t3a(rec: Record) -> Iterator[Finding]:
    """T3-A: new_received + carried_over = total_processed + carried_forward, per column."""
    for c in T3_COLUMNS:
        keys = [f"t3.{r}.{c}" for r in ("new_received", "carried_over", "total_processed", "carried_forward")]
        vals = [num(rec, k) for k in keys]
        if any(v is None for v in vals):
            continue
        a, b, p, f = vals
        if abs(a + b - p - f) > 1e-6:
            yield finding("t3.A.balance",
                          f"表三{COLUMN_NAMES[c]}列：本年新收 {fmt_num(a)} + 上年结转 {fmt_num(b)} = {fmt_num(a + b)}，"
                          f"而办理结果总计 {fmt_num(p)} + 结转下年度 {fmt_num(f)} = {fmt_num(p + f)}", keys=keys)


@rule("t3.B.outcomes", TEMPLATE_ERAS, "error")
def _t3b(rec: Record) -> Iterator[Finding]:
    """T3-B: the outcome rows add up to （七）总计, per column."""
    for total_key, part_keys, label in _outcome_sums(outcome_rows(rec)):
        yield from _check_sum("t3.B.outcomes", rec, total_key, part_keys, label)


@lru_cache(maxsize=4)
def _outcome_sums(rows: tuple[str, ...]) -> tuple[tuple[str, tuple[str, ...], str], ...]:
    """Per column: the （七）总计 key, the keys of the outcome rows, the message's label (T3-B)."""
    return tuple((f"t3.total_processed.{c}", tuple(f"t3.{r}.{c}" for r in rows),
                  f"表三{COLUMN_NAMES[c]}列各办理结果之和与（七）总计不符") for c in T3_COLUMNS)


@rule("t3.C.row_total", TEMPLATE_ERAS, "error")
def _t3c(rec: Record) -> Iterator[Finding]:
    """T3-C: each row's 总计 = sum of its six applicant cells (rows with a blank 总计 are skipped)."""
    for total_key, part_keys, label in _ROW_SUMS:
        yield from _check_sum("t3.C.row_total", rec, total_key, part_keys, label)


# Per table-3 row: the 总计 key, the applicant keys, the message's label (T3-C).
_ROW_SUMS = tuple((f"t3.{r}.total", tuple(f"t3.{r}.{c}" for c in T3_APPLICANTS), f"表三“{ROW_NAMES[r]}”行各类申请人之和与总计不符")
                  for r in T3_ROWS)


@rule("t3.blank_total_column", TEMPLATE_ERAS, "warning")
def _blank_total(rec: Record) -> Iterator[Finding]:
    """The 总计 column left blank on rows that have applicant counts (Shanghai 2019)."""
    rows = blank_total_rows(rec)
    if rows:
        sums = "，".join(f"{ROW_NAMES.get(r, r)} {fmt_num(row_sum(rec, r))}" for r in rows)
        outcome = group_sum(rec, outcome_rows(rec))
        total = num(rec, "t3.total_processed.total")
        check = "" if outcome is None or total is None else (
            f"；按行合计，各办理结果之和 {fmt_num(outcome)} {'等于' if outcome == total else '不等于'}（七）总计 {fmt_num(total)}")
        yield finding("t3.blank_total_column",
                      f"表三“总计”列有 {len(rows)} 行留空（按各类申请人之和应为：{sums}），"
                      f"无法核对行合计及总计列的办理结果之和；空白不按 0 计{check}",
                      keys=[f"t3.{r}.total" for r in rows])


@rule("t3.blank_cells", TEMPLATE_ERAS, "info")
def _blank_cells(rec: Record) -> Iterator[Finding]:
    """Blank cells used instead of 0 in tables 3 and 4 (blank vs 0 is ambiguous)."""
    blank = [k for k in rec.values if k.startswith(("t3.", "t4.")) and rec.values[k].value is None]
    if blank:
        yield finding("t3.blank_cells", f"表三、表四共有 {len(blank)} 个单元格留空而非填 0，空白与 0 含义不明",
                      keys=blank)


@rule("t3.D.counts", TEMPLATE_ERAS, "error")
def _t3d(rec: Record) -> Iterator[Finding]:
    """T3-D / T4-D: table-3 and table-4 cells are non-negative integers."""
    for k, v in rec.values.items():
        if k.startswith(("t3.", "t4.")) and v.value is not None and (v.value < 0 or not float(v.value).is_integer()):
            yield finding("t3.D.counts", f"{k} = {v.raw}：申请和案件数应为非负整数", keys=[k])


@rule("t2.D.counts", TEMPLATE_ERAS, "error")
def _t2d(rec: Record) -> Iterator[Finding]:
    """Table-2 counts are non-negative integers; only 本年增/减 may be negative, only an amount decimal."""
    for k, v in rec.values.items():
        if not k.startswith("t2.") or v.value is None:
            continue
        col = k.rsplit(".", 1)[1]
        if (v.value < 0 and col != "change") or (col != "amount" and not float(v.value).is_integer()):
            yield finding("t2.D.counts", f"{k} = {v.raw}：表二件数应为非负整数（仅本年增/减可为负，仅金额可有小数）",
                          keys=[k])


@rule("t4.group_total", TEMPLATE_ERAS, "error")
def _t4(rec: Record) -> Iterator[Finding]:
    """T4-A/B/C: 总计 = 维持 + 纠正 + 其他 + 尚未审结, for each of the three groups."""
    for g, name in tm.T4_GROUP_LABELS.items():
        yield from _check_sum("t4.group_total", rec, f"t4.{g}.total", [f"t4.{g}.{p}" for p in T4_PARTS],
                              f"表四{name}：结果维持+结果纠正+其他结果+尚未审结 与总计不符")


def versions_in(rec: Record) -> set[str]:
    """Template versions whose version-specific keys the report's tables have."""
    return {ver for ver, keys in VERSION_KEYS.items() if any(k in rec.values for k in keys)}


@rule("template.version_mixed", TEMPLATE_ERAS, "warning")
def _mixed(rec: Record) -> Iterator[Finding]:
    """Rows of both template versions in one report (洪泽 2023: 2021 table 2, 2019 table 3)."""
    found = versions_in(rec)
    if len(found) > 1:
        keys = [k for ver in sorted(found) for k in VERSION_KEYS[ver] if k in rec.values][:6]
        yield finding("template.version_mixed", "同一报告混用 2019 年（试行）与 2021 年两版表格格式", keys=keys)


@rule("template.version_year", TEMPLATE_ERAS, "warning")
def _version_year(rec: Record) -> Iterator[Finding]:
    """A template version that does not apply to the report year."""
    year = rec.meta.year
    if year is None:
        return
    for ver in sorted(versions_in(rec)):
        first, last = VERSION_YEARS[ver]
        if not first <= year <= last:
            name = "2019 年（试行）" if ver == "gb2019" else "2021 年"
            keys = [k for k in VERSION_KEYS[ver] if k in rec.values][:6]
            yield finding("template.version_year",
                          f"{year} 年度报告使用了{name}格式的表格（适用于 {first}"
                          f"{'' if last == 9999 else '–' + str(last)} 年度报告）", keys=keys)


@rule("t2.published_over_total", ("gb2019",), "warning")
def _published_total(rec: Record) -> Iterator[Finding]:
    """X-3: 本年新公开数量 ≤ 对外公开总数量 (2019-format table 2); equal and equal to 本年新制作数量
    means the cumulative column repeats the year's figure (pingtan_syq_2019.html, info)."""
    for row, name in ((r, tm.T2_ROW_LABELS[r]) for r in ("rules", "normative")):
        made, published, total = (num(rec, f"t2.{row}.{c}") for c in ("made", "published", "total_public"))
        keys = [f"t2.{row}.published", f"t2.{row}.total_public"]
        if published is not None and total is not None and published > total:
            yield finding("t2.published_over_total",
                          f"表二{name}：本年新公开数量 {fmt_num(published)} 大于对外公开总数量 {fmt_num(total)}", keys=keys)
        elif total and made == published == total:
            yield finding("t2.published_over_total",
                          f"表二{name}：对外公开总数量 {fmt_num(total)} 与本年新制作、新公开数量相同，"
                          "总数似只计了本年", keys=[f"t2.{row}.made", *keys], severity="info")
