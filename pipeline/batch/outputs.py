"""The outputs of `xxgk parse`: reports.jsonl and two tables beside it, for pandas and other parquet readers.

`BatchOutputs` takes each unit's JSON lines and record summaries (`summary`) in batch order, as
the units finish, and writes:

* `values.parquet`: one row per report and canonical key (VALUE_SCHEMA), with the template's
  row and column labels (`domain.codebook`), the section and page the value was read from, the
  document's format and whether the report is the `primary` copy of its agency's year.
* `reports.parquet`: one row per document (REPORT_SCHEMA): where it came from, who and which
  year, how many values and findings, its error, and `primary` / `duplicate_of`.

Both tables are streamed into temporary files while the records are read (`Spool`): for the values,
only the columns that differ between a record's values (`summary.VALUE_FIELDS`); for the reports,
what each record gives of its row (`summary.ROW_FIELDS`). The parent's memory does not grow with
the batch while it parses. The canonical agency names and the primary copies need every record:
`finish` reads back the rows, adds those columns and writes reports.parquet, then copies the
values into `values.parquet` with the columns that are the same for all of a record's values,
taken from its row of reports.parquet, and the labels from the keys.
"""
from __future__ import annotations

import os
from array import array
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Iterator, Optional, Sequence, TypeVar

import pyarrow as pa
import pyarrow.compute as pc  # ~25 ms to import: with this module, while a pool starts, not at the batch's end
import pyarrow.parquet as pq

from ..domain.codebook import key_info
from ..domain.copies import Copy, duplicate_of
from ..domain.divisions import name_index
from ..domain.identity import organs_of
from ..record import SEVERITIES
from .summary import ROW_FIELDS, VALUE_FIELDS, Summary

T = TypeVar("T")

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
# The columns the temporary reports file holds: a record's own (`summary.ROW_FIELDS`).
ROW_SCHEMA = pa.schema([REPORT_SCHEMA.field(name) if name in REPORT_SCHEMA.names else pa.field(name, pa.string())
                        for name in ROW_FIELDS])
# Where a row (`summary.report_row`) holds the error message of a document that failed.
_ERROR = ROW_FIELDS.index("error")
# The document's ordinal in the batch: links a temporary value row to its record.
_DOC = "_doc"
# Value rows buffered before a row group of a temporary file or of values.parquet is written: bounds memory.
PARQUET_BATCH_ROWS = 50_000
# Report rows buffered before a row group of their temporary file is written: a report row buffered
# in Python takes ~2.4 KB of the parent's memory (buffered 50,000 at a time, the rows of 12,000 real
# text dumps took 22 MB more than those of 3,000), a value row a few hundred bytes.
REPORT_BATCH_ROWS = 4_000


def beside(path: Path, ending: str = "tmp") -> Path:
    """The hidden file beside `path` this process writes before putting it in place (os.replace)."""
    return path.with_name(f".{path.name}.{os.getpid()}.{ending}")


class Spool:
    """Rows streamed into a temporary parquet file beside `path`, buffered by column and written a
    row group of `batch_rows` at a time."""

    def __init__(self, path: Path, schema: pa.Schema, batch_rows: int):
        self.tmp = beside(path)
        self.schema = schema
        self.batch_rows = batch_rows
        self.writer = pq.ParquetWriter(self.tmp, schema)
        self.columns: list[list] = [[] for _ in schema.names]

    def append(self, row: Sequence) -> None:
        """One row, a value for each column of the schema."""
        for column, value in zip(self.columns, row):
            column.append(value)
        if len(self.columns[0]) >= self.batch_rows:
            self._flush()

    def extend(self, columns: Sequence[list]) -> None:
        """Several rows, given as columns."""
        for column, more in zip(self.columns, columns):
            column.extend(more)
        if len(self.columns[0]) >= self.batch_rows:
            self._flush()

    def _flush(self) -> None:
        if self.columns[0]:
            self.writer.write_table(pa.Table.from_arrays(
                [pa.array(column, field.type) for column, field in zip(self.columns, self.schema)], schema=self.schema))
            self.columns = [[] for _ in self.schema.names]

    def close(self) -> None:
        """Write what is buffered and close the file; it can then be read."""
        self._flush()
        self.writer.close()

    def read(self) -> pa.Table:
        """The rows written (after `close`), each column in one chunk (read whole, not a row group at
        a time: the table is not held twice, in pieces and joined)."""
        return pq.ParquetFile(self.tmp).read()

    def batches(self) -> Iterator[pa.RecordBatch]:
        """The rows written, in order, `batch_rows` at a time (after `close`)."""
        return pq.ParquetFile(self.tmp).iter_batches(batch_size=self.batch_rows)

    def discard(self) -> None:
        """Close and remove the temporary file."""
        self.writer.close()
        self.tmp.unlink(missing_ok=True)


