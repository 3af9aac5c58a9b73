"""legacy.* values of the pre-2019 gold reports, the appendix splits, the conflict policy, the crosswalk."""
from __future__ import annotations

import pytest

from pipeline.extract.crosswalk import crosswalk
from pipeline.extract.legacy import extract_legacy
from pipeline.tables.layout import layout_of
from pipeline.tables.appendix import key_of, split_glued
from pipeline.read import read_path
from pipeline.text.segment import segment

from conftest import corpus_file, gold_documents, gold_of

LEGACY = [n for n in gold_documents() if gold_of(n)["meta"].get("era") == "legacy"]


def test_the_legacy_gold_set_is_there():
    assert "jiangsu_yjglt_2018.txt" in LEGACY and "pingtan_syq_2018.html" in LEGACY and len(LEGACY) >= 12


@pytest.mark.parametrize("name", LEGACY)
def test_every_gold_legacy_key(parsed, name):
    gold = {k: v for k, v in gold_of(name)["values"].items() if k.startswith("legacy.")}
    got = {k: v["value"] for k, v in parsed(name)["values"].items()}
    assert {k: got.get(k, "(missing)") for k in gold} == gold


@pytest.mark.parametrize("name", LEGACY)
def test_no_legacy_key_beyond_the_gold(parsed, name):
    """Keys the gold leaves out on purpose (no number stated, combined rows, conflicts) stay out."""
    gold = gold_of(name)["values"]
    assert [k for k in parsed(name)["values"] if k.startswith("legacy.") and k not in gold] == []


@pytest.mark.parametrize("name", LEGACY)
def test_every_value_says_where_it_came_from(parsed, name):
    record = parsed(name)
    for key, v in record["values"].items():
        where = v["where"]
        assert "section" in where
        if "span" in where:
            a, b = where["span"]
            assert 0 <= a < b <= len(record["text"])
        else:
            assert {"table", "row", "column"} <= set(where)


def test_seed_reads_its_prose(parsed):
    values = parsed("jiangsu_yjglt_2018.txt")["values"]
    text = parsed("jiangsu_yjglt_2018.txt")["text"]
    a, b = values["legacy.requests.channel.online"]["where"]["span"]
    assert text[a:b] == "7件"
    fee = values["legacy.fees.amount"]
    assert fee["value"] == 0 and "收取" in fee["raw"] and "费用" in fee["raw"]
    assert "legacy.requests.answered" not in values  # '所有申请均按规定进行答复' states no number


def test_stated_zeros(parsed):
    assert parsed("pingtan_syq_2014.txt")["values"]["legacy.fees.amount"]["raw"].endswith("暂不收费")
    review = parsed("pingtan_ptx_2011.txt")["values"]["legacy.review.count"]
    assert review["value"] == 0 and "行政复议" in review["raw"] and "span" in review["where"]
    received = parsed("pingtan_syq_2017.txt")["values"]["legacy.requests.received"]
    assert received["value"] == 0 and received["raw"].startswith("未收到")


def test_narrative_wins_and_the_table_value_is_a_finding(parsed):
    record = parsed("pingtan_syq_2013.txt")
    assert record["values"]["legacy.active.total"]["value"] == 4970
    assert record["values"]["legacy.review.count"]["value"] == 1
    messages = [f["message"] for f in record["findings"] if f["rule"] == "legacy.table_conflict"]
    assert any("72804" in m for m in messages) and len(messages) == 2


def test_a_table_part_that_breaks_the_narrative_split_is_left_out(parsed):
    record = parsed("pingtan_ptx_2013.txt")
    assert "legacy.requests.channel.email" not in record["values"]
    assert any(f["keys"] == ["legacy.requests.channel.email"] for f in record["findings"])
    assert record["values"]["legacy.requests.channel.in_person"]["value"] == 0  # table 0 fits


def test_html_grid_cells(parsed):
    v = parsed("pingtan_syq_2018.html")["values"]["legacy.requests.outcome.other"]
    assert v["where"]["column"] == "2018年度" and "其他类型答复数" in v["where"]["row"]


