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
    from .devtools.evaluate import evaluate, report
    from .devtools.excerpts import excerpt_report, score_excerpts

    if not args.gold and not args.excerpts:
        print("give --gold with documents, --excerpts with a labelled folder, or both", file=sys.stderr)
        return 2
    if args.gold:
        scores = evaluate(args.gold, args.paths)
        if not scores:
            print("no document under the given paths has a gold file", file=sys.stderr)
            return 1
        print(report(scores, show=args.show))
    if args.excerpts:
        try:
            print(excerpt_report(score_excerpts(args.excerpts), show=args.show))
        except FileNotFoundError as exc:
            print(exc, file=sys.stderr)
            return 1
    return 0


def cmd_scrape(args: argparse.Namespace) -> int:
    import logging

    from .crawl.politeness import Politeness
    from .crawl.scrape import Site, crawl, load_sites

    logging.basicConfig(level=logging.INFO if args.verbose else logging.WARNING, format="%(message)s")
    logging.getLogger("httpx").setLevel(logging.WARNING)  # one line per request is too much
    sites = load_sites(args.sites) if args.sites else []
    sites += [Site(start=url, agency=args.agency, allow_hosts=tuple(args.allow_host)) for url in args.urls]
    if not sites:
        print("give start URLs or --sites FILE", file=sys.stderr)
        return 2
    settings = Politeness(delay=args.delay, per_host=args.per_host, timeout=args.timeout,
                          retries=args.retries, backoff=args.backoff, max_redirects=args.max_redirects,
                          allow_private=frozenset(args.allow_private))
    r = crawl(sites, args.out, settings)
    print(f"archived {r.archived}  already {r.already}  failed {r.failed}  skipped {r.skipped}  "
          f"list pages {r.list_pages}  requests {r.requests}  → {r.warc or 'no new WARC'}, "
          f"{args.out}/manifest.jsonl")
    return 0


def cmd_check(args: argparse.Namespace) -> int:
    from .review.check import load_records, run_checks, text_report

    records = run_checks(load_records(args.paths))
    if records:
        print(text_report(records))
    if args.html:  # written for an empty batch too: the page says there was nothing to check
        from .review.page import write_page

        print(f"→ {write_page(records, args.html)}")
    if args.memo:
        from .review.memo import write_memo_folder

        print(f"→ {args.memo}: {len(write_memo_folder(records, args.memo))} files")
    if not records:
        print("no documents or reports.jsonl under the given paths", file=sys.stderr)
        return 1
    return 0


def cmd_compare(args: argparse.Namespace) -> int:
    from .compare import compare_tables, load, render, write_tables

    try:
        ds = load(args.out_dir, aliases=args.aliases)
        tables = compare_tables(ds, args.agency, args.year, args.key, args.metric)
        if args.by or args.plot:
            from .compare.rollup import region_tables

            tables |= region_tables(ds, args.by or "province")
    except (FileNotFoundError, ValueError) as exc:
        print(f"xxgk compare: {exc}", file=sys.stderr)
        return 2
    shown = ("panel", "metrics", "yoy", "rank") + (("regions_coverage", "regions_metrics") if args.by else ())
    for name in shown:
        print(f"\n== {name}\n{render(tables[name], max_rows=args.rows)}")
    written = write_tables(tables, args.to or f"{args.out_dir}/compare")
    print(f"\nwrote {', '.join(str(p) for p in written)}")
    if args.plot:
        from .compare.plots import CannotPlot, write_plots

        try:
            print(f"plots: {', '.join(str(p) for p in write_plots(tables, args.plot))}")
        except CannotPlot as exc:
            print(f"xxgk compare: {exc}", file=sys.stderr)
            return 1
    return 0


