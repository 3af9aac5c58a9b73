"""Memory of the parent of a batch (`xxgk parse`, not its workers) as the batch grows.

    python benchmarks/batch_memory.py [--n 3000,12000] [--jobs 2] [--name pingtan_syq_2022.txt]

For each size it writes N copies of one real report (`corpus/<name>`; a line with the copy's
number appended, so that each is a document of its own with its own id), runs
`python -m pipeline parse DIR -o OUT -j J --force` and samples the CLI process's RSS (psutil,
every 0.05 s) in two phases: while the documents are parsed (reports.jsonl's temporary file
exists) and at the end, when the tables are written. It prints both peaks per size and the
growth per document between consecutive sizes: a parent that keeps something per document
shows it there (two million documents × the growth = what one batch of the archive needs).
Copies share their agency; in a real archive each distinct agency name adds ~1.5 KB at the end
(`identity.organs_of` unifying the names across the batch: 1.48 KB a name, tracemalloc's peak
over 20,000 made-up names).
"""
from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SAMPLE_SECONDS = 0.05


def make_copies(folder: Path, source: Path, n: int) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    data = source.read_bytes()
    for i in range(n):
        (folder / f"r{i:07d}{source.suffix}").write_bytes(data + f"\n{i}\n".encode())


def parent_peaks(folder: Path, out: Path, jobs: int) -> tuple[int, int, float]:
    """Peak RSS of the CLI process while parsing and at the end (bytes), and the run's wall seconds."""
    import psutil

    t0 = time.perf_counter()
    proc = subprocess.Popen([sys.executable, "-m", "pipeline", "parse", str(folder), "-o", str(out), "-j", str(jobs),
                             "--force"], cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    me = psutil.Process(proc.pid)
    parsing = ending = 0
    while proc.poll() is None:
        try:
            rss = me.memory_info().rss
        except psutil.Error:
            break
        if any(out.glob(".reports.jsonl.*.tmp")):  # replaced by reports.jsonl when the tables are written
            parsing = max(parsing, rss)
        else:
            ending = max(ending, rss)
        time.sleep(SAMPLE_SECONDS)
    stdout, stderr = proc.communicate()
    if proc.returncode != 0:
        raise SystemExit(f"xxgk parse failed:\n{stdout}\n{stderr}")
    return parsing, ending, time.perf_counter() - t0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--n", default="3000,12000", help="batch sizes, comma-separated (default 3000,12000)")
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--name", default="pingtan_syq_2022.txt", help="the report copied, under corpus/")
    args = parser.parse_args()
    sizes = sorted(int(n) for n in args.n.split(","))
    base = Path(tempfile.mkdtemp(prefix="xxgk-mem-"))
    print(f"{'documents':>9} {'parsing MB':>10} {'end MB':>7} {'wall s':>7} {'KB/doc parsing':>15} {'KB/doc end':>10}")
    try:
        before = None
        for n in sizes:
            folder = base / f"in{n}"
            make_copies(folder, ROOT / "corpus" / args.name, n)
            parsing, ending, wall = parent_peaks(folder, base / f"out{n}", args.jobs)
            shutil.rmtree(folder)
            growth = ("", "") if before is None else tuple(
                f"{(now - then) / (n - before[0]) / 1024:.2f}" for now, then in zip((parsing, ending), before[1:]))
            print(f"{n:9d} {parsing / 2**20:10.0f} {ending / 2**20:7.0f} {wall:7.1f} {growth[0]:>15} {growth[1]:>10}",
                  flush=True)
            before = (n, parsing, ending)
    finally:
        shutil.rmtree(base, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
