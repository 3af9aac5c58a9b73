"""WARC archives as input: each archived document (an HTML page, PDF or Word response) is a report.

`xxgk scrape` writes these archives; `xxgk parse` reads them here. A record's
target URI becomes `source.url` (the address the page names for itself, when it differs, is
kept as `meta.canonical_url`), its HTTP charset is honoured when decoding, and
`source.format` says "warc-record" with the document's own format in
`source.inner_format`.
"""
from __future__ import annotations

import gzip
from pathlib import Path, PurePosixPath
from typing import Iterator, Optional
from urllib.parse import urlsplit

from ..read.base import SUPPORTED_SUFFIXES
from ..read.decode import http_charset
from ..record import Record, error_record

WARC_FORMAT = "warc-record"

# Responses that are page furniture, never a report: skipped without a record.
_NOT_DOCUMENTS = ("image/", "audio/", "video/", "font/", "text/css", "text/javascript",
                  "application/javascript", "application/x-javascript")
# File name suffix for a content type, when the URL's own name has no usable suffix.
_SUFFIX_OF_TYPE = {"text/html": ".html", "application/xhtml+xml": ".html", "text/plain": ".txt",
                   "application/pdf": ".pdf", "application/msword": ".doc",
                   "application/vnd.openxmlformats-officedocument.wordprocessingml.document": ".docx"}


def parse_warc(path: str | Path) -> Iterator[Record]:
    """One record per archived document (2xx response, not page furniture) of a WARC file.

    A WARC that cannot be opened, or breaks off part-way, adds one error record naming
    the file and the offset; the documents read before the break are kept.
    """
    path = str(path)
    offset = 0
    if not Path(path).is_file():
        yield error_record(path, "FileNotFound", "no such file")
        return
    if not _starts_like_warc(path):
        yield error_record(path, "CorruptWARC", "not a WARC file (it does not start with a WARC/1.x header)")
        return
    from warcio.archiveiterator import ArchiveIterator  # with fsspec, asyncio: ~0.07 s, for WARCs only
    from warcio.exceptions import ArchiveLoadFailed

    from ..core import parse_bytes  # the parse stages: imported where documents are parsed (batch docstring)

    found = 0
    try:
        with open(path, "rb") as fh:
            records = ArchiveIterator(fh)
            for rec in records:
                if rec.rec_type != "response" or rec.http_headers is None:
                    continue
                status = rec.http_headers.get_statuscode() or ""
                ctype = (rec.http_headers.get_header("Content-Type") or "").strip()
                if not status.startswith("2") or ctype.lower().startswith(_NOT_DOCUMENTS):
                    continue
                url = rec.rec_headers.get_header("WARC-Target-URI")
                data = rec.content_stream().read()
                offset = records.get_record_offset()  # only after reading: asking first skips the payload
                member = member_path(path, offset, url, ctype)
                declared = rec.http_headers.get_header("Content-Length") or ""
                if declared.isdigit() and len(data) < int(declared):
                    yield error_record(member, "TruncatedRecord", f"the archive breaks off: {len(data)} of "
                                       f"{declared} bytes of {url}", data=data, url=url)
                    continue
                record = parse_bytes(data, member, encoding=http_charset(ctype), url=url)
                declared = record.source.url  # the page's own address if it names one, else `url`
                if declared != url:
                    record.meta.canonical_url = declared
                record.source.url = url
                record.source.inner_format = record.source.format
                record.source.format = WARC_FORMAT
                found += 1
                yield record
    except (ArchiveLoadFailed, OSError, EOFError, ValueError) as exc:
        yield error_record(path, "CorruptWARC", f"unreadable WARC after byte {offset}: {exc}")
        return
    if not found:
        yield error_record(path, "EmptyArchive", "the WARC holds no archived document (no 2xx page, PDF or Word "
                           "response)")


def _starts_like_warc(path: str) -> bool:
    """True when the file (gunzipped if gzip) begins with a WARC version line."""
    try:
        with open(path, "rb") as fh:
            head = fh.read(2)
        opener = gzip.open if head == b"\x1f\x8b" else open
        with opener(path, "rb") as fh:
            return fh.read(5) == b"WARC/"
    except (OSError, EOFError):
        return False


def member_path(warc_path: str, offset: int, url: Optional[str], content_type: str) -> str:
    """`<warc>#<offset>/<name>`: where the record sits, with a name whose suffix tells its format."""
    name = PurePosixPath(urlsplit(url or "").path).name
    if PurePosixPath(name).suffix.lower() not in SUPPORTED_SUFFIXES | {".doc", ".wps"}:
        mime = content_type.split(";")[0].strip().lower()
        name = "document" + _SUFFIX_OF_TYPE.get(mime, "")
    return f"{warc_path}#{offset}/{name}"
