"""Rules on the canonical legacy values (fields.md `legacy.*`): stated parts against totals."""
from __future__ import annotations

import itertools
import math
from typing import Iterator, Optional, Sequence

import regex

from ...tables.appendix import glued_splits, row_name
from ...record import AppendixRow, Finding, Record
from .tables import fmt_num, num
from ..registry import finding, rule

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


# Readings tried per glued row group before giving up (pingtan_ptx_2012: 4 readings of '17953304').
MAX_READINGS = 10_000


def _readings(row: AppendixRow) -> Optional[list[tuple[int, int]]]:
    """Possible (本年度, 历年累计) of a row: its certain cells, or every split of its glued digits;
    None when a cell is blank or unknown."""
    if row.this_year is not None and row.cumulative is not None:
        return [(row.this_year, row.cumulative)]
    if row.glued:
        return glued_splits(row.glued) or None
    return None


def _groups(rows: Sequence[AppendixRow]) -> Iterator[tuple[AppendixRow, list[AppendixRow]]]:
    """Each appendix row with the 其中 rows under it."""
    for i, row in enumerate(rows):
        if row.sub:
            continue
        subs = list(itertools.takewhile(lambda r: r.sub, rows[i + 1:]))
        if len(subs) >= 2:
            yield row, subs


@rule("appendix.subrows", ("legacy",), "warning")
def _subrows(rec: Record) -> Iterator[Finding]:
    """The 其中 rows of the statistics appendix add up to their row, in both columns (pingtan_ptx_2012:
    网站公开 + 政府公报公开 ≠ 主动公开信息数 whatever split of the glued 网站公开 cell is assumed)."""
    for total, subs in _groups(rec.appendix):
        options = [_readings(r) for r in (total, *subs)]
        if any(o is None for o in options) or math.prod(len(o) for o in options) > MAX_READINGS:
            continue
        if any(t == tuple(map(sum, zip(*parts))) for t, *parts in itertools.product(*options)):
            continue
        names = "+".join(f"“{r.label}”" for r in subs)
        shown = "；".join(f"“{r.label}”{r.this_year}/{r.cumulative}" if r.glued == "" else
                         f"“{r.label}”数字粘连“{r.glued}”（可能的拆分 "
                         f"{'、'.join(f'{a}/{b}' for a, b in glued_splits(r.glued))}）" for r in (total, *subs))
        glued = "；粘连数字无论如何拆分都不成立" if any(r.glued for r in (total, *subs)) else ""
        yield finding("appendix.subrows",
                      f"统计表 {names} 不等于“{total.label}”（本年度/历年累计两列{glued}）：{shown}",
                      keys=[total.key] if total.key else [], span=total.where.get("span"))


@rule("appendix.blank_cell", ("legacy",), "info")
def _blank_cell(rec: Record) -> Iterator[Finding]:
    """A row of the two-column appendix with a blank cell: which column its number belongs to is not
    known (pingtan_syq_2013 "2、政府公报公开 条 0")."""
    for row in rec.appendix:
        if row.blank:
            yield finding("appendix.blank_cell",
                          f"统计表“{row.label}”一行有单元格空白（本年度/历年累计两列），无法确定所填数字属于哪一列",
                          keys=[row.key] if row.key else [], span=row.where.get("span"))


# Leading verbs of an appendix row label that are not part of the item named ("接受行政诉讼、举报数").
_LABEL_VERB = regex.compile(r"^(?:接受|受理|收到)")


@rule("appendix.label_duplicates_row", ("legacy",), "info")
def _label_duplicates(rec: Record) -> Iterator[Finding]:
    """A combined row label naming an item that has its own row (pingtan_syq_2014 "接受行政诉讼、举报数"
    next to "行政诉讼数": presumably 行政申诉、举报数, domain.md §2.3)."""
    names = {row_name(r.label) for r in rec.appendix}
    for row in rec.appendix:
        label = row_name(row.label)
        items = [_LABEL_VERB.sub("", x) for x in label.removesuffix("数").split("、")]
        if len(items) < 2:
            continue
        twins = [x + "数" for x in items if x + "数" in names and x + "数" != label]
        if twins:
            yield finding("appendix.label_duplicates_row",
                          f"统计表行“{label}”所列的“{'、'.join(t.removesuffix('数') for t in twins)}”另有单独一行"
                          f"“{'”“'.join(twins)}”，该行标签似有误", keys=[row.key] if row.key else [],
                          span=row.where.get("span"))
