"""Files of the synthetic corpus (dev tool): each drawn report rendered as HTML (UTF-8 or GBK, with page
furniture and the template's rowspan/colspan layout, copied from `corpus/pingtan_syq_2022.html`), a crawler
text dump, a PDF (reportlab, CJK CID font STSong-Light) or a DOCX (python-docx, merged cells), with
`<file>.truth.json` beside it (scanned copies of PDFs: `pipeline.devtools.scans`).

    python -m pipeline.devtools.synthfiles OUT --n 1000 [--formats html,pdf,txt] [--seed 7]
"""
from __future__ import annotations

import argparse
import html
import io
import json
import random
from dataclasses import asdict
from pathlib import Path
from typing import Optional, Sequence

from .synth import ERA_YEARS, FORMATS, PDF_PLAIN_CELL, SUFFIX, Cell, Report, draw_report, layout

def render_html(rep: Report, charset: str = "utf-8") -> bytes:
    """A government web page: nav, breadcrumb, byline, the report body, footer."""
    e = html.escape
    body = [f'<p style="text-align:center"><strong>{e(rep.title)}</strong></p>', f"<p>{e(rep.intro)}</p>"]
    for heading, blocks in rep.sections:
        body.append(f'<p><span style="font-size:16px"><strong>{e(heading)}</strong></span></p>')
        for block in blocks:
            if isinstance(block, str):
                body.append(f'<p style="text-indent:2em"><span style="font-family:仿宋_GB2312">{e(block)}</span></p>')
            else:
                body.append(_html_table(block))
    body += [f'<p style="text-align:right">{e(line)}</p>' for line in rep.signature]
    declared = "gb2312" if charset != "utf-8" else "utf-8"
    page = f"""<!DOCTYPE html>
<html><head><meta http-equiv="Content-Type" content="text/html; charset={declared}">
<meta name="ArticleTitle" content="{e(rep.title)}"><meta name="PubDate" content="{rep.published} 09:30">
<meta name="ContentSource" content="{e(rep.agency)}"><meta name="Url" content="{rep.url}">
<title>{e(rep.title)}_政府信息公开年报_{e(rep.agency)}</title>
<link rel="stylesheet" type="text/css" href="/images/trt_ui_v2.css"><style>{_STYLE}</style>
<script>var _hmt = _hmt || []; window.siteId = "3590000001";</script></head>
<body><div class="header"><ul class="nav">{_NAV_HTML}</ul> 无障碍浏览 | 长者模式</div>
<div class="crumb">当前位置：<a href="/">首页</a> &gt; <a href="/zfxxgk/">政府信息公开</a> &gt; 政府信息公开年报</div>
<div class="article"><h1>{e(rep.title)}</h1>
<div class="byline">来源：{e(rep.agency)}　　时间：{rep.published} 09:30　　浏览次数：{len(rep.title) * 37}　【字体：大 中 小】</div>
<div class="TRS_Editor">{''.join(body)}</div>
<div class="share">分享到：微信 微博 QQ空间　【打印本页】【关闭窗口】</div></div>
<div class="links"><ul>{_NAV_HTML}</ul></div>
<div class="footer">主办单位：{e(rep.agency)}办公室　网站标识码：3590000001　备案号：闽ICP备05031255号</div>
<script>{_SCRIPT}</script></body></html>"""
    return page.encode("gbk" if charset != "utf-8" else "utf-8")


# Cell markup as Word pastes it into the CMS (corpus/pingtan_syq_2022.html): mso-* borders, nested spans.
TD_STYLE = ("padding:0.0000pt 0.0000pt 0.0000pt 0.0000pt ;border-left:1.0000pt solid rgb(0,0,0);\n"
            "mso-border-left-alt:0.5000pt solid rgb(0,0,0);border-right:1.0000pt solid rgb(0,0,0);"
            "mso-border-right-alt:0.5000pt solid rgb(0,0,0);\nborder-top:none;mso-border-top-alt:0.5000pt solid "
            "rgb(0,0,0);border-bottom:1.0000pt solid rgb(0,0,0);\nmso-border-bottom-alt:0.5000pt solid rgb(0,0,0);")
SPAN_STYLE = "font-family: 仿宋_GB2312; letter-spacing: -0.3pt; font-size: 14pt;"
NAV = ("首页", "要闻动态", "政务公开", "政府信息公开", "政策文件", "政策解读", "办事服务", "互动交流", "数据开放",
       "专题专栏", "机构职能", "规划计划", "财政资金", "重大项目", "公共资源交易", "政府采购", "人事信息", "统计信息")


