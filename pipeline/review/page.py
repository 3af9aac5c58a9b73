"""The interactive review page of `xxgk check --html`: one self-contained file, no network.

The batch is embedded as gzip-compressed JSON in two blocks (`page_data`): the index the page
draws at once (reports, findings, coverage) and the details a scorecard adds (citations, tables),
inflated after the first draw. A small vanilla-JS script (`data/review_page.js`, with
`data/review_page.css`) draws: a findings table filtered by severity,
rule, agency, region, year and era, sortable, searchable and paginated (so 10,000 reports
open quickly: only one page of rows is ever in the DOM); a scorecard per report with each
finding's citation (the sentence with the cited span marked, or the table with the cited cells
highlighted, and the arithmetic in the message); a coverage tree by region and year.

Tables are embedded once per report and their row and column labels once per page (a table is
cited by many findings and its labels recur in every report of its template).
"""
from __future__ import annotations

import base64
import gzip
import json
from collections import Counter
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, Sequence

from ..record import SEVERITIES, Record
from ..validate.rule_texts import SEVERITY_NAMES, rule_text
from .citation import CitedTable, Grids, cite
from ..compare.regions import UNPLACED
from .coverage import region_tree, statuses

ASSETS = Path(__file__).resolve().parent.parent / "data"
_BLOCK = '<script type="application/octet-stream" id="{}">'


class _Strings:
    """Strings (table labels, rule ids, regions) stored once per page; the data refers to them by index."""

    def __init__(self) -> None:
        self.index: dict[str, int] = {}

    def __call__(self, s: str) -> int:
        return self.index.setdefault(s, len(self.index))

    def table(self) -> list[str]:
        return list(self.index)


def _table_json(t: CitedTable, strings: _Strings) -> dict[str, Any]:
    return {"name": t.name, "page": t.page, "cols": [strings(c) for c in t.columns],
            "rows": [[strings(label), [c.raw for c in cells]] for label, cells in t.rows]}


def _report_json(rec: Record, region: int, rules: _Strings) -> dict[str, Any]:
    """What the findings and reports tables show of a report (parsed when the page opens); each
    finding as [rule index, severity index, message]."""
    m = rec.meta
    sev = Counter(f.severity for f in rec.findings)
    return {"name": Path(rec.source.path.replace("\\", "/")).name, "agency": m.agency or "", "year": m.year,
            "era": m.era or "", "region": region, "counts": [sev.get(s, 0) for s in SEVERITIES],
            "findings": [[rules(f.rule), SEVERITIES.index(f.severity), f.message] for f in rec.findings]}


def _detail_json(rec: Record, strings: _Strings) -> dict[str, Any]:
    """What a report's scorecard adds: each finding's citation, and the cited tables once."""
    tables: dict[str, dict] = {}
    cites = []
    grids: Grids = {}  # the report's tables, built by `cite` on first need
    for f in rec.findings:
        c = cite(rec, f, grids)
        cited_tables = []
        for t in c.tables:
            tables.setdefault(t.ident, _table_json(t, strings))
            hits = [[i, j] for i, (_, cells) in enumerate(t.rows) for j, cell in enumerate(cells) if cell.hit]
            cited_tables.append([t.ident, hits])
        cites.append([[[q.before, q.text, q.after, q.section] for q in c.quotes], cited_tables,
                      [list(x) for x in c.fields]])
    m = rec.meta
    return {"path": rec.source.path, "url": rec.source.url, "format": rec.source.format, "published": m.published,
            "signed": m.signed, "error": (rec.error or {}).get("message"), "tables": tables, "cites": cites}


def _coverage_json(held) -> dict[str, Any]:
    nodes = region_tree(held)
    years = sorted({y for n in nodes for y in n.years} | {y for n in nodes for y in n.states})
    rows = []
    for n in nodes:
        if n.agency:
            rows.append({"path": list(n.path), "agency": n.agency, "states": {str(y): s for y, s in n.states.items()}})
        else:
            rows.append({"path": list(n.path), "level": n.level, "years": {
                str(y): [ry.expected, ry.published, ry.on_time, ry.late, ry.date_unknown, ry.with_errors]
                for y, ry in n.years.items()}})
    return {"years": years, "rows": rows}


