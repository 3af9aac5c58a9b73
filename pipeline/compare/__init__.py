"""Compare stage: the parsed reports as pandas tables, across years and agencies.

    import pipeline as xx
    ds = xx.load("out")                                   # reports, values, figures, findings
    wide = xx.panel(ds.values, ["t3.new_received.total", "legacy.requests.received"])
    m = xx.compute_metrics(ds.values)                            # derived metrics, long like values
    xx.yoy(xx.panel(m, ["disclosure_rate"]))               # year-over-year change
    xx.rank(m, "disclosure_rate", year=2022)               # agencies ranked within a year

Agencies carry one canonical name across spellings and reforms (`agencies`); a report published
in several forms (html, docx, pdf, crawler text) counts once (`primary`, by the rule of
`domain.copies`, the same as in `xxgk parse`'s parquet files). Blank cells stay
missing (NaN), never zero.
"""
from __future__ import annotations

import fnmatch
import json
import unicodedata
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Callable, Iterable, Iterator, Optional, Sequence

import pandas as pd

from ..domain.agencies import AgencyIndex, issuers, region_of
from ..domain.copies import Copy, duplicate_of, own_format
from ..extract.crosswalk import crosswalk as crosswalk_values
from .metrics import METRICS, Metric, compute_all
from ..record import Value
from ..text.reuse import Reuse, measure

# Characters of the report's opening text searched for place names that settle an ambiguous
# region (title block, intro, and usually the contact address).
REGION_CONTEXT_CHARS = 1500
# Keys shown by `xxgk compare` when none are asked for: requests and outcomes in both eras.
DEFAULT_KEYS = ("t3.new_received.total", "t3.total_processed.total", "t3.granted.total",
                "t3.partial.total", "t4.review.total", "t4.suit_direct.total",
                "legacy.requests.received", "legacy.requests.answered",
                "legacy.requests.outcome.granted", "legacy.active.total")

# Agencies listed in the message for an unknown --agency.
MAX_LISTED = 12

REPORT_COLUMNS = ("report_id", "path", "format", "agency", "agency_raw", "issuers", "year", "era",
                  "title", "published", "signed", "province", "city", "county", "adcode",
                  "region_level", "region_basis", "region_candidates", "values", "blanks",
                  "figures", "findings", "error", "primary", "duplicate_of")
VALUE_COLUMNS = ("report_id", "agency", "year", "era", "key", "value", "unit", "qualifier", "raw",
                 "derived")
FIGURE_COLUMNS = ("report_id", "agency", "year", "era", "section", "label", "value", "unit",
                  "qualifier", "text")
FINDING_COLUMNS = ("report_id", "agency", "year", "era", "rule", "severity", "message", "keys")
METRIC_COLUMNS = ("report_id", "agency", "year", "era", "key", "value", "numerator", "denominator",
                  "derived", "missing")


@dataclass
class Dataset:
    """The parsed reports of one output folder as DataFrames (see `load`)."""

    reports: pd.DataFrame
    values: pd.DataFrame
    figures: pd.DataFrame
    findings: pd.DataFrame
    source: Path
    agencies: AgencyIndex = field(default_factory=AgencyIndex.default, repr=False)
    _offsets: dict[str, int] = field(default_factory=dict, repr=False)

    def text(self, report_id: str) -> str:
        """The clean text of one report, read from reports.jsonl on demand."""
        if report_id not in self._offsets:
            raise KeyError(f"{self.source}: no report with id {report_id}")
        with self.source.open("rb") as fh:
            fh.seek(self._offsets[report_id])
            return json.loads(fh.readline()).get("text") or ""

    def report_id(self, agency: str, year: int) -> str:
        """The id of the primary report of an agency (canonical name) in a year."""
        r = self.reports
        hit = r[(r["agency"] == agency) & (r["year"] == year) & r["primary"]]
        if hit.empty:
            raise KeyError(f"{self.source}: no report of {agency} for {year}")
        return str(hit["report_id"].iloc[0])


