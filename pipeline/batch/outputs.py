"""The two tables `xxgk parse` writes beside reports.jsonl, for pandas and other parquet readers.

* `values.parquet`: one row per report and canonical key (VALUE_SCHEMA), with the template's
  row and column labels (`domain.codebook`), the section and page the value was read from, the
  document's format and whether the report is the `primary` copy of its agency's year.
* `reports.parquet`: one row per document (REPORT_SCHEMA): where it came from, who and which
  year, how many values and findings, its error, and `primary` / `duplicate_of`.

Values are streamed into a temporary file while the records are read (memory stays flat); the
canonical agency names and the primary copies need every record, so they are filled in when the
temporary file is copied into `values.parquet` (`ValuesWriter.finish`).
"""
from __future__ import annotations

import os
from pathlib import Path
from typing import Iterator, Optional, Sequence

import pyarrow as pa
import pyarrow.parquet as pq

from ..domain.agencies import default_index
from ..domain.codebook import key_info
from ..domain.copies import Copy, duplicate_of, own_format
from ..record import SEVERITIES

VALUE_SCHEMA = pa.schema([
    ("report_id", pa.string()), ("path", pa.string()), ("format", pa.string()), ("agency", pa.string()),
    ("year", pa.int32()), ("era", pa.string()), ("key", pa.string()), ("label", pa.string()),
    ("value", pa.float64()), ("unit", pa.string()), ("qualifier", pa.string()), ("raw", pa.string()),
    ("derived", pa.bool_()), ("section", pa.int32()), ("page", pa.int32()), ("primary", pa.bool_())])
REPORT_SCHEMA = pa.schema([
    ("report_id", pa.string()), ("path", pa.string()), ("format", pa.string()), ("url", pa.string()),
    ("agency", pa.string()), ("agency_raw", pa.string()), ("division_code", pa.string()),
    ("year", pa.int32()), ("era", pa.string()), ("title", pa.string()), ("published", pa.string()),
    ("signed", pa.string()), ("values", pa.int32()), ("blanks", pa.int32()),
    *((f"{s}s", pa.int32()) for s in SEVERITIES), ("error", pa.string()), ("primary", pa.bool_()),
    ("duplicate_of", pa.string())])
# The document's ordinal in the batch: links a temporary value row to its record.
_DOC = "_doc"
# Value rows buffered before a row group of values.parquet is written: bounds memory.
PARQUET_BATCH_ROWS = 50_000


def digest(rec: dict) -> dict:
    """The fields of a record a batch keeps in memory for the summary and reports.parquet (the full
    record is in reports.jsonl)."""
    source, meta = rec["source"], rec.get("meta") or {}
    values = rec.get("values") or {}
    findings = [f.get("severity") for f in rec.get("findings") or ()]
    return {"id": rec["id"], "source": {k: source.get(k) for k in ("path", "url", "format", "inner_format")},
            "meta": {k: meta.get(k) for k in ("agency", "division_code", "year", "era", "title", "published",
                                               "signed")},
            "error": rec.get("error"),
            "counts": {k: len(rec.get(k) or ()) for k in ("sections", "values", "figures", "findings")},
            "filled": sum(v.get("value") is not None for v in values.values()),
            "severity": {s: findings.count(s) for s in SEVERITIES}}


def value_rows(rec: dict, doc: int) -> Iterator[tuple]:
    """The rows of one record's values, in VALUE_SCHEMA order (agency and primary left empty) plus
    the document's ordinal."""
    meta, source = rec.get("meta") or {}, rec["source"]
    head = (rec["id"], source["path"], own_format(source), None, meta.get("year"), meta.get("era"))
    for key, v in (rec.get("values") or {}).items():
        info, where, value = key_info(key), v.get("where") or {}, v.get("value")
        yield head + (key, info.label if info else None, float(value) if value is not None else None,
                      v.get("unit"), v.get("qualifier"), v.get("raw"), bool(v.get("derived")),
                      where.get("section"), where.get("page"), None, doc)


