"""Zip bundles of reports: every member a document, read in memory, one record each.

Members are never written to disk. A bundle is refused as a whole when it has too
many members or is not a readable zip; a member is refused (with an error record
naming `bundle.zip!member`) when its name is unsafe (absolute, drive letter, `..`),
it is encrypted, or it would inflate past the size or compression-ratio caps, so a
zip bomb stops at the first member that crosses a cap. Zips inside a bundle are
read the same way, to a limited depth. Member names written without the UTF-8 flag
(zip flag bit 11) are GBK from Chinese Windows tools and decode as gb18030.
"""
from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Iterator

from ..read.base import MAX_BYTES, SUPPORTED_SUFFIXES, ReadError
from ..record import Record, error_record

ARCHIVE_SUFFIXES = {".zip"}

# A bundle of one agency's reports over a decade, or of every department of a county for a
# year, holds tens to a few hundred files; thousands of entries is a crafted archive.
MAX_MEMBERS = 2000
# One member is one document: the read stage's own size limit applies.
MAX_MEMBER_BYTES = MAX_BYTES
# All members together (nested zips included) may inflate to this much.
MAX_TOTAL_BYTES = 512 * 1024 * 1024
# The most compressible real report in corpus/ (pingtan_syq_2022.html, zip -9) inflates
# 13.8×; zip bombs inflate 1000× and more. Checked once a member passes RATIO_FLOOR bytes,
# since a small file cannot be a bomb whatever its ratio.
MAX_RATIO = 100
RATIO_FLOOR = 1024 * 1024
# bundle.zip!inner.zip!report.pdf is read; one more level of zips is refused.
MAX_DEPTH = 2
# The largest bundle file read from disk (the members' caps apply after).
MAX_ARCHIVE_BYTES = 256 * 1024 * 1024

# Entries that archivers add and that are not documents.
_SYSTEM_ENTRIES = ("__MACOSX/", ".DS_Store", "Thumbs.db", "desktop.ini")
_UTF8_FLAG = 0x800
_ENCRYPTED_FLAG = 0x1
_CHUNK = 1024 * 1024


class ArchiveError(ReadError):
    """A bundle or one of its members that is refused; the message names which and why."""


@dataclass
class _Budget:
    """Bytes that the members of one bundle may still inflate to."""

    left: int


def is_archive(path: str | Path) -> bool:
    """True for a file that `parse_archive` reads (by its name)."""
    return Path(path).suffix.lower() in ARCHIVE_SUFFIXES


def parse_archive(path: str | Path) -> Iterator[Record]:
    """One record per document in the bundle at `path`; an error record for each refused member."""
    path = str(path)
    p = Path(path)
    try:
        if not p.is_file():
            raise ArchiveError(path, "no such file", "FileNotFound")
        size = p.stat().st_size
        if size > MAX_ARCHIVE_BYTES:
            raise ArchiveError(path, f"archive is {size / 1e6:.1f} MB, over the "
                                     f"{MAX_ARCHIVE_BYTES / 1e6:.0f} MB limit", "TooLarge")
        data = p.read_bytes()
    except ReadError as exc:
        yield error_record(path, exc.kind, exc.problem)
        return
    yield from parse_archive_bytes(data, path)


