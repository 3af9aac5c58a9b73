"""The incremental cache of a batch: one file per input unit under `OUT/cache/`.

An entry holds the records of one input file (one JSON object a line) and is
keyed by the file's path, its content hash and the pipeline version, so that a
re-run re-parses only what changed, and a change of code re-parses everything.
Entries are written atomically (temp file + `os.replace`): a run killed at any
moment leaves whole entries or none.
"""
from __future__ import annotations

import hashlib
import os
from functools import lru_cache
from pathlib import Path
from typing import Optional

CACHE_DIR = "cache"
# Files read per hashing step: large enough to be fast, small enough to keep memory flat.
HASH_BLOCK = 1 << 20


@lru_cache(maxsize=1)
def pipeline_version() -> str:
    """A hash of the package's source and data files: it changes whenever the code does."""
    package = Path(__file__).resolve().parents[1]
    digest = hashlib.sha256()
    for f in sorted(package.rglob("*")):
        if f.is_file() and (f.suffix == ".py" or f.parent.name == "data") and "__pycache__" not in f.parts:
            digest.update(f.relative_to(package).as_posix().encode("utf-8") + b"\0")
            digest.update(f.read_bytes() + b"\0")
    return digest.hexdigest()[:16]


def content_hash(path: Path) -> Optional[str]:
    """sha256 of a file's bytes, or None when it cannot be read (it will get an error record)."""
    digest = hashlib.sha256()
    try:
        with path.open("rb") as fh:
            while block := fh.read(HASH_BLOCK):
                digest.update(block)
    except OSError:
        return None
    return digest.hexdigest()


def unit_key(path: Path, version: str) -> str:
    """The cache key of one input file: its path (records name it), content and the code version."""
    content = content_hash(path) or "unreadable"
    return hashlib.sha256(f"{version}\0{path}\0{content}".encode("utf-8")).hexdigest()


class Cache:
    """The cache folder of one output folder."""

    def __init__(self, out_dir: Path):
        self.root = Path(out_dir) / CACHE_DIR

    def path_of(self, key: str) -> Path:
        return self.root / key[:2] / f"{key}.jsonl"

    def get(self, key: str) -> Optional[bytes]:
        """The stored JSON lines of a unit (UTF-8), or None when absent or unreadable."""
        try:
            lines = self.path_of(key).read_bytes()
            lines.decode("utf-8")
        except (OSError, UnicodeDecodeError):
            return None
        return lines if lines.endswith(b"\n") else None  # every unit has at least one whole record

    def has(self, key: str) -> bool:
        return self.path_of(key).is_file()

    def put(self, key: str, lines: bytes) -> None:
        """Store a unit's JSON lines atomically."""
        target = self.path_of(key)
        target.parent.mkdir(parents=True, exist_ok=True)
        write_atomic(target, lines)


def write_atomic(target: Path, data: bytes) -> None:
    """Write `data` to `target` so that readers see the old file or the whole new one, never a part.

    No fsync: this guards against a killed process, not a power cut (an entry
    left empty by one is read as a miss, see `Cache.get`).
    """
    tmp = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    with tmp.open("wb") as fh:
        fh.write(data)
    os.replace(tmp, target)
