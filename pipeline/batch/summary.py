"""What the parent of a batch keeps of each record: a digest and its values as columns.

A worker summarises each record it parses and sends the summary back with the record's JSON
line, so that the parent writes `reports.jsonl` as bytes and fills the parquet tables without
decoding a record again. A record read back from the cache is summarised the same way.
Kept apart from `outputs`, which imports pyarrow: a worker needs none of it.
"""
from __future__ import annotations

from ..record import SEVERITIES

# (digest, value columns) of one record.
Summary = tuple[dict, list[list]]
# The columns of values.parquet that differ from one value of a record to the next.
VALUE_FIELDS = ("key", "value", "unit", "qualifier", "raw", "derived", "section", "page")


def digest(rec: dict) -> dict:
    """The fields of a record a batch keeps in memory for the summary and reports.parquet (the full
    record is in reports.jsonl)."""
    source, meta = rec["source"], rec.get("meta") or {}
    values = rec.get("values") or {}
    findings = [f.get("severity") for f in rec.get("findings") or ()]
    return {"id": rec["id"], "source": {k: source.get(k) for k in ("path", "url", "format", "inner_format")},
            "meta": {k: meta.get(k) for k in ("agency", "agency_canonical", "division_code", "year", "era", "title",
                                               "published", "signed")},
            "error": rec.get("error"),
            "counts": {k: len(rec.get(k) or ()) for k in ("sections", "values", "figures", "findings")},
            "filled": sum(v.get("value") is not None for v in values.values()),
            "severity": {s: findings.count(s) for s in SEVERITIES}}


def value_columns(rec: dict) -> list[list]:
    """One record's values as columns, `VALUE_FIELDS` in order, one row per value. Columns, not
    rows: the parent extends a few lists a record instead of handling a tuple per value; what is
    the same for every value of a record (its id, path, year…) or follows from the key (the label)
    is filled in by `outputs` when values.parquet is written."""
    values = rec.get("values") or {}
    cells = list(values.values())
    wheres = [v.get("where") or {} for v in cells]
    return [list(values),
            [float(v["value"]) if v.get("value") is not None else None for v in cells],
            [v.get("unit") for v in cells], [v.get("qualifier") for v in cells], [v.get("raw") for v in cells],
            [bool(v.get("derived")) for v in cells], [w.get("section") for w in wheres],
            [w.get("page") for w in wheres]]


def summarise(rec: dict) -> Summary:
    """The digest and value columns of one record."""
    return digest(rec), value_columns(rec)
