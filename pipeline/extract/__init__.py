"""Extract stage: every figure of a report into canonical values and prose figures.

The template tables (tables 2–4) are read cell by cell by `tables`; section 六's
信息处理费 statement gives `fee.processing`; prose figures and the legacy fields
come from `figures` and `legacy`. This module only wires them together.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Optional, Sequence

import regex

from ..tables.layout import layout_of
from .figures import prose_figures
from ..record import AppendixRow, Document, Figure, Finding, Meta, Section, Value


@dataclass
class Extraction:
    values: dict[str, Value] = field(default_factory=dict)
    figures: list[Figure] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    appendix: list[AppendixRow] = field(default_factory=list)


def extract(doc: Document, sections: Sequence[Section], meta: Meta) -> Extraction:
    """All values and figures of one document."""
    out = Extraction()
    layout = layout_of(doc, sections)
    if meta.era in ("gb2019", "gb2021"):
        from ..tables import read_template_tables

        values, findings = read_template_tables(doc, sections, meta.era)
        out.values.update(values)
        out.findings.extend(findings)
        fee = processing_fee(doc.text, sections)
        if fee is not None:
            out.values["fee.processing"] = fee
    elif meta.era == "legacy":
        from .legacy import extract_legacy

        values, findings, out.appendix = extract_legacy(doc, layout)
        out.values.update(values)
        out.findings.extend(findings)
    out.figures = prose_figures(doc, layout)
    return out


# 信息处理费 statements in section 六 (domain.md §1.5): an amount in 元/万元, or none collected.
_FEE_AMOUNT = regex.compile(
    r"信息处理费[^。；\n]{0,30}?(?P<num>\d+(?:\.\d+)?)\s*(?P<unit>万元|元)")
_FEE_NONE = regex.compile(
    r"(?:无|未|没有|不存在)[^。；\n]{0,12}?(?:收取|收缴)[^。；\n]{0,12}?信息处理费"
    r"|信息处理费[^。；\n]{0,12}?(?:为\s*0|为零|零元)")


def processing_fee(text: str, sections: Sequence[Section]) -> Optional[Value]:
    """fee.processing from the 信息处理费 sentence (0 when the report says none was collected)."""
    zones = [s for s in sections if s.kind == "other"] or list(sections[-1:])
    for sec in zones:
        body = text[sec.start:sec.end]
        m = _FEE_AMOUNT.search(body)
        if m:
            amount = float(m.group("num"))
            if m.group("unit") == "万元":
                amount *= 10000
            value = int(amount) if amount.is_integer() else amount
            return Value(value=value, unit="元", qualifier=None, raw=m.group(0),
                         where={"section": sec.no, "span": [sec.start + m.start(), sec.start + m.end()]})
        m = _FEE_NONE.search(body)
        if m:
            return Value(value=0, unit="元", qualifier=None, raw=m.group(0),
                         where={"section": sec.no, "span": [sec.start + m.start(), sec.start + m.end()]})
    return None
