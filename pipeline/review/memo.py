"""Review memos (审查意见): one per report with findings, as .docx and Markdown (`xxgk check --memo DIR`).

A memo states the report's identity (agency, year, source, dates), an overall verdict, and the
problems numbered and grouped by severity: each with its rule in plain Chinese and the correction
asked for (`validate.rule_texts`, one entry per rule), the finding's own message, and what it cites —
the sentence with its section, or the cells with their table, row, column and page.
"""
from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Sequence

from ..record import SEVERITIES, Record
from ..validate.rule_texts import GROUP_HEADINGS, SEVERITY_NAMES, VERDICTS, rule_text
from .circular import write_circulars
from .citation import Citation, Grids, cite
from .document import Block, Heading, Para, Problem, Table, to_markdown, write_docx

MAX_CELLS_QUOTED = 12  # cells quoted under one problem (a blank-cells finding may cite 135)
BASIS = ("审查依据：《中华人民共和国政府信息公开条例》（2008年施行、2019年修订）及国务院办公厅政府信息公开工作"
         "年度报告格式。本意见由 xxgk 依据报告文本生成，引文摘自原报告，请审查人员核对后使用。")


def verdict(rec: Record) -> str:
    """The overall verdict: set by the most serious severity found."""
    worst = next((s for s in SEVERITIES if any(f.severity == s for f in rec.findings)), None)
    return VERDICTS[worst]


def quoted(c: Citation) -> list[str]:
    """The citation as quoted lines: sentences with their section, cells with table, row, column and page."""
    out = []
    for q in c.quotes:
        out.append(f"原文：“{q.before}【{q.text}】{q.after}”" + (f"（见“{q.section}”）" if q.section else ""))
    for t in c.tables:
        hits = t.hits()
        page = f"第{t.page}页" if t.page else ""
        for row, col, cell in hits[:MAX_CELLS_QUOTED]:
            shown = "空白" if cell.raw is None else cell.raw
            out.append(f"{t.name}{'（' + page + '）' if page else ''}“{row}”行“{col}”列：{shown}")
        if len(hits) > MAX_CELLS_QUOTED:
            out.append(f"……另有 {len(hits) - MAX_CELLS_QUOTED} 个单元格")
    return out


def identity(rec: Record) -> list[tuple[str, str]]:
    m = rec.meta
    return [("机关", m.agency or "未识别"), ("报告年度", str(m.year) if m.year else "未识别"),
            ("报告格式", m.era or "未识别"), ("标题", m.title or "未识别"),
            ("来源", rec.source.url or rec.source.path), ("发布日期", m.published or "未标注"),
            ("落款日期", m.signed or "无"), ("统计期限", "至".join(m.period) if m.period else "未说明")]


def memo_blocks(rec: Record) -> list[Block]:
    """The memo of one report as document blocks."""
    m = rec.meta
    name = m.title or f"{m.agency or ''}{m.year or ''}年度政府信息公开工作年度报告"
    counts = Counter(f.severity for f in rec.findings)
    blocks: list[Block] = [Heading(f"关于《{name}》的审查意见"), Heading("一、报告信息", 2),
                           Table(("项目", "内容"), identity(rec)), Heading("二、总体意见", 2), Para(verdict(rec), bold=True),
                           Para("共发现" + "、".join(f"{SEVERITY_NAMES[s]} {counts.get(s, 0)} 项" for s in SEVERITIES) + "。"),
                           Heading("三、具体问题", 2)]
    no = 0
    grids: Grids = {}  # the report's tables, built by `cite` on first need
    groups = [[f for f in rec.findings if f.severity == sev] for sev in SEVERITIES]
    for ordinal, group in zip("一二三", [g for g in groups if g]):
        sev = group[0].severity
        blocks.append(Heading(f"（{ordinal}）{GROUP_HEADINGS[sev]}（{SEVERITY_NAMES[sev]}，{len(group)} 项）", 3))
        for f in group:
            no += 1
            w = rule_text(f.rule)
            c = cite(rec, f, grids)
            lines = [f"规则：{f.rule}"] + [f"{label}：{value}" for label, value in c.fields]
            lines.append(f"整改意见：{w.advice}")
            blocks.append(Problem(no, f"【{w.title}】{f.message}", lines, quoted(c) or ["（无引文定位 no citation）"]))
    if rec.error:
        blocks.append(Para(f"读取错误：{rec.error.get('message')}"))
    blocks.append(Para(BASIS))
    return blocks


def memo_stem(rec: Record, taken: set[str]) -> str:
    """File name stem of a report's memo: its source file name (with the record id if taken)."""
    stem = Path(rec.source.path.replace("\\", "/")).name
    if stem in taken:
        stem = f"{stem}_{rec.id[:10]}"
    taken.add(stem)
    return stem


def write_memos(records: Sequence[Record], out_dir: str | Path) -> list[Path]:
    """A 审查意见 (.docx and .md) for each report with findings."""
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    taken: set[str] = set()
    for rec in records:
        if not rec.findings:
            continue
        blocks = memo_blocks(rec)
        stem = memo_stem(rec, taken)
        md = out / f"{stem}.审查意见.md"
        md.write_text(to_markdown(blocks), encoding="utf-8")
        written += [md, write_docx(blocks, out / f"{stem}.审查意见.docx")]
    return written


def readme(records: Sequence[Record], memos: int, circulars: int) -> str:
    """What the memo folder holds (and, for an empty batch, that there was nothing to review)."""
    if not records:
        return "# 审查意见\n\n本次检查没有报告（0 reports）：没有审查意见，也没有通报。\n"
    with_findings = sum(bool(r.findings) for r in records)
    return (f"# 审查意见\n\n本次检查共 {len(records)} 份报告，其中 {with_findings} 份有问题，"
            f"各有一份审查意见（.docx 与 .md，共 {memos} 个文件）；另有地区通报 {circulars} 个文件（通报/）。\n")



def write_memo_folder(records: Sequence[Record], out_dir: str | Path) -> list[Path]:
    """The memos, the circulars (in 通报/) and a README saying what the folder holds."""
    out = Path(out_dir)
    memos = write_memos(records, out)
    circulars = write_circulars(records, out / "通报")
    note = out / "README.md"
    note.write_text(readme(records, len(memos), len(circulars)), encoding="utf-8")
    return memos + circulars + [note]
