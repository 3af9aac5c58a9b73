"""One table cell's text → a number (or an explicit blank), with the unit written inside it."""
from __future__ import annotations

import functools
import unicodedata
from dataclasses import dataclass
from typing import Optional

import regex

# Cells that say "nothing here": blank, /, dashes, 无 (fields.md: null with the raw text, never 0).
_BLANK = regex.compile(r"^[\s\u00a0\u3000]*(?:[/／\\]|[-—–－―─]+|无|空|/?)?[\s\u00a0\u3000]*$")
_NUMBER = regex.compile(r"^(?P<sign>[-−－+]?)\s*(?P<num>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)\s*"
                        r"(?P<unit>万元|元|件|项|个|条)?$")


@dataclass(frozen=True)
class CellNumber:
    value: Optional[float | int]
    unit: Optional[str]
    blank: bool = False


@functools.lru_cache(maxsize=4096)
def parse_cell(text: str) -> Optional[CellNumber]:
    """The cell's number (int unless it has decimals), a blank marker, or None if it is not a number."""
    if _BLANK.match(text or ""):
        return CellNumber(None, None, blank=True)
    s = unicodedata.normalize("NFKC", text).replace("\u00a0", " ").strip()
    m = _NUMBER.match(s)
    if not m:
        return None
    digits = m.group("num").replace(",", "")
    value: float | int = float(digits) if "." in digits else int(digits)
    if m.group("sign") in ("-", "−"):
        value = -value
    return CellNumber(value, m.group("unit"))
