"""Throughput of `xxgk parse` on copies of one REAL report, per format, in CPU time.

    python benchmarks/realpages.py [--n 600] [--jobs 1,2] [--formats html,pdf,txt] [--name pingtan_syq_2022] [--no-dask] [--repeat 1]

For each format it copies `corpus/<name>.<fmt>` (the saved page with its three tables,
its 5-page PDF, the crawler's text dump) N times into a temp folder, then prints:
- `batch/s`: documents per CPU second of `python -m pipeline parse DIR -o OUT -j J --force`
  (CPU of the CLI and every worker, from `getrusage(RUSAGE_CHILDREN)`, start-up excluded
  with 1 job) and the wall rate (measured under load: other processes share the cores);
- `in-proc ms`: CPU ms per document of the same work in this process, without the batch:
  `core.parse_path`, then the record as the JSON line `reports.jsonl` holds (`Record.to_dict`,
  `json.dumps`), warm (each copy shares its caches with the one before, as in the batch), over
  as many documents as the batch (a short run's least time under others' load is lower than a
  long run's, which would count others' load as the batch's overhead);
- `cold ms`: the same with every text-keyed cache of the pipeline (clauses, cells, labels, the
  whole text) emptied before each document: a document that shares nothing with those before it.
  The copies' figures are the lower bound of a real archive, `cold` its upper bound;
- `overhead`: batch CPU per document over warm in-process CPU per document, minus one;
- `start s`: CPU seconds of a one-document run (imports, dictionaries, one parse);
- `×base`: ours (batch, 1 job) ÷ a naive baseline (pandas.read_html / pdfplumber + regexes,
  `throughput.baseline_one`) in CPU time;
- peak RSS of each worker (psutil samples, `throughput.RssSampler`);
- `dask`: the same batch on a dask.distributed LocalCluster of DASK_WORKERS single-threaded worker
  processes (`--engine dask`; CPU of the CLI and the workers, the workers' RSS at the end), skipped
  without the [dask] extra. The workers have imported the pipeline (a cluster outlives a batch); they run without dask's statistical profiler, which samples the
  task thread's stack every 10 ms and costs ~10% of a parse (the README's advice for a cluster).
- `scaling`: wall time with start-up excluded (a run's wall minus the wall of a one-document run of
  the same command, which pays the imports and the cluster connection): `jobs 2` over `jobs 1`
  (goal ≥ 1.8×; the pool's own start stays in), and the dask engine over `jobs 2` (goal within 15%).
Then the projected wall time of two million documents of the real mix (50% pages, 40% PDFs,
10% Word/text, the text dump standing for the last) on 16 cores, from the 1-job CPU rates, and
the same with each document's `cold - in-proc` added (nothing shared between documents).
The package is byte-compiled first (`compileall`), as pip does when it installs a wheel and Python
when it first imports a module: a host that sets PYTHONDONTWRITEBYTECODE (this sandbox does) would
otherwise compile the pipeline's source again in every process, ~0.13 s of CPU each (start-up, the
pool's server). CPU time is used because this machine is shared; wall figures are only indicative. On a busy host,
`--repeat R` takes R rounds of every measurement, in turn over the formats, and keeps the least CPU
and wall time of each (others' load only ever adds to a figure; peak RSS keeps the largest).
"""
from __future__ import annotations

import argparse
import compileall
import importlib
import os
import resource
import shutil
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from pipeline.batch.workers import WORKER_MODULES  # noqa: E402
from throughput import baseline_one, sample_cli  # noqa: E402

ARCHIVE_DOCUMENTS = 2_000_000
ARCHIVE_CORES = 16
MIX = {"html": 0.5, "pdf": 0.4, "txt": 0.1}  # share of the archive per format (txt stands for Word/text)
COLD_DOCS = 50  # documents parsed in this process with its caches emptied before each
BASELINE_DOCS = 30


Measured = tuple[float, float, list[int]]  # CPU seconds, wall seconds, peak RSS of each worker


def least(runs: list[Measured]) -> Measured:
    """The least CPU and the least wall time of repeated runs of one measurement, the largest peaks."""
    return (min(r[0] for r in runs), min(r[1] for r in runs),
            [max(peaks) for peaks in zip(*(r[2] for r in runs))])


def children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def run_cli(folder: Path, out: Path, jobs: int) -> Measured:
    """CPU seconds, wall seconds and worker peak RSS of one CLI run. The CLI's CPU comes from
    getrusage; the pool's processes (forkserver children, never waited for by the CLI) are
    added from the sampler's last reading of each (up to SAMPLE_SECONDS late)."""
    shutil.rmtree(out, ignore_errors=True)  # a first run: no cache to replace
    cpu0 = children_cpu()
    proc, stdout, stderr, wall, sampler = sample_cli(folder, out, jobs)
    if proc.returncode != 0 or "failed 0" not in stdout:
        raise SystemExit(f"xxgk parse failed:\n{stdout}\n{stderr}")
    pool_cpu = sum(cpu for pid, cpu in sampler.cpu.items() if pid != proc.pid)
    return children_cpu() - cpu0 + pool_cpu, wall, sampler.worker_peaks(jobs)


