"""Prose figures and the number grammar on the labelled report beginnings of ../shared/corpus/excerpts."""
from __future__ import annotations

import re

from pipeline.core import parse_path
from pipeline.read import read_path
from pipeline.text.numbers import quantities

from excerpt_helpers import excerpt, labels, norm


def _as_recorded(fig: dict) -> tuple[float, str, str | None]:
    """A labelled figure in the record's convention: the labels write 万 into the unit (62.73 万条),
    the record expands it into the value with the base unit (627300 条; gold of jiangsu_yjglt_2018)."""
    value, unit = float(fig["value"]), norm(fig.get("unit"))
    if unit.startswith("万") and unit != "万元":
        value, unit = value * 10_000, unit[1:]
    return value, unit, fig.get("qualifier")


def _text(name: str) -> str:
    return read_path(excerpt(name)).text


def test_every_labelled_figure_is_found():
    missing = []
    for label in labels():
        if not label.get("figures"):
            continue
        got = {(round(float(f["value"]), 6), norm(f["unit"]), f["qualifier"])
               for f in parse_path(excerpt(label["file"])).to_dict()["figures"]}
        for fig in label["figures"]:
            value, unit, qualifier = _as_recorded(fig)
            if (round(value, 6), unit, qualifier) not in got:
                missing.append((label["file"], fig))
    assert missing == []


def test_qualifier_word_ending_its_line_ends_a_bare_number():
    """"…主动公开政府信息260余" and a line break: the count stands without a measure word."""
    found = [(q.value, q.unit, q.qualifier) for q in quantities(_text("gb2019_022.txt")) if q.value == 260]
    assert found == [(260, None, "at_least")]


def test_table_cells_one_per_line_are_no_counts():
    text = _text("gb2019_049.txt")  # the table comes one cell per line ("0 |\n0 |\n")
    cells = text[text.index("第二十条第(一)项"):]
    assert [q.raw for q in quantities(cells)] == []


def test_compound_and_rare_measure_words():
    assert [(q.value, q.unit) for q in quantities(_text("gb2019_044.txt")) if q.raw.startswith("88")] == [(880000, "条次")]
    assert [(q.value, q.unit) for q in quantities(_text("legacy_027.txt")) if q.value == 36] == [(36, "只")]


def test_traditional_script_units_as_printed():
    """A Big5 gateway page: 62個 is a count, its unit printed as the page prints it."""
    found = {(q.value, q.unit) for q in quantities(_text("gb2019_000.txt"))}
    assert (62, "個") in found and (189, "人") in found
    assert [(q.value, q.unit, q.qualifier) for q in quantities("主動公開信息1.2萬餘條，約300個")] == [
        (12000, "條", "at_least"), (300, "個", "approx")]


def test_the_outline_count_of_parts_is_no_count():
    """"…其他需要报告的事项等六个部分组成" / "共六部分" / "等6个部分": the report's outline, not a count."""
    pages = [label["file"] for label in labels() if re.search(r"[0-9一二三四五六七八九十]个?部分", _text(label["file"]))]
    assert len(pages) >= 20
    for name in pages:
        text = _text(name)
        assert [q.raw for q in quantities(text) if text[q.end:q.end + 2] in ("部分", "方面")
                or text[q.end - 1:q.end + 1] == "部分"] == [], name
