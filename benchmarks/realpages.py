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
- `outputs ms`: CPU ms a document of what the batch writes beyond the JSON line, done in this
  process for the same records: each copy's cache key (its content hash), the record's summary,
  its cache entry, and `BatchOutputs` (reports.jsonl, the two tables, their end-of-batch writing);
  `beyond` is the overhead left when those are taken off (the batch's bookkeeping, and with a pool
  the units' passage to the parent);
- `start s`: CPU seconds of a one-document run (imports, dictionaries, one parse);
- `×base`: ours (batch, 1 job) ÷ a naive baseline (pandas.read_html / pdfplumber + regexes,
  `throughput.baseline_one`) in CPU time;
- peak RSS of each worker (psutil samples, `throughput.RssSampler`);
- `parent ms` (pool rows): CPU ms a document of the batch's parent alone (the CLI process, every
  thread: receiving the units, the cache, the outputs), less that of a two-document pooled run (its
  imports, the pool's start): the one process every document passes through, whatever the cores;
- `dask`: the same batch on a dask.distributed LocalCluster of DASK_WORKERS single-threaded worker
  processes (`--engine dask`; CPU of the CLI and the workers, the workers' RSS at the end), skipped
  without the [dask] extra. The workers have imported the pipeline (a cluster outlives a batch); they run without dask's statistical profiler, which samples the
  task thread's stack every 10 ms and costs ~10% of a parse (the README's advice for a cluster).
- `scaling`: wall time with start-up excluded (a run's wall minus the wall of a one-document run of
  the same command, which pays the imports and the cluster connection): `jobs 2` over `jobs 1`
  (goal ≥ 1.8×; the pool's own start stays in), and the dask engine over `jobs 2` (goal within 15%).
Then the projected wall time of two million documents of the real mix (50% pages, 40% PDFs,
10% Word/text, the text dump standing for the last) on 16 cores, from the 1-job CPU rates, and
the same with each document's `cold - in-proc` added (nothing shared between documents); and the
parent's bound: its CPU a document of the mix at the largest job count, the documents a second it
can take and the archive's time at that rate (the parent runs beside the workers, so a batch takes
at least that long however many cores parse; its share of one core at the projected rate).
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
from typing import Callable, NamedTuple

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


class Measured(NamedTuple):
    """One CLI run (or the least of several)."""

    cpu: float  # CPU seconds of every process
    wall: float  # wall seconds
    peaks: list[int]  # peak RSS of each worker
    own: float  # CPU seconds of the CLI process alone


def copy_into(folder: Path, source: Path, copies: int) -> None:
    """A new folder holding `copies` copies of `source`."""
    folder.mkdir()
    for i in range(copies):
        shutil.copy(source, folder / f"r{i:05d}{source.suffix}")


def least(runs: list[Measured]) -> Measured:
    """The least CPU and the least wall time of repeated runs of one measurement, the largest peaks."""
    return Measured(min(r.cpu for r in runs), min(r.wall for r in runs),
                    [max(peaks) for peaks in zip(*(r.peaks for r in runs))], min(r.own for r in runs))


def children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def run_cli(folder: Path, out: Path, jobs: int) -> Measured:
    """CPU seconds, wall seconds, worker peak RSS and the CLI's own CPU of one CLI run. The CLI's CPU
    comes from getrusage (the pool's server and workers are not its waited-for children); the
    pool's processes are added from the sampler's last reading of each (up to SAMPLE_SECONDS late)."""
    shutil.rmtree(out, ignore_errors=True)  # a first run: no cache to replace
    cpu0 = children_cpu()
    proc, stdout, stderr, wall, sampler = sample_cli(folder, out, jobs)
    if proc.returncode != 0 or "failed 0" not in stdout:
        raise SystemExit(f"xxgk parse failed:\n{stdout}\n{stderr}")
    pool_cpu = sum(cpu for pid, cpu in sampler.cpu.items() if pid != proc.pid)
    own = children_cpu() - cpu0
    return Measured(own + pool_cpu, wall, sampler.worker_peaks(jobs), own)


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
            own = children_cpu() - cpu0
            cpu = own + sum(sum(w.cpu_times()[:2]) - b for w, b in zip(workers, before))
            runs.append(Measured(cpu, wall, [w.memory_info().rss for w in workers], own))
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


def outputs_writer(path: Path) -> Callable[[list[Path], Path], None]:
    """What a batch writes of each document beyond its JSON line, as a function of the copies of
    `path` (parsed once, here) and a fresh output folder: each copy's cache key (its content hash),
    the record's summary, its cache entry, and `BatchOutputs` (reports.jsonl, the two tables, their
    end-of-batch writing)."""
    from pipeline.batch import parse_unit
    from pipeline.batch.cache import Cache, pipeline_version, unit_key
    from pipeline.batch.outputs import BatchOutputs
    from pipeline.batch.summary import summarise
    from pipeline.batch.workers import parse_unit_guarded, parsed_unit

    records = parse_unit_guarded(str(path), parse_unit, None)
    _, _, lines, _ = parsed_unit(str(path), "", records)
    version = pipeline_version()

    def write(files: list[Path], out: Path) -> None:
        shutil.rmtree(out, ignore_errors=True)
        out.mkdir(parents=True)
        cache, outputs = Cache(out), BatchOutputs(out)
        for file in files:
            cache.put([(unit_key(file, version), lines)])
            outputs.add(lines, [summarise(record) for record in records])
        outputs.finish()
        cache.close()

    return write


def outputs_ms(path: Path, copies: Path, out: Path) -> float:
    """CPU ms a document of `outputs_writer` over the copies in `copies`, warm (a first pass over a
    few copies pays the libraries' first use)."""
    write, files = outputs_writer(path), sorted(copies.iterdir())
    write(files[:COLD_DOCS], out)
    t0 = time.process_time()
    write(files, out)
    return (time.process_time() - t0) / len(files) * 1e3


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
    outputs_ms: float
    base_ms: float | None
    jobs: dict[int, Measured]
    pair: dict[int, Measured]  # a two-document run per pooled job count: the parent's fixed cost
    dask: list[Measured] | None  # one-document run, batch


def measure(fmt: str, source: Path, folders: dict[str, Path], out: Path, job_counts: list[int], docs: int,
            dask: bool) -> Round:
    """One round of every measurement of one format: `folders` holds the `docs` copies ("batch"),
    one copy ("one") and two ("pair")."""
    return Round(start=run_cli(folders["one"], out / f"one-{fmt}", 1), in_process=in_process_ms(source, docs),
                 outputs_ms=outputs_ms(source, folders["batch"], out / f"outputs-{fmt}"), base_ms=baseline_ms(source),
                 jobs={jobs: run_cli(folders["batch"], out / f"{fmt}-{jobs}", jobs) for jobs in job_counts},
                 pair={jobs: run_cli(folders["pair"], out / f"pair-{fmt}-{jobs}", jobs) for jobs in job_counts
                       if jobs > 1},
                 dask=run_dask([folders["one"], folders["batch"]], out / f"{fmt}-dask") if dask else None)


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
    folders = {fmt: {"batch": base / fmt, "one": base / f"one-{fmt}", "pair": base / f"pair-{fmt}"} for fmt in formats}
    try:
        for fmt, source in sources.items():
            for name, copies in (("batch", args.n), ("one", 1), ("pair", 2)):
                copy_into(folders[fmt][name], source, copies)
        for _ in range(args.repeat):
            for fmt, source in sources.items():
                rounds[fmt].append(measure(fmt, source, folders[fmt], base / "out", job_counts, args.n, args.dask))
    finally:
        shutil.rmtree(base, ignore_errors=True)
    print(f"{'format':6} {'jobs':>4} {'batch/s CPU':>11} {'wall/s':>7} {'in-proc ms':>10} {'cold ms':>7} "
          f"{'overhead':>8} {'outputs ms':>10} {'beyond':>6} {'start s':>7} {'×base':>6} {'peak RSS/worker MB':>19} {'parent ms':>9}  scaling")
    per_doc: dict[str, float] = {}
    cold_extra: dict[str, float] = {}
    parent_ms: dict[str, float] = {}  # the parent's CPU ms a document at the largest pooled job count
    for fmt in formats:
        runs = rounds[fmt]
        start, start_wall = least([r.start for r in runs])[:2]
        inproc, cold = (min(ms) for ms in zip(*(r.in_process for r in runs)))
        outputs = min(r.outputs_ms for r in runs)
        cold_extra[fmt] = (cold - inproc) / 1e3
        base_ms = min((r.base_ms for r in runs if r.base_ms is not None), default=None)
        walls: dict[int, float] = {}

        def row(jobs: str, measured: Measured, start_cpu: float, ratio: str, parent: str, scaling: str) -> None:
            cpu, wall, peaks = measured[:3]
            doc_cpu = (cpu - start_cpu) / args.n  # start-up paid once (a pool's workers each pay theirs)
            print(f"{fmt:6} {jobs:>4} {1 / doc_cpu:11.1f} {args.n / wall:7.1f} {inproc:10.1f} {cold:7.1f} "
                  f"{doc_cpu * 1e3 / inproc - 1:8.1%} {outputs:10.2f} {(doc_cpu * 1e3 - outputs) / inproc - 1:6.1%} "
                  f"{start_cpu:7.2f} {ratio:>6} "
                  f"{'/'.join(f'{p / 2**20:.0f}' for p in peaks):>19} {parent:>9}  {scaling}", flush=True)

        for jobs in job_counts:
            measured = least([r.jobs[jobs] for r in runs])
            doc_cpu = (measured.cpu - start) / args.n
            if jobs == 1:
                per_doc[fmt] = doc_cpu
            else:
                parent_ms[fmt] = (measured.own - least([r.pair[jobs] for r in runs]).own) / (args.n - 2) * 1e3
            walls[jobs] = measured.wall - start_wall
            scaling = f"{walls[1] / walls[jobs]:.2f}× jobs 1" if jobs > 1 and 1 in walls else ""
            row(str(jobs), measured, start, f"{base_ms / (doc_cpu * 1e3):.2f}" if base_ms else "—",
                f"{parent_ms[fmt]:.2f}" if jobs > 1 else "", scaling)
        if all(r.dask for r in runs):
            dask_start, dask_start_wall = least([r.dask[0] for r in runs])[:2]
            measured = least([r.dask[1] for r in runs])
            versus = (f"{(measured.wall - dask_start_wall) / walls[DASK_WORKERS] - 1:+.0%} over jobs {DASK_WORKERS}"
                      if DASK_WORKERS in walls else "")
            row("dask", measured, dask_start, "", "", f"{versus} ({DASK_WORKERS} workers)")
    if set(MIX) <= set(per_doc):
        mix = {label: sum(share * (per_doc[fmt] + extra.get(fmt, 0.0)) for fmt, share in MIX.items())
               for label, extra in (("copies", {}), ("nothing shared", cold_extra))}
        for label, doc_cpu in mix.items():
            minutes = ARCHIVE_DOCUMENTS * doc_cpu / ARCHIVE_CORES / 60
            print(f"# projected ({label}): {ARCHIVE_DOCUMENTS:,} documents of the mix on {ARCHIVE_CORES} cores "
                  f"≈ {minutes:.0f} min ({doc_cpu * 1e3:.1f} ms CPU a document; goal ≤ 30 min)")
        if set(MIX) <= set(parent_ms):
            parent = sum(share * parent_ms[fmt] for fmt, share in MIX.items())
            rate = ARCHIVE_CORES / mix["copies"]
            print(f"# the parent: {parent:.2f} ms CPU a document of the mix at -j {max(job_counts)} → at most "
                  f"{1e3 / parent:,.0f} documents/s, the archive in ≥ {ARCHIVE_DOCUMENTS * parent / 1e3 / 60:.0f} min "
                  f"(at the projected {rate:,.0f} documents/s it needs {rate * parent / 1e3:.0%} of a core)")
    print(f"# load average after: {os.getloadavg()[0]:.2f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