DASK_WORKERS = 2


def run_dask(folders: list[Path], out: Path) -> list[Measured] | None:
    """One `--engine dask` CLI run per folder, in order, on one fresh LocalCluster: CPU seconds,
    wall seconds and the workers' RSS after each; None without dask.distributed. A cluster outlives
    the batches sent to it, so its workers import the pipeline before the first run; they run
    without dask's statistical profiler (module docstring)."""
    try:
        import dask
        from distributed import Client, LocalCluster
    except ImportError:
        return None
    import psutil

    runs = []
    with dask.config.set({"distributed.worker.profile.enabled": False}), \
            LocalCluster(n_workers=DASK_WORKERS, threads_per_worker=1, processes=True,
                         dashboard_address=None) as cluster, Client(cluster) as client:
        workers = [psutil.Process(pid) for pid in client.run(os.getpid).values()]
        for module in WORKER_MODULES:
            client.run(importlib.import_module, module)
        for folder in folders:
            shutil.rmtree(out, ignore_errors=True)
            before = [sum(w.cpu_times()[:2]) for w in workers]
            cpu0 = children_cpu()
            proc, stdout, stderr, wall, _ = sample_cli(folder, out, 1, "--engine", "dask", "--scheduler",
                                                       cluster.scheduler_address)
            if proc.returncode != 0 or "failed 0" not in stdout:
                raise SystemExit(f"xxgk parse --engine dask failed:\n{stdout}\n{stderr}")
            cpu = children_cpu() - cpu0 + sum(sum(w.cpu_times()[:2]) - b for w, b in zip(workers, before))
            runs.append((cpu, wall, [w.memory_info().rss for w in workers]))
    return runs


def text_caches() -> list:
    """The pipeline's memoised functions keyed by text (clauses, cells, labels, whole texts): every
    lru_cache of more than one entry (the one-entry ones hold dictionaries loaded once)."""
    found = {id(f): f for name, module in list(sys.modules.items()) if name.startswith("pipeline.")
             for f in vars(module).values()
             if callable(getattr(f, "cache_clear", None)) and (f.cache_info().maxsize or 2) > 1}
    return list(found.values())


def in_process_ms(path: Path, docs: int) -> tuple[float, float]:
    """CPU ms of one document parsed in this process and written as its JSON line: warm (caches
    shared with the document before, as between copies) and cold (`text_caches` emptied first)."""
    import json

    from pipeline.core import parse_path

    def one() -> bytes:
        return json.dumps(parse_path(path).to_dict(), ensure_ascii=False).encode("utf-8")

    one()  # imports, dictionaries
    t0 = time.process_time()
    for _ in range(docs):
        one()
    warm = (time.process_time() - t0) / docs * 1e3
    caches, cold = text_caches(), 0.0
    for _ in range(COLD_DOCS):
        for cache in caches:
            cache.cache_clear()
        t0 = time.process_time()
        one()
        cold += time.process_time() - t0
    return warm, cold / COLD_DOCS * 1e3


def baseline_ms(path: Path) -> float | None:
    """CPU ms of the naive baseline on one document; None when its library is not installed."""
    try:
        baseline_one(path)  # imports
    except ImportError:
        return None
    t0 = time.process_time()
    for _ in range(BASELINE_DOCS):
        baseline_one(path)
    return (time.process_time() - t0) / BASELINE_DOCS * 1e3


@dataclass
class Round:
    """One round of measurements of one format (`--repeat` rounds are taken in turn over the formats,
    so that a busy minute of the host spoils one round, not every run of a format)."""

    start: Measured
    in_process: tuple[float, float]  # warm, cold ms
    base_ms: float | None
    jobs: dict[int, Measured]
    dask: list[Measured] | None  # one-document run, batch