_NAV_HTML = "".join(f'<li class="nav-item"><a href="/col/col{i}/index.html" target="_blank" title="{t}">{t}</a>'
                    f'<ul class="sub">' + "".join(f'<li><a href="/col/col{i}{j}/">{t}子栏目{j}</a></li>' for j in range(3))
                    + "</ul></li>" for i, t in enumerate(NAV))
_STYLE = "".join(f".nav-item:nth-child({i}) a{{color:#1a4f8b;padding:0 {i}px;font-size:16px;}}\n" for i in range(60))
_SCRIPT = "".join(f"document.getElementsByClassName('nav-item')[{i}].onmouseover=function(){{this.className+=' on';}};\n"
                  for i in range(60))


def _html_table(rows: Sequence[Sequence[Cell]]) -> str:
    out = ['<table class="MsoNormalTable" border="1" cellspacing="0" style="border-collapse:collapse;border:none;'
           'mso-padding-alt:0.0000pt 0.0000pt 0.0000pt 0.0000pt ;"><tbody>']
    for row in rows:
        tds = []
        for text, rowspan, colspan in row:
            span = (f' rowspan="{rowspan}"' if rowspan > 1 else "") + (f' colspan="{colspan}"' if colspan > 1 else "")
            tds.append(f'<td width="{40 * colspan}" valign="center"{span} style="width:{30 * colspan}.0000pt;{TD_STYLE}">'
                       f'<p class="p" style="margin: 0pt; text-align: justify; line-height: 20pt;">'
                       f'<span style="{SPAN_STYLE}"><span style="font-family:仿宋_GB2312">{html.escape(text)}</span>'
                       f'<span style="font-family:仿宋_GB2312">&nbsp;</span></span><span style="{SPAN_STYLE}"></span>'
                       f'</p></td>')
        out.append(f"<tr>{''.join(tds)}</tr>")
    out.append("</tbody></table>")
    return "".join(out)


def render_txt(rep: Report) -> bytes:
    """A crawler's text dump: a header block, then the body; a table row is one line of its
    cells' texts, each cell once (as a crawler flattens <td>s), tab-separated."""
    lines = [f"标题: {rep.title}", f"发布时间: {rep.published} 09:30", "文号: ", f"发布机构: {rep.agency}",
             "栏目: 政府信息公开年报", f"原文链接: {rep.url}", "页面链接与图片详见 links.tsv(同目录)",
             "==================== 正文 ====================", rep.title, rep.intro]
    for heading, blocks in rep.sections:
        lines.append(heading)
        for block in blocks:
            if isinstance(block, str):
                lines.append(block)
            else:
                lines += ["\t".join(text for text, _, _ in row) for row in block]
    lines += rep.signature
    return ("\n".join(lines) + "\n").encode("utf-8")


def render_docx(rep: Report) -> bytes:
    """A Word document: paragraphs, and tables whose spans are merged cells."""
    import docx

    document = docx.Document()
    document.add_paragraph(rep.title)
    document.add_paragraph(rep.intro)
    for heading, blocks in rep.sections:
        document.add_paragraph(heading)
        for block in blocks:
            if isinstance(block, str):
                document.add_paragraph(block)
                continue
            _docx_table(document, block)
    for line in rep.signature:
        document.add_paragraph(line)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _docx_table(document, rows: Sequence[Sequence[Cell]]) -> None:
    """A Word table with merged cells written as gridSpan/vMerge directly (python-docx's
    `merge` rebuilds the cell list on every call: seconds for table 3)."""
    from docx.table import _Cell

    placed, height, width = layout(rows)
    table = document.add_table(rows=height, cols=width)
    table.style = "Table Grid"
    starts = {(r, c): cell for r, c, cell in placed}
    below: dict[tuple[int, int], Cell] = {}  # continuation rows of a vertical merge
    for r, c, cell in placed:
        for dr in range(1, cell[1]):
            below[(r + dr, c)] = cell
    for r, tr in enumerate(table._tbl.tr_lst):
        tcs = list(tr.tc_lst)
        c = 0
        while c < width:
            cell = starts.get((r, c)) or below.get((r, c))
            tc = tcs[c]
            span = cell[2] if cell else 1
            for extra in tcs[c + 1:c + span]:
                tr.remove(extra)
            if cell and span > 1:
                tc.grid_span = span
            if cell and cell[1] > 1:
                tc.vMerge = "restart" if (r, c) in starts else "continue"
            if (r, c) in starts:
                _Cell(tc, table).text = cell[0]
            c += span


