"""Legacy prose on the national variety: stated zeros (domain.md §2.2–2.3) on real sentences of the
excerpts, the spec's phrasings and their variants, sentences that deny nothing countable; and
words that name no value (the outline's count of parts, a sub-heading above a number)."""
from __future__ import annotations

import pytest

from pipeline.extract.legacy import prose_values
from pipeline.read import read_path
from pipeline.text.segment import segment

from excerpt_helpers import excerpt
Q = "legacy.requests."


def zeros(text: str) -> dict[str, str]:
    """The keys stated as zero in `text` (no sections: the whole text is the requests zone)."""
    return {k: v.raw for k, v in prose_values(text, [], []).items() if v.value == 0}


def excerpt_values(name: str) -> dict:
    doc = read_path(excerpt(name))
    return prose_values(doc.text, segment(doc.text, doc.tables), [])


def excerpt_zeros(name: str) -> set[str]:
    return {k for k, v in excerpt_values(name).items() if v.value == 0}


@pytest.mark.parametrize("name, keys", [
    # "2013年,我镇政府未收到信息公开的申请,也无不予公开信息的情况发生" / "没有因政府信息公开而产生的收费,
    # 也未产生减免情况" / "没有针对我镇政府信息公开申请而提起行政复议和行政诉讼的情况发生"
    ("legacy_027.txt", {Q + "received", Q + "outcome.denied", "legacy.fees.amount", "legacy.fees.waived",
                        "legacy.review.count", "legacy.litigation.count"}),
    # "无依申请公开政府信息和不予以公开政府信息" / "没有发生相关收费和减免情况" / "未发生因政府信息公开提起的
    # 行政复议和行政诉讼"
    ("legacy_001.txt", {Q + "received", Q + "outcome.denied", "legacy.fees.amount", "legacy.fees.waived",
                        "legacy.review.count", "legacy.litigation.count"}),
    # "没有接到依申请公开事项" / "没有因政府信息公开申请行政复议、诉讼和申诉的情况发生" / "未收取任何…费用"
    ("legacy_030.txt", {Q + "received", "legacy.review.count", "legacy.litigation.count", "legacy.appeal.count",
                        "legacy.fees.amount"}),
    # "没有向依申请公开对象收取复印、传真、递送等任何费用,也无减免情况": fees, not applications
    ("legacy_038.txt", {Q + "received", "legacy.fees.amount", "legacy.fees.waived"}),
    # "没有收费" / "…行政复议案、行政诉讼案和有关的申诉案"
    ("legacy_008.txt", {Q + "received", "legacy.fees.amount", "legacy.review.count", "legacy.litigation.count",
                        "legacy.appeal.count"}),
])
def test_zeros_stated_on_real_pages(name, keys):
    assert excerpt_zeros(name) == keys


@pytest.mark.parametrize("sentence, keys", [
    # received (spec §2.3 and variants seen on the excerpts)
    ("未收到有关政府信息公开的申请。", {Q + "received"}),
    ("本年度没有接到群众要求公开政府信息的申请。", {Q + "received"}),
    ("全年尚未受理政府信息公开申请。", {Q + "received"}),
    ("2019年沙依巴克区无依申请公开的政府信息。", {Q + "received"}),
    ("本年度未收到网上申请。", {Q + "channel.online"}),
    # answered, denied (issue 14)
    ("因未发生政府信息公开申请，故不存在政府信息公开申请答复处理情况。", {Q + "received", Q + "answered"}),
    ("我局无不予公开政府信息情况。", {Q + "outcome.denied"}),
    ("也没有不同意公开的情况。", {Q + "outcome.denied"}),
    # cases (spec §2.3: "未收到有关政府信息公开行政复议申请")
    ("未收到有关政府信息公开行政复议申请。", {"legacy.review.count"}),
    ("未发生因政府信息公开申请行政复议、提起行政诉讼的情况。", {"legacy.review.count", "legacy.litigation.count"}),
    ("本年度无行政复议和行政诉讼案件。", {"legacy.review.count", "legacy.litigation.count"}),
    ("未出现申诉、举报情况。", {"legacy.appeal.count"}),
    ("我室本年度未收到任何形式的依申请公开信息、行政复议和行政诉讼。",
     {Q + "received", "legacy.review.count", "legacy.litigation.count"}),
    # fees (spec §2.3: "对信息公开免费提供，未收取任何费用", "依申请提供政府信息暂不收费")
    ("对信息公开免费提供，未收取任何费用。", {"legacy.fees.amount"}),
    ("依申请提供政府信息暂不收费。", {"legacy.fees.amount"}),
    ("本年度没有收费，也无减免情况。", {"legacy.fees.amount", "legacy.fees.waived"}),
])
def test_zero_families_hold_on_phrasing_variants(sentence, keys):
    assert set(zeros(sentence)) == keys


@pytest.mark.parametrize("sentence", [
    "没有及时答复的情况较少。",          # 没有 + an adverb: nothing denied
    "未收到申请人的投诉。",              # 申请人 is no application
    "未发生因申请公开引起的纠纷。",      # what did not happen is no count
    "无需缴纳任何费用即可查阅。",        # 无需: no denial
    "全年收到申请3件，均已按时答复。",    # nothing denied at all
])
def test_sentences_that_state_no_zero(sentence):
    assert {k: v for k, v in zeros(sentence).items()} == {}


def test_a_stated_number_wins_over_a_later_denial():
    values = prose_values("收到申请3件。其中网上申请3件，未收到信函申请。", [], [])
    assert values[Q + "received"].value == 3 and values[Q + "channel.letter"].value == 0


def test_a_zero_says_where_it_was_stated():
    text = "二、依申请公开情况\n本年度未收到政府信息公开申请。"
    v = prose_values(text, [], [])[Q + "received"]
    assert text[v.where["span"][0]:v.where["span"][1]] == v.raw == "未收到政府信息公开申请"


@pytest.mark.parametrize("name", ["legacy_015.txt", "legacy_020.txt", "legacy_036.txt", "gb2019_015.txt"])
def test_the_outline_sentence_names_no_case_count(name):
    """"全文包括概述、…因政府信息公开被申请行政复议、行政诉讼的情况、…6个部分": 6 counts no case."""
    assert "legacy.review.count" not in excerpt_values(name)


def test_a_sub_heading_bounds_the_words_of_the_number_below_it():
    """"(三)主动公开、依申请公开和不予公开信息的情况\n全年我委主动…政府信息1411条": no refusals."""
    values = excerpt_values("legacy_025.txt")
    assert Q + "outcome.denied" not in values and values[Q + "received"].value == 36
