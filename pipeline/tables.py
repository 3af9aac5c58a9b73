"""Template tables 2–4 read cell by cell (issue 3 fills this in)."""
from __future__ import annotations

from typing import Sequence

from .record import Document, Finding, Section, Value


def read_template_tables(doc: Document, sections: Sequence[Section],
                         era: str) -> tuple[dict[str, Value], list[Finding]]:
    """Canonical t2/t3/t4 values of a template-era report, with findings."""
    return {}, []
