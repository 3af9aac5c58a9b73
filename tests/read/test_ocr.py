"""Scanned PDFs: real report pages rendered to images, read back by OCR (needs Tesseract)."""
from __future__ import annotations


import numpy as np
import pytest

from pipeline.read import ocr as ocr
from pipeline.core import build_record, parse_bytes
from pipeline.read import ocrsums
from pipeline.read.ocrcells import read_cells
from pipeline.read.ocrgrid import find_tables
from pipeline.read.ocrsums import check_totals
from pipeline.read import read_bytes
from conftest import corpus_file, gold_of
from pipeline.devtools.scans import scan_pdf

# The resolution office scanners use for documents.
SCAN_DPI = 200
# All six pages of huaian_szf_2024.pdf (tables 2–4 on pages 3–5).
SCANNED_PAGES = tuple(range(6))

needs_tesseract = pytest.mark.skipif(
    ocr.missing_ocr() is not None,
    reason=f"OCR tests need Tesseract: {ocr.MISSING_TESSERACT} (CI must install them for these to run)")


def scanned_pdf(name: str, pages: tuple[int, ...], dpi: int = SCAN_DPI) -> bytes:
    """Real report pages rendered to images and wrapped in a PDF with no text layer."""
    return scan_pdf(corpus_file(name).read_bytes(), pages, dpi)


@pytest.fixture(scope="module")
def scanned_tables():
    """huaian_szf_2024.pdf as a 200 dpi scan, read by OCR once for the module (~50 s)."""
    if ocr.missing_ocr():
        pytest.skip(f"OCR tests need Tesseract: {ocr.MISSING_TESSERACT} (CI must install them)")
    data = scanned_pdf("huaian_szf_2024.pdf", SCANNED_PAGES)
    return data, read_bytes(data, "scan.pdf")


def _page_image(name: str, index: int) -> np.ndarray:
    import pypdfium2 as pdfium

    return ocr.page_image(pdfium.PdfDocument(str(corpus_file(name)))[index])


# ---------------------------------------------------------------- ruled tables in an image (no OCR)

def test_rules_give_the_grid_and_merged_cells_of_table_3():
    boxes = find_tables(_page_image("huaian_szf_2024.pdf", 3))
    assert [(len(b.ys) - 1, len(b.xs) - 1) for b in boxes] == [(6, 2), (16, 10)]
    t3 = boxes[1].origins
    assert {t3[r][c] for r in range(3) for c in range(3)} == {(0, 0)}  # the 勾稽关系 note, 3x3
    assert t3[0][3:] == [(0, 3)] * 7  # 申请人情况 over all applicant columns
    assert t3[1][4:9] == [(1, 4)] * 5 and t3[2][4] != t3[1][4]  # 法人或其他组织 over five sub-columns
    assert t3[1][9] == t3[2][9]  # 总计 spans two header rows
    assert len({row[0] for row in t3[5:]}) == 1  # 三、本年度办理结果 runs down the page
    assert t3[3][0] == t3[3][2] and t3[3][3] != t3[3][2]  # 一、本年新收… spans the three label columns


def test_shaded_rows_and_body_text_are_not_rules():
    boxes = find_tables(_page_image("huaian_szf_2024.pdf", 2))
    assert [(len(b.ys) - 1, len(b.xs) - 1) for b in boxes] == [(8, 4)]


# ---------------------------------------------------------------- OCR

@needs_tesseract
def test_scanned_tables_come_back_with_their_identities(scanned_tables):
    data, doc = scanned_tables
    assert doc.format == "pdf" and len(doc.pages) == 6
    notes = {n.rule: n for n in doc.notes}
    assert "read.ocr" in notes and "平均置信度" in notes["read.ocr"].message
    t3 = [t for t in doc.tables if len(t.grid[0]) == 10][0]
    assert t3.page == 4 and set(t3.row_pages) == {4, 5}  # joined over the page break
    assert t3.texts()[3][3:] == ["3001", "53", "0", "0", "61", "4", "3119"]
    # T3-C on every data row of the scanned table 3: 总计 = the six applicant cells
    rows = [row for row in t3.texts() if all(c.isdigit() for c in row[3:])]
    assert len(rows) == 25
    bad = [row for row in rows if int(row[9]) != sum(int(c) for c in row[3:9])]
    flagged = [n.message for n in doc.notes if n.rule == "read.ocr_row_sum"]
    assert not bad or len(flagged) >= len(bad)
    # table 4: each group's 总计 = 维持 + 纠正 + 其他 + 未审结
    t4 = [t for t in doc.tables if len(t.grid[0]) == 15][0].texts()[-1]
    assert t4 == ["72", "64", "178", "37", "351", "13", "4", "8", "1", "26", "12", "1", "1", "6", "20"]


