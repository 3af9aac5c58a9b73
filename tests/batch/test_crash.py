"""A run killed with SIGKILL mid-way and started again ends with exactly an uninterrupted run's output."""
from __future__ import annotations

import json
import re
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

from pipeline.batch.cache import Cache

from conftest import CORPUS, ROOT

COPIES = 3  # ~50 documents: long enough (a few seconds with one job) to be killed mid-way
KILL_AFTER = 6  # cache entries that must exist before the kill


def xxgk_parse(src: Path, out: Path) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "pipeline", "parse", str(src), "-o", str(out), "-j", "1"],
                            cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def entries(out: Path) -> list[bytes]:
    """The JSON lines of every unit in the cache (read beside the writer, as SQLite allows)."""
    db_path = Cache(out).path
    if not db_path.exists():
        return []
    db = sqlite3.connect(db_path, timeout=10)
    try:
        return [lines for (lines,) in db.execute("SELECT lines FROM units")]
    except sqlite3.OperationalError:  # the table is not created yet
        return []
    finally:
        db.close()


def test_sigkill_then_resume_equals_uninterrupted_run(tmp_path):
    src = tmp_path / "in"
    for copy in range(COPIES):
        folder = src / f"batch{copy}"
        folder.mkdir(parents=True)
        for f in sorted(CORPUS.glob("*")):
            if f.suffix in (".txt", ".html"):
                shutil.copy(f, folder)
    total = sum(1 for _ in src.rglob("*.*"))

    killed = tmp_path / "killed"
    run = xxgk_parse(src, killed)
    deadline = time.monotonic() + 60
    while len(entries(killed)) < KILL_AFTER and run.poll() is None and time.monotonic() < deadline:
        time.sleep(0.01)
    run.send_signal(signal.SIGKILL)
    run.wait()
    assert run.returncode == -signal.SIGKILL
    done_before = entries(killed)
    assert KILL_AFTER <= len(done_before) < total, "the kill must land in the middle of the run"
    assert not (killed / "reports.jsonl").exists()
    for entry in done_before:  # every entry left behind is whole
        lines = entry.decode("utf-8").splitlines()
        assert lines and all(json.loads(line)["source"]["path"] for line in lines)

    resumed = subprocess.run([sys.executable, "-m", "pipeline", "parse", str(src), "-o", str(killed)],
                             cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert resumed.returncode == 0, resumed.stderr
    counts = re.search(r"files parsed (\d+)  cached (\d+)", resumed.stdout)
    assert counts and int(counts[2]) >= len(done_before) and int(counts[1]) + int(counts[2]) == total

    clean = tmp_path / "clean"
    whole = subprocess.run([sys.executable, "-m", "pipeline", "parse", str(src), "-o", str(clean)],
                           cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert whole.returncode == 0, whole.stderr
    assert (killed / "reports.jsonl").read_bytes() == (clean / "reports.jsonl").read_bytes()
    assert (killed / "values.parquet").read_bytes() == (clean / "values.parquet").read_bytes()
    assert len((clean / "reports.jsonl").read_text(encoding="utf-8").splitlines()) == total
