"""A scanned page made ready for OCR: paper levelled to white, skew measured and undone.

An office scan is grey paper (~240) with noise, tilted by up to a degree or two on the
scanner glass. Tilted, a table's rules cross many pixel rows and their cells cannot be cut
out; so the page's paper is levelled to white and the page turned back by the angle at
which its ink lines up best in rows (text lines and rules alike). numpy only: the turn is
two shears by whole pixels, exact enough for the small angles of a scan (cos 2° = 0.9994).
"""
from __future__ import annotations

import numpy as np

from .ocrgrid import INK_LEVEL

# Paper is the page's median grey; pixels within PAPER_MARGIN levels of it become white
# (sensor noise of σ 8 spreads paper ±16 in scans by pipeline/devtools/scans.py).
PAPER_MARGIN = 15
# The darkest a page's paper may be before it is taken for a dark page, not paper.
MIN_PAPER = 64
# Skew searched within ±MAX_SKEW_DEG, coarse steps then fine ones around the best; pages are
# measured on every SKEW_SAMPLE-th pixel (the profile needs rows, not detail). A skew under
# MIN_SKEW_DEG is left alone (a clean rendering measures 0.00–0.04°).
MAX_SKEW_DEG = 3.0
COARSE_STEP_DEG, FINE_STEP_DEG = 0.1, 0.02
SKEW_SAMPLE = 4
MIN_SKEW_DEG = 0.05
# A page with fewer ink pixels (sampled) than this has nothing to measure the skew by.
MIN_SKEW_INK = 200


def clean_page(gray: np.ndarray) -> np.ndarray:
    """A scanned page with its paper white and its skew undone."""
    level = normalise(gray)
    angle = skew_angle(level)
    return deskew(level, angle) if abs(angle) >= MIN_SKEW_DEG else level


def normalise(gray: np.ndarray) -> np.ndarray:
    """The page's grey levels stretched so that its paper (median grey) is white."""
    paper = float(np.median(gray))
    scale = 255.0 / max(paper - PAPER_MARGIN, MIN_PAPER)
    if scale <= 1.0:
        return gray
    return np.minimum(gray.astype(np.float32) * scale, 255).astype(np.uint8)


def skew_angle(gray: np.ndarray) -> float:
    """The page's skew in degrees (counter-clockwise positive): the angle at which its ink
    pixels fall into the fewest, fullest rows (the sum of squared row counts is largest)."""
    small = gray[::SKEW_SAMPLE, ::SKEW_SAMPLE] < INK_LEVEL
    ys, xs = np.nonzero(small)
    if ys.size < MIN_SKEW_INK:
        return 0.0

    def sharpness(angle: float) -> float:
        rows = np.round(ys + xs * np.tan(np.radians(angle))).astype(np.int64)
        counts = np.bincount(rows - rows.min()).astype(np.float64)
        return float((counts ** 2).sum())

    coarse = np.arange(-MAX_SKEW_DEG, MAX_SKEW_DEG + COARSE_STEP_DEG / 2, COARSE_STEP_DEG)
    best = max(coarse, key=sharpness)
    fine = np.arange(best - COARSE_STEP_DEG, best + COARSE_STEP_DEG + FINE_STEP_DEG / 2, FINE_STEP_DEG)
    return round(float(max(fine, key=sharpness)), 2)


def deskew(gray: np.ndarray, angle: float, fill: int = 255) -> np.ndarray:
    """The page turned back by `angle` degrees (as measured by `skew_angle`), by two shears."""
    t = np.tan(np.radians(angle))
    h, w = gray.shape
    column_shift = np.round((np.arange(w) - w / 2) * t).astype(int)
    out = _shift_rows(gray.T, column_shift, fill).T
    row_shift = np.round(-(np.arange(h) - h / 2) * t).astype(int)
    return _shift_rows(out, row_shift, fill)


def _shift_rows(image: np.ndarray, shifts: np.ndarray, fill: int) -> np.ndarray:
    """Each row moved right by its shift (left when negative), the gap filled with `fill`."""
    out = np.full_like(image, fill)
    w = image.shape[1]
    for s in np.unique(shifts):
        rows = np.flatnonzero(shifts == s)
        if s >= 0:
            out[rows, s:] = image[rows, :w - s]
        else:
            out[rows, :w + s] = image[rows, -s:]
    return out


def grow(mask: np.ndarray, px: int) -> np.ndarray:
    """The mask widened by `px` pixels in each direction."""
    out = mask.copy()
    for d in range(1, px + 1):
        out[d:, :] |= mask[:-d, :]
        out[:-d, :] |= mask[d:, :]
        out[:, d:] |= mask[:, :-d]
        out[:, :-d] |= mask[:, d:]
    return out
