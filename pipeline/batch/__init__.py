"""Batches: find the documents under the given paths, parse each, write the outputs.

Outputs under OUT/: `reports.jsonl` (one record per document, `record.md`) and
`values.parquet` (long format: one row per report and canonical key). Documents
are parsed in parallel (`workers`), each unit's records are kept in the
incremental cache (`cache`) as soon as it is parsed, and both outputs are
assembled from the cache at the end, in input order: a run that is killed and
started again ends with exactly the output of an uninterrupted run.
"""
from __future__ import annotations

import json
import os
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Iterator, Optional, Sequence

from .archive import ARCHIVE_SUFFIXES, is_archive, parse_archive
from .cache import Cache, pipeline_version, unit_key
from ..core import error_record, parse_path
from .progress import Progress
from ..read import SUPPORTED_SUFFIXES
from ..record import Record
from ..read.base import is_warc
from .warc import parse_warc
from .workers import TIMEOUT_SECONDS, Parsed, Unit, parse_chunk, run_local

VALUE_COLUMNS = ("report_id", "path", "agency", "year", "era", "key", "value", "unit",
                 "qualifier", "raw", "derived")


# Value rows buffered before a row group of values.parquet is written: bounds memory.
PARQUET_BATCH_ROWS = 50_000
ENGINES = ("local", "dask")


@dataclass
class BatchResult:
    documents: int = 0
    ok: int = 0
    failed: int = 0
    seconds: float = 0.0
    cached: int = 0  # input files whose records came from the cache
    parsed: int = 0  # input files parsed in this run
    records: list[dict] = field(default_factory=list)  # `digest` of each record, in order


def iter_documents(paths: Iterable[str | Path]) -> Iterator[Path]:
    """Every document file named or found (recursively) under the paths, in a stable order.

    A path that does not exist is yielded as is, so that it gets an error record.
    """
    for raw in paths:
        p = Path(raw)
        if p.is_dir():
            for f in sorted(p.rglob("*")):
                if f.is_file() and (f.suffix.lower() in SUPPORTED_SUFFIXES | ARCHIVE_SUFFIXES or is_warc(f)) \
                        and not f.name.startswith("."):
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
    if is_archive(path):
        yield from parse_archive(path)
        return
    yield parse_path(path)


def parse_many(paths: Iterable[str | Path]) -> Iterator[Record]:
    """Parse every document under the paths, one record each, never stopping on a bad file."""
    for path in iter_documents(paths):
        try:
            yield from parse_unit(path)
        except Exception as exc:  # parse_path already guards; this is the last line of defence
            yield error_record(str(path), type(exc).__name__, str(exc))


def value_rows(rec: dict) -> Iterator[tuple]:
    """The long-format rows of one record's values, as tuples in VALUE_COLUMNS order."""
    meta = rec.get("meta") or {}
    head = (rec["id"], rec["source"]["path"], meta.get("agency"), meta.get("year"), meta.get("era"))
    for key, v in (rec.get("values") or {}).items():
        value = v.get("value")
        yield head + (key, float(value) if value is not None else None, v.get("unit"), v.get("qualifier"),
                      v.get("raw"), bool(v.get("derived")))


# pyarrow types of the VALUE_COLUMNS, in order.
VALUE_TYPES = ("string", "string", "string", "int32", "string", "string", "float64", "string", "string",
               "string", "bool_")


class ValuesWriter:
    """Streams value rows into `values.parquet` (via a temp file replaced on `close`)."""

    def __init__(self, path: Path):
        import pyarrow as pa
        import pyarrow.parquet as pq

        self.path = path
        self.tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
        self.schema = pa.schema([(name, getattr(pa, kind)()) for name, kind in zip(VALUE_COLUMNS, VALUE_TYPES)])
        self.writer = pq.ParquetWriter(self.tmp, self.schema)
        self.rows: list[tuple] = []
        self.count = 0

    def add(self, rec: dict) -> None:
        self.rows.extend(value_rows(rec))
        if len(self.rows) >= PARQUET_BATCH_ROWS:
            self._flush()

    def _flush(self) -> None:
        import pyarrow as pa

        if self.rows:
            columns = dict(zip(VALUE_COLUMNS, map(list, zip(*self.rows))))  # ~5x faster than from_pylist
            self.writer.write_table(pa.Table.from_pydict(columns, schema=self.schema))
            self.count += len(self.rows)
            self.rows = []

    def close(self) -> int:
        """Finish the file; returns the number of rows."""
        self._flush()
        if self.count == 0:  # an empty file still carries the schema
            import pyarrow as pa

            self.writer.write_table(pa.Table.from_pylist([], schema=self.schema))
        self.writer.close()
        os.replace(self.tmp, self.path)
        return self.count


