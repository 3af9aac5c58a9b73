"""The dask.distributed engine: the same per-chunk function, run on a cluster.

Workers read the input files by the paths given (so the inputs must sit on a
file system the workers share, at the same paths) and send each unit's records
back; the client writes the cache and the outputs. Needs the `[dask]` extra.
"""
from __future__ import annotations

from typing import Iterator, Optional, Sequence

from .workers import Parsed, Unit, UnitParser, chunked, parse_chunk


def run_dask(units: Sequence[Unit], parser: UnitParser, scheduler: Optional[str]) -> Iterator[list[Parsed]]:
    """Parse units on the cluster whose scheduler listens at `scheduler`; yields finished chunks.

    Tasks run in worker threads, where no per-document alarm can be set: the time
    limit is not enforced here (use the workers' own `--memory-limit` and lifetime).
    """
    try:
        from distributed import Client, as_completed
    except ImportError as exc:
        raise RuntimeError("the dask engine needs dask.distributed: pip install 'xxgk[dask]'") from exc
    if not scheduler:
        raise ValueError("the dask engine needs --scheduler ADDRESS (e.g. tcp://10.0.0.5:8786)")
    with Client(scheduler) as client:
        workers = max(1, sum(client.nthreads().values()))
        futures = client.map(parse_chunk, chunked(units, workers), parser=parser, timeout=None, pure=False)
        for future in as_completed(futures):
            yield future.result()
            future.release()
