"""The `xxgk` command line: wires the stages together, nothing more.

Exit statuses (also in each command's --help): 0 success; 1 the command ran and found what it
was asked to fail on (a document that failed, a finding at --fail-on, a start URL not fetched, an
accuracy below --min); 2 bad usage or no input.
"""
from __future__ import annotations

import argparse
import os
import sys
import textwrap
from contextlib import contextmanager
from itertools import islice
from pathlib import Path
from typing import Iterable, Iterator, Optional, Sequence

EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2
# A command's description is printed as written (so that its exit-status epilog keeps its lines),
# hence wrapped here to the width argparse uses on an 80-column terminal.
DESCRIPTION_WIDTH = 78


class _HelpFormatter(argparse.RawDescriptionHelpFormatter, argparse.ArgumentDefaultsHelpFormatter):
    """Epilogs kept as written; defaults shown, except where there is none to show."""

    def _get_help_string(self, action: argparse.Action) -> str:
        nothing = action.default is None or action.default is False or action.default == [] \
            or action.default is argparse.SUPPRESS  # identity: a default of 0 is still shown
        if nothing or "default" in (action.help or ""):
            return action.help or ""
        return super()._get_help_string(action)


def _summary_table(records: Iterable[dict], documents: int, limit: int = 40) -> str:
    """One row for each of the first `limit` records of a batch of `documents`: agency, year, era,
    sections, values, figures, findings, error."""
    rows = [("file", "agency", "year", "era", "sect", "vals", "figs", "find", "error")]
    for r in islice(records, limit):
        m = r["meta"]
        err = (r.get("error") or {}).get("type") or ""
        rows.append((r["source"]["path"].rsplit("/", 1)[-1][:28], (m["agency"] or "")[:14],
                     str(m["year"] or ""), m["era"] or "",
                     *(str(len(r[k])) for k in ("sections", "values", "figures", "findings")), err))
    widths = [max(_width(row[i]) for row in rows) for i in range(len(rows[0]))]
    lines = ["  ".join(_pad(c, w) for c, w in zip(row, widths)).rstrip() for row in rows]
    if documents > limit:
        lines.append(f"… and {documents - limit} more reports")
    return "\n".join(lines)


def _width(s: str) -> int:
    """Display width: CJK characters take two columns."""
    return sum(2 if ord(ch) > 0x2E80 else 1 for ch in s)


def _pad(s: str, width: int) -> str:
    return s + " " * (width - _width(s))


class _Hidden:
    """An import finder that answers as if the named packages were not installed."""

    def __init__(self, names: frozenset[str]):
        self.names = names

    def find_spec(self, name: str, path=None, target=None) -> None:
        if name.partition(".")[0] in self.names:
            raise ModuleNotFoundError(f"No module named {name!r}", name=name)
        return None


@contextmanager
def _hidden(*names: str) -> Iterator[None]:
    """The named packages out of sight for a while, those this process has not imported yet."""
    finder = _Hidden(frozenset(name for name in names if name not in sys.modules))
    sys.meta_path.insert(0, finder)
    try:
        yield
    finally:
        sys.meta_path.remove(finder)


def _pyarrow_without_numpy() -> None:
    """The pyarrow modules that write the parquet files (`batch.outputs`: parquet, compute for its
    `take`) imported as if numpy were not installed (~0.07 s of CPU less), by the `xxgk parse`
    process itself: writing needs no numpy (numpy is optional to pyarrow; the files are the same
    byte for byte), and parsing imports numpy when it needs it (OCR). A pyarrow imported so stays
    without numpy while the process lives, hence not for a caller of `main`."""
    with _hidden("numpy"):
        import pyarrow.compute  # noqa: F401
        import pyarrow.parquet  # noqa: F401


