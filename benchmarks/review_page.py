"""Time the review page on a large batch: build it, then open it in headless Chromium.

    PYTHONPATH=. python benchmarks/review_page.py [--n 10000] [--out /tmp/review_page.html]

The batch is `devtools.batch_synth.synthetic_batch` over the checked bundled corpus (real texts,
values and findings re-issued by organs of real counties). Prints the seconds to build and write
the page, its size, and the milliseconds from navigation until the script has drawn the first page
of findings (the budget is 2 s for 10,000 reports).
"""
from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

CHROMIUM_FLAGS = ("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                  "--disable-component-update", "--disable-sync", "--no-first-run")


def open_in_chromium(page: Path) -> float:
    """Milliseconds from navigation start until the page's script is done (`window.readyAt`)."""
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    for flag in CHROMIUM_FLAGS:
        options.add_argument(flag)
    profile = tempfile.mkdtemp(prefix="xxgk-bench-")
    options.add_argument(f"--user-data-dir={profile}")
    options.binary_location = shutil.which("chromium") or "/usr/bin/chromium"
    driver = webdriver.Chrome(service=Service(shutil.which("chromedriver") or "/usr/bin/chromedriver"),
                              options=options)
    try:
        driver.get(page.as_uri())
        return float(driver.execute_script("return window.readyAt"))
    finally:
        driver.quit()
        shutil.rmtree(profile, ignore_errors=True)


def main() -> None:
    from pipeline.batch import parse_many
    from pipeline.devtools.batch_synth import synthetic_batch
    from pipeline.review.check import run_checks
    from pipeline.review.page import write_page

    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=10_000, help="reports in the batch (default 10000)")
    ap.add_argument("--out", default=str(Path(tempfile.gettempdir()) / "xxgk_review_page.html"))
    ap.add_argument("--runs", type=int, default=3, help="times the page is opened (default 3)")
    args = ap.parse_args()
    templates = run_checks(list(parse_many([ROOT / "corpus"])))
    batch = synthetic_batch(templates, args.n)
    t = time.perf_counter()
    page = write_page(batch, args.out)
    built = time.perf_counter() - t
    findings = sum(len(r.findings) for r in batch)
    print(f"{len(batch)} reports, {findings} findings: page built in {built:.2f} s, "
          f"{page.stat().st_size / 1e6:.1f} MB → {page}")
    times = sorted(open_in_chromium(page) for _ in range(args.runs))
    print(f"opened in Chromium {args.runs}×: script done {', '.join(f'{t:.0f}' for t in times)} ms after "
          f"navigation start (median {times[len(times) // 2]:.0f} ms)")


if __name__ == "__main__":
    main()
