"""Values read from a scan that OCR could not settle (`pipeline/read/ocrsums.py`)."""
from __future__ import annotations

from typing import Iterator

from ...record import UNSETTLED_CONFIDENCE, Finding, Record
from ..registry import finding, rule

# Keys listed by name in the message; the finding's keys name them all.
LISTED_KEYS = 8


@rule("read.ocr_unsettled", severity="warning")
def _unsettled(rec: Record) -> Iterator[Finding]:
    """A scanned cell read as different numbers that no sum or second reading decided between."""
    keys = [k for k, v in rec.values.items() if v.where.get("ocr_confidence") == UNSETTLED_CONFIDENCE]
    if keys:
        more = f" 等 {len(keys)} 项" if len(keys) > LISTED_KEYS else ""
        yield finding("read.ocr_unsettled", f"扫描件中以下数值OCR多次识别结果不一致，且无合计关系可以确定，"
                                            f"可能误读：{'、'.join(keys[:LISTED_KEYS])}{more}", keys)
