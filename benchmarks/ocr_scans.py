"""OCR accuracy and speed on office-like scans of the corpus PDFs (issue 15, scans).

Every page of each corpus PDF is rendered as a desk scanner gives it
(`pipeline.devtools.scans.OFFICE`: 200 dpi grey, skew 0.5–1.5° either way, Gaussian blur
0.8 px, noise σ 8 grey levels, paper at grey 240, JPEG quality 70, a red seal ring over
the signature of the last page), then parsed; each gold table cell (t2/t3/t4 values) is
  right     the value equals gold,
  flagged   missing, or named by a warning/error finding,
  wrong     present, different from gold, and named by no finding (must be 0).
Prints a line per document (cells; agency, year and section titles right; seconds per page)
and totals.
Seconds are CPU seconds of this process and its Tesseract children (one core's time, what
the machine's other load does not change); wall seconds are printed beside them.

    /work/main/.venv/bin/python benchmarks/ocr_scans.py [--clean] [--seed N] [-v] [names...]
"""
from __future__ import annotations

import argparse
import json
import resource
import sys
import time
import zlib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from pipeline.core import parse_bytes  # noqa: E402
from pipeline.devtools.scans import OFFICE, scan_pdf  # noqa: E402
from pipeline.read.ocr import MISSING_TESSERACT, missing_ocr  # noqa: E402

CORPUS = ROOT / "corpus"
GOLD = CORPUS / "gold"
PDFS = ("huaian_szf_2024.pdf", "pingtan_syq_2019.pdf", "pingtan_syq_2022.pdf", "pingtan_syq_2025.pdf")
TABLES = ("t2.", "t3.", "t4.")


def score(name: str, clean: bool, seed: int) -> dict:
    """Cells right / flagged / silently wrong, meta and seconds of one scanned corpus PDF."""
    gold = json.loads((GOLD / f"{name}.json").read_text(encoding="utf-8"))
    data = scan_pdf((CORPUS / name).read_bytes(), degradation=None if clean else OFFICE,
                    seed=seed + zlib.crc32(name.encode()))  # each document its own skews, noise and seal
    t0, c0 = time.perf_counter(), cpu_seconds()
    rec = parse_bytes(data, f"scan-{name}")
    seconds, cpu = time.perf_counter() - t0, cpu_seconds() - c0
    named = {k for f in rec.findings if f.severity in ("warning", "error") for k in f.keys}
    counts = {"right": 0, "flagged": 0, "wrong": 0}
    wrong, flagged = [], []
    for key, expected in gold["values"].items():
        if not key.startswith(TABLES):
            continue
        got = rec.values.get(key)
        value = got.value if got is not None else None
        if value is not None and float(value) == float(expected):
            counts["right"] += 1
        elif value is None or key in named:
            counts["flagged"] += 1
            flagged.append(f"{key}={value} (gold {expected})")
        else:
            counts["wrong"] += 1
            wrong.append(f"{key}={value} (gold {expected})")
    import pypdfium2 as pdfium

    pages = len(pdfium.PdfDocument(data))
    meta = gold["meta"]
    titles = [s.title.strip() for s in rec.sections]
    sections = f"{sum(t in titles for t in gold['sections'])}/{len(gold['sections'])}"
    return {**counts, "agency": rec.meta.agency == meta["agency"], "year": rec.meta.year == meta["year"],
            "sections": sections,
            "seconds": seconds, "cpu": cpu, "pages": pages, "wrong_cells": wrong, "flagged_cells": flagged,
            "error": rec.error}


def cpu_seconds() -> float:
    """CPU seconds used so far by this process and its waited-for children (Tesseract)."""
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("names", nargs="*", default=PDFS)
    parser.add_argument("--clean", action="store_true", help="clean 200 dpi renderings, no degradation")
    parser.add_argument("--seed", type=int, default=0, help="varies the skew, noise and seal of every page")
    parser.add_argument("-v", "--verbose", action="store_true", help="list the flagged cells too")
    args = parser.parse_args(argv)
    if missing_ocr():
        print(f"skipped: {MISSING_TESSERACT}")
        return 1
    total = {"right": 0, "flagged": 0, "wrong": 0, "seconds": 0.0, "cpu": 0.0, "pages": 0}
    print(f"{'document':24} {'right':>6} {'flagged':>8} {'wrong':>6} {'agency':>7} {'year':>5} {'sections':>9}"
          f" {'cpu s/page':>11} {'wall s/page':>12}")
    for name in args.names:
        r = score(name, args.clean, args.seed)
        for k in total:
            total[k] += r[k]
        print(f"{name:24} {r['right']:6d} {r['flagged']:8d} {r['wrong']:6d} {str(r['agency']):>7} {str(r['year']):>5} "
              f"{r['sections']:>9} "
              f"{r['cpu'] / r['pages']:11.1f} {r['seconds'] / r['pages']:12.1f}"
              + (f"  error: {r['error']}" if r["error"] else ""))
        for cell in r["wrong_cells"]:
            print(f"    silently wrong: {cell}")
        for cell in r["flagged_cells"] if args.verbose else []:
            print(f"    flagged: {cell}")
    cells = total["right"] + total["flagged"] + total["wrong"]
    print(f"{'total':24} {total['right']:6d} {total['flagged']:8d} {total['wrong']:6d}   "
          f"{total['right'] / max(cells, 1):.1%} right of {cells} cells, "
          f"{total['cpu'] / total['pages']:.1f} cpu s/page ({total['seconds'] / total['pages']:.1f} wall)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
