"""Derived metrics of one report: counts and rates built from canonical keys, each with its definition.

Template reports (gb2019/gb2021) use tables 3 and 4 (domain.md §1.3.4–1.3.5). Legacy reports
use their outcome keys mapped onto template rows by `crosswalk` (`extract.crosswalk`); such values are
marked `derived`. A blank cell is missing, not zero: a metric whose inputs include a blank or
absent cell is missing, and so is a rate whose denominator is zero.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Mapping, Optional

from ..extract.crosswalk import crosswalk
from ..domain import template as tm
from ..record import Value

# Applicant columns and outcome rows of table 3 (fields.md), from the table reader's map.
APPLICANT_COLUMNS = tm.T3_COLUMNS[:-1]
_DENIED = tuple(f"t3.{r.key}.{{col}}" for r in tm.T3_SUBROWS["三"])
_UNABLE = tuple(f"t3.{r.key}.{{col}}" for r in tm.T3_SUBROWS["四"])

_LEGACY = "legacy.requests.outcome."


@dataclass(frozen=True)
class Metric:
    """A count (no denominator) or a rate numerator / denominator over canonical keys.

    Keys may contain `{col}` (a table-3 applicant column). A denominator term starting with "-"
    is subtracted. `legacy` says whether a legacy report has an equivalent: its numerator is then
    the crosswalked table-3 rows among `numerator`, plus the legacy outcomes in `legacy_group`
    that belong to the metric's row group without naming a row (不予公开 with no reason given).
    """

    name: str
    label: str
    definition: str
    numerator: tuple[str, ...]
    denominator: tuple[str, ...] = ()
    legacy: bool = False
    legacy_group: tuple[str, ...] = ()
    per_column: bool = False


METRICS: dict[str, Metric] = {m.name: m for m in (
    Metric("requests", "申请数", "new applications received in the year: t3.new_received; "
           "legacy: legacy.requests.received (收到/受理申请)", ("t3.new_received.{col}",),
           legacy=True, per_column=True),
    Metric("disclosed", "予以公开+部分公开", "applications answered with full or partial disclosure: "
           "granted + partial", ("t3.granted.{col}", "t3.partial.{col}"), legacy=True, per_column=True),
    Metric("disclosure_rate", "公开率", "(granted + partial) / total_processed",
           ("t3.granted.{col}", "t3.partial.{col}"), ("t3.total_processed.{col}",), legacy=True,
           per_column=True),
    Metric("refusal_rate", "不予公开率", "sum of the eight 不予公开 rows (三)1–8 / total_processed",
           _DENIED, ("t3.total_processed.{col}",), legacy=True, legacy_group=("denied",), per_column=True),
    Metric("unable_rate", "无法提供率", "sum of the three 无法提供 rows (四)1–3 / total_processed",
           _UNABLE, ("t3.total_processed.{col}",), legacy=True, per_column=True),
    Metric("review_correction_rate", "复议纠错率",
           "t4.review.corrected / (t4.review.total − t4.review.pending): share of concluded "
           "administrative reviews whose result was corrected", ("t4.review.corrected",),
           ("t4.review.total", "-t4.review.pending")),
    Metric("suit_correction_rate", "诉讼纠错率",
           "(suit_direct.corrected + suit_after_review.corrected) / (suit_direct.total − "
           "suit_direct.pending + suit_after_review.total − suit_after_review.pending): share of "
           "concluded lawsuits (both kinds) whose result was corrected",
           ("t4.suit_direct.corrected", "t4.suit_after_review.corrected"),
           ("t4.suit_direct.total", "-t4.suit_direct.pending", "t4.suit_after_review.total",
            "-t4.suit_after_review.pending")),
)} | {f"applicant_share.{c}": Metric(
    f"applicant_share.{c}", f"申请人占比（{c}）",
    f"t3.new_received.{c} / t3.new_received.total: share of new applications from this applicant type",
    (f"t3.new_received.{c}",), ("t3.new_received.total",)) for c in APPLICANT_COLUMNS}


@dataclass
class Result:
    """One metric of one report: its value (None when missing), inputs and why it is missing."""

    metric: str
    value: Optional[float]
    numerator: Optional[float] = None
    denominator: Optional[float] = None
    derived: bool = False
    missing: Optional[str] = None


# One report's values by canonical key (a blank cell has value None).
Values = Mapping[str, Value]


def compute(metric: Metric, values: Values, era: Optional[str], column: str = "total") -> Result:
    """A metric of one report (legacy reports through the crosswalk, marked derived)."""
    name = metric.name if column == "total" else f"{metric.name}.{column}"
    if era == "legacy":  # its template rows, if any, are the crosswalk's: apply it here, once
        if column != "total":
            return Result(name, None, derived=True, missing="legacy reports do not split by applicant type")
        return _legacy(metric, name, values)
    num = _sum([k.format(col=column) for k in metric.numerator], values)
    if num.missing:
        return Result(name, None, derived=num.derived, missing=num.missing)
    if not metric.denominator:
        return Result(name, num.total, num.total, derived=num.derived)
    den = _sum([k.format(col=column) for k in metric.denominator], values)
    derived = num.derived or den.derived
    if den.missing:
        return Result(name, None, num.total, derived=derived, missing=den.missing)
    if den.total <= 0:
        return Result(name, None, num.total, den.total, derived, "denominator is 0")
    return Result(name, num.total / den.total, num.total, den.total, derived)


def compute_all(values: Values, era: Optional[str], columns: tuple[str, ...] = ("total",)) -> list[Result]:
    """Every metric of one report; per-column metrics for each of `columns`."""
    out = []
    for m in METRICS.values():
        for col in (columns if m.per_column else ("total",)):
            out.append(compute(m, values, era, col))
    return out


@dataclass
class _Sum:
    total: float = 0.0
    derived: bool = False
    missing: Optional[str] = None


def _sum(keys: list[str], values: Values) -> _Sum:
    """Signed sum of keys; missing when any key is absent or blank."""
    out = _Sum()
    for key in keys:
        sign, key = (-1, key[1:]) if key.startswith("-") else (1, key)
        if key not in values:
            return _Sum(missing=f"{key} absent")
        v = values[key]
        if v.value is None:
            return _Sum(missing=f"{key} blank")
        out.total += sign * v.value
        out.derived |= v.derived
    return out


def _legacy(metric: Metric, name: str, values: Values) -> Result:
    """The legacy equivalent of a template metric, through the crosswalk (always derived)."""
    if metric.name == "requests":
        got = values.get("legacy.requests.received")
        if got is None or got.value is None:
            return Result(name, None, derived=True, missing="legacy.requests.received absent")
        return Result(name, got.value, got.value, derived=True)
    if not metric.legacy:
        return Result(name, None, derived=True, missing="no legacy equivalent (`extract.crosswalk`)")
    outcomes = {k: v.value for k, v in values.items() if k.startswith(_LEGACY)}
    if not outcomes or any(v is None for v in outcomes.values()):
        return Result(name, None, derived=True, missing="legacy outcomes not stated")
    rows = crosswalk(values)
    wanted = {k.format(col="total") for k in metric.numerator}
    num = sum(v.value for k, v in rows.items() if k in wanted)
    num += sum(outcomes.get(_LEGACY + o) or 0 for o in metric.legacy_group)
    if not metric.denominator:
        return Result(name, num, num, derived=True)
    den, why = legacy_denominator(outcomes, values.get("legacy.requests.answered"))
    if den is None:
        return Result(name, None, num, derived=True, missing=why)
    if den <= 0:
        return Result(name, None, num, den, True, "denominator is 0")
    return Result(name, num / den, num, den, True)


def legacy_denominator(outcomes: Mapping[str, float], answered: Optional[Value]) -> tuple[Optional[float], Optional[str]]:
    """Applications processed in a legacy report: 答复 as stated, else the sum of the stated
    outcomes. An outcome list that does not add up to the stated 答复 is incomplete: unstated
    outcomes cannot be taken as zero, so no rate is given."""
    stated = sum(outcomes.values())
    if answered is None or answered.value is None:
        return stated, None
    if stated != answered.value:
        return None, f"stated outcomes sum to {stated:g}, not to the {answered.value:g} answered"
    return answered.value, None
