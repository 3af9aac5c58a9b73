"""Prose figures on the real legacy reports, scored against their gold figures."""
from __future__ import annotations

import pytest

from pipeline.devtools.evaluate import labels_overlap, score_figures
from pipeline.extract.figures import _tokenizer, prose_figures
from pipeline.tables.layout import layout_of
from pipeline.tables.appendix import table_zones
from pipeline.read import read_path
from pipeline.text.segment import segment

from conftest import corpus_file, gold_of

SEED = "jiangsu_yjglt_2018.txt"
LEGACY_WITH_FIGURES = ["jiangsu_yjglt_2018.txt", "pingtan_ptx_2011.txt", "pingtan_ptx_2012.txt",
                       "pingtan_ptx_2013.txt", "pingtan_syq_2011.txt", "pingtan_syq_2012.txt",
                       "pingtan_syq_2013.txt", "pingtan_syq_2014.txt", "pingtan_syq_2015.txt",
                       "pingtan_syq_2017.txt", "pingtan_syq_2018.txt", "pingtan_syq_2018.html"]


@pytest.mark.parametrize("name", LEGACY_WITH_FIGURES)
def test_every_gold_figure_is_found(parsed, name):
    (found, total), missed = score_figures(gold_of(name)["figures"], parsed(name)["figures"])
    assert total and not missed, missed


def test_seed_figures_value_unit_qualifier(parsed):
    by_text = {f["text"]: f for f in parsed(SEED)["figures"]}
    assert {k: (v["value"], v["unit"], v["qualifier"]) for k, v in by_text.items() if k in (
        "发布行政许可和行政处罚等信用信息约29万条", "阅读量约515万", "吸引粉丝10.4万余人", "粉丝1.33万人",
        "会后发布、转载新闻共计80多条", "按期答复率100%")} == {
        "发布行政许可和行政处罚等信用信息约29万条": (290000, "条", "approx"),
        "阅读量约515万": (5150000, None, "approx"),
        "吸引粉丝10.4万余人": (104000, "人", "at_least"),
        "粉丝1.33万人": (13300, "人", None),
        "会后发布、转载新闻共计80多条": (80, "条", "at_least"),
        "按期答复率100%": (100, "%", None)}


def test_seed_label_is_the_thing_counted(parsed):
    labels = {f["label"] for f in parsed(SEED)["figures"]}
    assert {"新闻动态", "通知公告", "网上申请", "书面申请", "按期答复率"} <= labels


def test_no_figure_from_dates_codes_phones_addresses_or_fixed_phrases(parsed):
    record = parsed(SEED)
    text = record["text"]
    forbidden = ["国办发〔2018〕23号", "苏政办发〔2018〕42号", "苏政传发〔2018〕171号", "苏政传发〔2017〕96号",
                 "2018年1月1日", "2018年12月31日", "2018年2月27日", "2019-02-27 16:23", "025-83332337",
                 "210024", "北京西路15-1号", "两随机一公开", "第一时间", "一是", "二是", "三是"]
    spans = [(i, i + len(s)) for s in forbidden for i in _occurrences(text, s)]
    assert spans
    for f in record["figures"]:
        a, b = f["span"]
        assert not any(a < e and s < b for s, e in spans), f


def _occurrences(text: str, s: str) -> list[int]:
    out, i = [], text.find(s)
    while i >= 0:
        out.append(i)
        i = text.find(s, i + 1)
    return out


def test_spans_point_into_the_text(parsed):
    record = parsed(SEED)
    for f in record["figures"]:
        a, b = f["span"]
        assert record["text"][a:b] in f["text"]
        assert f["section"] is None or any(s["no"] == f["section"] and s["start"] <= a < s["end"]
                                           for s in record["sections"])


def test_parts_point_to_their_total(parsed):
    figs = parsed(SEED)["figures"]
    online = next(f for f in figs if f["label"] == "网上申请")
    written = next(f for f in figs if f["label"] == "书面申请")
    total = figs[online["parent"]]
    assert (total["value"], total["unit"]) == (10, "件") and written["parent"] == online["parent"]
    news = next(f for f in figs if f["label"] == "新闻动态")
    assert figs[news["parent"]]["value"] == 1176
    assert next(f for f in figs if f["label"] == "同意公开")["parent"] is None  # no 其中: no part-whole


def test_shares_are_percent_figures_named_after_their_base(parsed):
    figs = parsed("pingtan_ptx_2013.txt")["figures"]
    share = next(f for f in figs if f["text"] == "占67.5%")
    assert (share["value"], share["unit"]) == (67.5, "%")
    assert labels_overlap(share["label"], "县直各单位主动公开政府信息占比") and share["label"].endswith("占比")


@pytest.mark.parametrize("name", ["pingtan_syq_2015.txt", "pingtan_ptx_2011.txt", "pingtan_syq_2018.html"])
def test_table_text_gives_no_figures(name):
    doc = read_path(corpus_file(name))
    zones = table_zones(doc)
    assert zones
    for f in prose_figures(doc, layout_of(doc, segment(doc.text, doc.tables))):
        assert not any(a <= f.span[0] < b for a, b in zones), f


def test_fixed_phrases_of_pingtan_2012_are_not_figures(parsed):
    texts = [f["text"] for f in parsed("pingtan_syq_2012.txt")["figures"]]
    assert not any("小时" in t or "三公" in t for t in texts)


def test_jieba_is_loaded_once_per_process(parsed):
    parsed(SEED), parsed("pingtan_ptx_2013.txt")
    doc = read_path(corpus_file(SEED))
    prose_figures(doc, layout_of(doc, segment(doc.text, doc.tables)))
    assert _tokenizer.cache_info().currsize == 1 and _tokenizer.cache_info().misses == 1
