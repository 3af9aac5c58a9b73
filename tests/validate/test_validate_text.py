"""Content rules on real reports: completeness, empty sections, stated sums and shares, and the
narrative against tables 3 and 4."""
from __future__ import annotations

import regex

from pipeline.record import Figure
from pipeline.validate import validate
from validate_helpers import findings_of, record, rules_of, with_gold_values


# --- completeness ---

def test_legacy_fee_statement_missing_or_present():
    for name in ("pingtan_ptx_2011.txt", "pingtan_ptx_2012.txt", "pingtan_ptx_2013.txt", "pingtan_syq_2011.txt",
                 "pingtan_syq_2012.txt", "pingtan_syq_2013.txt", "pingtan_syq_2017.txt", "pingtan_syq_2018.txt",
                 "pingtan_syq_2018.html"):  # 2012/2017/2018 mention only 价格和收费信息 / 行政事业性收费信息
        assert findings_of(record(name), "completeness.fees_missing"), name
    for name in ("jiangsu_yjglt_2018.txt", "pingtan_syq_2014.txt", "pingtan_syq_2015.txt"):
        assert not findings_of(record(name), "completeness.fees_missing"), name


def test_legacy_review_missing_on_the_seed_only():
    (f,) = findings_of(record("jiangsu_yjglt_2018.txt"), "completeness.review_missing")
    assert "行政复议" in f.message and "行政诉讼" not in f.message
    assert not findings_of(record("pingtan_ptx_2011.txt"), "completeness.review_missing")


def test_legacy_items_present():
    rec = record("pingtan_syq_2015.txt")
    assert not [r for r in rules_of(rec, "completeness.") if r != "completeness.fees_missing"]
    rec.text = regex.sub(r"问题|不足|改进", "", rec.text)
    rec.sections = [s for s in rec.sections if s.kind != "problems"]
    assert "completeness.problems_missing" in [f.rule for f in validate(rec)]


def test_template_sections_and_tables():
    rec = record("huaian_szf_2024.pdf")
    assert not findings_of(rec, "completeness.template_sections")
    assert not findings_of(rec, "completeness.template_tables")  # labels found in the PDF text
    rec.sections = [s for s in rec.sections if s.kind != "review"]
    rec.text = rec.text.replace("复议后起诉", "").replace("未经复议直接起诉", "")
    rec.values = {k: v for k, v in rec.values.items() if not k.startswith("t4.")}  # table reader's cells
    got = [f.message for f in validate(rec)]
    assert any("四、政府信息公开行政复议、行政诉讼情况" in m for m in got)
    assert any("表四" in m for m in got)


def test_processing_fee_statement_from_2021():
    assert not findings_of(record("pingtan_syq_2021.txt"), "completeness.fee_statement")
    rec = record("pingtan_syq_2021.txt")
    rec.text = rec.text.replace("信息处理费", "")
    rec.values.pop("fee.processing", None)
    assert "completeness.fee_statement" in [f.rule for f in validate(rec)]


def test_boilerplate_section():
    (f,) = findings_of(record("shanghai_szfbgt_2019.html"), "section.boilerplate")
    assert "“无。”" in f.message
    (g,) = findings_of(record("pingtan_syq_2019.html"), "section.boilerplate")
    assert "无其他需要报告的事项" in g.message
    assert not findings_of(record("huaian_szf_2024.pdf"), "section.boilerplate")


def test_fee_notices_not_explained():
    (f,) = findings_of(with_gold_values("pingtan_syq_2025.html"), "fee.unpaid_not_explained")
    assert "2 件" in f.message and f.severity == "info"
    # 淮安 2024 charged 3940 元, so fee notices are implied: no finding (its gold: X-6 ok).
    assert not findings_of(with_gold_values("huaian_szf_2024.pdf"), "fee.unpaid_not_explained")


# --- stated sums and shares, on the Figure contract (parent = index of the total) ---

def _figures(rec, total_at: str, total_value: int, parts: list[tuple[str, str]]) -> list[Figure]:
    """Figures of a real sentence: the total, then each part (and its share) linked to it."""
    text = rec.text
    start = text.index(total_at)
    pos = start
    figs = [Figure(2, total_at, total_value, "条", None, total_at, [start, start + len(total_at)])]
    for label, n in parts:
        pos = text.index(f"{label}{n}", pos)
        figs.append(Figure(2, label, int(n), "条", None, f"{label}{n}", [pos, pos + len(label) + len(n)], parent=0))
        m = regex.match(r"[条件]?[，,]?占(\d+(?:\.\d+)?)%", text[pos + len(label) + len(n):])
        if m:
            figs.append(Figure(2, f"{label}占比", float(m.group(1)), "%", None, m.group(0),
                               [pos, pos + len(label) + len(n) + m.end()], parent=0))
    return figs


