"""Speed of the template-table reader (issue 3). Prints median timings; no assertions.

Goals: the 6-page Huai'an PDF read with its tables (text layer + grids + table values)
≤ 150 ms median on one core; an HTML report's three tables (grids → values) ≤ 10 ms median.

    /work/main/.venv/bin/python benchmarks/tables_speed.py [--runs N]
"""
from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from pipeline.tables.cellvalue import parse_cell  # noqa: E402
from pipeline.read.pdftables import anchor_pages, read_pdf_tables  # noqa: E402
from pipeline.read import read_bytes  # noqa: E402
from pipeline.text.segment import segment  # noqa: E402
from pipeline.domain.template import norm  # noqa: E402
from pipeline.tables import read_template_tables  # noqa: E402

PDF = "huaian_szf_2024.pdf"
HTML = ("shanghai_szfbgt_2019.html", "pingtan_syq_2022.html")
TXT = "pingtan_syq_2021.txt"


def median_ms(fn, runs: int) -> float:
    fn()  # warm-up: imports, caches
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return 1000 * statistics.median(times)


def cold(fn, *args):
    """Call fn with the label/cell caches emptied, as for the first report of a batch."""
    norm.cache_clear()
    parse_cell.cache_clear()
    return fn(*args)


def bench(name: str, runs: int) -> None:
    data = (ROOT / "corpus" / name).read_bytes()
    doc = read_bytes(data, name)
    sections = segment(doc.text, doc.tables)
    era = "gb2021"
    read = median_ms(lambda: read_bytes(data, name), runs)
    tables = median_ms(lambda: cold(read_template_tables, doc, sections, era), runs)
    print(f"{name:<28} read {read:7.1f} ms   tables→values {tables:6.2f} ms   "
          f"read+tables {read + tables:7.1f} ms   ({len(doc.tables)} grids)")


def bench_pdf_grids(name: str, runs: int) -> None:
    """The PDF's share spent rebuilding table grids from the ruling (inside `read`)."""
    import pypdfium2 as pdfium

    data = (ROOT / "corpus" / name).read_bytes()
    doc = read_bytes(data, name)
    pages = [doc.text[a:b] for a, b in doc.pages]
    starts = [a for a, _ in doc.pages]
    pdf = pdfium.PdfDocument(data)
    loaded = [(pdf[i], pdf[i].get_textpage()) for i in range(len(pdf))]
    grids = median_ms(lambda: read_pdf_tables(loaded, pages, starts), runs)
    print(f"{name:<28} of which grids from the ruling: {grids:.1f} ms on {len(anchor_pages(pages))} pages")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=21)
    args = parser.parse_args()
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})  # one core
    print(f"median of {args.runs} runs, one core")
    for name in (PDF, *HTML, TXT):
        bench(name, args.runs)
    bench_pdf_grids(PDF, args.runs)


if __name__ == "__main__":
    main()
