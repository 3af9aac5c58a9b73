"""`xxgk check`: findings per report, a batch summary and a coverage matrix, as text or HTML.

Input is either documents (parsed here) or the output folder of `xxgk parse`
(`reports.jsonl`); the cross-year rules (`validate_batch`) run on the whole batch.
"""
from __future__ import annotations

import html
import json
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Optional, Sequence

from ..domain.identity import organs_of
from ..record import SEVERITIES, Record, record_from_dict
from ..validate import RULES, series_key, validate_batch

CONTEXT_CHARS = 60  # characters of text shown on each side of a cited span
MAX_CELLS_SHOWN = 12  # cited cells listed under a finding (Shanghai 2019 has 135 blank cells)


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
    """Rows are the agency series (`series_key`): one per organ, a district printed with and without
    its city included, shown by a real name of the series: the canonical spelling of its latest
    report ("上海市人民政府办公厅", not the 办公厅/办公室 folding key)."""
    held = [r for r in records if series_key(r) and r.meta.year]
    organs = organs_of([(r.meta.agency, r.meta.agency_canonical, r.meta.year) for r in held])
    cells: dict[str, dict[int, list[Record]]] = defaultdict(lambda: defaultdict(list))
    for rec, organ in zip(held, organs):
        cells[organ][rec.meta.year].append(rec)
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


# --- HTML ---

_CSS = """
body{font-family:"Noto Sans CJK SC","Microsoft YaHei",sans-serif;margin:1.5em;color:#222;max-width:1200px}
h1{font-size:1.4em} h2{font-size:1.15em;margin-top:1.6em;border-bottom:1px solid #ccc}
table{border-collapse:collapse;margin:.5em 0} td,th{border:1px solid #ccc;padding:.2em .5em;vertical-align:top}
th{background:#f3f3f3} .present{background:#d9f2d9} .duplicated{background:#fff2b3} .missing{background:#f6d5d5} .outside{color:#bbb}
.error{color:#a40000;font-weight:bold} .warning{color:#9a5b00;font-weight:bold} .info{color:#235a9f}
.card{border:1px solid #ddd;border-radius:6px;padding:.6em 1em;margin:1em 0}
.score span{display:inline-block;margin-right:1em} mark{background:#ffe066}
.ctx{font-size:.9em;color:#444;background:#fafafa;padding:.3em;margin:.2em 0;white-space:pre-wrap}
code{font-size:.85em}
"""


def _e(s: object) -> str:
    return html.escape(str(s))


def _context(rec: Record, span: Optional[list[int]]) -> str:
    text = rec.text or ""
    if not span or not text:
        return ""
    a, b = max(0, span[0]), min(len(text), span[1])
    left, mid, right = text[max(0, a - CONTEXT_CHARS):a], text[a:b], text[b:b + CONTEXT_CHARS]
    return f'<div class="ctx">…{_e(left)}<mark>{_e(mid)}</mark>{_e(right)}…</div>'


def _cells(rec: Record, keys: Sequence[str]) -> str:
    rows = []
    for k in keys[:MAX_CELLS_SHOWN]:
        v = rec.values.get(k)
        if v is None:
            continue
        where = v.where or {}
        place = " · ".join(str(where[x]) for x in ("table", "row", "column", "page") if where.get(x) is not None)
        shown = "空白" if v.value is None else v.value
        rows.append(f"<tr><td><code>{_e(k)}</code></td><td>{_e(shown)}</td><td>{_e(v.raw)}</td>"
                    f"<td>{_e(place)}</td></tr>")
    if not rows:
        return ""
    more = f"<p>… 另有 {len(keys) - MAX_CELLS_SHOWN} 个单元格</p>" if len(keys) > MAX_CELLS_SHOWN else ""
    return ('<table class="cells"><tr><th>key</th><th>value</th><th>raw</th><th>where</th></tr>'
            + "".join(rows) + "</table>" + more)


def _card(rec: Record, anchor: str) -> str:
    m = rec.meta
    sev = Counter(f.severity for f in rec.findings)
    parts = [f'<div class="card" id="{anchor}"><h2>{_e(_name(rec))}</h2>',
             f"<p>{_e(m.agency or '?')} · {_e(m.year or '?')} 年度 · {_e(m.era or '?')} · "
             f"发布 {_e(m.published or '—')} · 落款 {_e(m.signed or '—')} · "
             f"{len(rec.sections)} 节 · {len(rec.values)} 个值</p>",
             '<p class="score">' + "".join(f'<span class="{s}">{s} {sev.get(s, 0)}</span>' for s in SEVERITIES)
             + "</p>"]
    if rec.error:
        parts.append(f'<p class="error">{_e(rec.error.get("message"))}</p>')
    if rec.findings:
        parts.append('<table class="findings"><tr><th>rule</th><th>severity</th><th>finding</th></tr>')
        for f in rec.findings:
            parts.append(f'<tr><td><code>{_e(f.rule)}</code></td><td class="{_e(f.severity)}">{_e(f.severity)}</td>'
                         f"<td>{_e(f.message)}{_context(rec, f.span)}{_cells(rec, f.keys)}</td></tr>")
        parts.append("</table>")
    else:
        parts.append("<p>没有发现问题。</p>")
    parts.append("</div>")
    return "".join(parts)


def html_report(records: Sequence[Record]) -> str:
    """One self-contained page: coverage matrix, summary, and a scorecard per report."""
    cov = coverage(records)
    anchors = {id(r): f"r{i}" for i, r in enumerate(records)}
    out = ['<!DOCTYPE html><html lang="zh"><head><meta charset="utf-8"><title>xxgk check</title>',
           f"<style>{_CSS}</style></head><body><h1>政府信息公开年报检查</h1>"]
    sev = Counter(f.severity for r in records for f in r.findings)
    out.append(f'<p id="summary">{len(records)} 份报告 · '
               + " · ".join(f'<span class="{s}">{s} {sev.get(s, 0)}</span>' for s in SEVERITIES) + "</p>")
    if cov.years:
        out.append('<h2>覆盖情况（机关 × 年度）</h2><table id="coverage"><tr><th>机关</th>'
                   + "".join(f"<th>{y}</th>" for y in cov.years) + "</tr>")
        for agency, by_year in cov.cells.items():
            row = [f"<td>{_e(agency)}</td>"]
            for y in cov.years:
                status = cov.status(agency, y)
                recs = by_year.get(y, [])
                links = " ".join(f'<a href="#{anchors[id(r)]}">{_e(r.source.format)}</a>' for r in recs)
                row.append(f'<td class="{status}" title="{status}">{links or "—"}</td>')
            out.append("<tr>" + "".join(row) + "</tr>")
        out.append("</table>")
    rules = Counter(f.rule for r in records for f in r.findings)
    severity = {f.rule: f.severity for r in records for f in r.findings}  # also for read/extract notes
    if rules:
        out.append("<h2>规则统计</h2><table><tr><th>rule</th><th>severity</th><th>n</th></tr>"
                   + "".join(f'<tr><td><code>{_e(k)}</code></td><td class="{_e(severity[k])}">{_e(severity[k])}'
                             f"</td><td>{n}</td></tr>" for k, n in rules.most_common()) + "</table>")
    out.extend(_card(r, anchors[id(r)]) for r in records)
    out.append("</body></html>")
    return "\n".join(out)
