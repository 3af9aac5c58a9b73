"""Parsing input units in worker processes, under a time and a memory limit.

A unit is one input file (a report, or an archive of several). `parse_chunk` is
the function every engine runs — in-process, in a process pool, or on a
dask.distributed cluster: it parses a few units and returns each unit's records
as JSON lines (UTF-8 bytes, ready to write) with a summary of each record
(`summary`), so that the parent never decodes a record. A unit that runs past its time limit, exhausts its memory or
fails in any other way yields an error record, and the chunk goes on.
"""
from __future__ import annotations

import gc
import json
import multiprocessing
import queue
from multiprocessing import forkserver
import resource
import signal
import threading
import weakref
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from contextlib import contextmanager
from pathlib import Path
from typing import Callable, Iterable, Iterator, Optional, Sequence, TypeVar

from ..record import Record, error_record
from .cache import pipeline_version, unit_key
from .summary import Summary, summarise

# (path, cache key); a key of None is computed where the unit is parsed (`keyed`).
Unit = tuple[str, Optional[str]]
Parsed = tuple[str, str, bytes, list[Summary]]  # (path, cache key, JSON lines of the unit's records, their summaries)
UnitParser = Callable[[Path], Iterable[Record]]
T = TypeVar("T")

# Per-document time limit (s). A report with a text layer parses in under 0.3 s (the
# 10-page PDF); a scanned one is OCR'd at ~5 s a page (benchmarks/inputs_speed.py), so
# 300 s lets a 50-page scan through and still stops pathological inputs (tests/test_batch.py).
TIMEOUT_SECONDS = 300.0
# Address-space limit of a worker process: a worker measured by
# benchmarks/throughput.py peaks well under 300 MB of RSS; 2 GiB of address
# space leaves room for the libraries' mappings and stops a runaway document.
MEMORY_LIMIT_BYTES = 2 * 1024 ** 3
# Chunks kept in flight per worker: enough to keep every worker busy, few
# enough that memory does not grow with the number of documents.
IN_FLIGHT_PER_JOB = 4
# Units per chunk at most: amortises the cost of a task round trip (~1 ms)
# against a parse (~10–50 ms) while keeping the progress bar lively.
CHUNK_UNITS = 8
# Allocations between two collections of the youngest generation while units are parsed (CPython's
# default is 700). A parse allocates and frees ~10^5 containers; at 700, the collector ran ~1.2
# times a text dump, its full collections ~20 ms each: 0.22 ms a document (gc callbacks, 600
# copies of the real text dump, one job), 0.03 ms at 10,000, with the same peak RSS. Checked on
# the saved page it was not fitted on: 0.53 -> 0.08 ms a page (600 copies).
GC_YOUNG_THRESHOLD = 10_000


class DocumentTimeout(BaseException):
    """A document's parse ran past its time limit.

    A BaseException, so that the guard of `core.parse_path` does not turn it into
    an ordinary failure of the read stage: it is recorded here, by name.
    """


def _on_alarm(signum, frame):
    raise DocumentTimeout()


def parse_unit_guarded(path: str, parser: UnitParser, timeout: Optional[float]) -> list[dict]:
    """The record dicts of one unit; never raises.

    The time limit is an alarm in a main thread (a process worker); elsewhere (a dask
    worker's thread) a watchdog: the parse runs in a helper thread (`_ParseThread`, one per
    calling thread, kept between units), and when it runs past the limit the unit gets a
    Timeout record and the helper is abandoned (Python cannot stop a thread: it runs on until
    its parse ends, and its result is dropped).
    """
    if not timeout:
        return _records(path, parser, timeout)
    if threading.current_thread() is not threading.main_thread():
        return _watched(path, parser, timeout)
    previous = signal.signal(signal.SIGALRM, _on_alarm)
    signal.setitimer(signal.ITIMER_REAL, timeout)
    try:
        return _records(path, parser, timeout)
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def _records(path: str, parser: UnitParser, timeout: Optional[float]) -> list[dict]:
    """The record dicts of one unit, an error record in place of any failure."""
    records: list[dict] = []
    try:
        for record in parser(Path(path)):
            records.append(record.to_dict())
    except DocumentTimeout:
        records.append(_timeout_record(path, timeout))
    except MemoryError:
        records.append(error_record(path, "MemoryLimit", "parsing ran out of memory (worker "
                                    "memory limit); skipped").to_dict())
    except Exception as exc:  # a parser that raises despite core's guard: still one record
        records.append(error_record(path, type(exc).__name__, str(exc)).to_dict())
    return records


