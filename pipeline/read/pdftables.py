"""Ruled tables of a PDF as grids, rebuilt from the ruling lines, on the pages holding tables 2–4.

pypdfium2's text keeps a table row on one line but wraps labels, splits vertical labels
one character per line and can print a row's numbers in the middle of its wrapped label
(pingtan_syq_2022.pdf, row （六）2), so the cells come from the ruling instead: the page's
thin path objects are the lines, their crossings the grid, a missing line between two slots
a merged cell, and each character goes to the cell holding a point near its top (header
text that overflows its cell downwards stays in it, pingtan_syq_2019.pdf table 4). pdfplumber's table finder
gives the same grids on the corpus but costs 80–500 ms a page (pdfminer re-parses the
content stream); pypdfium2 reads the same page in a few ms.
"""
from __future__ import annotations

import bisect
import ctypes
from dataclasses import dataclass
from itertools import repeat
from typing import Sequence

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
import regex

from ..domain import template as tm
from ..record import Cell, Table

# Text that marks a page holding part of tables 2–4 (the tables run continuously between them).
TABLE_ANCHORS = regex.compile(r"第\s*二\s*十\s*条|本年新收|行\s*政\s*复\s*议")
# Path objects thinner than this (pt) are ruling lines; 1–2 pt in the corpus PDFs (LibreOffice, Word).
MAX_RULE_WIDTH = 3.0
# Line positions closer than this (pt) are one line (double strokes, rounding).
SNAP = 2.0
# A character is placed by the point this fraction of its height below its top: header glyphs
# overflowing the bottom of their cell (pingtan_syq_2019.pdf p.9, '持' centred 0.6 pt below the
# rule) still belong to the cell they start in.
GLYPH_ANCHOR = 0.2
# Characters of a table's first label used to find the table in its page's text.
LOCATE_CHARS = 8
# A table narrower than this is a framed paragraph, not a template table (huaian_szf_2024.pdf p.1, p.3).
MIN_COLUMNS = 2


# The heading after table 4; a last anchor page without it continues onto the next page
# (pingtan_syq_2019.pdf: table 4's last header row and data row are on page 9).
AFTER_TABLES = regex.compile(r"五\s*、")


def anchor_pages(page_texts: Sequence[str]) -> list[int]:
    """0-based indexes of the pages from the first table anchor to the end of table 4."""
    hits = [i for i, t in enumerate(page_texts) if TABLE_ANCHORS.search(t)]
    if not hits:
        return []
    last = hits[-1]
    tail = page_texts[last][[m.end() for m in TABLE_ANCHORS.finditer(page_texts[last])][-1]:]
    if not AFTER_TABLES.search(tail) and last + 1 < len(page_texts):
        last += 1
    return list(range(hits[0], last + 1))


def read_pdf_tables(pages: Sequence[tuple[object, object]], page_texts: Sequence[str],
                    page_starts: Sequence[int]) -> list[Table]:
    """Grids of the ruled tables on the anchor pages, in reading order, with their pages.

    `pages` are the document's open (page, textpage) pairs, already loaded for the text layer.
    A page whose objects cannot be read gives no grids; its tables are then read from the text,
    like a text dump's.
    """
    out: list[Table] = []
    try:
        for index in anchor_pages(page_texts):
            page, textpage = pages[index]
            first_on_page = True
            for grid in page_grids(page, textpage):
                if first_on_page and out and out[-1].row_pages[-1] == index and len(out[-1].grid[0]) == len(grid[0]):
                    head = out[-1]
                    head.grid = join_continued(head.grid, grid)
                    head.row_pages += [index + 1] * (len(head.grid) - len(head.row_pages))
                else:
                    start = page_starts[index] + _offset_in(page_texts[index], grid)
                    out.append(Table(grid=grid, start=start, end=start, page=index + 1, source="pdf",
                                     row_pages=[index + 1] * len(grid)))
                first_on_page = False
    except pdfium.PdfiumError:
        return []
    return out


_NUMBER_CELL = regex.compile(r"[\d.,]+")


def _offset_in(page_text: str, grid: list[list[Cell]]) -> int:
    """Where the grid's first label starts in its page's text (0 if it cannot be found)."""
    first = next((c.text for row in grid for c in row if c.text), "")
    chars = [regex.escape(ch) for ch in first if not ch.isspace()][:LOCATE_CHARS]
    m = regex.search(r"\s*".join(chars), page_text) if chars else None
    return m.start() if m else 0


@dataclass
class Edge:
    """A ruling line: `at` is its y (horizontal) or x (vertical), from `lo` to `hi` along it."""

    horizontal: bool
    at: float
    lo: float
    hi: float


def unchecked(fn, restype: type = ctypes.c_int):
    """pypdfium2 raw function `fn` without ctypes' argument conversion, a third of a checked call's cost.

    For the per-object and per-character calls only: the caller passes handles and `byref`s as
    ctypes objects and nothing but ints that fit a C int.
    """
    out = type(fn)(ctypes.cast(fn, ctypes.c_void_p).value)
    out.restype = restype
    return out