def test_seed_portal_items_add_up():
    rec = record("jiangsu_yjglt_2018.txt")
    rec.figures = _figures(rec, "1176", 1176, [("新闻动态", "690"), ("通知公告", "250"), ("财政预决算信息", "18"),
                                                ("政策文件和解读", "15"), ("事故调查处理信息", "16"),
                                                ("建议提案办理信息", "2"), ("其它", "185")])
    assert not [f for f in validate(rec) if f.rule in ("sum.parts", "percentage.mismatch")]


def test_pingtan_2012_split_and_share_errors():
    """On the parsed figures: the issuer split, the category list and the one wrong share."""
    got = record("pingtan_syq_2012.txt").findings
    sums = [f.message for f in got if f.rule == "sum.parts"]
    assert len(sums) == 2
    assert any("1397+534 = 1931" in m and "多 18" in m for m in sums)
    assert any("133+403+12+145+41+57+12+89+19 = 911" in m and "少 1002" in m for m in sums)
    (wrong,) = [f for f in got if f.rule == "percentage.mismatch"]  # 534/1913 = 27.9% printed 27: truncated
    assert wrong.severity == "warning" and "145/1913 = 7.5797%" in wrong.message and "8.05%" in wrong.message


def test_rounded_or_truncated_shares_are_not_findings():
    """pingtan_ptx_2012: 161/2026 = 7.95% printed 7.9, 60/2026 = 2.96% printed 2.9 (gold notes: no finding)."""
    got = [f for f in record("pingtan_ptx_2012.txt").findings if f.rule == "percentage.mismatch"]
    assert all("2026" in f.message and ("2475" in f.message or "1503" in f.message) for f in got)
    rec = record("pingtan_ptx_2012.txt")
    share = next(i for i, f in enumerate(rec.figures) if f.text.endswith("占2.9%"))
    rec.figures[share].value = 2.7
    assert any("60/2026" in f.message for f in validate(rec) if f.rule == "percentage.mismatch")


def test_a_bare_number_is_a_part_of_its_total():
    """pingtan 2011 "…1873条，其中主动公开政府信息425条，作为依申请公开信息数46条，不予公开信息数1402":
    425+46+1402 = 1873, no finding; the category list of the 425 adds to 421 (gold sum.categories)."""
    for name in ("pingtan_ptx_2011.txt", "pingtan_syq_2011.txt"):
        sums = [f.message for f in record(name).findings if f.rule == "sum.parts"]
        assert sums == ["“政府信息”425条 的分项 148+21+21+8+49+23+33+55+63 = 421，少 4"], sums


def test_two_breakdowns_of_one_total_are_summed_apart():
    """pingtan_syq_2014: issuers 1687+856 = 2543 hold; the categories under "主要类别有：" add to 2641."""
    sums = [f.message for f in record("pingtan_syq_2014.txt").findings if f.rule == "sum.parts"]
    assert sums == ["“主动公开政府信息”2543条 的分项 594+281+29+28+253+98+122+290+946 = 2641，多 98"]
    for name in ("pingtan_syq_2015.txt", "pingtan_syq_2017.txt", "pingtan_syq_2018.txt"):
        assert not [f for f in record(name).findings if f.rule in ("sum.parts", "percentage.mismatch")]


# --- narrative against tables ---

def test_shanghai_narrative_contradictions():
    rec = with_gold_values("shanghai_szfbgt_2019.html")
    t3 = [f.message for f in findings_of(rec, "narrative.vs_table3")]
    assert len(t3) == 2
    assert any("258件" in m and "275" in m for m in t3) and any("265件" in m and "337" in m for m in t3)
    shares = findings_of(rec, "narrative.share")
    assert {(f.severity, f.message.split("”")[0]) for f in shares} == {
        ("warning", "正文“予以公开及部分公开258件，占33.9%"), ("info", "正文“不予公开35件，占4.34%")}
    (s,) = findings_of(rec, "narrative.outcomes_sum")
    assert "= 716" in s.message and "805" in s.message
    (u,) = findings_of(rec, "narrative.all_upheld")
    assert "均获维持" in u.message and "行政复议尚未审结 2" in u.message and "未经复议直接起诉尚未审结 1" in u.message
    assert rec.text[u.span[0]:u.span[1]] == "均获维持"
    assert not findings_of(rec, "narrative.vs_table4")  # 复议7件 = 7, 诉讼9件 = 9 + 0


