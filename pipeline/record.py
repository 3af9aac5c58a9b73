"""The records that flow between the stages, and the record `xxgk parse` writes.

One `Record` per input document (see `../shared/spec/record.md`, mirrored in
`schemas/record.schema.json`). The read stage produces a `Document`; segment,
extract and validate add to the `Record` built from it.
"""
from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Optional

SCHEMA_VERSION = "1.0"

ERAS = ("legacy", "gb2019", "gb2021")
SEVERITIES = ("error", "warning", "info")
# The `Cell.confidence` of a scanned number whose readings disagree and that no identity settles
# (`read.ocrsums`); validation names such values by key (rule read.ocr_unsettled). Tesseract's own 0
# means no confidence either.
UNSETTLED_CONFIDENCE = 0.0


@dataclass
class Cell:
    """One position of a table grid; merged cells repeat with the same `origin`.

    `confidence` is the OCR engine's mean word confidence (0–100) for a scanned page's
    cell, None for cells read from a text layer or markup.
    """

    text: str
    origin: tuple[int, int]
    confidence: Optional[float] = None


@dataclass
class Table:
    """A table as a rectangular grid rebuilt from spans, with its place in the text."""

    grid: list[list[Cell]]
    start: int = 0
    end: int = 0
    page: Optional[int] = None
    source: str = "html"
    row_pages: list[int] = field(default_factory=list)  # page of each grid row, for tables run over pages

    def texts(self) -> list[list[str]]:
        """The grid as plain strings (merged cells repeated)."""
        return [[c.text for c in row] for row in self.grid]


def grid_text(grid: list[list[Cell]]) -> str:
    """The text a grid renders to in `Document.text`: a line per row, each merged cell once,
    cells separated by tabs."""
    lines = []
    for row in grid:
        seen, cells = set(), []
        for cell in row:
            if cell.origin not in seen:
                seen.add(cell.origin)
                cells.append(cell.text)
        lines.append("\t".join(cells))
    return "\n".join(lines)


@dataclass
class PageHints:
    """What the page around the report says about it (byline, header block, <meta>)."""

    title: Optional[str] = None
    published: Optional[str] = None
    url: Optional[str] = None
    publisher: Optional[str] = None
    source_line: Optional[str] = None


@dataclass
class Document:
    """The read stage's output: the report's clean text, its tables and page hints."""

    path: str
    format: str
    text: str
    sha256: str
    size: int
    encoding: Optional[str] = None
    tables: list[Table] = field(default_factory=list)
    hints: PageHints = field(default_factory=PageHints)
    pages: list[tuple[int, int]] = field(default_factory=list)
    notes: list["Finding"] = field(default_factory=list)

    def page_of(self, offset: int) -> Optional[int]:
        """1-based page number holding `offset`, for paged formats."""
        for no, (start, end) in enumerate(self.pages, 1):
            if start <= offset < end:
                return no
        return None


@dataclass
class Source:
    path: str
    sha256: str
    format: str
    url: Optional[str] = None
    bytes: int = 0
    encoding: Optional[str] = None
    inner_format: Optional[str] = None  # for a "warc-record": the archived document's format


@dataclass
class Contact:
    address: Optional[str] = None
    postcode: Optional[str] = None
    phone: Optional[str] = None
    email: Optional[str] = None


@dataclass
class Signal:
    """A signal naming the issuer that disagrees with the one chosen: where it was read and the name."""

    source: str
    name: str


@dataclass
class Meta:
    title: Optional[str] = None
    agency: Optional[str] = None
    # Which signal named the agency: title, place-title (a place's 人民政府), notice-intro (the report
    # the intro names), intro (a defined name), compiler, byline (发布机构), source-line (来源), heading,
    # self-reference, contact; "title+source-line" etc. when a fuller form of the title's name was taken
    # from the second.
    agency_source: Optional[str] = None
    agency_signals: list[Signal] = field(default_factory=list)
    agencies: list[str] = field(default_factory=list)
    year: Optional[int] = None
    era: Optional[str] = None
    published: Optional[str] = None
    signed: Optional[str] = None
    period: Optional[list[str]] = None
    contact: Contact = field(default_factory=Contact)
    publisher: Optional[str] = None
    url_date: Optional[str] = None  # the date in a TRS/Hanweb source URL (cmsurl.py)
    year_source: Optional[str] = None  # title, period, intro, prose or published (publication year − 1)
    not_a_report: Optional[str] = None  # why the page is no report: notice, list or empty
    canonical_url: Optional[str] = None  # the page's own address, when not `source.url` (a WARC's target)
    # The organ `agency` denotes (domain/identity.py): one name per organ, the division it belongs
    # to (a township's is its county's), its level and kind, and how they were resolved.
    agency_canonical: Optional[str] = None
    division_code: Optional[str] = None
    agency_level: Optional[str] = None
    agency_kind: Optional[str] = None
    agency_resolution: Optional[str] = None


@dataclass
class Part:
    """A sub-heading inside a section: （一）, 1., 一是 …"""

    marker: str
    level: int
    title: str
    start: int
    end: int


@dataclass
class Section:
    no: int
    title: str
    kind: str
    start: int
    end: int
    parts: list[Part] = field(default_factory=list)


