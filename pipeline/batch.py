"""Batches: find the documents under the given paths, parse each, write the outputs.

Outputs under OUT/: `reports.jsonl` (one record per document, `record.md`) and
`values.parquet` (long format: one row per report and canonical key).
"""
from __future__ import annotations

import json
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Iterator

from .core import error_record, parse_path
from .read import SUPPORTED_SUFFIXES
from .record import Record
from .warc import is_warc, parse_warc

VALUE_COLUMNS = ("report_id", "path", "agency", "year", "era", "key", "value", "unit",
                 "qualifier", "raw", "derived")


@dataclass
class BatchResult:
    documents: int = 0
    ok: int = 0
    failed: int = 0
    seconds: float = 0.0
    records: list[dict] = field(default_factory=list)


def iter_documents(paths: Iterable[str | Path]) -> Iterator[Path]:
    """Every document file named or found (recursively) under the paths, in a stable order.

    A path that does not exist is yielded as is, so that it gets an error record.
    """
    for raw in paths:
        p = Path(raw)
        if p.is_dir():
            for f in sorted(p.rglob("*")):
                if f.is_file() and (f.suffix.lower() in SUPPORTED_SUFFIXES or is_warc(f)) and not f.name.startswith("."):
                    yield f
        else:
            yield p


def parse_unit(path: Path) -> Iterator[Record]:
    """The records of one input file: one for a report, one per member for an archive.

    Archive formats (WARC, zip) plug in here, each from its own module.
    """
    if is_warc(path):
        yield from parse_warc(path)
        return
    yield parse_path(path)


def parse_many(paths: Iterable[str | Path]) -> Iterator[Record]:
    """Parse every document under the paths, one record each, never stopping on a bad file."""
    for path in iter_documents(paths):
        try:
            yield from parse_unit(path)
        except Exception as exc:  # parse_path already guards; this is the last line of defence
            yield error_record(str(path), type(exc).__name__, str(exc))


def value_rows(rec: dict) -> Iterator[dict]:
    """The long-format rows of one record's values."""
    meta = rec.get("meta") or {}
    for key, v in (rec.get("values") or {}).items():
        value = v.get("value")
        yield {"report_id": rec["id"], "path": rec["source"]["path"], "agency": meta.get("agency"),
               "year": meta.get("year"), "era": meta.get("era"), "key": key,
               "value": float(value) if value is not None else None, "unit": v.get("unit"),
               "qualifier": v.get("qualifier"), "raw": v.get("raw"), "derived": bool(v.get("derived"))}


def write_values(records: Iterable[dict], path: Path) -> int:
    """Write the long `values.parquet`; returns the number of rows."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    rows = [row for rec in records for row in value_rows(rec)]
    schema = pa.schema([("report_id", pa.string()), ("path", pa.string()), ("agency", pa.string()),
                        ("year", pa.int32()), ("era", pa.string()), ("key", pa.string()),
                        ("value", pa.float64()), ("unit", pa.string()), ("qualifier", pa.string()),
                        ("raw", pa.string()), ("derived", pa.bool_())])
    table = pa.Table.from_pylist(rows, schema=schema)
    pq.write_table(table, path)
    return len(rows)


def run_batch(paths: Iterable[str | Path], out_dir: str | Path) -> BatchResult:
    """Parse all documents under `paths` into `out_dir`."""
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    result = BatchResult()
    t0 = time.perf_counter()
    tmp = out / "reports.jsonl.tmp"
    with tmp.open("w", encoding="utf-8") as fh:
        for record in parse_many(paths):
            d = record.to_dict()
            fh.write(json.dumps(d, ensure_ascii=False) + "\n")
            result.documents += 1
            result.failed += d["error"] is not None
            result.records.append(d)
    tmp.replace(out / "reports.jsonl")
    write_values(result.records, out / "values.parquet")
    result.ok = result.documents - result.failed
    result.seconds = time.perf_counter() - t0
    return result
