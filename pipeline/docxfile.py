"""Word .docx files (python-docx): paragraphs and tables in document order.

python-docx repeats a merged cell's text in every grid position it covers; the
grid keeps those positions but gives them one `origin`, found by cell identity.
"""
from __future__ import annotations

import io

import regex

from .read import ReadError, sha256_of
from .record import Cell, Document, Finding, PageHints, Table, grid_text

_WS = regex.compile(r"[ \t\r\n\f\u00a0\u3000]+")


def read_docx(data: bytes, path: str) -> Document:
    """Read a .docx report: body paragraphs as lines, tables as grids."""
    import docx
    from docx.table import Table as DocxTable
    from docx.text.paragraph import Paragraph

    try:
        document = docx.Document(io.BytesIO(data))
    except Exception as exc:  # python-docx raises several types for damaged packages
        raise ReadError(path, f"cannot open the Word file ({type(exc).__name__}: {exc})", "CorruptDocx") from None
    parts: list[str] = []
    length = 0
    tables: list[Table] = []
    notes: list[Finding] = []
    for block in document.iter_inner_content():
        if isinstance(block, Paragraph):
            line = block.text.replace("\r", "\n").strip(" ")
            parts.append(line + "\n")
            length += len(line) + 1
        elif isinstance(block, DocxTable):
            try:
                grid = table_grid(block)
            except (ValueError, IndexError, KeyError) as exc:  # python-docx on a damaged merge
                notes.append(Finding(rule="read.unreadable_table", severity="warning",
                                     message=f"{path}: 第 {len(tables) + 1} 个表格的合并单元格结构损坏，未读取（{exc}）"))
                continue
            if not grid:
                continue
            start = length
            rendered = grid_text(grid) + "\n"
            parts.append(rendered)
            length += len(rendered)
            tables.append(Table(grid=grid, start=start, end=length, source="docx"))
    text = "".join(parts)
    hints = PageHints(title=(document.core_properties.title or None))
    return Document(path=path, format="docx", text=text.rstrip("\n"), sha256=sha256_of(data),
                    size=len(data), tables=tables, hints=hints, notes=notes)


def table_grid(table) -> list[list[Cell]]:
    """The table's grid; positions covered by one merged cell share its origin."""
    origins: dict[object, tuple[int, int]] = {}  # keyed by the <w:tc> element, kept alive here
    grid = []
    for r, row in enumerate(table.rows):
        out = []
        for c, cell in enumerate(row.cells):
            origin = origins.setdefault(cell._tc, (r, c))
            text = _WS.sub(" ", "".join(p.text for p in cell.paragraphs)).strip()
            out.append(Cell(text=text, origin=origin))
        if any(x.text for x in out):
            grid.append(out)
    width = max((len(r) for r in grid), default=0)
    for r, row in enumerate(grid):
        row.extend(Cell(text="", origin=(r, c)) for c in range(len(row), width))
    return grid
