"""Stated sums and shares of legacy prose: parts against their total, printed percentages against
their counts (Figure.parent links a part to its total; domain.md §1.4)."""
from __future__ import annotations

import math
from typing import Iterator, Optional, Sequence

import regex


from ...record import ERAS, Figure, Finding, Record
from .tables import (fmt_num)
from ..registry import finding, rule

# Share tolerance: a share printed with fewer decimals than this may be truncated instead of
# rounded (pingtan_ptx_2012 prints 60/2026 = 2.96% as 2.9, pingtan_syq_2012 534/1913 = 27.9% as 27;
# their gold files list neither as a finding); a two-decimal share claims to be exact to 0.01%, so
# truncating it is a slip (Shanghai 2019 35/805 = 4.348% printed 4.34, gold: minor error).
TRUNCATION_OK_BELOW_DECIMALS = 2
# A gap of more than one unit of the last printed decimal is a wrong share (warning); less is a
# rounding slip (info).
SHARE_UNITS_TOLERATED = 1.0


# --- stated sums and shares (legacy prose; Figure.parent links a part to its total) ---

def _children(figures: Sequence[Figure]) -> dict[int, list[Figure]]:
    """The figures under each figure (by its index), in text order."""
    out: dict[int, list[Figure]] = {}
    for f in figures:
        if f.parent is not None:
            out.setdefault(f.parent, []).append(f)
    return out


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
    children = _children(rec.figures)
    for i, total in enumerate(rec.figures):
        lists: dict[Optional[int], list[Figure]] = {}
        for f in children.get(i, ()):
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


# A breakdown's header naming the compiling office itself ("2017年，我办主动公开政府信息的主要类别有：",
# pingtan_syq_2017) while the total it breaks down is counted for the whole area ("2017年全区主动公开
# 政府信息2122条"): the categories are the area's, not the office's.
_OFFICE_SUBJECT = regex.compile(r"我办|本办|我局|本局|我委|本委|我厅|本厅|本机关|我单位|本单位")
_AREA_SCOPE = regex.compile(r"全区|全县|全市|全省|全州|全旗|全盟")
_SENTENCE_START = regex.compile(r"(?r)[。；;！？!?\n]")


def _sentence_start(text: str, pos: int) -> int:
    m = _SENTENCE_START.search(text, 0, pos)
    return m.end() if m else 0


@rule("narrative.list_subject", ERAS, "info")
def _list_subject(rec: Record) -> Iterator[Finding]:
    """A breakdown attributed to the compiling office whose parts add up to the whole area's total."""
    text = rec.text or ""
    children = _children(rec.figures)
    for i, total in enumerate(rec.figures):
        lists: dict[int, list[Figure]] = {}
        for f in children.get(i, ()):
            if f.unit != "%" and f.list_at is not None and f.list_at > total.span[1]:
                lists.setdefault(f.list_at, []).append(f)
        if not lists:  # no breakdown to attribute
            continue
        scope = text[_sentence_start(text, total.span[0]):total.span[1]]
        area = _AREA_SCOPE.search(scope)
        if not area or _OFFICE_SUBJECT.search(scope):
            continue
        for at, parts in lists.items():
            start = _sentence_start(text, at)
            office = _OFFICE_SUBJECT.search(text, start, at)
            if office and len(parts) >= 2 and abs(sum(f.value for f in parts) - total.value) < 1e-6:
                yield finding("narrative.list_subject",
                              f"分类列表称为“{office.group()}”所公开，但各项之和 {fmt_num(total.value)} 正是"
                              f"{area.group()}“{total.label}”的总数", span=[start, at])


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


def share_finding(rule_id: str, printed: str, count: float, total: float, what: str,
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
            yield from share_finding("percentage.mismatch", fmt_num(f.value), count.value, total.value,
                                      f"“{count.label}”占“{total.label}”的比例", span=f.span)


