"""Scanned PDFs (no text layer): pages rendered with pypdfium2 and read by Tesseract.

Optional: needs the `tesseract` program with its chi_sim and eng data (Debian packages
tesseract-ocr and tesseract-ocr-chi-sim), called as a subprocess with TSV output for the
word confidences; the `[ocr]` extra names the Python side (numpy).

Each page: ruled tables are found in the image (`ocrgrid`) and their rules erased; the
text outside them is read as one block, headings (taller lines) apart; every table cell
is cut out and all of a page's cells are read in one call on a sheet that stacks them,
numbers read again with the English model, digits only. Cells keep the mean confidence
of their words. A row whose 总计 cell is not the sum of the cells before it has a misread
digit: its numbers are read again one cell at a time, and the reading that makes the sum
hold is kept when it is the only one; otherwise the row gets a `read.ocr_row_sum` finding.
"""
from __future__ import annotations

import functools
import itertools
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Optional, Sequence

import numpy as np
import regex

from .ocrgrid import INK_LEVEL, RULE_MERGE_PX, GridBox, find_tables, rule_masks
from .base import ReadError, sha256_of
from .pdftables import join_continued
from ..record import Cell, Document, Finding, Table, grid_text
from .tesseract import DIGITS_LANGUAGE, LANGUAGE, Word, join_words, tesseract, text_lines

# Pages are rendered at 300 dpi, the resolution Tesseract's documentation recommends; a 200 dpi
# scan of huaian_szf_2024.pdf rendered so gives all its gold values (tests/test_ocr.py).
OCR_DPI = 300
# A report runs to 5–30 pages and Tesseract needs ~10 s a page here: a longer scan is a
# bundle of documents or a book, refused rather than read for an hour.
MAX_OCR_PAGES = 80
# Page segmentation: 6 = one uniform block of text (the page, its tables' rules erased);
# 7 = one text line (a single cell read again).
PSM_PAGE, PSM_CELL = 6, 7
# Margin (px) cut off inside a cell's rules when it is read apart (rule edges left after erasing).
CELL_INSET_PX = 6
# White margin (px) put around a cell read alone: Tesseract misses text touching the border.
CELL_PAD_PX = 40
# Template phrases at least this long are restored when one character was misread; shorter
# ones (其他, 规章) would match ordinary words.
MIN_SNAP_PHRASE = 4
# Blank space (px) between cells stacked for one Tesseract call: over a line height, so
# Tesseract never joins two cells into one line.
STACK_GAP_PX = 60
# Text lines are split at blank gaps of more than BAND_GAP_PX rows (line spacing at 300 dpi is
# 20–40 px); a line taller than TALL_LINE_SHARE × the median line is a heading, read apart
# with BAND_PAD_PX rows of margin.
BAND_GAP_PX = 6
TALL_LINE_SHARE = 1.25
BAND_PAD_PX = 10
# Pixels within this many grey levels of a cell's background are background (shading, paper tint).
SHADE_MARGIN = 25
# Rule pixels are erased with this many px around them (anti-aliased rule edges).
RULE_ERASE_PX = 2

MISSING_TESSERACT = "install the Debian packages tesseract-ocr and tesseract-ocr-chi-sim"

_NUMBER = regex.compile(r"^\d+(?:\.\d+)?$")
# A cell chi_sim read as a number, maybe with a stray mark (read again with DIGITS_LANGUAGE).
_NUMERIC_LOOK = regex.compile(r"^[\d.,，。:：'‘’、|\[\]lI\-—~]*[\d\[\]|lI][\d.,，。:：'‘’、|\[\]lI\-—~]*$")
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
                page = read_page(page_image(pdf[no - 1]), path, Path(tmp))
                start = len(text)
                text += page.text + "\n"
                spans.append((start, len(text)))
                add_page_tables(tables, page, no, start)
                confs.extend(page.confidences)
                notes.extend(page.notes)
    finally:
        pdf.close()
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
    """A page rendered in grey at OCR_DPI."""
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
    erased[_grow(hmask | vmask, RULE_ERASE_PX) & in_tables] = 255
    blocks, confidences = read_text_lines(outside, path, tmp)
    grids = read_cells(erased, boxes, path, tmp)
    notes: list[Finding] = []
    for t, (box, grid) in enumerate(zip(boxes, grids)):
        if not grid:
            continue
        notes.extend(check_totals(grid, box, erased, path, tmp))
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


