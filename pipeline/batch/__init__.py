"""Batches: find the documents under the given paths, parse each, write the outputs.

Outputs under OUT/: `reports.jsonl` (one record per document, `record.md`),
`values.parquet` (long format: one row per report and canonical key) and
`reports.parquet` (one row per document), the last two written by `outputs`.
Documents are parsed in parallel (`workers`), each unit's records are kept in
the incremental cache (`cache`) as soon as it is parsed, and the outputs are
written in input order as the units finish, from what the workers send back or
from the cache (`outputs`; put in place at the end): a run that is killed and
started again ends with exactly the output of an uninterrupted run.

The parse stages (`core`, ~0.25 s to import) are imported where a document is parsed, not with
this package: the parent of a worker pool never needs them, and the server its workers fork from
has imported them already (`workers.WORKER_MODULES`).
"""
from __future__ import annotations

import json
import os
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Iterator, Optional, Sequence

from .archive import ARCHIVE_SUFFIXES, is_archive, parse_archive
from .cache import Cache, pipeline_version, unit_key
from .progress import Progress
from ..read.base import SUPPORTED_SUFFIXES, is_warc
from ..record import Record, error_record
from .warc import parse_warc
from .summary import Summary, summarise
from .workers import TIMEOUT_SECONDS, Parsed, Unit, chunked, keyed, parse_chunk, run_local, start_forkserver

ENGINES = ("local", "dask")
# Parsed units held in memory while waiting for an earlier unit to finish (a slow document holds
# back the writing of all that follow): ~0.1 MB each for a real report. Past it, a unit is read
# back from the cache when its turn comes.
READY_UNITS_MAX = 500


@dataclass
class BatchResult:
    out: Path  # the output folder
    documents: int = 0
    ok: int = 0
    failed: int = 0
    seconds: float = 0.0
    cached: int = 0  # input files whose records came from the cache
    parsed: int = 0  # input files parsed in this run
    failures: list[str] = field(default_factory=list)  # the error message of each failed document, in order
    problems: list[str] = field(default_factory=list)  # paths that gave no document (`find_documents`)

    def records(self) -> Iterator[dict]:
        """Every record of the batch, in order, read from OUT/reports.jsonl as it is now (a batch
        does not keep its records in memory)."""
        with (self.out / "reports.jsonl").open(encoding="utf-8") as fh:
            for line in fh:
                yield json.loads(line)


def is_document_file(f: Path) -> bool:
    """A file a folder search picks up: a report, an archive or a WARC, not a hidden file."""
    return (f.suffix.lower() in SUPPORTED_SUFFIXES | ARCHIVE_SUFFIXES or is_warc(f)) and not f.name.startswith(".")


def find_documents(paths: Iterable[str | Path]) -> tuple[list[Path], list[str]]:
    """Every document file named or found (recursively) under the paths, in a stable order, and
    one line for each path that gives none: missing, an unreadable or empty folder, a folder
    without report files. A file named explicitly is kept whatever its suffix (it gets a record)."""
    found: list[Path] = []
    problems: list[str] = []
    for raw in paths:
        p = Path(raw)
        if p.is_dir():
            if not os.access(p, os.R_OK | os.X_OK):
                problems.append(f"{p}: folder cannot be read (permission denied)")
                continue
            files = sorted(f for f in p.rglob("*") if f.is_file())
            docs = [f for f in files if is_document_file(f)]
            if not docs:
                problems.append(f"{p}: empty folder" if not files else
                                f"{p}: no report files in this folder ({len(files)} other files)")
            found.extend(docs)
        elif p.exists():
            found.append(p)
        else:
            problems.append(f"{p}: no such file or folder")
    return found, problems


def iter_documents(paths: Iterable[str | Path]) -> Iterator[Path]:
    """The document files of `find_documents`; paths that give none are left out."""
    yield from find_documents(paths)[0]


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
    from ..core import parse_path

    yield parse_path(path)


def parse_many(paths: Iterable[str | Path]) -> Iterator[Record]:
    """Parse every document under the paths, one record each, never stopping on a bad file."""
    for path in iter_documents(paths):
        try:
            yield from parse_unit(path)
        except Exception as exc:  # parse_path already guards; this is the last line of defence
            yield error_record(str(path), type(exc).__name__, str(exc))


def _job_count(jobs: Optional[int]) -> int:
    """The worker processes of a batch: `jobs`, or every core this process may use."""
    return jobs or len(os.sched_getaffinity(0))


def _first_run(cache: Cache, force: bool) -> bool:
    """Every file found will be parsed: `force`, or no cache to consult yet."""
    return force or not cache.exists()


def start_pool_early(paths: Sequence[str | Path], out_dir: str | Path, jobs: Optional[int] = None,
                     force: bool = False, engine: str = "local") -> None:
    """Start the server pool workers fork from (`workers.start_forkserver`) for a batch that will
    parse several files in a pool (a folder or several paths named; a first run or `force`), before
    the caller's own imports: `xxgk parse` calls it before importing pyarrow, whose import then
    runs beside the server's (`-j 2`, least wall of 5–7 runs in turn with the code before: two files
    0.35–0.40 → 0.31–0.35 s, 600 text dumps 1.47–1.65 → 1.39–1.61 s, 600 saved pages 2.42–2.52 →
    2.38–2.39 s). `run_batch` starts it otherwise, once it knows the files."""
    several = len(paths) > 1 or any(Path(p).is_dir() for p in paths)
    if engine == "local" and _job_count(jobs) > 1 and several and _first_run(Cache(Path(out_dir)), force):
        start_forkserver()


