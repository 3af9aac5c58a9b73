"""Template tables 2–4 read cell by cell: from grids when the reader rebuilt them, else from the text.

HTML, .docx and PDF documents carry grids (`doc.tables`), read by `gridtables`; a crawler
text dump has only the flattened text, read by `gluedcells`, which keeps only the cells that
are certain. A PDF's grid values are checked against what its text layer says for sure. Both report the template version each table follows, so a report mixing the
2019 and 2021 templates gets a `format.mixed_template` finding.
"""
from __future__ import annotations

from typing import Sequence

from .glued import read_flat_tables
from .grid import GridReader
from ..record import Document, Finding, Section, Value

TEMPLATE_TABLES = ("t2", "t3", "t4")
_ERA_NAMES = {"gb2019": "2019年（试行）", "gb2021": "2021年"}


def read_template_tables(doc: Document, sections: Sequence[Section],
                         era: str) -> tuple[dict[str, Value], list[Finding]]:
    """Canonical t2/t3/t4 values of a template-era report, with findings."""
    grids = GridReader(sections).read(doc.tables)
    values, findings, versions = dict(grids.values), list(grids.findings), dict(grids.versions)
    if doc.format == "pdf" and grids.found:
        findings.extend(reconcile(values, read_flat_tables(doc.text, sections, sorted(grids.found)).values))
    missing = [t for t in TEMPLATE_TABLES if t not in grids.found]
    if missing:
        flat = read_flat_tables(doc.text, sections, missing)
        values.update({k: v for k, v in flat.values.items() if k not in values})
        findings.extend(flat.findings)
        for t, seen in flat.versions.items():
            versions.setdefault(t, set()).update(seen)
        missing = [t for t in missing if t not in flat.found]
    for t in missing:
        findings.append(Finding(rule="table.missing", severity="warning",
                                message=f"未找到模板表{'二三四'[TEMPLATE_TABLES.index(t)]}", keys=[]))
    findings.extend(version_findings(versions))
    return values, findings


def version_findings(versions: dict[str, set[str]]) -> list[Finding]:
    """A finding when the tables follow different template versions (e.g. 2021 table 2, 2019 table 3)."""
    seen = {t: v for t, v in versions.items() if v}
    all_versions = set().union(*seen.values()) if seen else set()
    if len(all_versions) < 2:
        return []
    detail = "；".join(f"表{'二三四'[TEMPLATE_TABLES.index(t)]}：{'、'.join(_ERA_NAMES[v] for v in sorted(vs))}"
                      for t, vs in sorted(seen.items()))
    return [Finding(rule="format.mixed_template", severity="warning",
                    message=f"表格混用了两版模板（{detail}）", keys=[])]


def reconcile(grid_values: dict[str, Value], text_values: dict[str, Value]) -> list[Finding]:
    """A finding for each cell where a PDF's grid and its text layer disagree (the grid is kept).

    The text reader keeps only cells it is sure of, so a disagreement points at the grid.
    """
    out = []
    for key, got in text_values.items():
        grid = grid_values.get(key)
        if grid is not None and grid.value != got.value:
            out.append(Finding(rule="table.text_mismatch", severity="warning",
                               message=f"{key}: 表格线读出 {grid.value}，文本层读出 {got.value}", keys=[key]))
    return out