def digest(rec: dict) -> dict:
    """The few fields of a record that a batch keeps in memory (the full record is in
    reports.jsonl): id, source path/url/format, agency/year/era, error, and counts."""
    source, meta = rec["source"], rec.get("meta") or {}
    return {"id": rec["id"], "source": {k: source.get(k) for k in ("path", "url", "format")},
            "meta": {k: meta.get(k) for k in ("agency", "year", "era")}, "error": rec.get("error"),
            "counts": {k: len(rec.get(k) or ()) for k in ("sections", "values", "figures", "findings")}}


def run_batch(paths: Iterable[str | Path], out_dir: str | Path, jobs: Optional[int] = None,
              force: bool = False, engine: str = "local", scheduler: Optional[str] = None,
              timeout: Optional[float] = TIMEOUT_SECONDS, progress: Optional[bool] = None) -> BatchResult:
    """Parse all documents under `paths` into `out_dir`.

    `jobs` worker processes (default: all cores) or a dask.distributed cluster at
    `scheduler` (engine "dask"); files already in the cache with the same content
    and pipeline version are not parsed again unless `force`. `progress` draws a
    bar on stderr (default: when stderr is a terminal).
    """
    if engine not in ENGINES:
        raise ValueError(f"unknown engine {engine!r}; choose one of {', '.join(ENGINES)}")
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    t0 = time.perf_counter()
    cache = Cache(out)
    version = pipeline_version()
    units = [(str(p), unit_key(p, version)) for p in iter_documents(paths)]
    todo = list({key: (path, key) for path, key in units if force or not cache.has(key)}.values())
    result = BatchResult(cached=len(units) - len(todo), parsed=len(todo))
    bar = Progress(len(todo), enabled=progress)
    for chunk in _parse(todo, engine, jobs, scheduler, timeout):
        for key, lines in chunk:
            cache.put(key, lines)
        bar.update(len(chunk))
    bar.close()
    _assemble(units, cache, out, result, timeout)
    result.ok = result.documents - result.failed
    result.seconds = time.perf_counter() - t0
    return result


def _parse(todo: Sequence[Unit], engine: str, jobs: Optional[int], scheduler: Optional[str],
           timeout: Optional[float]) -> Iterator[list[Parsed]]:
    if not todo:
        return iter(())
    if engine == "dask":
        from .daskengine import run_dask

        return run_dask(todo, parse_unit, scheduler, timeout)
    return run_local(todo, parse_unit, jobs or len(os.sched_getaffinity(0)), timeout)


def _assemble(units: Sequence[Unit], cache: Cache, out: Path, result: BatchResult,
              timeout: Optional[float]) -> None:
    """Write reports.jsonl and values.parquet from the cache, in input order."""
    reports = out / "reports.jsonl"
    tmp = reports.with_name(f".{reports.name}.{os.getpid()}.tmp")
    values = ValuesWriter(out / "values.parquet")
    with tmp.open("w", encoding="utf-8") as fh:
        for path, key in units:
            lines = cache.get(key)
            if lines is None:  # the entry vanished since this run wrote it: parse it again
                [(key, lines)] = parse_chunk([(path, key)], parse_unit, timeout)
                cache.put(key, lines)
            fh.write(lines)
            for line in lines.splitlines():
                rec = json.loads(line)
                values.add(rec)
                result.documents += 1
                result.failed += rec["error"] is not None
                result.records.append(digest(rec))
    os.replace(tmp, reports)
    values.close()