@needs_tesseract
def test_scanned_text_keeps_headings_and_table_numbers(scanned_tables):
    _, doc = scanned_tables
    text = doc.text
    for heading in ("二、主动公开政府信息情况", "三、收到和处理政府信息公开申请情况",
                    "四、政府信息公开行政复议、行政诉讼情况", "五、存在的主要问题及改进情况"):
        assert heading in text
    assert "\t3985758\n" in text and "行政事业性收费\t96171.6" in text  # table 2, 处罚 and 收费
    table = doc.tables[0]
    assert doc.text[table.start:table.end].splitlines()[1] == "信息内容\t本年制发件数\t本年废止件数\t现行有效件数"
    assert doc.page_of(text.index("三、收到和处理")) == 4


@needs_tesseract
def test_cells_carry_their_ocr_confidence(scanned_tables):
    _, doc = scanned_tables
    cells = [c for t in doc.tables for row in t.grid for c in row if c.text]
    assert all(c.confidence is not None and 0 <= c.confidence <= 100 for c in cells)


@needs_tesseract
def test_a_misread_digit_that_breaks_a_row_sum_is_read_again(tmp_path):
    """A cell whose first reading breaks its row's 总计 is read again alone, digits only."""
    from pipeline.record import Cell

    gray = _page_image("huaian_szf_2024.pdf", 4)
    box = find_tables(gray)[1]  # table 4
    reading = read_cells(gray, [box], "p5.png", tmp_path)[0]
    row = reading.grid[-1]
    assert [c.text for c in row][:5] == ["72", "64", "178", "37", "351"]
    row[1] = Cell(text="84", origin=row[1].origin, confidence=55.0)  # a 6 misread as 8
    reading.alternatives.clear()  # no other first reading to fall back on: the cell is read again
    notes = check_totals(reading, box, gray, "p5.png", tmp_path)
    assert row[1].text == "64"
    assert [n.rule for n in notes] == ["read.ocr_corrected"]


@needs_tesseract
def test_a_row_that_still_does_not_add_up_gets_a_finding_naming_it(tmp_path, monkeypatch):
    from pipeline.record import Cell

    gray = _page_image("huaian_szf_2024.pdf", 3)
    box = find_tables(gray)[1]  # table 3, first page
    reading = read_cells(gray, [box], "p4.png", tmp_path)[0]
    row = reading.grid[3]
    assert row[0].text.startswith("一、本年新收")
    row[9] = Cell(text="3120", origin=row[9].origin, confidence=60.0)
    reading.alternatives.clear()
    monkeypatch.setattr(ocrsums, "rereads", lambda *a: [])  # the second reading finds nothing better
    notes = check_totals(reading, box, gray, "p4.png", tmp_path)
    assert [n.rule for n in notes] == ["read.ocr_row_sum"]
    assert "一、本年新收政府信息公开申请数量" in notes[0].message and "3120" in notes[0].message


@needs_tesseract
def test_scanned_report_gives_the_values_of_the_original(scanned_tables):
    _, doc = scanned_tables
    rec = build_record(doc)
    gold = gold_of("huaian_szf_2024.pdf")
    assert rec.error is None
    assert (rec.meta.agency, rec.meta.year, rec.meta.era) == tuple(gold["meta"][k] for k in ("agency", "year", "era"))
    assert rec.meta.title == "淮安市人民政府2024年政府信息公开工作年度报告"
    assert [s.title for s in rec.sections] == gold["sections"]
    got = {k: v.value for k, v in rec.values.items()}
    assert {k: got.get(k) for k in gold["values"]} == gold["values"]
    assert any(f.rule == "read.ocr" for f in rec.findings)
    ocr_values = [v for k, v in rec.values.items() if k.startswith("t3.")]
    assert ocr_values and all(v.where.get("ocr_confidence") is not None for v in ocr_values)


def test_without_tesseract_the_error_names_the_packages(monkeypatch):
    monkeypatch.setattr(ocr, "missing_ocr", lambda: ocr.MISSING_TESSERACT)
    rec = parse_bytes(scanned_pdf("huaian_szf_2024.pdf", (0,), dpi=50), "scan.pdf")
    assert rec.error["type"] == "NoTextLayer"
    assert "tesseract-ocr" in rec.error["message"] and "tesseract-ocr-chi-sim" in rec.error["message"]
    assert "scan.pdf" in rec.error["message"]


@needs_tesseract
def test_a_scan_too_long_to_ocr_is_refused_before_reading(monkeypatch):
    monkeypatch.setattr(ocr, "MAX_OCR_PAGES", 1)
    rec = parse_bytes(scanned_pdf("huaian_szf_2024.pdf", (0, 1), dpi=50), "long-scan.pdf")
    assert rec.error["type"] == "TooLarge" and "OCR limit" in rec.error["message"]
