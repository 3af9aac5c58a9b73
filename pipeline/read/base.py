"""What every reader shares: the error a document raises, its hash, the size limit and known suffixes."""
from __future__ import annotations

import hashlib
from pathlib import Path

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


def sha256_of(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


WARC_SUFFIXES = (".warc", ".warc.gz")


def is_warc(path: str | Path) -> bool:
    """True for a `.warc` or `.warc.gz` file name."""
    return str(path).lower().endswith(WARC_SUFFIXES)