def render_pdf(rep: Report) -> bytes:
    """A PDF drawn with reportlab's CJK CID font STSong-Light; tables with spans and a grid."""
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

    if "STSong-Light" not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    text = ParagraphStyle("body", fontName="STSong-Light", fontSize=10.5, leading=16, wordWrap="CJK",
                          firstLineIndent=21)
    cell_style = ParagraphStyle("cell", fontName="STSong-Light", fontSize=7, leading=9, wordWrap="CJK")
    heading = ParagraphStyle("heading", parent=text, firstLineIndent=0, fontSize=12, leading=20)
    flow = [Paragraph(html.escape(rep.title), heading), Paragraph(html.escape(rep.intro), text)]
    for title, blocks in rep.sections:
        flow.append(Paragraph(html.escape(title), heading))
        for block in blocks:
            if isinstance(block, str):
                flow.append(Paragraph(html.escape(block), text))
                continue
            placed, height, width = layout(block)
            grid = [[""] * width for _ in range(height)]
            style = [("GRID", (0, 0), (-1, -1), 0.5, colors.black), ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                     ("FONT", (0, 0), (-1, -1), "STSong-Light", 7)]
            for r, c, (cell, rowspan, colspan) in placed:
                grid[r][c] = Paragraph(html.escape(cell), cell_style) if len(cell) > PDF_PLAIN_CELL else cell
                if rowspan > 1 or colspan > 1:
                    style.append(("SPAN", (c, r), (c + colspan - 1, r + rowspan - 1)))
            flow += [Spacer(1, 4), Table(grid, colWidths=_pdf_widths(placed, width, A4[0] - 120),
                                         style=TableStyle(style)),
                     Spacer(1, 4)]
    flow += [Paragraph(html.escape(line), heading) for line in rep.signature]
    buffer = io.BytesIO()
    SimpleDocTemplate(buffer, pagesize=A4, leftMargin=60, rightMargin=60, topMargin=60, bottomMargin=60,
                      title=rep.title, invariant=1).build(flow)
    return buffer.getvalue()


def _pdf_widths(placed: list[tuple[int, int, Cell]], width: int, total: float) -> list[float]:
    """Column widths in proportion to the longest one-column text of each column (labels wider)."""
    longest = [2] * width
    for _, c, (text, _, colspan) in placed:
        if colspan == 1:
            longest[c] = max(longest[c], min(len(text), 14))
    return [total * n / sum(longest) for n in longest]


RENDERERS = {"html": render_html, "html-gbk": lambda rep: render_html(rep, "gbk"), "txt": render_txt,
             "pdf": render_pdf, "docx": render_docx}


def write_corpus(out_dir: str | Path, n: int, formats: Sequence[str] = FORMATS, seed: int = 7,
                 eras: Optional[Sequence[str]] = None) -> list[Path]:
    """Write `n` reports (formats and eras in turn) with a `.truth.json` beside each; returns the files."""
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    rng = random.Random(seed)
    eras = list(eras or ERA_YEARS)
    written = []
    for i in range(n):
        fmt = formats[i % len(formats)]
        rep = draw_report(rng, eras[(i // len(formats)) % len(eras)], fmt)
        path = out / f"synth_{i:06d}_{rep.truth.meta['era']}{SUFFIX[fmt]}"
        path.write_bytes(RENDERERS[fmt](rep))
        rep.truth.doc = path.name
        if fmt in ("html", "html-gbk", "txt"):
            rep.truth.meta["published"] = rep.published
        path.with_name(path.name + ".truth.json").write_text(
            json.dumps(asdict(rep.truth), ensure_ascii=False, indent=1), encoding="utf-8")
        written.append(path)
    return written


def main(argv: Optional[Sequence[str]] = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m pipeline.devtools.synthfiles", description=__doc__.split("\n\n")[0])
    parser.add_argument("out", help="folder to write the reports into")
    parser.add_argument("--n", type=int, default=100, help="number of reports (default 100)")
    parser.add_argument("--formats", default=",".join(FORMATS), help=f"comma-separated, of {', '.join(FORMATS)}")
    parser.add_argument("--eras", default=",".join(ERA_YEARS), help="comma-separated eras")
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args(argv)
    files = write_corpus(args.out, args.n, args.formats.split(","), args.seed, args.eras.split(","))
    print(f"wrote {len(files)} reports (+ .truth.json) to {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