class ValuesWriter:
    """Streams the value columns that differ between values (`summary.VALUE_FIELDS`) into a
    temporary file; `finish` writes `values.parquet` from it with the columns that follow from the
    document (taken by its ordinal) or the key (the label)."""

    def __init__(self, path: Path):
        self.path = path
        self.spool = Spool(path, pa.schema([VALUE_SCHEMA.field(name) for name in VALUE_FIELDS])
                           .append(pa.field(_DOC, pa.int32())), PARQUET_BATCH_ROWS)
        self.docs = 0

    def add(self, columns: Sequence[list]) -> None:
        """The value columns (`summary.value_columns`) of the next record of the batch."""
        self.spool.extend([*columns, [self.docs] * len(columns[0])])
        self.docs += 1

    def finish(self, per_doc: dict[str, pa.ChunkedArray]) -> int:
        """Write values.parquet; `per_doc` holds the `PER_DOC_FIELDS` columns, one item per record
        in batch order. Returns the number of rows."""
        self.spool.close()
        out = beside(self.path, "out")
        count = 0
        with pq.ParquetWriter(out, VALUE_SCHEMA) as writer:
            for table in _one_ahead(_values_table(batch, per_doc) for batch in self.spool.batches()):
                writer.write_table(table)
                count += table.num_rows
            if count == 0:  # an empty file still carries the schema
                writer.write_table(VALUE_SCHEMA.empty_table())
        self.spool.discard()
        os.replace(out, self.path)
        return count


def _values_table(batch: pa.RecordBatch, per_doc: dict[str, pa.ChunkedArray]) -> pa.Table:
    """A batch of the temporary value rows as a table of values.parquet: the columns that follow
    from each row's document and key added."""
    docs = batch.column(_DOC)
    return pa.Table.from_arrays([pc.take(per_doc[name], docs) if name in per_doc else
                                 _labels(batch.column("key")) if name == "label" else batch.column(name)
                                 for name in VALUE_SCHEMA.names], schema=VALUE_SCHEMA)


def _one_ahead(items: Iterator[T]) -> Iterator[T]:
    """The items of `items`, each made in a helper thread while the caller handles the one before:
    pyarrow reads, computes and writes without holding the GIL, so the next batch of values.parquet
    is read and completed while this one is encoded and written."""
    with ThreadPoolExecutor(1) as helper:
        coming = helper.submit(next, items, None)
        while (item := coming.result()) is not None:
            coming = helper.submit(next, items, None)
            yield item


def _labels(keys: pa.Array) -> pa.Array:
    """The template label of each key (`domain.codebook`; null for a key outside it), looked up once
    per distinct key."""
    encoded = pc.dictionary_encode(keys)
    labels = [info.label if (info := key_info(key)) else None for key in encoded.dictionary.to_pylist()]
    return pc.take(pa.array(labels, pa.string()), encoded.indices)