def test_narrative_matching_tables_raises_nothing():
    for name in ("huaian_szf_2024.pdf", "pingtan_syq_2021.txt", "pingtan_syq_2023.txt", "pingtan_syq_2025.html",
                 "pingtan_syq_2025.pdf"):
        rec = with_gold_values(name)
        assert not rules_of(rec, "narrative."), (name, [f.message for f in rec.findings])


def test_pingtan_2022_counts_carried_over_as_received():
    rec = with_gold_values("pingtan_syq_2022.html")
    got = findings_of(rec, "narrative.vs_table3")
    assert got and all("上年结转" in f.message for f in got)
    assert any("75件" in f.message and "74" in f.message for f in got)
    assert not findings_of(rec, "narrative.all_upheld")  # 均已结案 with no case pending


def test_narrative_vs_table4_fails_on_a_changed_cell():
    rec = with_gold_values("huaian_szf_2024.pdf", t4__suit_after_review__total=21, t4__suit_after_review__pending=7)
    (f,) = findings_of(rec, "narrative.vs_table4")
    assert "诉讼46件" in f.message and "47" in f.message


# --- legacy values, wording defects ---

def test_legacy_sums_hold_on_the_seed_and_break_when_changed():
    rec = with_gold_values("jiangsu_yjglt_2018.txt")  # 7 + 3 = 10; 1+1+2+2+3+1 = 10
    assert not rules_of(rec, "legacy.")
    rec = with_gold_values("jiangsu_yjglt_2018.txt", legacy__requests__channel__online=8)
    (f,) = findings_of(rec, "legacy.channels_sum")
    assert "= 11" in f.message and "10" in f.message
    rec = with_gold_values("jiangsu_yjglt_2018.txt", legacy__requests__outcome__denied=3)
    assert "与收到申请总数 10 不符" in findings_of(rec, "legacy.outcomes_sum")[0].message


def test_requests_received_but_not_answered():
    (f,) = findings_of(with_gold_values("pingtan_ptx_2013.txt"), "legacy.requests_unanswered")
    assert "收到申请 7 件，答复 3 件，其余 4 件" in f.message
    assert not findings_of(with_gold_values("pingtan_ptx_2012.txt"), "legacy.requests_unanswered")  # 21 / 21


def test_enumeration_slips():
    # 一是…三是…三是: one slip (the first 三是 should be 二是), reported once
    rec = record("pingtan_syq_2023.txt")
    (f,) = findings_of(rec, "text.enumeration")
    assert f.message.split("：")[-1][:6] == "“三是”跳号"
    assert rec.text[f.span[0] - 7:f.span[1]] == "存在信息噪音；三是"
    # an outer list of short sentences (一是推进行政权力清单公开。…), each with an inner 一是… list;
    # its first 一是 runs on from the sub-heading; 四是 is used twice (政府采购, 重大建设项目)
    rec = record("pingtan_syq_2015.txt")
    (f,) = findings_of(rec, "text.enumeration")
    assert "“四是”重复" in f.message
    assert rec.text[f.span[0]:f.span[0] + 10] == "四是推进重大建设项目"
    for name in ("pingtan_syq_2025.html", "huaian_szf_2024.pdf", "shanghai_szfbgt_2019.html", "pingtan_syq_2022.pdf"):
        assert not findings_of(record(name), "text.enumeration"), name


def test_heading_typo():
    (f,) = findings_of(record("pingtan_syq_2022.html"), "section.heading_nonstandard")
    assert "行政法复议" in f.message
    assert not findings_of(record("pingtan_syq_2023.txt"), "section.heading_nonstandard")


def test_count_missing_before_its_unit():
    for name in ("pingtan_syq_2019.txt", "pingtan_syq_2019.pdf"):
        (f,) = findings_of(record(name), "text.missing_number")
        assert "核准企业资质条" in f.message
    assert not findings_of(record("pingtan_syq_2018.txt"), "text.missing_number")  # "15564件咨询投诉件"


def test_sub_breakdown_of_a_part_is_not_a_further_part():
    # pingtan_syq_2019: 380条 = 152 + 197（32 + 165）+ 27 + 4
    rec = record("pingtan_syq_2019.txt")
    rec.figures = _figures(rec, "380", 380, [("专项资金", "152"), ("预决算公开", "197"), ("政府预决算", "32"),
                                              ("部门预决算公开", "165"), ("经费", "27"), ("债券发行", "4")])
    assert not [f for f in validate(rec) if f.rule == "sum.parts"]
    rec.figures[-1].value = 5
    assert "152+197+27+5 = 381" in [f for f in validate(rec) if f.rule == "sum.parts"][0].message


