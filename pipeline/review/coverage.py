"""Coverage of a checked batch by region: province → city → county → township, then each agency.

Counts per region and year are `compare.regions.region_coverage`'s (expected agencies, published,
on time, late, date unknown, with errors); here they are computed from the checked records and laid
out as one tree, each region once, with its agencies (and their state each year) under the finest
region they belong to.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Sequence

from ..compare.regions import LEVELS, Place, RegionYear, ReportStatus, place_of, region_coverage
from ..domain.agencies import default_index
from ..record import Record

# Characters of a report's opening text read as context for an ambiguous place name.
PLACE_CONTEXT_CHARS = 1500


@dataclass
class RegionNode:
    """A region (or, with `agency` set, one agency) and its counts per year."""

    path: tuple[str, ...]
    level: str
    years: dict[int, RegionYear] = field(default_factory=dict)
    agency: str = ""
    states: dict[int, str] = field(default_factory=dict)  # agency rows: on time / late / missing / …


def record_place(rec: Record) -> Place:
    """Where a record's agency sits, with its title, address and opening text as context."""
    m = rec.meta
    context = " ".join(filter(None, [m.title, m.contact.address if m.contact else None, m.publisher,
                                     (rec.text or "")[:PLACE_CONTEXT_CHARS]]))
    return place_of(m.agency, m.year, context)


def statuses(records: Sequence[Record]) -> list[tuple[Record, ReportStatus]]:
    """Each record with an agency and a year, as coverage counts it (agencies under one canonical
    name; a page that is no report — a notice, a list of reports — publishes nothing)."""
    held = [r for r in records if r.meta.agency and r.meta.year and not r.meta.not_a_report]
    names = default_index().unify((r.meta.agency, r.meta.year) for r in held)
    places: dict[str, Place] = {}
    out = []
    for rec in held:
        name = names[(rec.meta.agency, rec.meta.year)]
        if name not in places:
            places[name] = record_place(rec)
        errors = sum(f.severity == "error" for f in rec.findings)
        out.append((rec, ReportStatus(name, rec.meta.year, places[name], rec.meta.published, errors)))
    return out


def region_tree(held: Sequence[ReportStatus]) -> list[RegionNode]:
    """Every region at every level, parents before children, then each agency under its finest region."""
    nodes: dict[tuple[str, ...], RegionNode] = {}
    finest: list[RegionYear] = []
    for level in LEVELS:
        rows = region_coverage(held, level)
        for ry in rows:
            node = nodes.setdefault(ry.region, RegionNode(ry.region, level))
            if node.level == level:
                node.years[ry.year] = ry
        finest = rows
    agencies: dict[tuple[str, ...], RegionNode] = {}
    for ry in finest:
        for agency, state in ry.agencies.items():
            node = agencies.setdefault(ry.region + (agency,), RegionNode(ry.region, "agency", agency=agency))
            node.states[ry.year] = state
    ordered = sorted(list(nodes.values()) + list(agencies.values()),
                     key=lambda n: (n.path[0] == "unplaced", n.path, n.agency))
    return ordered
