"""Section headings: laid-out and run-on text, intro lists, table labels, kinds and parts."""
from __future__ import annotations

import pytest

from pipeline.read import read_path
from pipeline.text.segment import classify, segment
from conftest import corpus_file, gold_documents, gold_of


@pytest.mark.parametrize("name", gold_documents())
def test_sections_equal_gold(name, parsed):
    titles = [s["title"] for s in parsed(name)["sections"]]
    assert titles == [t.strip() for t in gold_of(name)["sections"]]


def test_run_on_headings_glued_to_their_first_sentence():
    doc = read_path(corpus_file("pingtan_syq_2017.txt"))
    sections = segment(doc.text)
    assert sections[0].title == "一、概述"  # "…＠163.com一、概述2017年，在…"
    assert doc.text[sections[0].start - 3:sections[0].start] == "com"
    assert sections[-1].title == "六、政府信息公开情况统计表"


def test_heading_right_after_a_flattened_table_cell():
    doc = read_path(corpus_file("pingtan_syq_2019.txt"))
    titles = [s.title for s in segment(doc.text)]
    assert titles[2] == "三、收到和处理政府信息公开申请情况"  # "…75394432.52元三、收到…"
    assert len(titles) == 6  # table-3 row labels 一、本年新收… 四、结转下年度… are not headings


def test_intro_listing_the_parts_is_not_a_heading():
    text = ("本报告全文包括：一、总体情况；二、主动公开政府信息情况；三、其他需要报告的事项。\n"
            "一、总体情况\n今年我们推进了公开工作。\n二、主动公开政府信息情况\n主动公开12条。\n"
            "三、其他需要报告的事项\n无。")
    sections = segment(text)
    assert [s.title for s in sections] == ["一、总体情况", "二、主动公开政府信息情况", "三、其他需要报告的事项"]
    assert sections[0].start == text.index("\n一、") + 1


def test_pdf_line_wrapped_mid_sentence_is_not_a_heading():
    text = "一、总体情况\n我们按照要求，\n二、三级联动机制已经建立。\n二、主动公开政府信息情况\n内容。"
    assert [s.title for s in segment(text)] == ["一、总体情况", "二、主动公开政府信息情况"]


def test_headings_inside_tables_are_skipped():
    doc = read_path(corpus_file("shanghai_szfbgt_2019.html"))
    sections = segment(doc.text, doc.tables)
    for table in doc.tables:
        assert not any(table.start <= s.start < table.end for s in sections)


def test_spaced_and_halfwidth_heading_punctuation():
    text = "一 、 总体情况\n内容。\n二.主动公开情况\n内容。\n三，依申请公开情况\n内容。"
    assert [s.no for s in segment(text)] == [1, 2, 3]


@pytest.mark.parametrize("title,kind", [
    ("一、总体情况", "overview"), ("一、 概述", "overview"), ("二、主动公开政府信息情况", "active"),
    ("二、重点领域政府信息公开情况", "active"), ("三、收到和处理政府信息公开申请情况", "requests"),
    ("三、政府信息依申请公开工作情况", "requests"),
    ("五、因政府信息公开申请行政复议、提起行政诉讼的情况", "review"),
    ("四、政府信息公开的收费及减免情况", "fees"), ("五、政府信息公开工作存在的主要问题及改进情况", "problems"),
    ("四、下一步工作打算", "problems"), ("六、其他需要报告的事项", "other"),
    ("六、平潭综合实验区政府信息公开情况统计表", "table-appendix"),
])
def test_kinds_by_keyword(title, kind):
    assert classify(title) == kind


def test_parts_inside_sections(parsed):
    rec = parsed("jiangsu_yjglt_2018.txt")
    overview = rec["sections"][0]
    markers = [p["marker"] for p in overview["parts"]]
    assert markers[:4] == ["(一)", "一是", "二是", "三是"]
    level2 = [p["title"] for p in overview["parts"] if p["level"] == 2]
    assert level2[0].startswith("(一)有序推进政府信息公开各项工作")
    assert len(level2) == 4