def mark_copies(rows: pa.Table) -> tuple[list[Optional[str]], list[Optional[int]]]:
    """Each document's canonical agency (`domain.identity`, names unified across the batch as
    `compare.load` does) and, for a copy that is not the primary of its agency's year, the index of
    the primary (`domain.copies`). `rows` has the columns of ROW_SCHEMA, a row per document; they
    are read a chunk at a time, and what repeats (agency, year, format) is held once."""
    named: dict[tuple, int] = {}  # (agency, agency_canonical, year): what `organs_of` reads of a report
    which = array("l")
    for chunk in rows.select(["agency_raw", "agency_canonical", "year"]).to_batches(REPORT_BATCH_ROWS):
        which.extend(named.setdefault(n, len(named)) for n in zip(*(c.to_pylist() for c in chunk.columns)))
    organs = organs_of(list(named))  # the same organs as from every report: it reads only the distinct ones
    years = [year for _, _, year in named]
    formats: dict[str, str] = {}
    copies: list[Copy] = []
    for chunk in rows.select(["format", "error", "values", "path"]).to_batches(REPORT_BATCH_ROWS):
        at = len(copies)
        copies.extend(Copy(organs[n], years[n], formats.setdefault(fmt, fmt), error is not None, filled, path)
                      for n, fmt, error, filled, path in zip(which[at:at + chunk.num_rows],
                                                             *(c.to_pylist() for c in chunk.columns)))
    return [organs[n] for n in which], duplicate_of(copies)


def reports_table(rows: pa.Table, agencies: Sequence[Optional[str]], dup: Sequence[Optional[int]]) -> pa.Table:
    """reports.parquet's table, one row per document in batch order: each record's `rows` (each
    column in one chunk, as `Spool.read` gives them), its agency unified across the batch, `primary`
    and `duplicate_of` (the primary's id)."""
    added = {"agency": pa.array(agencies, pa.string()), "primary": pa.array([at is None for at in dup], pa.bool_()),
             "duplicate_of": pc.take(rows.column("report_id"), pa.array(dup, pa.int64()))}
    return pa.table([added[name] if name in added else rows.column(name) for name in REPORT_SCHEMA.names],
                    schema=REPORT_SCHEMA)


class BatchOutputs:
    """The three outputs of a batch, fed one unit at a time in batch order: reports.jsonl, the
    reports' rows and the values are streamed into temporary files, and `finish` puts all three in
    place."""

    def __init__(self, out: Path):
        self.out = out
        self.reports = out / "reports.jsonl"
        self.tmp = beside(self.reports)
        self.fh = self.tmp.open("wb")
        self.values = ValuesWriter(out / "values.parquet")
        self.rows = Spool(out / "reports.rows", ROW_SCHEMA, REPORT_BATCH_ROWS)
        self.documents = 0
        self.failures: list[str] = []  # the error message of each document that failed, in batch order
        # `finish` reads every agency name against the division table (`mark_copies`): loaded now
        # (~11 ms), while a pool starts, rather than after the last document, when the cores wait.
        name_index()

    def add(self, lines: bytes, summaries: Sequence[Summary]) -> None:
        """The next unit: its records' JSON lines and their summaries."""
        self.fh.write(lines)
        for row, columns in summaries:
            self.values.add(columns)
            self.rows.append(row)
            if row[_ERROR] is not None:
                self.failures.append(row[_ERROR])
        self.documents += len(summaries)

    def finish(self) -> None:
        """Write the outputs in place."""
        self.fh.close()
        os.replace(self.tmp, self.reports)
        self.rows.close()
        # In one chunk, as a table built whole: parquet ends a data page where a chunk ends, so the
        # row groups of the temporary file would show in reports.parquet's bytes.
        rows = self.rows.read()
        self.rows.discard()
        reports = reports_table(rows, *mark_copies(rows))
        self.values.finish({name: reports.column(name) for name in PER_DOC_FIELDS})
        path = self.out / "reports.parquet"
        tmp = beside(path)
        pq.write_table(reports, tmp)
        os.replace(tmp, path)

    def discard(self) -> None:
        """Remove the temporary files of a batch that stops before `finish`."""
        self.fh.close()
        self.tmp.unlink(missing_ok=True)
        self.values.spool.discard()
        self.rows.discard()
