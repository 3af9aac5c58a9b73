"""The review page's data and citations on the real corpus (the page itself is driven in test_review_browser.py)."""
from __future__ import annotations

import re

from pipeline.record import Record
from pipeline.review.citation import CONTEXT_CHARS, cite
from pipeline.review.coverage import region_tree, statuses
from pipeline.review.page import html_page, read_page_data

from review_fixtures import by_name, checked_corpus


def test_page_is_one_file_that_loads_nothing():
    page = html_page(checked_corpus())
    assert "default-src 'none'" in page  # the Content-Security-Policy forbids any fetch
    markup = re.sub(r'<script type="application/octet-stream".*?</script>', "", page, flags=re.S)
    assert not re.search(r"""(?:src|href)\s*=|@import|url\(|<link|https?://""", markup)


def test_page_data_holds_every_report_and_finding():
    recs = checked_corpus()
    page = html_page(recs)
    index, details = read_page_data(page), read_page_data(page, "details")
    assert len(index["reports"]) == len(details["reports"]) == len(recs)
    for rec, shown, detail in zip(recs, index["reports"], details["reports"]):
        rules, sevs = index["rule_ids"], ("error", "warning", "info")
        assert [[rules[r], sevs[s], m] for r, s, m in shown["findings"]] == [
            [f.rule, f.severity, f.message] for f in rec.findings]
        assert detail["path"] == rec.source.path and detail["published"] == rec.meta.published
        assert len(detail["cites"]) == len(rec.findings)
        assert shown["counts"] == [sum(f.severity == s for f in rec.findings) for s in ("error", "warning", "info")]
    assert set(index["rules"]) == {f.rule for r in recs for f in r.findings}
    assert all(rule["title"] and rule["advice"] for rule in index["rules"].values())


def test_narrative_finding_cites_its_sentence_and_the_cells_it_contradicts():
    """shanghai_szfbgt_2019: “予以公开及部分公开258件” against table 3 rows (一)+(二) = 275."""
    rec = by_name(checked_corpus(), "shanghai_szfbgt_2019.html")
    f = next(f for f in rec.findings if f.rule == "narrative.vs_table3" and "258" in f.message)
    c = cite(rec, f)
    assert c.quotes[0].text == rec.text[f.span[0]:f.span[1]] and "258件" in c.quotes[0].text
    assert len(c.quotes[0].before) <= 60 and "。" not in c.quotes[0].before  # its own sentence, not the section
    [table] = c.tables
    assert table.name == "表三"
    hit_keys = sorted(cell.key for _, _, cell in table.hits())
    assert hit_keys == sorted(f.keys)
    for row, col, cell in table.hits():  # each highlighted cell sits at its value's own row and column
        v = rec.values[cell.key]
        shown = None if v.value is None else v.raw  # Shanghai leaves 总计 blank: shown blank, not 0
        assert (v.where["row"], v.where["column"], cell.raw) == (row, col, shown)


def test_blank_cells_are_cited_as_blank_not_zero():
    rec = by_name(checked_corpus(), "shanghai_szfbgt_2019.html")
    f = next(f for f in rec.findings if f.rule == "t3.blank_total_column")
    [table] = cite(rec, f).tables
    hits = table.hits()
    assert len(hits) == len(f.keys) and all(cell.raw is None for _, _, cell in hits)
    assert {col for _, col, _ in hits} == {"总计"}


def test_signature_date_is_quoted_with_the_line_that_signs_it():
    rec = by_name(checked_corpus(), "jiangsu_yjglt_2018.txt")
    f = next(f for f in rec.findings if f.rule == "date.signed_before_period_end")
    c = cite(rec, f)
    assert ("落款日期", "2018-02-27") in c.fields
    signed = c.quotes[0]
    assert signed.text == "2018年2月27日" and "江苏省应急管理厅" in signed.before
    assert "统计期限" in c.quotes[1].plain()


def test_a_finding_with_nothing_to_point_at_has_an_empty_citation():
    rec = by_name(checked_corpus(), "jiangsu_yjglt_2018.txt")
    f = next(f for f in rec.findings if f.rule == "completeness.review_missing")
    assert cite(rec, f).empty


