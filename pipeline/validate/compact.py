"""A text with its whitespace removed, and a map back to offsets in the original.

PDF text breaks lines inside numbers and words ("答\\n复3050", a table label over two lines), so
several rules search a report with all whitespace removed. `compact_of` builds that view once per
text and every such rule shares it; a rule searching one section takes its `window`.
"""
from __future__ import annotations

from bisect import bisect_right
from functools import lru_cache

import regex

# The whitespace removed: `\s` and the no-break and ideographic spaces.
SPACE = regex.compile(r"[\s\u00a0\u3000]+")
_NON_SPACE = regex.compile(r"[^\s\u00a0\u3000]+")
# Blank to str.isspace() and str.split() but not to SPACE's `\s`: SPACE keeps them.
NOT_REGEX_SPACE = "\x1c\x1d\x1e\x1f"


class Compact:
    """A text without whitespace (`text`) and where each of its runs of characters starts in the original."""

    def __init__(self, original: str):
        if any(c in original for c in NOT_REGEX_SPACE):
            runs = [m.group() for m in _NON_SPACE.finditer(original)]
        else:
            runs = original.split()  # the same runs as _NON_SPACE finds, several times faster
        starts, ends, at, pos = [], [], 0, 0
        for run in runs:
            pos = original.find(run, pos)  # only whitespace lies between one run and the next
            starts.append(pos)
            ends.append(at)
            pos += len(run)
            at += len(run)
        self.text = "".join(runs)
        self._starts = starts  # original offset of each run
        self._at = ends  # compact offset of each run

    def offset(self, i: int) -> int:
        """The original offset of compact character i."""
        k = bisect_right(self._at, i) - 1
        return self._starts[k] + i - self._at[k]

    def index(self, offset: int) -> int:
        """How many compact characters lie before an original offset."""
        k = bisect_right(self._starts, offset) - 1
        if k < 0:
            return 0
        size = (self._at[k + 1] if k + 1 < len(self._at) else len(self.text)) - self._at[k]
        return self._at[k] + min(offset - self._starts[k], size)

    def window(self, start: int = 0, end: "int | None" = None) -> "Window":
        """The compact view of original[start:end]."""
        i = self.index(start)
        j = len(self.text) if end is None else self.index(end)
        return Window(self, i, j)


class Window:
    """The compact text of one span of the original (`text`), with spans mapped back."""

    def __init__(self, whole: Compact, i: int, j: int):
        self.whole, self.base = whole, i
        self.text = whole.text[i:j]

    def span(self, a: int, b: int) -> list[int]:
        """The original span of window positions [a, b)."""
        n = len(self.text)
        if not n:
            return [0, 0]
        return [self.whole.offset(self.base + min(a, n - 1)), self.whole.offset(self.base + max(min(b, n) - 1, 0)) + 1]


@lru_cache(maxsize=4)
def compact_of(text: str) -> Compact:
    """The `Compact` view of a text, built once and shared by the rules that search the same record."""
    return Compact(text)
