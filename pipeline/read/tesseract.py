"""Tesseract as a subprocess: a grey image in, its words (TSV, with confidences) out, and lines of words."""
from __future__ import annotations

import os
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Optional, Sequence

import numpy as np
import regex

from ..domain.numerals import ORDINAL_CHARS
from .base import ReadError
from .tools import run_tool

# The page model; numbers are read again with DIGITS_LANGUAGE.
LANGUAGE = "chi_sim"
# Numbers are read again with the English model and a digits-only alphabet: chi_sim read
# 3985758 as 3983738 and 96171.6 as 90171.0 in huaian_szf_2024.pdf's table 2, eng read both right.
DIGITS_LANGUAGE = "eng"
# Tesseract reads an A4 page at 300 dpi in 5–15 s on this machine (2 cores).
PAGE_TIMEOUT_S = 180
# One thread per Tesseract: a batch runs one worker per core already, and OpenMP threads
# fighting for 2 busy cores made a page 3x slower here (10.7 s against 3.2 s for
# huaian_szf_2024.pdf p.3 at 300 dpi, load average 3).
TESSERACT_ENV = {"OMP_THREAD_LIMIT": "1"}
# Page segmentation: 6 = one uniform block of text (a page, its tables' rules erased, or a
# sheet of stacked cells); 7 = one text line (a single cell read again).
PSM_PAGE, PSM_CELL = 6, 7
# A word whose vertical centre is within this share of a line height joins that line.
SAME_LINE_SHARE = 0.5
# OCR reads the full-width brackets of （一）…（十） as 〈《( and )〉》.
_CN_ORDINAL = regex.compile(rf"[〈《(（]\s*([{ORDINAL_CHARS}]{{1,3}})\s*[)）〉》]")
_ASCII_WORD = regex.compile(r"[A-Za-z0-9.%]$")


@dataclass
class Word:
    """One word of Tesseract's TSV output, in page pixels."""

    text: str
    conf: float
    left: int
    top: int
    width: int
    height: int

    @property
    def cy(self) -> float:
        return self.top + self.height / 2


def tesseract(gray: np.ndarray, psm: int, path: str, tmp: Path, digits: bool = False,
              language: Optional[str] = None) -> list[Word]:
    """Words Tesseract reads in a grey image (TSV output), empty words dropped."""
    fd, name = tempfile.mkstemp(suffix=".pgm", dir=tmp)
    with os.fdopen(fd, "wb") as fh:  # binary PGM: Tesseract reads it, no imaging library needed
        fh.write(b"P5\n%d %d\n255\n" % (gray.shape[1], gray.shape[0]))
        fh.write(np.ascontiguousarray(gray, dtype=np.uint8).tobytes())
    command = ["tesseract", name, "stdout", "--psm", str(psm), "-l", language or (DIGITS_LANGUAGE if digits else LANGUAGE)]
    if digits:
        command += ["-c", "tessedit_char_whitelist=0123456789."]
    command.append("tsv")
    try:
        result = run_tool(command, path, PAGE_TIMEOUT_S, "Tesseract", env=TESSERACT_ENV)
    finally:
        os.unlink(name)
    if result.returncode != 0:
        detail = result.stderr.decode("utf-8", "replace").strip()[:200]
        raise ReadError(path, f"Tesseract failed: {detail}", "OCRFailed")
    return parse_tsv(result.stdout.decode("utf-8", "replace"))


def parse_tsv(tsv: str) -> list[Word]:
    """Word rows (level 5) of Tesseract's TSV output that hold text."""
    words = []
    for line in tsv.splitlines()[1:]:
        f = line.split("\t")
        if len(f) < 12 or f[0] != "5" or not f[11].strip():
            continue
        words.append(Word(text=f[11].strip(), conf=float(f[10]), left=int(f[6]), top=int(f[7]),
                          width=int(f[8]), height=int(f[9])))
    return words


def text_lines(words: Iterable[Word]) -> list[list[Word]]:
    """Words grouped into lines (by vertical centre), top to bottom, each line left to right."""
    lines: list[list[Word]] = []
    for w in sorted(words, key=lambda w: (w.cy, w.left)):
        if lines:
            last = lines[-1]
            height = float(np.median([x.height for x in last]))
            if abs(w.cy - np.mean([x.cy for x in last])) <= SAME_LINE_SHARE * height:
                last.append(w)
                continue
        lines.append([w])
    return [sorted(line, key=lambda w: w.left) for line in lines]


def join_words(line: Sequence[Word]) -> str:
    """A line's words: CJK joined directly, a space only between two Latin/number words."""
    out = ""
    for w in line:
        if out and _ASCII_WORD.search(out) and regex.match(r"[A-Za-z0-9]", w.text):
            out += " "
        out += w.text
    return _CN_ORDINAL.sub(r"（\1）", out)
