"""Prose figures scored strictly against hand-written gold lists.

A gold figure matches a parsed one only when the value, the unit and the qualifier agree and the
labels name the same thing: after removing particles and punctuation (`label_core`) one label
contains the other, or both belong to one hand-reviewed synonym set (`SYNONYMS`). A gold figure
that quotes its place (`at`) matches only a parsed figure whose span overlaps that quote. Matching
is one-to-one: a maximum bipartite matching (augmenting paths), each gold figure trying its
candidates in order of label closeness, so no parsed figure is credited twice.

A gold list marked `complete` names every counted figure of its document, so the parsed figures
left over are wrong ones and precision can be measured there; other lists measure recall only.
"""
from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any, Optional, Sequence

from .locate import Located, QuoteIndex
from .matching import max_matching

# Characters that do not change what a label names: function particles, punctuation, blanks.
PARTICLES = frozenset("的了之与和及或等其，,、。；;：:（）()《》〈〉<>“”‘’\"'「」 \u3000\u00a0\n\t")
# Label pairs that name one thing in different words, each reviewed by hand (none needed so far:
# every gold label of the corpus either contains the parsed one or is contained in it).
SYNONYMS: tuple[frozenset[str], ...] = ()


# Shares are labelled "<what>占比" by convention (gold and parser alike); the suffix names no thing.
SHARE_SUFFIX = "占比"


def label_core(label: str) -> str:
    """The label without particles, punctuation, blanks and the share suffix."""
    core = "".join(c for c in label if c not in PARTICLES)
    return core[:-len(SHARE_SUFFIX)] if core.endswith(SHARE_SUFFIX) else core


def same_thing(gold_label: str, got_label: str) -> bool:
    """True when the two labels name the same thing (containment after `label_core`, or a synonym set)."""
    a, b = label_core(gold_label), label_core(got_label)
    if not a or not b:
        return a == b
    if a in b or b in a:
        return True
    return any(a in s and b in s for s in SYNONYMS)


def _same_number(a: Any, b: Any) -> bool:
    if isinstance(a, bool) or isinstance(b, bool) or a is None or b is None:
        return a is b
    return math.isclose(float(a), float(b), rel_tol=1e-12, abs_tol=1e-9)


@dataclass(frozen=True)
class GoldFigure:
    label: str
    value: float
    unit: Optional[str]
    qualifier: Optional[str]
    at: Optional[Located] = None  # where the gold says the figure is, when it quotes it

    @classmethod
    def from_dict(cls, d: dict, index: QuoteIndex) -> "GoldFigure":
        """A figure of a gold list; its `at` quote is looked up in the document's text."""
        at = index.locate(d["at"]) if d.get("at") else None
        return cls(d["label"], d["value"], d.get("unit"), d.get("qualifier"), at)


def figure_matches(gold: GoldFigure, got: dict) -> bool:
    """Value, unit and qualifier agree, the labels name the same thing, and the place fits."""
    if not (_same_number(gold.value, got.get("value")) and gold.unit == got.get("unit")
            and gold.qualifier == got.get("qualifier") and same_thing(gold.label, got.get("label") or "")):
        return False
    return gold.at is None or gold.at.overlaps(got.get("span"))


def _closeness(gold: GoldFigure, got: dict) -> int:
    return abs(len(label_core(gold.label)) - len(label_core(got.get("label") or "")))


def match_figures(gold: Sequence[GoldFigure], got: Sequence[dict]) -> dict[int, int]:
    """A maximum one-to-one matching {gold index: parsed index}, closest labels tried first."""
    return max_matching([sorted((j for j, f in enumerate(got) if figure_matches(g, f)),
                                key=lambda j: _closeness(g, got[j])) for g in gold])


@dataclass
class FigureScore:
    """One document's figures: gold matched, gold listed, parsed counted (complete lists only)."""
    matched: int = 0
    gold: int = 0
    parsed: int = 0  # parsed figures of a document whose gold list is complete (0 otherwise)
    complete: bool = False
    missed: list[GoldFigure] = field(default_factory=list)
    extra: list[dict] = field(default_factory=list)  # parsed figures no gold figure of a complete list matches


def score_figures(gold: Sequence[GoldFigure], got: Sequence[dict], complete: bool) -> FigureScore:
    """Match a document's gold figures with its parsed ones."""
    pairs = match_figures(gold, got)
    used = set(pairs.values())
    return FigureScore(matched=len(pairs), gold=len(gold), parsed=len(got) if complete else 0, complete=complete,
                       missed=[g for i, g in enumerate(gold) if i not in pairs],
                       extra=[f for j, f in enumerate(got) if j not in used] if complete else [])


def figures_summary(scores: Sequence[FigureScore]) -> dict[str, Any]:
    """Precision over the complete lists, recall over every gold list (fractions 0–1; None without data)."""
    matched = sum(s.matched for s in scores)
    gold = sum(s.gold for s in scores)
    complete = [s for s in scores if s.complete]
    parsed = sum(s.parsed for s in complete)
    right = sum(s.matched for s in complete)
    return {"matched": matched, "gold": gold, "recall": matched / gold if gold else None,
            "complete_documents": len(complete), "parsed_in_complete": parsed, "right_in_complete": right,
            "precision": right / parsed if parsed else None}
