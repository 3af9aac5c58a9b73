"""The cells of a scanned page's tables, read by Tesseract with the template's vocabulary.

Every cell is cut out of the page (its rules erased) and a page's cells are read together
on sheets that stack them one under another; cells that look like numbers are read again
with the English model, digits only. A number cell keeps every distinct number it was read
as (`TableReading.alternatives`), for the table's sums to choose among (`ocrsums`). Labels
are put right with the template's vocabulary: a key phrase with one character misread, a
table-3 group whose ordinal was misread, a column-label row most of whose labels were read.
"""
from __future__ import annotations

import functools
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Optional, Sequence

import numpy as np
import regex

from ..domain import template as tm
from ..record import Cell
from .ocrgrid import INK_LEVEL, GridBox
from .tesseract import PSM_PAGE, Word, join_words, tesseract, text_lines

# Margin (px) cut off inside a cell's rules when it is read apart (rule edges left after erasing).
CELL_INSET_PX = 6
# Within EDGE_PX of a cut-out cell's border, a pixel line over EDGE_RULE_SHARE ink is what is
# left of a rule (a deskewed rule jogs; blur widens it), not text, and is whitened.
EDGE_PX = 14
EDGE_RULE_SHARE = 0.5
# A cell with fewer ink pixels than this is blank (specks of scanner noise); a lone "1" at
# 300 dpi has ~120.
MIN_INK_PX = 20
# Pixels within this many grey levels of a cell's background are background (shading, paper tint).
SHADE_MARGIN = 25
# Blank space (px) between cells stacked for one Tesseract call: over a line height, so
# Tesseract never joins two cells into one line.
STACK_GAP_PX = 60
# A sheet of stacked cells is cut at this height: Tesseract refuses images over 32767 px, and
# a table-3 page of pingtan_syq_2019.pdf stacks to 34220 px.
MAX_SHEET_PX = 12000
# Template phrases at least this long are restored when one character was misread; shorter
# ones (其他, 规章) would match ordinary words.
MIN_SNAP_PHRASE = 4
# A numbered row label is read as the template's when it differs from it in at most this share
# of its characters (pingtan_syq_2019.pdf scanned: 3.属于行政碍淘事项 for 8.属于行政查询事项, 3 in 10).
MAX_LABEL_SLIPS = 0.3
# Shorter labels (3.其他, （七）总计) are left to the key phrases: a slip or two makes them another word.
MIN_LABEL_CHARS = 6
# A column-label row is completed by position when at least this many of its labels were
# read at their template places (and none at another's).
MIN_HEADER_LABELS = 3

NUMBER = regex.compile(r"^\d+(?:\.\d+)?$")
# Marks chi_sim reads for digits: 1 as l I i | 工 】 ], 0 as O o D, 5 as S; a decimal point as a comma.
_DIGIT_LOOKALIKE = str.maketrans({"l": "1", "I": "1", "i": "1", "|": "1", "工": "1", "】": "1", "]": "1",
                                  "O": "0", "o": "0", "D": "0", "S": "5", "，": ".", ",": ".", "。": "."})
_LOOK = r"\d.,，。:：'‘’、|\[\]【】lIi工\-—~"
# A cell chi_sim read as a number, maybe with a stray mark (read again with the digits model).
_NUMERIC_LOOK = regex.compile(rf"^[{_LOOK}]*[\d\[\]【】|lIi工][{_LOOK}]*$")


@dataclass
class TableReading:
    """A table's grid as read, and for each number cell (by origin) every number it was read as."""

    grid: list[list[Cell]]
    alternatives: dict[tuple[int, int], list[str]] = field(default_factory=dict)


def read_cells(image: np.ndarray, boxes: Sequence[GridBox], path: str, tmp: Path) -> list[TableReading]:
    """The grids of a page's tables, every cell read apart from its neighbours.

    Read in place, the words of neighbouring cells run together into one line (and a
    label wrapped in a narrow cell is read across its neighbours); so the cells are cut
    out and stacked one under another, with blank space between, in one image.
    """
    crops, spots = [], []
    for t, box in enumerate(boxes):
        for origin in sorted({o for row in box.origins for o in row}):
            crop = cell_crop(image, box, origin)
            if crop is not None:
                crops.append(crop)
                spots.append((t, origin))
    readings = dict(zip(spots, read_stacked(crops, path, tmp)))
    numeric = [k for k, words in readings.items() if not words or _NUMERIC_LOOK.match("".join(w.text for w in words))]
    digits = dict(zip(numeric, read_stacked([crops[spots.index(k)] for k in numeric], path, tmp, digits=True)))
    out = []
    for t, box in enumerate(boxes):
        cells, alternatives = {}, {}
        for origin in {o for row in box.origins for o in row}:
            found = readings.get((t, origin), [])
            text = snap_label("".join(join_words(line) for line in text_lines(found)))
            conf = float(np.mean([w.conf for w in found])) if found else None
            options = number_readings(found, digits.get((t, origin), []))
            if options:
                text, conf = options[0]
                alternatives[origin] = [o for o, _ in options]
            cells[origin] = Cell(text=text, origin=origin, confidence=conf)
        grid = [[cells[o] for o in row] for row in box.origins if any(cells[o].text for o in row)]
        snap_header_rows(grid)
        out.append(TableReading(grid, alternatives))
    return out


