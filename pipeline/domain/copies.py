"""One report, several copies: which document counts for an agency's year (the `primary`).

The same report is often found as the published web page, a PDF and a Word attachment, and
a crawler's text dump. One of them is the primary; the others point to it (`duplicate_of`).
The order, the same in `values.parquet`/`reports.parquet` and in `pipeline.load`:

1. a copy that was read without error;
2. the published page (HTML) or PDF, then a Word copy (docx, doc, wps, rtf), then a crawler's
   text dump (txt) — the dump's table cells may be glued together (`pingtan_syq_2019.txt` gives
   179 of the 198 keys its page gives); a WARC record counts as the document it archives;
3. the most complete: most values with a number;
4. the path, so that the choice is stable.

Copies without an agency or a year cannot be matched and are each their own primary.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Optional, Sequence

# Rank of a document's own format (lower wins); formats not listed rank last.
FORMAT_RANK = {"html": 0, "pdf": 0, "docx": 1, "doc": 1, "wps": 1, "rtf": 1, "txt": 2}


@dataclass(frozen=True, slots=True)  # slots: a batch holds one per document while marking copies
class Copy:
    """What the primary rule reads of one document."""

    agency: Optional[str]  # canonical name (`AgencyIndex.unify`)
    year: Optional[int]
    format: str  # the document's own format (a WARC record's inner format)
    failed: bool
    filled: int  # values with a number
    path: str


def duplicate_of(copies: Sequence[Copy]) -> list[Optional[int]]:
    """For each copy, the index of the primary copy of its (agency, year), or None when it is the
    primary itself."""
    best: dict[tuple[str, int], int] = {}
    for i, c in enumerate(copies):
        if c.agency and c.year is not None:
            group = (c.agency, c.year)
            if group not in best or _rank(c) < _rank(copies[best[group]]):
                best[group] = i
    out: list[Optional[int]] = []
    for i, c in enumerate(copies):
        primary = best.get((c.agency, c.year)) if c.agency and c.year is not None else None
        out.append(None if primary is None or primary == i else primary)
    return out


def _rank(c: Copy) -> tuple:
    return (c.failed, FORMAT_RANK.get(c.format, len(set(FORMAT_RANK.values()))), -c.filled, c.path)


def own_format(source: dict) -> str:
    """The format of the document itself: a WARC record's archived format, else its format."""
    return source.get("inner_format") or source.get("format") or "unknown"