@dataclass
class Value:
    value: Optional[float | int]
    unit: Optional[str]
    qualifier: Optional[str]
    raw: str
    where: dict[str, Any]
    upper: Optional[float | int] = None
    derived: bool = False


@dataclass
class Figure:
    section: Optional[int]
    label: str
    value: float | int
    unit: Optional[str]
    qualifier: Optional[str]
    text: str
    span: list[int]
    upper: Optional[float | int] = None
    parent: Optional[int] = None
    # Where the list this part belongs to opens (其中, or the end of a list header): one total may
    # have several breakdowns (by issuer, by category), each summed on its own.
    list_at: Optional[int] = None


@dataclass
class AppendixRow:
    """One row of a legacy statistics appendix (统计表): its cells where read with certainty."""

    label: str
    key: Optional[str]  # canonical legacy.* key, None for rows without one (网站公开 …)
    unit: str
    this_year: Optional[int]  # 本年度 / "2012年度"
    cumulative: Optional[int]  # 历年累计
    where: dict[str, Any] = field(default_factory=dict)
    sub: bool = False  # a 其中 / numbered row under the row above ("其中：1.网站公开")
    glued: str = ""  # the digits of both cells run together, when the split was not certain
    blank: bool = False  # a cell is left blank (one number for two columns, or an empty grid cell)


@dataclass
class Finding:
    rule: str
    severity: str
    message: str
    keys: list[str] = field(default_factory=list)
    span: Optional[list[int]] = None


@dataclass
class Record:
    id: str
    source: Source
    meta: Meta = field(default_factory=Meta)
    sections: list[Section] = field(default_factory=list)
    values: dict[str, Value] = field(default_factory=dict)
    figures: list[Figure] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    error: Optional[dict[str, str]] = None
    appendix: list[AppendixRow] = field(default_factory=list)
    text: Optional[str] = None
    schema_version: str = SCHEMA_VERSION

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON-ready dict in the documented field order (`plain` of each field; a value
        leaves out `upper` when None and `derived` when false, a figure `upper` when None)."""
        return {"id": self.id, "schema_version": self.schema_version, "source": plain(self.source),
                "meta": plain(self.meta), "sections": plain(self.sections),
                "values": {key: _value_dict(v) for key, v in self.values.items()},
                "figures": [_figure_dict(f) for f in self.figures], "appendix": plain(self.appendix),
                "findings": plain(self.findings), "error": plain(self.error), "text": self.text}


def _value_dict(v: Value) -> dict[str, Any]:
    d = vars(v).copy()  # every field but `where` is a scalar
    d["where"] = plain(v.where)
    if v.upper is None:
        del d["upper"]
    if not v.derived:
        del d["derived"]
    return d


def _figure_dict(f: Figure) -> dict[str, Any]:
    d = plain(f)
    if d["upper"] is None:
        del d["upper"]
    return d


_SCALARS = frozenset((str, int, float, bool, type(None)))


def error_record(path: str, kind: str, problem: str, data: Optional[bytes] = None,
                 url: Optional[str] = None) -> Record:
    """The record of a document that could not be read: `error` names the file and problem."""
    digest = hashlib.sha256(data if data is not None else path.encode("utf-8")).hexdigest()
    fmt = Path(path).suffix.lower().lstrip(".") or "unknown"
    return Record(id=digest[:16],
                  source=Source(path=path, sha256=digest, format=fmt, url=url, bytes=len(data or b"")),
                  error={"type": kind, "message": f"{path}: {problem}"})


def record_from_dict(d: dict[str, Any]) -> Record:
    """Rebuild a `Record` from its JSON form (one line of reports.jsonl)."""
    m = dict(d.get("meta") or {})
    m["contact"] = Contact(**(m.get("contact") or {}))
    m["agency_signals"] = [Signal(**x) for x in m.get("agency_signals") or []]
    meta = Meta(**{k: v for k, v in m.items() if k in Meta.__dataclass_fields__})
    sections = [Section(**{**s, "parts": [Part(**p) for p in s.get("parts") or []]}) for s in d.get("sections") or []]
    return Record(id=d["id"], source=Source(**d["source"]), meta=meta, sections=sections,
                  values={k: Value(**v) for k, v in (d.get("values") or {}).items()},
                  figures=[Figure(**f) for f in d.get("figures") or []],
                  appendix=[AppendixRow(**r) for r in d.get("appendix") or []],
                  findings=[Finding(**f) for f in d.get("findings") or []],
                  error=d.get("error"), text=d.get("text"), schema_version=d.get("schema_version", "1.0"))


def plain(obj: Any) -> Any:
    """Dataclasses, dicts, lists and tuples as plain JSON-ready containers.

    Like `dataclasses.asdict`, without its deep copies and type checks, and without a call per
    scalar (most of a record's leaves): ~20x faster on a record with a few hundred values.
    """
    kind = type(obj)
    if kind in _SCALARS:
        return obj
    if kind is list:
        return [v if type(v) in _SCALARS else plain(v) for v in obj]
    if kind is dict:
        return {k: v if type(v) in _SCALARS else plain(v) for k, v in obj.items()}
    if hasattr(kind, "__dataclass_fields__"):
        return {k: v if type(v) in _SCALARS else plain(v) for k, v in vars(obj).items()}
    if kind is tuple:
        return tuple(v if type(v) in _SCALARS else plain(v) for v in obj)
    return obj
