"""Read stage: bytes of a file (any supported format) → `Document`.

Dispatches on the content first and the file name second, decodes text itself
(domain.md §4.3: gb2312/gbk are read as gb18030), and raises `ReadError` naming
the file and the problem when a document cannot be read.
"""
from __future__ import annotations

from pathlib import Path
from typing import Callable, Optional

import regex

from ..record import Document
from .base import MAX_BYTES, SUPPORTED_SUFFIXES, ReadError, sha256_of
from .decode import decode
from .plaintext import read_text

__all__ = ["MAX_BYTES", "SUPPORTED_SUFFIXES", "ReadError", "decode", "read_bytes", "read_path", "read_text",
           "sha256_of", "sniff_format"]


def read_path(path: str | Path) -> Document:
    """Read one file into a `Document`."""
    p = Path(path)
    if not p.exists():
        raise ReadError(str(p), "no such file", "FileNotFound")
    if p.is_dir():
        raise ReadError(str(p), "is a folder, not a document", "NotAFile")
    size = p.stat().st_size
    if size > MAX_BYTES:
        raise ReadError(str(p), f"file is {size / 1e6:.1f} MB, over the {MAX_BYTES / 1e6:.0f} MB limit",
                        "TooLarge")
    try:
        data = p.read_bytes()
    except OSError as exc:
        raise ReadError(str(p), f"file cannot be read ({exc.strerror or exc})", "Unreadable") from None
    return read_bytes(data, str(p))


def read_bytes(data: bytes, path: str, declared_encoding: Optional[str] = None,
               url: Optional[str] = None) -> Document:
    """Read a document held in memory; `declared_encoding` is an HTTP charset if known."""
    if not data.strip():
        raise ReadError(path, "file is empty", "EmptyDocument")
    if len(data) > MAX_BYTES:
        raise ReadError(path, f"document is {len(data) / 1e6:.1f} MB, over the limit", "TooLarge")
    fmt = sniff_format(data, path)
    reader = _READERS[fmt]
    doc = reader(data, path, declared_encoding)
    if url and not doc.hints.url:
        doc.hints.url = url
    if not doc.text.strip():
        raise ReadError(path, f"no text found in this {fmt} document", "EmptyDocument")
    return doc


def sniff_format(data: bytes, path: str) -> str:
    """The document's format from its leading bytes, then its file name."""
    head = data[:2048].lstrip()
    if head.startswith(b"%PDF"):
        return "pdf"
    if head.startswith(b"PK\x03\x04"):
        if path.lower().endswith(".docx") or b"word/" in data[:4096]:
            return "docx"
        raise ReadError(path, "a zip archive, not a report document", "UnsupportedFormat")
    if head.startswith(b"\xd0\xcf\x11\xe0") or head.startswith(b"{\\rtf"):
        return "doc"
    suffix = Path(path).suffix.lower()
    if suffix == ".pdf":
        raise ReadError(path, "named .pdf but does not start with %PDF (truncated or not a PDF)",
                        "CorruptPDF")
    if _looks_binary(data):
        raise ReadError(path, f"binary content in a {suffix or 'text'} file", "BinaryContent")
    lowered = head[:1024].lower()
    if suffix in (".html", ".htm", ".shtml", ".xhtml") or regex.search(
            rb"<(?:!doctype html|html|head|body|p|div|table)[\s>]", lowered):
        return "html"
    return "txt"


_CONTROL_BYTES = bytes(b for b in range(32) if b < 9 or 13 < b)


def _looks_binary(data: bytes) -> bool:
    """True when the leading bytes hold NULs or many control characters."""
    sample = data[:8192]
    if b"\x00" in sample and not (sample.startswith(b"\xff\xfe") or sample.startswith(b"\xfe\xff")):
        return True
    controls = len(sample) - len(sample.translate(None, _CONTROL_BYTES))
    return controls > len(sample) * 0.05


def _read_html(data: bytes, path: str, declared: Optional[str] = None) -> Document:
    from .html import read_html

    return read_html(data, path, declared)


def _read_pdf(data: bytes, path: str, declared: Optional[str] = None) -> Document:
    from .pdf import read_pdf

    return read_pdf(data, path)


def _read_docx(data: bytes, path: str, declared: Optional[str] = None) -> Document:
    from .docx import read_docx

    return read_docx(data, path)


def _read_doc(data: bytes, path: str, declared: Optional[str] = None) -> Document:
    from .worddoc import read_legacy_word

    return read_legacy_word(data, path)


_READERS: dict[str, Callable[[bytes, str, Optional[str]], Document]] = {
    "txt": read_text, "html": _read_html, "pdf": _read_pdf, "docx": _read_docx,
    "doc": _read_doc,
}
