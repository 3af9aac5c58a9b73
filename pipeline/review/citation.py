"""Where a finding points in its report: the sentence, the table with the cited cells, the meta fields.

A finding carries a character span (a sentence it is about), value keys (table cells or figures of
the text), or meta keys (dates, period, year). Each becomes a part of its `Citation`: the sentence
cut at its own ends (at most `CONTEXT_CHARS` either side of the span, so a long section is never
cited whole), the whole table the cells belong to with those cells marked, the meta values with the
place in the text they were read from when it can be found (a 落款 date). A finding with none of
these has an empty citation ("no citation").
"""
from __future__ import annotations

import bisect
from dataclasses import dataclass, field
from typing import Optional

import regex

from ..record import Finding, Record, Value
from ..text.dates import DATE, date_from_match
from ..validate.rules.completeness import TEMPLATE_TABLES

CONTEXT_CHARS = 60  # characters shown at most on each side of a cited span, within its sentence
# A longer span (a copied passage, a whole section) is quoted by its beginning and end.
MAX_SPAN_CHARS = 120
SPAN_TAIL_CHARS = 30
# A line break is no sentence end (PDF and crawler text wrap lines inside sentences); a quote stops
# at headings instead (`_heading_bounds`).
_SENTENCE_END = "。！？；!?;"
TABLE_NAMES = {prefix.rstrip("."): name.split()[0] for prefix, (name, _) in TEMPLATE_TABLES.items()} | {
    "appendix": "统计表"}
# The meta fields a finding may cite, by key, as the memo names them.
META_LABELS = {"meta.year": "报告年度", "meta.published": "发布日期", "meta.signed": "落款日期",
               "meta.period": "统计期限", "meta.url_date": "网址中的日期", "meta.title": "标题",
               "meta.agency": "机关"}
_DATE = regex.compile(DATE)
_SPACES = regex.compile(r"\s+")


@dataclass
class Quote:
    """A cited stretch of text: the span itself and the rest of its sentence around it."""

    before: str
    text: str
    after: str
    section: Optional[str] = None  # title of the section holding it (the record keeps no page offsets)

    def plain(self) -> str:
        return f"{self.before}{self.text}{self.after}".strip()


@dataclass
class CitedCell:
    key: Optional[str]
    raw: Optional[str]  # None: a blank cell (never read as 0)
    hit: bool = False


@dataclass
class CitedTable:
    """A table rebuilt from the report's values, rows and columns as labelled in the report."""

    ident: str  # the table's id in the report ("t3", "appendix#1")
    name: str
    columns: list[str]
    rows: list[tuple[str, list[CitedCell]]]
    page: Optional[int] = None

    def hits(self) -> list[tuple[str, str, CitedCell]]:
        """(row, column, cell) of each cited cell."""
        return [(label, col, c) for label, cells in self.rows for col, c in zip(self.columns, cells) if c.hit]


@dataclass
class Citation:
    quotes: list[Quote] = field(default_factory=list)
    tables: list[CitedTable] = field(default_factory=list)
    fields: list[tuple[str, str]] = field(default_factory=list)  # (label, value) of cited meta fields

    @property
    def empty(self) -> bool:
        return not (self.quotes or self.tables or self.fields)


def cite(rec: Record, f: Finding, grids: Optional[Grids] = None) -> Citation:
    """Everything a finding points to in its report. `grids`: a dict the caller keeps per report
    when it cites several of its findings, filled with the report's tables on first need."""
    out = Citation()
    if f.span:
        out.quotes.append(quote(rec, f.span))
    tables: dict[tuple[str, Optional[int]], set[str]] = {}
    for key in f.keys:
        if key.startswith("meta."):
            _cite_meta(rec, key, out)
            continue
        v = rec.values.get(key)
        if v is None:
            continue
        table = v.where.get("table")
        if table in TABLE_NAMES:
            tables.setdefault((table, v.where.get("table_index")), set()).add(key)
        elif v.where.get("span") and not f.span:
            _add_quote(out, quote(rec, v.where["span"]))
    if tables:
        grids = {} if grids is None else grids
        if not grids:
            grids.update(grids_of(rec))
        out.tables = [grids[at].cited(keys) for at, keys in tables.items()]
    return out


def _add_quote(out: Citation, q: Quote) -> None:
    if q not in out.quotes:
        out.quotes.append(q)


