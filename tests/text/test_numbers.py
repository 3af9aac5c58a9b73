"""The number grammar: every notation of domain.md §4.5, and what is not a count."""
from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.domain.numerals import cn_value
from pipeline.text.numbers import FIXED_PHRASES, _inert, quantities
from pipeline.read import read_path
from pipeline.text.segment import segment

from chinese_writer import to_chinese
from conftest import CORPUS, corpus_file


def only(text: str):
    found = quantities(text)
    assert len(found) == 1, found
    return found[0]


@pytest.mark.parametrize("text, value, unit, qualifier", [
    ("主动公开政府信息425条。", 425, "条", None),
    ("全年主动公开政府信息 2543条。", 2543, "条", None),
    ("受理申请1,234件。", 1234, "件", None),
    ("访问量达19363人次。", 19363, "人次", None),
    ("收到申请１２３件。", 123, "件", None),
    ("主动公开一千一百七十六条。", 1176, "条", None),
    ("召开两次会议。", 2, "次", None),
    ("印发一百零五份文件。", 105, "份", None),
    ("二十多家单位参加。", 20, "家", "at_least"),
    ("十余家媒体报道。", 10, "家", "at_least"),
    ("十多家省级新闻媒体", 10, "家", "at_least"),
    ("粉丝1.33万人。", 13300, "人", None),
    ("吸引粉丝10.4万余人，", 104000, "人", "at_least"),
    ("信用信息约29万条。", 290000, "条", "approx"),
    ("阅读量约515万，", 5150000, None, "approx"),
    ("总阅读量209万人次，", 2090000, "人次", None),
    ("主动公开各类政府信息 5500 余条。", 5500, "条", "at_least"),
    ("1600多份材料", 1600, "份", "at_least"),
    ("近1000条", 1000, "条", "approx"),
    ("收到申请10件左右。", 10, "件", "approx"),
    ("超过100件。", 100, "件", "at_least"),
    ("100件以上。", 100, "件", "at_least"),
    ("不到10件。", 10, "件", "at_most"),
    ("10件以内。", 10, "件", "at_most"),
    ("按期答复率100%。", 100, "%", None),
    ("占12.3%。", 12.3, "%", None),
    ("占４．３４％。", 4.34, "%", None),
    ("满意率达百分之九十。", 90, "%", None),
    ("收取费用1万元。", 1, "万元", None),
    ("收取费用251000元。", 251000, "元", None),
    ("不予公开信息数1402。", 1402, None, None),
    ("七个县(市)区", 7, "个", None),
    ("全年收到依申请公开一件。", 1, "件", None),
    ("公开信息千余条。", 1000, "条", "at_least"),
    ("吸引粉丝万余人。", 10000, "人", "at_least"),
    ("百余家媒体参加。", 100, "家", "at_least"),
    ("满意率达百分之百。", 100, "%", None),
    ("公开信息逾千条。", 1000, "条", "at_least"),
    ("访问近万人次。", 10000, "人次", "approx"),
])
def test_notations(text, value, unit, qualifier):
    q = only(text)
    assert (q.value, q.unit, q.qualifier) == (value, unit, qualifier)
    assert text[q.start:q.end] == q.raw


@pytest.mark.parametrize("text, low, high, unit", [
    ("11—30件（含30件）", 11, 30, "件"),
    ("3至5次", 3, 5, "次"),
    ("三到五次", 3, 5, "次"),
])
def test_ranges(text, low, high, unit):
    q = quantities(text)[0]
    assert (q.value, q.upper, q.unit, q.qualifier) == (low, high, unit, "range")


@pytest.mark.parametrize("numeral, value", [
    ("十", 10), ("十二", 12), ("二十", 20), ("一千一百七十六", 1176), ("一百零五", 105),
    ("两万", 20000), ("十万", 100000), ("万", 10000), ("千", 1000), ("二○一二", 2012), ("二〇一三", 2013), ("一亿零一", 100000001),
])
def test_cn_to_int(numeral, value):
    assert cn_value(numeral) == value


# --- not counts -----------------------------------------------------------------------

def test_arabic_dates_are_not_counts():
    assert quantities("统计期限自2018年1月1日起至2018年12月31日止。") == []


def test_chinese_dates_are_not_counts():
    assert quantities("二○一二年二月二十日") == []
    assert quantities("二〇一三年一月") == []


def test_publication_timestamps_are_not_counts():
    assert quantities("发布日期:2019-02-27 16:23 信息来源:厅办公室") == []


def test_document_numbers_are_not_counts():
    assert quantities("《通知》(国办发〔2018〕23号)、(苏政办发〔2018〕42号)") == []
    assert quantities("国务院令第492号") == []


def test_phone_numbers_are_not_counts():
    assert quantities("电话:025-83332337;") == []
    assert quantities("电话：24336243；传真：23131679；") == []
    assert quantities("手机13812345678。") == []


