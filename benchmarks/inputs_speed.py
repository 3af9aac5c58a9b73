"""Speed of the extra inputs (issue 9): OCR of a scanned report, .doc conversion, zip bundles.

Prints timings; no assertions. Goals: a scanned report page through OCR ≤ 15 s on this
2-core machine; a .doc converted and read ≤ 5 s (LibreOffice start-up included); a zip of
the corpus read in about the time of its loose files.

    /work/main/.venv/bin/python benchmarks/inputs_speed.py [--skip-ocr]
"""
from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from pipeline import ocr  # noqa: E402
from pipeline.batch.archive import parse_archive  # noqa: E402
from pipeline.batch import parse_many  # noqa: E402
from pipeline.read import read_bytes, read_path  # noqa: E402
from pipeline.devtools.scans import scan_pdf  # noqa: E402

CORPUS = ROOT / "corpus"
SCAN_DPI = 200


def scanned(name: str) -> bytes:
    """Every page of a corpus PDF rendered at SCAN_DPI and wrapped in an image-only PDF."""
    return scan_pdf((CORPUS / name).read_bytes(), dpi=SCAN_DPI)


def bench_ocr() -> None:
    if ocr.missing_ocr():
        print(f"ocr: skipped ({ocr.MISSING_TESSERACT})")
        return
    data = scanned("huaian_szf_2024.pdf")
    t0 = time.perf_counter()
    doc = read_bytes(data, "scan.pdf")
    seconds = time.perf_counter() - t0
    pages = len(doc.pages)
    print(f"ocr: huaian_szf_2024.pdf scanned at {SCAN_DPI} dpi, {pages} pages: {seconds:.1f} s "
          f"({seconds / pages:.1f} s/page), {len(doc.tables)} tables")


def bench_doc() -> None:
    soffice = shutil.which("soffice")
    if not soffice:
        print("doc: skipped (LibreOffice not installed)")
        return
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run([soffice, "--headless", "--norestore", f"-env:UserInstallation=file://{tmp}/p",
                        "--convert-to", "doc", "--outdir", tmp, str(CORPUS / "pingtan_syq_2022.docx")],
                       check=True, capture_output=True, timeout=300)
        doc_path = Path(tmp) / "pingtan_syq_2022.doc"
        times = []
        for _ in range(3):
            t0 = time.perf_counter()
            read_path(doc_path)
            times.append(time.perf_counter() - t0)
    print(f"doc: pingtan_syq_2022.doc via LibreOffice: {min(times):.2f} s best, {max(times):.2f} s worst of 3")


def bench_zip() -> None:
    files = sorted(p for p in CORPUS.iterdir() if p.suffix in (".txt", ".html", ".pdf", ".docx"))
    with tempfile.TemporaryDirectory() as tmp:
        bundle = Path(tmp) / "corpus.zip"
        with zipfile.ZipFile(bundle, "w", zipfile.ZIP_DEFLATED) as zf:
            for f in files:
                zf.write(f, f.name)
        sum(1 for _ in parse_many(files))  # warm-up: imports, dictionaries, caches
        t0 = time.perf_counter()
        zipped = sum(1 for _ in parse_archive(bundle))
        t_zip = time.perf_counter() - t0
        t0 = time.perf_counter()
        loose = sum(1 for _ in parse_many(files))
        t_loose = time.perf_counter() - t0
    print(f"zip: {zipped} members in {t_zip:.2f} s; the same {loose} files loose in {t_loose:.2f} s")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--skip-ocr", action="store_true")
    args = parser.parse_args()
    bench_zip()
    bench_doc()
    if not args.skip_ocr:
        bench_ocr()


if __name__ == "__main__":
    main()