@pytest.mark.parametrize("digits, stated, value", [
    ("00", None, 0),           # two digits, two cells
    ("36", None, 3),
    ("018", None, 0),          # no number starts with 0
    ("728", None, 7),          # 72 | 8 would make the cumulative smaller
    ("324", None, 3),
    ("1818", None, None),      # 1 | 818 or 18 | 18: not certain …
    ("1818", 18, 18),          # … unless the prose states 18
    ("4251516", 425, 425),
    ("4251516", None, None),
    ("4251516", 426, None),    # the prose value must be one of the possible splits
])
def test_split_glued(digits, stated, value):
    assert split_glued(digits, stated) == value


@pytest.mark.parametrize("label, key", [
    ("主动公开信息数", "legacy.active.total"),
    ("主动公开文件数", "legacy.active.total"),
    ("其中：1.当面申请数", "legacy.requests.channel.in_person"),
    ("3、信函、传真申请数", None),
    ("1、政府网站公开数", None),
    ("接受行政诉讼、举报数", "legacy.appeal.count"),
    ("行政申诉、举报数", "legacy.appeal.count"),
    ("行政诉讼数", "legacy.litigation.count"),
    ("3.否决公开答复数", "legacy.requests.outcome.denied"),
    ("受理政府信息依申请公开总数", "legacy.requests.received"),
])
def test_row_keys(label, key):
    assert key_of(label) == key


def test_appendix_without_prose_is_read_by_certain_splits():
    doc = read_path(corpus_file("pingtan_ptx_2012.txt"))
    values, _, _ = extract_legacy(doc, layout_of(doc, segment(doc.text, doc.tables)))
    fax = values["legacy.requests.channel.fax"]
    assert fax.value == 0 and fax.where["table"] == "appendix" and fax.where["column"] == "2012年度"


def test_crosswalk_is_derived_and_separate(parsed):
    from pipeline.core import parse_path

    record = parse_path(corpus_file("jiangsu_yjglt_2018.txt"))
    before = dict(record.values)
    derived = crosswalk(record.values)
    assert record.values == before and not any(k.startswith("t3.") for k in record.values)
    granted = derived["t3.granted.total"]
    assert granted.value == 2 and granted.derived  # 同意公开 1 + 属于已主动公开范围 1
    assert granted.where["confidence"] == "high"
    assert derived["t3.unable.not_held.total"].value == 5  # 信息不存在 2 + 不属于本机关 3
    assert derived["t3.denied.admin_query.total"].where["confidence"] == "low"
    assert "t3.partial.total" not in derived


def test_appendix_rows_carry_both_cells_where_certain():
    """Spaced (pingtan_syq_2012), glued and split by the prose (pingtan_syq_2015 '294981916'), grid
    (pingtan_syq_2018.html); a row with one token has a blank cell and reads nothing (pingtan_syq_2013)."""
    from pipeline.core import parse_path

    def rows(name):
        return {(r.key or r.label): (r.this_year, r.cumulative) for r in parse_path(corpus_file(name)).appendix}

    assert rows("pingtan_syq_2012.txt")["legacy.active.total"] == (739, 4359)
    assert rows("pingtan_syq_2015.txt")["legacy.active.total"] == (2949, 81916)
    assert rows("pingtan_syq_2015.txt")["legacy.requests.received"] == (0, 1)  # '01': one digit per cell
    assert rows("pingtan_syq_2018.html")["legacy.active.total"] == (2069, 12106)
    assert rows("pingtan_syq_2013.txt")["政府公报公开"] == (None, None)
    assert rows("pingtan_ptx_2012.txt")["网站公开"] == (None, None)  # '17953304': several splits


