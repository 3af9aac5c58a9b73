"""Ruled tables in a page image: the rule lines, the cells they enclose, and merged cells.

A scanned report's tables are drawn with rules. Long runs of dark pixels are rules
(characters are shorter); the rules that cross each other form one table; the rule
positions give a base grid, and a missing rule between two neighbouring base cells
means a merged cell, so both positions get one `origin` as in HTML and .docx grids.
numpy only: the page is a 2-D array of grey levels (0 black … 255 white).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Optional

import numpy as np

# Grey level under which a pixel is ink (rules print black or dark grey; table-row shading
# in huaian_szf_2024.pdf p.3–4 is ~210 and must not count).
INK_LEVEL = 160
# Rules are found among pixels darker than RULE_LEVEL: a thin rule blurred by a scanner
# prints lighter than text (the rule between 重复申请 and 出版物 in a 200 dpi office scan of
# huaian_szf_2024.pdf, see pipeline/devtools/scans.py, is ~170 once the paper is white).
RULE_LEVEL = 200
# Breaks of up to this many px in a rule are closed (noise and JPEG in scans). Vertical
# breaks are closed less: characters set one under another (pingtan_syq_2022.pdf's table 4
# headers 结/果/维/持) would otherwise join into a long vertical run.
HRULE_GAP_PX, VRULE_GAP_PX = 3, 1
# A deskewed rule jogs by a pixel every 1/tan(angle) px; its position is taken over ±RULE_JOG_PX.
RULE_JOG_PX = 2
# At 300 dpi a 10.5 pt character is ~44 px: ink runs longer than these are rules, not strokes.
# The vertical length stays under the ~90 px of the shortest table row (huaian_szf_2024.pdf).
MIN_HRULE_PX = 100
MIN_VRULE_PX = 60
# Rule pixels closer than this (px) belong to one rule (rules are 2–6 px thick at 300 dpi).
RULE_MERGE_PX = 8
# Two rules meet when one reaches within this many px of the other.
JOIN_PX = 12
# A boundary between two base cells is drawn when rule pixels cover DRAWN_SHARE of it, or ink
# on its line INKED_SHARE (text crossing a boundary of merged cells covers a line's height
# only; a header rule of huaian_szf_2024.pdf's table 4, 100 px, breaks into runs under
# MIN_VRULE_PX in an office scan).
DRAWN_SHARE = 0.6
INKED_SHARE = 0.9
# The smallest table: 2 rows by 2 columns of cells (3 rules each way).
MIN_RULES = 3


@dataclass
class Rule:
    """A rule line: `pos` is its y (horizontal) or x (vertical); it runs from `lo` to `hi`."""

    pos: int
    lo: int
    hi: int


@dataclass
class GridBox:
    """A ruled table found on a page: rule positions and each base cell's origin."""

    ys: list[int]
    xs: list[int]
    origins: list[list[tuple[int, int]]] = field(default_factory=list)

    @property
    def bbox(self) -> tuple[int, int, int, int]:
        return self.xs[0], self.ys[0], self.xs[-1], self.ys[-1]

    def cell_box(self, r: int, c: int) -> tuple[int, int, int, int]:
        """(x0, y0, x1, y1) of the merged cell whose origin is (r, c)."""
        rows = [rr for rr, row in enumerate(self.origins) for o in row if o == (r, c)]
        cols = [cc for row in self.origins for cc, o in enumerate(row) if o == (r, c)]
        return self.xs[min(cols)], self.ys[min(rows)], self.xs[max(cols) + 1], self.ys[max(rows) + 1]


def long_runs(mask: np.ndarray, length: int) -> np.ndarray:
    """Pixels of `mask` lying in a horizontal run of at least `length` set pixels."""
    h, w = mask.shape
    if w < length:
        return np.zeros_like(mask)
    sums = np.zeros((h, w + 1), dtype=np.int32)
    np.cumsum(mask, axis=1, out=sums[:, 1:])
    full = (sums[:, length:] - sums[:, :-length]) == length  # window starting at j is all ink
    starts = np.zeros((h, full.shape[1] + 1), dtype=np.int32)
    np.cumsum(full, axis=1, out=starts[:, 1:])
    idx = np.arange(w)
    lo = np.clip(idx - length + 1, 0, full.shape[1])
    hi = np.clip(idx + 1, 0, full.shape[1])
    return (starts[:, hi] - starts[:, lo]) > 0


def close_gaps(mask: np.ndarray, gap: int) -> np.ndarray:
    """`mask` with horizontal gaps of up to `gap` pixels between set pixels filled."""
    h, w = mask.shape
    sums = np.zeros((h, w + 1), dtype=np.int32)
    np.cumsum(mask, axis=1, out=sums[:, 1:])
    idx = np.arange(w)
    left = sums[:, idx + 1] - sums[:, np.clip(idx - gap, 0, w)] > 0
    right = sums[:, np.clip(idx + gap + 1, 0, w)] - sums[:, idx] > 0
    return mask | (left & right)


