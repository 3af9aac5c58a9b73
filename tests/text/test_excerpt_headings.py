"""Headings on the national variety: the labelled report beginnings of ../shared/corpus/excerpts.

Each trap family has a real page: a heading split over two lines (一、 / 总体情况), a mirror host's
lost characters ending a heading (总体情况?), a list that lost its numbers (• 总体情况), traditional
script; plus shapes the excerpts do not show whole (run-on titles joined by a conjunction, an outline
laid out before the body, （一） at the top level).
"""
from __future__ import annotations

import pytest

from pipeline.read import read_path
from pipeline.text.segment import classify, segment

from excerpt_helpers import excerpt, labels, norm


def _sections(name: str):
    doc = read_path(excerpt(name))
    return doc.text, segment(doc.text, doc.tables)


def _titles(name: str) -> list[str]:
    return [norm(s.title) for s in _sections(name)[1]]


def test_every_labelled_heading_list_and_no_false_heading():
    """The labelled headings in order; any heading beyond them is the one the excerpt's end cuts
    (the labels leave it out), never a sentence or a table label."""
    wrong = []
    for label in labels():
        if label.get("sections") is None:
            continue
        text, sections = _sections(label["file"])
        want = [norm(t) for t in label["sections"]]
        got = [norm(s.title) for s in sections]
        extra = sections[len(want):]
        if got[:len(want)] != want or len(extra) > 1 or any(s.start + len(s.title) < len(text.rstrip()) for s in extra):
            wrong.append((label["file"], want, got))
    assert wrong == []


def test_heading_split_over_two_lines():
    assert _titles("gb2019_037.txt") == ["一、总体情况"]  # "一、\n总体情况"
    assert _titles("gb2019_049.txt")[:2] == ["一、总体情况", "二、主要公开政府信息情况"]  # "二、\n主要…"


def test_marker_at_the_end_of_the_text_is_no_heading():
    text, sections = _sections("gb2019_030.txt")  # the excerpt ends on a bare 二、
    assert text.rstrip().endswith("二、") and [s.title for s in sections] == ["一、总体情况"]


def test_lost_character_ending_a_heading_is_dropped():
    text, sections = _sections("gb2019_007.txt")
    assert "一、总体情况?" in text and sections[0].title == "一、总体情况"


def test_bullet_left_by_a_list_that_lost_its_numbers():
    text, sections = _sections("gb2019_006.txt")  # "  • 总体情况" then a bulleted paragraph
    assert [s.title for s in sections] == ["总体情况"] and sections[0].kind == "overview"
    assert text[sections[0].start - 2:sections[0].start] == "• "


def test_traditional_script_headings_and_kinds():
    assert _titles("gb2019_000.txt")[0] == "一、總體情況"
    assert [classify(t) for t in ("一、總體情況", "二、主動公開政府信息情況", "三、收到和處理政府信息公開申請情況",
                                  "四、政府信息公開行政復議、行政訴訟情況", "五、存在的主要問題及改進情況")] == \
        ["overview", "active", "requests", "review", "problems"]


def test_run_on_title_joined_by_a_conjunction_is_whole():
    text = ("三、依申请公开情况本年度未收到申请。四、审批事项及处理情况我局严格按照规定办理审批事项。"
            "五、存在的问题和改进措施一是加强培训。六、政府信息公开情况及时发布")
    titles = [s.title for s in segment("一、概述今年推进公开。二、主动公开情况公开10条。" + text)]
    assert titles[3:5] == ["四、审批事项及处理情况", "五、存在的问题和改进措施"]
    assert titles[5] == "六、政府信息公开情况"  # 及时 is no conjunction


def test_outline_laid_out_before_the_body_is_not_the_body_headings():
    body = "一、总体情况\n今年推进。\n二、主动公开政府信息情况\n公开10条。\n三、收到和处理政府信息公开申请情况\n无。"
    outline = "目录\n一、总体情况\n二、主动公开政府信息情况\n三、收到和处理政府信息公开申请情况\n"
    sections = segment(outline + body)
    assert [s.title for s in sections] == ["一、总体情况", "二、主动公开政府信息情况", "三、收到和处理政府信息公开申请情况"]
    assert sections[0].start == len(outline)


@pytest.mark.parametrize("outline", [
    "本报告包括：\n一、总体情况\n二、主动公开政府信息情况\n三、收到和处理政府信息公开申请情况\n",
    "全文包括：一、总体情况；二、主动公开政府信息情况；三、其他需要报告的事项。",
    "全文包括一、总体情况，二、主动公开政府信息情况，三、其他需要报告的事项等三个部分。",
])
def test_outline_the_body_never_heads_gives_no_sections(outline):
    assert segment(outline + "今年推进公开，公开10条。") == []


def test_bracketed_numbers_at_the_top_level():
    text = ("（一）总体情况\n今年推进。\n（二）主动公开政府信息情况\n公开10条。\n"
            "（三）收到和处理政府信息公开申请情况\n无。")
    assert [(s.title, s.kind) for s in segment(text)] == [
        ("（一）总体情况", "overview"), ("（二）主动公开政府信息情况", "active"),
        ("（三）收到和处理政府信息公开申请情况", "requests")]


def test_bracketed_sub_items_are_no_top_level_when_the_report_has_numbered_sections():
    text = "一、总体情况\n（一）主动公开政府信息情况\n公开10条。\n二、其他需要报告的事项\n无。"
    assert [s.title for s in segment(text)] == ["一、总体情况", "二、其他需要报告的事项"]


def test_bracketed_items_that_do_not_open_with_the_overview_are_sub_items():
    """A page that lost its 一、 heading keeps its sub-items （一）主动公开… as parts, not sections."""
    text = "总体情况\n（一）主动公开政府信息情况\n公开10条。\n（二）依申请公开情况\n无。"
    assert segment(text) == []


def test_full_width_and_ascii_dots_after_the_ordinal():
    text = "一．总体情况\n内容。\n二.主动公开政府信息情况\n内容。\n三．收到和处理政府信息公开申请情况\n无。"
    assert [s.title for s in segment(text)] == ["一．总体情况", "二.主动公开政府信息情况", "三．收到和处理政府信息公开申请情况"]