def test_appendix_subrows_fail_whatever_the_split():
    """Gold appendix.subrows (pingtan_ptx_2012/2013): 网站公开 + 政府公报公开 ≠ 主动公开信息数 for every
    reading of the glued 网站公开 digits; pingtan_syq_2015's glued '294981916' has a reading that holds."""
    from pipeline.core import parse_path

    for name, digits in (("pingtan_ptx_2012.txt", "17953304"), ("pingtan_ptx_2013.txt", "17135017")):
        (f,) = [f for f in parse_path(corpus_file(name)).findings if f.rule == "appendix.subrows"]
        assert digits in f.message and "无论如何拆分" in f.message
    for name in ("pingtan_syq_2011.txt", "pingtan_syq_2014.txt", "pingtan_syq_2015.txt", "pingtan_syq_2018.html"):
        assert not [f for f in parse_path(corpus_file(name)).findings if f.rule == "appendix.subrows"]
    rec = parse_path(corpus_file("pingtan_syq_2011.txt"))
    next(r for r in rec.appendix if r.label == "政府公报公开").this_year = 8  # 418 + 8 ≠ 425
    from pipeline.validate import validate
    assert [f for f in validate(rec) if f.rule == "appendix.subrows"]


def test_blank_appendix_cell_is_a_finding_only_where_blank():
    """Gold appendix.blank_cell: pingtan_syq_2013 '2、政府公报公开 条 0' has one number for two columns."""
    from pipeline.core import parse_path

    (f,) = [f for f in parse_path(corpus_file("pingtan_syq_2013.txt")).findings if f.rule == "appendix.blank_cell"]
    assert "政府公报公开" in f.message
    for name in ("pingtan_syq_2012.txt", "pingtan_syq_2014.txt", "pingtan_syq_2018.html", "pingtan_ptx_2012.txt"):
        assert not [f for f in parse_path(corpus_file(name)).findings if f.rule == "appendix.blank_cell"]


def test_row_label_naming_another_row():
    """Gold pingtan_syq_2014: '接受行政诉讼、举报数' duplicates 行政诉讼数; '信函、传真申请数' (no row of its own for
    either channel) is a combined row, not a duplicate."""
    from pipeline.core import parse_path

    (f,) = [f for f in parse_path(corpus_file("pingtan_syq_2014.txt")).findings
            if f.rule == "appendix.label_duplicates_row"]
    assert "接受行政诉讼、举报数" in f.message and "行政诉讼数" in f.message
    for name in ("pingtan_syq_2012.txt", "pingtan_ptx_2012.txt"):
        assert not [f for f in parse_path(corpus_file(name)).findings if f.rule == "appendix.label_duplicates_row"]


def _legacy_values(text: str) -> dict:
    from pipeline.core import parse_bytes

    record = parse_bytes(text.encode("utf-8"), "report.txt").to_dict()
    return {k: (v["value"], v["unit"]) for k, v in record["values"].items() if k.startswith("legacy.")}


def test_a_section_heading_names_no_number():
    """"五、行政复议、行政诉讼和申诉情况" heads a section whose first line counts appeals, not reviews."""
    values = _legacy_values("某县2010年政府信息公开工作年度报告\n一、概述\n本报告依据条例编制。\n"
                            "二、主动公开政府信息情况\n主动公开政府信息425条。\n"
                            "三、行政复议、行政诉讼和申诉情况\n行政申诉、举报数0件。\n")
    assert values.get("legacy.appeal.count") == (0, "件") and "legacy.review.count" not in values


def test_a_unit_printed_before_its_number():
    """A flattened form row: "政府信息公开收费减免金额 元 0" (domain.md §2.3, Pingtan 2014)."""
    values = _legacy_values("某县2014年政府信息公开工作年度报告\n一、概述\n本报告依据条例编制。\n"
                            "二、主动公开政府信息情况\n主动公开政府信息425条。\n"
                            "三、政府信息公开的收费及减免情况\n政府信息公开收费减免金额 元 0。\n")
    assert values.get("legacy.fees.waived") == (0, "元")


def test_a_number_on_the_heading_line_is_read():
    values = _legacy_values("某县2010年政府信息公开工作年度报告\n一、概述\n本报告依据条例编制。\n"
                            "二、主动公开政府信息情况\n主动公开政府信息425条。\n"
                            "三、依申请公开政府信息情况：全年共收到申请5件。\n")
    assert values.get("legacy.requests.received") == (5, "件")
