"""The batch's overhead over in-process parsing in instructions (callgrind), which this shared host's
load does not move.

    python benchmarks/batch_instructions.py [--formats txt,html] [--few 10] [--many 60] [--name pingtan_syq_2022]

For each format it copies `corpus/<name>.<fmt>` FEW and MANY times and counts, under valgrind's
callgrind, the instructions of four programs over each folder:
- `batch`: `python -m pipeline parse DIR -o OUT -j 1 --force`;
- `jobs 2`: the same with `-j 2`, summed over every process (the parent, the pool's server and its
  two workers);
- `in-process`: `core.parse_path` of every copy and its JSON line, as realpages.py's `in-proc`;
- `outputs`: what the batch writes beyond the JSON line (`realpages.outputs_writer`: the cache key,
  the summary, the cache entry, reports.jsonl and the two tables).
A document's count is the slope between the two folders (MANY - FEW copies), so start-up and the
one-off work of each program cancel (a worker forked from the server is counted with the server's
instructions before the fork, the same in both folders). It prints the four, the batch's overhead
(batch over in-process, minus one), the outputs' share of the in-process count, what the batch adds
beyond its outputs, and the most two jobs can gain over one when instructions are what limits them:
twice the batch's count over the count with two jobs (`ceiling`).

Instructions are not time: what the kernel does for a program (writing the outputs into the page
cache, reading the files, moving a unit's bytes through a pipe) is not counted, and an instruction
that misses the CPU's caches costs more than one that hits; realpages.py gives the CPU time. Needs
valgrind; about six minutes for the default formats.
"""
from __future__ import annotations

import argparse
import json
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from realpages import copy_into, outputs_writer  # noqa: E402

PROGRAMS = ("batch", "jobs 2", "in-process", "outputs")


def in_process(folder: Path) -> None:
    """Each copy parsed in this process and written as its JSON line (not stored)."""
    from pipeline.core import parse_path

    for path in sorted(folder.iterdir()):
        json.dumps(parse_path(path).to_dict(), ensure_ascii=False).encode("utf-8")


def outputs(folder: Path, out: Path) -> None:
    """The batch's outputs of the copies in `folder`, written into `out`."""
    files = sorted(folder.iterdir())
    outputs_writer(files[0])(files, out)


def command(program: str, folder: Path, out: Path) -> list[str]:
    if program in ("batch", "jobs 2"):
        return [sys.executable, "-m", "pipeline", "parse", str(folder), "-o", str(out),
                "-j", "2" if program == "jobs 2" else "1", "--force"]
    return [sys.executable, __file__, "--run", program, str(folder), str(out)]


def instructions(program: str, folder: Path, out: Path) -> int:
    """Instructions callgrind counts for one program over one folder, summed over its processes."""
    shutil.rmtree(out, ignore_errors=True)
    run = subprocess.run(["valgrind", "--tool=callgrind", "--trace-children=yes", "--callgrind-out-file=/dev/null",
                          *command(program, folder, out)], cwd=ROOT, capture_output=True, text=True)
    found = re.findall(r"Collected : (\d+)", run.stderr)
    if run.returncode != 0 or not found:
        raise SystemExit(f"{program} on {folder} failed under callgrind:\n{run.stderr[-2000:]}")
    return sum(int(count) for count in found)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--formats", default="txt,html")
    parser.add_argument("--few", type=int, default=10, help="copies in the small folder (default 10)")
    parser.add_argument("--many", type=int, default=60, help="copies in the large folder (default 60)")
    parser.add_argument("--name", default="pingtan_syq_2022", help="corpus report copied (default %(default)s)")
    parser.add_argument("--run", nargs=3, metavar=("PROGRAM", "FOLDER", "OUT"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if not 2 <= args.few < args.many:
        parser.error("need 2 <= --few < --many (a single file is parsed without a pool)")
    if args.run:  # one measured program, run by `instructions` under callgrind
        program, folder, out = args.run
        in_process(Path(folder)) if program == "in-process" else outputs(Path(folder), Path(out))
        return 0
    if not shutil.which("valgrind"):
        print("valgrind is not installed (apt-get install valgrind)", file=sys.stderr)
        return 2
    base = Path(tempfile.mkdtemp(prefix="xxgk-instructions-"))
    print(f"# instructions a document (callgrind), slope between {args.few} and {args.many} copies of "
          f"corpus/{args.name}.*")
    print(f"{'format':6} {'batch M':>8} {'jobs 2 M':>8} {'in-proc M':>9} {'outputs M':>9} {'overhead':>8} "
          f"{'outputs':>7} {'beyond':>6} {'ceiling':>7}")
    try:
        for fmt in args.formats.split(","):
            source = ROOT / "corpus" / f"{args.name}.{fmt}"
            counts = {}
            for copies in (args.few, args.many):
                folder = base / f"{fmt}-{copies}"
                copy_into(folder, source, copies)
                counts[copies] = {p: instructions(p, folder, base / "out") for p in PROGRAMS}
            batch, pooled, inproc, out = ((counts[args.many][p] - counts[args.few][p]) / (args.many - args.few) / 1e6
                                          for p in PROGRAMS)
            print(f"{fmt:6} {batch:8.2f} {pooled:8.2f} {inproc:9.2f} {out:9.2f} {batch / inproc - 1:8.1%} "
                  f"{out / inproc:7.1%} {(batch - inproc - out) / inproc:6.1%} {2 * batch / pooled:6.2f}×", flush=True)
    finally:
        shutil.rmtree(base, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