class ValuesWriter:
    """Streams value rows into a temporary file; `finish` writes `values.parquet` from it."""

    def __init__(self, path: Path):
        self.path = path
        self.tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
        self.schema = VALUE_SCHEMA.append(pa.field(_DOC, pa.int32()))
        self.writer = pq.ParquetWriter(self.tmp, self.schema)
        self.rows: list[tuple] = []
        self.docs = 0

    def add(self, rec: dict) -> None:
        """Buffer the rows of the next record of the batch."""
        self.rows.extend(value_rows(rec, self.docs))
        self.docs += 1
        if len(self.rows) >= PARQUET_BATCH_ROWS:
            self._flush()

    def _flush(self) -> None:
        if self.rows:
            columns = dict(zip(self.schema.names, map(list, zip(*self.rows))))  # ~5x faster than from_pylist
            self.writer.write_table(pa.Table.from_pydict(columns, schema=self.schema))
            self.rows = []

    def finish(self, agencies: Sequence[Optional[str]], primary: Sequence[bool]) -> int:
        """Write values.parquet with each record's canonical agency and primary flag (in batch
        order); returns the number of rows."""
        self._flush()
        self.writer.close()
        late = {"agency": pa.array(agencies, pa.string()), "primary": pa.array(primary, pa.bool_())}
        out = self.path.with_name(f".{self.path.name}.{os.getpid()}.out")
        count = 0
        with pq.ParquetWriter(out, VALUE_SCHEMA) as writer:
            for batch in pq.ParquetFile(self.tmp).iter_batches(batch_size=PARQUET_BATCH_ROWS):
                docs = batch.column(_DOC)
                columns = [late[name].take(docs) if name in late else batch.column(name)
                           for name in VALUE_SCHEMA.names]
                writer.write_table(pa.Table.from_arrays(columns, schema=VALUE_SCHEMA))
                count += batch.num_rows
            if count == 0:  # an empty file still carries the schema
                writer.write_table(VALUE_SCHEMA.empty_table())
        os.remove(self.tmp)
        os.replace(out, self.path)
        return count


def mark_copies(digests: Sequence[dict]) -> tuple[list[Optional[str]], list[Optional[int]]]:
    """Each document's canonical agency (names unified across the batch) and, for a copy that is
    not the primary of its agency's year, the index of the primary (`domain.copies`)."""
    named = [((d["meta"]["agency"] or ""), d["meta"]["year"]) for d in digests]
    names = default_index().unify(named)
    agencies = [names[n] if n[0] else None for n in named]
    copies = [Copy(agency, d["meta"]["year"], own_format(d["source"]), d["error"] is not None, d["filled"],
                   d["source"]["path"]) for agency, d in zip(agencies, digests)]
    return agencies, duplicate_of(copies)


def write_reports(path: Path, digests: Sequence[dict], agencies: Sequence[Optional[str]],
                  dup: Sequence[Optional[int]]) -> None:
    """reports.parquet: one row per document, in batch order."""
    rows = []
    for d, agency, primary_at in zip(digests, agencies, dup):
        meta, source, error = d["meta"], d["source"], d["error"]
        rows.append({"report_id": d["id"], "path": source["path"], "format": own_format(source),
                     "url": source["url"], "agency": agency, "agency_raw": meta["agency"],
                     "division_code": meta["division_code"], "year": meta["year"], "era": meta["era"],
                     "title": meta["title"], "published": meta["published"], "signed": meta["signed"],
                     "values": d["filled"], "blanks": d["counts"]["values"] - d["filled"],
                     **{f"{s}s": n for s, n in d["severity"].items()},
                     "error": error["message"] if error else None, "primary": primary_at is None,
                     "duplicate_of": digests[primary_at]["id"] if primary_at is not None else None})
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    pq.write_table(pa.Table.from_pylist(rows, schema=REPORT_SCHEMA), tmp)
    os.replace(tmp, path)
