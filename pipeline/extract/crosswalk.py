"""Crosswalk: legacy request outcomes mapped onto 2019/2021 template table-3 rows (domain.md §2.4).

The result is *derived*: every value has `derived=True` and says where it came from
and how sure the mapping is (`where["confidence"]`). It is kept apart from the
extracted values — `crosswalk(values)` returns a new dict and never changes its input —
so that a comparison across eras can opt in to it. Legacy reports do not split by
applicant type, so only the `total` column is filled. Outcomes with no single template
row (不予公开 without a reason, 非《条例》所指政府信息, 其他) are not mapped.
"""
from __future__ import annotations

from typing import Mapping

from ..record import Value

# Template row → (legacy outcomes summed into it, confidence), from the §2.4 table.
# Confidence: "high" where §2.4 says [I] high, "medium" for a plain [I] mapping,
# "low" for rows §2.4 calls ambiguous, partial fit or [M].
CROSSWALK: Mapping[str, tuple[tuple[str, ...], str]] = {
    "t3.granted.total": (("granted", "already_public"), "high"),
    "t3.partial.total": (("partial",), "medium"),
    "t3.unable.not_held.total": (("not_exist", "not_this_agency"), "medium"),
    "t3.unable.unclear.total": (("unclear",), "low"),
    "t3.not_processed.repeat.total": (("repeat",), "medium"),
    "t3.denied.admin_query.total": (("other_channel",), "low"),
}
_OUTCOME = "legacy.requests.outcome."
_RANK = {"high": 2, "medium": 1, "low": 0}


def crosswalk(values: Mapping[str, Value]) -> dict[str, Value]:
    """Template table-3 totals derived from a legacy report's outcome values."""
    out: dict[str, Value] = {}
    for row, (outcomes, confidence) in CROSSWALK.items():
        sources = [(_OUTCOME + o, values[_OUTCOME + o]) for o in outcomes
                   if _OUTCOME + o in values and values[_OUTCOME + o].value is not None]
        if not sources:
            continue
        # A sum of several outcomes is no surer than its least sure part: one of them may be missing.
        level = confidence if len(sources) == len(outcomes) else min(confidence, "medium", key=_RANK.get)
        out[row] = Value(value=sum(v.value for _, v in sources), unit=sources[0][1].unit, qualifier=None,
                         raw=" + ".join(v.raw for _, v in sources),
                         where={"derived_from": [k for k, _ in sources], "confidence": level,
                                "rule": "domain.md §2.4"},
                         derived=True)
    return out
