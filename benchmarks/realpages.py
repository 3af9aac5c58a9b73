"""Throughput of `xxgk parse` on copies of one REAL report, per format, in CPU time.

    python benchmarks/realpages.py [--n 600] [--jobs 1,2] [--formats html,pdf,txt] [--name pingtan_syq_2022] [--no-dask]

For each format it copies `corpus/<name>.<fmt>` (the saved page with its three tables,
its 5-page PDF, the crawler's text dump) N times into a temp folder, then prints:
- `batch/s`: documents per CPU second of `python -m pipeline parse DIR -o OUT -j J --force`
  (CPU of the CLI and every worker, from `getrusage(RUSAGE_CHILDREN)`, start-up excluded
  with 1 job) and the wall rate (measured under load: other processes share the cores);
- `in-proc ms`: CPU ms of `core.parse_path` per document in this process (warm);
- `overhead`: batch CPU per document over in-process CPU per document, minus one;
- `start s`: CPU seconds of a one-document run (imports, dictionaries, one parse);
- `×base`: ours (batch, 1 job) ÷ a naive baseline (pandas.read_html / pdfplumber + regexes,
  `throughput.baseline_one`) in CPU time;
- peak RSS of each worker (psutil samples, `throughput.RssSampler`);
- `dask`: the same batch on a dask.distributed LocalCluster of DASK_WORKERS single-threaded worker
  processes (`--engine dask`; CPU of the CLI and the workers, the workers' RSS at the end), and its wall
  time over the local pool's with as many jobs (goal: within 15%); skipped without the [dask] extra.
Then the projected wall time of two million documents of the real mix (50% pages, 40% PDFs,
10% Word/text, the text dump standing for the last) on 16 cores, from the 1-job CPU rates.
CPU time is used because this machine is shared; wall figures are only indicative.
"""
from __future__ import annotations

import argparse
import os
import resource
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from throughput import baseline_one, sample_cli  # noqa: E402

ARCHIVE_DOCUMENTS = 2_000_000
ARCHIVE_CORES = 16
MIX = {"html": 0.5, "pdf": 0.4, "txt": 0.1}  # share of the archive per format (txt stands for Word/text)
IN_PROCESS_DOCS = 50  # documents parsed in this process to time parse_path
BASELINE_DOCS = 30


def children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def run_cli(folder: Path, out: Path, jobs: int) -> tuple[float, float, list[int]]:
    """CPU seconds, wall seconds and worker peak RSS of one CLI run. The CLI's CPU comes from
    getrusage; the pool's processes (forkserver children, never waited for by the CLI) are
    added from the sampler's last reading of each (up to SAMPLE_SECONDS late)."""
    cpu0 = children_cpu()
    proc, stdout, stderr, wall, sampler = sample_cli(folder, out, jobs)
    if proc.returncode != 0 or "failed 0" not in stdout:
        raise SystemExit(f"xxgk parse failed:\n{stdout}\n{stderr}")
    pool_cpu = sum(cpu for pid, cpu in sampler.cpu.items() if pid != proc.pid)
    return children_cpu() - cpu0 + pool_cpu, wall, sampler.worker_peaks(jobs)


DASK_WORKERS = 2


def run_dask(folder: Path, out: Path) -> tuple[float, float, list[int]] | None:
    """CPU seconds, wall seconds and workers' final RSS of one `--engine dask` CLI run on a fresh
    LocalCluster (workers cold, as a pool's are); None without dask.distributed."""
    try:
        from distributed import Client, LocalCluster
    except ImportError:
        return None
    import psutil

    with LocalCluster(n_workers=DASK_WORKERS, threads_per_worker=1, processes=True, dashboard_address=None) as cluster, \
            Client(cluster) as client:
        workers = [psutil.Process(pid) for pid in client.run(os.getpid).values()]
        before = [sum(w.cpu_times()[:2]) for w in workers]
        cpu0 = children_cpu()
        proc, stdout, stderr, wall, _ = sample_cli(folder, out, 1, "--engine", "dask", "--scheduler",
                                                   cluster.scheduler_address)
        if proc.returncode != 0 or "failed 0" not in stdout:
            raise SystemExit(f"xxgk parse --engine dask failed:\n{stdout}\n{stderr}")
        cpu = children_cpu() - cpu0 + sum(sum(w.cpu_times()[:2]) - b for w, b in zip(workers, before))
        peaks = [w.memory_info().rss for w in workers]
    return cpu, wall, peaks