def load(out_dir: str | Path, aliases: Iterable[str | Path] = (), primary_only: bool = True,
         crosswalk: bool = False) -> Dataset:
    """Read OUT/reports.jsonl into DataFrames.

    `reports` has one row per document (column `primary` marks the one counted for its agency
    and year); `values`, `figures` and `findings` are long tables of the primary reports (all
    documents with `primary_only=False`). `aliases` are extra agency alias CSV files. With
    `crosswalk`, legacy reports also get the table-3 totals their outcomes map to (`extract.crosswalk`),
    as rows with `derived` set, so that one key spans both eras.
    """
    source = Path(out_dir) / "reports.jsonl"
    if not source.is_file():
        raise FileNotFoundError(f"{source}: not found — run `xxgk parse … -o {out_dir}` first")
    records, offsets = _read_records(source)
    index = AgencyIndex.default(aliases)
    names = index.unify(((r["meta"].get("agency") or "", r["meta"].get("year")) for r in records))
    reports = pd.DataFrame([_report_row(r, names, index) for r in records], columns=list(REPORT_COLUMNS))
    reports = _mark_primary(reports)
    keep = set(reports.loc[reports["primary"] | (not primary_only), "report_id"])
    chosen = [r for r in records if r["id"] in keep]
    who = {r.report_id: (r.agency, r.year, r.era) for r in reports.itertuples(index=False)}
    return Dataset(reports=reports,
                   values=_long(chosen, who, partial(_value_rows, crosswalk=crosswalk), VALUE_COLUMNS),
                   figures=_long(chosen, who, _figure_rows, FIGURE_COLUMNS),
                   findings=_long(chosen, who, _finding_rows, FINDING_COLUMNS),
                   source=source, agencies=index, _offsets=offsets)


def _read_records(source: Path) -> tuple[list[dict], dict[str, int]]:
    """The records of reports.jsonl without their text, and each line's byte offset."""
    records, offsets = [], {}
    with source.open("rb") as fh:
        for no, line in enumerate(iter(fh.readline, b""), 1):
            offset = fh.tell() - len(line)
            if not line.strip():
                continue
            try:
                rec = json.loads(line)
            except json.JSONDecodeError as exc:
                raise ValueError(f"{source} line {no}: not a JSON record ({exc})") from None
            offsets.setdefault(rec["id"], offset)
            rec["_head"] = (rec.pop("text", None) or "")[:REGION_CONTEXT_CHARS]
            rec["meta"] = rec.get("meta") or {}
            records.append(rec)
    return records, offsets


def _report_row(rec: dict, names: dict, index: AgencyIndex) -> dict:
    meta, src = rec["meta"], rec.get("source") or {}
    raw, year = meta.get("agency") or "", meta.get("year")
    contact = meta.get("contact") or {}
    context = " ".join(filter(None, [meta.get("title"), contact.get("address"), meta.get("publisher"),
                                     rec["_head"]]))
    region = region_of(raw, context, index, year) if raw else None
    values = rec.get("values") or {}
    return {
        "report_id": rec["id"], "path": src.get("path"), "format": own_format(src),
        "agency": names.get((raw, year)) or None, "agency_raw": raw or None,
        "issuers": "、".join(meta.get("agencies") or issuers(raw)) or None, "year": year,
        "era": meta.get("era"), "title": meta.get("title"), "published": meta.get("published"),
        "signed": meta.get("signed"),
        "province": region and region.province, "city": region and region.city,
        "county": region and region.county, "adcode": region and region.code,
        "region_level": region and region.level, "region_basis": region.basis if region else "none",
        "region_candidates": "; ".join(region.candidates) if region else "",
        "values": sum(v.get("value") is not None for v in values.values()),
        "blanks": sum(v.get("value") is None for v in values.values()),
        "figures": len(rec.get("figures") or []), "findings": len(rec.get("findings") or []),
        "error": (rec.get("error") or {}).get("message"), "primary": True, "duplicate_of": None,
    }


def _mark_primary(reports: pd.DataFrame) -> pd.DataFrame:
    """Keep one document per agency and year (`domain.copies`); the others point to it in
    `duplicate_of`."""
    r = reports.copy()
    r["year"] = r["year"].astype("Int64")
    copies = [Copy(row.agency if isinstance(row.agency, str) else None,
                   None if pd.isna(row.year) else int(row.year), row.format, isinstance(row.error, str),
                   int(row.values), row.path) for row in r.itertuples(index=False)]
    dup = duplicate_of(copies)
    r["primary"] = [d is None for d in dup]
    r["duplicate_of"] = [None if d is None else r["report_id"].iloc[d] for d in dup]
    return r


def _long(records: list[dict], who: dict[str, tuple], rows: Callable[[dict], Iterator[dict]],
          columns: Sequence[str]) -> pd.DataFrame:
    """A long table built by `rows(record)`, with the report's agency, year and era."""
    out = []
    for rec in records:
        agency, year, era = who[rec["id"]]
        base = {"report_id": rec["id"], "agency": agency, "year": year, "era": era}
        out.extend(base | row for row in rows(rec))
    frame = pd.DataFrame(out, columns=list(columns))
    frame["year"] = frame["year"].astype("Int64")
    if "value" in frame:
        frame["value"] = pd.to_numeric(frame["value"], errors="coerce").astype("float64")
    return frame


