"""Prose figures on the real legacy reports, scored against their gold figures."""
from __future__ import annotations

import pytest

from pipeline.devtools.eval_figures import GoldFigure, same_thing, score_figures
from pipeline.devtools.locate import QuoteIndex
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
    """Strictly (`eval_figures`): same value, unit and qualifier, and a label naming the same thing."""
    rec = parsed(name)
    gold = [GoldFigure.from_dict(f, QuoteIndex(rec["text"])) for f in gold_of(name)["figures"]]
    score = score_figures(gold, rec["figures"], complete=False)
    assert score.gold and not score.missed, score.missed


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
    assert same_thing(share["label"], "县直各单位主动公开政府信息占比") and share["label"].endswith("占比")


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


@pytest.mark.parametrize("name, text, label, value, unit, qualifier", [
    ("pingtan_syq_2019.txt", "组织19期", "《问政平潭有事你说》", 19, "期", None),  # a title is the noun
    ("pingtan_syq_2019.txt", "将8大类", "公共服务事项", 8, "大类", None),  # 8大类348项公共服务事项
    ("pingtan_syq_2019.txt", "348项", "公共服务事项", 348, "项", None),
    ("pingtan_syq_2019.txt", "53项", "服务事项", 53, "项", None),  # 服务事项5大类53项
    ("pingtan_syq_2019.txt", "互动活动42场次", "互动活动", 42, "场次", None),
    ("pingtan_syq_2019.txt", "全年共发布133条", "教育事业发展有关信息", 133, "条", None),  # named a clause before
    ("pingtan_syq_2021.txt", "通过微信公众号发布20680批次", "农产品抽检情况", 20680, "批次", None),
    ("pingtan_syq_2022.txt", "推进3轮", "督促整改工作", 3, "轮", None),
    ("shanghai_szfbgt_2019.html", "差评数占评价量总数的0.34%", "差评数占比", 0.34, "%", None),  # named before 占
    ("shanghai_szfbgt_2019.html", "短视频播放量超2300万", "短视频播放量", 23000000, None, "at_least"),
    ("shanghai_szfbgt_2019.html", "微博粉丝突破770万", "微博粉丝", 7700000, None, "at_least"),
    ("huaian_szf_2024.pdf", "合格率均为100%", "合格率", 100, "%", None),
    ("pingtan_ptx_2011.txt", "在平潭综合实验区管委会网站主动公开的425条", "政府信息", 425, "条", None),  # "…政府信息中，"
])
def test_labels_units_and_qualifiers_of_real_sentences(parsed, name, text, label, value, unit, qualifier):
    """The label names the thing (`same_thing`: one contains the other), the rest is exact."""
    fig = next(f for f in parsed(name)["figures"] if "".join(f["text"].split()).endswith(text))
    assert same_thing(label, fig["label"]), fig["label"]
    assert (fig["value"], fig["unit"], fig["qualifier"]) == (value, unit, qualifier)
