"""Robustness of the page-level reading: every labelled excerpt (real report pages of the national
variety) re-served as a different portal of the same kind would serve it (tests/text/excerpt_variants.py:
other pages' chrome, a portal name or banner line, a header date of today, the title split, spaced, year
first, repeated or cut, byline separators, field order and date forms, GBK HTML with or without a
metadata box, a crawler dump header, full-width or ASCII punctuation, blank lines, CRLF) must keep the
agency, year, era and publication date read on the page as served.

Measured on the 105 excerpts (26 variant kinds, 6624 variant fields): 99.52% right before (byline
dates printed 2021/01/29, 2021.01.29 or 年月日 standing free, fields with a blank or bar after the label,
a byline in a metadata box labelled 发布时间/发文日期/时间, a portal banner line taken for the issuer on
pages without a title, a title's organ line with a bracketed second name); 100% after. The floor leaves
room for a page a later rule reads differently in one variant.
"""
from __future__ import annotations

import pytest

from pipeline.core import parse_bytes, parse_path
from pipeline.read.byline import read_byline

from excerpt_helpers import excerpt, labels, norm
from excerpt_variants import (byline_date_written, byline_separator, chrome_lines, gbk_html, html_byline_box,
                              title_cut_copy, title_only_in_head, title_rewritten, variants)

FIELDS = ("agency", "year", "era", "published")
FLOOR = 0.995


def _right(label: dict, meta: dict, key: str) -> bool:
    if key == "agency":
        return norm(meta.get("agency")) == norm(label["agency"])
    return meta.get(key) == label[key]


@pytest.fixture(scope="module")
def pages() -> list[tuple[dict, str, dict]]:
    """(label, page text, meta as read on the page as served) of every labelled excerpt."""
    out = []
    for label in labels():
        path = excerpt(label["file"])
        out.append((label, path.read_text(encoding="utf-8"), parse_path(path).to_dict()["meta"]))
    return out


def test_portal_variants_keep_agency_year_era_and_date(pages):
    chrome = [chrome_lines(text, meta.get("title")) for _, text, meta in pages]
    right, total, misses = 0, 0, []
    for i, (label, text, meta) in enumerate(pages):
        donors = [pages[(i + k) % len(pages)] for k in range(1, len(pages))]
        other_chrome = next((chrome[(i + k) % len(pages)] for k in range(1, len(pages)) if chrome[(i + k) % len(pages)]), [])
        owner = next(d[0]["agency"] for d in donors if d[0].get("agency"))
        judged = [k for k in FIELDS if label.get(k) and _right(label, meta, k)]
        for name, data, fname in variants(text, meta.get("title"), other_chrome, owner):
            got = parse_bytes(data, fname).to_dict().get("meta") or {}
            for key in judged:
                total += 1
                if _right(label, got, key):
                    right += 1
                else:
                    misses.append(f"{name} {label['file']} {key}: want {label[key]!r} got {got.get(key)!r}")
    assert total > 6000
    assert right / total >= FLOOR, "\n".join(misses)


def test_variants_change_the_page():
    """The variants do what they say on a real page (a test of the test material)."""
    text = excerpt("gb2019_001.txt").read_text(encoding="utf-8")  # 来源:天津市河东区民政局 发布时间:2020-01-20 08:00
    assert "来源 天津市河东区民政局" in byline_separator(" ")(text)
    assert "发布时间|2020/01/20" in byline_date_written("slash")(byline_separator("|")(text))
    title = parse_path(excerpt("gb2019_001.txt")).meta.title
    assert title and title[:-2] + "\n" in title_cut_copy(text, title)
    page = gbk_html(text, title)
    assert b"charset=gbk" in page and page.decode("gbk")


@pytest.mark.parametrize("line,date", [
    ("2021/01/29", "2021-01-29"),
    ("2021.01.29 10:20", "2021-01-29"),
    ("2021年01月29日", "2021-01-29"),
    ("2019年07月07日 19:35 湖北省人民政府网", "2019-07-07"),
    ("来源 天津市河东区民政局 发布时间 2020-01-20 08:00", "2020-01-20"),
])
def test_byline_dates_in_every_portal_form(line, date):
    assert read_byline(f"某县2020年政府信息公开工作年度报告\n{line}\n根据《条例》规定，编制本报告。").published == date