def parse_archive_bytes(data: bytes, name: str, depth: int = 1,
                        budget: _Budget | None = None) -> Iterator[Record]:
    """Records of the members of a zip held in memory; `name` prefixes member paths (`name!member`)."""
    from ..core import parse_bytes  # the parse stages: imported where documents are parsed (batch docstring)

    budget = budget or _Budget(MAX_TOTAL_BYTES)
    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
        infos = [i for i in zf.infolist() if not i.is_dir() and not _is_system_entry(member_name(i))]
        if len(infos) > MAX_MEMBERS:
            raise ArchiveError(name, f"archive lists {len(infos)} files, over the limit of {MAX_MEMBERS}",
                               "TooManyMembers")
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, EOFError) as exc:
        yield error_record(name, "CorruptArchive", f"not a readable zip archive ({exc})", data=data)
        return
    except ReadError as exc:
        yield error_record(name, exc.kind, exc.problem, data=data)
        return
    if is_word_package(zf):  # a .docx saved under a .zip name is a document, not a bundle
        zf.close()
        yield parse_bytes(data, name)
        return
    if not infos:
        zf.close()
        yield error_record(name, "EmptyArchive", "the zip archive holds no files", data=data)
        return
    with zf:
        for info in infos:
            member_path = f"{name}!{member_name(info)}"
            try:
                safe = safe_member_name(info, name)
                member_path = f"{name}!{safe}"
                suffix = PurePosixPath(safe).suffix.lower()
                if suffix not in SUPPORTED_SUFFIXES and suffix not in ARCHIVE_SUFFIXES:
                    raise ArchiveError(member_path, f"not a report document ({suffix or 'no extension'})",
                                       "UnsupportedMember")
                if suffix in ARCHIVE_SUFFIXES and depth >= MAX_DEPTH:
                    raise ArchiveError(member_path, f"zip nested deeper than {MAX_DEPTH} levels", "NestedTooDeep")
                content = read_member(zf, info, member_path, budget)
            except ReadError as exc:
                yield error_record(member_path, exc.kind, exc.problem)
                continue
            except (zipfile.BadZipFile, OSError, EOFError, RuntimeError, NotImplementedError) as exc:
                yield error_record(member_path, "CorruptArchive", f"cannot inflate this member ({exc})")
                continue
            if suffix in ARCHIVE_SUFFIXES:
                yield from parse_archive_bytes(content, member_path, depth + 1, budget)
            else:
                yield parse_bytes(content, member_path)


def is_word_package(zf: zipfile.ZipFile) -> bool:
    """True for a Word .docx package (its parts, not documents, are the zip's members)."""
    names = set(zf.namelist())
    return "[Content_Types].xml" in names and "word/document.xml" in names


def member_name(info: zipfile.ZipInfo) -> str:
    """A member's name as its author wrote it: UTF-8 when flagged, else GBK (read as gb18030)."""
    if info.flag_bits & _UTF8_FLAG:
        return info.filename
    raw = info.orig_filename.encode("cp437")
    try:
        return raw.decode("utf-8")  # some tools write UTF-8 names without setting the flag
    except UnicodeDecodeError:
        return raw.decode("gb18030", errors="replace")


def safe_member_name(info: zipfile.ZipInfo, archive: str) -> str:
    """The member's relative path, or `ArchiveError` when it is absolute or climbs out with `..`."""
    name = member_name(info).replace("\\", "/")
    parts = [p for p in name.split("/") if p not in ("", ".")]
    if name.startswith("/") or (len(name) > 1 and name[1] == ":") or ".." in parts or not parts:
        raise ArchiveError(f"{archive}!{name}", "unsafe member path (absolute or with '..'); refused",
                           "UnsafePath")
    return "/".join(parts)


def read_member(zf: zipfile.ZipFile, info: zipfile.ZipInfo, member_path: str, budget: _Budget) -> bytes:
    """A member's bytes, inflated in chunks and stopped as soon as a cap is crossed."""
    if info.flag_bits & _ENCRYPTED_FLAG:
        raise ArchiveError(member_path, "member is password-protected", "EncryptedMember")
    declared = info.file_size
    _check_size(declared, info.compress_size, member_path, budget, "declares")
    chunks, total = [], 0
    with zf.open(info) as fh:
        while chunk := fh.read(_CHUNK):
            total += len(chunk)
            _check_size(total, info.compress_size, member_path, budget, "inflates to")
            chunks.append(chunk)
    budget.left -= total
    return b"".join(chunks)


def _check_size(size: int, packed: int, member_path: str, budget: _Budget, verb: str) -> None:
    """Raise `ArchiveError` (kind ZipBomb) when `size` crosses a member, total or ratio cap."""
    if size > MAX_MEMBER_BYTES:
        problem = f"member {verb} {size / 1e6:.1f} MB, over the {MAX_MEMBER_BYTES / 1e6:.0f} MB limit"
    elif size > budget.left:
        problem = f"archive inflates past {MAX_TOTAL_BYTES / 1e6:.0f} MB in total"
    elif size > RATIO_FLOOR and size > MAX_RATIO * max(packed, 1):
        problem = (f"member {verb} {size / max(packed, 1):.0f}× its compressed size "
                   f"(limit {MAX_RATIO}×): a zip bomb?")
    else:
        return
    raise ArchiveError(member_path, f"refused: {problem}", "ZipBomb")


def _is_system_entry(name: str) -> bool:
    base = name.replace("\\", "/")
    return base.startswith(_SYSTEM_ENTRIES[0]) or base.rsplit("/", 1)[-1] in _SYSTEM_ENTRIES[1:]