def run_batch(paths: Iterable[str | Path], out_dir: str | Path, jobs: Optional[int] = None,
              force: bool = False, engine: str = "local", scheduler: Optional[str] = None,
              timeout: Optional[float] = TIMEOUT_SECONDS, progress: Optional[bool] = None) -> BatchResult:
    """Parse all documents under `paths` into `out_dir`.

    `jobs` worker processes (default: all cores; a single file to parse is parsed in this
    process) or a dask.distributed cluster at `scheduler` (engine "dask"); files already in
    the cache with the same content and pipeline version are not parsed again unless
    `force`. `progress` draws a bar on stderr (default: when stderr is a terminal).
    """
    if engine not in ENGINES:
        raise ValueError(f"unknown engine {engine!r}; choose one of {', '.join(ENGINES)}")
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    t0 = time.perf_counter()
    cache = Cache(out)
    documents, problems = find_documents(paths)
    jobs = _job_count(jobs)
    pool = engine == "local" and jobs > 1
    if _first_run(cache, force):  # every file will be parsed: each unit's key is computed where it is
        if pool and len(documents) > 1:
            start_forkserver()
        units: list[Unit] = [(str(p), None) for p in documents]
        stored: set[str] = set()
    else:
        units, stored = _units(documents, pipeline_version(), jobs), cache.keys()
    del documents  # its Path objects: ~350 bytes a file, twice what the units take
    todo = list({path: (path, key) for path, key in units if key not in stored}.values())
    result = BatchResult(out, cached=len(units) - len(todo), parsed=len(todo), problems=problems)
    if pool and len(todo) > 1:
        start_forkserver()
    from .outputs import BatchOutputs  # pyarrow: ~0.7 s to import

    outputs = BatchOutputs(out)
    try:
        for lines, summaries in _in_order(units, todo, cache, engine, jobs, scheduler, timeout, progress):
            outputs.add(lines, summaries)
    except BaseException:
        outputs.discard()
        raise
    finally:
        cache.close()
    outputs.finish()
    cache.drop_other_versions()
    result.documents, result.failures = outputs.documents, outputs.failures
    result.failed = len(result.failures)
    result.ok = result.documents - result.failed
    result.seconds = time.perf_counter() - t0
    return result


# Files a thread hashes per task while the cache keys are computed (`_units`): few tasks in a large batch.
KEY_CHUNK_FILES = 256


def _units(files: Sequence[Path], version: str, threads: int) -> list[Unit]:
    """Each file as a unit, in order: its path and cache key, for a run that consults the cache. The
    keys (the files' content hashes) all come before the first file is parsed, so they are computed
    in `threads` threads, since reading a file and sha256 let other threads run (600 saved pages of
    261 KB: 121 ms in one thread, 62 ms in two; two million such files would keep 16 cores waiting
    ~5 min in one)."""
    def keys(chunk: list[Path]) -> list[str]:
        return [unit_key(path, version) for path in chunk]

    chunks = chunked(files, threads, most=KEY_CHUNK_FILES)
    if threads > 1 and len(chunks) > 1:
        with ThreadPoolExecutor(threads) as pool:
            hashed = list(pool.map(keys, chunks))
    else:
        hashed = [keys(chunk) for chunk in chunks]
    return [(str(path), key) for chunk, chunk_keys in zip(chunks, hashed) for path, key in zip(chunk, chunk_keys)]


def _in_order(units: Sequence[Unit], todo: Sequence[Unit], cache: Cache, engine: str, jobs: int,
              scheduler: Optional[str], timeout: Optional[float],
              progress: Optional[bool]) -> Iterator[tuple[bytes, list[Summary]]]:
    """Each unit's JSON lines and summaries, in input order, as soon as the units before it are
    done: units to parse come from the engine (each stored in the cache as it arrives), the
    others from the cache. A unit is known by its path (a first run leaves its key to the worker)."""
    waiting = {path for path, _ in todo}
    ready: dict[str, tuple[bytes, list[Summary]]] = {}
    at = 0
    bar = Progress(len(todo), enabled=progress)
    for chunk in _parse(todo, engine, jobs, scheduler, timeout):
        cache.put((key, lines) for _, key, lines, _ in chunk)
        for path, _, lines, summaries in chunk:
            if len(ready) < READY_UNITS_MAX:  # else read back from the cache in its turn
                ready[path] = lines, summaries
            waiting.discard(path)
        bar.update(len(chunk))
        while at < len(units) and units[at][0] not in waiting:
            yield ready.pop(units[at][0], None) or _cached(units[at], cache, timeout)
            at += 1
    bar.close()
    for unit in units[at:]:
        yield _cached(unit, cache, timeout)


def _cached(unit: Unit, cache: Cache, timeout: Optional[float]) -> tuple[bytes, list[Summary]]:
    """A unit's JSON lines from the cache, summarised; parsed again if the entry vanished. The key of
    a unit parsed in this run without one (a first run) is computed again here."""
    path, key = unit
    lines = cache.get(keyed(path, key))
    if lines is None:  # the entry vanished since this run wrote it, or the file changed since it was keyed
        [(_, key, lines, summaries)] = parse_chunk([unit], parse_unit, timeout)
        cache.put([(key, lines)])
        return lines, summaries
    return lines, [summarise(json.loads(line)) for line in lines.split(b"\n") if line]


def _parse(todo: Sequence[Unit], engine: str, jobs: int, scheduler: Optional[str],
           timeout: Optional[float]) -> Iterator[list[Parsed]]:
    if not todo:
        return iter(())
    if engine == "dask":
        from .daskengine import run_dask

        return run_dask(todo, parse_unit, scheduler, timeout)
    if len(todo) == 1:  # a pool's start (forkserver, workers' imports) would cost more than the parse
        jobs = 1
    return run_local(todo, parse_unit, jobs, timeout)