def test_a_long_span_is_quoted_by_its_two_ends():
    recs = checked_corpus()
    found = [(r, f) for r in recs for f in r.findings if f.span and f.span[1] - f.span[0] > 200]
    assert found  # copied passages and empty sections cite long spans
    for rec, f in found:
        q = cite(rec, f).quotes[0]
        assert len(q.text) <= 125 and q.text.startswith(rec.text[f.span[0]:f.span[0] + 20])


def test_coverage_tree_counts_agencies_not_copies():
    recs = checked_corpus()
    nodes = {n.path: n for n in region_tree([s for _, s in statuses(recs)]) if not n.agency}
    fuzhou = nodes[("福建省", "福州市")]
    # 平潭县人民政府 and 平潭综合实验区 (the latter once per year however many formats):
    # both published 2011 reports after 31 March 2012 (2012-04-18 and 2012-04-11).
    y2011 = fuzhou.years[2011]
    assert (y2011.expected, y2011.published, y2011.on_time, y2011.late) == (2, 2, 0, 2)
    y2019 = fuzhou.years[2019]  # four copies (html, docx, pdf, txt) of one report
    assert (y2019.published, y2019.expected) == (1, 2)
    assert nodes[("江苏省", "淮安市")].years[2024].published == 1


def test_zero_reports_give_a_page_that_says_so():
    page = html_page([])
    assert read_page_data(page)["reports"] == [] and "0 reports" in page


def test_an_agency_without_division_is_unplaced(tmp_path):
    rec: Record = by_name(checked_corpus(), "jiangsu_yjglt_2018.txt")
    rec.meta.agency = "中国民用航空局"  # a national organ: no division names it
    rec.text = rec.text.replace("江苏", "")  # nor its address or opening text
    rec.meta.title = rec.meta.contact.address = None
    index = read_page_data(html_page([rec]))
    assert index["regions"][index["reports"][0]["region"]] == "unplaced"


def test_claim_against_table_four_cites_the_claim_and_the_pending_cases():
    """shanghai_szfbgt_2019 says 均获维持 while table 4 has cases 尚未审结."""
    rec = by_name(checked_corpus(), "shanghai_szfbgt_2019.html")
    f = next(f for f in rec.findings if f.rule == "narrative.all_upheld")
    c = cite(rec, f)
    assert c.quotes[0].text == "均获维持"
    [table] = c.tables
    assert table.name == "表四" and {(row, col) for row, col, _ in table.hits()} == {
        ("行政复议", "尚未审结"), ("未经复议直接起诉", "尚未审结")}


def test_emptied_period_sentence_is_quoted():
    """pingtan_ptx_2013 prints its period sentence with the dates removed."""
    rec = by_name(checked_corpus(), "pingtan_ptx_2013.txt")
    f = next(f for f in rec.findings if f.rule == "period.missing")
    assert cite(rec, f).quotes[0].plain() == "本报告所列数据的统计期限自至。"


def test_a_quote_ends_with_its_sentence_or_says_it_was_cut():
    cut = 0  # quotes marked … where their sentence runs on past CONTEXT_CHARS
    for rec in checked_corpus():
        headings = {h.start for sec in rec.sections for h in (sec, *sec.parts)}
        for f in rec.findings:
            if not f.span:
                continue
            after = cite(rec, f).quotes[0].after
            rest = rec.text[f.span[1]:f.span[1] + CONTEXT_CHARS]
            runs_on = not any(c in rest for c in "。！？；!?;") and len(rest) == CONTEXT_CHARS and not any(
                f.span[1] < h <= f.span[1] + CONTEXT_CHARS for h in headings)
            if after.endswith("…"):  # marked cut only where the sentence does run on
                assert runs_on, (f.rule, after)
                cut += 1
    assert cut  # some cited sentences run on for more than CONTEXT_CHARS


def test_a_page_that_is_no_report_publishes_nothing():
    recs = checked_corpus()
    rec = by_name(recs, "jiangsu_yjglt_2018.txt")
    rec.meta.not_a_report = "list"  # as the meta stage marks a list page of reports
    assert rec not in [r for r, _ in statuses(recs)]