def test_postcodes_are_not_counts():
    assert quantities("邮编:210024;") == []


def test_street_addresses_are_not_counts():
    assert quantities("地址:南京市北京西路15-1号;") == []
    assert quantities("地址：平潭县翠园南路10号 ；") == []


def test_years_are_not_counts():
    assert quantities("2019年我厅将进一步做好工作") == []
    assert quantities("2018年度政府信息公开工作年度报告") == []


def test_e_mail_and_urls_are_not_counts():
    assert quantities("电子邮箱：24336240@163.com）") == []
    assert quantities("（http://www.pingtan.gov.cn/t20140122_123.htm）下载") == []


@pytest.mark.parametrize("text", [
    "一是落实重点领域政府信息公开。二是加强政策解读。",
    "第二十条第（一）项",
    "第一时间公开",
    "（三）主动公开政府信息的主要形式1.门户网站",
    "2、规范政府信息公开行为，",
    "（1）加强培训",
])
def test_ordinal_labels_are_not_counts(text):
    assert quantities(text) == []


@pytest.mark.parametrize("phrase", [
    "三安全一稳定", "三类内部事务信息", "四类过程性信息", "两随机一公开", "一事一申请",
    "五公开", "24小时值班", "“三公”经费", "三审三校", "提前了两个月", "不见一个人", "一批问题", "一件事一次办",
    "2024年四个季度", "连续两个星期", "千方百计", "千家万户", "百姓", "万无一失", "近百年来", "数千条",
])
def test_fixed_phrases_are_not_counts(phrase):
    assert quantities(f"积极推进{phrase}工作。") == []


def test_seed_intro_and_signature_hold_no_counts():
    """The seed report's intro has a period, address, postcode, phone and e-mail; its end a 落款 date."""
    doc = read_path(corpus_file("jiangsu_yjglt_2018.txt"))
    sections = segment(doc.text, doc.tables)
    assert quantities(doc.text[:sections[0].start]) == []
    tail = doc.text[doc.text.rfind("江苏省应急管理厅  江苏煤矿"):]
    assert quantities(tail) == []


# --- property tests: render values in every notation, parse them back -----------------

UNITS = st.sampled_from(["条", "件", "次", "篇", "份", "个", "家", "项", "人次", "名", "期", "场", "元"])
LABELS = st.sampled_from(["共收到申请", "主动公开政府信息", "发布信息", "其中网上申请", "召开新闻发布会"])


@settings(max_examples=150, deadline=None)
@given(LABELS, st.integers(0, 10**8), UNITS, st.sampled_from(["plain", "thousands", "fullwidth"]))
def test_arabic_round_trip(label, n, unit, style):
    number = {"plain": str(n), "thousands": f"{n:,}",
              "fullwidth": str(n).translate(str.maketrans("0123456789", "０１２３４５６７８９"))}[style]
    q = only(f"{label}{number}{unit}，")
    assert (q.value, q.unit, q.qualifier) == (n, unit, None)


@settings(max_examples=150, deadline=None)
@given(LABELS, st.integers(1, 10**8 - 1), UNITS)
def test_chinese_round_trip(label, n, unit):
    q = only(f"{label}{to_chinese(n)}{unit}。")
    assert (q.value, q.unit) == (n, unit)


@settings(max_examples=150, deadline=None)
@given(LABELS, st.integers(1, 99999), st.integers(0, 2), UNITS.filter(lambda u: u != "元"),
       st.sampled_from(["", "约", "余"]))
def test_wan_round_trip(label, cents, places, unit, qual):
    """N万 + unit expands (10.4万余人 → 104000); 万元 is a unit of its own (see test_notations)."""
    x = Decimal(cents).scaleb(-places)
    text = f"{label}{'约' if qual == '约' else ''}{x}万{'余' if qual == '余' else ''}{unit}，"
    q = only(text)
    assert q.value == int(x * 10000) and q.unit == unit
    assert q.qualifier == {"": None, "约": "approx", "余": "at_least"}[qual]


@settings(max_examples=150, deadline=None)
@given(st.integers(0, 1000), st.sampled_from(["占{}%", "占{}％", "达{}%"]))
def test_percent_round_trip(tenths, pattern):
    x = Decimal(tenths).scaleb(-1)
    q = only(pattern.format(x) + "。")
    assert q.unit == "%" and Decimal(str(q.value)) == x


@settings(max_examples=150, deadline=None)
@given(st.integers(0, 5000), st.integers(1, 5000), UNITS, st.sampled_from(["至", "—", "到", "~"]))
def test_range_round_trip(low, span, unit, sep):
    q = quantities(f"每年{low}{sep}{low + span}{unit}，")[0]
    assert (q.value, q.upper, q.unit, q.qualifier) == (low, low + span, unit, "range")


