"""One document's layout, computed once and handed to every extractor: its sections and where its
tables lie (grid tables and legacy statistics appendices), so that prose readers skip them."""
from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass, field
from typing import Optional, Sequence

from ..record import Document, Section
from .appendix import table_zones


@dataclass(frozen=True)
class Layout:
    """Sections in text order and the sorted (start, end) spans of the document's tables."""

    sections: Sequence[Section]
    table_zones: list[tuple[int, int]]
    _starts: list[int] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_starts", [s.start for s in self.sections])

    def section_at(self, offset: int) -> Optional[int]:
        """The number of the section holding a text offset, or None before the first heading."""
        i = bisect_right(self._starts, offset) - 1
        if i >= 0 and offset < self.sections[i].end:
            return self.sections[i].no
        return None


def layout_of(doc: Document, sections: Sequence[Section]) -> Layout:
    """The layout of a read and segmented document."""
    return Layout(sections, table_zones(doc))
