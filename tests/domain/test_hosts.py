"""The shipped host spellings are what pypinyin writes for the installed division table."""
import pytest

from pipeline.domain.hosts import PINYIN_TABLE, host_divisions, pinyin_table


def test_the_shipped_table_is_a_fresh_generation():
    pytest.importorskip("pypinyin")
    rows = [line for line in pinyin_table().splitlines() if not line.startswith("#")]
    shipped = [line for line in PINYIN_TABLE.read_text(encoding="utf-8").splitlines() if not line.startswith("#")]
    assert shipped == rows


def test_a_host_is_read_through_the_shipped_table():
    assert [d.name for d in host_divisions("www.zoucheng.gov.cn")] == ["邹城市"]
    assert [d.name for d in host_divisions("jsxishan.gov.cn")] == ["锡山区"]
