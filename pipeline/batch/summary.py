"""What the parent of a batch keeps of each record: its row of reports.parquet and its values as columns.

A worker summarises each record it parses and sends the summary back with the record's JSON
line, so that the parent writes `reports.jsonl` as bytes and fills the parquet tables without
decoding a record again. A record read back from the cache is summarised the same way.
Kept apart from `outputs`, which imports pyarrow: a worker needs none of it.
"""
from __future__ import annotations

from ..domain.copies import own_format
from ..record import SEVERITIES

# (row, value columns) of one record.
Summary = tuple[tuple, list[list]]
# What a record gives of its row of reports.parquet, in order (the names of `outputs.REPORT_SCHEMA`),
# and the canonical agency name of its meta: the batch adds the agency unified across the batch,
# `primary` and `duplicate_of`.
ROW_FIELDS = ("report_id", "path", "format", "url", "agency_raw", "agency_canonical", "division_code", "year",
              "era", "title", "published", "signed", "values", "blanks", *(f"{s}s" for s in SEVERITIES), "error")
# The columns of values.parquet that differ from one value of a record to the next.
VALUE_FIELDS = ("key", "value", "unit", "qualifier", "raw", "derived", "section", "page")


def report_row(rec: dict) -> tuple:
    """A record's fields of its row of reports.parquet, `ROW_FIELDS` in order (the full record is
    in reports.jsonl)."""
    source, meta = rec["source"], rec.get("meta") or {}
    values = (rec.get("values") or {}).values()
    filled = sum(v.get("value") is not None for v in values)
    findings = [f.get("severity") for f in rec.get("findings") or ()]
    error = rec.get("error")
    return (rec["id"], source.get("path"), own_format(source), source.get("url"), meta.get("agency"),
            meta.get("agency_canonical"), meta.get("division_code"), meta.get("year"), meta.get("era"),
            meta.get("title"), meta.get("published"), meta.get("signed"), filled, len(values) - filled,
            *(findings.count(s) for s in SEVERITIES), error["message"] if error else None)


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
    """The row and value columns of one record."""
    return report_row(rec), value_columns(rec)
