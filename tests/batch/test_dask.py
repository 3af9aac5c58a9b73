"""`--engine dask`: the same per-document function on a dask.distributed cluster, same output."""
from __future__ import annotations

import shutil

import pytest

from pipeline import batch
from conftest import corpus_file

distributed = pytest.importorskip("distributed", reason="the [dask] extra is not installed")

SAMPLE = ("pingtan_syq_2022.html", "pingtan_syq_2019.pdf", "jiangsu_yjglt_2018.txt", "pingtan_syq_2013.txt")


def test_dask_engine_output_equals_local_and_uses_the_cache(tmp_path):
    src = tmp_path / "in"
    src.mkdir()
    for name in SAMPLE:
        shutil.copy(corpus_file(name), src)
    (src / "empty.txt").write_text("")
    local = batch.run_batch([src], tmp_path / "local", jobs=1)
    with distributed.LocalCluster(n_workers=1, threads_per_worker=2, processes=False,
                                  dashboard_address=None) as cluster:
        on_dask = batch.run_batch([src], tmp_path / "dask", engine="dask", scheduler=cluster.scheduler_address)
        again = batch.run_batch([src], tmp_path / "dask", engine="dask", scheduler=cluster.scheduler_address)
    assert (on_dask.documents, on_dask.failed, on_dask.parsed) == (len(SAMPLE) + 1, 1, len(SAMPLE) + 1)
    assert (again.parsed, again.cached) == (0, len(SAMPLE) + 1)
    for name in ("reports.jsonl", "values.parquet", "reports.parquet"):
        assert (tmp_path / "dask" / name).read_bytes() == (tmp_path / "local" / name).read_bytes()
    assert local.failures == on_dask.failures and len(local.failures) == 1


def test_dask_engine_needs_a_scheduler(tmp_path):
    with pytest.raises(ValueError, match="--scheduler"):
        batch.run_batch([corpus_file("jiangsu_yjglt_2018.txt")], tmp_path / "out", engine="dask")


def test_dask_engine_enforces_the_per_document_time_limit(tmp_path, monkeypatch):
    """Tasks run in worker threads, where no alarm can be set: a watchdog records the Timeout."""
    import time

    src = tmp_path / "in"
    src.mkdir()
    for name in ("jiangsu_yjglt_2018.txt", "pingtan_syq_2013.txt"):
        shutil.copy(corpus_file(name), src)
    real = batch.parse_unit

    def parse_unit(path):
        if path.name == "pingtan_syq_2013.txt":  # stands for a pathological file
            time.sleep(60)
        return real(path)

    monkeypatch.setattr(batch, "parse_unit", parse_unit)
    with distributed.LocalCluster(n_workers=1, threads_per_worker=2, processes=False,
                                  dashboard_address=None) as cluster:
        t0 = time.perf_counter()
        result = batch.run_batch([src], tmp_path / "out", engine="dask", scheduler=cluster.scheduler_address,
                                 timeout=1.0)
        assert time.perf_counter() - t0 < 30
    errors = {r["source"]["path"].rsplit("/", 1)[-1]: (r["error"] or {}).get("type") for r in result.records()}
    assert errors == {"jiangsu_yjglt_2018.txt": None, "pingtan_syq_2013.txt": "Timeout"}


def test_dask_workers_collect_as_pool_workers_while_the_batch_runs(tmp_path, monkeypatch):
    """The workers' cycle collector runs as in a process pool during the batch, and as before after."""
    import gc

    from pipeline.batch.workers import GC_YOUNG_THRESHOLD

    seen = tmp_path / "thresholds"  # the task's function is sent by value: a list would be a copy
    real = batch.parse_unit

    def parse_unit(path):
        with seen.open("a") as fh:
            fh.write(f"{gc.get_threshold()[0]}\n")
        return real(path)

    monkeypatch.setattr(batch, "parse_unit", parse_unit)
    before = gc.get_threshold()
    with distributed.LocalCluster(n_workers=1, threads_per_worker=1, processes=False,
                                  dashboard_address=None) as cluster:
        batch.run_batch([corpus_file("jiangsu_yjglt_2018.txt")], tmp_path / "out", engine="dask",
                        scheduler=cluster.scheduler_address)
        assert seen.read_text().split() == [str(GC_YOUNG_THRESHOLD)] and gc.get_threshold() == before
