"""Scans as an office makes them (issue 15): real report pages degraded by pipeline/devtools/scans.py.

The degradations tested (`OFFICE`): 200 dpi grey, a skew of 0.5–1.5° either way, Gaussian
blur 0.8 px, noise σ 8 grey levels, paper at grey 240, JPEG quality 70, and a red seal ring
(seen in grey) stamped over the last text line of the last page.
"""
from __future__ import annotations

import numpy as np
import pypdfium2 as pdfium
import pytest

from conftest import corpus_file, gold_of
from pipeline.core import build_record, parse_path
from pipeline.devtools.scans import OFFICE, Degradation, scan_pdf
from pipeline.read import read_bytes
from pipeline.read.ocr import MISSING_TESSERACT, missing_ocr, page_image
from pipeline.read import ocrsums
from pipeline.read.ocrcells import read_cells
from pipeline.read.ocrgrid import find_tables
from pipeline.read.ocrimage import clean_page, normalise, skew_angle
from pipeline.read.ocrplaces import restore_place_names
from pipeline.read.ocrsums import check_totals
from pipeline.read.ocrtext import snap_heading, snap_title
from pipeline.record import UNSETTLED_CONFIDENCE
from pipeline.read import read_path
from pipeline.validate import validate

TABLE_KEYS = ("t2.", "t3.", "t4.")
# The goal: at least this share of a scan's table cells right.
MIN_RIGHT_SHARE = 0.98
# A measured skew within this many degrees of the one applied.
SKEW_TOLERANCE = 0.1


def _scanned_pages(name: str, pages: tuple[int, ...], degradation=OFFICE, seed: int = 1) -> list[np.ndarray]:
    """Pages of a corpus PDF scanned, as OCR renders them (before `clean_page`)."""
    pdf = pdfium.PdfDocument(scan_pdf(corpus_file(name).read_bytes(), pages, degradation=degradation, seed=seed))
    return [page_image(pdf[i]) for i in range(len(pdf))]


def _grids(image: np.ndarray) -> list[list[list[tuple[int, int]]]]:
    return [box.origins for box in find_tables(image)]


@pytest.mark.parametrize("skew", [-1.5, -0.6, 1.0])
def test_the_skew_of_a_scanned_page_is_measured(skew):
    tilted = Degradation(skew=(skew, skew), either_way=False)
    image = normalise(_scanned_pages("huaian_szf_2024.pdf", (3,), tilted)[0])
    assert abs(skew_angle(image) - skew) < SKEW_TOLERANCE
    assert abs(skew_angle(clean_page(image))) < SKEW_TOLERANCE


@pytest.mark.parametrize("page", [2, 3, 4])
def test_a_degraded_page_gives_the_grid_of_the_clean_one(page):
    """Rules, their merged cells and all, found on the office scan as on a clean rendering
    (table 3's 25 and 0 of 重复申请 and 出版物 sit either side of a faint rule)."""
    clean = _grids(_scanned_pages("huaian_szf_2024.pdf", (page,), degradation=None)[0])
    scanned = _grids(clean_page(_scanned_pages("huaian_szf_2024.pdf", (page,), seed=page)[0]))
    assert scanned == clean and clean


def test_the_seal_is_no_table():
    """The last page with its seal ring and star over the signature: no ruled table found."""
    sealed = clean_page(_scanned_pages("pingtan_syq_2022.pdf", (4,))[0])
    plain = clean_page(_scanned_pages("pingtan_syq_2022.pdf", (4,), Degradation(seal=False))[0])
    assert (sealed < 160).sum() > (plain < 160).sum()  # the seal is there
    assert _grids(sealed) == _grids(plain)


def test_a_misread_city_is_put_right_from_its_other_mentions():
    """Tesseract read the title's 淮安市 as 准安市 in an office scan of huaian_szf_2024.pdf (the
    body's smaller print kept 淮安市): 准安市 is no division, 淮安市 is one slip away and named."""
    text = read_path(corpus_file("huaian_szf_2024.pdf")).text
    misread = text.replace("淮安市", "准安市", 1)
    assert restore_place_names(misread) == (text, [("准安市", "淮安市")])


