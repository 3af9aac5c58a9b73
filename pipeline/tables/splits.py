"""The ways a run of glued digits (a crawler dump's table row) can be cut into a row's cells.

A cell never has a leading zero and holds at most MAX_CELL_DIGITS digits (MAX_T2_DIGITS in
table 2); whitespace and a minus sign (本年增/减, the only signed column of the templates) always
start a new cell. A cell is certain only when every admissible cut gives it the same value
(`agreed`).
"""
from __future__ import annotations

import itertools
from typing import Callable, Iterator, Optional, Sequence

# Longest count a glued table-3/4 cell may hold; counts of applications and cases stay far below
# a million (the largest table-3 cell of the corpus is 3119, huaian_szf_2024.pdf).
MAX_CELL_DIGITS = 6
# Longest glued table-2 cell: decisions run to six digits in a city (行政许可 447228,
# huaian_szf_2024.pdf) and amounts in 元 to eight (采购总金额 75394432.52元, pingtan_syq_2019.html).
MAX_T2_DIGITS = 12
# Give up enumerating (finding instead) beyond this many candidate splits of one row.
MAX_CANDIDATES = 20000

Row = tuple[Optional[int], ...]


def splits(chunks: Sequence[str], n: int, accept: Optional[Callable[[tuple[int, ...]], bool]] = None,
           max_digits: int = MAX_CELL_DIGITS) -> Iterator[tuple[int, ...]]:
    """Every way to cut the digit chunks into n cells of at most `max_digits` digits (no leading
    zeros); `accept` prunes prefixes."""
    digits = sum(map(len, chunks))
    if digits <= n:  # a cell per digit ('0000000' in table 3, the common row) or no way at all
        cells = tuple(int(d) for chunk in chunks for d in chunk)
        if chunks and digits == n and (accept is None or all(accept(cells[:k]) for k in range(1, n + 1))):
            yield cells
        return
    cuts = _Cuts(chunks, max_digits)
    yield from cuts.every(0, 0, n) if accept is None else cuts.accepted(0, 0, (), n, accept)


class _Cuts:
    """The cuts of digit chunks into cells, from a position (chunk i, offset pos) on."""

    def __init__(self, chunks: Sequence[str], max_digits: int):
        self.chunks, self.max_digits = chunks, max_digits
        # after[i]: (digits, chunks) still to place once chunk i is done
        self.after = [(sum(map(len, chunks[i + 1:])), len(chunks) - i - 1) for i in range(len(chunks))]
        self.rests: dict[tuple[int, int, int], list[tuple[int, ...]]] = {(len(chunks), 0, 0): [()]}

    def every(self, i: int, pos: int, cells: int) -> list[tuple[int, ...]]:
        """The cuts of the rest into `cells` cells, found once and shared by every prefix that
        leaves that rest (read_flat_tables on pingtan_syq_2022.txt: 0.81 → 0.74 ms)."""
        key = (i, pos, cells)
        if key not in self.rests:
            self.rests[key] = [(value,) + tail for value, j, at in self.first_cells(i, pos, cells)
                               for tail in self.every(j, at, cells - 1)]
        return self.rests[key]

    def accepted(self, i: int, pos: int, prefix: tuple[int, ...], n: int,
                 accept: Callable[[tuple[int, ...]], bool]) -> Iterator[tuple[int, ...]]:
        """The cuts of the rest that complete `prefix` to n cells, every prefix passing `accept`."""
        for value, j, at in self.first_cells(i, pos, n - len(prefix)):
            nxt = prefix + (value,)
            if accept(nxt):
                yield from self.accepted(j, at, nxt, n, accept) if len(nxt) < n else (nxt,)

    def first_cells(self, i: int, pos: int, cells: int) -> list[tuple[int, int, int]]:
        """(value, chunk, offset after it) of each cell that can open the rest at (i, pos) when
        `cells` cells are to fill it: a digit and a chunk start must be left for each other cell."""
        chunk = self.chunks[i]
        size = len(chunk)
        digits_after, chunks_after = self.after[i]
        last = pos + 1 if chunk.startswith("0", pos) else min(size, pos + self.max_digits)  # no leading zero
        return [(int(chunk[pos:end]), i + 1, 0) if end == size else (int(chunk[pos:end]), i, end)
                for end in range(pos + 1, last + 1)
                if chunks_after + (end < size) <= cells - 1 <= digits_after + size - end]


def bounded(it: Iterator[tuple]) -> Optional[list[tuple]]:
    """The candidates, or None when there are too many to judge."""
    out = list(itertools.islice(it, MAX_CANDIDATES + 1))
    return None if len(out) > MAX_CANDIDATES else out


def agreed(candidates: Sequence[Sequence[Optional[int]]], n: int) -> list[Optional[int]]:
    """Each of the n cells' value where every candidate gives it the same number, else None."""
    if not candidates:
        return [None] * n
    return [first if first is not None and all(c[i] == first for c in candidates) else None
            for i, first in enumerate(candidates[0])]


def chunk_starts(chunks: Sequence[str], cells: Sequence[int]) -> list[int]:
    """For each cell of a split, the index of the chunk it opens, or -1 when it continues one."""
    out, i, pos = [], 0, 0
    for cell in cells:
        out.append(i if pos == 0 else -1)
        pos += len(str(cell))
        if pos == len(chunks[i]):
            i, pos = i + 1, 0
    return out


def signed_rows(tokens: Sequence[str], n: int, signed: Optional[int], max_digits: int = MAX_T2_DIGITS
                ) -> Iterator[Row]:
    """Every row of n cells the tokens can fill, a cell possibly blank (its digits vanished from
    the dump). A token written with a minus either opens the cell of column `signed`, which it
    negates, or follows a blank cell printed as a dash ('-' stands for an empty cell too).

    Tokens are whitespace- or minus-separated digit runs ('12', '-4' from '12-4').
    """
    chunks = [t.lstrip("-") for t in tokens]
    minus = [i for i, t in enumerate(tokens) if t.startswith("-")]
    for m in range(n, 0, -1):
        placings = list(itertools.combinations(range(n), m))
        for cells in splits(chunks, m, max_digits=max_digits):
            # a row without a minus has one reading, sparing the sign bookkeeping (the common row:
            # signed_rows of pingtan_syq_2022.txt's table 2, 0.137 → 0.077 ms)
            starts = chunk_starts(chunks, cells) if minus else []
            for columns in placings:
                for negated in _sign_readings(starts, columns, minus, signed) if minus else _UNSIGNED:
                    row: list[Optional[int]] = [None] * n
                    for cell, col in zip(cells, columns):
                        row[col] = -cell if col in negated else cell
                    yield tuple(row)


_UNSIGNED = (frozenset(),)  # the sign reading of a row without a minus: nothing negated


def _sign_readings(starts: list[int], columns: tuple[int, ...], minus: list[int], signed: Optional[int]
                   ) -> Iterator[set[int]]:
    """The sets of columns a row's minus signs negate, the cells of a split (opening the chunks
    `starts` gives) placed in `columns`: each minus, opening column c, is the sign of c (when c is
    the signed column) or the dash of a blank cell just before c."""
    opened = {starts[k]: col for k, col in enumerate(columns) if starts[k] >= 0}
    options = []
    for c in (opened[i] for i in minus):
        ways = [{c}] if c == signed else []
        if c > 0 and c - 1 not in columns:
            ways.append(set())
        options.append(ways)
    for choice in itertools.product(*options):
        yield set().union(*choice)