_count_objects = unchecked(pdfium_c.FPDFPage_CountObjects)
_get_object = unchecked(pdfium_c.FPDFPage_GetObject, pdfium_c.FPDFPage_GetObject.restype)
_object_type = unchecked(pdfium_c.FPDFPageObj_GetType)
_object_bounds = unchecked(pdfium_c.FPDFPageObj_GetBounds)
_char_box = unchecked(pdfium_c.FPDFText_GetCharBox)


def page_edges(page) -> list[Edge]:
    """The page's ruling lines: thin path objects and the sides of rectangle paths.

    Walks the objects through the raw API: wrapping each of a page's ~500 text objects as a
    helper object cost more than the rest of the table reading together.
    """
    edges = []
    box = (ctypes.c_float * 4)()
    refs = [ctypes.byref(box, k * ctypes.sizeof(ctypes.c_float)) for k in range(4)]
    for obj in _path_objects(page.raw):
        if not _object_bounds(obj, *refs):
            continue
        left, bottom, right, top = box
        if top - bottom <= MAX_RULE_WIDTH and right - left > MAX_RULE_WIDTH:
            edges.append(Edge(True, (top + bottom) / 2, left, right))
        elif right - left <= MAX_RULE_WIDTH and top - bottom > MAX_RULE_WIDTH:
            edges.append(Edge(False, (left + right) / 2, bottom, top))
        elif right - left > MAX_RULE_WIDTH and top - bottom > MAX_RULE_WIDTH:
            edges += [Edge(True, bottom, left, right), Edge(True, top, left, right),
                      Edge(False, left, bottom, top), Edge(False, right, bottom, top)]
    return edges


def _path_objects(raw_page) -> list:
    """The page's path objects, typed by `map` over all objects: no interpreted loop over the
    ~90 % text objects (huaian_szf_2024.pdf p.4, 521 objects: 0.27 → 0.21 ms with page_edges)."""
    objects = list(map(_get_object, repeat(raw_page), range(_count_objects(raw_page))))
    return [obj for obj, kind in zip(objects, map(_object_type, objects)) if kind == pdfium_c.FPDF_PAGEOBJ_PATH]


def _clusters(values: list[float]) -> list[float]:
    """Positions closer than SNAP merged into one (their mean)."""
    out: list[list[float]] = []
    for v in sorted(values):
        if out and v - out[-1][-1] <= SNAP:
            out[-1].append(v)
        else:
            out.append([v])
    return [sum(c) / len(c) for c in out]


