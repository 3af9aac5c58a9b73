"""The outputs of `xxgk parse`: reports.jsonl and two tables beside it, for pandas and other parquet readers.

`BatchOutputs` takes each unit's JSON lines and record summaries (`summary`) in batch order, as
the units finish, and writes:

* `values.parquet`: one row per report and canonical key (VALUE_SCHEMA), with the template's
  row and column labels (`domain.codebook`), the section and page the value was read from, the
  document's format and whether the report is the `primary` copy of its agency's year.
* `reports.parquet`: one row per document (REPORT_SCHEMA): where it came from, who and which
  year, how many values and findings, its error, and `primary` / `duplicate_of`.

Values are streamed into a temporary file while the records are read, only the columns that differ
between a record's values (`summary.VALUE_FIELDS`); the canonical agency names and the primary
copies need every record, so the columns that are the same for all of a record's values are taken
from its row of reports.parquet when the temporary file is copied into `values.parquet`
(`ValuesWriter.finish`), and the labels from the keys.
"""
from __future__ import annotations

import os
from pathlib import Path
from typing import Optional, Sequence

import pyarrow as pa
import pyarrow.parquet as pq

from ..domain.codebook import key_info
from ..domain.copies import Copy, duplicate_of, own_format
from ..domain.identity import organs_of
from ..record import SEVERITIES
from .summary import VALUE_FIELDS, Summary

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
# The columns of values.parquet that are the same for every value of a record, taken from its row of
# reports.parquet (the same names and types there) when values.parquet is written.
PER_DOC_FIELDS = [name for name in VALUE_SCHEMA.names if name not in (*VALUE_FIELDS, "label")]
# The document's ordinal in the batch: links a temporary value row to its record.
_DOC = "_doc"
# Value rows buffered before a row group of values.parquet is written: bounds memory.
PARQUET_BATCH_ROWS = 50_000


class ValuesWriter:
    """Streams the value columns that differ between values (`summary.VALUE_FIELDS`) into a
    temporary file; `finish` writes `values.parquet` from it with the columns that follow from the
    document (taken by its ordinal) or the key (the label)."""

    def __init__(self, path: Path):
        self.path = path
        self.tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
        self.schema = pa.schema([VALUE_SCHEMA.field(name) for name in VALUE_FIELDS]).append(pa.field(_DOC, pa.int32()))
        self.writer = pq.ParquetWriter(self.tmp, self.schema)
        self.columns: list[list] = [[] for _ in self.schema.names]  # buffered rows, by column
        self.docs = 0

    def add(self, columns: Sequence[list]) -> None:
        """Buffer the value columns (`summary.value_columns`) of the next record of the batch."""
        for column, more in zip(self.columns, columns):
            column.extend(more)
        self.columns[-1].extend([self.docs] * len(columns[0]))
        self.docs += 1
        if len(self.columns[-1]) >= PARQUET_BATCH_ROWS:
            self._flush()

    def _flush(self) -> None:
        if self.columns[-1]:
            self.writer.write_table(pa.Table.from_arrays(
                [pa.array(column, field.type) for column, field in zip(self.columns, self.schema)], schema=self.schema))
            self.columns = [[] for _ in self.schema.names]

    def finish(self, per_doc: dict[str, pa.Array]) -> int:
        """Write values.parquet; `per_doc` holds the `PER_DOC_FIELDS` columns, one item per record
        in batch order. Returns the number of rows."""
        self._flush()
        self.writer.close()
        out = self.path.with_name(f".{self.path.name}.{os.getpid()}.out")
        count = 0
        with pq.ParquetWriter(out, VALUE_SCHEMA) as writer:
            for batch in pq.ParquetFile(self.tmp).iter_batches(batch_size=PARQUET_BATCH_ROWS):
                docs = batch.column(_DOC)
                columns = [per_doc[name].take(docs) if name in per_doc else
                           _labels(batch.column("key")) if name == "label" else batch.column(name)
                           for name in VALUE_SCHEMA.names]
                writer.write_table(pa.Table.from_arrays(columns, schema=VALUE_SCHEMA))
                count += batch.num_rows
            if count == 0:  # an empty file still carries the schema
                writer.write_table(VALUE_SCHEMA.empty_table())
        os.remove(self.tmp)
        os.replace(out, self.path)
        return count


def _labels(keys: pa.Array) -> pa.Array:
    """The template label of each key (`domain.codebook`; null for a key outside it), looked up once
    per distinct key."""
    encoded = keys.dictionary_encode()
    labels = [info.label if (info := key_info(key)) else None for key in encoded.dictionary.to_pylist()]
    return pa.array(labels, pa.string()).take(encoded.indices)


def mark_copies(digests: Sequence[dict]) -> tuple[list[Optional[str]], list[Optional[int]]]:
    """Each document's canonical agency (`domain.identity`, names unified across the batch as
    `compare.load` does) and, for a copy that is not the primary of its agency's year, the index of
    the primary (`domain.copies`)."""
    agencies = organs_of([(d["meta"]["agency"], d["meta"].get("agency_canonical"), d["meta"]["year"])
                          for d in digests])
    copies = [Copy(agency, d["meta"]["year"], own_format(d["source"]), d["error"] is not None, d["filled"],
                   d["source"]["path"]) for agency, d in zip(agencies, digests)]
    return agencies, duplicate_of(copies)


def reports_table(digests: Sequence[dict], agencies: Sequence[Optional[str]],
                  dup: Sequence[Optional[int]]) -> pa.Table:
    """reports.parquet's table: one row per document, in batch order."""
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
    return pa.Table.from_pylist(rows, schema=REPORT_SCHEMA)


class BatchOutputs:
    """The three outputs of a batch, fed one unit at a time in batch order: reports.jsonl and the
    values are streamed into temporary files, and `finish` puts all three in place."""

    def __init__(self, out: Path):
        self.out = out
        self.reports = out / "reports.jsonl"
        self.tmp = self.reports.with_name(f".{self.reports.name}.{os.getpid()}.tmp")
        self.fh = self.tmp.open("wb")
        self.values = ValuesWriter(out / "values.parquet")
        self.digests: list[dict] = []

    def add(self, lines: bytes, summaries: Sequence[Summary]) -> None:
        """The next unit: its records' JSON lines and their summaries."""
        self.fh.write(lines)
        for digest, columns in summaries:
            self.values.add(columns)
            self.digests.append(digest)

    def finish(self) -> list[dict]:
        """Write the outputs in place; returns the digest of every record, in batch order."""
        self.fh.close()
        os.replace(self.tmp, self.reports)
        reports = reports_table(self.digests, *mark_copies(self.digests))
        self.values.finish({name: reports.column(name).combine_chunks() for name in PER_DOC_FIELDS})
        path = self.out / "reports.parquet"
        tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
        pq.write_table(reports, tmp)
        os.replace(tmp, path)
        return self.digests

    def discard(self) -> None:
        """Remove the temporary files of a batch that stops before `finish`."""
        self.fh.close()
        self.values.writer.close()
        for tmp in (self.tmp, self.values.tmp):
            tmp.unlink(missing_ok=True)