class _ParseThread:
    """A daemon thread that parses the units its owner thread hands it, one at a time.

    Kept from one unit to the next: lxml and other libraries build their per-thread state
    (parser contexts, dictionaries) once per thread, and a new thread a unit costs ~1.4 ms
    more on a 267 KB saved page (~20% of its parse). Abandoned when a unit runs past its limit:
    it finishes that parse, drops the result and ends; it also ends when its owner thread does.
    """

    def __init__(self) -> None:
        self.todo: queue.SimpleQueue = queue.SimpleQueue()
        self.done: queue.SimpleQueue = queue.SimpleQueue()
        threading.Thread(target=_serve, args=(self.todo, self.done), daemon=True, name="xxgk-parse").start()
        weakref.finalize(self, self.todo.put, None)  # dropped with its owner's thread-local storage

    def parse(self, path: str, parser: UnitParser, timeout: float) -> Optional[list[dict]]:
        """The unit's records, or None when they did not come within `timeout` seconds (the
        thread is then told to end after its parse)."""
        self.todo.put((path, parser, timeout))
        try:
            return self.done.get(timeout=timeout)
        except queue.Empty:
            self.todo.put(None)
            return None


def _serve(todo: queue.SimpleQueue, done: queue.SimpleQueue) -> None:
    """A `_ParseThread`'s loop: parse each unit handed over, until told to stop (None)."""
    while (unit := todo.get()) is not None:
        done.put(_records(*unit))


_owned = threading.local()  # the _ParseThread of each thread that runs units (a dask worker's task threads)


def _watched(path: str, parser: UnitParser, timeout: float) -> list[dict]:
    """`_records` in this thread's parse thread, given up on after `timeout` seconds."""
    helper = getattr(_owned, "helper", None) or _ParseThread()
    records = helper.parse(path, parser, timeout)
    _owned.helper = helper if records is not None else None
    return records if records is not None else [_timeout_record(path, timeout)]


def _timeout_record(path: str, timeout: Optional[float]) -> dict:
    return error_record(path, "Timeout", f"parsing took longer than the {timeout:g} s time limit; "
                        "skipped").to_dict()


def parsed_unit(path: str, key: str, records: Sequence[dict]) -> Parsed:
    """A unit's records as JSON lines in UTF-8, the form of `reports.jsonl`, with their summaries."""
    lines = "".join(json.dumps(r, ensure_ascii=False, check_circular=False) + "\n" for r in records)
    return path, key, lines.encode("utf-8"), [summarise(r) for r in records]


def parse_chunk(units: Sequence[Unit], parser: UnitParser, timeout: Optional[float]) -> list[Parsed]:
    """Parse a few units: (path, cache key, JSON lines, summaries) each, in the order given."""
    parsed = []
    for path, key in units:
        key = keyed(path, key)  # before the parse
        parsed.append(parsed_unit(path, key, parse_unit_guarded(path, parser, timeout)))
    return parsed


def keyed(path: str, key: Optional[str]) -> str:
    """A unit's cache key: the one it came with, else `cache.unit_key` of the file as it is now. Taken
    before the parse, so that a file changed while it is parsed has a key its new content does not
    match, and is parsed again by the next run."""
    return key or unit_key(Path(path), pipeline_version())