@settings(max_examples=150, deadline=None)
@given(LABELS, st.integers(1, 10**6), UNITS,
       st.sampled_from([("约{}{}", "approx"), ("近{}{}", "approx"), ("{}{}左右", "approx"),
                        ("{}余{}", "at_least"), ("{}多{}", "at_least"), ("{}{}以上", "at_least"),
                        ("超过{}{}", "at_least"), ("不到{}{}", "at_most"), ("{}{}以内", "at_most")]))
def test_qualifier_round_trip(label, n, unit, form):
    pattern, qualifier = form
    q = only(label + pattern.format(n, unit) + "。")
    assert (q.value, q.unit, q.qualifier) == (n, unit, qualifier)


def test_a_url_ends_at_the_first_non_ascii_character():
    """pingtan_syq_2019.txt runs the intro on without blanks: "（www.pingtan.gov.cn）的“政府信息公开专栏”…";
    the URL mask must stop at "）", or it hides every count up to the next blank (the 2599 list)."""
    from pipeline.text.numbers import _NOT_COUNTS, normalise
    from pipeline.read import read_path

    from conftest import corpus_file

    norm = normalise(read_path(corpus_file("pingtan_syq_2019.txt")).text)
    urls = [m.group(0) for m in _NOT_COUNTS.finditer(norm) if m.group(0).startswith("www.")]
    assert urls and all(u.isascii() for u in urls), urls


def _scanned_whole(norm: str) -> list[tuple[int, int]]:
    from pipeline.text.numbers import _LIST_NUMBER, _NOT_COUNTS

    return [m.span() for pattern in (_NOT_COUNTS, _LIST_NUMBER) for m in pattern.finditer(norm)]


@pytest.mark.parametrize("name", sorted(p.name for p in CORPUS.iterdir() if p.suffix in (".txt", ".html", ".pdf")))
def test_masking_run_by_run_agrees_with_one_scan_of_the_whole_text(name):
    """The mask scans only the runs of maskable characters around the numbers it checks; on every
    real report each candidate number is masked exactly when a scan of the whole text covers it."""
    from pipeline.text.numbers import _CORE, _Mask, normalise

    norm = normalise(read_path(CORPUS / name).text)
    spans, mask = _scanned_whole(norm), _Mask(norm)
    candidates = [m.span() for m in _CORE.finditer(norm)]
    assert candidates
    for a, b in candidates:
        assert mask.covers(a, b) == any(x < b and a < y for x, y in spans), norm[max(0, a - 20):b + 20]


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet="0123456789零〇○一二两三四五六七八九十百千万亿年月日政编码话真线机转,.% \n\u3000" + "".join(FIXED_PHRASES),
               min_size=1, max_size=16).filter(_inert),
       st.sampled_from(["", "收到", "，", "。"]), st.sampled_from(["", "条", "，", "。", "信息"]))
def test_an_inert_run_holds_no_masked_span(run, before, after):
    """The mask skips its scan for runs like "1176", "10.4万人", "2018年" (between characters no
    masked span holds): a scan finds nothing that touches such a run."""
    text = before + run + after
    a, b = len(before), len(before) + len(run)
    assert [(x, y) for x, y in _scanned_whole(text) if x < b and a < y] == []


@pytest.mark.parametrize("run", ["2018年1月", "1.", "2019.2.27", "〔2018〕23", "第二", "一是", "三个代表",
                                 "02583332337", "025 83332337", "13912345678", "15-1"])
def test_a_run_that_may_hold_a_masked_span_is_scanned(run):
    assert not _inert(run) and _scanned_whole(run + "号，")


@pytest.mark.parametrize("name", sorted(p.name for p in CORPUS.iterdir() if p.suffix in (".txt", ".html", ".pdf")))
def test_numbers_that_cannot_count_are_skipped_as_the_full_reading_rejects_them(name, monkeypatch):
    """The early exit for a number that nothing after it can make a count (a PDF's flattened table
    rows, dates, list numbers) finds exactly the quantities that reading every candidate in full
    finds, on every real report."""
    from pipeline.text import numbers

    text = read_path(CORPUS / name).text
    quick = quantities(text)
    monkeypatch.setattr(numbers, "_cannot_count", lambda norm, m: False)
    assert quantities(text) == quick


@pytest.mark.parametrize("text", ["88 55 698件", "百分之 5 6", "共 12 3件", "1,2345件", "占 12 3%", "10 至 20件",
                                  "2022\n年", "1.属于", "收到12\n件", "12 余件", "3 万人", "12 以上", "5 。", "7"])
def test_numbers_read_alike_with_and_without_the_early_exit(text, monkeypatch):
    """百分之, a range mark, a thousands separator, blanks before a measure word: the early exit
    changes no reading."""
    from pipeline.text import numbers

    quick = quantities(text)
    monkeypatch.setattr(numbers, "_cannot_count", lambda norm, m: False)
    assert quantities(text) == quick