@pytest.mark.parametrize("line", [
    "2019年12月3日星期二",  # the portal header's today
    "生效日期：2021.03.01",  # a date of another kind
    "根据2020年1月1日起施行的办法",  # a date inside a sentence
])
def test_dates_that_are_not_the_publication(line):
    assert read_byline(f"{line}\n某县2020年政府信息公开工作年度报告\n根据《条例》规定，编制本报告。").published is None


def test_a_portal_banner_is_not_the_issuer_of_an_untitled_page():
    """legacy_029 has no title line (特向社会公布2013年陕西省财政厅政府信息公开工作报告): a banner line naming
    another portal's owner above it must not outrank the report the intro names."""
    text = excerpt("legacy_029.txt").read_text(encoding="utf-8")
    meta = parse_bytes(("孝昌县人民政府\n\n" + text).encode("utf-8"), "page.txt").meta
    assert (meta.agency, meta.agency_source) == ("陕西省财政厅", "notice-intro")


def test_an_organ_line_with_a_second_name_in_brackets_heads_a_split_title():
    """gb2021_040's title split at the year: the organ line ends with its second name in brackets."""
    text = excerpt("gb2021_040.txt").read_text(encoding="utf-8")
    title = parse_path(excerpt("gb2021_040.txt")).meta.title
    meta = parse_bytes(title_rewritten("split-at-year")(text, title).encode("utf-8"), "page.txt").meta
    assert meta.agency == "云南滇中新区临空先进制造业发展局(临空先进制造业区管委会)"


@pytest.mark.parametrize("name,published", [
    ("gb2021_003.txt", "2022-02-03"),  # 发布时间:2022-02-03 发布机构:侯贯镇
    ("gb2019_014.txt", "2021-01-22"),  # 发布机构:鄂托克旗政务服务局 发文日期:2021年01月22日
    ("legacy_039.txt", "2017-01-12"),  # 来源:区人民政府办公室 时间:2017-01-12 10:01
])
def test_a_byline_printed_as_a_metadata_box_gives_the_date(name, published):
    text = excerpt(name).read_text(encoding="utf-8")
    page = html_byline_box(text, parse_path(excerpt(name)).meta.title)
    assert page is not None and "<table>" in page.decode("gbk")
    assert parse_bytes(page, "page.html").meta.published == published


def test_an_undated_title_only_in_the_html_head_names_the_issuer():
    """gb2019_043's title has no year (驼峰路街道办事处政府信息公开工作年度报告); served with it only in
    <title> (…_portal), the page still names the street office."""
    text = excerpt("gb2019_043.txt").read_text(encoding="utf-8")
    title = parse_path(excerpt("gb2019_043.txt")).meta.title
    meta = parse_bytes(title_only_in_head(text, title, "某市人民政府"), "page.html").meta
    assert (meta.agency, meta.agency_source, meta.year) == ("驼峰路街道办事处", "title", 2020)


def test_a_list_of_other_reports_above_the_title_does_not_replace_it(pages):
    """A side menu of related reports (another organ's or year's title on a line) above the page's own
    title: the title the rest of the head names (organ, period year) wins, or on a tie the last before
    the body. Judged on the pages whose agency a title gives; measured 35/154 agency and year right
    before (the first title in the head was taken), all after. Pages with no title of their own take a
    listed title (not asserted: a lone title line is read as the page's)."""
    right, total, misses = 0, 0, []
    for i, (label, text, meta) in enumerate(pages):
        if not (meta.get("agency_source") or "").startswith(("title", "place-title")):
            continue
        other = next(m.get("title") for _, _, m in pages[i + 1:] + pages[:i]
                     if m.get("title") and m.get("year") and m.get("agency") != meta.get("agency"))
        got = parse_bytes(f"相关信息\n{other}\n\n{text}".encode("utf-8"), "page.txt").meta
        for key, value in (("agency", got.agency), ("year", got.year)):
            total += 1
            right += value == meta.get(key)
            if value != meta.get(key):
                misses.append(f"{label['file']} {key}: {meta.get(key)!r} became {value!r}")
    assert total > 140
    assert right == total, misses