def build_parser() -> argparse.ArgumentParser:
    from .batch.workers import TIMEOUT_SECONDS

    from .crawl.politeness import Politeness

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
    p.add_argument("--timeout", type=float, default=TIMEOUT_SECONDS,
                   help=f"seconds allowed per document, 0 for none (default: {TIMEOUT_SECONDS:g})")
    p.set_defaults(func=cmd_parse)
    e = sub.add_parser("eval", help="score parsing against gold answers and/or labelled excerpts")
    e.add_argument("paths", nargs="*", help="documents or folders holding them (with --gold)")
    e.add_argument("--gold", help="folder of <document file name>.json gold answers")
    e.add_argument("--excerpts", metavar="DIR",
                   help="folder of labelled report beginnings with labels.json: per-field scores, each miss")
    e.add_argument("--show", type=int, default=20, help="mismatches listed per document")
    e.set_defaults(func=cmd_eval)
    polite = Politeness()
    s = sub.add_parser("scrape", help="crawl agencies' 年报 columns into OUT/*.warc.gz + manifest.jsonl")
    s.add_argument("urls", nargs="*", help="start URLs (report list pages)")
    s.add_argument("--sites", help="YAML file of sites: agency, start, list, next, allow_hosts")
    s.add_argument("-o", "--out", default="archive", help="output folder (default: archive)")
    s.add_argument("--agency", help="agency of the start URLs given on the command line")
    s.add_argument("--allow-host", action="append", default=[],
                   help="another host to allow (.gov.cn: subdomains)")
    s.add_argument("--allow-private", action="append", default=[],
                   help="a private address to allow, e.g. 127.0.0.1")
    s.add_argument("--delay", type=float, default=polite.delay, help="seconds between requests to one host")
    s.add_argument("--per-host", type=int, default=polite.per_host, help="requests to one host at once")
    s.add_argument("--timeout", type=float, default=polite.timeout, help="seconds before a request times out")
    s.add_argument("--retries", type=int, default=polite.retries, help="further tries after 5xx or time-out")
    s.add_argument("--backoff", type=float, default=polite.backoff, help="first wait before a retry (doubles)")
    s.add_argument("--max-redirects", type=int, default=polite.max_redirects)
    s.add_argument("-v", "--verbose", action="store_true", help="log every skip and retry")
    s.set_defaults(func=cmd_scrape)
    c = sub.add_parser("check", help="report the findings of documents or of a parse output folder")
    c.add_argument("paths", nargs="+", help="documents, folders, or an `xxgk parse` output folder")
    c.add_argument("--html", help="also write the interactive review page here (one self-contained file)")
    c.add_argument("--memo", metavar="DIR", help="also write review memos (审查意见, .docx and .md) for each "
                   "report with findings, and a circular (通报) per province and city, into DIR")
    c.set_defaults(func=cmd_check)
    co = sub.add_parser("compare", help="compare agencies and years from an output folder: panel, "
                        "metrics, year-over-year change, ranking (printed, and as CSV and Excel)")
    co.add_argument("out_dir", metavar="OUT", help="folder written by `xxgk parse`")
    co.add_argument("--agency", nargs="+", default=[], help="agency names (aliases accepted)")
    co.add_argument("--year", nargs="+", type=int, default=[], help="report years")
    co.add_argument("--key", nargs="+", default=[], help="canonical keys or patterns such as 't3.*.total'")
    co.add_argument("--metric", nargs="+", default=[], help="derived metrics (default: all)")
    co.add_argument("--aliases", nargs="+", default=[], help="extra agency alias CSV files")
    co.add_argument("--to", help="folder for the CSV and Excel files (default: OUT/compare)")
    co.add_argument("--rows", type=int, default=40, help="rows printed per table")
    co.add_argument("--by", choices=("province", "city", "county"),
                    help="also roll metrics and coverage up per region and year (regions_*.csv)")
    co.add_argument("--plot", metavar="DIR", help="also draw the coverage heatmap and metric trends per region "
                    "as PNG and SVG (regions by --by, default province; needs a CJK font: fonts-noto-cjk)")
    co.set_defaults(func=cmd_compare)
    return parser


def main(argv: Optional[Sequence[str]] = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return args.func(args)
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
