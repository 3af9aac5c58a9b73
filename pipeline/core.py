"""The orchestrator: one document through read → segment → extract → validate.

`parse_path` and `parse_bytes` never raise for a bad document: they return a
`Record` with `error` set and whatever could be read (the batch boundary).
"""
from __future__ import annotations

from pathlib import Path
from typing import Optional

from .domain.hosts import host_of
from .domain.identity import PageEvidence, identify
from .extract import extract
from .text.meta import extract_meta
from .read import ReadError, read_bytes, read_path
from .record import Document, Finding, Meta, Record, Source, error_record
from .text.segment import segment
from .validate import validate


def build_record(doc: Document) -> Record:
    """Segment, extract and validate a document that has been read."""
    sections = segment(doc.text, doc.tables)
    meta = extract_meta(doc, sections)
    identity_notes = identify_agency(meta, doc)
    record = Record(
        id=doc.sha256[:16],
        source=Source(path=doc.path, sha256=doc.sha256, format=doc.format, url=doc.hints.url,
                      bytes=doc.size, encoding=doc.encoding),
        meta=meta, sections=sections, text=doc.text)
    record.findings = list(doc.notes) + identity_notes
    if not meta.not_a_report:  # a notice, list or empty page has no values to extract
        found = extract(doc, sections, meta)
        record.values, record.figures, record.appendix = found.values, found.figures, found.appendix
        record.findings += found.findings
    record.findings.extend(validate(record))
    return record


# Characters of the report's opening text searched for places printed before the agency's name
# ("桐乡市洲泉镇人民政府办公室" in a contact line); the labelled excerpts are ~2000 bytes of page.
IDENTITY_TEXT_CHARS = 2000


def identify_agency(meta: Meta, doc: Document) -> list[Finding]:
    """Fill the agency's identity fields of `meta` from its name and what the page says (byline,
    title, host, opening text); an organ left unplaced or read through a misprint gets a finding."""
    page = PageEvidence(byline=" ".join(filter(None, (meta.publisher, doc.hints.source_line))),
                        title=meta.title or "", host=host_of(doc.hints.url),
                        text=doc.text[:IDENTITY_TEXT_CHARS])
    ident = identify(meta.agency, page, meta.year)
    if ident is None:
        return []
    for name, value in ident.meta_fields().items():
        setattr(meta, name, value)
    if ident.code is None or " read as " in ident.resolution:
        return [Finding(rule="meta.agency_identity", severity="info",
                        message=f"{doc.path}: agency {meta.agency}: {ident.resolution}"
                        + (f" ({'; '.join(ident.candidates)})" if ident.candidates else ""))]
    return []


def parse_path(path: str | Path) -> Record:
    """Parse one file; never raises for a bad document."""
    path = str(path)
    try:
        return build_record(read_path(path))
    except ReadError as exc:
        return error_record(path, exc.kind, exc.problem, data=_bytes_or_none(path))
    except Exception as exc:  # the batch boundary: one bad file must not stop a run
        return error_record(path, type(exc).__name__, f"unexpected failure: {exc}", data=_bytes_or_none(path))


def parse_bytes(data: bytes, path: str, encoding: Optional[str] = None, url: Optional[str] = None) -> Record:
    """Parse a document held in memory (archive member, WARC record); never raises."""
    try:
        return build_record(read_bytes(data, path, declared_encoding=encoding, url=url))
    except ReadError as exc:
        return error_record(path, exc.kind, exc.problem, data=data, url=url)
    except Exception as exc:
        return error_record(path, type(exc).__name__, f"unexpected failure: {exc}", data=data, url=url)


def _bytes_or_none(path: str) -> Optional[bytes]:
    try:
        p = Path(path)
        return p.read_bytes() if p.is_file() and p.stat().st_size < 64 * 1024 * 1024 else None
    except OSError:
        return None
