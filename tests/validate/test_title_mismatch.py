"""meta.title_mismatch on real pages: the page title and the report's own heading naming different organs.

It fires on gold pingtan_syq_2014 (page '平潭综合实验区管委会2014年度…', heading '平潭综合实验区 2014年度…') and
on a real page given a heading of another organ; it is silent on every labelled excerpt, where title and
body name one organ: a sentence citing the report (…,现公布永嘉县统计局2015年…, legacy_038; gb2019_004), a
short form of the same office (区政府办公室 for 区人民政府办公室, gb2021_025)."""
from __future__ import annotations

import pytest

from pipeline.core import parse_bytes, parse_path
from pipeline.validate.rules.wording import same_issuer

from excerpt_helpers import excerpt, labels
from validate_helpers import findings_of, record


def test_fires_on_the_gold_mismatch():
    (f,) = findings_of(record("pingtan_syq_2014.txt"), "meta.title_mismatch")
    assert "“平潭综合实验区管委会”与“平潭综合实验区”" in f.message


def test_silent_on_every_excerpt():
    fired = [label["file"] for label in labels()
             if findings_of(parse_path(excerpt(label["file"])), "meta.title_mismatch")]
    assert fired == []


@pytest.mark.parametrize("name,other", [
    ("gb2019_004.txt", "临汾市人民政府"),  # a zone's report headed as its city's
    ("legacy_038.txt", "永嘉县人民政府"),  # a bureau's report headed as its county's
    ("gb2021_025.txt", "济南市历城区人民政府"),  # the general office's report headed as the government's
])
def test_fires_when_a_real_page_is_headed_by_another_organ(name, other):
    rec = parse_path(excerpt(name))
    heading = f"{other}{rec.meta.year}年度政府信息公开工作年度报告"
    text = excerpt(name).read_text(encoding="utf-8").replace(rec.meta.title, f"{rec.meta.title}\n{heading}", 1)
    (f,) = findings_of(parse_bytes(text.encode("utf-8"), name), "meta.title_mismatch")
    assert f"“{other}”" in f.message


@pytest.mark.parametrize("title,heading,same", [
    ("济南市历城区人民政府办公室", "济南市历城区政府办公室", True),
    ("天津市", "天津市人民政府", True),
    ("天津市河东区民政局", "河东区民政局", True),
    ("江苏省应急管理厅 江苏煤矿安全监察局", "江苏煤矿安全监察局", True),
    ("平潭综合实验区管委会", "平潭综合实验区", False),
    ("济南市历城区人民政府办公室", "济南市历城区人民政府", False),
    ("永嘉县统计局", "永嘉县人民政府", False),
])
def test_same_issuer(title, heading, same):
    assert same_issuer(title.replace(" ", ""), heading) is same


def test_titles_are_found_where_a_search_of_every_position_finds_them():
    """The report's own headings are tried only at the line starts read back from 政府信息公开; a seeded
    mix of the heading's pieces, blanks and line breaks finds what a finditer finds."""
    import random

    from pipeline.validate.rules.wording import _TITLE_IN_TEXT, titles_in_text

    pieces = ["政府信息公开", "年", "度", "工作", "报告", "2014", "平潭", "区", "（", " ", "\n", "\u3000", "。", "\x1c",
              "年度政府信息公开工作年度报告"]
    rng = random.Random(4)
    for _ in range(3000):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(0, 10)))
        assert [m.span() for m in titles_in_text(text)] == [m.span() for m in _TITLE_IN_TEXT.finditer(text)], text
