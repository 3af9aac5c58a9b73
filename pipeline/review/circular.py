"""Circulars (通报): one per province and per city of a checked batch, as .docx and Markdown.

Each states the region's coverage per year (agencies expected, published, on time, late, with an
unknown date, with errors — `compare.regions`), lists the late and the missing reports, and ranks
the most frequent problems by the number of reports they occur in (titles from `validate.rule_texts`).
"""
from __future__ import annotations

from collections import Counter, defaultdict
from datetime import date
from pathlib import Path
from typing import Sequence

from ..compare.regions import RegionYear, ReportStatus, region_coverage
from ..record import Record
from ..validate.rules.dates import deadline
from ..validate.rule_texts import rule_text
from .coverage import statuses
from .document import Block, Heading, Para, Table, to_markdown, write_docx

CIRCULAR_LEVELS = ("province", "city")  # a circular for each region at these levels
TOP_PROBLEMS = 10  # problems listed in a circular


def _late_rows(held: Sequence[ReportStatus]) -> list[tuple[str, ...]]:
    rows = []
    for s in sorted(held, key=lambda s: (s.year, s.agency)):
        if s.on_time is False:
            due = deadline(s.year, s.agency)[0]
            days = (date.fromisoformat(s.published) - due).days
            rows.append((s.agency, str(s.year), s.published, due.isoformat(), str(days)))
    return rows


def publications(reports: Sequence[tuple[Record, ReportStatus]]) -> dict[tuple[str, int], set[str]]:
    """The rules found in each agency's report of a year, its copies (html, pdf, …) taken together."""
    out: dict[tuple[str, int], set[str]] = defaultdict(set)
    for rec, s in reports:
        out[(s.agency, s.year)].update(f.rule for f in rec.findings)
    return dict(out)


def circular_blocks(region: tuple[str, ...], years: Sequence[RegionYear],
                    reports: Sequence[tuple[Record, ReportStatus]]) -> list[Block]:
    """The circular of one region: coverage per year, lateness, missing reports, frequent problems."""
    name = "/".join(region)
    span = f"{years[0].year}—{years[-1].year}" if years[0].year != years[-1].year else str(years[0].year)
    blocks: list[Block] = [Heading(f"关于{name}{span}年度政府信息公开工作年度报告审查情况的通报"),
                           Heading("一、发布情况", 2),
                           Para(f"应发布机关 {years[0].expected} 个（本批次任一年度出现过的机关）；按时指在该年度所适用条例规定的期限内发布。"),
                           Table(("年度", "应发布", "已发布", "按时", "逾期", "日期不明", "有错误"),
                                 [(str(y.year), str(y.expected), str(y.published), str(y.on_time), str(y.late),
                                   str(y.date_unknown), str(y.with_errors)) for y in years])]
    late = _late_rows([s for _, s in reports])
    blocks.append(Heading("二、逾期发布", 2))
    blocks.append(Table(("机关", "年度", "发布日期", "法定期限", "逾期天数"), late) if late else Para("没有逾期发布的报告。"))
    missing = [(a, str(y.year)) for y in years for a, state in y.agencies.items() if state == "missing"]
    blocks.append(Heading("三、未发布", 2))
    blocks.append(Table(("机关", "年度"), missing) if missing else Para("没有缺漏的年度。"))
    rules_of = publications(reports)
    per_rule = Counter(rule for rules in rules_of.values() for rule in rules)
    blocks.append(Heading("四、主要问题", 2))
    if per_rule:
        blocks.append(Para(f"按年报计（同一年报的多种格式计一次），共 {len(rules_of)} 份。"))
        blocks.append(Table(("问题", "规则", "涉及年报数", "占比"),
                            [(rule_text(r).title, r, str(n), f"{n / len(rules_of):.0%}")
                             for r, n in per_rule.most_common(TOP_PROBLEMS)]))
    else:
        blocks.append(Para("未发现问题。"))
    erroneous = sorted({(s.agency, str(s.year), str(s.errors)) for _, s in reports if s.errors})
    blocks.append(Heading("五、有错误的报告", 2))
    blocks.append(Table(("机关", "年度", "错误数"), erroneous) if erroneous else Para("没有存在错误的报告。"))
    blocks.append(Para("各机关的具体问题见其审查意见。"))
    return blocks


def write_circulars(records: Sequence[Record], out_dir: str | Path) -> list[Path]:
    """A 通报 (.docx and .md) for each region at `CIRCULAR_LEVELS` (and for unplaced agencies)."""
    held = statuses(records)
    out = Path(out_dir)
    written: list[Path] = []
    done: set[tuple[str, ...]] = set()
    for level in CIRCULAR_LEVELS:
        by_region: dict[tuple[str, ...], list[RegionYear]] = defaultdict(list)
        for ry in region_coverage([s for _, s in held], level):
            by_region[ry.region].append(ry)
        for region, years in by_region.items():
            if region in done:
                continue
            done.add(region)
            reports = [(r, s) for r, s in held if s.place.path(level) == region]
            blocks = circular_blocks(region, years, reports)
            out.mkdir(parents=True, exist_ok=True)
            stem = "通报_" + "_".join(region)
            md = out / f"{stem}.md"
            md.write_text(to_markdown(blocks), encoding="utf-8")
            written += [md, write_docx(blocks, out / f"{stem}.docx")]
    return written