def _value_rows(rec: dict, crosswalk: bool = False) -> Iterator[dict]:
    values = rec.get("values") or {}
    for key, v in values.items():
        yield {"key": key, "value": v.get("value"), "unit": v.get("unit"), "qualifier": v.get("qualifier"),
               "raw": v.get("raw"), "derived": bool(v.get("derived"))}
    if crosswalk and rec["meta"].get("era") == "legacy":
        mapped = crosswalk_values({k: _as_value(v) for k, v in values.items()})
        for key, v in mapped.items():
            if key not in values:
                yield {"key": key, "value": v.value, "unit": v.unit, "qualifier": v.qualifier, "raw": v.raw,
                       "derived": True}


def _as_value(v: dict) -> Value:
    """A record's value (JSON) as the `Value` the crosswalk reads."""
    return Value(v.get("value"), v.get("unit"), v.get("qualifier"), v.get("raw") or "", v.get("where") or {},
                 v.get("upper"), bool(v.get("derived")))


def _figure_rows(rec: dict) -> Iterator[dict]:
    for f in rec.get("figures") or []:
        yield {k: f.get(k) for k in ("section", "label", "value", "unit", "qualifier", "text")}


def _finding_rows(rec: dict) -> Iterator[dict]:
    for f in rec.get("findings") or []:
        yield {"rule": f.get("rule"), "severity": f.get("severity"), "message": f.get("message"),
               "keys": ", ".join(f.get("keys") or [])}


# --- tables -----------------------------------------------------------------------------------

def select_keys(available: Iterable[str], keys: Iterable[str]) -> list[str]:
    """The keys asked for, in order: exact names kept as given, glob patterns ("t3.*.total")
    expanded to the available keys they match."""
    available = sorted(set(available))
    out: list[str] = []
    for k in keys:
        hits = fnmatch.filter(available, k) if any(c in k for c in "*?[") else [k]
        out.extend(h for h in hits if h not in out)
    return out


def panel(frame: pd.DataFrame, keys: Iterable[str], index: Sequence[str] = ("agency", "year"),
          reports: Optional[pd.DataFrame] = None) -> pd.DataFrame:
    """A wide table: one row per `index` (default agency × year), one column per key.

    `frame` is a long table with `key` and `value` columns (`Dataset.values` or `compute_metrics(...)`);
    keys may be glob patterns. With `reports` (e.g. `Dataset.reports`), every primary report has a
    row even if it has none of the keys. Missing cells are NaN.
    """
    index = list(index)
    cols = select_keys(frame["key"].unique(), keys)
    sub = frame[frame["key"].isin(cols)]
    dup = sub[sub.duplicated(index + ["key"], keep=False)]
    if not dup.empty:
        first = dup.iloc[0]
        raise ValueError(f"several values for {dict(first[index])} {first['key']}: index by report_id "
                         "or load with primary_only=True")
    wide = sub.pivot(index=index, columns="key", values="value")
    if reports is not None:
        rows = reports.loc[reports["primary"], index].dropna().drop_duplicates()
        wide = wide.reindex(wide.index.union(pd.MultiIndex.from_frame(rows) if len(index) > 1
                                             else pd.Index(rows[index[0]])))
    wide = wide.reindex(columns=cols).sort_index()
    wide.columns.name = None
    return wide


def yoy(wide: pd.DataFrame, group: str = "agency", time: str = "year") -> pd.DataFrame:
    """Change of every column of a panel from each row to the group's previous row (long format).

    The previous row is the previous report present: `gap` says how many years apart they are
    (a gap above 1 means years are missing). `pct_change` is missing when the earlier value is 0;
    pairs where both values are missing are left out.
    """
    rows = []
    for g, part in wide.groupby(level=group, sort=True):
        part = part.sort_index(level=time)
        years = part.index.get_level_values(time)
        for i in range(1, len(part)):
            for key in part.columns:
                now, before = part.iloc[i][key], part.iloc[i - 1][key]
                if pd.isna(now) and pd.isna(before):
                    continue
                change = now - before if pd.notna(now) and pd.notna(before) else float("nan")
                rows.append({group: g, time: years[i], "prev_" + time: years[i - 1],
                             "gap": int(years[i] - years[i - 1]), "key": key, "value": now,
                             "prev_value": before, "change": change,
                             "pct_change": change / before if pd.notna(change) and before else float("nan")})
    return pd.DataFrame(rows, columns=[group, time, "prev_" + time, "gap", "key", "value", "prev_value",
                                       "change", "pct_change"])