def cmd_parse(args: argparse.Namespace) -> int:
    import sqlite3

    from .batch import run_batch

    # Nothing in `xxgk parse` uses pandas, but pyarrow, writing the parquet files, imports it (~0.3 s
    # of CPU, more than parsing a document) the first time it converts a Python list, only to ask
    # whether the list is a pandas object. pandas is optional to pyarrow: without it lists are
    # converted the same way, and the parquet files are the same byte for byte.
    try:
        with _hidden("pandas"):
            result = run_batch(args.paths, args.out, jobs=args.jobs, force=args.force, engine=args.engine,
                               scheduler=args.scheduler, timeout=args.timeout or None)
    except (OSError, sqlite3.Error) as exc:  # documents fail one by one, in records: this is OUT or the cluster
        print(f"xxgk parse: {exc}", file=sys.stderr)
        return EXIT_USAGE
    if args.summary:
        print(_summary_table(result.records(), result.documents))
    print(f"documents {result.documents}  ok {result.ok}  failed {result.failed}  "
          f"files parsed {result.parsed}  cached {result.cached}  seconds {result.seconds:.2f}  "
          f"→ {args.out}/reports.jsonl, values.parquet, reports.parquet")
    for message in result.failures:
        print(f"  failed: {message}", file=sys.stderr)
    for problem in result.problems:
        print(f"xxgk parse: {problem}", file=sys.stderr)
    if result.problems:
        return EXIT_USAGE
    return EXIT_FAILED if result.failed else EXIT_OK


def cmd_eval(args: argparse.Namespace) -> int:
    import json

    from .batch import find_documents
    from .devtools.eval_report import report, summary
    from .devtools.evaluate import evaluate
    from .devtools.excerpts import excerpt_report, score_excerpts

    if not args.gold and not args.excerpts:
        print("xxgk eval: give --gold with documents, --excerpts with a labelled folder, or both", file=sys.stderr)
        return EXIT_USAGE
    out: dict = {}
    right = total = 0
    if args.gold:
        if not Path(args.gold).is_dir():
            print(f"xxgk eval: {args.gold}: no such gold folder", file=sys.stderr)
            return EXIT_USAGE
        if not args.paths:
            print("xxgk eval: --gold needs the documents (or folders) to score", file=sys.stderr)
            return EXIT_USAGE
        problems = find_documents(args.paths)[1]
        for problem in problems:
            print(f"xxgk eval: {problem}", file=sys.stderr)
        if problems:
            return EXIT_USAGE
        scores = evaluate(args.gold, args.paths)
        if not scores:
            print(f"xxgk eval: no document under {' '.join(args.paths)} has a gold file in {args.gold}",
                  file=sys.stderr)
            return EXIT_USAGE
        if args.json:
            out.update(summary(scores))
        else:
            print(report(scores, show=args.show))
        right, total = sum(s.right for s in scores), sum(s.total for s in scores)
    if args.excerpts:
        try:
            fields = score_excerpts(args.excerpts)
        except FileNotFoundError as exc:
            print(f"xxgk eval: {exc}", file=sys.stderr)
            return EXIT_USAGE
        if args.json:
            out["excerpts"] = {k: {"right": v.right, "total": v.total} for k, v in fields.items()}
        else:
            print(excerpt_report(fields, show=args.show))
        right += sum(f.right for f in fields.values())
        total += sum(f.total for f in fields.values())
    if args.json:
        print(json.dumps(out, ensure_ascii=False))
    share = 100 * right / total if total else 100.0
    if args.min is not None and share < args.min:
        print(f"xxgk eval: {share:.2f}% right, below --min {args.min:g}%", file=sys.stderr)
        return EXIT_FAILED
    return EXIT_OK


def cmd_scrape(args: argparse.Namespace) -> int:
    import logging

    from .crawl.politeness import Politeness
    from .crawl.scrape import Site, crawl, load_sites

    logging.basicConfig(level=logging.INFO if args.verbose else logging.WARNING, format="%(message)s")
    logging.getLogger("httpx").setLevel(logging.WARNING)  # one line per request is too much
    try:
        sites = load_sites(args.sites) if args.sites else []
    except (OSError, ValueError) as exc:
        print(f"xxgk scrape: {exc}", file=sys.stderr)
        return EXIT_USAGE
    sites += [Site(start=url, agency=args.agency, allow_hosts=tuple(args.allow_host)) for url in args.urls]
    if not sites:
        print("xxgk scrape: give start URLs or --sites FILE", file=sys.stderr)
        return EXIT_USAGE
    settings = Politeness(delay=args.delay, per_host=args.per_host, timeout=args.timeout,
                          retries=args.retries, backoff=args.backoff, max_redirects=args.max_redirects,
                          allow_private=frozenset(args.allow_private))
    r = crawl(sites, args.out, settings)
    print(f"archived {r.archived}  already {r.already}  failed {r.failed}  skipped {r.skipped}  "
          f"list pages {r.list_pages}  requests {r.requests}  → {r.warc or 'no new WARC'}, "
          f"{args.out}/manifest.jsonl")
    for url in r.unreachable:
        print(f"xxgk scrape: {url}: start page could not be fetched", file=sys.stderr)
    return EXIT_FAILED if r.unreachable else EXIT_OK


