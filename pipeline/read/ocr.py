"""Scanned PDFs (no text layer): pages rendered with pypdfium2 and read by Tesseract.

Optional: needs the `tesseract` program with its chi_sim and eng data (Debian packages
tesseract-ocr and tesseract-ocr-chi-sim), called as a subprocess with TSV output for the
word confidences; the `[ocr]` extra names the Python side (numpy).

Each page: its paper levelled and its skew undone (`ocrimage`); ruled tables found in the
image (`ocrgrid`) and their rules erased; the text outside them read as one block,
headings (taller lines) apart; every table cell cut out and read (`ocrcells`), numbers
settled by the tables' sums (`ocrsums`). The template's headings and title words are put
right in the text (`ocrtext`), misread place names checked against the division-code table
(`ocrplaces`).
"""
from __future__ import annotations

import functools
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Optional

import numpy as np
import regex

from ..record import Cell, Document, Finding, Table, grid_text
from .base import ReadError, sha256_of
from .ocrcells import read_cells, read_stacked
from .ocrgrid import INK_LEVEL, RULE_MERGE_PX, find_tables, rule_masks
from .ocrimage import clean_page, grow
from .ocrplaces import restore_place_names
from .ocrsums import check_totals
from .ocrtext import snap_heading, snap_title
from .pdftables import join_continued
from .tesseract import DIGITS_LANGUAGE, LANGUAGE, PSM_PAGE, join_words, tesseract, text_lines

# Pages are rendered at 300 dpi, the resolution Tesseract's documentation recommends; a 200 dpi
# scan of huaian_szf_2024.pdf rendered so gives all its gold values (tests/read/test_ocr.py),
# degraded as an office scanner does too (tests/read/test_ocr_scans.py).
OCR_DPI = 300
# A report runs to 5–30 pages and Tesseract needs ~10 s a page here: a longer scan is a
# bundle of documents or a book, refused rather than read for an hour.
MAX_OCR_PAGES = 80
# Text lines are split at blank gaps of more than BAND_GAP_PX rows (line spacing at 300 dpi is
# 20–40 px); a line taller than TALL_LINE_SHARE × the median line is a heading, read apart
# with BAND_PAD_PX rows of margin.
BAND_GAP_PX = 6
TALL_LINE_SHARE = 1.25
BAND_PAD_PX = 10
# Rule pixels are erased with this many px around them (anti-aliased rule edges).
RULE_ERASE_PX = 2

MISSING_TESSERACT = "install the Debian packages tesseract-ocr and tesseract-ocr-chi-sim"

# A page number line ("- 4 -", "3-"), digits as OCR reads them (5 as S, 1 as l or |).
_PAGE_NUMBER = regex.compile(r"^[-—–－\s]*[\dSOlI|]{1,3}[-—–－\s]*$")


@functools.lru_cache(maxsize=1)
def missing_ocr() -> Optional[str]:
    """Why OCR cannot run here (no tesseract, no Chinese data), or None when it can."""
    exe = shutil.which("tesseract")
    if not exe:
        return MISSING_TESSERACT
    try:
        listed = subprocess.run([exe, "--list-langs"], capture_output=True, timeout=30).stdout.decode()
    except (OSError, subprocess.TimeoutExpired):
        return MISSING_TESSERACT
    if not {LANGUAGE, DIGITS_LANGUAGE} <= set(listed.split()):
        return f"{MISSING_TESSERACT} (Tesseract lacks {LANGUAGE} or {DIGITS_LANGUAGE})"
    return None


def ocr_pdf(data: bytes, path: str) -> Document:
    """Read a scanned PDF by OCR: text of every page, ruled tables as grids with confidences."""
    problem = missing_ocr()
    if problem:
        raise ReadError(path, f"the PDF has no text layer and needs OCR: {problem}", "NoTextLayer")
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(data)
    count = len(pdf)
    text, spans, tables, confs, notes = "", [], [], [], []
    try:
        if count > MAX_OCR_PAGES:
            raise ReadError(path, f"scanned PDF of {count} pages, over the {MAX_OCR_PAGES}-page OCR limit",
                            "TooLarge")
        with tempfile.TemporaryDirectory(prefix="xxgk-ocr-") as tmp:
            for no in range(1, count + 1):
                page = read_page(clean_page(page_image(pdf[no - 1])), path, Path(tmp))
                start = len(text)
                text += page.text + "\n"
                spans.append((start, len(text)))
                add_page_tables(tables, page, no, start)
                confs.extend(page.confidences)
                notes.extend(page.notes)
    finally:
        pdf.close()
    text, restored = restore_place_names(snap_title(text))
    if restored:
        fixed = "、".join(f"{a}→{b}" for a, b in restored)
        notes.append(Finding(rule="read.ocr_place_name", severity="info",
                             message=f"OCR误读的地名已按行政区划代码表更正：{fixed}", keys=[]))
    mean = float(np.mean(confs)) if confs else 0.0
    notes.insert(0, Finding(rule="read.ocr", severity="info",
                            message=f"扫描件，经OCR识别（Tesseract {LANGUAGE}，{count}页），"
                                    f"平均置信度 {mean:.0f}%；数值可能有误读", keys=[]))
    return Document(path=path, format="pdf", text=text.rstrip("\n"), sha256=sha256_of(data), size=len(data),
                    tables=tables, pages=spans, notes=notes)