def rank(frame: pd.DataFrame, key: str, year: Optional[int] = None, ascending: bool = False) -> pd.DataFrame:
    """Agencies ranked within each year on one key or metric of a long table (1 = highest unless
    `ascending`; `of` = agencies ranked that year). Agencies whose value is missing are left out,
    not ranked last."""
    sub = frame[(frame["key"] == key) & frame["value"].notna()]
    if year is not None:
        sub = sub[sub["year"] == year]
    cols = ["year", "agency", "value"] + [c for c in ("derived",) if c in sub]
    sub = sub[cols].copy()
    by_year = sub.groupby("year")["value"]
    sub.insert(1, "rank", by_year.rank(method="min", ascending=ascending).astype("Int64"))
    sub.insert(2, "of", by_year.transform("size").astype("Int64"))
    sub.insert(0, "key", key)
    return sub.sort_values(["year", "rank", "agency"]).reset_index(drop=True)


def compute_metrics(values: pd.DataFrame, columns: Sequence[str] = ("total",)) -> pd.DataFrame:
    """Every derived metric (`metrics.METRICS`) of every report, long like `values`: `key` holds the
    metric name; `missing` says why a value is missing; `derived` marks legacy crosswalk values.
    `columns` are the table-3 applicant columns per-column metrics are computed for."""
    out = []
    for (rid, agency, year, era), part in values.groupby(["report_id", "agency", "year", "era"],
                                                         sort=False, dropna=False):
        vals = {k: Value(None if pd.isna(v) else float(v), u, q, r, {}, derived=bool(d))
                for k, v, u, q, r, d in zip(part["key"], part["value"], part["unit"], part["qualifier"],
                                            part["raw"], part["derived"])}
        for res in compute_all(vals, era, tuple(columns)):
            out.append({"report_id": rid, "agency": agency, "year": year, "era": era, "key": res.metric,
                        "value": res.value, "numerator": res.numerator, "denominator": res.denominator,
                        "derived": res.derived, "missing": res.missing})
    frame = pd.DataFrame(out, columns=list(METRIC_COLUMNS))
    frame["year"] = frame["year"].astype("Int64")
    for c in ("value", "numerator", "denominator"):
        frame[c] = frame[c].astype("float64")
    return frame


def definitions() -> pd.DataFrame:
    """Each metric's name, label and written definition (with its denominator)."""
    return pd.DataFrame([{"metric": m.name, "label": m.label, "definition": m.definition,
                          "legacy": _legacy_definition(m)} for m in METRICS.values()])


def _legacy_definition(m: Metric) -> str:
    if m.name == "requests":
        return "legacy.requests.received (derived)"
    if not m.legacy:
        return "none: legacy reports have no such breakdown"
    text = "the same rows filled by crosswalk.CROSSWALK from the legacy outcomes (derived)"
    if m.legacy_group:
        text += " plus outcome(s) " + ", ".join(m.legacy_group) + " of the same group"
    if m.denominator:
        text += "; denominator: 答复 as stated, else the sum of the stated outcomes"
    return text


# --- text reuse --------------------------------------------------------------------------------

def reuse_between(ds: Dataset, earlier: str, later: str) -> Reuse:
    """How much of report `later` repeats report `earlier` (any two reports, by id)."""
    return measure(ds.text(earlier), ds.text(later))


def reuse_series(ds: Dataset, agencies: Optional[Iterable[str]] = None) -> pd.DataFrame:
    """Text reuse of each primary report against the same agency's previous report present."""
    r = ds.reports[ds.reports["primary"] & ds.reports["year"].notna() & ds.reports["agency"].notna()]
    if agencies is not None:
        r = r[r["agency"].isin(list(agencies))]
    rows = []
    for agency, part in r.sort_values("year").groupby("agency", sort=True):
        ids, years = list(part["report_id"]), list(part["year"])
        for i in range(1, len(ids)):
            m = reuse_between(ds, ids[i - 1], ids[i])
            longest = max(m.passages, key=lambda p: p.end - p.start).text if m.passages else ""
            rows.append({"agency": agency, "year": years[i], "prev_year": years[i - 1],
                         "sentence_share": m.sentence_share, "shingle_share": m.shingle_share,
                         "passages": len(m.passages), "reused_chars": m.reused_chars,
                         "longest_passage": longest})
    return pd.DataFrame(rows, columns=["agency", "year", "prev_year", "sentence_share", "shingle_share",
                                       "passages", "reused_chars", "longest_passage"])


