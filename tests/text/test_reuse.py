"""Text reuse on real reports: copies the gold files record, and reports that share nothing."""
from __future__ import annotations

import pytest

from pipeline.text.reuse import MIN_PASSAGE_CHARS, measure, sentences


def text(parsed, name: str) -> str:
    return parsed(name)["text"]


def test_a_report_fully_reuses_itself(parsed):
    t = text(parsed, "pingtan_syq_2014.txt")
    r = measure(t, t)
    assert r.sentence_share == 1.0 and r.shingle_share == 1.0
    assert r.reused_chars > 0.9 * len(t.strip())


def test_cross_agency_copy_pingtan_2011(parsed):
    # gold: the 实验区 2011 body is a near copy of the 平潭县 2011 report (different organs)
    r = measure(text(parsed, "pingtan_ptx_2011.txt"), text(parsed, "pingtan_syq_2011.txt"))
    assert r.sentence_share > 0.6 and r.shingle_share > 0.8
    joined = "".join(p.text for p in r.passages)
    assert "政府信息公开工作专项经费" in joined


def test_copied_problems_paragraph_with_one_word_changed(parsed):
    # gold: 2012 section 五 repeats 2011 almost word for word, 我县 → 我区
    a, b = text(parsed, "pingtan_syq_2011.txt"), text(parsed, "pingtan_syq_2012.txt")
    r = measure(a, b)
    hit = [p for p in r.passages if "经办人员流动性大" in p.text]
    assert hit and hit[0].text == b[hit[0].start:hit[0].end]
    assert "我区" in b and "我县" in a
    # the sentence itself changed (我县 → 我区), so it is not among the exactly repeated sentences
    changed = b.index("仍存在一些不足")
    assert not any(s <= changed < e for s, e in r.sentence_spans)
    assert len(r.sentence_spans) == r.sentences_reused


def test_prior_year_copies_are_much_higher_than_an_honest_rewrite(parsed):
    copied = measure(text(parsed, "pingtan_ptx_2012.txt"), text(parsed, "pingtan_ptx_2013.txt"))
    rewritten = measure(text(parsed, "pingtan_syq_2014.txt"), text(parsed, "pingtan_syq_2015.txt"))
    assert copied.sentence_share > 0.8  # gold: sections 一 and 四 repeat 2012 almost word for word
    assert rewritten.sentence_share < 0.3
    # counted over the sentences long enough to count (see MIN_SENTENCE_CHARS)
    later = text(parsed, "pingtan_ptx_2013.txt")
    assert copied.sentences == len(sentences(later))


def test_unrelated_reports_share_no_passage(parsed):
    r = measure(text(parsed, "jiangsu_yjglt_2018.txt"), text(parsed, "huaian_szf_2024.pdf"))
    assert r.sentences_reused == 0 and r.passages == []
    assert r.shingle_share < 0.05


def test_numbers_do_not_hide_a_copy():
    a = "2018年，本机关共受理政府信息公开申请12件，均已在法定期限内予以答复，未发生行政复议和行政诉讼。"
    b = "2019年，本机关共受理政府信息公开申请35件，均已在法定期限内予以答复，未发生行政复议和行政诉讼。"
    r = measure(a, b)
    assert r.sentence_share == 1.0 and len(r.passages) == 1
    assert r.passages[0].text.startswith("年，本机关共受理") and "35件" in r.passages[0].text
    assert len(r.passages[0].text) >= MIN_PASSAGE_CHARS


def test_empty_later_text_has_no_share():
    r = measure("政府信息公开工作年度报告正文。", "")
    assert r.sentence_share is None and r.shingle_share is None


@pytest.mark.parametrize("name", ["pingtan_syq_2019.html", "pingtan_syq_2019.txt"])
def test_two_forms_of_one_report_reuse_most_sentences(parsed, name):
    r = measure(text(parsed, "pingtan_syq_2019.docx"), text(parsed, name))
    assert r.sentence_share > 0.8