def read_cells(image: np.ndarray, boxes: Sequence[GridBox], path: str, tmp: Path) -> list[list[list[Cell]]]:
    """The grids of a page's tables, every cell read apart from its neighbours in one Tesseract call.

    Read in place, the words of neighbouring cells run together into one line (and a
    label wrapped in a narrow cell is read across its neighbours); so the cells are cut
    out and stacked one under another, with blank space between, in one image.
    """
    crops, spots = [], []
    for t, box in enumerate(boxes):
        for origin in sorted({o for row in box.origins for o in row}):
            crop = _cell_crop(image, box, origin)
            if crop is not None:
                crops.append(crop)
                spots.append((t, origin))
    readings = dict(zip(spots, read_stacked(crops, path, tmp)))
    numeric = [k for k, words in readings.items() if not words or _NUMERIC_LOOK.match("".join(w.text for w in words))]
    digits = read_stacked([crops[spots.index(k)] for k in numeric], path, tmp, digits=True)
    for k, words in zip(numeric, digits):
        if _NUMBER.match("".join(w.text for w in words)):
            readings[k] = words
    grids = []
    for t, box in enumerate(boxes):
        cells = {}
        for origin in {o for row in box.origins for o in row}:
            found = readings.get((t, origin), [])
            text = snap_label("".join(join_words(line) for line in text_lines(found)))
            conf = float(np.mean([w.conf for w in found])) if found else None
            cells[origin] = Cell(text=text, origin=origin, confidence=conf)
        grids.append([[cells[o] for o in row] for row in box.origins if any(cells[o].text for o in row)])
    return grids


def read_stacked(crops: Sequence[np.ndarray], path: str, tmp: Path, digits: bool = False) -> list[list[Word]]:
    """The words of each crop, all read in one Tesseract call on a sheet stacking them with blank gaps."""
    if not crops:
        return []
    width = max(c.shape[1] for c in crops) + 2 * STACK_GAP_PX
    tops = np.cumsum([0] + [c.shape[0] + STACK_GAP_PX for c in crops])
    sheet = np.full((int(tops[-1]) + STACK_GAP_PX, width), 255, dtype=np.uint8)
    for crop, top in zip(crops, tops):
        y = int(top) + STACK_GAP_PX
        sheet[y:y + crop.shape[0], STACK_GAP_PX:STACK_GAP_PX + crop.shape[1]] = crop
    out: list[list[Word]] = [[] for _ in crops]
    for w in tesseract(sheet, PSM_PAGE, path, tmp, digits=digits):
        k = int(np.searchsorted(tops, w.cy - STACK_GAP_PX / 2, side="right")) - 1
        if 0 <= k < len(crops):
            out[k].append(w)
    return out


@functools.lru_cache(maxsize=1)
def template_phrases() -> tuple[str, ...]:
    """The key phrases of the template tables' labels long enough to be recognised with one slip."""
    from ..domain import template as tm

    phrases = {p for p, _ in tm.T2_ROWS} | {p for p, *_ in tm.T2_COLUMNS} | set(tm.T3_GROUPS.values())
    phrases |= {p for row in tm.T3_ROWS for p in row.phrases} | set(tm.T3_COLUMN_LABELS.values())
    return tuple(sorted((p for p in phrases if len(p) >= MIN_SNAP_PHRASE), key=len, reverse=True))


def snap_label(text: str) -> str:
    """A table label with one misread character of a template phrase put right.

    Tesseract read 予以公开 as 耶以公开 and 行政处罚 as 行政处昼 (huaian_szf_2024.pdf scanned at
    200 dpi); the table reader matches rows by these phrases, so a phrase found with exactly
    one character different is restored. Numbers are left alone.
    """
    if not text or _NUMBER.match(text):
        return text
    for phrase in template_phrases():
        if phrase in text:
            continue
        n = len(phrase)
        for i in range(len(text) - n + 1):
            window = text[i:i + n]
            if sum(a != b for a, b in zip(window, phrase)) == 1 and not regex.search(r"\d", window):
                text = text[:i] + phrase + text[i + n:]
                break
    return text


def _cell_crop(image: np.ndarray, box: GridBox, origin: tuple[int, int]) -> Optional[np.ndarray]:
    """The inside of a merged cell, or None when it holds no ink."""
    x0, y0, x1, y1 = box.cell_box(*origin)
    crop = image[y0 + CELL_INSET_PX:y1 - CELL_INSET_PX, x0 + CELL_INSET_PX:x1 - CELL_INSET_PX]
    if crop.size == 0 or not (crop < INK_LEVEL).any():
        return None
    # a shaded cell (huaian_szf_2024.pdf's 第二十条 rows, grey ~215) is read as white: pixels
    # near the cell's background level become white, darker strokes stay as they are
    background = float(np.median(crop))
    return np.where(crop < background - SHADE_MARGIN, crop, 255).astype(np.uint8)


def _distinct(grid: list[list[Cell]]) -> list[Cell]:
    seen, out = set(), []
    for row in grid:
        for cell in row:
            if cell.origin not in seen:
                seen.add(cell.origin)
                out.append(cell)
    return out


# ---------------------------------------------------------------- misread digits

