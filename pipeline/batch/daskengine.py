"""The dask.distributed engine: the same per-chunk function, run on a cluster.

Workers read the input files by the paths given (so the inputs must sit on a
file system the workers share, at the same paths) and send each unit's records
back; the client writes the cache and the outputs. Needs the `[dask]` extra.
"""
from __future__ import annotations

import gc
import importlib.util
from typing import Iterator, Optional, Sequence

from .workers import GC_YOUNG_THRESHOLD, Parsed, Unit, UnitParser, chunked, parse_chunk, young_threshold

# Units per task at most. A task's round trip costs a dask worker ~10 ms of CPU and the client
# ~3 ms (serialising, the scheduler's bookkeeping: measured on a 2-worker LocalCluster with 300
# crawler text dumps, 38 tasks of 8 against 10 of 32), ten times a process pool's; chunks still
# leave a few tasks per worker (`workers.IN_FLIGHT_PER_JOB`) to balance the last ones.
TASK_UNITS = 32
NO_SCHEDULER = "the dask engine needs --scheduler ADDRESS (e.g. tcp://10.0.0.5:8786)"


def run_dask(units: Sequence[Unit], parser: UnitParser, scheduler: Optional[str],
             timeout: Optional[float] = None) -> Iterator[list[Parsed]]:
    """Parse units on the cluster whose scheduler listens at `scheduler`; yields finished chunks.

    Tasks run in worker threads, where no alarm can be set: the per-document time limit is a
    watchdog (`workers.parse_unit_guarded`) that records a Timeout and abandons the parse, whose
    thread runs on to its end (bound a worker's memory with its own `--memory-limit`).
    """
    try:
        from distributed import Client, as_completed
    except ImportError as exc:
        raise RuntimeError("the dask engine needs dask.distributed: pip install 'xxgk[dask]'") from exc
    if not scheduler:
        raise ValueError(NO_SCHEDULER)
    with Client(scheduler) as client:
        _check_environment(client)
        workers = max(1, sum(client.nthreads().values()))
        # the workers' collector as in a process pool (`workers.GC_YOUNG_THRESHOLD`), for this batch
        before = client.run(young_threshold, GC_YOUNG_THRESHOLD)
        try:
            futures = client.map(parse_chunk, chunked(units, workers, TASK_UNITS), parser=parser, timeout=timeout,
                                 pure=False)
            for future in as_completed(futures):
                yield future.result()
                future.release()
        finally:
            for worker, thresholds in before.items():  # a worker gone since is skipped
                client.run(gc.set_threshold, *thresholds, workers=[worker], on_error="ignore")


def _check_environment(client) -> None:
    """Fail early, and say why, when the scheduler or a worker cannot import this package
    (tasks would otherwise fail with an opaque deserialization error)."""
    package = __name__.split(".")[0]
    places = {f"worker {addr}": spec for addr, spec in client.run(importlib.util.find_spec, package).items()}
    places["the scheduler"] = client.run_on_scheduler(importlib.util.find_spec, package)
    missing = sorted(place for place, spec in places.items() if spec is None)
    if missing:
        raise RuntimeError(f"{', '.join(missing)} cannot import the '{package}' package: install xxgk[dask] "
                           "in the cluster's environment (the same version as here)")