# --- the `xxgk compare` tables ---------------------------------------------------------------

def compare_tables(ds: Dataset, agencies: Sequence[str] = (), years: Sequence[int] = (),
                   keys: Sequence[str] = (), metric_names: Sequence[str] = ()) -> dict[str, pd.DataFrame]:
    """The tables `xxgk compare` prints and writes: panel (values), metrics (wide), yoy, rank,
    metric_values (long, with numerator, denominator, derived and why missing), definitions.

    Ranks are among all agencies of the data set in the year, then narrowed to `agencies`."""
    known = set(ds.reports["agency"].dropna())
    wanted = [ds.agencies.canonical(a) for a in agencies]
    unknown = [a for a, w in zip(agencies, wanted) if w not in known]
    if unknown:
        raise ValueError(f"no report of {', '.join(unknown)} in {ds.source}; agencies there: "
                         f"{', '.join(sorted(known)[:MAX_LISTED])}{' …' if len(known) > MAX_LISTED else ''}")
    mnames = select_keys(METRICS, metric_names or list(METRICS))
    unknown = [m for m in mnames if m not in METRICS]
    if unknown:
        raise ValueError(f"unknown metric(s) {', '.join(unknown)}; known: {', '.join(METRICS)}")
    every = compute_metrics(_filter(ds.values, (), years))
    mets = _filter(every, wanted, years)
    reports = _filter(ds.reports, wanted, years)
    values_wide = panel(_filter(ds.values, wanted, years), keys or DEFAULT_KEYS, reports=reports)
    metrics_wide = panel(mets, mnames, reports=reports)
    changes = pd.concat([yoy(values_wide), yoy(metrics_wide)], ignore_index=True)
    ranks = pd.concat([_filter(rank(every, m), wanted, ()) for m in mnames] or [pd.DataFrame()],
                      ignore_index=True)
    return {"panel": values_wide.reset_index(), "metrics": metrics_wide.reset_index(), "yoy": changes,
            "rank": ranks, "metric_values": mets[mets["key"].isin(mnames)].reset_index(drop=True),
            "definitions": definitions()}


def _filter(frame: pd.DataFrame, agencies: Sequence[str], years: Sequence[int]) -> pd.DataFrame:
    if agencies:
        frame = frame[frame["agency"].isin(list(agencies))]
    if years:
        frame = frame[frame["year"].isin(list(years))]
    return frame


def write_tables(tables: dict[str, pd.DataFrame], out_dir: str | Path) -> list[Path]:
    """Each table as CSV (UTF-8 with BOM, so that Excel reads the Chinese) and all of them as
    sheets of one compare.xlsx."""
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for name, df in tables.items():
        path = out / f"{name}.csv"
        df.to_csv(path, index=False, encoding="utf-8-sig")
        written.append(path)
    xlsx = out / "compare.xlsx"
    with pd.ExcelWriter(xlsx, engine="openpyxl") as writer:
        for name, df in tables.items():
            df.to_excel(writer, sheet_name=name[:31], index=False)
    written.append(xlsx)
    return written


def render(df: pd.DataFrame, max_rows: int = 60, digits: int = 3) -> str:
    """A DataFrame as aligned plain text; CJK characters count two columns."""
    if df.empty:
        return "(no rows)"
    head = [str(c) for c in df.columns]
    body = [[_cell(v, digits) for v in row] for row in df.head(max_rows).itertuples(index=False)]
    widths = [max(_width(r[i]) for r in [head] + body) for i in range(len(head))]
    lines = ["  ".join(_pad(c, w) for c, w in zip(r, widths)).rstrip() for r in [head] + body]
    if len(df) > max_rows:
        lines.append(f"… {len(df) - max_rows} more rows")
    return "\n".join(lines)


def _cell(v, digits: int) -> str:
    if v is None or (isinstance(v, float) and pd.isna(v)) or v is pd.NA:
        return ""
    if isinstance(v, float):
        return f"{v:.0f}" if v.is_integer() and abs(v) < 1e15 else f"{v:.{digits}f}"
    return str(v)


def _width(s: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in s)


def _pad(s: str, width: int) -> str:
    return s + " " * (width - _width(s))
