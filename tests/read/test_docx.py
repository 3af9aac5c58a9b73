"""Word .docx reading: merged cells, text boxes, layout tables, and a report rebuilt as .docx."""
from __future__ import annotations

import copy
import io

import pytest
from lxml import etree

from pipeline.core import parse_bytes, parse_path
from pipeline.read.docx import table_grid
from pipeline.read import ReadError, read_bytes, read_path
from conftest import corpus_file, gold_of

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def _origins(table) -> list[list[tuple[int, int]]]:
    return [[c.origin for c in row] for row in table.grid]


def test_vmerge_and_gridspan_positions_share_their_cells_origin():
    import docx

    path = corpus_file("pingtan_syq_2019.docx")
    tbl = docx.Document(str(path)).tables[1]._tbl
    tcs = list(tbl.iter(f"{{{W}}}tc"))
    vmerged = [tc for tc in tcs if tc.find(f"{{{W}}}tcPr/{{{W}}}vMerge") is not None]
    assert len(vmerged) == 43
    grid = table_grid(tbl)
    assert (len(grid), len(grid[0])) == (26, 10)
    # the 3x3 corner note (gridSpan=3, vMerge over 3 rows) is one cell everywhere it reaches
    corner = {grid[r][c].origin for r in range(3) for c in range(3)}
    assert corner == {(0, 0)}
    # "三、本年度办理结果" is a vertical merge restarted at a page break (row 15 of the source)
    first_col = [row[0].origin for row in grid[5:25]]
    assert set(first_col) == {(5, 0), (15, 0)}
    assert {row[0].text for row in grid[5:25]} == {"三、本年度办理结果"}
    # the de-duplicated rendering lists a merged cell once per row
    doc = read_path(path)
    t3 = doc.tables[1]
    lines = doc.text[t3.start:t3.end].splitlines()
    assert lines[3] == "一、本年新收政府信息公开申请数量\t23\t0\t0\t0\t0\t0\t23"
    assert lines[7].startswith("三、本年度办理结果\t（三）不予公开\t1.属于国家秘密\t0")


@pytest.mark.parametrize("year", [2019, 2022, 2025])
def test_docx_grids_equal_the_html_grids_of_the_same_report(year):
    from_docx = read_path(corpus_file(f"pingtan_syq_{year}.docx")).tables
    from_html = read_path(corpus_file(f"pingtan_syq_{year}.html")).tables
    assert len(from_docx) == len(from_html) == 3
    for a, b in zip(from_docx, from_html):
        assert a.texts() == b.texts()
        assert _origins(a) == _origins(b)


# ---------------------------------------------------------------- a report rebuilt as .docx

def _docx_from(doc) -> bytes:
    """A .docx holding a read page's title and text as paragraphs and its grids as merged Word tables."""
    import docx

    out = docx.Document()
    out.add_paragraph(doc.hints.title)
    cursor = 0
    for table in doc.tables:
        for line in doc.text[cursor:table.start].splitlines():
            out.add_paragraph(line)
        height, width = len(table.grid), len(table.grid[0])
        word = out.add_table(rows=height, cols=width)
        spots: dict[tuple[int, int], list[tuple[int, int]]] = {}
        for r, row in enumerate(table.grid):
            for c, cell in enumerate(row):
                spots.setdefault(cell.origin, []).append((r, c))
        for origin, places in spots.items():
            r0, c0 = min(p[0] for p in places), min(p[1] for p in places)
            r1, c1 = max(p[0] for p in places), max(p[1] for p in places)
            word.cell(r0, c0).text = table.grid[r0][c0].text
            if (r0, c0) != (r1, c1):
                word.cell(r0, c0).merge(word.cell(r1, c1))
        cursor = table.end
    for line in doc.text[cursor:].splitlines():
        out.add_paragraph(line)
    buf = io.BytesIO()
    out.save(buf)
    return buf.getvalue()