def cmd_check(args: argparse.Namespace) -> int:
    from .batch import find_documents
    from .review.check import fails, load_records, run_checks, text_report

    documents = [p for p in args.paths if not _is_parse_output(Path(p))]
    problems = find_documents(documents)[1]
    for problem in problems:
        print(f"xxgk check: {problem}", file=sys.stderr)
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
        if not problems:
            print(f"xxgk check: no documents or records under {' '.join(args.paths)}", file=sys.stderr)
        return EXIT_USAGE
    if problems:
        return EXIT_USAGE
    return EXIT_FAILED if args.fail_on and fails(records, args.fail_on) else EXIT_OK


def _is_parse_output(p: Path) -> bool:
    """An `xxgk parse` output folder or a reports .jsonl file."""
    return (p / "reports.jsonl").is_file() if p.is_dir() else p.suffix == ".jsonl" and p.is_file()


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
        return EXIT_USAGE
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
            return EXIT_FAILED
    return EXIT_OK

def cmd_keys(args: argparse.Namespace) -> int:
    from .domain.codebook import codebook, to_csv, to_json

    entries = codebook(args.era)
    if args.format == "csv":
        sys.stdout.write(to_csv(entries))
    elif args.format == "json":
        print(to_json(entries))
    else:
        rows = [("key", "row", "column", "unit", "eras")] + [
            (e.key, e.row, e.column, e.unit, " ".join(e.eras)) for e in entries]
        widths = [max(_width(r[i]) for r in rows) for i in range(len(rows[0]))]
        print("\n".join("  ".join(_pad(c, w) for c, w in zip(r, widths)).rstrip() for r in rows))
    return EXIT_OK


# The exit statuses of each command, shown under its --help (and in the README).
EXIT_STATUS = {
    "parse": "0  every document gave a record without error\n"
             "1  some document failed (its record says why; all records are still written)\n"
             "2  bad usage, or a path that is missing or holds no report file (the others are\n"
             "   still parsed; OUT/ is always written, possibly empty), or OUT/ cannot be written,\n"
             "   or the dask scheduler cannot be reached",
    "eval": "0  scored (and at or above --min)\n1  below --min\n"
            "2  bad usage, a missing path or gold folder, or no document with a gold file",
    "scrape": "0  every start URL was fetched\n1  a start URL could not be fetched at all\n"
              "2  bad usage (no start URL, unreadable --sites file)",
    "check": "0  checked (and no finding at or above --fail-on)\n"
             "1  a finding at or above --fail-on (a document that could not be read counts as an error)\n"
             "2  bad usage, or a path that is missing or holds no report file",
    "compare": "0  written\n1  the tables were written but --plot could not draw (no CJK font, no matplotlib)\n"
               "2  bad usage: no OUT/reports.jsonl, an unknown agency or metric",
    "keys": "0  always",
}


def _command(sub: argparse._SubParsersAction, name: str, help: str) -> argparse.ArgumentParser:
    """A sub-command whose --help shows defaults and its exit statuses."""
    status = "\n".join("  " + line for line in EXIT_STATUS[name].split("\n"))
    return sub.add_parser(name, help=help, description=textwrap.fill(help, DESCRIPTION_WIDTH),
                          formatter_class=_HelpFormatter,
                          epilog=f"exit status:\n{status}")