def check_totals(grid: list[list[Cell]], box: GridBox, image: np.ndarray, path: str,
                 tmp: Path) -> list[Finding]:
    """Rows whose 总计 cells do not add up: their cells read again, else a finding naming the row.

    Each number of a failing group is read again alone (digits only, with both models);
    the fewest changes (one cell, then two) among those readings that make the sum hold
    are kept when they are the only such change; otherwise the row is reported.
    """
    notes = []
    for r, row in enumerate(grid):
        for cols, total in total_groups(grid, r):
            if _adds_up(row, cols, total):
                continue
            members = [*cols, total]
            options = {c: [t for t in dict.fromkeys(_rereads(image, box, row[c], path, tmp)) if t != row[c].text]
                       for c in members}
            fix = _only_fix(row, cols, total, options)
            if fix:
                for c, text in fix.items():
                    row[c].text = text
                changed = "、".join(f"{t}" for t in fix.values())
                notes.append(Finding(rule="read.ocr_corrected", severity="info",
                                     message=f"OCR复核：{_row_label(row)} 行合计不符，逐格重读后改为 {changed}，"
                                             f"合计相符", keys=[]))
                continue
            low = min((row[c] for c in members), key=lambda cell: cell.confidence or 0)
            notes.append(Finding(rule="read.ocr_row_sum", severity="warning",
                                 message=f"OCR识别后 {_row_label(row)} 行合计不符（总计 {row[total].text}，"
                                         f"各项之和 {_sum(row, cols)}）；置信度最低的一格为“{low.text}”"
                                         f"（{low.confidence or 0:.0f}%），可能误读", keys=[]))
    return notes


def _only_fix(row, cols, total, options: dict[int, list[str]]) -> Optional[dict[int, str]]:
    """The single smallest set of re-readings (1 or 2 cells) that makes the group add up, if unique."""
    members = [c for c in (*cols, total) if options.get(c)]
    for size in (1, 2):
        fixes = []
        for chosen in itertools.combinations(members, size):
            for texts in itertools.product(*(options[c] for c in chosen)):
                fix = dict(zip(chosen, texts))
                if _adds_up(row, cols, total, fix):
                    fixes.append(fix)
        if fixes:
            return fixes[0] if len(fixes) == 1 else None
    return None


def total_groups(grid: list[list[Cell]], r: int) -> list[tuple[list[int], int]]:
    """(part columns, 总计 column) pairs of data row `r`: each 总计 column sums the numbers since the last one.

    A 总计 column is one whose header cell (a row above holding no numbers) reads 总计;
    a row takes part only when every cell of the group holds a number.
    """
    row = grid[r]
    headers = [x for x in grid[:r] if not any(_NUMBER.match(c.text) for c in x)]
    totals = [c for c in range(len(row)) if any(h[c].text == "总计" for h in headers)]
    groups, start = [], None
    for c in range(len(row)):
        if c in totals:
            cols = [k for k in range(start if start is not None else 0, c)
                    if _NUMBER.match(row[k].text) and row[k].origin[1] == k]
            if cols and _NUMBER.match(row[c].text):
                groups.append((cols, c))
            start = c + 1
        elif start is None and _NUMBER.match(row[c].text):
            start = c
    return groups


def _adds_up(row, cols, total, override: Optional[dict] = None) -> bool:
    def num(c: int) -> Optional[float]:
        text = (override or {}).get(c) or row[c].text
        return float(text) if _NUMBER.match(text or "") else None

    values = [num(c) for c in cols]
    return None not in values and num(total) is not None and abs(sum(values) - num(total)) < 1e-6


def _sum(row, cols) -> str:
    total = sum(float(row[c].text) for c in cols)
    return f"{total:g}"


def _row_label(row: Sequence[Cell]) -> str:
    labels = []
    for cell in row:
        if cell.text and not _NUMBER.match(cell.text) and cell.text not in labels:
            labels.append(cell.text)
    return "“" + " / ".join(labels)[:60] + "”" if labels else "（无标签）"


def _rereads(image: np.ndarray, box: GridBox, cell: Cell, path: str, tmp: Path) -> list[str]:
    """The numbers read in a cell read alone as one line of digits, by each model."""
    crop = _cell_crop(image, box, cell.origin)
    if crop is None:
        return []
    padded = np.pad(crop, CELL_PAD_PX, constant_values=255)
    out = []
    for language in (DIGITS_LANGUAGE, LANGUAGE):
        text = "".join(w.text for w in tesseract(padded, PSM_CELL, path, tmp, digits=True, language=language))
        if _NUMBER.match(text):
            out.append(text)
    return out


def _grow(mask: np.ndarray, px: int) -> np.ndarray:
    """The mask widened by `px` pixels in each direction."""
    out = mask.copy()
    for d in range(1, px + 1):
        out[d:, :] |= mask[:-d, :]
        out[:-d, :] |= mask[d:, :]
        out[:, d:] |= mask[:, :-d]
        out[:, :-d] |= mask[:, d:]
    return out
