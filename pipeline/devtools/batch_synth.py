"""A large synthetic batch of checked records (dev tool), for the review page's speed and scale tests.

Each record is a real checked record (its text, sections, values and findings) re-issued under
another organ of a real county-level division of the division table, for another year, with a
publication date drawn around that year's deadline — so the page, the coverage tree and the
region filters meet thousands of organs in hundreds of regions, as a national batch would.
Parts that the page only reads (text, sections, values, findings) are shared, not copied.
"""
from __future__ import annotations

import random
from dataclasses import replace
from datetime import timedelta
from typing import Sequence

from ..domain.agencies import divisions
from ..record import Record, Source
from ..validate.rules.dates import deadline

ORGAN_KINDS = ("人民政府", "人民政府办公室", "财政局", "教育局", "卫生健康委员会", "市场监督管理局", "自然资源局")
YEARS = range(2019, 2025)
PUBLISHED_SPREAD_DAYS = 40  # publication dates fall this many days either side of the deadline
MISSING_SHARE = 0.1  # share of organ-years left without a report


def synthetic_batch(templates: Sequence[Record], n: int, seed: int = 7) -> list[Record]:
    """`n` records: real records re-issued by organs of real counties over consecutive years."""
    if not templates:
        raise ValueError("synthetic_batch needs at least one real record to copy")
    rng = random.Random(seed)
    table = divisions()
    counties = sorted((d for d in table.values() if d.level == "county" and d.code[:4] + "00" in table), key=lambda d: d.code)
    out: list[Record] = []
    while len(out) < n:
        county = rng.choice(counties)
        agency = table[county.code[:4] + "00"].name + county.name + rng.choice(ORGAN_KINDS)
        for year in YEARS:
            if len(out) >= n:
                break
            if rng.random() < MISSING_SHARE:
                continue
            base = rng.choice(templates)
            due = deadline(year, agency)[0]
            published = due + timedelta(days=rng.randint(-PUBLISHED_SPREAD_DAYS, PUBLISHED_SPREAD_DAYS))
            meta = replace(base.meta, agency=agency, agencies=[], year=year, title=f"{agency}{year}年政府信息公开工作年度报告",
                           published=published.isoformat(), signed=None)
            rid = f"synthetic-{len(out):06d}"
            out.append(replace(base, id=rid, meta=meta, source=Source(path=f"synthetic/{rid}.{base.source.format}",
                                                                    sha256=rid, format=base.source.format)))
    return out