def build_parser() -> argparse.ArgumentParser:
    from .batch.workers import TIMEOUT_SECONDS
    from .crawl.politeness import Politeness
    from .record import ERAS, SEVERITIES

    parser = argparse.ArgumentParser(prog="xxgk", description="Parse, check and compare Chinese "
                                     "government information-disclosure annual reports.",
                                     epilog="exit status: 0 success, 1 failure found (see each command's "
                                     "--help), 2 bad usage or no input")
    sub = parser.add_subparsers(dest="command", required=True)
    p = _command(sub, "parse", "parse files and folders into OUT/reports.jsonl, values.parquet and "
                 "reports.parquet")
    p.add_argument("paths", nargs="+", help="files or folders (searched recursively)")
    p.add_argument("-o", "--out", default="out", help="output folder")
    p.add_argument("--summary", action="store_true", help="print one row per report")
    p.add_argument("-j", "--jobs", type=int, default=None, help="worker processes (default: all cores available)")
    p.add_argument("--force", action="store_true", help="re-parse everything, ignoring OUT/cache")
    p.add_argument("--engine", choices=("local", "dask"), default="local",
                   help="local processes, or a dask.distributed cluster (needs --scheduler)")
    p.add_argument("--scheduler", help="dask scheduler address, e.g. tcp://10.0.0.5:8786")
    p.add_argument("--timeout", type=float, default=TIMEOUT_SECONDS, help="seconds allowed per document, 0 for none")
    p.set_defaults(func=cmd_parse)
    e = _command(sub, "eval", "score parsing against gold answers and/or labelled excerpts")
    e.add_argument("paths", nargs="*", help="documents or folders holding them (with --gold)")
    e.add_argument("--gold", help="folder of <document file name>.json gold answers")
    e.add_argument("--excerpts", metavar="DIR",
                   help="folder of labelled report beginnings with labels.json: per-field scores, each miss")
    e.add_argument("--show", type=int, default=20, help="mismatches listed per document")
    e.add_argument("--min", type=float, metavar="PCT", help="exit 1 when the share of items right is below PCT")
    e.add_argument("--json", action="store_true",
                   help="print one JSON object of the totals instead (for scripts, CI)")
    e.set_defaults(func=cmd_eval)
    polite = Politeness()
    s = _command(sub, "scrape", "crawl agencies' 年报 columns into OUT/*.warc.gz + manifest.jsonl")
    s.add_argument("urls", nargs="*", help="start URLs (report list pages)")
    s.add_argument("--sites", help="YAML file of sites: agency, start, list, next, allow_hosts")
    s.add_argument("-o", "--out", default="archive", help="output folder")
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
    s.add_argument("--max-redirects", type=int, default=polite.max_redirects, help="redirects followed per request")
    s.add_argument("-v", "--verbose", action="store_true", help="log every skip and retry")
    s.set_defaults(func=cmd_scrape)
    c = _command(sub, "check", "report the findings of documents or of a parse output folder")
    c.add_argument("paths", nargs="+", help="documents, folders, or an `xxgk parse` output folder")
    c.add_argument("--html", help="also write the interactive review page here (one self-contained file)")
    c.add_argument("--memo", metavar="DIR", help="also write review memos (审查意见, .docx and .md) for each "
                   "report with findings, and a circular (通报) per province and city, into DIR")
    c.add_argument("--fail-on", choices=SEVERITIES[:2],
                   help="exit 1 when a finding of this severity or a graver one exists (default: never)")
    c.set_defaults(func=cmd_check)
    co = _command(sub, "compare", "compare agencies and years from an output folder: panel, metrics, "
                  "year-over-year change, ranking (printed, and as CSV and Excel)")
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
    k = _command(sub, "keys", "the codebook: every canonical key with its table, row and column as the "
                 "template prints them, unit, eras and meaning (schemas/keys.csv is its CSV form)")
    k.add_argument("--format", choices=("table", "csv", "json"), default="table", help="output format")
    k.add_argument("--era", choices=ERAS, help="only the keys of one era (default: all)")
    k.set_defaults(func=cmd_keys)
    return parser


def main(argv: Optional[Sequence[str]] = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.func is cmd_parse and args.engine == "dask" and not args.scheduler:
        from .batch.daskengine import NO_SCHEDULER

        parser.error(NO_SCHEDULER)
    if argv is None and args.func is cmd_parse:  # this process is the command: it ends with it
        from .batch import start_pool_early

        start_pool_early(args.paths, args.out, args.jobs, args.force, args.engine)
        _pyarrow_without_numpy()
    try:
        return args.func(args)
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:  # the reader stopped early (`xxgk keys | head`): not a failure
        sys.stdout = open(os.devnull, "w")  # no second error when Python flushes stdout at exit
        return EXIT_OK
