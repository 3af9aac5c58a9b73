"""PDF text layer (pypdfium2): page text without page footers, with CJK spacing repaired.

Line breaks are kept (headings and table rows sit on their own lines); the spaces
PDF extraction puts between digits and CJK ("2024 年") are removed. Tables are
rebuilt from the ruling of the pages that hold table anchors (see `pdftables`).
"""
from __future__ import annotations

import regex

from .pdftables import read_pdf_tables
from .base import ReadError, sha256_of
from ..record import Document

# Page footers/headers: "- 1 -", "— 2 —", "第 3 页", "3 / 6", a bare page number.
_FOOTER = regex.compile(r"^\s*(?:[-—–－]\s*\d{1,3}\s*[-—–－]|第\s*\d{1,3}\s*页(?:\s*[,，/]?\s*共\s*\d{1,3}\s*页)?"
                        r"|\d{1,3}\s*/\s*\d{1,3}|\d{1,3})\s*$")
_CJK = r"\p{Han}，。、；：（）《》“”！？"
# A space between CJK and a number whose other side is CJK (or %), e.g. "共 95 个", "2024 年".
_SPACE_BEFORE_NUM = regex.compile(rf"(?<=[{_CJK}])[ \t\u00a0]+(?=\d[\d.,]*[ \t\u00a0]*(?:[{_CJK}%％]|$))", regex.M)
_SPACE_AFTER_NUM = regex.compile(rf"(?<=(?:^|[{_CJK}])[ \t\u00a0]*\d[\d.,]*)[ \t\u00a0]+(?=[{_CJK}%％])", regex.M)
_SPACE_AFTER_NUM_LINESTART = regex.compile(rf"(?<=^\d[\d.,]*)[ \t\u00a0]+(?=[{_CJK}%％])", regex.M)

# Fewer characters than this per page on average means there is no usable text layer.
MIN_CHARS_PER_PAGE = 20


def read_pdf(data: bytes, path: str) -> Document:
    """Read a PDF's text layer page by page."""
    import pypdfium2 as pdfium

    try:
        pdf = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        raise ReadError(path, f"cannot open the PDF ({exc}); truncated or damaged", "CorruptPDF") from None
    loaded: list[tuple[object, object]] = []
    try:
        for i in range(len(pdf)):
            page = pdf[i]
            loaded.append((page, page.get_textpage()))
        return _document(data, path, loaded)
    except pdfium.PdfiumError as exc:
        raise ReadError(path, f"cannot read the PDF's pages ({exc})", "CorruptPDF") from None
    finally:
        for page, textpage in loaded:
            textpage.close()
            page.close()
        pdf.close()


def _document(data: bytes, path: str, loaded: list[tuple[object, object]]) -> Document:
    """The Document of a PDF whose pages are open: text layer, page spans and table grids
    (read from the same open pages), or OCR when there is no text layer."""
    pages = [textpage.get_text_range() for _, textpage in loaded]
    if not pages:
        raise ReadError(path, "the PDF has no pages", "CorruptPDF")
    cleaned = [clean_page(p) for p in pages]
    if sum(len(regex.sub(r"\s", "", p)) for p in cleaned) < MIN_CHARS_PER_PAGE * len(cleaned):
        from . import ocr

        problem = ocr.missing_ocr()
        if problem:
            raise ReadError(path, f"the PDF has no text layer ({len(pages)} pages of images?); it needs OCR: "
                                  f"{problem}", "NoTextLayer")
        return ocr.ocr_pdf(data, path)
    text, spans = "", []
    for page_text in cleaned:
        start = len(text)
        text += page_text + "\n"
        spans.append((start, len(text)))
    tables = read_pdf_tables(loaded, cleaned, [start for start, _ in spans])
    return Document(path=path, format="pdf", text=text.rstrip("\n"), sha256=sha256_of(data),
                    size=len(data), encoding=None, pages=spans, tables=tables)


def clean_page(raw: str) -> str:
    """One page's text: unified newlines, no footer lines, no digit–CJK gaps."""
    raw = raw.replace("\r\n", "\n").replace("\r", "\n").replace("\ufffe", "").replace("\x02", "")
    lines = [ln.rstrip() for ln in raw.split("\n")]
    while lines and not lines[0].strip():
        lines.pop(0)
    while lines and not lines[-1].strip():
        lines.pop()
    for idx in (0, -1):
        if lines and _FOOTER.match(lines[idx]):
            lines.pop(idx)
    text = "\n".join(lines)
    text = _SPACE_BEFORE_NUM.sub("", text)
    text = _SPACE_AFTER_NUM.sub("", text)
    return _SPACE_AFTER_NUM_LINESTART.sub("", text)
