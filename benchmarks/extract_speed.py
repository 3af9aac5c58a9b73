"""Speed of the extract stage (`pipeline.extract.extract`) per format, in CPU ms per document.

    python benchmarks/extract_speed.py [--name pingtan_syq_2022] [--formats html,pdf,txt] [--repeats 200]

For each format it reads, segments and dates `corpus/<name>.<fmt>` once (those stages are not
timed), then prints:
- `cold`: CPU ms of the first `extract` call in a fresh process (jieba's shards, lazily built
  patterns and caches are paid here), measured in a child process so that formats do not warm
  each other;
- `warm`: median CPU ms of `extract` over `--repeats` calls in this process.
CPU time (`time.process_time`) is used because the machine is shared.
"""
from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from pipeline.extract import extract  # noqa: E402
from pipeline.read import read_path  # noqa: E402
from pipeline.text.meta import extract_meta  # noqa: E402
from pipeline.text.segment import segment  # noqa: E402


def prepared(path: Path):
    """(document, sections, meta) of a report: what `extract` takes."""
    doc = read_path(str(path))
    sections = segment(doc.text, doc.tables)
    return doc, sections, extract_meta(doc, sections)


def cold_ms(path: Path) -> float:
    """CPU ms of the first `extract` call in this process."""
    doc, sections, meta = prepared(path)
    t0 = time.process_time()
    extract(doc, sections, meta)
    return (time.process_time() - t0) * 1000


def warm_ms(path: Path, repeats: int) -> float:
    """Median CPU ms of `extract` once warm."""
    doc, sections, meta = prepared(path)
    extract(doc, sections, meta)
    times = []
    for _ in range(repeats):
        t0 = time.process_time()
        extract(doc, sections, meta)
        times.append((time.process_time() - t0) * 1000)
    return statistics.median(times)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--name", default="pingtan_syq_2022")
    ap.add_argument("--formats", default="html,pdf,txt")
    ap.add_argument("--repeats", type=int, default=200)
    ap.add_argument("--cold-only", help=argparse.SUPPRESS)  # the child process of `cold`
    args = ap.parse_args()
    if args.cold_only:
        print(f"{cold_ms(Path(args.cold_only)):.3f}")
        return
    print(f"{'format':<8}{'cold ms':>10}{'warm ms':>10}")
    for fmt in args.formats.split(","):
        path = ROOT / "corpus" / f"{args.name}.{fmt}"
        child = subprocess.run([sys.executable, __file__, "--cold-only", str(path)],
                               capture_output=True, text=True, check=True)
        cold = float(child.stdout.strip().splitlines()[-1])
        print(f"{fmt:<8}{cold:>10.2f}{warm_ms(path, args.repeats):>10.2f}")


if __name__ == "__main__":
    main()
