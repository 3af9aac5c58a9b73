"""Validate stage: named rules that turn defects of a report into findings.

Each rule is a small function registered with `@rule(id, eras, severity)`; it
receives the record under construction and yields `Finding`s. Add a rule by
writing one function here — nothing else needs to change.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable, Iterable, Iterator, Optional

from .record import ERAS, Finding, Record

RuleFn = Callable[[Record], Iterable[Finding]]


@dataclass(frozen=True)
class Rule:
    id: str
    eras: tuple[str, ...]
    severity: str
    fn: RuleFn


RULES: dict[str, Rule] = {}


def rule(rule_id: str, eras: tuple[str, ...] = ERAS, severity: str = "warning") -> Callable[[RuleFn], RuleFn]:
    """Register a rule function under a stable id."""
    def register(fn: RuleFn) -> RuleFn:
        RULES[rule_id] = Rule(rule_id, eras, severity, fn)
        return fn
    return register


def finding(rule_id: str, message: str, keys: Iterable[str] = (), span: Optional[list[int]] = None,
            severity: Optional[str] = None) -> Finding:
    """A finding of a registered rule, with the rule's severity unless overridden."""
    return Finding(rule=rule_id, severity=severity or RULES[rule_id].severity, message=message,
                   keys=list(keys), span=span)


def validate(record: Record) -> list[Finding]:
    """Run every rule that applies to the record's era."""
    era = record.meta.era
    out: list[Finding] = []
    for r in RULES.values():
        if era is None or era in r.eras:
            out.extend(r.fn(record))
    return out


@rule("structure.no_sections", severity="error")
def _no_sections(rec: Record) -> Iterator[Finding]:
    if not rec.sections:
        yield finding("structure.no_sections", "未识别到任何一级标题（一、二、三……），无法分节")


@rule("meta.no_year", severity="warning")
def _no_year(rec: Record) -> Iterator[Finding]:
    if rec.meta.year is None:
        yield finding("meta.no_year", "标题和正文中均未找到报告年度", keys=["meta.year"])


@rule("date.signed_before_period_end", severity="warning")
def _signed_early(rec: Record) -> Iterator[Finding]:
    m = rec.meta
    if m.signed and m.period and m.signed < m.period[1]:
        yield finding("date.signed_before_period_end",
                      f"落款日期 {m.signed} 早于统计期末 {m.period[1]}", keys=["meta.signed", "meta.period"])


@rule("date.url_differs_from_published", severity="info")
def _url_date_differs(rec: Record) -> Iterator[Finding]:
    m = rec.meta
    if m.url_date and m.published and m.url_date != m.published[:10]:
        yield finding("date.url_differs_from_published",
                      f"网址中的日期 {m.url_date} 与页面发布日期 {m.published} 不一致（CMS 建档日期）",
                      keys=["meta.url_date", "meta.published"])