def number_readings(words: list[Word], digit_words: list[Word]) -> list[tuple[str, float]]:
    """The distinct numbers a cell was read as, the digits model's first, with their confidences."""
    out: dict[str, float] = {}
    for found in (digit_words, words):
        text = "".join(w.text for w in found).translate(_DIGIT_LOOKALIKE)
        if found and NUMBER.match(text):
            out.setdefault(text, float(np.mean([w.conf for w in found])))
    return list(out.items())


def read_stacked(crops: Sequence[np.ndarray], path: str, tmp: Path, digits: bool = False) -> list[list[Word]]:
    """The words of each crop, read a sheet at a time, each sheet stacking crops with blank gaps."""
    out: list[list[Word]] = []
    start = 0
    while start < len(crops):
        end, height = start, STACK_GAP_PX
        while end < len(crops) and (end == start or height + crops[end].shape[0] + STACK_GAP_PX <= MAX_SHEET_PX):
            height += crops[end].shape[0] + STACK_GAP_PX
            end += 1
        out.extend(_read_sheet(crops[start:end], path, tmp, digits))
        start = end
    return out


def _read_sheet(crops: Sequence[np.ndarray], path: str, tmp: Path, digits: bool) -> list[list[Word]]:
    """The words of each crop, all read in one Tesseract call on one sheet."""
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


def cell_crop(image: np.ndarray, box: GridBox, origin: tuple[int, int]) -> Optional[np.ndarray]:
    """The inside of a merged cell, what is left of its rules whitened; None when it holds no ink."""
    x0, y0, x1, y1 = box.cell_box(*origin)
    crop = image[y0 + CELL_INSET_PX:y1 - CELL_INSET_PX, x0 + CELL_INSET_PX:x1 - CELL_INSET_PX].copy()
    if crop.size == 0:
        return None
    ink = crop < INK_LEVEL
    for edge in (slice(0, EDGE_PX), slice(-EDGE_PX, None)):
        crop[:, edge][:, ink[:, edge].mean(axis=0) > EDGE_RULE_SHARE] = 255
        crop[edge, :][ink[edge, :].mean(axis=1) > EDGE_RULE_SHARE, :] = 255
    if (crop < INK_LEVEL).sum() < MIN_INK_PX:
        return None
    # a shaded cell (huaian_szf_2024.pdf's 第二十条 rows, grey ~215) is read as white: pixels
    # near the cell's background level become white, darker strokes stay as they are
    background = float(np.median(crop))
    return np.where(crop < background - SHADE_MARGIN, crop, 255).astype(np.uint8)


def crisp(crop: np.ndarray) -> np.ndarray:
    """A cell's ink black on white at twice the size: a second look at faint, blurred digits."""
    ink = crop[crop < INK_LEVEL]
    if not ink.size:
        return crop
    level = (float(np.percentile(ink, 10)) + 255.0) / 2
    big = np.repeat(np.repeat(crop, 2, axis=0), 2, axis=1)
    return np.where(big < level, 0, 255).astype(np.uint8)


# ---------------------------------------------------------------- labels

@functools.lru_cache(maxsize=1)
def template_phrases() -> tuple[str, ...]:
    """The key phrases of the template tables' labels long enough to be recognised with one slip."""
    phrases = {p for p, _ in tm.T2_ROWS} | {p for p, *_ in tm.T2_COLUMNS} | set(tm.T3_GROUPS.values())
    phrases |= {p for row in tm.T3_ROWS for p in row.phrases} | set(tm.T3_COLUMN_LABELS.values())
    return tuple(sorted((p for p in phrases if len(p) >= MIN_SNAP_PHRASE), key=len, reverse=True))


