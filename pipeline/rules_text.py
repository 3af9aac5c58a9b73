"""Rules on the report's content: completeness, empty sections, stated sums and shares,
and the narrative against tables 3 and 4 (domain.md §1.1, §1.4 X-4/X-5/X-6, §3.2)."""
from __future__ import annotations

import math
from functools import lru_cache
from typing import Iterator, Optional, Sequence

import regex

from .restated import Said, find_claims, find_said
from .record import ERAS, Figure, Finding, Record, Section
from .rules_tables import (DENIED, NOT_PROCESSED, T4_GROUPS, TEMPLATE_ERAS, UNABLE, fmt_num, group_sum, has_t3, num,
                           other_rows, row_sum)
from .validate import finding, rule

# A section body shorter than this says nothing ("无。", pingtan_syq_2019 六 "无其他需要报告的事项"
# is 10 characters and matched by _BOILERPLATE instead).
MIN_SECTION_CHARS = 10
_BOILERPLATE = regex.compile(r"^(?:无|暂无|没有)(?:其他|其它)?(?:需要|需)?(?:报告|说明)?(?:的)?(?:事项|情况)?[。.]?$")
_SPACE = regex.compile(r"[\s\u00a0\u3000]+")

# Evidence, by section kind or by wording, of the six items of 2008 条例 art. 32 (domain.md §1.1).
LEGACY_ITEMS = {
    "completeness.active_missing": ("active", r"主动公开", "主动公开政府信息的情况"),
    "completeness.requests_missing": ("requests", r"依申请|公开申请|申请公开", "依申请公开政府信息的情况"),
    # FOI fees only: "价格和收费信息" / "行政事业性收费信息" (pingtan_syq_2012, 2017) are not fee statements.
    "completeness.fees_missing": ("fees", r"收费(?:及|和|与)?减免|减免金额|检索费|复制费|复印费|邮寄费|暂不收费|免费提供"
                                          r"|(?:未|不|没有|免)[^。；]{0,15}收取?[^。；]{0,20}费",
                                  "政府信息公开的收费及减免情况"),
    "completeness.problems_missing": ("problems", r"问题|不足|改进", "存在的主要问题及改进情况"),
}
# The six template sections (domain.md §1.3.2) by kind, and each table's label evidence in the text.
TEMPLATE_SECTIONS = {"overview": "一、总体情况", "active": "二、主动公开政府信息情况",
                     "requests": "三、收到和处理政府信息公开申请情况", "review": "四、政府信息公开行政复议、行政诉讼情况",
                     "problems": "五、存在的主要问题及改进情况", "other": "六、其他需要报告的事项"}
TEMPLATE_TABLES = {"t2.": ("表二 主动公开政府信息情况", r"第二十条第[（(]一[）)]项"),
                   "t3.": ("表三 收到和处理政府信息公开申请情况", r"本年新收政府信息公开申请数量"),
                   "t4.": ("表四 行政复议、行政诉讼情况", r"未经复议直接起诉|复议后起诉")}
FIRST_FEE_YEAR = 2021  # 信息处理费 measures in force 2021-01-01 (国办函〔2020〕109号, domain.md §1.5)
# Share tolerance: a share printed with fewer decimals than this may be truncated instead of
# rounded (pingtan_ptx_2012 prints 60/2026 = 2.96% as 2.9, pingtan_syq_2012 534/1913 = 27.9% as 27;
# their gold files list neither as a finding); a two-decimal share claims to be exact to 0.01%, so
# truncating it is a slip (Shanghai 2019 35/805 = 4.348% printed 4.34, gold: minor error).
TRUNCATION_OK_BELOW_DECIMALS = 2
# A gap of more than one unit of the last printed decimal is a wrong share (warning); less is a
# rounding slip (info).
SHARE_UNITS_TOLERATED = 1.0


def body(rec: Record, sec: Section) -> str:
    """A section's text without its heading."""
    return (rec.text or "")[sec.start + len(sec.title):sec.end] if rec.text else ""