def quote(rec: Record, span: list[int]) -> Quote:
    """The span with the rest of its sentence (cut at `CONTEXT_CHARS`, marked …; a long span by its two ends)."""
    text = rec.text or ""
    a, b = max(0, min(span[0], len(text))), max(0, min(span[1], len(text)))
    bounds = _heading_bounds(rec)
    at = bisect.bisect_right(bounds, a)
    start = max(_sentence_start(text, a), bounds[at - 1] if at else 0)
    end = min(b + CONTEXT_CHARS, len(text))
    for i in range(b, end):
        if text[i] in _SENTENCE_END:
            end = i + 1
            break
    at = bisect.bisect_left(bounds, b)
    end = min(end, bounds[at]) if at < len(bounds) else end
    section = next((s.title.strip() for s in rec.sections if s.start <= a < s.end), None)
    cited = text[a:b]
    if len(cited) > MAX_SPAN_CHARS:
        cited = cited[:MAX_SPAN_CHARS - SPAN_TAIL_CHARS] + " …… " + cited[-SPAN_TAIL_CHARS:]
    ends = _SENTENCE_END + "\n"
    before = ("…" if start > 0 and text[start - 1] not in ends and start not in bounds else "") + text[start:a]
    after = text[b:end] + ("…" if end < len(text) and text[end - 1] not in ends and end not in bounds else "")
    return Quote(_SPACES.sub(" ", before).lstrip(), _SPACES.sub(" ", cited), _SPACES.sub(" ", after).rstrip(), section)


def _heading_bounds(rec: Record) -> list[int]:
    """Offsets a quote does not run across: where each section and sub-heading starts and where its
    heading line ends (line breaks elsewhere are wraps inside sentences)."""
    text = rec.text or ""
    out = set()
    for heading in [*rec.sections, *(p for s in rec.sections for p in s.parts)]:
        if text.startswith(heading.title, heading.start):  # text without line breaks (a crawler's dump)
            title_end = heading.start + len(heading.title)
        else:
            title_end = text.find("\n", heading.start)
        out.update((heading.start, title_end if heading.start <= title_end < heading.end else heading.start))
    return sorted(out)


def _sentence_start(text: str, a: int) -> int:
    """Where the sentence holding offset `a` starts (at most `CONTEXT_CHARS` back)."""
    floor = max(a - CONTEXT_CHARS, 0)
    for i in range(a - 1, floor - 1, -1):
        if text[i] in _SENTENCE_END:
            return i + 1
    return floor


def _cite_meta(rec: Record, key: str, out: Citation) -> None:
    m = rec.meta
    value = {"meta.period": "至".join(m.period) if m.period else None}.get(key, getattr(m, key[5:], None))
    label = META_LABELS.get(key, key)
    out.fields.append((label, "未写明" if value in (None, "") else str(value)))
    wanted = {"meta.signed": m.signed, "meta.published": m.published,
              "meta.period": m.period[0] if m.period else None}.get(key)
    at = _printed_date(rec.text or "", wanted, last=key == "meta.signed")
    if at:
        _add_quote(out, quote(rec, list(at)))


def _printed_date(text: str, iso: Optional[str], last: bool) -> Optional[tuple[int, int]]:
    """Where a date is printed in the text (the last occurrence for a 落款, else the first)."""
    if not iso:
        return None
    hits = [(m.start(), m.end()) for m in _DATE.finditer(text) if date_from_match(m) == iso]
    at = text.find(iso)
    while at >= 0:  # an ISO date as printed (2019-03-01)
        hits.append((at, at + len(iso)))
        at = text.find(iso, at + 1)
    if not hits:
        return None
    return max(hits) if last else min(hits)


@dataclass
class Grid:
    """One table of a report laid out from its values: row and column labels in reading order."""

    table: str
    index: Optional[int]  # which table of its kind, when the report has several (legacy appendices)
    rows: dict[str, None] = field(default_factory=dict)
    columns: dict[str, None] = field(default_factory=dict)
    cells: dict[tuple[str, str], tuple[str, Value]] = field(default_factory=dict)

    def cited(self, keys: set[str]) -> CitedTable:
        """The table with the cells of `keys` marked; its page is the first cited cell's."""
        body = []
        for row in self.rows:
            line = []
            for col in self.columns:
                key, v = self.cells.get((row, col), (None, None))
                line.append(CitedCell(key, "" if v is None else (v.raw if v.value is not None else None),
                                      key in keys))
            body.append((row, line))
        pages = [v.where["page"] for key, v in self.cells.values() if key in keys and v.where.get("page")]
        ident = self.table if self.index is None else f"{self.table}#{self.index}"
        return CitedTable(ident, TABLE_NAMES[self.table], list(self.columns), body, min(pages) if pages else None)


Grids = dict[tuple[str, Optional[int]], Grid]


def grids_of(rec: Record) -> Grids:
    """Every table of the report rebuilt from its values, in one pass."""
    out: Grids = {}
    for key, v in rec.values.items():
        w = v.where
        table = w.get("table")
        if table not in TABLE_NAMES:
            continue
        grid = out.setdefault((table, w.get("table_index")), Grid(table, w.get("table_index")))
        row, col = str(w.get("row") or key), str(w.get("column") or "")
        grid.rows.setdefault(row)
        grid.columns.setdefault(col)
        grid.cells[(row, col)] = (key, v)
    return out
