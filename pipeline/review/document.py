"""A plain document (headings, paragraphs, numbered problems, quotes, tables) written as Markdown and .docx.

Memos and circulars are built once as a list of blocks and written in both forms by the same two
functions, so the Word file and the Markdown say the same thing.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Sequence, Union

# Lines and quotes under a problem are indented plain paragraphs, and headings get their style by
# id: a style set by name costs python-docx a scan of every style (4 ms a paragraph, most of a
# memo's writing time).
INDENT_CM = 0.75
HEADING_STYLES = ("Title", "Heading1", "Heading2", "Heading3")  # style ids of the default template
FONT = "Noto Sans CJK SC"  # East Asian font named in the .docx; Word falls back to its own CJK font


@dataclass
class Heading:
    text: str
    level: int = 1


@dataclass
class Para:
    text: str
    bold: bool = False


@dataclass
class Problem:
    """One numbered problem: its number, its heading line, and the lines under it."""

    no: int
    text: str
    lines: list[str] = field(default_factory=list)
    quotes: list[str] = field(default_factory=list)


@dataclass
class Table:
    header: Sequence[str]
    rows: Sequence[Sequence[str]]


Block = Union[Heading, Para, Problem, Table]


def _md_cell(s: object) -> str:
    return str(s).replace("|", "｜").replace("\n", " ")


def to_markdown(blocks: Sequence[Block]) -> str:
    """The blocks as Markdown."""
    out: list[str] = []
    for b in blocks:
        if isinstance(b, Heading):
            out += ["#" * b.level + " " + b.text, ""]
        elif isinstance(b, Para):
            out += [f"**{b.text}**" if b.bold else b.text, ""]
        elif isinstance(b, Problem):
            out.append(f"{b.no}. {b.text}")
            out += [f"   - {line}" for line in b.lines]
            out += [f"   > {q}" for q in b.quotes]
            out.append("")
        elif isinstance(b, Table):
            out.append("| " + " | ".join(_md_cell(h) for h in b.header) + " |")
            out.append("|" + "---|" * len(b.header))
            out += ["| " + " | ".join(_md_cell(c) for c in row) + " |" for row in b.rows]
            out.append("")
    return "\n".join(out).rstrip() + "\n"


def write_docx(blocks: Sequence[Block], path: str | Path) -> Path:
    """The blocks as a Word document (numbered problems written with their number in the text,
    so the numbering survives any viewer)."""
    from docx import Document
    from docx.oxml.ns import qn
    from docx.shared import Cm

    doc = Document()
    normal = doc.styles["Normal"]
    normal.font.name = FONT
    normal.element.rPr.rFonts.set(qn("w:eastAsia"), FONT)
    for b in blocks:
        if isinstance(b, Heading):
            doc.add_paragraph(b.text)._p.style = HEADING_STYLES[min(b.level, len(HEADING_STYLES)) - 1]
        elif isinstance(b, Para):
            doc.add_paragraph().add_run(b.text).bold = b.bold
        elif isinstance(b, Problem):
            doc.add_paragraph(f"{b.no}. {b.text}")
            for line in b.lines:
                doc.add_paragraph(f"· {line}").paragraph_format.left_indent = Cm(INDENT_CM)
            for q in b.quotes:
                para = doc.add_paragraph()
                para.paragraph_format.left_indent = Cm(2 * INDENT_CM)
                para.add_run(q).italic = True
        elif isinstance(b, Table):
            table = doc.add_table(rows=1, cols=len(b.header))
            table.style = "Table Grid"
            for cell, h in zip(table.rows[0].cells, b.header):
                cell.text = str(h)
            for row in b.rows:
                for cell, v in zip(table.add_row().cells, row):
                    cell.text = str(v)
    out = Path(path)
    doc.save(out)
    return out