@rule("structure.no_sections", severity="error")
def _no_sections(rec: Record) -> Iterator[Finding]:
    if not rec.sections:
        yield finding("structure.no_sections", "未识别到任何一级标题（一、二、三……），无法分节")


def _has_item(rec: Record, kind: str, pattern: str) -> bool:
    return any(s.kind == kind for s in rec.sections) or bool(regex.search(pattern, rec.text or ""))


def _legacy_item_rule(rule_id: str, kind: str, pattern: str, label: str) -> None:
    @rule(rule_id, ("legacy",), "warning")
    def _check(rec: Record) -> Iterator[Finding]:
        if rec.sections and not _has_item(rec, kind, pattern):
            yield finding(rule_id, f"缺少2008年条例第32条要求的“{label}”：既无相应章节，正文也未提及")


for _id, (_kind, _pattern, _label) in LEGACY_ITEMS.items():
    _legacy_item_rule(_id, _kind, _pattern, _label)


@rule("completeness.review_missing", ("legacy",), "warning")
def _review_missing(rec: Record) -> Iterator[Finding]:
    """2008 art. 32 item 4 asks for both 行政复议 and 行政诉讼."""
    text = rec.text or ""
    missing = [name for name, pat in (("行政复议", r"复议"), ("行政诉讼", r"诉讼")) if not regex.search(pat, text)]
    if rec.sections and missing:
        yield finding("completeness.review_missing",
                      f"缺少2008年条例第32条要求的{'、'.join(missing)}情况：报告未提及{'和'.join(missing)}")


@rule("completeness.template_sections", TEMPLATE_ERAS, "error")
def _template_sections(rec: Record) -> Iterator[Finding]:
    kinds = {s.kind for s in rec.sections}
    missing = [title for kind, title in TEMPLATE_SECTIONS.items() if kind not in kinds]
    if rec.sections and missing:
        yield finding("completeness.template_sections", f"缺少年报格式规定的章节：{'；'.join(missing)}")


@rule("completeness.template_tables", TEMPLATE_ERAS, "error")
def _template_tables(rec: Record) -> Iterator[Finding]:
    compact = _SPACE.sub("", rec.text or "")  # PDF text breaks labels over lines
    for prefix, (name, label) in TEMPLATE_TABLES.items():
        if not any(k.startswith(prefix) for k in rec.values) and not regex.search(label, compact):
            yield finding("completeness.template_tables", f"缺少年报格式规定的{name}（表格或其标签均未找到）")


@rule("completeness.fee_statement", ("gb2021",), "warning")
def _fee_statement(rec: Record) -> Iterator[Finding]:
    if (rec.meta.year or 0) >= FIRST_FEE_YEAR and "fee.processing" not in rec.values \
            and "信息处理费" not in (rec.text or ""):
        yield finding("completeness.fee_statement", "2021年起的年报应说明信息处理费收取情况，本报告未提及",
                      keys=["fee.processing"])


@rule("section.boilerplate", severity="warning")
def _boilerplate(rec: Record) -> Iterator[Finding]:
    for sec in rec.sections:
        text = _SPACE.sub("", body(rec, sec))
        if len(text) < MIN_SECTION_CHARS or _BOILERPLATE.match(text):
            yield finding("section.boilerplate", f"“{sec.title.strip()}”一节只有“{text}”，没有实质内容",
                          span=[sec.start, sec.end])


