"""Speed of the compare API on a large output folder made by repeating a real one.

Each record of OUT/reports.jsonl is copied `copies` times under new ids and agency names (as if
that many agencies had published the same reports), then `load`, `compute_metrics`, `panel` and
the text-reuse measure of one consecutive pair are timed (CPU time, `time.process_time`, which
other processes sharing the cores do not inflate). Run after `xxgk parse corpus -o out`:
    python benchmarks/compare_speed.py [out] [copies]
"""
from __future__ import annotations

import json
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from pipeline.compare import compute_metrics, load, panel  # noqa: E402
from pipeline.text.reuse import measure  # noqa: E402


def _timed(label: str, fn):
    t0 = time.process_time()
    out = fn()
    print(f"{label:<34} {time.process_time() - t0:8.2f} s")
    return out


def main() -> None:
    src = Path(sys.argv[1] if len(sys.argv) > 1 else "out") / "reports.jsonl"
    copies = int(sys.argv[2]) if len(sys.argv) > 2 else 100
    records = [json.loads(line) for line in src.open(encoding="utf-8")]
    with tempfile.TemporaryDirectory() as tmp:
        with (Path(tmp) / "reports.jsonl").open("w", encoding="utf-8") as fh:
            for i in range(copies):
                for rec in records:
                    rec = dict(rec, id=f"{rec['id'][:10]}{i:06d}", meta=dict(rec["meta"]))
                    rec["meta"]["agency"] = f"{rec['meta'].get('agency') or ''}{i}"
                    fh.write(json.dumps(rec, ensure_ascii=False) + "\n")
        n = copies * len(records)
        ds = _timed(f"load ({n} documents)", lambda: load(tmp))
        print(f"  {len(ds.values)} value rows, {int(ds.reports['primary'].sum())} primary reports")
        m = _timed("compute_metrics", lambda: compute_metrics(ds.values))
        _timed("panel (t3.*.total)", lambda: panel(ds.values, ["t3.*.total"], reports=ds.reports))
        print(f"  {len(m)} metric rows")
    texts = [r.get("text") or "" for r in records]
    longest = sorted(texts, key=len)[-2:]
    measure(*longest)  # jieba's dictionary loads once per process
    _timed(f"reuse of two reports ({len(longest[1])} chars)", lambda: measure(*longest))


if __name__ == "__main__":
    main()
