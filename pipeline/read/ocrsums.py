"""The sums of a scanned table choose among a cell's readings (the template's identities).

A row whose 总计 cell is not the sum of the cells before it has a misread digit. The other
readings of its cells (`TableReading.alternatives`) are tried first, then each of its
numbers is read again alone, three ways (digits model, page model, and black-on-white at
twice the size); the fewest changes (one cell, then two) that make the sum hold are kept
when they are the only such change, otherwise the row gets a `read.ocr_row_sum` finding.
A cell whose readings disagree, or read one way with a low confidence, that no sum settles
is read again the same three ways and keeps the reading most passes agree on; with no
majority its confidence becomes UNSETTLED_CONFIDENCE, which validation reports by key.
"""
from __future__ import annotations

import itertools
from pathlib import Path
from typing import Optional, Sequence

import numpy as np

from ..record import UNSETTLED_CONFIDENCE, Cell, Finding
from .ocrcells import NUMBER, TableReading, cell_crop, crisp
from .ocrgrid import GridBox
from .tesseract import DIGITS_LANGUAGE, LANGUAGE, PSM_CELL, tesseract

# White margin (px) put around a cell read alone: Tesseract misses text touching the border.
CELL_PAD_PX = 40
# A number read one way with a lower confidence than this is doubtful too, and read again (the
# misread 39857558 for 3985758 of huaian_szf_2024.pdf's 行政处罚 in an office scan had 0.3).
SURE_CONFIDENCE = 50.0


def check_totals(reading: TableReading, box: GridBox, image: np.ndarray, path: str, tmp: Path) -> list[Finding]:
    """Rows whose 总计 cells do not add up put right from other readings, else reported; then
    the cells still read two ways settled by a vote (see the module's docstring)."""
    grid, alternatives = reading.grid, reading.alternatives
    notes, settled = [], set()
    for r, row in enumerate(grid):
        for cols, total in total_groups(grid, r):
            members = [*cols, total]
            if _adds_up(row, cols, total):
                settled.update(row[c].origin for c in members)
                continue
            options = {c: [t for t in alternatives.get(row[c].origin, []) if t != row[c].text] for c in members}
            fix = _only_fix(row, cols, total, options)
            if not fix:
                options = {c: list(dict.fromkeys(options[c] + [t for t in rereads(image, box, row[c], path, tmp)
                                                               if t != row[c].text])) for c in members}
                fix = _only_fix(row, cols, total, options)
            if fix:
                for c, text in fix.items():
                    row[c].text = text
                settled.update(row[c].origin for c in members)
                changed = "、".join(fix.values())
                notes.append(Finding(rule="read.ocr_corrected", severity="info",
                                     message=f"OCR复核：{_row_label(row)} 行合计不符，逐格重读后改为 {changed}，"
                                             f"合计相符", keys=[]))
                continue
            low = min((row[c] for c in members), key=lambda cell: cell.confidence or 0)
            notes.append(Finding(rule="read.ocr_row_sum", severity="warning",
                                 message=f"OCR识别后 {_row_label(row)} 行合计不符（总计 {row[total].text}，"
                                         f"各项之和 {_sum(row, cols)}）；置信度最低的一格为“{low.text}”"
                                         f"（{low.confidence or 0:.0f}%），可能误读", keys=[]))
    for row in grid:
        for cell in row:
            options = alternatives.get(cell.origin, [])
            doubtful = len(options) > 1 or (options and (cell.confidence or 0) < SURE_CONFIDENCE)
            if cell.origin not in settled and doubtful:
                settled.add(cell.origin)
                _vote(cell, options, box, image, path, tmp)
    return notes


def _vote(cell: Cell, options: list[str], box: GridBox, image: np.ndarray, path: str, tmp: Path) -> None:
    """The reading of a cell most passes agree on; with no majority, the cell marked unsettled."""
    votes = options + rereads(image, box, cell, path, tmp)
    best = max(dict.fromkeys(votes), key=votes.count)
    if 2 * votes.count(best) > len(votes):
        cell.text = best
    else:
        cell.confidence = UNSETTLED_CONFIDENCE


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
    headers = [x for x in grid[:r] if not any(NUMBER.match(c.text) for c in x)]
    totals = [c for c in range(len(row)) if any(h[c].text == "总计" for h in headers)]
    groups, start = [], None
    for c in range(len(row)):
        if c in totals:
            cols = [k for k in range(start if start is not None else 0, c)
                    if NUMBER.match(row[k].text) and row[k].origin[1] == k]
            if cols and NUMBER.match(row[c].text):
                groups.append((cols, c))
            start = c + 1
        elif start is None and NUMBER.match(row[c].text):
            start = c
    return groups


def _adds_up(row, cols, total, override: Optional[dict] = None) -> bool:
    def num(c: int) -> Optional[float]:
        text = (override or {}).get(c) or row[c].text
        return float(text) if NUMBER.match(text or "") else None

    values = [num(c) for c in cols]
    return None not in values and num(total) is not None and abs(sum(values) - num(total)) < 1e-6


def _sum(row, cols) -> str:
    total = sum(float(row[c].text) for c in cols)
    return f"{total:g}"


def _row_label(row: Sequence[Cell]) -> str:
    labels = []
    for cell in row:
        if cell.text and not NUMBER.match(cell.text) and cell.text not in labels:
            labels.append(cell.text)
    return "“" + " / ".join(labels)[:60] + "”" if labels else "（无标签）"


def rereads(image: np.ndarray, box: GridBox, cell: Cell, path: str, tmp: Path) -> list[str]:
    """The numbers read in a cell read alone as one line of digits: by the digits model, by the
    page model, and by the digits model again on the cell made crisp at twice the size."""
    crop = cell_crop(image, box, cell.origin)
    if crop is None:
        return []
    out = []
    for sheet, language in ((crop, DIGITS_LANGUAGE), (crop, LANGUAGE), (crisp(crop), DIGITS_LANGUAGE)):
        padded = np.pad(sheet, CELL_PAD_PX, constant_values=255)
        text = "".join(w.text for w in tesseract(padded, PSM_CELL, path, tmp, digits=True, language=language))
        if NUMBER.match(text):
            out.append(text)
    return out
