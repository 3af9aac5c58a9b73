"""The rule registry: each rule a decorated function with a stable id, the eras it applies to and a severity."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable, Iterable, Optional

from ..record import ERAS, Finding

RuleFn = Callable[..., Iterable[Finding]]


@dataclass(frozen=True)
class Rule:
    id: str
    eras: tuple[str, ...]
    severity: str
    fn: RuleFn
    # "report": fn(record); "pair": fn(previous year, current); "series": fn(latest earlier report, current),
    # whatever the gap; "peer": fn(other, current)
    scope: str = "report"


RULES: dict[str, Rule] = {}


def _register(rule_id: str, eras: tuple[str, ...], severity: str, scope: str) -> Callable[[RuleFn], RuleFn]:
    def register(fn: RuleFn) -> RuleFn:
        if rule_id in RULES:
            raise ValueError(f"rule id registered twice: {rule_id}")
        RULES[rule_id] = Rule(rule_id, eras, severity, fn, scope)
        return fn
    return register


def rule(rule_id: str, eras: tuple[str, ...] = ERAS, severity: str = "warning") -> Callable[[RuleFn], RuleFn]:
    """Register a rule on one report under a stable id."""
    return _register(rule_id, eras, severity, "report")


def pair_rule(rule_id: str, eras: tuple[str, ...] = ERAS, severity: str = "warning") -> Callable[[RuleFn], RuleFn]:
    """Register a rule on two consecutive reports of one agency (applies by the later report's era)."""
    return _register(rule_id, eras, severity, "pair")


def series_rule(rule_id: str, eras: tuple[str, ...] = ERAS, severity: str = "warning") -> Callable[[RuleFn], RuleFn]:
    """Register a rule on a report and the latest earlier report of its agency, even across missing years."""
    return _register(rule_id, eras, severity, "series")


def peer_rule(rule_id: str, eras: tuple[str, ...] = ERAS, severity: str = "warning") -> Callable[[RuleFn], RuleFn]:
    """Register a rule on two same-year reports of different agencies that share sentences."""
    return _register(rule_id, eras, severity, "peer")


def finding(rule_id: str, message: str, keys: Iterable[str] = (), span: Optional[list[int]] = None,
            severity: Optional[str] = None) -> Finding:
    """A finding of a registered rule, with the rule's severity unless overridden."""
    return Finding(rule=rule_id, severity=severity or RULES[rule_id].severity, message=message,
                   keys=list(keys), span=span)


def applies(r: Rule, era: Optional[str]) -> bool:
    """True when rule `r` applies to a report of `era` (a report of unknown era gets every rule)."""
    return era is None or era in r.eras
