"""jieba with its prefix dictionary loaded lazily, a shard at a time.

jieba keeps its whole prefix dictionary (~500,000 words and prefixes) in one dict that it
unmarshals on first use: ~0.75 s of CPU, most of a one-document run's start-up. Segmenting a
phrase only looks up fragments that start with one of the phrase's characters, so the dictionary
is split once (per machine and jieba dictionary) into SHARDS marshal files by first character,
and a shard is loaded when a fragment first asks for it. Lookups answer exactly what the whole
dict answers, so tokens are the same (tests/extract/test_tokenizer.py).
"""
from __future__ import annotations

import logging
import marshal
import os
import shutil
import sys
import tempfile
from pathlib import Path
from typing import Optional

# Shards of the prefix dictionary: the ~20,000 common CJK characters spread ~20 to a shard,
# ~500 words and prefixes each (~0.7 ms to load; a report's labels touch a few dozen shards).
SHARDS = 1024
_TOTAL = "total"


class ShardedFreq:
    """The prefix dictionary as jieba's Tokenizer uses it (`in`, `[]`, `get`, `[]=`), loaded by shard."""

    def __init__(self, folder: Path):
        self.folder = folder
        self.shards: list[Optional[dict[str, int]]] = [None] * SHARDS

    def _shard(self, key: str) -> dict[str, int]:
        i = ord(key[0]) % SHARDS
        shard = self.shards[i]
        if shard is None:
            shard = self.shards[i] = marshal.loads((self.folder / str(i)).read_bytes())
        return shard

    def __contains__(self, key: str) -> bool:
        return key in self._shard(key)

    def __getitem__(self, key: str) -> int:
        return self._shard(key)[key]

    def get(self, key: str, default: Optional[int] = None) -> Optional[int]:
        return self._shard(key).get(key, default)

    def __setitem__(self, key: str, freq: int) -> None:
        self._shard(key)[key] = freq


def shard_folder(dictionary: Path) -> Path:
    """Where the shards of a jieba dictionary file live: a user cache folder, keyed by the file."""
    stat = dictionary.stat()
    cache = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    return cache / "xxgk" / f"jieba-{stat.st_size}-{stat.st_mtime_ns}-{SHARDS}"


def write_shards(freq: dict[str, int], total: int, folder: Path) -> None:
    """Split a whole prefix dictionary into shard files, atomically (a temp folder renamed)."""
    shards: list[dict[str, int]] = [{} for _ in range(SHARDS)]
    for word, count in freq.items():
        shards[ord(word[0]) % SHARDS][word] = count
    folder.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(dir=folder.parent, prefix=f".{folder.name}."))
    try:
        for i, shard in enumerate(shards):
            (tmp / str(i)).write_bytes(marshal.dumps(shard))
        (tmp / _TOTAL).write_bytes(marshal.dumps(total))
        os.replace(tmp, folder)
    except OSError:
        if not folder.is_dir():
            raise
    finally:
        shutil.rmtree(tmp, ignore_errors=True)  # another process renamed its copy first


def lazy_tokenizer(user_dict: Path):
    """A jieba Tokenizer on the default dictionary, loaded by shard, with a user dictionary added.

    The shards are written on the first call on a machine (from jieba's own dictionary load);
    where they cannot be written, the dictionary is loaded whole, as jieba does.
    """
    jieba = _import_jieba()
    jieba.setLogLevel(logging.WARNING)
    tk = jieba.Tokenizer()
    folder = shard_folder(Path(jieba.__file__).with_name(jieba.DEFAULT_DICT_NAME))
    try:
        if not (folder / _TOTAL).is_file():
            whole = jieba.Tokenizer()
            whole.initialize()
            write_shards(whole.FREQ, whole.total, folder)
        tk.FREQ, tk.total = ShardedFreq(folder), marshal.loads((folder / _TOTAL).read_bytes())
        tk.initialized = True  # jieba's own load is what the shards replace
    except OSError:
        tk.initialize()
    tk.load_userdict(str(user_dict))
    return tk


def _import_jieba():
    """jieba, imported without setuptools' pkg_resources where nothing has imported it yet.

    jieba's `_compat` imports pkg_resources (~0.09 s of CPU, three quarters of jieba's import)
    only to open jieba's own data files, and opens them by their path when it is missing: the
    same files, read the same way.
    """
    if "jieba" in sys.modules or "pkg_resources" in sys.modules:
        import jieba

        return jieba
    sys.modules["pkg_resources"] = None  # makes `import pkg_resources` raise ImportError
    try:
        import jieba
    finally:
        del sys.modules["pkg_resources"]
    return jieba