def rule_masks(gray: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Horizontal and vertical rule pixels of a page (short breaks in a rule closed)."""
    mask = gray < RULE_LEVEL
    return (long_runs(close_gaps(mask, HRULE_GAP_PX), MIN_HRULE_PX),
            long_runs(close_gaps(mask.T, VRULE_GAP_PX), MIN_VRULE_PX).T)


def rules(mask: np.ndarray, ink: np.ndarray) -> list[Rule]:
    """The horizontal rules of a rule mask and the page's ink (transpose both for vertical ones)."""
    rows = np.flatnonzero(mask.any(axis=1))
    out: list[Rule] = []
    for band in np.split(rows, np.flatnonzero(np.diff(rows) > RULE_MERGE_PX) + 1) if rows.size else []:
        cols = np.flatnonzero(mask[band[0]:band[-1] + 1].any(axis=0))
        for seg in np.split(cols, np.flatnonzero(np.diff(cols) > JOIN_PX) + 1):
            # each segment at its own line, the one with most ink along it (a deskewed rule
            # jogs over a few lines): rules of two tables may share a band (pingtan_syq_2022.pdf
            # p.5, 13 px apart), and text beside a rule widens its band but must not move it
            along = ink[band, seg[0]:seg[-1] + 1].sum(axis=1)
            pos = int(band[np.argmax(np.convolve(along, np.ones(2 * RULE_JOG_PX + 1), mode="same"))])
            out.append(Rule(pos=pos, lo=int(seg[0]), hi=int(seg[-1])))
    return out


def find_tables(gray: np.ndarray, masks: Optional[tuple[np.ndarray, np.ndarray]] = None) -> list[GridBox]:
    """The ruled tables of a page, top to bottom, each with its merged cells (`masks`: its `rule_masks`)."""
    hmask, vmask = masks if masks is not None else rule_masks(gray)
    ink = gray < RULE_LEVEL
    hrules, vrules = rules(hmask, ink), rules(vmask.T, ink.T)
    parent = list(range(len(hrules) + len(vrules)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i, h in enumerate(hrules):
        for j, v in enumerate(vrules):
            if h.lo - JOIN_PX <= v.pos <= h.hi + JOIN_PX and v.lo - JOIN_PX <= h.pos <= v.hi + JOIN_PX:
                parent[root(i)] = root(len(hrules) + j)
    groups: dict[int, tuple[list[Rule], list[Rule]]] = {}
    for i, h in enumerate(hrules):
        groups.setdefault(root(i), ([], []))[0].append(h)
    for j, v in enumerate(vrules):
        groups.setdefault(root(len(hrules) + j), ([], []))[1].append(v)
    tables = []
    for hs, vs in groups.values():
        ys, xs = _positions(hs), _positions(vs)
        if len(ys) >= MIN_RULES and len(xs) >= MIN_RULES:
            box = GridBox(ys=ys, xs=xs)
            box.origins = merged_origins(box, hmask, vmask, ink)
            tables.append(box)
    return sorted(tables, key=lambda t: t.ys[0])


def _positions(found: list[Rule]) -> list[int]:
    """Distinct rule positions, nearby ones merged."""
    out: list[int] = []
    for pos in sorted(r.pos for r in found):
        if out and pos - out[-1] <= RULE_MERGE_PX:
            continue
        out.append(pos)
    return out


def merged_origins(box: GridBox, hmask: np.ndarray, vmask: np.ndarray, ink: np.ndarray) -> list[list[tuple[int, int]]]:
    """Each base cell's origin: neighbours with no rule drawn between them are one cell."""
    ys, xs = box.ys, box.xs
    rows, cols = len(ys) - 1, len(xs) - 1
    parent = {(r, c): (r, c) for r in range(rows) for c in range(cols)}

    def root(k: tuple[int, int]) -> tuple[int, int]:
        while parent[k] != k:
            k = parent[k]
        return k

    def join(a: tuple[int, int], b: tuple[int, int]) -> None:
        ra, rb = root(a), root(b)
        parent[max(ra, rb)] = min(ra, rb)

    for r in range(rows):
        for c in range(cols):
            if c + 1 < cols and not _drawn(vmask.T, ink.T, xs[c + 1], ys[r], ys[r + 1]):
                join((r, c), (r, c + 1))
            if r + 1 < rows and not _drawn(hmask, ink, ys[r + 1], xs[c], xs[c + 1]):
                join((r, c), (r + 1, c))
    return [[root((r, c)) for c in range(cols)] for r in range(rows)]


def _drawn(mask: np.ndarray, ink: np.ndarray, pos: int, lo: int, hi: int) -> bool:
    """True when a rule at row `pos` covers most of the span lo..hi: its rule pixels, or for a
    short rule broken by scanner noise into runs too short to count, its ink all along."""
    pad = (hi - lo) // 8
    band = mask[max(pos - RULE_MERGE_PX, 0):pos + RULE_MERGE_PX + 1, lo + pad:hi - pad]
    line = ink[max(pos - RULE_JOG_PX - 1, 0):pos + RULE_JOG_PX + 2, lo + pad:hi - pad]
    return band.size > 0 and (band.any(axis=0).mean() >= DRAWN_SHARE or line.any(axis=0).mean() >= INKED_SHARE)
