"""Read stage: bytes of a file (any supported format) → `Document`.

Dispatches on the content first and the file name second, decodes text itself
(domain.md §4.3: gb2312/gbk are read as gb18030), and raises `ReadError` naming
the file and the problem when a document cannot be read.
"""
from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Callable, Optional

import regex

from .furniture import normalise_date, strip_furniture
from .record import Document, Finding, PageHints

SUPPORTED_SUFFIXES = {".txt", ".text", ".html", ".htm", ".shtml", ".xhtml", ".pdf", ".docx",
                      ".doc", ".wps", ".rtf"}

# Larger inputs are refused rather than parsed: the biggest real report seen is a
# few MB (a 10-page PDF is 0.3 MB); 50 MB is a scanned bundle or a wrong file.
MAX_BYTES = 40 * 1024 * 1024


class ReadError(Exception):
    """A document that cannot be read; the message names the file and the problem."""

    def __init__(self, path: str, problem: str, kind: str = "ReadError"):
        super().__init__(f"{path}: {problem}")
        self.path = path
        self.problem = problem
        self.kind = kind


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
    return read_bytes(p.read_bytes(), str(p))


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


def sha256_of(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


# ---------------------------------------------------------------- decoding

# A page in one codec with at most this many damaged bytes (or one per this many bytes, when
# more) is read in that codec with replacement characters, not re-guessed: the fuzz test's
# truncated and byte-flipped real pages (tests/test_fuzz.py) damage 1–130 bytes of 10–250 KB.
MAX_DAMAGED_BYTES = 8
DAMAGED_BYTES_PER = 500

_CHARSET_ALIASES = {"gb2312": "gb18030", "gbk": "gb18030", "x-gbk": "gb18030", "cp936": "gb18030",
                    "gb_2312-80": "gb18030", "csgb2312": "gb18030", "utf8": "utf-8",
                    "hz-gb-2312": "gb18030"}


def canonical_charset(name: Optional[str]) -> Optional[str]:
    """Map a declared charset to the codec we decode with (gb2312/gbk → gb18030)."""
    if not name:
        return None
    name = name.strip().strip("\"'").lower()
    return _CHARSET_ALIASES.get(name, name)


def decode(data: bytes, path: str, declared: Optional[str] = None,
           notes: Optional[list[Finding]] = None) -> tuple[str, str]:
    """Decode bytes: BOM, the declared charset, UTF-8, then charset-normalizer.

    A page that is one codec but for a few damaged bytes (cut mid-character, a flipped byte)
    is decoded with U+FFFD in their place and a finding appended to `notes`.
    """
    for bom, codec in ((b"\xef\xbb\xbf", "utf-8-sig"), (b"\xff\xfe", "utf-16"), (b"\xfe\xff", "utf-16")):
        if data.startswith(bom):
            return data.decode(codec, errors="replace"), codec.replace("-sig", "")
    declared_codec = canonical_charset(declared)
    if declared_codec == "gb18030" and not data.isascii() and _is_utf8(data):
        # gb18030 decodes almost any bytes, so a UTF-8 page mislabelled gb2312 would turn into
        # mojibake ("闂備礁…", domain.md §4.3); valid multi-byte UTF-8 is never real GBK text.
        return data.decode("utf-8"), "utf-8"
    candidates = [c for c in dict.fromkeys((declared_codec, "utf-8")) if c]
    for codec in candidates:
        try:
            return data.decode(codec), codec
        except (UnicodeDecodeError, LookupError):
            continue
    for codec in candidates:
        try:
            text = data.decode(codec, errors="replace")
        except LookupError:
            continue
        damaged = text.count("\ufffd")
        if damaged <= max(MAX_DAMAGED_BYTES, len(data) // DAMAGED_BYTES_PER):
            if notes is not None:
                notes.append(Finding(rule="read.undecodable_bytes", severity="warning",
                                     message=f"{path}: {damaged} 处字节无法按 {codec} 解码，已以 U+FFFD 代替"))
            return text, codec
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is not None:
        codec = canonical_charset(best.encoding) or best.encoding
        try:
            return data.decode(codec), codec
        except (UnicodeDecodeError, LookupError):
            pass
    try:
        return data.decode("gb18030"), "gb18030"
    except UnicodeDecodeError:
        raise ReadError(path, "cannot decode the text (not UTF-8, GB18030 or a detectable charset)",
                        "DecodeError") from None


def _is_utf8(data: bytes) -> bool:
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


# ---------------------------------------------------------------- plain text

_DUMP_HEADER = regex.compile(r"^(标题|发布时间|发布日期|文号|发布机构|栏目|原文链接|本地目录|索引号|来源)\s*[:：]\s*(.*)$")
_DUMP_BODY_MARK = regex.compile(r"^=+\s*正文\s*=+\s*$", regex.M)


def read_text(data: bytes, path: str, declared: Optional[str] = None) -> Document:
    """A plain-text report, or a crawler dump (header block, '==== 正文 ====', body)."""
    notes: list[Finding] = []
    text, encoding = decode(data, path, declared, notes)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    hints = PageHints()
    mark = _DUMP_BODY_MARK.search(text)
    if mark:
        for line in text[:mark.start()].splitlines():
            m = _DUMP_HEADER.match(line.strip())
            if not m or not m.group(2).strip():
                continue
            key, val = m.group(1), m.group(2).strip()
            if key == "标题":
                hints.title = val
            elif key in ("发布时间", "发布日期"):
                hints.published = normalise_date(val)
            elif key == "原文链接":
                hints.url = val
            elif key == "发布机构":
                hints.publisher = val
        text = text[mark.end():]
    body, found = strip_furniture(text)
    hints.published = hints.published or found.published
    hints.source_line = found.source_line
    return Document(path=path, format="txt", text=body, sha256=sha256_of(data), size=len(data),
                    encoding=encoding, hints=hints, notes=notes)


def _read_html(data: bytes, path: str, declared: Optional[str] = None) -> Document:
    from .htmlpage import read_html

    return read_html(data, path, declared)


def _read_pdf(data: bytes, path: str, declared: Optional[str] = None) -> Document:
    from .pdftext import read_pdf

    return read_pdf(data, path)


def _read_docx(data: bytes, path: str, declared: Optional[str] = None) -> Document:
    from .docxfile import read_docx

    return read_docx(data, path)


def _read_doc(data: bytes, path: str, declared: Optional[str] = None) -> Document:
    from .worddoc import read_legacy_word

    return read_legacy_word(data, path)


_READERS: dict[str, Callable[[bytes, str, Optional[str]], Document]] = {
    "txt": read_text, "html": _read_html, "pdf": _read_pdf, "docx": _read_docx,
    "doc": _read_doc,
}