def chunked(units: Sequence[T], jobs: int, most: int = CHUNK_UNITS) -> list[list[T]]:
    """Split units into chunks: at most `most` units, smaller when there are few units per job."""
    size = max(1, min(most, len(units) // (jobs * IN_FLIGHT_PER_JOB)))
    return [list(units[i:i + size]) for i in range(0, len(units), size)]


def limit_memory(limit: Optional[int]) -> None:
    """Cap this process's address space, so that a runaway parse raises MemoryError."""
    if limit:
        _, hard = resource.getrlimit(resource.RLIMIT_AS)
        soft = limit if hard == resource.RLIM_INFINITY else min(limit, hard)
        resource.setrlimit(resource.RLIMIT_AS, (soft, hard))


def _init_worker(memory_limit: Optional[int]) -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent handles Ctrl-C
    limit_memory(memory_limit)
    young_threshold(GC_YOUNG_THRESHOLD)


def young_threshold(allocations: int) -> tuple[int, int, int]:
    """Run the cycle collector's youngest generation every `allocations` allocations in this
    process; returns the thresholds before, for `gc.set_threshold` to restore."""
    before = gc.get_threshold()
    gc.set_threshold(allocations, *before[1:])
    return before


@contextmanager
def fewer_collections() -> Iterator[None]:
    """Run the cycle collector less often (`GC_YOUNG_THRESHOLD`) in this process while units are
    parsed here; the thresholds are restored after."""
    before = young_threshold(GC_YOUNG_THRESHOLD)
    try:
        yield
    finally:
        gc.set_threshold(*before)


def run_local(units: Sequence[Unit], parser: UnitParser, jobs: int, timeout: Optional[float],
              memory_limit: Optional[int] = MEMORY_LIMIT_BYTES) -> Iterator[list[Parsed]]:
    """Parse units in this process (jobs=1) or a pool of `jobs` processes; yields finished chunks."""
    chunks = chunked(units, jobs)
    if jobs <= 1:
        with fewer_collections():
            for chunk in chunks:
                yield parse_chunk(chunk, parser, timeout)
        return
    yield from _run_pool(chunks, parser, jobs, timeout, memory_limit)


# What a worker needs, imported once by the server workers fork from: the parse stages (`core`,
# which the batch package leaves to the processes that parse) and the batch code.
WORKER_MODULES = ["pipeline.core", "pipeline.batch"]


def _forkserver() -> multiprocessing.context.BaseContext:
    """The start method of pool workers: forked from a server that has imported the pipeline once."""
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(WORKER_MODULES)
    return context


def start_forkserver() -> None:
    """Start the server pool workers fork from now, so that its import of the pipeline (~0.3 s)
    overlaps what this process does before the first chunk is sent (listing the files, hashing them
    when a cache is consulted, importing pyarrow)."""
    _forkserver()
    forkserver.ensure_running()


def _new_pool(jobs: int, memory_limit: Optional[int]) -> ProcessPoolExecutor:
    return ProcessPoolExecutor(jobs, mp_context=_forkserver(), initializer=_init_worker,
                               initargs=(memory_limit,))


def _run_pool(chunks: list[list[Unit]], parser: UnitParser, jobs: int, timeout: Optional[float],
              memory_limit: Optional[int]) -> Iterator[list[Parsed]]:
    """Bounded in-flight submission, with two last lines of defence.

    A worker that dies (a crash in a C library) breaks the pool: the chunks in
    flight are retried one unit at a time, alone in a new pool, and a unit that
    kills a worker on its own is recorded as `WorkerCrashed`. A worker stuck where
    the per-document alarm cannot reach it (inside C code) is killed by the parent
    when no chunk has finished within the time its chunks may take, and a unit that
    is stuck alone is recorded as `Timeout`.
    """
    queue = [(chunk, False) for chunk in reversed(chunks)]  # popped from the end, in order
    while queue:
        pool = _new_pool(jobs, memory_limit)
        pending: dict[Future, tuple[list[Unit], bool]] = {}
        broken = stuck = False
        try:
            while queue or pending:
                while queue and not broken and len(pending) < jobs * IN_FLIGHT_PER_JOB:
                    if queue[-1][1] and pending:  # a suspect runs alone, so that a failure names it
                        break
                    chunk, alone = queue.pop()
                    pending[pool.submit(parse_chunk, chunk, parser, timeout)] = (chunk, alone)
                    if alone:
                        break
                if not pending:
                    break
                done, _ = wait(pending, timeout=_watchdog(pending.values(), timeout), return_when=FIRST_COMPLETED)
                if not done and not stuck:
                    stuck = True
                    if len(pending) == 1:  # the only chunk in the pool is the one stuck
                        [(future, (chunk, _))] = pending.items()
                        pending[future] = (chunk, len(chunk) == 1)
                    _kill_workers(pool)
                    continue
                for future in done:
                    chunk, alone = pending.pop(future)
                    try:
                        yield future.result()
                    except BrokenProcessPool:
                        broken = True
                        if alone:
                            yield [_failed(unit, stuck, timeout) for unit in chunk]
                        else:
                            queue.extend((([u], True) for u in reversed(chunk)))
        finally:
            pool.shutdown(wait=True, cancel_futures=True)


# Slack of the parent's watchdog over the per-document limits of a chunk (s): covers
# a cold worker's start and the alarm's own delivery.
WATCHDOG_SLACK_SECONDS = 2.0


def _watchdog(in_flight: Iterable[tuple[list[Unit], bool]], timeout: Optional[float]) -> Optional[float]:
    """Seconds after which a pool that finished nothing is deemed stuck: the longest chunk
    in flight with every document at its limit, plus slack."""
    if not timeout:
        return None
    return timeout * max(len(chunk) for chunk, _ in in_flight) + WATCHDOG_SLACK_SECONDS


def _kill_workers(pool: ProcessPoolExecutor) -> None:
    """SIGKILL the pool's worker processes; their futures fail with BrokenProcessPool."""
    for process in list((pool._processes or {}).values()):  # no public handle on the workers
        process.kill()


def _failed(unit: Unit, stuck: bool, timeout: Optional[float]) -> Parsed:
    path, key = unit
    if stuck:
        record = error_record(path, "Timeout", f"parsing was stuck past the {timeout:g} s time limit; "
                              "its worker was killed")
    else:
        record = error_record(path, "WorkerCrashed", "the worker process died while parsing this document")
    return parsed_unit(path, keyed(path, key), [record.to_dict()])
