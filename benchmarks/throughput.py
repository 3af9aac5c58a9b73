"""Throughput of `xxgk parse` on synthetic reports, against a baseline a user might pick instead.

    python benchmarks/throughput.py [--n 10000] [--jobs 1,4] [--formats html,pdf,txt] [--keep DIR]

For each format (HTML, PDF, crawler text) it writes N synthetic reports
(`pipeline.devtools.synth`; `--distinct` different draws, repeated under new names, so
that generating 10,000 PDFs does not dominate the run), then runs the real CLI
(`python -m pipeline parse DIR -o OUT -j J --force`) once per job count and
prints reports/s, reports/s per core, MB/s and the peak RSS of each worker
process (sampled with psutil). The baseline parses the same files in one
process: pandas.read_html + regexes for HTML, pdfplumber text + tables +
regexes for PDF, regexes for text; the ratio is ours (1 job) / baseline.

Goals (issue 7): ≥100 HTML reports/s per core with tables, ≥20 PDF reports/s per
core, close to linear in cores, peak RSS < 300 MB per worker.
"""
from __future__ import annotations

import argparse
import io
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Optional

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from pipeline.devtools import synth, synthfiles  # noqa: E402

SAMPLE_SECONDS = 0.05  # RSS sampling period
BASELINE_MAX_DOCS = 200  # the baseline runs on at most this many files (rate extrapolated)
YEAR = re.compile(r"(20\d\d)年度?政府信息公开")
AGENCY = re.compile(r"([\u4e00-\u9fff]{2,30}?)(?:20\d\d)年度?政府信息公开工作年度报告")
NUMBER = re.compile(r"\d+(?:\.\d+)?")


def make_corpus(folder: Path, fmt: str, n: int, distinct: int, seed: int) -> list[Path]:
    """N files of one format: `distinct` draws, each repeated under new names."""
    folder.mkdir(parents=True, exist_ok=True)
    rng = random.Random(seed)
    blobs = [synthfiles.RENDERERS[fmt](synth.draw_report(rng, None, fmt)) for _ in range(min(n, distinct))]
    paths = []
    for i in range(n):
        path = folder / f"r{i:06d}{synth.SUFFIX[fmt]}"
        path.write_bytes(blobs[i % len(blobs)])
        paths.append(path)
    return paths


class RssSampler(threading.Thread):
    """Peak RSS of every process in a process tree, sampled until stopped."""

    def __init__(self, pid: int):
        super().__init__(daemon=True)
        import psutil

        self.root = psutil.Process(pid)
        self.peaks: dict[int, int] = {}
        self.parents: dict[int, int] = {}
        self.cpu: dict[int, float] = {}  # CPU seconds (user + system) at the last sample
        self.stopped = threading.Event()

    def run(self) -> None:
        import psutil

        while not self.stopped.is_set():
            try:
                procs = [self.root] + self.root.children(recursive=True)
            except psutil.Error:
                break
            for p in procs:
                try:
                    rss = p.memory_info().rss
                    self.peaks[p.pid] = max(self.peaks.get(p.pid, 0), rss)
                    self.parents.setdefault(p.pid, p.ppid())
                    times = p.cpu_times()
                    self.cpu[p.pid] = times.user + times.system
                except psutil.Error:
                    pass
            time.sleep(SAMPLE_SECONDS)

    def worker_peaks(self, jobs: int) -> list[int]:
        """Peaks of the processes that parsed: the CLI itself with one job, else the pool
        workers (children of the forkserver, so grandchildren of the CLI)."""
        if jobs == 1:
            return [self.peaks.get(self.root.pid, 0)]
        return sorted((rss for pid, rss in self.peaks.items()
                       if pid != self.root.pid and self.parents.get(pid) != self.root.pid), reverse=True)[:jobs]


