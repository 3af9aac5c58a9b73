"""Strict scoring of prose figures and findings (`eval_figures`, `eval_findings`, `locate`) on real
corpus records: a figure is credited only for a figure of the same thing, once; a place is a quote."""
from __future__ import annotations

import pytest

from pipeline.devtools.eval_figures import GoldFigure, same_thing, score_figures
from pipeline.devtools.locate import QuoteError, QuoteIndex

from conftest import gold_of


def _gold(name: str, index: QuoteIndex, **match) -> list[GoldFigure]:
    return [GoldFigure.from_dict(f, index) for f in gold_of(name)["figures"]
            if all(f[k] == v for k, v in match.items())]


def test_a_figure_of_another_thing_with_the_same_number_is_not_credited(parsed):
    """pingtan_syq_2017 states 财政预决算类信息32条 (二) and 发布征地信息32条 (概述): once the first is
    not read, the second must not stand in for it (two characters in common, 信息, are not enough)."""
    rec = parsed("pingtan_syq_2017.txt")
    gold = _gold("pingtan_syq_2017.txt", QuoteIndex(rec["text"]), label="财政预决算类信息")
    others = [f for f in rec["figures"] if f["label"] != "财政预决算类信息"]
    assert any(f["value"] == 32 and f["unit"] == "条" for f in others)
    assert score_figures(gold, others, complete=False).matched == 0
    assert score_figures(gold, rec["figures"], complete=False).matched == 1


def test_each_parsed_figure_is_credited_once(parsed):
    """pingtan_syq_2015: 重点项目简报5期 and “双百会战”简报5期 — two gold figures, two parsed ones;
    with one parsed figure left, only one gold figure is found."""
    rec = parsed("pingtan_syq_2015.txt")
    gold = [GoldFigure("简报", 5, "期", None), GoldFigure("简报", 5, "期", None)]
    both = [f for f in rec["figures"] if f["value"] == 5 and f["unit"] == "期"]
    assert len(both) == 2
    assert score_figures(gold, both, complete=True).matched == 2
    one = score_figures(gold, both[:1], complete=True)
    assert (one.matched, len(one.missed)) == (1, 1)


def test_labels_name_the_same_thing_after_particles():
    assert same_thing("主动公开的政府信息", "政府信息")  # 的 is a particle; one contains the other
    assert same_thing("区管委会及区直各部门占比", "区管委会及区直各部门主动公开政府信息占比")  # share suffix
    assert not same_thing("财政预决算类信息", "发布征地信息")
    assert not same_thing("其他区", "区在消化吸收试点区的经验和成果基础上")


def test_a_quoted_place_is_found_in_every_format(parsed):
    """One quote finds one place in the text, PDF and Word forms of pingtan_syq_2019 (PDF lines wrap
    inside words: “机构职\\n能类信息”)."""
    quote = "其中机构职能类信息25条"
    for name in ("pingtan_syq_2019.txt", "pingtan_syq_2019.pdf", "pingtan_syq_2019.docx", "pingtan_syq_2019.html"):
        text = parsed(name)["text"]
        at = QuoteIndex(text).locate(quote)
        assert "".join(text[at.start:at.end].split()) == quote


def test_a_quote_that_is_not_there_or_twice_is_an_error(parsed):
    index = QuoteIndex(parsed("pingtan_syq_2015.txt")["text"])
    with pytest.raises(QuoteError, match="not in the text"):
        index.locate("不存在的句子")
    with pytest.raises(QuoteError, match="more than once"):
        index.locate("四是推进")
