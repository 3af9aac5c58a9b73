"""Legacy Word files (.doc, Kingsoft .wps, RTF): converted by an installed tool, then read.

LibreOffice (Debian package libreoffice-writer-nogui) converts the file to .docx, which
`docxfile` reads with its tables; without it, antiword (Debian package antiword) gives
the text of a Word 97–2003 .doc, tables flattened. The file is written only inside a
temporary folder that is removed afterwards, and each conversion has a time limit.
"""
from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

import regex

from .base import ReadError, sha256_of
from ..record import Document, Finding
from .tools import run_tool

# LibreOffice starts in 3–8 s on this machine (2 cores) and converts a report in ~1 s;
# a file that takes longer than this is hung on a damaged stream or a dialog.
CONVERT_TIMEOUT_S = 120
# antiword reads a report in well under a second.
ANTIWORD_TIMEOUT_S = 30

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
RTF_MAGIC = b"{\\rtf"

# antiword draws a table row as "|cell   |cell   |"; it becomes tab-separated cells like other readers'.
_TABLE_ROW = regex.compile(r"^\|(.*)\|[ \t]*$", regex.M)

MISSING_TOOL = ("a legacy Word (.doc/.wps/.rtf) file needs a converter: install the Debian package "
                "libreoffice-writer-nogui (text and tables) or antiword (.doc text only)")


def read_legacy_word(data: bytes, path: str) -> Document:
    """Read a .doc/.wps/.rtf file through LibreOffice, else antiword, else raise a clear `ReadError`."""
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice:
        doc = _via_docx(convert_to_docx(data, path, soffice), path)
    elif shutil.which("antiword") and data.startswith(OLE_MAGIC):
        doc = _via_antiword(data, path)
    else:
        raise ReadError(path, MISSING_TOOL, "ConverterMissing")
    doc.format = "doc"
    doc.sha256, doc.size = sha256_of(data), len(data)
    return doc


def convert_to_docx(data: bytes, path: str, soffice: str) -> bytes:
    """The .docx LibreOffice makes of a legacy Word file (run headless, private profile, time-limited)."""
    suffix = Path(path).suffix.lower() if Path(path).suffix.lower() in (".doc", ".wps", ".rtf") else ".doc"
    with tempfile.TemporaryDirectory(prefix="xxgk-doc-") as tmp:
        source = Path(tmp) / f"input{suffix}"
        source.write_bytes(data)
        out_dir = Path(tmp) / "out"
        command = [soffice, "--headless", "--norestore", "--nologo", "--nolockcheck",
                   f"-env:UserInstallation={Path(tmp, 'profile').as_uri()}",
                   "--convert-to", "docx:MS Word 2007 XML", "--outdir", str(out_dir), str(source)]
        result = run_tool(command, path, CONVERT_TIMEOUT_S, "LibreOffice")
        converted = out_dir / "input.docx"
        if not converted.is_file():
            detail = (result.stderr or result.stdout).decode("utf-8", "replace").strip()[:200]
            raise ReadError(path, f"LibreOffice could not convert this Word file ({detail or 'no output'})",
                            "ConversionFailed")
        return converted.read_bytes()


def _via_docx(docx_bytes: bytes, path: str) -> Document:
    from .docx import read_docx

    return read_docx(docx_bytes, path)


def _via_antiword(data: bytes, path: str) -> Document:
    """Text of a Word 97–2003 file from antiword, with a note that tables were not rebuilt."""
    with tempfile.TemporaryDirectory(prefix="xxgk-doc-") as tmp:
        source = Path(tmp) / "input.doc"
        source.write_bytes(data)
        result = run_tool(["antiword", "-m", "UTF-8.txt", "-w", "0", str(source)], path, ANTIWORD_TIMEOUT_S,
                      "antiword")
    if result.returncode != 0:
        detail = result.stderr.decode("utf-8", "replace").strip()[:200]
        raise ReadError(path, f"antiword could not read this Word file ({detail})", "ConversionFailed")
    text = result.stdout.decode("utf-8", "replace").replace("\r\n", "\n")
    text = _TABLE_ROW.sub(lambda m: "\t".join(c.strip() for c in m.group(1).split("|")), text)
    note = Finding(rule="read.doc_text_only", severity="info",
                   message="用antiword读取.doc文本，表格未按单元格重建（安装libreoffice-writer-nogui可读取表格）")
    return Document(path=path, format="doc", text=text.strip("\n"), sha256="", size=0, notes=[note])