def sample_cli(folder: Path, out: Path, jobs: int, *extra: str) -> tuple[subprocess.Popen, str, str, float, RssSampler]:
    """One `python -m pipeline parse FOLDER -o OUT -j JOBS --force [EXTRA…]` with its processes
    sampled: the process, its stdout and stderr, wall seconds and the sampler."""
    t0 = time.perf_counter()
    proc = subprocess.Popen([sys.executable, "-m", "pipeline", "parse", str(folder), "-o", str(out), "-j", str(jobs),
                             "--force", *extra], cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    sampler = RssSampler(proc.pid)
    sampler.start()
    stdout, stderr = proc.communicate()
    seconds = time.perf_counter() - t0
    sampler.stopped.set()
    sampler.join()
    return proc, stdout, stderr, seconds, sampler


def run_ours(folder: Path, out: Path, jobs: int) -> tuple[float, list[int], int]:
    """Wall seconds of one CLI run, the peak RSS of its workers and of the CLI process."""
    proc, stdout, stderr, seconds, sampler = sample_cli(folder, out, jobs)
    if proc.returncode != 0:
        raise SystemExit(f"xxgk parse failed:\n{stderr}")
    if "failed 0" not in stdout:
        print(f"# warning: some reports failed: {stdout.strip().splitlines()[-1]}")
    return seconds, sampler.worker_peaks(jobs), sampler.peaks.get(proc.pid, 0)


def baseline_one(path: Path) -> int:
    """What a user might write instead: tables via pandas/pdfplumber, meta and numbers via regexes."""
    data = path.read_bytes()
    if path.suffix == ".pdf":
        import pdfplumber

        with pdfplumber.open(io.BytesIO(data)) as pdf:
            text = "\n".join(page.extract_text() or "" for page in pdf.pages)
            tables = [t for page in pdf.pages for t in page.extract_tables()]
    elif path.suffix == ".html":
        import pandas as pd

        html = data.decode("utf-8", errors="replace")
        try:
            tables = pd.read_html(io.StringIO(html), flavor="lxml")
        except ValueError:  # no table
            tables = []
        text = re.sub(r"<[^>]+>", "", html)
    else:
        text, tables = data.decode("utf-8", errors="replace"), []
    YEAR.search(text), AGENCY.search(text)
    return len(NUMBER.findall(text)) + len(tables)


def run_baseline(paths: list[Path]) -> Optional[float]:
    """Baseline reports/s in one process; None when its library (pdfplumber for PDFs, not a
    dependency of xxgk) is not installed."""
    sample = paths[:BASELINE_MAX_DOCS]
    try:
        baseline_one(sample[0])  # imports
    except ImportError:
        return None
    t0 = time.perf_counter()
    for path in sample:
        baseline_one(path)
    return len(sample) / (time.perf_counter() - t0)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--n", type=int, default=10_000, help="reports per format (default 10,000)")
    parser.add_argument("--jobs", default=f"1,{os.cpu_count() or 1}", help="job counts to run (default 1,all)")
    parser.add_argument("--formats", default="html,pdf,txt")
    parser.add_argument("--distinct", type=int, default=50, help="different reports drawn per format")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--keep", help="write the corpus here and keep it (default: a temp folder)")
    args = parser.parse_args()
    job_counts = sorted({int(j) for j in args.jobs.split(",")})
    base = Path(args.keep) if args.keep else Path(tempfile.mkdtemp(prefix="xxgk-bench-"))
    print(f"# {args.n} reports per format ({args.distinct} distinct), cores on this machine: {os.cpu_count()}, "
          f"load average before: {os.getloadavg()[0]:.2f}")
    print(f"{'format':6} {'jobs':>4} {'reports/s':>10} {'per core':>9} {'MB/s':>7} {'peak RSS/worker MB':>19} "
          f"{'CLI MB':>7} {'baseline r/s':>12} {'ours/base':>9}")
    try:
        for fmt in args.formats.split(","):
            paths = make_corpus(base / fmt, fmt, args.n, args.distinct, args.seed)
            megabytes = sum(p.stat().st_size for p in paths) / 1e6
            base_rate = run_baseline(paths)
            for jobs in job_counts:
                seconds, peaks, main_peak = run_ours(base / fmt, base / f"out-{fmt}-{jobs}", jobs)
                rate = args.n / seconds
                ratio = f"{rate / jobs / base_rate:9.2f}" if jobs == 1 and base_rate else " " * 9
                print(f"{fmt:6} {jobs:>4} {rate:10.1f} {rate / jobs:9.1f} {megabytes / seconds:7.2f} "
                      f"{'/'.join(f'{p / 2**20:.0f}' for p in peaks):>19} {main_peak / 2**20:7.0f} "
                      f"{f'{base_rate:.1f}' if base_rate else '—':>12} {ratio}", flush=True)
    finally:
        if not args.keep:
            shutil.rmtree(base, ignore_errors=True)
    print(f"# load average after: {os.getloadavg()[0]:.2f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