def page_data(records: Sequence[Record]) -> tuple[dict[str, Any], dict[str, Any]]:
    """Everything the page shows, as plain JSON: the index drawn when the page opens (reports,
    findings, coverage) and the details a scorecard adds (citations, tables), read after it."""
    held = statuses(records)
    place = {id(rec): "/".join(s.place.path("township")) for rec, s in held}
    regions, rules = _Strings(), _Strings()
    reports = [_report_json(r, regions(place.get(id(r), UNPLACED)), rules) for r in records]
    index = {"generated": datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
             "severities": {s: SEVERITY_NAMES[s] for s in SEVERITIES},
             "rules": {r: {"title": rule_text(r).title, "advice": rule_text(r).advice} for r in rules.table()},
             "rule_ids": rules.table(), "regions": regions.table(), "reports": reports,
             "coverage": _coverage_json([s for _, s in held])}
    strings = _Strings()
    details = {"reports": [_detail_json(r, strings) for r in records]}
    details["strings"] = strings.table()
    return index, details


def _embed(data: dict[str, Any]) -> str:
    """The data as gzip-compressed JSON in base64: text safe inside a <script> element, and a tenth
    of the bytes for the browser to read (the page script inflates it with DecompressionStream)."""
    raw = json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    return base64.b64encode(gzip.compress(raw, compresslevel=6, mtime=0)).decode("ascii")


def read_page_data(page: str, block: str = "data") -> dict[str, Any]:
    """The index ("data") or the "details" embedded in a page written by `html_page`."""
    opening = _BLOCK.format(block)
    start = page.index(opening) + len(opening)
    return json.loads(gzip.decompress(base64.b64decode(page[start:page.index("</script>", start)])))


def html_page(records: Sequence[Record]) -> str:
    """The whole page: markup, style, data and script in one file."""
    css = (ASSETS / "review_page.css").read_text(encoding="utf-8")
    js = (ASSETS / "review_page.js").read_text(encoding="utf-8")
    index, details = page_data(records)
    blocks = "".join(f"{_BLOCK.format(name)}{_embed(data)}</script>\n"
                     for name, data in (("data", index), ("details", details)))
    return _SHELL.replace("{css}", css).replace("{blocks}", blocks).replace("{js}", js)


_SHELL = """<!DOCTYPE html>
<html lang="zh"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:">
<title>政府信息公开年报检查</title><style>{css}</style></head>
<body>
<header><h1>政府信息公开年报检查</h1><p id="summary"></p>
<nav id="tabs"><button data-tab="findings" class="on">问题清单</button><button data-tab="reports">报告</button><button data-tab="coverage">覆盖情况</button></nav></header>
<section id="filters">
<select id="f-sev"><option value="">全部严重程度</option></select>
<select id="f-rule"><option value="">全部规则</option></select>
<select id="f-agency"><option value="">全部机关</option></select>
<select id="f-region"><option value="">全部地区</option></select>
<select id="f-year"><option value="">全部年度</option></select>
<select id="f-era"><option value="">全部格式</option></select>
<input id="q" type="search" placeholder="全文搜索：机关、问题、规则……">
<button id="reset">清除筛选</button>
</section>
<main>
<section id="view-findings" class="view"><table id="findings" class="grid"><thead></thead><tbody></tbody></table></section>
<section id="view-reports" class="view" hidden><table id="reports" class="grid"><thead></thead><tbody></tbody></table></section>
<section id="view-coverage" class="view" hidden><p class="note">每格：已发布/应发布（应发布＝任一年度出现过的机关）；按时＝在该年度所适用条例的期限内发布；错误＝报告有“错误”级问题。点击地区展开下级。</p><table id="coverage" class="grid"><thead></thead><tbody></tbody></table></section>
<nav id="pager"><button id="prev">上一页</button><span id="pageinfo"></span><button id="next">下一页</button></nav>
</main>
<div id="card" hidden><div class="card-body"><button id="close" title="关闭">×</button><div id="card-content"></div></div></div>
{blocks}<script>{js}</script>
</body></html>
"""


def write_page(records: Sequence[Record], path: str | Path) -> Path:
    """Write the page; a batch of zero reports gives a page that says so."""
    out = Path(path)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(html_page(records), encoding="utf-8")
    return out