def in_process_ms(path: Path) -> float:
    """Warm CPU ms of core.parse_path on one document."""
    from pipeline.core import parse_path

    parse_path(path)  # imports, dictionaries
    t0 = time.process_time()
    for _ in range(IN_PROCESS_DOCS):
        parse_path(path)
    return (time.process_time() - t0) / IN_PROCESS_DOCS * 1e3


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


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--n", type=int, default=600, help="copies per format (default 600)")
    parser.add_argument("--jobs", default="1,2", help="job counts to run (default 1,2)")
    parser.add_argument("--formats", default="html,pdf,txt")
    parser.add_argument("--no-dask", dest="dask", action="store_false", help="skip the dask LocalCluster run")
    parser.add_argument("--name", default="pingtan_syq_2022", help="corpus report copied (default %(default)s)")
    args = parser.parse_args()
    job_counts = sorted({int(j) for j in args.jobs.split(",")})
    base = Path(tempfile.mkdtemp(prefix="xxgk-realpages-"))
    print(f"# {args.n} copies of corpus/{args.name}.* per format; cores {os.cpu_count()}, "
          f"load average before {os.getloadavg()[0]:.2f}")
    print(f"{'format':6} {'jobs':>4} {'batch/s CPU':>11} {'wall/s':>7} {'in-proc ms':>10} {'overhead':>8} "
          f"{'start s':>7} {'×base':>6} {'peak RSS/worker MB':>19}")
    per_doc: dict[str, float] = {}
    start = 0.0
    try:
        for fmt in args.formats.split(","):
            source = ROOT / "corpus" / f"{args.name}.{fmt}"
            folder = base / fmt
            folder.mkdir()
            for i in range(args.n):
                shutil.copy(source, folder / f"r{i:05d}.{fmt}")
            one = base / f"one-{fmt}"
            one.mkdir()
            shutil.copy(source, one)
            start, _, _ = run_cli(one, base / f"out-one-{fmt}", 1)
            inproc = in_process_ms(source)
            base_ms = baseline_ms(source)
            walls: dict[int, float] = {}
            for jobs in job_counts:
                cpu, wall, peaks = run_cli(folder, base / f"out-{fmt}-{jobs}", jobs)
                doc_cpu = (cpu - start) / args.n  # start-up paid once (the pool's workers each pay theirs)
                if jobs == 1:
                    per_doc[fmt] = doc_cpu
                ratio = f"{base_ms / (doc_cpu * 1e3):.2f}" if base_ms else "—"
                walls[jobs] = wall
                print(f"{fmt:6} {jobs:>4} {1 / doc_cpu:11.1f} {args.n / wall:7.1f} {inproc:10.1f} "
                      f"{doc_cpu * 1e3 / inproc - 1:8.1%} {start:7.2f} {ratio:>6} "
                      f"{'/'.join(f'{p / 2**20:.0f}' for p in peaks):>19}", flush=True)
            if args.dask and (measured := run_dask(folder, base / f"out-{fmt}-dask")):
                cpu, wall, peaks = measured
                doc_cpu = (cpu - start) / args.n
                versus = (f"; wall {wall / walls[DASK_WORKERS] - 1:+.0%} over jobs {DASK_WORKERS}"
                          if DASK_WORKERS in walls else "")
                print(f"{fmt:6} {'dask':>4} {1 / doc_cpu:11.1f} {args.n / wall:7.1f} {inproc:10.1f} "
                      f"{doc_cpu * 1e3 / inproc - 1:8.1%} {'':7} {'':>6} "
                      f"{'/'.join(f'{p / 2**20:.0f}' for p in peaks):>19}  # {DASK_WORKERS} workers{versus}",
                      flush=True)
    finally:
        shutil.rmtree(base, ignore_errors=True)
    if set(MIX) <= set(per_doc):
        mix = sum(share * per_doc[fmt] for fmt, share in MIX.items())
        minutes = ARCHIVE_DOCUMENTS * mix / ARCHIVE_CORES / 60
        print(f"# projected: {ARCHIVE_DOCUMENTS:,} documents of the mix on {ARCHIVE_CORES} cores ≈ {minutes:.0f} min "
              f"({mix * 1e3:.1f} ms CPU a document; goal ≤ 30 min)")
    print(f"# load average after: {os.getloadavg()[0]:.2f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
