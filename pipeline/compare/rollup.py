"""Region roll-ups of an output folder (`xxgk compare OUT --by province|city|county`).

Two long tables, one row per region and year:

- `regions_coverage`: agencies expected (seen in any year), published, on time, late, with an
  unknown publication date, with errors (`regions.region_coverage`; `expected` is the denominator);
- `regions_metrics`: each derived metric pooled over the region's primary reports that have it —
  a rate is Σ numerator / Σ denominator (never a mean of rates), a count is the sum; `reports` is
  the region's primary reports that year and `with_value` those the metric could be computed for.
"""
from __future__ import annotations

from typing import Optional

import pandas as pd

from . import Dataset, compute_metrics
from .metrics import METRICS
from .regions import LEVELS, Place, ReportStatus, region_coverage

COVERAGE_COLUMNS = ("level",) + LEVELS + ("region", "year", "expected", "published", "on_time", "late",
                                         "date_unknown", "with_errors")
METRIC_COLUMNS = ("level", "region", "year", "metric", "label", "reports", "with_value", "numerator",
                  "denominator", "value", "basis")


def place_of_report(row) -> Place:
    """The place of a row of `Dataset.reports`, from its region columns (filled by `region_of` at
    load, with the report's title, address and opening text as context)."""
    if not isinstance(row.province, str):
        return Place()
    return Place(province=row.province, city=_name(row.city), county=_name(row.county), code=_name(row.adcode),
                 settled=row.region_basis != "ambiguous")


def _name(v: object) -> Optional[str]:
    """A region column's value, None for a missing one (NaN or None)."""
    return v if isinstance(v, str) else None


def report_statuses(ds: Dataset) -> dict[str, ReportStatus]:
    """Each primary report with an agency and a year, by report id."""
    errors = ds.findings[ds.findings["severity"] == "error"].groupby("report_id").size()
    out = {}
    r = ds.reports
    for row in r[r["primary"] & r["agency"].notna() & r["year"].notna()].itertuples(index=False):
        published = row.published if isinstance(row.published, str) else None
        out[row.report_id] = ReportStatus(row.agency, int(row.year), place_of_report(row), published,
                                          int(errors.get(row.report_id, 0)))
    return out


def coverage_table(statuses: dict[str, ReportStatus], level: str) -> pd.DataFrame:
    """`regions_coverage`: one row per region and year."""
    rows = [ry.as_row() for ry in region_coverage(list(statuses.values()), level)]
    return pd.DataFrame(rows, columns=list(COVERAGE_COLUMNS))


def metrics_table(ds: Dataset, statuses: dict[str, ReportStatus], level: str) -> pd.DataFrame:
    """`regions_metrics`: each metric pooled per region and year, with its numerator and denominator."""
    region = {rid: "/".join(s.place.path(level)) for rid, s in statuses.items()}
    m = compute_metrics(ds.values)
    m = m[m["report_id"].isin(region)].assign(region=lambda f: f["report_id"].map(region))
    reports = pd.Series([(region[rid], s.year) for rid, s in statuses.items()]).value_counts()
    rows = []
    for (reg, year, key), part in m.groupby(["region", "year", "key"], sort=True):
        metric = METRICS.get(key)
        have = part[part["value"].notna()]
        num = have["numerator"].sum() if len(have) else None
        rate = bool(metric and metric.denominator)
        den = have["denominator"].sum() if rate and len(have) else None
        value = (num / den if den else None) if rate else num
        rows.append({"level": level, "region": reg, "year": int(year), "metric": key,
                     "label": metric.label if metric else key, "reports": int(reports.get((reg, year), 0)),
                     "with_value": len(have), "numerator": num, "denominator": den, "value": value,
                     "basis": "Σ numerator / Σ denominator over reports with a value" if rate
                     else "sum over reports with a value"})
    frame = pd.DataFrame(rows, columns=list(METRIC_COLUMNS))
    for c in ("numerator", "denominator", "value"):
        frame[c] = frame[c].astype("float64")
    return frame


def region_tables(ds: Dataset, level: str) -> dict[str, pd.DataFrame]:
    """The two roll-up tables of `xxgk compare --by LEVEL`."""
    if level not in LEVELS:
        raise ValueError(f"unknown region level {level!r}; choose one of {', '.join(LEVELS)}")
    statuses = report_statuses(ds)
    return {"regions_coverage": coverage_table(statuses, level), "regions_metrics": metrics_table(ds, statuses, level)}