def _tables_of(edges: list[Edge]) -> list[list[Edge]]:
    """Edges grouped into tables: connected sets of crossing or touching lines."""
    parent = list(range(len(edges)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    verticals = [(e.at, e.lo - SNAP, e.hi + SNAP, j) for j, e in enumerate(edges) if not e.horizontal]
    for i, h in enumerate(edges):
        if h.horizontal:
            lo, hi, at = h.lo - SNAP, h.hi + SNAP, h.at
            crossing = [j for x, bottom, top, j in verticals if lo <= x <= hi and bottom <= at <= top]
            root = find(i)
            for j in crossing:
                parent[find(j)] = root
    groups: dict[int, list[Edge]] = {}
    for i, e in enumerate(edges):
        groups.setdefault(find(i), []).append(e)
    return [g for g in groups.values()
            if sum(e.horizontal for e in g) >= 2 and sum(not e.horizontal for e in g) >= 2]


def _rulings(edges: list[Edge], horizontal: bool, positions: list[float]) -> list[list[tuple[float, float]]]:
    """For each grid line position, the stretches its ruling segments cover (with SNAP slack)."""
    out: list[list[tuple[float, float]]] = [[] for _ in positions]
    sign = 1.0 if positions[0] <= positions[-1] else -1.0  # xs run left to right, ys top to bottom
    ascending = [sign * p for p in positions]
    for e in edges:
        if e.horizontal == horizontal:
            out[_nearest(ascending, sign * e.at)].append((e.lo - SNAP, e.hi + SNAP))
    return out


def _nearest(ascending: list[float], value: float) -> int:
    """Index of the item of `ascending` nearest `value`, the first of two as near."""
    i = bisect.bisect_left(ascending, value)
    if i == len(ascending) or i and value - ascending[i - 1] <= ascending[i] - value:
        return i - 1
    return i


def _covered(stretches: list[tuple[float, float]], point: float) -> bool:
    for lo, hi in stretches:
        if lo <= point <= hi:
            return True
    return False


def page_chars(textpage) -> list[tuple[str, float, float]]:
    """The page's visible characters with the point that places them in a cell (near the glyph's top)."""
    out = []
    append = out.append  # local names: 0.63 → 0.60 ms a page of 1,100 characters (pingtan_syq_2022.pdf p.2)
    text = textpage.get_text_range()
    left, right, bottom, top = (ctypes.c_double() for _ in range(4))  # FPDFText_GetCharBox's order
    at_left, at_right, at_bottom, at_top = (ctypes.byref(v) for v in (left, right, bottom, top))
    raw, anchor, char_box = textpage.raw, GLYPH_ANCHOR, _char_box
    for i, ch in enumerate(text[:textpage.count_chars()]):
        if ch.isspace():
            continue
        if not char_box(raw, i, at_left, at_right, at_bottom, at_top):
            raise pdfium.PdfiumError("Failed to get charbox.")
        low, high = bottom.value, top.value
        append((ch, (left.value + right.value) / 2, high - (high - low) * anchor))
    return out


def page_grids(page, textpage) -> list[list[list[Cell]]]:
    """Each ruled table of the page at least MIN_COLUMNS wide as a grid, top to bottom; merged slots
    share an origin. The characters are read only for a page with such a table."""
    tables = [(edges, ys, xs) for edges, ys, xs in map(_grid_lines, _tables_of(page_edges(page)))
              if len(ys) > 1 and len(xs) > MIN_COLUMNS]
    chars = page_chars(textpage) if tables else []
    tables.sort(key=lambda t: -max(e.at for e in t[0] if e.horizontal))
    grids = []
    for edges, ys, xs in tables:
        origin = _slot_origins(edges, ys, xs)
        texts = _cell_texts(chars, ys, xs, origin)
        grid = [[Cell(texts[o], o) for o in row] for row in origin if any(texts[o] for o in row)]
        if grid:
            grids.append(grid)
    return grids


def _grid_lines(edges: list[Edge]) -> tuple[list[Edge], list[float], list[float]]:
    """A table's edges with its row lines top to bottom and its column lines left to right."""
    ys = sorted(_clusters([e.at for e in edges if e.horizontal]), reverse=True)
    return edges, ys, _clusters([e.at for e in edges if not e.horizontal])


def _slot_origins(edges: list[Edge], ys: list[float], xs: list[float]) -> list[list[tuple[int, int]]]:
    """Each row of (row, column) slots of the grid as the slots their cells start in: a slot without
    a ruling line to its left joins its left neighbour, else one without a line above joins the slot above."""
    verticals, horizontals = _rulings(edges, False, xs), _rulings(edges, True, ys)
    xmids = [(a + b) / 2 for a, b in zip(xs, xs[1:])]
    origin: list[list[tuple[int, int]]] = []
    for r in range(len(ys) - 1):
        ymid, row = (ys[r] + ys[r + 1]) / 2, []
        for c, xmid in enumerate(xmids):
            if c and not _covered(verticals[c], ymid):
                row.append(row[-1])
            elif r and not _covered(horizontals[r], xmid):
                row.append(origin[-1][c])
            else:
                row.append((r, c))
        origin.append(row)
    return origin


def _cell_texts(chars: list[tuple[str, float, float]], ys: list[float], xs: list[float],
                origin: list[list[tuple[int, int]]]) -> dict[tuple[int, int], str]:
    """The text of each cell (by origin): the characters whose placing point falls in one of its slots."""
    pieces: dict[tuple[int, int], list[str]] = {o: [] for row in origin for o in row}
    rows, find = len(ys) - 1, bisect.bisect_left
    left, right, bottom, top, upward = xs[0], xs[-1], ys[-1], ys[0], ys[::-1]
    for ch, x, y in [c for c in chars if left < c[1] < right and bottom < c[2] < top]:
        pieces[origin[rows - find(upward, y)][find(xs, x) - 1]].append(ch)
    return {o: "".join(chs).strip() for o, chs in pieces.items()}


def join_continued(head: list[list[Cell]], tail: list[list[Cell]]) -> list[list[Cell]]:
    """A table continued on the next page (same columns, header not repeated) as one grid.

    When the continuation opens with a row without numbers whose label is not the start of a
    row (a row label, group label, band or header row), a row (or a header cell) was cut
    by the page break: its text is appended to the last row above the break
    (pingtan_syq_2022.pdf （六）2, pingtan_syq_2019.pdf table-4 header).
    """
    offset = len(head)
    rows = [[Cell(text=c.text, origin=(c.origin[0] + offset, c.origin[1]), confidence=c.confidence) for c in row]
            for row in tail]
    first = [c.text for c in rows[0]]
    if not any(_NUMBER_CELL.fullmatch(t) for t in first) and not starts_row(first):
        last = head[-1]
        head = head[:-1] + [[Cell(text=cell.text + extra, origin=cell.origin, confidence=cell.confidence) if extra and
                             (c == 0 or last[c - 1].origin != cell.origin) else cell
                             for c, (cell, extra) in enumerate(zip(last, first))]]
        rows = rows[1:]
    return head + rows


def starts_row(texts: Sequence[str]) -> bool:
    """Whether a row's first label is the start of a template row rather than the tail of a cut one."""
    first = next((t for t in texts if t.strip()), "")
    s = tm.norm(first)
    return bool(s) and (tm.t2_header([first]) or "第二十条" in s or tm.t2_row(first) is not None
                        or tm.t3_toprow(first) is not None or tm.t3_group(first) is not None
                        or tm.label_number(s) is not None or tm.t4_group(first) is not None)
