"""Validate stage: named rules that turn defects of a report into findings.

One registry holds every rule. A report rule is registered with
`@rule(id, eras, severity)` and receives one `Record`; a cross-year rule is
registered with `@pair_rule(id, eras, severity)` and receives the previous and
the current report of the same agency (its findings go to the later report); a
cross-agency rule (`@peer_rule`) receives two same-year reports of different agencies
that share sentences (each gets its own findings).
The registry is `validate.registry`; rules live in topic modules under `validate/rules/`
(`tables`, `dates`, `text`, `legacy`, `years`) that register themselves when this package is imported.
"""
from __future__ import annotations

from collections import defaultdict
from functools import lru_cache
from typing import Optional, Sequence

from ..record import Finding, Record
from .registry import RULES, Rule, RuleFn, applies, finding, pair_rule, peer_rule, rule, series_rule
# imported for registration, in the order their findings are listed
from .rules import dates, meta, legacy, tables, completeness, sums, narrative, wording, years, ocr  # noqa: F401,I001

__all__ = ["RULES", "Rule", "finding", "pair_rule", "peer_rule", "rule", "series_rule", "series_key",
           "validate", "validate_batch"]

def validate(record: Record) -> list[Finding]:
    """Run every report rule that applies to the record's era."""
    if record.error is not None and not record.text:
        return []
    if record.meta.not_a_report:  # no values to check: only say what the page is
        return list(RULES["meta.not_a_report"].fn(record))
    out: list[Finding] = []
    for fn in _report_rules(record.meta.era, len(RULES)):
        out.extend(fn(record))
    return out


@lru_cache(maxsize=16)
def _report_rules(era: Optional[str], registered: int) -> tuple[RuleFn, ...]:
    """The report rules that apply to an era, in registration order (`registered`: the registry's
    size, so that a rule registered later is seen)."""
    return tuple(r.fn for r in RULES.values() if r.scope == "report" and applies(r, era))


def series_key(record: Record) -> Optional[str]:
    """The agency a report belongs to, for pairing consecutive years (None: cannot pair).

    The organ's canonical name (`domain.identity`), so that "平潭综合实验区管委会" (2014) and
    "平潭综合实验区" (2015) are one series, as are a district printed with and without its city,
    and names across institutional reform.
    """
    from ..domain.agencies import agency_key
    from ..domain.identity import organ_name

    name = organ_name(record.meta.agency, record.meta.agency_canonical, record.meta.year)
    return agency_key(name) if name else None


def consecutive_pairs(records: Sequence[Record], across_gaps: bool = False) -> list[tuple[Record, Record]]:
    """(previous, current) for each report whose agency also has the previous report year (with
    `across_gaps`, the latest earlier year the agency has).

    When a report exists in several formats (html, txt, pdf …), each copy is paired with one
    copy of the previous year (`_best_previous`), so each copy gets its own cross-year findings.
    """
    by_agency: dict[str, dict[int, list[Record]]] = defaultdict(lambda: defaultdict(list))
    for rec in records:
        key = series_key(rec)
        if key and rec.meta.year and rec.error is None:
            by_agency[key][rec.meta.year].append(rec)
    pairs = []
    for years in by_agency.values():
        for year, recs in years.items():
            earlier = [y for y in years if y < year] if across_gaps else [year - 1]
            for cur in recs:
                prev = _best_previous(years.get(max(earlier), []), cur) if earlier else None
                if prev is not None:
                    pairs.append((prev, cur))
    return pairs


def _best_previous(candidates: list[Record], cur: Record) -> Optional[Record]:
    """The previous-year copy to compare with: same format if there is one, else the richest."""
    if not candidates:
        return None
    same = [c for c in candidates if c.source.format == cur.source.format]
    pool = same or candidates
    return max(pool, key=lambda c: (len(c.values), len(c.text or "")))


def same_year_peers(records: Sequence[Record]) -> list[tuple[Record, Record]]:
    """(other, current) for same-year reports of different agencies sharing a long sentence.

    Found through an index of normalised sentences, so a large batch is not compared pairwise.
    """
    from ..text.reuse import sentences

    index: dict[tuple[int, str], set[int]] = defaultdict(set)
    for i, rec in enumerate(records):
        if rec.meta.year and rec.error is None and series_key(rec):
            for s, _, _ in sentences(rec.text or ""):
                index[(rec.meta.year, s)].add(i)
    linked: set[tuple[int, int]] = set()
    for holders in index.values():
        for i in holders:
            for j in holders:
                if i != j and series_key(records[i]) != series_key(records[j]):
                    linked.add((j, i))
    return [(records[j], records[i]) for j, i in sorted(linked)]


def validate_batch(records: Sequence[Record]) -> list[Finding]:
    """Run the cross-report rules on a batch; a cross-year finding goes to the later report.

    Returns every finding added.
    """
    added: list[Finding] = []
    for scope, pairs in (("pair", consecutive_pairs(records)), ("series", consecutive_pairs(records, across_gaps=True)),
                         ("peer", same_year_peers(records))):
        for other, cur in pairs:
            for r in RULES.values():
                if r.scope == scope and applies(r, cur.meta.era):
                    new = list(r.fn(other, cur))
                    cur.findings.extend(new)
                    added.extend(new)
    return added