def test_place_names_of_the_corpus_are_left_alone():
    from conftest import CORPUS

    for path in sorted(CORPUS.glob("*.*")):
        if path.suffix in {".txt", ".html", ".pdf", ".docx"}:
            text = read_path(path).text
            assert restore_place_names(text) == (text, []), path.name


@pytest.fixture(scope="module")
def office_scan():
    """huaian_szf_2024.pdf scanned as an office does, all six pages, read by OCR (~60 s)."""
    if missing_ocr():
        pytest.skip(f"OCR tests need Tesseract: {MISSING_TESSERACT} (CI must install them)")
    return build_record(read_bytes(scan_pdf(corpus_file("huaian_szf_2024.pdf").read_bytes(), degradation=OFFICE,
                                            seed=15), "office-scan.pdf"))


def test_an_office_scan_gives_the_gold_table_cells(office_scan):
    gold = gold_of("huaian_szf_2024.pdf")
    flagged = {k for f in office_scan.findings if f.severity in ("warning", "error") for k in f.keys}
    cells = {k: v for k, v in gold["values"].items() if k.startswith(TABLE_KEYS)}
    got = {k: office_scan.values[k].value if k in office_scan.values else None for k in cells}
    right = [k for k in cells if got[k] is not None and float(got[k]) == float(cells[k])]
    silently_wrong = [k for k in cells if k not in right and got[k] is not None and k not in flagged]
    assert len(right) >= MIN_RIGHT_SHARE * len(cells)
    assert silently_wrong == []


def test_an_office_scan_gives_agency_year_and_sections(office_scan):
    gold = gold_of("huaian_szf_2024.pdf")
    assert (office_scan.meta.agency, office_scan.meta.year) == (gold["meta"]["agency"], gold["meta"]["year"])
    assert [s.title for s in office_scan.sections] == gold["sections"]


def test_a_number_read_two_ways_is_settled_by_a_vote_or_marked(tmp_path, monkeypatch):
    """Table 2 has no sums: a cell read as 11 and as 1 (huaian_szf_2024.pdf's 规章 现行有效件数 in
    an office scan) keeps the reading most passes give; with no majority it is marked unsettled."""
    if missing_ocr():
        pytest.skip(MISSING_TESSERACT)
    image = clean_page(_scanned_pages("huaian_szf_2024.pdf", (2,), degradation=None)[0])
    box = find_tables(image)[0]
    reading = read_cells(image, [box], "p3.png", tmp_path)[0]
    cell = next(c for row in reading.grid if row[0].text == "规章" for c in row[3:])
    assert cell.text == "11"
    reading.alternatives[cell.origin] = ["1", "11"]
    cell.text = "1"
    check_totals(reading, box, image, "p3.png", tmp_path)  # read again: 11 has the majority
    assert cell.text == "11" and cell.confidence != UNSETTLED_CONFIDENCE
    monkeypatch.setattr(ocrsums, "rereads", lambda *a: ["17"])
    check_totals(reading, box, image, "p3.png", tmp_path)
    assert cell.confidence == UNSETTLED_CONFIDENCE


def test_an_unsettled_number_is_named_by_a_finding():
    rec = parse_path(corpus_file("huaian_szf_2024.pdf"))
    rec.values["t2.rules.in_force"].where["ocr_confidence"] = UNSETTLED_CONFIDENCE
    found = [f for f in validate(rec) if f.rule == "read.ocr_unsettled"]
    assert [f.keys for f in found] == [["t2.rules.in_force"]]


def test_template_headings_and_title_words_misread_are_put_right():
    """Tesseract read pingtan_syq_2022.pdf's 一、总体情况 as 一、扣体情况 and its title's 年度报告 as
    年度报后 (office scan); the template's wording restores them, and leaves correct lines alone."""
    text = read_path(corpus_file("pingtan_syq_2022.pdf")).text
    lines = text.splitlines()
    assert [snap_heading(line) for line in lines] == lines
    assert snap_heading("一、扣体情况") == "一、总体情况"
    assert snap_title(text) == text
    title_end = text.index("度报告") + 2
    assert snap_title(text[:title_end] + "后" + text[title_end + 1:]) == text
