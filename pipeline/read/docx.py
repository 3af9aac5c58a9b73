"""Word .docx files (python-docx): paragraphs and tables in document order.

The body is walked at the XML level so that text held in text boxes, content
controls (<w:sdt>) and layout tables (a one-column frame, or a table whose cells
hold further tables) comes out as body text, in reading order. Data tables become
grids: a merged cell (horizontal gridSpan or vertical vMerge) covers several grid
positions that all carry its text and one `origin`; rows that start late or end
early (gridBefore/gridAfter) are padded so that columns stay aligned.
"""
from __future__ import annotations

import io
from typing import Iterator, Optional

import regex

from .base import ReadError, sha256_of
from ..record import Cell, Document, PageHints, Table, grid_text

_WS = regex.compile(r"[ \t\r\n\f\u00a0\u3000]+")

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_MC_FALLBACK = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"
_P, _TBL, _SDT, _TR, _TC = _W + "p", _W + "tbl", _W + "sdt", _W + "tr", _W + "tc"
# Text under these belongs to a text box (read after its paragraph) or is a duplicate copy.
_BOXED = (_W + "txbxContent", _MC_FALLBACK)


def read_docx(data: bytes, path: str) -> Document:
    """Read a .docx report: body paragraphs as lines, data tables as grids."""
    import docx

    try:
        document = docx.Document(io.BytesIO(data))
    except Exception as exc:  # python-docx raises several types for damaged packages
        raise ReadError(path, f"cannot open the Word file ({type(exc).__name__}: {exc})", "CorruptDocx") from None
    writer = _Writer()
    writer.blocks(document.element.body)
    text = "".join(writer.parts)
    hints = PageHints(title=(document.core_properties.title or None))
    return Document(path=path, format="docx", text=text.rstrip("\n"), sha256=sha256_of(data),
                    size=len(data), tables=writer.tables, hints=hints)


class _Writer:
    """Accumulates the rendered text and the tables with their offsets in it."""

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.length = 0
        self.tables: list[Table] = []

    def emit(self, line: str) -> None:
        self.parts.append(line + "\n")
        self.length += len(line) + 1

    def blocks(self, container) -> None:
        """Paragraphs and tables of a body, cell, text box or content control, in order."""
        for child in container.iterchildren():
            if child.tag == _P:
                self.paragraph(child)
            elif child.tag == _TBL:
                self.table(child)
            elif child.tag == _SDT:
                for content in child.iterchildren(_W + "sdtContent"):
                    self.blocks(content)

    def paragraph(self, p) -> None:
        """A paragraph's own runs, then the content of the text boxes anchored in it."""
        self.emit(paragraph_text(p).strip(" "))
        for box in text_boxes(p):
            self.blocks(box)

    def table(self, tbl) -> None:
        """A data table as a grid, or a layout table's cells as body text."""
        if is_layout_table(tbl):
            for tr in tbl.iterchildren(_TR):
                for tc in tr.iterchildren(_TC):
                    self.blocks(tc)
            return
        grid = table_grid(tbl)
        if not grid:
            return
        start = self.length
        self.emit(grid_text(grid))
        self.tables.append(Table(grid=grid, start=start, end=self.length, source="docx"))


def paragraph_text(p) -> str:
    """The text of a paragraph's own runs (not its text boxes); breaks and tabs as whitespace."""
    pieces = []
    for node in p.iter(_W + "t", _W + "tab", _W + "br", _W + "cr"):
        if _under(node, p, _BOXED):
            continue
        pieces.append(node.text or "" if node.tag == _W + "t" else "\t" if node.tag == _W + "tab" else "\n")
    return "".join(pieces)


def text_boxes(p) -> Iterator:
    """The outermost text-box contents anchored in a paragraph.

    Word writes each DrawingML text box twice (mc:Choice and a VML mc:Fallback copy);
    only the first is read.
    """
    return (box for box in p.iter(_W + "txbxContent") if not _under(box, p, _BOXED))


def _under(node, stop, tags: tuple[str, ...]) -> bool:
    """True when an ancestor of `node` below `stop` has one of `tags`."""
    parent = node.getparent()
    while parent is not None and parent is not stop:
        if parent.tag in tags:
            return True
        parent = parent.getparent()
    return False


def is_layout_table(tbl) -> bool:
    """A table used as a page frame: one column wide, or with tables nested in its cells."""
    if any(True for _ in tbl.iter(_TBL) if _ is not tbl):
        return True
    widths = {sum(_grid_span(tc) for tc in tr.iterchildren(_TC)) for tr in tbl.iterchildren(_TR)}
    return widths <= {0, 1}


def table_grid(tbl) -> list[list[Cell]]:
    """The table's grid; positions covered by one merged cell share its text and origin.

    `tbl` is a <w:tbl> element (or a python-docx `Table`). Rows without any text are
    dropped; origins keep the row index of the source table, as for HTML grids.
    """
    tbl = getattr(tbl, "_tbl", tbl)
    placed: list[list[Optional[Cell]]] = []
    for r, tr in enumerate(tbl.iterchildren(_TR)):
        row: list[Optional[Cell]] = [None] * _grid_before(tr)
        for tc in tr.iterchildren(_TC):
            span = _grid_span(tc)
            c = len(row)
            above = placed[r - 1][c] if r and c < len(placed[r - 1]) else None
            if _vmerge(tc) == "continue" and above is not None:
                cell = above
            else:
                cell = Cell(text=cell_text(tc), origin=(r, c))
            row.extend([cell] * span)
        placed.append(row)
    width = max((len(row) for row in placed), default=0)
    grid = []
    for r, row in enumerate(placed):
        full = [row[c] if c < len(row) and row[c] is not None else Cell(text="", origin=(r, c))
                for c in range(width)]
        if any(cell.text for cell in full):
            grid.append(full)
    return grid


def cell_text(tc) -> str:
    """A cell's text: its paragraphs (and nested content) joined with no separator."""
    texts = (node.text or "" for node in tc.iter(_W + "t") if not _under(node, tc, (_MC_FALLBACK,)))
    return _WS.sub(" ", "".join(texts)).strip()


def _tc_pr_val(tc, name: str) -> Optional[str]:
    pr = tc.find(_W + "tcPr")
    node = pr.find(_W + name) if pr is not None else None
    if node is None:
        return None
    return node.get(_W + "val", "")


def _grid_span(tc) -> int:
    """How many grid columns a <w:tc> covers (at least 1)."""
    val = _tc_pr_val(tc, "gridSpan")
    return max(1, int(val)) if val and val.isdigit() else 1


def _vmerge(tc) -> Optional[str]:
    """'restart', 'continue' or None; a bare <w:vMerge/> means continue (ECMA-376 §17.4.85)."""
    val = _tc_pr_val(tc, "vMerge")
    if val is None:
        return None
    return val or "continue"


def _grid_before(tr) -> int:
    """Empty grid columns before a row's first cell (<w:gridBefore>)."""
    pr = tr.find(_W + "trPr")
    node = pr.find(_W + "gridBefore") if pr is not None else None
    val = node.get(_W + "val", "0") if node is not None else "0"
    return int(val) if val.isdigit() else 0