def test_intro_outline_against_the_sections():
    (f,) = findings_of(record("pingtan_syq_2012.txt"), "structure.intro_mismatch")  # 二、重点领域 unannounced
    assert "五个部分" in f.message and "共 6 部分" in f.message
    for name in ("pingtan_syq_2011.txt", "pingtan_syq_2014.txt", "pingtan_syq_2015.txt", "pingtan_syq_2018.html"):
        assert not findings_of(record(name), "structure.intro_mismatch"), name


def test_narrative_vs_table2():
    assert not findings_of(with_gold_values("pingtan_syq_2022.html"), "narrative.vs_table2")  # 698 / 88
    # pingtan_syq_2023: the glued row '77132470' can only end in 0/70/470/2470/32470, never the 393 of 一（一）.
    (f,) = findings_of(with_gold_values("pingtan_syq_2023.txt", t2__normative__in_force=470), "narrative.vs_table2")
    assert "393件" in f.message and "470" in f.message


def test_normative_category_not_smaller_than_table2():
    """pingtan_syq_2019: 政策、规范性文件类信息68条 while table 2 gives 89 normative documents newly published;
    the txt dump's table-2 row is ambiguous (no value), so it raises nothing there."""
    for name in ("pingtan_syq_2019.html", "pingtan_syq_2019.docx", "pingtan_syq_2019.pdf"):
        (f,) = [f for f in record(name).findings if f.rule == "narrative.normative_category"]
        assert "68条" in f.message and "89" in f.message
    assert not [f for f in record("pingtan_syq_2019.txt").findings if f.rule == "narrative.normative_category"]
    rec = with_gold_values("pingtan_syq_2019.html", t2__normative__published=68)
    assert not findings_of(rec, "narrative.normative_category")


def test_category_heading_without_categories():
    """Gold content.missing (pingtan_syq_2013): '（二）主动公开政府信息的主要类别' lists no category, only 222条;
    the same heading in every other Pingtan legacy report (run-on or not) has its list."""
    (f,) = findings_of(record("pingtan_syq_2013.txt"), "content.categories_missing")
    assert "主要类别" in f.message
    for name in ("pingtan_ptx_2011.txt", "pingtan_syq_2012.txt", "pingtan_syq_2014.txt", "pingtan_syq_2018.html"):
        assert not findings_of(record(name), "content.categories_missing")


def test_page_title_against_the_reports_heading():
    """Gold pingtan_syq_2014: page '平潭综合实验区管委会2014年度…' vs heading '平潭综合实验区 2014年度…'. Sentences
    citing a report ('现公布2011年度…', '福建省人民政府办公厅关于做好2015年…') and a heading naming the
    title's last organ (jiangsu_yjglt_2018) are not headings that disagree."""
    (f,) = findings_of(record("pingtan_syq_2014.txt"), "meta.title_mismatch")
    assert "“平潭综合实验区管委会”与“平潭综合实验区”" in f.message
    for name in ("pingtan_ptx_2011.txt", "pingtan_syq_2015.txt", "pingtan_syq_2021.txt", "jiangsu_yjglt_2018.txt",
                 "pingtan_syq_2019.pdf"):
        assert not findings_of(record(name), "meta.title_mismatch")


def test_a_year_count_above_the_reports_own_total():
    """Gold narrative.internal_totals (pingtan_syq_2012): 3636 items through the portal against 1913 in all."""
    (f,) = findings_of(record("pingtan_syq_2012.txt"), "narrative.internal_totals")
    assert "3636" in f.message and "1913" in f.message
    for name in ("jiangsu_yjglt_2018.txt", "pingtan_ptx_2012.txt", "pingtan_syq_2014.txt"):
        assert not findings_of(record(name), "narrative.internal_totals")


def test_a_list_of_the_area_attributed_to_the_office():
    """pingtan_syq_2017 二（二）: "我办主动公开政府信息的主要类别有：…" — the 16 categories add up to 2122,
    the 全区 total of 二（一）; 2014 and 2015 say "我区各工作部门", which is the area."""
    (f,) = findings_of(record("pingtan_syq_2017.txt"), "narrative.list_subject")
    assert "我办" in f.message and "2122" in f.message
    for name in ("pingtan_syq_2014.txt", "pingtan_syq_2015.txt", "pingtan_syq_2018.txt", "pingtan_ptx_2011.txt"):
        assert not findings_of(record(name), "narrative.list_subject"), name
