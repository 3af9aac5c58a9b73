"""Rules on the canonical legacy values (fields.md `legacy.*`): stated parts against totals."""
from __future__ import annotations

from typing import Iterator

from .record import Finding, Record
from .rules_tables import fmt_num, num
from .validate import finding, rule

CHANNEL = "legacy.requests.channel."
OUTCOME = "legacy.requests.outcome."


def _parts(rec: Record, prefix: str) -> dict[str, float]:
    return {k: v.value for k, v in rec.values.items() if k.startswith(prefix) and v.value is not None}


@rule("legacy.channels_sum", ("legacy",), "warning")
def _channels(rec: Record) -> Iterator[Finding]:
    """Applications by channel add up to the applications received (the seed: 7 online + 3 written = 10)."""
    total, parts = num(rec, "legacy.requests.received"), _parts(rec, CHANNEL)
    if total is not None and len(parts) >= 2 and abs(sum(parts.values()) - total) > 1e-6:
        yield finding("legacy.channels_sum",
                      f"各渠道申请数 {'+'.join(fmt_num(v) for v in parts.values())} = {fmt_num(sum(parts.values()))}，"
                      f"与收到申请总数 {fmt_num(total)} 不符", keys=["legacy.requests.received", *parts])


@rule("legacy.outcomes_sum", ("legacy",), "warning")
def _outcomes(rec: Record) -> Iterator[Finding]:
    """Reply outcomes add up to the applications answered (received when no answered count is stated)."""
    parts = _parts(rec, OUTCOME)
    key = "legacy.requests.answered" if num(rec, "legacy.requests.answered") is not None else "legacy.requests.received"
    total = num(rec, key)
    if total is not None and len(parts) >= 2 and abs(sum(parts.values()) - total) > 1e-6:
        name = "答复总数" if key.endswith("answered") else "收到申请总数"
        yield finding("legacy.outcomes_sum",
                      f"各类答复 {'+'.join(fmt_num(v) for v in parts.values())} = {fmt_num(sum(parts.values()))}，"
                      f"与{name} {fmt_num(total)} 不符", keys=[key, *parts])


@rule("legacy.requests_unanswered", ("legacy",), "warning")
def _unanswered(rec: Record) -> Iterator[Finding]:
    """More applications received than answered, with nothing said of the rest (pingtan_ptx_2013: 7 vs 3)."""
    received, answered = num(rec, "legacy.requests.received"), num(rec, "legacy.requests.answered")
    text = rec.text or ""
    if received is not None and answered is not None and answered < received \
            and not any(w in text for w in ("结转", "顺延", "正在办理", "尚未办结", "办理中")):
        yield finding("legacy.requests_unanswered",
                      f"收到申请 {fmt_num(received)} 件，答复 {fmt_num(answered)} 件，其余 {fmt_num(received - answered)} 件"
                      "既未答复也未说明结转或办理中", keys=["legacy.requests.received", "legacy.requests.answered"])