@rule("fee.unpaid_not_explained", ("gb2021",), "info")
def _fee_unpaid(rec: Record) -> Iterator[Finding]:
    """X-6: applications dropped for unpaid fees imply fee notices, which 六 should mention."""
    n = num(rec, "t3.other.fee_unpaid.total")
    if not n or (num(rec, "fee.processing") or 0) > 0:  # fees charged: notices are implied (淮安 2024)
        return
    others = [s for s in rec.sections if s.kind == "other"]
    said = " ".join(body(rec, s) for s in others)
    if not regex.search(r"收费通知|缴费通知|缴纳|通知[^。]{0,10}(?:收费|缴费)", said):
        yield finding("fee.unpaid_not_explained",
                      f"表三（六）2“逾期未按收费通知要求缴纳费用”为 {fmt_num(n)} 件，即发出过信息处理费收费通知，"
                      "但“其他需要报告的事项”未说明", keys=["t3.other.fee_unpaid.total"],
                      span=[others[0].start, others[0].end] if others else None)


# --- stated sums and shares (legacy prose; Figure.parent links a part to its total) ---

def _children(figures: Sequence[Figure], i: int) -> list[Figure]:
    return [f for f in figures if f.parent == i]


def without_sub_breakdowns(parts: list[Figure]) -> list[Figure]:
    """Drop runs of parts that split the part just before them ("预决算公开197条（政府预决算32条、
    部门预决算公开165条）", pingtan_syq_2019): they are not further parts of the total."""
    out: list[Figure] = []
    i = 0
    while i < len(parts):
        out.append(parts[i])
        run_end = _run_summing_to(parts, i + 1, parts[i].value)
        i = run_end if run_end else i + 1
    return out


def _run_summing_to(parts: Sequence[Figure], start: int, value: float) -> Optional[int]:
    """End index of a run of at least two consecutive parts from `start` that sums to `value`."""
    acc = 0.0
    for j in range(start, len(parts)):
        acc += parts[j].value
        if j > start and abs(acc - value) < 1e-6:
            return j + 1
        if acc > value:
            return None
    return None


@rule("sum.parts", ERAS, "warning")
def _sum_parts(rec: Record) -> Iterator[Finding]:
    """Parts stated for a total add up to it (the seed: 1176 = 690+250+18+15+16+2+185)."""
    for i, total in enumerate(rec.figures):
        lists: dict[Optional[int], list[Figure]] = {}
        for f in _children(rec.figures, i):
            if f.unit != "%" and f.qualifier is None and (f.unit == total.unit or f.unit is None or total.unit is None):
                lists.setdefault(f.list_at, []).append(f)
        for parts in lists.values():
            yield from _parts_finding(total, without_sub_breakdowns(parts))


def _parts_finding(total: Figure, parts: list[Figure]) -> Iterator[Finding]:
    """One breakdown of `total` that does not add up to it."""
    if len(parts) < 2 or total.qualifier is not None:
        return
    s = sum(f.value for f in parts)
    if abs(s - total.value) > 1e-6:
        yield finding("sum.parts",
                      f"“{total.label}”{fmt_num(total.value)}{total.unit or ''} 的分项 "
                      f"{'+'.join(fmt_num(f.value) for f in parts)} = {fmt_num(s)}，"
                      f"{'少' if s < total.value else '多'} {fmt_num(abs(total.value - s))}",
                      span=[min(f.span[0] for f in [total, *parts]), max(f.span[1] for f in [total, *parts])])


def _share_base(figures: Sequence[Figure], i: int) -> Optional[tuple[Figure, Figure]]:
    """(count, total) a share figure describes: its parent if that is itself a part, else the
    nearest earlier non-share figure with the same parent."""
    share = figures[i]
    if share.parent is None:
        return None
    parent = figures[share.parent]
    if parent.unit != "%" and parent.parent is not None:
        return parent, figures[parent.parent]
    for j in range(i - 1, -1, -1):
        f = figures[j]
        if f.parent == share.parent and f.unit != "%":
            return f, parent
    return None


def share_gap(printed: str, count: float, total: float) -> tuple[float, float]:
    """(computed share, gap in units of the printed share's last decimal)."""
    decimals = len(printed.split(".")[1]) if "." in printed else 0
    computed = 100.0 * count / total
    return computed, abs(computed - float(printed)) / 10 ** -decimals


