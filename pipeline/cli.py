"""The `xxgk` command line: wires the stages together, nothing more."""
from __future__ import annotations

import argparse
import sys
from typing import Optional, Sequence


def _summary_table(records: list[dict], limit: int = 40) -> str:
    """One row per report (`batch.digest`): agency, year, era, sections, values, findings, error."""
    rows = [("file", "agency", "year", "era", "sect", "vals", "figs", "find", "error")]
    for r in records[:limit]:
        m, n = r["meta"], r["counts"]
        err = (r.get("error") or {}).get("type") or ""
        rows.append((r["source"]["path"].rsplit("/", 1)[-1][:28], (m["agency"] or "")[:14],
                     str(m["year"] or ""), m["era"] or "", str(n["sections"]), str(n["values"]),
                     str(n["figures"]), str(n["findings"]), err))
    widths = [max(_width(row[i]) for row in rows) for i in range(len(rows[0]))]
    lines = ["  ".join(_pad(c, w) for c, w in zip(row, widths)).rstrip() for row in rows]
    if len(records) > limit:
        lines.append(f"… and {len(records) - limit} more reports")
    return "\n".join(lines)


def _width(s: str) -> int:
    """Display width: CJK characters take two columns."""
    return sum(2 if ord(ch) > 0x2E80 else 1 for ch in s)


def _pad(s: str, width: int) -> str:
    return s + " " * (width - _width(s))


def cmd_parse(args: argparse.Namespace) -> int:
    from .batch import run_batch

    result = run_batch(args.paths, args.out, jobs=args.jobs, force=args.force, engine=args.engine,
                       scheduler=args.scheduler, timeout=args.timeout or None)
    if args.summary:
        print(_summary_table(result.records))
    print(f"documents {result.documents}  ok {result.ok}  failed {result.failed}  "
          f"files parsed {result.parsed}  cached {result.cached}  "
          f"seconds {result.seconds:.2f}  → {args.out}/reports.jsonl, {args.out}/values.parquet")
    for r in result.records:
        if r["error"]:
            print(f"  failed: {r['error']['message']}", file=sys.stderr)
    return 0


def cmd_eval(args: argparse.Namespace) -> int:
    from .evaluate import evaluate, report

    scores = evaluate(args.gold, args.paths)
    if not scores:
        print("no document under the given paths has a gold file", file=sys.stderr)
        return 1
    print(report(scores, show=args.show))
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="xxgk", description="Parse, check and compare Chinese "
                                     "government information-disclosure annual reports.")
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("parse", help="parse files and folders into OUT/reports.jsonl and values.parquet")
    p.add_argument("paths", nargs="+", help="files or folders (searched recursively)")
    p.add_argument("-o", "--out", default="out", help="output folder (default: out)")
    p.add_argument("--summary", action="store_true", help="print one row per report")
    p.add_argument("-j", "--jobs", type=int, default=None, help="worker processes (default: all cores available)")
    p.add_argument("--force", action="store_true", help="re-parse everything, ignoring OUT/cache")
    p.add_argument("--engine", choices=("local", "dask"), default="local",
                   help="local processes, or a dask.distributed cluster (needs --scheduler)")
    p.add_argument("--scheduler", help="dask scheduler address, e.g. tcp://10.0.0.5:8786")
    p.add_argument("--timeout", type=float, default=60.0,
                   help="seconds allowed per document, 0 for none (default: 60)")
    p.set_defaults(func=cmd_parse)
    e = sub.add_parser("eval", help="score parsing against gold answers")
    e.add_argument("paths", nargs="+", help="documents or folders holding them")
    e.add_argument("--gold", required=True, help="folder of <document file name>.json gold answers")
    e.add_argument("--show", type=int, default=20, help="mismatches listed per document")
    e.set_defaults(func=cmd_eval)
    return parser


def main(argv: Optional[Sequence[str]] = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return args.func(args)
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