def test_report_rebuilt_as_docx_reads_like_the_original():
    html = read_path(corpus_file("pingtan_syq_2022.html"))
    data = _docx_from(html)
    doc = read_bytes(data, "rebuilt.docx")
    assert doc.format == "docx"
    assert [t.texts() for t in doc.tables] == [t.texts() for t in html.tables]
    for a, b in zip(doc.tables, html.tables):  # same merge structure (origins renumbered per source)
        assert _groups(a) == _groups(b)
    original = parse_path(corpus_file("pingtan_syq_2022.html"))
    rebuilt = parse_bytes(data, "rebuilt.docx")
    assert rebuilt.error is None
    assert (rebuilt.meta.agency, rebuilt.meta.year, rebuilt.meta.era) == \
        (original.meta.agency, original.meta.year, original.meta.era) == ("平潭综合实验区", 2022, "gb2021")
    assert [s.title for s in rebuilt.sections] == [s.title for s in original.sections]
    got = {k: v.value for k, v in rebuilt.values.items()}
    assert got == {k: v.value for k, v in original.values.items()}
    gold = gold_of("pingtan_syq_2022.html")["values"]
    assert len(gold) > 150 and {k: got.get(k) for k in gold} == gold  # tables 2–4 cell by cell


def _groups(table) -> list[list[tuple[int, int]]]:
    """The grid positions of each merged cell, in reading order."""
    spots: dict[tuple[int, int], list[tuple[int, int]]] = {}
    for r, row in enumerate(table.grid):
        for c, cell in enumerate(row):
            spots.setdefault(cell.origin, []).append((r, c))
    return list(spots.values())


# ---------------------------------------------------------------- body text outside plain paragraphs

_TEXT_BOX_RUN = f"""
<w:r xmlns:w="{W}"
     xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006"
     xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape"
     xmlns:v="urn:schemas-microsoft-com:vml">
  <mc:AlternateContent>
    <mc:Choice Requires="wps"><w:drawing><wps:wsp><wps:txbx><w:txbxContent>
      <w:p><w:r><w:t>一、总体情况</w:t></w:r></w:p>
      <w:p><w:r><w:t>本年度共主动公开政府信息120条。</w:t></w:r></w:p>
    </w:txbxContent></wps:txbx></wps:wsp></w:drawing></mc:Choice>
    <mc:Fallback><w:pict><v:shape><v:textbox><w:txbxContent>
      <w:p><w:r><w:t>一、总体情况</w:t></w:r></w:p>
      <w:p><w:r><w:t>本年度共主动公开政府信息120条。</w:t></w:r></w:p>
    </w:txbxContent></v:textbox></v:shape></w:pict></mc:Fallback>
  </mc:AlternateContent>
</w:r>"""


def _save(document) -> bytes:
    buf = io.BytesIO()
    document.save(buf)
    return buf.getvalue()


def test_text_box_content_is_read_once_after_its_paragraph():
    import docx

    document = docx.Document()
    document.add_paragraph("某局2023年政府信息公开工作年度报告")
    anchor = document.add_paragraph("见下框：")
    anchor._p.append(etree.fromstring(_TEXT_BOX_RUN))
    document.add_paragraph("二、主动公开政府信息情况")
    text = read_bytes(_save(document), "box.docx").text
    assert text.splitlines() == ["某局2023年政府信息公开工作年度报告", "见下框：", "一、总体情况",
                                 "本年度共主动公开政府信息120条。", "二、主动公开政府信息情况"]


def test_body_inside_a_layout_table_is_body_text_and_its_data_table_a_grid():
    import docx

    document = docx.Document()
    frame = document.add_table(rows=1, cols=1)
    cell = frame.cell(0, 0)
    cell.paragraphs[0].text = "某局2023年政府信息公开工作年度报告"
    cell.add_paragraph("一、总体情况")
    data = cell.add_table(rows=2, cols=2)
    for (r, c), text in {(0, 0): "信息内容", (0, 1): "本年制发件数", (1, 0): "规章", (1, 1): "3"}.items():
        data.cell(r, c).text = text
    cell.add_paragraph("二、主动公开政府信息情况")
    doc = read_bytes(_save(document), "frame.docx")
    assert doc.text.splitlines() == ["某局2023年政府信息公开工作年度报告", "一、总体情况",
                                     "信息内容\t本年制发件数", "规章\t3",
                                     "",  # Word keeps a paragraph after a table in a cell
                                     "二、主动公开政府信息情况"]
    assert len(doc.tables) == 1 and doc.tables[0].texts() == [["信息内容", "本年制发件数"], ["规章", "3"]]
    table = doc.tables[0]
    assert doc.text[table.start:table.end] == "信息内容\t本年制发件数\n规章\t3\n"


