"""`xxgk check`: findings per report, a batch summary and a coverage matrix, as text (the review
page is `page.py`, the memos `memo.py`).

Input is either documents (parsed here) or the output folder of `xxgk parse`
(`reports.jsonl`); the cross-year rules (`validate_batch`) run on the whole batch.
"""
from __future__ import annotations

import json
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Sequence

from ..domain.agencies import default_index
from ..record import SEVERITIES, Record, record_from_dict
from ..validate import RULES, series_key, validate_batch


def load_records(paths: Sequence[str | Path]) -> list[Record]:
    """Records from `xxgk parse` outputs (a folder with reports.jsonl, or a .jsonl file) or documents."""
    from ..batch import parse_many

    records: list[Record] = []
    docs: list[Path] = []
    for raw in paths:
        p = Path(raw)
        jsonl = p / "reports.jsonl" if p.is_dir() else p
        if jsonl.suffix == ".jsonl" and jsonl.is_file():
            with jsonl.open(encoding="utf-8") as fh:
                records.extend(record_from_dict(json.loads(line)) for line in fh if line.strip())
        else:
            docs.append(p)
    if docs:
        records.extend(parse_many(docs))
    return records


def run_checks(records: list[Record]) -> list[Record]:
    """Add the cross-year findings (replacing any from an earlier run) and return the records."""
    pair_ids = {r.id for r in RULES.values() if r.scope != "report"}
    for rec in records:
        rec.findings = [f for f in rec.findings if f.rule not in pair_ids]
    validate_batch(records)
    return records


def fails(records: Iterable[Record], severity: str) -> bool:
    """True when a record has a finding of `severity` or a graver one (`xxgk check --fail-on`);
    a document that could not be read counts as an error."""
    graver = SEVERITIES[:SEVERITIES.index(severity) + 1]
    return any(r.error or any(f.severity in graver for f in r.findings) for r in records)


@dataclass
class Coverage:
    """Agencies × years: the records held for each cell; missing years inside each agency's range."""

    years: list[int]
    cells: dict[str, dict[int, list[Record]]] = field(default_factory=dict)

    def status(self, agency: str, year: int) -> str:
        """present / duplicated / missing (a gap inside the agency's years) / outside (before or after)."""
        by_year = self.cells[agency]
        n = len(by_year.get(year, []))
        if n == 0:
            return "missing" if min(by_year) < year < max(by_year) else "outside"
        return "present" if n == 1 else "duplicated"

    def missing(self) -> list[tuple[str, int]]:
        out = []
        for agency, by_year in self.cells.items():
            have = sorted(by_year)
            out.extend((agency, y) for y in range(have[0], have[-1] + 1) if y not in by_year)
        return out


def coverage(records: Iterable[Record]) -> Coverage:
    """Rows are the agency series (`series_key`), shown by a real name of the series: the spelling of
    its latest report ("上海市人民政府办公厅", not the 办公厅/办公室 folding key)."""
    held = [r for r in records if series_key(r) and r.meta.year]
    names = default_index().unify((r.meta.agency, r.meta.year) for r in held)
    cells: dict[str, dict[int, list[Record]]] = defaultdict(lambda: defaultdict(list))
    for rec in held:
        cells[names[(rec.meta.agency, rec.meta.year)]][rec.meta.year].append(rec)
    years = sorted({y for by_year in cells.values() for y in by_year})
    span = list(range(years[0], years[-1] + 1)) if years else []
    return Coverage(span, {a: dict(v) for a, v in sorted(cells.items())})


def _name(rec: Record) -> str:
    return rec.source.path.replace("\\", "/").rsplit("/", 1)[-1]


def _width(s: str) -> int:
    return sum(2 if ord(ch) > 0x2E80 else 1 for ch in s)


def _pad(s: str, w: int) -> str:
    return s + " " * (w - _width(s))


def _table(rows: list[tuple[str, ...]]) -> str:
    widths = [max(_width(r[i]) for r in rows) for i in range(len(rows[0]))]
    return "\n".join("  ".join(_pad(c, w) for c, w in zip(r, widths)).rstrip() for r in rows)


def text_report(records: Sequence[Record]) -> str:
    """Per report a (rule, severity, message) table, then the batch summary and coverage."""
    out = []
    for rec in records:
        m = rec.meta
        out.append(f"== {_name(rec)}  {m.agency or '?'} {m.year or '?'} {m.era or '?'}"
                   + (f"  ERROR {rec.error['message']}" if rec.error else ""))
        if rec.findings:
            out.append(_table([("rule", "severity", "message")]
                              + [(f.rule, f.severity, f.message) for f in rec.findings]))
        else:
            out.append("  no findings")
        out.append("")
    out.append(summary(records))
    return "\n".join(out)


def summary(records: Sequence[Record]) -> str:
    """Counts by severity and by rule, and the coverage matrix."""
    sev = Counter(f.severity for r in records for f in r.findings)
    rules = Counter(f.rule for r in records for f in r.findings)
    lines = [f"reports {len(records)}  failed {sum(r.error is not None for r in records)}  "
             + "  ".join(f"{s} {sev.get(s, 0)}" for s in SEVERITIES)]
    lines.extend(f"  {n:4d}  {rule}" for rule, n in rules.most_common())
    cov = coverage(records)
    if cov.years:
        lines.append("coverage (agency × year: · none, 1 present, n duplicated copies; gaps listed below):")
        rows = [("agency",) + tuple(str(y)[2:] for y in cov.years)]
        for agency, by_year in cov.cells.items():
            rows.append((agency,) + tuple(str(len(by_year[y])) if y in by_year else "·" for y in cov.years))
        lines.append(_table(rows))
        gaps = cov.missing()
        if gaps:
            lines.append("missing: " + "，".join(f"{a} {y}" for a, y in gaps))
    return "\n".join(lines)
