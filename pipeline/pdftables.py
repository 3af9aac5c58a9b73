"""Ruled tables of a PDF as grids (pdfplumber), only on the pages that hold the template tables.

pypdfium2's text keeps a table row on one line but wraps labels, splits vertical labels
one character per line and can print a row's numbers in the middle of its wrapped label
(pingtan_syq_2022.pdf, row （六）2), so the cells come from the ruling instead. pdfplumber
costs ~75 ms a page, hence only the pages from the first table anchor to the last.
"""
from __future__ import annotations

import io
from typing import Optional, Sequence

import regex

from . import tablemap as tm
from .record import Cell, Table

# Text that marks a page holding part of tables 2–4 (the tables run continuously between them).
TABLE_ANCHORS = regex.compile(r"第\s*二\s*十\s*条|本年新收|行\s*政\s*复\s*议")
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


def read_pdf_tables(data: bytes, page_texts: Sequence[str], page_starts: Sequence[int]) -> list[Table]:
    """Grids of the ruled tables on the anchor pages, in reading order, with page numbers."""
    pages = anchor_pages(page_texts)
    if not pages:
        return []
    import pdfplumber

    out: list[Table] = []
    with pdfplumber.open(io.BytesIO(data), pages=[i + 1 for i in pages]) as pdf:
        for index, page in zip(pages, pdf.pages):
            first_on_page = True
            for found in page.find_tables():
                grid = plumber_grid(found)
                if not grid or len(grid[0]) < MIN_COLUMNS:
                    continue
                if first_on_page and out and out[-1].page == index and len(out[-1].grid[0]) == len(grid[0]):
                    out[-1].grid = join_continued(out[-1].grid, grid)
                else:
                    start = page_starts[index]
                    out.append(Table(grid=grid, start=start, end=start, page=index + 1, source="pdf"))
                first_on_page = False
    return out


def join_continued(head: list[list[Cell]], tail: list[list[Cell]]) -> list[list[Cell]]:
    """A table continued on the next page (same columns, header not repeated) as one grid.

    When the continuation opens with a row without numbers whose label is not the start of a
    row (a row label, group label, band or header row), a row (or a header cell) was cut
    by the page break: its text is appended to the last row above the break
    (pingtan_syq_2022.pdf （六）2, pingtan_syq_2019.pdf table-4 header).
    """
    offset = len(head)
    rows = [[Cell(text=c.text, origin=(c.origin[0] + offset, c.origin[1])) for c in row] for row in tail]
    first = [c.text for c in rows[0]]
    if not any(regex.fullmatch(r"[\d.,]+", t) for t in first) and not starts_row(first):
        last = head[-1]
        head = head[:-1] + [[Cell(text=cell.text + extra, origin=cell.origin) if extra and
                             (c == 0 or last[c - 1].origin != cell.origin) else cell
                             for c, (cell, extra) in enumerate(zip(last, first))]]
        rows = rows[1:]
    return head + rows


def plumber_grid(found) -> list[list[Cell]]:
    """A pdfplumber table as a grid: a merged cell repeats its text and origin over the slots it covers."""
    texts = found.extract()
    rows = found.rows
    width = max((len(r.cells) for r in rows), default=0)
    xs = _edges(rows, width, lambda box: box[0])
    tops = [next((b[1] for b in r.cells if b), None) for r in rows]
    origin_boxes = [(r, c, box) for r, row in enumerate(rows) for c, box in enumerate(row.cells) if box]
    grid: list[list[Cell]] = []
    for r, row in enumerate(rows):
        out = []
        for c in range(width):
            box = row.cells[c] if c < len(row.cells) else None
            if box is not None:
                out.append(Cell(text=_clean(texts[r][c]), origin=(r, c)))
                continue
            owner = _owner(origin_boxes, r, c, xs[c], tops[r])
            out.append(Cell(text=grid[owner[0]][owner[1]].text if owner[0] < r else out[owner[1]].text,
                            origin=owner) if owner else Cell(text="", origin=(r, c)))
        grid.append(out)
    return [row for row in grid if any(cell.text for cell in row)]


def _edges(rows, width: int, pick) -> list[Optional[float]]:
    """The left x of each grid column (from any row that has a cell starting there)."""
    xs: list[Optional[float]] = [None] * width
    for row in rows:
        for c, box in enumerate(row.cells):
            if box and xs[c] is None:
                xs[c] = pick(box)
    return xs


def _owner(boxes, r: int, c: int, x: Optional[float], top: Optional[float]) -> Optional[tuple[int, int]]:
    """The merged cell (up and to the left of slot (r, c)) whose box covers the slot's corner."""
    if x is None or top is None:
        return None
    eps = 0.5
    for rr, cc, (x0, y0, x1, y1) in reversed(boxes):
        if rr <= r and cc <= c and (rr, cc) != (r, c) and x0 - eps <= x < x1 - eps and y0 - eps <= top < y1 - eps:
            return rr, cc
    return None


def _clean(text: Optional[str]) -> str:
    """Cell text with the PDF's line breaks inside the cell removed."""
    return regex.sub(r"\s*\n\s*", "", text or "").strip()


def starts_row(texts: Sequence[str]) -> bool:
    """Whether a row's first label is the start of a template row rather than the tail of a cut one."""
    first = next((t for t in texts if t.strip()), "")
    s = tm.norm(first)
    return bool(s) and (tm.t2_header([first]) or "第二十条" in s or tm.t2_row(first) is not None
                        or tm.t3_toprow(first) is not None or tm.t3_group(first) is not None
                        or tm.label_number(s) is not None or tm.t4_group(first) is not None)