def test_row_starting_late_keeps_its_cells_in_their_columns():
    import docx

    document = docx.Document()
    table = document.add_table(rows=2, cols=3)
    for c, text in enumerate(("项目", "甲", "乙")):
        table.cell(0, c).text = text
    tr = table.rows[1]._tr
    tr.remove(tr.tc_lst[0])  # the second row has no first cell: <w:gridBefore w:val="1"/>
    tr_pr = tr.get_or_add_trPr()
    before = etree.SubElement(tr_pr, f"{{{W}}}gridBefore")
    before.set(f"{{{W}}}val", "1")
    tr.tc_lst[0].clear_content()
    tr.tc_lst[0].add_p().append(copy.deepcopy(etree.fromstring(f'<w:r xmlns:w="{W}"><w:t>5</w:t></w:r>')))
    tr.tc_lst[1].clear_content()
    tr.tc_lst[1].add_p().append(etree.fromstring(f'<w:r xmlns:w="{W}"><w:t>7</w:t></w:r>'))
    document.add_paragraph("某局2023年政府信息公开工作年度报告")
    grid = read_bytes(_save(document), "late.docx").tables[0].texts()
    assert grid == [["项目", "甲", "乙"], ["", "5", "7"]]


# ---------------------------------------------------------------- legacy Word (.doc/.wps)

def _legacy_doc(tmp_path, name: str = "pingtan_syq_2022.docx", to: str = "doc"):
    """A Word 97 .doc (or RTF) made from a corpus .docx by LibreOffice (skips when it is not installed)."""
    import shutil
    import subprocess

    soffice = shutil.which("soffice")
    if not soffice:
        pytest.skip("LibreOffice (Debian libreoffice-writer-nogui) is not installed")
    subprocess.run([soffice, "--headless", "--norestore", f"-env:UserInstallation={(tmp_path / 'p').as_uri()}",
                    "--convert-to", to, "--outdir", str(tmp_path), str(corpus_file(name))],
                   check=True, capture_output=True, timeout=180)
    return tmp_path / name.replace(".docx", f".{to}")


def test_legacy_doc_reads_like_the_docx_it_was_made_from(tmp_path):
    path = _legacy_doc(tmp_path)
    assert path.read_bytes().startswith(b"\xd0\xcf\x11\xe0")
    doc = read_path(path)
    original = read_path(corpus_file("pingtan_syq_2022.docx"))
    assert doc.format == "doc"
    assert doc.text == original.text
    assert [t.texts() for t in doc.tables] == [t.texts() for t in original.tables]
    rec = parse_path(path)
    assert rec.error is None and rec.source.format == "doc"
    assert rec.meta.agency == "平潭综合实验区" and rec.meta.year == 2022
    got = {k: v.value for k, v in rec.values.items()}
    gold = gold_of("pingtan_syq_2022.docx")["values"]
    assert len(gold) > 150 and {k: got.get(k) for k in gold} == gold


def test_wps_named_file_is_read_by_content(tmp_path):
    path = _legacy_doc(tmp_path)
    wps = path.with_suffix(".wps")
    path.rename(wps)
    doc = read_path(wps)
    assert doc.format == "doc"
    assert doc.tables[1].texts() == read_path(corpus_file("pingtan_syq_2022.docx")).tables[1].texts()


