"""The incremental cache of a batch: an SQLite database under `OUT/cache/` for each version of the
pipeline's code (`units.<version>.sqlite`), a row per input unit.

An entry holds the records of one input file (one JSON object a line) and is
keyed by the file's path, its content hash and the pipeline version, so that a
re-run re-parses only what changed, and a change of code re-parses everything.
Entries are written a chunk at a time in one transaction: a run killed at any
moment leaves whole entries or none. The entries of another code version can never be read
again: a batch that ends removes their databases (`drop_other_versions`), so the cache holds one
copy of the records, not one per upgrade, and a batch after a change of code is a first run.

A database, not a file per entry: creating a small file costs ~0.3–0.6 ms of system time on
ext4 (inode, directory entry, rename), more than a text dump's batch work besides; a row in a
transaction costs ~0.06 ms (`PAGE_BYTES`). Like the files before it, it guards against a
killed process, not a power cut (`synchronous=OFF`: SQLite's write-ahead log survives the
process, the operating system flushes it).
"""
from __future__ import annotations

import hashlib
import logging
import os
import re
import sqlite3
from functools import lru_cache
from pathlib import Path
from typing import Iterable, Optional

log = logging.getLogger("xxgk.batch")

CACHE_DIR = "cache"
# A cache database of any code version, with its log files (`units.sqlite`: before one per version).
_DATABASE_FILE = re.compile(r"units(?:\.[0-9a-f]+)?\.sqlite(?:-wal|-shm|-journal)?")
# Files read per hashing step: large enough to be fast, small enough to keep memory flat.
HASH_BLOCK = 1 << 20
# Seconds a writer waits for another batch writing into the same output folder.
LOCK_WAIT_SECONDS = 60.0
# Page size of a new database: an entry is a whole report (~60 KB for the real text dump), which
# 4 KB pages (SQLite's default) chain over ~16 pages. Inserting 3,000 such entries eight to a
# transaction: 0.10 ms an entry with 4 KB pages, 0.06 with 16 KB, 0.054 with 64 KB; ~5% more on disk.
PAGE_BYTES = 16384


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
    """The cache of one output folder for this code version, opened on first use. A database SQLite
    cannot read (a damaged or foreign file) is moved aside to `units.<version>.sqlite.unreadable`,
    with a warning, and a new one started: the units it held are parsed again."""

    def __init__(self, out_dir: Path, version: Optional[str] = None):
        self.path = Path(out_dir) / CACHE_DIR / f"units.{version or pipeline_version()}.sqlite"
        self._db: Optional[sqlite3.Connection] = None

    def exists(self) -> bool:
        return self.path.is_file()

    def _conn(self) -> sqlite3.Connection:
        if self._db is None:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            try:
                self._db = _open(self.path)
            except sqlite3.DatabaseError as exc:
                if not _damaged(exc):
                    raise
                self._set_aside(exc)
                self._db = _open(self.path)
        return self._db

    def _set_aside(self, problem: sqlite3.DatabaseError) -> None:
        """Move an unreadable database out of the way (its stale log files are deleted)."""
        self.close()
        aside = self.path.with_name(f"{self.path.name}.unreadable")
        os.replace(self.path, aside)
        for log_file in ("-wal", "-shm"):  # the old database's log would not fit the new one
            Path(f"{self.path}{log_file}").unlink(missing_ok=True)
        log.warning("%s: the cache cannot be read (%s); moved to %s, its files are parsed again",
                    self.path, problem, aside.name)

    def drop_other_versions(self) -> int:
        """Remove the databases of other code versions (an unreadable one set aside stays); returns
        the bytes freed."""
        if not self.path.parent.is_dir():
            return 0
        freed = 0
        for f in self.path.parent.iterdir():
            if _DATABASE_FILE.fullmatch(f.name) and not f.name.startswith(self.path.name):
                freed += f.stat().st_size
                f.unlink()
        if freed:
            log.info("%s: removed the cache of another code version (%.0f MB)", self.path.parent, freed / 1e6)
        return freed

    def keys(self) -> set[str]:
        """The keys of every stored unit."""
        if not self.exists():
            return set()
        try:
            return {key for (key,) in self._conn().execute("SELECT key FROM units")}
        except sqlite3.DatabaseError as exc:
            if not _damaged(exc):  # locked past LOCK_WAIT_SECONDS, unreadable folder…: not the file's fault
                raise
            self._set_aside(exc)  # opened, but its pages are damaged
            return set()

    def get(self, key: str) -> Optional[bytes]:
        """The stored JSON lines of a unit (UTF-8), or None when absent or unreadable."""
        try:
            row = self._conn().execute("SELECT lines FROM units WHERE key = ?", (key,)).fetchone()
        except sqlite3.DatabaseError as exc:
            if not _damaged(exc):
                raise
            return None
        return bytes(row[0]) if row else None

    def put(self, entries: Iterable[tuple[str, bytes]]) -> None:
        """Store units' JSON lines, (key, lines) each, in one transaction."""
        db = self._conn()
        with db:
            db.execute("BEGIN")
            db.executemany("INSERT OR REPLACE INTO units VALUES (?, ?)", entries)

    def close(self) -> None:
        if self._db is not None:
            self._db.close()
            self._db = None


def _damaged(exc: sqlite3.DatabaseError) -> bool:
    """True when SQLite found the file damaged or not a database (not locked, not unwritable)."""
    return (getattr(exc, "sqlite_errorcode", 0) & 0xFF) in (sqlite3.SQLITE_CORRUPT, sqlite3.SQLITE_NOTADB)


def _open(path: Path) -> sqlite3.Connection:
    """Open (or create) the cache database. sqlite3.DatabaseError when the file is damaged or not
    a database (`_damaged`); any other error names the file."""
    try:
        db = sqlite3.connect(path, timeout=LOCK_WAIT_SECONDS, isolation_level=None)
    except sqlite3.Error as exc:
        raise sqlite3.OperationalError(f"{path}: {exc}") from exc
    try:
        db.execute(f"PRAGMA page_size={PAGE_BYTES}")  # a no-op on an existing database
        db.execute("PRAGMA journal_mode=WAL")
        db.execute("PRAGMA synchronous=OFF")
        db.execute("CREATE TABLE IF NOT EXISTS units (key TEXT PRIMARY KEY, lines BLOB NOT NULL)")
    except sqlite3.DatabaseError as exc:
        db.close()
        if _damaged(exc):
            raise
        raise sqlite3.OperationalError(f"{path}: {exc}") from exc
    return db
