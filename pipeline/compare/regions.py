"""Regions: where each agency sits (province → city → county → township) and coverage per region and year.

An agency is placed from its name through the administrative division codes (`domain.agencies`):
`place_of` does it for checked records (through `review.coverage.record_place`), and
`rollup.place_of_report` reads the region columns `compare.load` fills with the same `region_of`.
These two are the switch points to the division code the record's meta is to carry. The division
table stops at county level, so no agency is placed at township level yet. Coverage per region and year counts agencies, not documents (the same
report in several formats is one publication):

- expected: agencies of the region seen in any year of the batch;
- published: agencies with a report for the year;
- on_time: published by the statutory deadline of the report year's era (`deadline`, 2008 条例
  art. 31 / 2019 条例 art. 49); late: published after it; date_unknown: no publication date read;
- with_errors: agencies whose report for the year has an error-severity finding (any copy).
"""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from typing import Iterable, Optional, Sequence

from ..domain.agencies import default_index, region_of
from ..validate.rules.dates import deadline

LEVELS = ("province", "city", "county", "township")
LEVEL_NAMES = {"province": "省", "city": "市", "county": "县", "township": "乡镇"}
UNPLACED = "unplaced"  # the region of agencies whose name gives no division
OWN = "本级"  # an organ of the region itself, above its sub-regions (a province's 厅, a city's 局)
DIRECT = "直辖"  # a level the division table skips (districts of 上海市, 省直辖县级市)
UNSETTLED = "未定"  # below what an ambiguous name settles (鼓楼区: 福州, 南京, 徐州 or 开封)


@dataclass(frozen=True)
class Place:
    """Where an agency sits; all names None when it could not be placed."""

    province: Optional[str] = None
    city: Optional[str] = None
    county: Optional[str] = None
    township: Optional[str] = None
    code: Optional[str] = None
    settled: bool = True  # False: the name fits several divisions; only the shared part is kept

    @property
    def placed(self) -> bool:
        return self.province is not None

    def path(self, level: str) -> tuple[str, ...]:
        """Region names from the province down to `level`: ("江苏省", "淮安市") at city level."""
        if not self.placed:
            return (UNPLACED,)
        names = (self.province, self.city, self.county, self.township)
        depth = max(i for i, n in enumerate(names) if n is not None)
        out: list[str] = []
        for i in range(LEVELS.index(level) + 1):
            if i > depth:
                out.append(OWN if self.settled else UNSETTLED)
                break
            out.append(names[i] or DIRECT)
        return tuple(out)


def place_of(agency: Optional[str], year: Optional[int] = None, context: str = "") -> Place:
    """The place of an agency from its name; `context` (title, address, opening text) settles a
    name several divisions share. The switch point for the record's own division code."""
    if not agency:
        return Place()
    r = region_of(agency, context, default_index(), year)
    return Place(province=r.province, city=r.city, county=r.county, code=r.code, settled=not r.ambiguous)


@dataclass
class ReportStatus:
    """One report as coverage counts it."""

    agency: str  # the canonical organ
    year: int
    place: Place
    published: Optional[str] = None  # ISO date
    errors: int = 0  # error-severity findings

    @property
    def on_time(self) -> Optional[bool]:
        """Published by the deadline of the report year (None: publication date unknown)."""
        try:
            day = date.fromisoformat(self.published) if self.published else None
        except ValueError:
            day = None
        return None if day is None else day <= deadline(self.year, self.agency)[0]


@dataclass
class RegionYear:
    """Coverage of one region in one year; `expected` is the denominator of the other counts."""

    level: str
    region: tuple[str, ...]
    year: int
    expected: int
    published: int = 0
    on_time: int = 0
    late: int = 0
    date_unknown: int = 0
    with_errors: int = 0
    agencies: dict[str, str] = field(default_factory=dict)  # agency → published / on time / late / missing

    def as_row(self) -> dict:
        row = {lv: (self.region[i] if i < len(self.region) else None) for i, lv in enumerate(LEVELS)}
        return {"level": self.level, **row, "region": "/".join(self.region), "year": self.year,
                "expected": self.expected, "published": self.published, "on_time": self.on_time,
                "late": self.late, "date_unknown": self.date_unknown, "with_errors": self.with_errors}


def _merge_copies(statuses: Iterable[ReportStatus]) -> dict[tuple[str, int], ReportStatus]:
    """One status per agency and year: the earliest publication date and most errors of its copies."""
    out: dict[tuple[str, int], ReportStatus] = {}
    for s in statuses:
        key = (s.agency, s.year)
        held = out.get(key)
        if held is None:
            out[key] = ReportStatus(s.agency, s.year, s.place, s.published, s.errors)
            continue
        dates = [d for d in (held.published, s.published) if d]
        held.published = min(dates) if dates else None
        held.errors = max(held.errors, s.errors)
    return out


def region_coverage(statuses: Sequence[ReportStatus], level: str) -> list[RegionYear]:
    """Coverage of every region at `level` (and of `unplaced`) for every year of the batch's span."""
    if level not in LEVELS:
        raise ValueError(f"unknown region level {level!r}; choose one of {', '.join(LEVELS)}")
    merged = _merge_copies(statuses)
    if not merged:
        return []
    latest: dict[str, ReportStatus] = {}
    for s in sorted(merged.values(), key=lambda s: s.year):
        latest[s.agency] = s  # an agency is placed where its latest report places it
    members: dict[tuple[str, ...], list[str]] = defaultdict(list)
    for agency, s in sorted(latest.items()):
        members[s.place.path(level)].append(agency)
    years = sorted({y for _, y in merged})
    out = []
    for region in sorted(members, key=lambda r: (r == (UNPLACED,), r)):
        for year in range(years[0], years[-1] + 1):
            ry = RegionYear(level, region, year, expected=len(members[region]))
            for agency in members[region]:
                ry.agencies[agency] = _count(ry, merged.get((agency, year)))
            out.append(ry)
    return out


def _count(ry: RegionYear, s: Optional[ReportStatus]) -> str:
    """Add one agency's report (or its absence) to the region's counts; its state in words."""
    if s is None:
        return "missing"
    ry.published += 1
    ry.with_errors += s.errors > 0
    timely = s.on_time
    if timely is None:
        ry.date_unknown += 1
        return "date unknown"
    ry.on_time += timely
    ry.late += not timely
    return "on time" if timely else "late"