def add_page_tables(tables: list[Table], page: "PageReading", no: int, start: int) -> None:
    """Append a page's grids; a page's first grid as wide as the last table continues it."""
    for k, (grid, (a, b)) in enumerate(zip(page.grids, page.spans)):
        if not grid:  # rules enclosing no text (a frame, a signature box)
            continue
        head = tables[-1] if tables else None
        if k == 0 and head and head.row_pages[-1] == no - 1 and len(head.grid[0]) == len(grid[0]):
            head.grid = join_continued(head.grid, grid)  # a table run over the page break
            head.row_pages += [no] * (len(head.grid) - len(head.row_pages))
        else:
            tables.append(Table(grid=grid, start=start + a, end=start + b, page=no, source="ocr",
                                row_pages=[no] * len(grid)))


def page_image(page) -> np.ndarray:
    """A page rendered in grey at OCR_DPI (as scanned: `clean_page` levels and deskews it)."""
    bitmap = page.render(scale=OCR_DPI / 72, grayscale=True)
    image = np.array(bitmap.to_numpy(), dtype=np.uint8).reshape(bitmap.height, bitmap.width)
    page.close()
    return image


@dataclass
class PageReading:
    text: str
    grids: list[list[list[Cell]]]
    spans: list[tuple[int, int]]  # each grid's rendered rows in `text`
    confidences: list[float]
    notes: list[Finding]


def read_page(gray: np.ndarray, path: str, tmp: Path) -> PageReading:
    """OCR one page image: text lines in reading order, each ruled table as a grid."""
    hmask, vmask = rule_masks(gray)
    boxes = find_tables(gray, (hmask, vmask))
    in_tables = np.zeros_like(hmask)
    outside = gray.copy()
    for box in boxes:
        x0, y0, x1, y1 = box.bbox
        in_tables[max(y0 - RULE_MERGE_PX, 0):y1 + RULE_MERGE_PX, max(x0 - RULE_MERGE_PX, 0):x1 + RULE_MERGE_PX] = True
        outside[max(y0 - RULE_MERGE_PX, 0):y1 + RULE_MERGE_PX, max(x0 - RULE_MERGE_PX, 0):x1 + RULE_MERGE_PX] = 255
    # only rules of the tables are erased: outside them, long ink runs are strokes of large
    # characters (the vertical strokes of a 16 pt heading are over MIN_VRULE_PX at 300 dpi)
    erased = gray.copy()
    erased[grow(hmask | vmask, RULE_ERASE_PX) & in_tables] = 255
    lines, confidences = read_text_lines(outside, path, tmp)
    blocks: list[tuple] = [(top, snap_heading(line)) for top, line in lines]
    readings = read_cells(erased, boxes, path, tmp)
    grids = [reading.grid for reading in readings]
    notes: list[Finding] = []
    for t, (box, reading) in enumerate(zip(boxes, readings)):
        grid = reading.grid
        if not grid:
            continue
        notes.extend(check_totals(reading, box, erased, path, tmp))
        confidences.extend(c.confidence for c in _distinct(grid) if c.confidence is not None)
        blocks.append((box.ys[0], grid_text(grid), t))
    while blocks and _PAGE_NUMBER.match(min(blocks, key=lambda b: b[0])[1]):
        blocks.remove(min(blocks, key=lambda b: b[0]))
    while blocks and _PAGE_NUMBER.match(max(blocks, key=lambda b: b[0])[1]):
        blocks.remove(max(blocks, key=lambda b: b[0]))
    text, spans = "", [(0, 0)] * len(grids)
    for _, block, *table in sorted(blocks, key=lambda b: b[0]):
        if not block:
            continue
        text += ("\n" if text else "")
        if table:
            spans[table[0]] = (len(text), len(text) + len(block))
        text += block
    return PageReading(text=text, grids=grids, spans=spans, confidences=confidences, notes=notes)


def read_text_lines(image: np.ndarray, path: str, tmp: Path) -> tuple[list[tuple[int, str]], list[float]]:
    """(top, text) of each text line of a page (tables blanked out), and the word confidences.

    Tesseract's one-block mode assumes one text size: a heading set larger than the body
    comes out garbled when read with it (huaian_szf_2024.pdf p.4 "三、收到和处理…"), so
    the taller lines are cut out and read on their own sheet.
    """
    bands = ink_bands(image)
    if not bands:
        return [], []
    body_height = float(np.median([b - a for a, b in bands]))
    tall = [(a, b) for a, b in bands if b - a > TALL_LINE_SHARE * body_height]
    body = image.copy()
    for a, b in tall:
        body[a:b] = 255
    lines = [(line[0].top, line) for line in text_lines(tesseract(body, PSM_PAGE, path, tmp))]
    crops = [image[max(a - BAND_PAD_PX, 0):b + BAND_PAD_PX] for a, b in tall]
    for (a, _), words in zip(tall, read_stacked(crops, path, tmp)):
        lines.extend((a, line) for line in text_lines(words))
    words = [w for _, line in lines for w in line]
    return [(top, join_words(line)) for top, line in lines], [w.conf for w in words]


def ink_bands(image: np.ndarray) -> list[tuple[int, int]]:
    """(first, last+1) pixel rows of each horizontal band of ink, split at blank gaps."""
    rows = np.flatnonzero((image < INK_LEVEL).any(axis=1))
    if not rows.size:
        return []
    cuts = np.flatnonzero(np.diff(rows) > BAND_GAP_PX) + 1
    return [(int(band[0]), int(band[-1]) + 1) for band in np.split(rows, cuts)]


def _distinct(grid: list[list[Cell]]) -> list[Cell]:
    seen, out = set(), []
    for row in grid:
        for cell in row:
            if cell.origin not in seen:
                seen.add(cell.origin)
                out.append(cell)
    return out
