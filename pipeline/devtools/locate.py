"""Places quoted by gold files: a quote found in a record's text, whatever its blanks.

Gold files name a place by quoting the report ("四是推进重大建设项目信息公开"); the same quote must
find the place in every format of a report, so blanks and line breaks (PDF text wraps lines inside
words) are ignored on both sides.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Optional, Sequence

_BLANKS = frozenset(" \t\n\r\u3000\u00a0")


class QuoteError(ValueError):
    """A gold quote that is not in the text, or is there more than once."""


@dataclass(frozen=True)
class Located:
    """A quote's character span in a record's text."""
    quote: str
    start: int
    end: int

    def overlaps(self, span: Optional[Sequence[int]]) -> bool:
        """True when the span [a, b) shares a character with the quote."""
        return bool(span) and span[0] < self.end and self.start < span[1]


class QuoteIndex:
    """A text with its blanks squeezed out, for finding quotes in it."""

    def __init__(self, text: str):
        self._kept = [i for i, c in enumerate(text) if c not in _BLANKS]
        self._squeezed = "".join(text[i] for i in self._kept)

    def locate(self, quote: str) -> Located:
        """The one place of `quote`, blanks ignored; QuoteError when absent or ambiguous."""
        needle = "".join(c for c in quote if c not in _BLANKS)
        first = self._squeezed.find(needle) if needle else -1
        if first < 0:
            raise QuoteError(f"quote not in the text: {quote!r}")
        if self._squeezed.find(needle, first + 1) >= 0:
            raise QuoteError(f"quote found more than once: {quote!r}")
        return Located(quote, self._kept[first], self._kept[first + len(needle) - 1] + 1)