def test_rtf_is_converted_like_a_doc(tmp_path):
    path = _legacy_doc(tmp_path, to="rtf")
    assert path.read_bytes().startswith(b"{\\rtf")
    rec = parse_path(path)
    assert rec.error is None and rec.source.format == "doc"
    gold = gold_of("pingtan_syq_2022.docx")["values"]
    assert {k: rec.values[k].value for k in gold if k in rec.values} == gold


def test_antiword_gives_the_text_when_libreoffice_is_missing(tmp_path, monkeypatch):
    import shutil

    path = _legacy_doc(tmp_path)
    if not shutil.which("antiword"):
        pytest.skip("antiword (Debian antiword) is not installed")
    real_which = shutil.which
    monkeypatch.setattr(shutil, "which", lambda name: None if name in ("soffice", "libreoffice") else real_which(name))
    rec = parse_path(path)
    assert rec.error is None
    assert rec.meta.agency == "平潭综合实验区"
    assert [f.rule for f in rec.findings if f.rule.startswith("read.")] == ["read.doc_text_only"]
    assert "行政规范性文件\t88\t55\t698" in rec.text


def test_legacy_doc_without_a_converter_names_the_packages(tmp_path, monkeypatch):
    import shutil

    monkeypatch.setattr(shutil, "which", lambda name: None)
    f = tmp_path / "report.doc"
    f.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(600))
    rec = parse_path(f)
    assert rec.error["type"] == "ConverterMissing"
    assert str(f) in rec.error["message"]
    assert "libreoffice-writer-nogui" in rec.error["message"] and "antiword" in rec.error["message"]


def _sleeper(tmp_path):
    """A fake converter that starts a child and both sleep; the child's pid goes to a file."""
    import sys

    pid_file = tmp_path / "child.pid"
    fake = tmp_path / "soffice"
    fake.write_text(f"#!{sys.executable}\n"
                    "import subprocess, sys, time\n"
                    "child = subprocess.Popen([sys.executable, '-c', 'import time; time.sleep(60)'])\n"
                    f"open({str(pid_file)!r}, 'w').write(str(child.pid))\n"
                    "time.sleep(60)\n")
    fake.chmod(0o755)
    return fake, pid_file


def _assert_gone(pid_file) -> None:
    """The process whose pid is in the file has ended (or is a zombie awaiting its reaper)."""
    import os
    import time
    from pathlib import Path

    status = Path("/proc") / pid_file.read_text() / "status"
    for _ in range(50):
        try:
            if "State:\tZ" in status.read_text():
                return
        except FileNotFoundError:
            return
        time.sleep(0.1)
    os.kill(int(pid_file.read_text()), 9)
    pytest.fail("the converter's child process survived")


def test_hung_converter_is_stopped_at_the_time_limit(tmp_path, monkeypatch):
    """A converter that hangs is killed at the limit, with the child it started (soffice.bin)."""
    import time

    from pipeline.read import worddoc as worddoc
    fake, pid_file = _sleeper(tmp_path)
    monkeypatch.setattr(worddoc, "CONVERT_TIMEOUT_S", 2)
    t0 = time.monotonic()
    with pytest.raises(ReadError) as info:
        worddoc.convert_to_docx(b"{\\rtf1 x}", "slow.rtf", str(fake))
    assert time.monotonic() - t0 < 15
    assert info.value.kind == "ToolTimeout" and "slow.rtf" in str(info.value)
    _assert_gone(pid_file)


def test_converter_is_killed_when_the_batch_alarm_interrupts_it(tmp_path):
    """A batch worker's per-document alarm (workers.DocumentTimeout) does not leave the converter running."""
    import signal
    import time

    from pipeline.read.tools import run_tool
    from pipeline.batch.workers import DocumentTimeout, _on_alarm

    fake, pid_file = _sleeper(tmp_path)
    previous = signal.signal(signal.SIGALRM, _on_alarm)
    signal.setitimer(signal.ITIMER_REAL, 2)
    try:
        with pytest.raises(DocumentTimeout):
            run_tool([str(fake)], "slow.doc", 60, "LibreOffice")
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
    time.sleep(0.2)
    _assert_gone(pid_file)