def _share_finding(rule_id: str, printed: str, count: float, total: float, what: str,
                   keys: Sequence[str] = (), span: Optional[list[int]] = None) -> Iterator[Finding]:
    if not total:
        return
    computed, gap = share_gap(printed, count, total)
    decimals = len(printed.split(".")[1]) if "." in printed else 0
    if round(computed, decimals) == float(printed) or gap <= 1e-9:
        return
    if decimals < TRUNCATION_OK_BELOW_DECIMALS and math.floor(computed * 10 ** decimals + 1e-9) / 10 ** decimals \
            == float(printed):
        return
    severity = "warning" if gap > SHARE_UNITS_TOLERATED else "info"
    yield finding(rule_id, f"{what}：{fmt_num(count)}/{fmt_num(total)} = {computed:.{decimals + 2}f}%，而报告写作 {printed}%",
                  keys=keys, span=span, severity=severity)


@rule("percentage.mismatch", ERAS, "warning")
def _percentages(rec: Record) -> Iterator[Finding]:
    """A stated share against the counts it describes ("145条，占8.05%" of 1913)."""
    for i, f in enumerate(rec.figures):
        if f.unit != "%":
            continue
        base = _share_base(rec.figures, i)
        if base:
            count, total = base
            yield from _share_finding("percentage.mismatch", fmt_num(f.value), count.value, total.value,
                                      f"“{count.label}”占“{total.label}”的比例", span=f.span)


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
            yield from _share_finding("narrative.share", s.share_raw, s.value, answered,
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
            names = {"corrected": "结果纠正", "other": "其他结果", "pending": "尚未审结"}
            hits = [(g, p, num(rec, f"t4.{g}.{p}")) for g in ("review", "suit_direct", "suit_after_review")
                    for p in bad if num(rec, f"t4.{g}.{p}")]
            if hits:
                detail = "，".join(f"{T4_GROUPS[g]}{names[p]} {fmt_num(v)}" for g, p, v in hits)
                yield finding("narrative.all_upheld", f"正文称“{claim}”，但表四显示 {detail}",
                              keys=[f"t4.{g}.{p}" for g, p, _ in hits], span=span)


# --- wording defects ---

_ENUM = regex.compile(r"(?<=^|[。；;，,：:\s）)])(?P<n>[一二三四五六七八九十])\s?是")  # PDF: "二\n是"
_CN_ORD = {c: i for i, c in enumerate("一二三四五六七八九十", 1)}


def enumeration_defects(text: str, start: int, end: int, resets: Sequence[int]) -> Iterator[tuple[str, int, int]]:
    """(description, start, end) of each 一是/二是… marker that neither continues an open list
    nor starts one: a repeat ("三是…三是") or a skip ("一是…三是"). Nested lists are followed
    with a stack; a sub-heading (（一）…) closes every open list."""
    levels: list[int] = []
    cuts = sorted(resets)
    for m in _ENUM.finditer(text, start, end):
        while cuts and cuts[0] <= m.start():
            cuts.pop(0)
            levels = []
        n = _CN_ORD[m.group("n")]
        if n == 1 or not levels:
            levels.append(n)
            continue
        for depth in range(len(levels) - 1, -1, -1):
            if levels[depth] == n - 1:
                levels[depth + 1:] = []
                levels[depth] = n
                break
        else:
            kind = "重复" if levels[-1] == n else "跳号"
            yield f"“{m.group(0)}”{kind}（前一项为“{'一二三四五六七八九十'[levels[-1] - 1]}是”）", m.start(), m.end()
            levels[-1] = n


@rule("text.enumeration", severity="info")
def _enumeration(rec: Record) -> Iterator[Finding]:
    """Numbering slips in 一是/二是 lists (pingtan_syq_2023 五: 一是…三是…三是)."""
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
        missing = [w for w in words if w not in _SPACE.sub("", sec.title)]
        if missing:
            yield finding("section.heading_nonstandard",
                          f"标题“{sec.title.strip()}”与年报格式不符：缺少“{'”“'.join(missing)}”",
                          span=[sec.start, sec.start + len(sec.title)])


# A count left out before its unit in a list ("全年公开核准企业资质条、施工许可证76条", pingtan_syq_2019):
# a noun directly followed by 条/件 and a list separator, with a numbered sibling item next.
_EMPTY_COUNT = regex.compile(
    r"(?<=[\u4e00-\u9fff])(?<![一二三四五六七八九十百千万两几多余每各该此本这那首逐])(?P<u>条|件)(?=[、，；][^。；]{1,15}?\d+(?P=u))")


@rule("text.missing_number", severity="info")
def _missing_number(rec: Record) -> Iterator[Finding]:
    text = rec.text or ""
    for m in _EMPTY_COUNT.finditer(text):
        item = regex.split(r"[、，；。,;]", text[max(0, m.start() - 30):m.start()])[-1]
        if regex.search(r"\d", item):  # "15564件咨询投诉件": the item has its number
            continue
        yield finding("text.missing_number", f"“{_SPACE.sub('', item)}{m.group('u')}”：数量单位前缺少数字",
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
    said = _CN_ORD[m.group("n")]
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
            if not _CATEGORY_HEADING.search(_SPACE.sub("", part.title)[:MAX_HEADING_CHARS]):
                continue
            counts = [f for f in rec.figures if part.start <= f.span[0] < part.end and f.unit != "%"]
            if len(counts) < MIN_CATEGORY_FIGURES:
                yield finding("content.categories_missing",
                              f"小标题“{part.title.strip()}”之下没有列出任何类别及其数量", span=[part.start, part.end])


# A report title written in the text: the organ right before the year ("平潭综合实验区 2014年度政府信息公开
# 工作年度报告"); the organ starts after a blank or a mark, so breadcrumbs and bylines are not taken in.
_TITLE_IN_TEXT = regex.compile(r"(?<![\p{Han}（）()])(?P<organ>[\p{Han}（）()]{2,40}?)\s*(?P<year>\d{4})\s*年度?\s*"
                               r"政府信息公开(?:工作)?\s*年度?\s*报告")
_TITLE_ORGAN = regex.compile(r"^(?P<organ>.+?)\s*\d{4}\s*年")
# What an organ's name ends with; other words before a year are a sentence ("现公布2011年度…", "福建省人民政府
# 办公厅关于做好2015年…" cite the report or a notice, not the report's heading).
_ORGAN_END = regex.compile(r"(?:政府|管委会|委员会|办公厅|办公室|厅|局|委|办|院|署|区|县|市|省|州|盟|旗)$")


@rule("meta.title_mismatch", ERAS, "info")
def _title_mismatch(rec: Record) -> Iterator[Finding]:
    """The page title and the report's own heading name the organ differently (pingtan_syq_2014: page
    '平潭综合实验区管委会2014年度…' vs heading '平潭综合实验区 2014年度…'). A heading naming the title's
    last organ only is the same report (jiangsu_yjglt_2018 '江苏省应急管理厅 江苏煤矿安全监察局2018年度…')."""
    m = _TITLE_ORGAN.match(rec.meta.title or "")
    if not m or not rec.text:
        return
    organ = _SPACE.sub("", m.group("organ"))
    for t in _TITLE_IN_TEXT.finditer(rec.text):
        said = t.group("organ")
        if int(t.group("year")) == rec.meta.year and _ORGAN_END.search(said) and "关于" not in said \
                and not organ.endswith(said):
            yield finding("meta.title_mismatch", f"页面标题“{rec.meta.title}”与正文标题“{_SPACE.sub('', t.group(0))}”"
                          f"所署机关不一致（“{organ}”与“{said}”）", keys=["meta.title"], span=[t.start(), t.end()])
            return


# A prose count of information published (公开/公布) in the year; running totals (累计) may exceed the year's.
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