def snap_label(text: str) -> str:
    """A table label with one misread character of a template phrase put right.

    Tesseract read 予以公开 as 耶以公开 and 行政处罚 as 行政处昼 (huaian_szf_2024.pdf scanned at
    200 dpi); the table reader matches rows by these phrases, so a phrase found with exactly
    one character different is restored, unless those characters belong to another phrase
    read right (本年新制作 is not 本年新收). Numbers are left alone.
    """
    if not text or NUMBER.match(text):
        return text
    text = snap_row_label(snap_group_label(text))
    phrases = template_phrases()
    held = [False] * len(text)
    for phrase in phrases:
        for m in regex.finditer(regex.escape(phrase), text, overlapped=True):
            held[m.start():m.end()] = [True] * len(phrase)
    for phrase in phrases:
        if phrase in text:
            continue
        n = len(phrase)
        for i in range(len(text) - n + 1):
            window = text[i:i + n]
            if (sum(a != b for a, b in zip(window, phrase)) == 1 and not any(held[i:i + n])
                    and not regex.search(r"\d", window)):
                text = text[:i] + phrase + text[i + n:]
                held[i:i + n] = [True] * n
                break
    return text


def snap_group_label(text: str) -> str:
    """A table-3 group label whose ordinal was misread ('〈关》其他处理', '《)无法提供') with the
    template's ordinal: the label is the group phrase behind at most one character in brackets."""
    for ordinal, phrase in tm.T3_GROUPS.items():
        m = regex.fullmatch(r"[^\p{Han}]{0,3}(\p{Han}?)[^\p{Han}]{0,3}" + phrase, text)
        if m and len(text) > len(phrase) and m.group(1) not in set(tm.T3_GROUPS) - {ordinal}:
            return f"（{ordinal}）{phrase}"
    return text


def snap_row_label(text: str) -> str:
    """A table-3 row label read with a few slips ('5.属于四类过租性信息', '转四、结下年度继续办理') as
    the template prints it ('6.属于四类过程性信息'): the one label within MAX_LABEL_SLIPS of it."""
    if len(text) < MIN_LABEL_CHARS:
        return text
    near = []
    for label in row_labels():
        limit = int(MAX_LABEL_SLIPS * len(label))
        if abs(len(label) - len(text)) <= limit and (d := edit_distance(text, label)) <= limit:
            near.append((d, label))
    near.sort()
    if near and (len(near) == 1 or near[0][0] < near[1][0]):
        return near[0][1]
    return text


@functools.lru_cache(maxsize=1)
def row_labels() -> tuple[str, ...]:
    """The template's table-3 row labels long enough to be told apart with slips."""
    return tuple(label for _, label in tm.T3_TOP_LABELS + tm.T3_OUTCOMES_2021 if len(label) >= MIN_LABEL_CHARS)


def edit_distance(a: str, b: str) -> int:
    """Levenshtein distance: characters inserted, dropped or changed."""
    row = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        prev, row[0] = row[0], i
        for j, cb in enumerate(b, 1):
            prev, row[j] = row[j], min(row[j] + 1, row[j - 1] + 1, prev + (ca != cb))
    return row[-1]


def header_sequences() -> list[tuple[tuple[str, ...], Callable[[str], Optional[str]], tuple[str, ...]]]:
    """The template tables' column-label rows: (labels in order, label → column key, keys in order)."""
    t3 = tuple(tm.T3_COLUMN_LABELS[k] for k in tm.T3_COLUMNS)
    return [(t3, tm.t3_column, tm.T3_COLUMNS), (tm.T4_LABELS * 3, tm.t4_column, tm.T4_COLUMNS * 3)]


def snap_header_rows(grid: list[list[Cell]]) -> None:
    """A template table's column-label row, most of whose labels were read, completed by position.

    Narrow header cells hold labels wrapped over two or three short lines, often touching
    the rules (pingtan_syq_2019.pdf: 科研机构 read as 疏-研)刀)鸭); the template fixes their
    order, so when at least MIN_HEADER_LABELS of the row's last cells are read as the labels
    at their places and none as another label, the others are given their template label.
    """
    for labels, column_of, keys in header_sequences():
        n = len(labels)
        for row in grid:
            if len(row) < n or any(NUMBER.match(c.text) for c in row):
                continue
            tail = row[-n:]
            found = [column_of(c.text) for c in tail]
            right = sum(f == k for f, k in zip(found, keys))
            if right >= MIN_HEADER_LABELS and all(f in (None, k) for f, k in zip(found, keys)):
                for cell, label, f in zip(tail, labels, found):
                    if f is None:
                        cell.text = label