def measure(fmt: str, source: Path, folder: Path, one: Path, out: Path, job_counts: list[int], docs: int,
            dask: bool) -> Round:
    """One round of every measurement of one format (`docs` copies in `folder`)."""
    return Round(start=run_cli(one, out / f"one-{fmt}", 1), in_process=in_process_ms(source, docs),
                 base_ms=baseline_ms(source),
                 jobs={jobs: run_cli(folder, out / f"{fmt}-{jobs}", jobs) for jobs in job_counts},
                 dask=run_dask([one, folder], out / f"{fmt}-dask") if dask else None)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--n", type=int, default=600, help="copies per format (default 600)")
    parser.add_argument("--jobs", default="1,2", help="job counts to run (default 1,2)")
    parser.add_argument("--formats", default="html,pdf,txt")
    parser.add_argument("--no-dask", dest="dask", action="store_false", help="skip the dask LocalCluster run")
    parser.add_argument("--name", default="pingtan_syq_2022", help="corpus report copied (default %(default)s)")
    parser.add_argument("--repeat", type=int, default=1,
                        help="rounds of every measurement, keeping the least time of each (default 1)")
    args = parser.parse_args()
    job_counts = sorted({int(j) for j in args.jobs.split(",")})
    formats = args.formats.split(",")
    compileall.compile_dir(ROOT / "pipeline", quiet=1)
    base = Path(tempfile.mkdtemp(prefix="xxgk-realpages-"))
    print(f"# {args.n} copies of corpus/{args.name}.* per format; cores {os.cpu_count()}, "
          f"least of {args.repeat} round(s); load average before {os.getloadavg()[0]:.2f}")
    rounds: dict[str, list[Round]] = {fmt: [] for fmt in formats}
    sources = {fmt: ROOT / "corpus" / f"{args.name}.{fmt}" for fmt in formats}
    try:
        for fmt, source in sources.items():
            (base / fmt).mkdir()
            for i in range(args.n):
                shutil.copy(source, base / fmt / f"r{i:05d}.{fmt}")
            (base / f"one-{fmt}").mkdir()
            shutil.copy(source, base / f"one-{fmt}")
        for _ in range(args.repeat):
            for fmt, source in sources.items():
                rounds[fmt].append(measure(fmt, source, base / fmt, base / f"one-{fmt}", base / "out",
                                           job_counts, args.n, args.dask))
    finally:
        shutil.rmtree(base, ignore_errors=True)
    print(f"{'format':6} {'jobs':>4} {'batch/s CPU':>11} {'wall/s':>7} {'in-proc ms':>10} {'cold ms':>7} "
          f"{'overhead':>8} {'start s':>7} {'×base':>6} {'peak RSS/worker MB':>19}  scaling")
    per_doc: dict[str, float] = {}
    cold_extra: dict[str, float] = {}
    for fmt in formats:
        runs = rounds[fmt]
        start, start_wall, _ = least([r.start for r in runs])
        inproc, cold = (min(ms) for ms in zip(*(r.in_process for r in runs)))
        cold_extra[fmt] = (cold - inproc) / 1e3
        base_ms = min((r.base_ms for r in runs if r.base_ms is not None), default=None)
        walls: dict[int, float] = {}

        def row(jobs: str, measured: Measured, start_cpu: float, ratio: str, scaling: str) -> None:
            cpu, wall, peaks = measured
            doc_cpu = (cpu - start_cpu) / args.n  # start-up paid once (a pool's workers each pay theirs)
            print(f"{fmt:6} {jobs:>4} {1 / doc_cpu:11.1f} {args.n / wall:7.1f} {inproc:10.1f} {cold:7.1f} "
                  f"{doc_cpu * 1e3 / inproc - 1:8.1%} {start_cpu:7.2f} {ratio:>6} "
                  f"{'/'.join(f'{p / 2**20:.0f}' for p in peaks):>19}  {scaling}", flush=True)

        for jobs in job_counts:
            measured = least([r.jobs[jobs] for r in runs])
            doc_cpu = (measured[0] - start) / args.n
            if jobs == 1:
                per_doc[fmt] = doc_cpu
            walls[jobs] = measured[1] - start_wall
            scaling = f"{walls[1] / walls[jobs]:.2f}× jobs 1" if jobs > 1 and 1 in walls else ""
            row(str(jobs), measured, start, f"{base_ms / (doc_cpu * 1e3):.2f}" if base_ms else "—", scaling)
        if all(r.dask for r in runs):
            dask_start, dask_start_wall, _ = least([r.dask[0] for r in runs])
            measured = least([r.dask[1] for r in runs])
            versus = (f"{(measured[1] - dask_start_wall) / walls[DASK_WORKERS] - 1:+.0%} over jobs {DASK_WORKERS}"
                      if DASK_WORKERS in walls else "")
            row("dask", measured, dask_start, "", f"{versus} ({DASK_WORKERS} workers)")
    if set(MIX) <= set(per_doc):
        for label, extra in (("copies", {}), ("nothing shared", cold_extra)):
            mix = sum(share * (per_doc[fmt] + extra.get(fmt, 0.0)) for fmt, share in MIX.items())
            minutes = ARCHIVE_DOCUMENTS * mix / ARCHIVE_CORES / 60
            print(f"# projected ({label}): {ARCHIVE_DOCUMENTS:,} documents of the mix on {ARCHIVE_CORES} cores "
                  f"≈ {minutes:.0f} min ({mix * 1e3:.1f} ms CPU a document; goal ≤ 30 min)")
    print(f"# load average after: {os.getloadavg()[0]:.2f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
