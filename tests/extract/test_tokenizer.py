"""The shard-loaded jieba dictionary segments exactly as jieba's whole dictionary does."""
from __future__ import annotations

import jieba
import regex

from pipeline.extract.figures import USER_DICT
from pipeline.extract.tokenizer import ShardedFreq, lazy_tokenizer, write_shards
from conftest import corpus_file

_PHRASE = regex.compile(r"[\p{Han}\w]{2,40}")


def _whole():
    tk = jieba.Tokenizer()
    tk.initialize()
    tk.load_userdict(str(USER_DICT))
    return tk


def test_sharded_tokens_equal_whole_dictionary_tokens_on_real_prose(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))  # builds the shards afresh
    lazy, whole = lazy_tokenizer(USER_DICT), _whole()
    assert isinstance(lazy.FREQ, ShardedFreq) and lazy.total == whole.total
    phrases = [p for name in ("pingtan_syq_2022.txt", "jiangsu_yjglt_2018.txt", "pingtan_ptx_2011.txt")
               for p in _PHRASE.findall(corpus_file(name).read_text(encoding="utf-8"))]
    assert len(phrases) > 300
    for phrase in phrases:
        assert lazy.lcut(phrase, HMM=False) == whole.lcut(phrase, HMM=False), phrase
    assert sum(shard is not None for shard in lazy.FREQ.shards) < len(lazy.FREQ.shards)  # loaded as used


def test_a_second_writer_keeps_the_first_shards(tmp_path):
    folder = tmp_path / "shards"
    write_shards({"公开": 5, "公": 0}, 5, folder)
    write_shards({"公开": 9, "公": 0}, 9, folder)  # another process finishing later
    freq = ShardedFreq(folder)
    assert freq["公开"] == 5 and "公" in freq and freq.get("申请") is None
