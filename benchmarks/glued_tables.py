"""Template tables from glued crawler dumps of synthetic reports (issue 15). Prints figures; no assertions.

Each drawn 2019/2021-template report (`devtools.synth`, values that keep the identities, 本年增/减
from −10 to 10) is dumped the way the Pingtan crawler dumps pages: the body as one run-on line,
every table cell's text run into the next. The figures: table cells read right / read / written,
and cells present but wrong without a finding naming them (goal 0).

    /work/main/.venv/bin/python benchmarks/glued_tables.py [--n 200] [--seed 15]
"""
from __future__ import annotations

import argparse
import json
import random
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from pipeline.core import parse_bytes  # noqa: E402
from pipeline.devtools.evaluate import same, silent_wrong  # noqa: E402
from pipeline.devtools.synth import draw_report  # noqa: E402
from pipeline.devtools.synthfiles import render_txt  # noqa: E402

TABLE_PREFIXES = ("t2.", "t3.", "t4.")


def glued_dump(data: bytes) -> bytes:
    """A tab-separated synthetic dump with its body run on and its table cells glued."""
    head, _, body = data.decode("utf-8").partition("==================== 正文 ====================\n")
    return (head + "==================== 正文 ====================\n"
            + body.replace("\t", "").replace("\n", "")).encode("utf-8")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=200)
    ap.add_argument("--seed", type=int, default=15)
    args = ap.parse_args()
    rng = random.Random(args.seed)
    written = read = right = 0
    silent: list[str] = []
    t0 = time.perf_counter()
    for i in range(args.n):
        rep = draw_report(rng, era=rng.choice(("gb2019", "gb2021")), fmt="txt")
        truth = {k: v for k, v in rep.truth.values.items() if k.startswith(TABLE_PREFIXES)}
        record = parse_bytes(glued_dump(render_txt(rep)), f"synth_{i}.txt").to_dict()
        got = {k: v["value"] for k, v in record["values"].items() if k in truth}
        written += len(truth)
        read += len(got)
        right += sum(same(truth[k], v) for k, v in got.items())
        silent += [f"synth_{i}:{k}" for k in silent_wrong({"values": truth}, record)]
    seconds = time.perf_counter() - t0
    print(json.dumps({"reports": args.n, "cells_written": written, "cells_read": read, "cells_right": right,
                      "silent_wrong": len(silent), "silent_examples": silent[:10],
                      "ms_per_report": round(1000 * seconds / args.n, 1)}, ensure_ascii=False))


if __name__ == "__main__":
    main()
