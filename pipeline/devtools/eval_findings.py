"""Findings scored at their place against hand-checked located gold (`corpus/gold/findings/`).

A gold finding names its rule, its severity and where it is: a quote of the report (`text`), the
record keys it concerns (`keys`), both, or the whole `document`. A finding of the checker is at
that place when its rule is the same and it satisfies every locator the gold gives: its span
overlaps the quote, its keys share one with the gold's. Gold and findings are paired one-to-one
(maximum bipartite matching); a finding left over is a false positive, a gold finding left over a
miss. Severity does not decide the match; a matched pair whose severities differ is listed.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Optional, Sequence

from .locate import Located, QuoteIndex
from .matching import max_matching


@dataclass(frozen=True)
class GoldFinding:
    rule: str
    severity: str
    why: str
    at: Optional[Located] = None
    keys: tuple[str, ...] = ()

    @classmethod
    def from_dict(cls, d: dict, index: QuoteIndex) -> "GoldFinding":
        """A located gold finding; its `text` quote is looked up in the document's text."""
        where = d["where"]
        if where == "document":
            return cls(d["rule"], d["severity"], d.get("why", ""))
        if not isinstance(where, dict) or not (where.get("text") or where.get("keys")):
            raise ValueError(f"gold finding {d['rule']}: 'where' must be \"document\" or give text and/or keys")
        at = index.locate(where["text"]) if where.get("text") else None
        return cls(d["rule"], d["severity"], d.get("why", ""), at, tuple(where.get("keys") or ()))

    def place(self) -> str:
        """The place as a reader would name it."""
        parts = ([f"“{self.at.quote}”"] if self.at else []) + ([", ".join(self.keys)] if self.keys else [])
        return " / ".join(parts) or "document"


def at_place(gold: GoldFinding, found: dict) -> bool:
    """The finding is the gold one: same rule, span over the quote, a key in common."""
    if found.get("rule") != gold.rule:
        return False
    if gold.at is not None and not gold.at.overlaps(found.get("span")):
        return False
    return not gold.keys or bool(set(gold.keys) & set(found.get("keys") or ()))


@dataclass
class FindingScore:
    """One document's findings against its located gold."""
    matched: list[tuple[GoldFinding, dict]] = field(default_factory=list)
    false_positives: list[dict] = field(default_factory=list)
    missed: list[GoldFinding] = field(default_factory=list)

    def severity_differs(self) -> list[tuple[GoldFinding, dict]]:
        return [(g, f) for g, f in self.matched if g.severity != f.get("severity")]


def score_findings(gold: Sequence[GoldFinding], found: Sequence[dict]) -> FindingScore:
    """Pair gold findings with the checker's findings one-to-one (`max_matching`)."""
    by_gold = max_matching([[j for j, f in enumerate(found) if at_place(g, f)] for g in gold])
    used = set(by_gold.values())
    return FindingScore(matched=[(gold[i], found[j]) for i, j in sorted(by_gold.items())],
                        false_positives=[f for j, f in enumerate(found) if j not in used],
                        missed=[g for i, g in enumerate(gold) if i not in by_gold])


def _ratios(tp: int, fp: int, missed: int) -> dict[str, Any]:
    """Counts with precision and recall (None where nothing was found, or nothing was to be found)."""
    return {"tp": tp, "fp": fp, "missed": missed,
            "precision": tp / (tp + fp) if tp + fp else None, "recall": tp / (tp + missed) if tp + missed else None}


def findings_summary(scores: Sequence[FindingScore]) -> dict[str, Any]:
    """Totals and per-rule counts: tp, fp, missed, precision, recall (fractions 0–1, None: undefined)."""
    rules: dict[str, list[int]] = {}
    for s in scores:
        for g, _ in s.matched:
            rules.setdefault(g.rule, [0, 0, 0])[0] += 1
        for f in s.false_positives:
            rules.setdefault(f["rule"], [0, 0, 0])[1] += 1
        for g in s.missed:
            rules.setdefault(g.rule, [0, 0, 0])[2] += 1
    tp, fp, missed = (sum(c[k] for c in rules.values()) for k in range(3))
    out = _ratios(tp, fp, missed)
    out["false_positives_error"] = sum(f.get("severity") == "error" for s in scores for f in s.false_positives)
    out["severity_differs"] = sum(len(s.severity_differs()) for s in scores)
    out["documents"] = len(scores)
    out["by_rule"] = {r: _ratios(*c) for r, c in sorted(rules.items())}
    return out
