"""Metadata against every gold file, the seed in full, and the date/title parsers."""
from __future__ import annotations

import pytest

from pipeline.domain.numerals import to_int
from pipeline.text.dates import find_period, find_signed
from pipeline.text.agency import printed_name
from pipeline.text.meta import detect_era
from pipeline.text.title import parse_title
from pipeline.text.segment import segment
from conftest import gold_documents, gold_of

META_FIELDS = ("agency", "agencies", "year", "era", "published", "signed", "period")


@pytest.mark.parametrize("name", gold_documents())
def test_meta_equals_gold(name, parsed):
    meta = parsed(name)["meta"]
    for key, expected in gold_of(name)["meta"].items():
        assert key in META_FIELDS
        assert meta[key] == expected, key


def test_seed_metadata(parsed):
    rec = parsed("jiangsu_yjglt_2018.txt")
    m = rec["meta"]
    assert m["agency"] == "江苏省应急管理厅"
    assert m["agencies"] == ["江苏省应急管理厅", "江苏煤矿安全监察局"]
    assert (m["year"], m["era"]) == (2018, "legacy")
    assert (m["published"], m["signed"]) == ("2019-02-27", "2018-02-27")
    assert m["period"] == ["2018-01-01", "2018-12-31"]
    assert m["contact"] == {"address": "南京市北京西路15-1号", "postcode": "210024",
                            "phone": "025-83332337", "email": "jssafety@js.gov.cn"}
    assert [s["title"] for s in rec["sections"]] == [
        "一、\u00a0 总体情况及主要做法", "二、主动公开政府信息情况", "三、依申请公开政府信息情况", "四、下一步工作打算"]


def test_pdf_title_wrapped_mid_word(parsed):
    assert parsed("pingtan_syq_2022.pdf")["meta"]["title"] == "平潭综合实验区2022年度政府信息公开工作年度报告"


@pytest.mark.parametrize("raw,value", [("2018", 2018), ("二○一二", 2012), ("二〇一三", 2013), ("二十", 20),
                                       ("十", 10), ("十二", 12), ("三十一", 31), ("一", 1)])
def test_chinese_numerals_in_dates(raw, value):
    assert to_int(raw) == value


def test_signature_in_chinese_numerals_with_ring_zero():
    text = "一、概述\n内容。\n二、问题\n持续良好地开展。 二○一三年一月二十日 平潭综合实验区政府信息公开情况统计表"
    assert find_signed(text, segment(text)) == "2013-01-20"


def test_dates_inside_sentences_are_not_signatures():
    text = "一、概述\n内容。\n二、问题\n自2019年1月1日起施行。截至2018年12月31日，共有3条。"
    assert find_signed(text, segment(text)) is None


@pytest.mark.parametrize("text,period", [
    ("本报告所列数据的统计期限自2018年1月1日起至2018年12月31日止。", ["2018-01-01", "2018-12-31"]),
    ("本年度报告中所列数据统计期限从2019年1月1日到12月31日止。", ["2019-01-01", "2019-12-31"]),
    ("本报告中所列数据统计时限为2022年1月1日至2022年12月31日。", ["2022-01-01", "2022-12-31"]),
    ("本报告所列数据的统计期限自至。", None),
    # 年 and 月 lost, as printed (corpus/excerpts gb2019_003, gb2021_031, gb2021_008)
    ("本报告所列数据的统计期限自202011日起,至20201231日止", ["2020-01-01", "2020-12-31"]),
    ("报告中所列数据的统计时间为202211日至20221231日。", ["2022-01-01", "2022-12-31"]),
    ("本年报中所列数据统计期限自20231月1日起至202312月31日止。", ["2023-01-01", "2023-12-31"]),
])
def test_statistical_period(text, period):
    assert find_period(text) == period


@pytest.mark.parametrize("title,agencies,year", [
    ("2019年上海市人民政府办公厅政府信息公开工作年度报告", ["上海市人民政府办公厅"], 2019),
    ("平潭综合实验区管委会2014年度政府信息公开工作年度报告", ["平潭综合实验区管委会"], 2014),
    ("江苏省应急管理厅 江苏煤矿安全监察局2018年度政府信息公开工作年度报告",
     ["江苏省应急管理厅", "江苏煤矿安全监察局"], 2018),
    # a line-wrap space inside one name, as gb2021_040 prints it in its body
    ("云南滇中新区临空先进制造业发展局(临空 先进制造业区管委会)2022年政府信息公开工作年度报告",
     ["云南滇中新区临空先进制造业发展局(临空先进制造业区管委会)"], 2022),
    ("2012年泾县人民政府信息公开年度报告", ["泾县人民"], 2012),  # 政府 read as part of 政府信息公开
    ("西藏自治区审计厅2025年政务信息公开工作开展年度报告", ["西藏自治区审计厅"], 2025),
    ("重庆市发展和改革委员会2012年政府信息公开年度工作报告", ["重庆市发展和改革委员会"], 2012),
])
def test_title_names_agencies_and_year(title, agencies, year):
    assert parse_title(title) == (agencies, year)


def test_era_from_labels_and_year():
    assert detect_era("……本年制发件数……", 2023) == "gb2021"
    assert detect_era("……本年新制作数量……", 2020) == "gb2019"
    assert detect_era("……政府集中采购……", 2017) == "legacy"  # no template before report year 2019
    assert detect_era("没有表格", 2022) == "gb2021"
    assert detect_era("没有表格", 2012) == "legacy"


@pytest.mark.parametrize("printed,organ", [
    ("天津市", "天津市人民政府"), ("洪山区天兴乡", "洪山区天兴乡人民政府"), ("寮步镇政府", "寮步镇人民政府"),
    ("泾县人民", "泾县人民政府"), ("重庆海关关区", "重庆海关"),
    ("临汾经济开发区", "临汾经济开发区"), ("平潭综合实验区", "平潭综合实验区"), ("安镇街道", "安镇街道"),
    # divisions of the code table that end like zones have a people's government
    ("上海市浦东新区", "上海市浦东新区人民政府"), ("商丘市梁园区", "商丘市梁园区人民政府"),
])
def test_the_organ_a_printed_name_stands_for(printed, organ):
    assert printed_name(printed) == organ
