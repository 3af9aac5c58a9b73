"""Template tables 2–4: the traps of real reports, on real files and on realistic fragments."""
from __future__ import annotations

import pytest

from pipeline.domain import template as tm
from pipeline.tables.cellvalue import parse_cell
from pipeline.core import parse_path
from pipeline.tables.glued import read_flat_tables
from pipeline.tables.splits import splits
from pipeline.read.pdftables import join_continued
from pipeline.read import read_bytes, read_path
from pipeline.record import Cell, Value
from pipeline.text.segment import segment
from pipeline.tables import read_template_tables, reconcile

from conftest import corpus_file, gold_of

# ---------------------------------------------------------------- fragments built like real pages

T3_HEAD = """<tr><td colspan="3" rowspan="3">（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）</td>
<td colspan="7">申请人情况</td></tr>
<tr><td rowspan="2">自然人</td><td colspan="5">法人或其他组织</td><td rowspan="2">总计</td></tr>
<tr><td>商 业<br/>企 业</td><td>科研<br/>机构</td><td>社会公益组织</td><td>法律服务机构</td><td>其他</td></tr>"""

# (group cell or None, label, span) per data row of the 2021 template, in order.
T3_2021_ROWS = [
    (None, "一、本年新收政府信息公开申请数量", 3), (None, "二、上年结转政府信息公开申请数量", 3),
    ("三、本年度办理结果", "（一）予以公开", 2), (None, "（二）部分公开（区分处理的，只计这一情形，不计其他情形）", 2),
    ("（三）不予公开", "1.属于国家秘密", 1), (None, "2.其他法律行政法规禁止公开", 1),
    (None, "3.危及“三安全一稳定”", 1), (None, "4.保护第三方合法权益", 1), (None, "5.属于三类内部事务信息", 1),
    (None, "6.属于四类过程性信息", 1), (None, "7.属于行政执法案卷", 1), (None, "8.属于行政查询事项", 1),
    ("（四）无法提供", "1.本机关不掌握相关政府信息", 1), (None, "2.没有现成信息需要另行制作", 1),
    (None, "3.补正后申请内容仍不明确", 1),
    ("（五）不予处理", "1.信访举报投诉类申请", 1), (None, "2.重复申请", 1), (None, "3.要求提供公开出版物", 1),
    (None, "4.无正当理由大量反复申请", 1), (None, "5.要求行政机关确认或重新出具已获取信息", 1),
    ("（六）其他处理", "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请", 1),
    (None, "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请", 1), (None, "3.其他", 1),
    (None, "（七）总计", 2), (None, "四、结转下年度继续办理", 3),
]
ROWSPANS = {"(三)不予公开": 8, "(四)无法提供": 3, "(五)不予处理": 5, "(六)其他处理": 3}


def t3_html(rows=T3_2021_ROWS, cells=None) -> str:
    """A table 3 with the template's spans; `cells[i]` overrides the 7 cell texts of data row i."""
    out = [T3_HEAD]
    outcome_rows = 1 + [label for _, label, _ in rows].index("（七）总计") - 2
    for i, (group, label, span) in enumerate(rows):
        tds = []
        if group:
            rowspan = outcome_rows if group.startswith("三") else ROWSPANS[tm.norm(group)]
            tds.append(f'<td rowspan="{rowspan}">{group}</td>')
        tds.append(f'<td colspan="{span}">{label}</td>')
        values = (cells or {}).get(i, [str(i)] * 6 + [str(6 * i)])
        tds += [f"<td>{v}</td>" for v in values]
        out.append("<tr>" + "".join(tds) + "</tr>")
    return "<table>" + "".join(out) + "</table>"


T2_2021 = """<table><tr><td colspan="4">第二十条第（一）项</td></tr>
<tr><td>信息内容</td><td>本年制发件数</td><td>本年废止件数</td><td>现行有效件数</td></tr>
<tr><td>规章</td><td>1</td><td>0</td><td>11</td></tr>
<tr><td>行政规范性文件</td><td>8</td><td>26</td><td>1,066</td></tr>
<tr><td colspan="4">第二十条第（五）项</td></tr>
<tr><td>信息内容</td><td colspan="3">本年处理决定数量</td></tr>
<tr><td>行政许可</td><td colspan="3">447228</td></tr>
<tr><td colspan="4">第二十条第（八）项</td></tr>
<tr><td>信息内容</td><td colspan="3">本年收费金额（单位：万元）</td></tr>
<tr><td>行政事业性收费</td><td colspan="3">96171.6</td></tr></table>"""

T2_2019 = """<table><tr><td colspan="4">第二十条第（一）项</td></tr>
<tr><td>信息内容</td><td>本年新<br/>制作数量</td><td>本年新<br/>公开数量</td><td>对外公开总数量</td></tr>
<tr><td>规章</td><td>13</td><td>13</td><td>524</td></tr>
<tr><td>规范性文件</td><td>６０</td><td>60</td><td>368</td></tr>
<tr><td colspan="4">第二十条第（五）项</td></tr>
<tr><td>信息内容</td><td>上一年项目数量</td><td>本年增/减</td><td>处理决定数量</td></tr>
<tr><td>行政许可</td><td>120</td><td>-3</td><td>4500</td></tr>
<tr><td colspan="4">第二十条第（九）项</td></tr>
<tr><td>信息内容</td><td>采购项目数量</td><td colspan="2">采购总金额</td></tr>
<tr><td>政府集中采购</td><td>6</td><td colspan="2">251000元</td></tr></table>"""

T4 = """<table><tr><td colspan="5">行政复议</td><td colspan="10">行政诉讼</td></tr>
<tr><td rowspan="2">结果维持</td><td rowspan="2">结果<br/>纠正</td><td rowspan="2">其他结果</td>
<td rowspan="2">尚未审结</td><td rowspan="2">总计</td><td colspan="5">未经复议直接起诉</td><td colspan="5">复议后起诉</td></tr>
<tr>""" + "<td>结果维持</td><td>结果纠正</td><td>其他结果</td><td>尚未审结</td><td>总计</td>" * 2 + """</tr>
<tr><td>72</td><td>64</td><td>178</td><td>37</td><td>351</td><td>13</td><td>4</td><td>8</td><td>1</td><td>26</td>
<td>12</td><td>1</td><td>1</td><td>6</td><td>20</td></tr></table>"""


def report_html(*tables: str) -> bytes:
    parts = ["<p>一、总体情况</p><p>本机关2021年政府信息公开工作情况如下。</p>", "<p>二、主动公开政府信息情况</p>",
             tables[0] if tables else "", "<p>三、收到和处理政府信息公开申请情况</p>",
             tables[1] if len(tables) > 1 else "", "<p>四、政府信息公开行政复议、行政诉讼情况</p>",
             tables[2] if len(tables) > 2 else "", "<p>五、存在的主要问题及改进情况</p><p>无。</p>",
             "<p>六、其他需要报告的事项</p><p>无。</p>"]
    return ("<html><body><div class='TRS_Editor'>" + "".join(parts) + "</div></body></html>").encode("utf-8")


def read_fragment(data: bytes, name: str = "fragment.html", era: str = "gb2021"):
    doc = read_bytes(data, name)
    return read_template_tables(doc, segment(doc.text, doc.tables), era)


def rules(findings) -> list[str]:
    return [f.rule for f in findings]


# ---------------------------------------------------------------- label normalisation

@pytest.mark.parametrize("label, key", [
    ("1.属于国家秘密", "denied.state_secret"), ("1、属于国家秘密", "denied.state_secret"),
    ("1．属于国家秘密", "denied.state_secret"), ("2.其他法律行政止公开", "denied.law_prohibited"),
    ('3.危及"三安全一稳定"', "denied.security_stability"), ("3.危及“三安\n全 一 稳\n定”", "denied.security_stability"),
    ("5.属于三类内\n部事务信息", "denied.internal_affairs"),
])
def test_denied_rows_by_number_and_key_phrase(label, key):
    assert tm.t3_subrow("三", label).key == key


def test_group_labels_with_half_width_parentheses_and_spacing():
    assert tm.t3_group("(四)无法提供") == "四"
    assert tm.t3_group("（ 六） 其他 处理") == "六"
    assert tm.t3_group("（七）总计") is None


def test_sub_row_resolved_inside_its_group():
    assert tm.t3_subrow("四", "3.补正后申请内容仍不明确").key == "unable.unclear"
    assert tm.t3_subrow("六", "3.其他").key == "other.other"
    assert tm.t3_subrow("五", "2.重复申请").key == "not_processed.repeat"


@pytest.mark.parametrize("text, value, unit, blank", [
    ("", None, None, True), ("/", None, None, True), ("—", None, None, True), ("-", None, None, True),
    ("无", None, None, True), ("\u00a0", None, None, True), ("０１２", 12, None, False),
    ("1,066", 1066, None, False), ("96171.6", 96171.6, None, False), ("-3", -3, None, False),
    ("251000元", 251000, "元", False), ("75394432.52元", 75394432.52, "元", False),
])
def test_cell_values(text, value, unit, blank):
    cell = parse_cell(text)
    assert (cell.value, cell.unit, cell.blank) == (value, unit, blank)


def test_a_cell_that_is_not_a_number_is_not_read():
    assert parse_cell("见附件") is None


# ---------------------------------------------------------------- grids

def test_table3_2021_fragment_lands_every_row_by_label():
    values, findings = read_fragment(report_html("", t3_html()))
    assert findings == [f for f in findings if f.rule == "table.missing"]
    for i, (_, label, _) in enumerate(T3_2021_ROWS):
        key = tm.T3_ROW_KEYS[i if i < 20 else i + 1]  # the 2021 table has no other.total row
        assert values[f"t3.{key}.natural"].value == i
        assert values[f"t3.{key}.total"].value == 6 * i
        assert values[f"t3.{key}.total"].where["row"].endswith(label)


def test_blank_cells_are_null_with_their_raw_text_never_zero():
    cells = {4: ["", "/", "—", "-", "无", "&nbsp;", "0"]}
    values, _ = read_fragment(report_html("", t3_html(cells=cells)))
    got = [values[f"t3.denied.state_secret.{c}"] for c in tm.T3_COLUMNS]
    assert [v.value for v in got] == [None] * 6 + [0]
    assert [v.raw for v in got][:5] == ["", "/", "—", "-", "无"]


def test_corrupted_and_reworded_labels_still_land_on_their_rows():
    rows = list(T3_2021_ROWS)
    rows[5] = (None, "2.其他法律行政止公开", 1)
    rows[6] = (None, '3.危及"三安全一稳定"', 1)
    rows[12] = ("(四)无法提供", "1、本机关不掌握相关政府信息", 1)
    values, _ = read_fragment(report_html("", t3_html(rows)))
    assert values["t3.denied.law_prohibited.natural"].value == 5
    assert values["t3.denied.security_stability.natural"].value == 6
    assert values["t3.unable.not_held.natural"].value == 12


def test_unrecognised_row_is_a_finding_and_shifts_nothing():
    rows = list(T3_2021_ROWS)
    rows[9] = (None, "6.属于某类未知信息", 1)
    values, findings = read_fragment(report_html("", t3_html(rows)))
    assert "t3.denied.process_info.natural" not in values
    assert values["t3.denied.enforcement_file.natural"].value == 10
    assert any(f.rule == "table.unrecognised_row" and "未知信息" in f.message for f in findings)


def test_table3_2019_single_other_row():
    rows = T3_2021_ROWS[:20] + [(None, "（六）其他处理", 2)] + T3_2021_ROWS[23:]
    values, _ = read_fragment(report_html("", t3_html(rows)), era="gb2019")
    assert values["t3.other.total.natural"].value == 20
    assert not any(k.startswith(("t3.other.no_correction", "t3.other.other")) for k in values)
    assert values["t3.total_processed.natural"].value == 21


def test_table2_both_versions_with_units_decimals_and_negative_change():
    v21, _ = read_fragment(report_html(T2_2021))
    assert (v21["t2.normative.in_force"].value, v21["t2.licensing.decisions"].value) == (1066, 447228)
    assert (v21["t2.fees.amount"].value, v21["t2.fees.amount"].unit) == (96171.6, "万元")
    v19, _ = read_fragment(report_html(T2_2019), era="gb2019")
    assert v19["t2.normative.made"].value == 60  # full-width digits
    assert v19["t2.licensing.change"].value == -3
    assert (v19["t2.procurement.amount"].value, v19["t2.procurement.amount"].unit) == (251000, "元")
    assert v19["t2.rules.total_public"].where["column"] == "对外公开总数量"


def test_table4_single_row_of_fifteen_cells_under_two_header_rows():
    values, _ = read_fragment(report_html("", "", T4))
    assert [values[f"t4.review.{c}"].value for c in tm.T4_COLUMNS] == [72, 64, 178, 37, 351]
    assert [values[f"t4.suit_direct.{c}"].value for c in tm.T4_COLUMNS] == [13, 4, 8, 1, 26]
    assert values["t4.suit_after_review.pending"].value == 6
    assert values["t4.suit_after_review.pending"].where["row"] == "复议后起诉"


def test_mixed_template_versions_parse_and_are_flagged():
    rows = T3_2021_ROWS[:20] + [(None, "（六）其他处理", 2)] + T3_2021_ROWS[23:]
    values, findings = read_fragment(report_html(T2_2021, t3_html(rows), T4))
    assert values["t2.normative.issued"].value == 8 and values["t3.other.total.total"].value == 120
    assert "format.mixed_template" in rules(findings)
    same, findings = read_fragment(report_html(T2_2021, t3_html(), T4))
    assert "format.mixed_template" not in rules(findings)


def test_table2_unknown_column_is_a_finding():
    html = T2_2021.replace("本年废止件数", "本年修订件数")
    values, findings = read_fragment(report_html(html))
    assert "t2.normative.repealed" not in values and values["t2.normative.in_force"].value == 1066
    assert "table.unrecognised_column" in rules(findings)


# ---------------------------------------------------------------- real files: Word, PDF, HTML

def test_docx_vertical_merges_share_one_origin():
    doc = read_path(corpus_file("pingtan_syq_2022.docx"))
    t3 = next(t for t in doc.tables if any("国家秘密" in c.text for row in t.grid for c in row))
    group = [row[1] for row in t3.grid if row[1].text.startswith("（三）")]
    assert len(group) == 8 and len({c.origin for c in group}) == 1


def test_html_vertical_label_emitted_twice_is_harmless():
    values = parse_path(corpus_file("pingtan_syq_2019.html")).values
    assert values["t3.unable.not_held.natural"].value == 7  # first row under the second 三、本年度办理结果 cell


def test_pdf_group_label_cut_by_the_page_break_is_inherited():
    v = parse_path(corpus_file("huaian_szf_2024.pdf")).values["t3.unable.needs_creation.total"]
    assert (v.value, v.where["page"], v.where["section"]) == (11, 5, 3)


def test_pdf_row_cut_by_the_page_break_is_joined():
    values = parse_path(corpus_file("pingtan_syq_2022.pdf")).values
    assert "缴纳费用" in values["t3.other.fee_unpaid.natural"].where["row"]
    assert values["t3.other.other.commercial"].value == 2


def test_join_continued_glues_a_cut_header_and_keeps_a_new_band_row():
    head = [[Cell("结果", (0, 0)), Cell("总计", (0, 1))]]
    cut = [[Cell("维持", (0, 0)), Cell("", (0, 1))], [Cell("1", (1, 0)), Cell("1", (1, 1))]]
    joined = join_continued(head, cut)
    assert [c.text for c in joined[0]] == ["结果维持", "总计"] and len(joined) == 2
    band = [[Cell("第二十条第（六）项", (0, 0)), Cell("第二十条第（六）项", (0, 0))]]
    assert len(join_continued([[Cell("其他对外管理服务事项", (0, 0)), Cell("153", (0, 1))]], band)) == 2


def test_shanghai_blank_total_column_stays_null():
    values = parse_path(corpus_file("shanghai_szfbgt_2019.html")).values
    assert values["t3.granted.total"].value is None
    assert values["t3.granted.natural"].value == 258
    assert values["t2.procurement.amount"].value == 251000


@pytest.mark.parametrize("year", [2019, 2022, 2025])
def test_every_form_of_a_report_gives_the_same_values(year):
    forms = {}
    for ext in ("txt", "html", "docx", "pdf"):
        values = parse_path(corpus_file(f"pingtan_syq_{year}.{ext}")).values
        forms[ext] = {k: v.value for k, v in values.items() if k.startswith(("t2.", "t3.", "t4."))}
    html = forms["html"]
    assert len(html) >= 190
    for ext in ("docx", "pdf"):
        assert forms[ext] == html
    assert forms["txt"].items() <= html.items()


# ---------------------------------------------------------------- flattened text dumps

def test_splits_respect_spaces_and_leading_zeros():
    assert list(splits(["230", "000023"], 7)).count((23, 0, 0, 0, 0, 0, 23)) == 1
    assert all(len(p) == 7 for p in splits(["230", "000023"], 7))
    assert list(splits(["05"], 2)) == [(0, 5)]
    assert list(splits(["0", "5"], 1)) == []


def test_glued_row_resolved_only_by_the_column_identities():
    # pingtan_syq_2021.txt: （一）'270020130' splits as 27/0/0/2/0/1/30 or 2/7/0/0/20/1/30 by row sum.
    values = parse_path(corpus_file("pingtan_syq_2021.txt")).values
    assert [values[f"t3.granted.{c}"].value for c in tm.T3_COLUMNS] == [27, 0, 0, 2, 0, 1, 30]


def test_next_label_number_is_not_data():
    values = parse_path(corpus_file("pingtan_syq_2021.txt")).values
    assert all(values[f"t3.denied.state_secret.{c}"].value == 0 for c in tm.T3_COLUMNS)
    assert values["t3.denied.internal_affairs.total"].value == 1


def test_text_dump_keeps_only_the_cells_the_gold_lists():
    for name in ("pingtan_syq_2019.txt", "pingtan_syq_2023.txt", "pingtan_syq_2025.txt"):
        record = parse_path(corpus_file(name))
        table_keys = {k for k in record.values if k.startswith(("t2.", "t3.", "t4."))}
        assert table_keys == {k for k in gold_of(name)["values"] if k.startswith(("t2.", "t3.", "t4."))}


def test_ambiguous_glued_row_is_left_out_with_a_finding_naming_it():
    record = parse_path(corpus_file("pingtan_syq_2025.txt"))
    assert "t2.normative.issued" not in record.values
    assert any(f.rule == "table.ambiguous_cells" and "行政规范性文件" in f.message and "5845546" in f.message
               for f in record.findings)


def test_prose_restatement_fixes_only_the_cell_it_states():
    values = parse_path(corpus_file("pingtan_syq_2023.txt")).values
    assert values["t2.normative.issued"].value == 77
    assert "t2.normative.repealed" not in values and "t2.normative.in_force" not in values


def test_glued_table4_split_by_the_group_sums():
    text = ("四、政府信息公开行政复议、行政诉讼情况行政复议行政诉讼结果维持结果纠正其他结果尚未审结总计"
            "未经复议直接起诉复议后起诉结果维持结果纠正其他结果尚未审结总计结果维持结果纠正其他结果尚未审结总计"
            "10203120001200000五、存在的主要问题")
    out = read_flat_tables(text, [], ["t4"])
    assert [out.values[f"t4.review.{c}"].value for c in tm.T4_COLUMNS] == [1, 0, 2, 0, 3]
    assert [out.values[f"t4.suit_direct.{c}"].value for c in tm.T4_COLUMNS] == [12, 0, 0, 0, 12]


def test_glued_row_with_two_valid_splits_keeps_only_the_cells_both_agree_on():
    # 27/0/0/2/0/1/30 or 2/7/0/0/20/1/30: 科研机构 0, 其他 1 and 总计 30 either way.
    text = "一、本年新收政府信息公开申请数量270020130四、政府信息公开行政复议"
    out = read_flat_tables(text, [], ["t3"])
    read = {k.rsplit(".", 1)[1]: v.value for k, v in out.values.items() if k.startswith("t3.new_received")}
    assert read == {"research": 0, "other": 1, "total": 30}
    (f,) = [f for f in out.findings if f.rule == "table.ambiguous_cells"]
    assert "本年新收" in f.message
    assert set(f.keys) == {f"t3.new_received.{c}" for c in ("natural", "commercial", "social", "legal")}


def test_a_cell_merged_across_two_columns_is_not_given_to_either():
    html = t3_html().replace("<td>4</td><td>4</td><td>4</td><td>4</td><td>4</td><td>4</td>",
                             '<td>4</td><td colspan="2">4</td><td>4</td><td>4</td><td>4</td>', 1)
    values, findings = read_fragment(report_html("", html))
    assert "t3.denied.state_secret.commercial" not in values and "t3.denied.state_secret.research" not in values
    assert values["t3.denied.state_secret.social"].value == 4 and values["t3.denied.state_secret.total"].value == 24
    assert "table.merged_cells" in rules(findings)


def test_blank_cells_vanished_from_flattened_text_are_not_guessed():
    # shanghai_szfbgt_2019.html's （一） row is 258|12| | |1|1| ; flattened, the blanks vanish and the
    # digits split one way into 7 cells (2/5/8/1/2/1/1) that breaks the row sum: nothing is read.
    text = "一、本年新收政府信息公开申请数量1000001（一）予以公开258 12 1 1（二）部分公开3 3四、政府信息公开行政复议"
    out = read_flat_tables(text, [], ["t3"])
    assert not any(k.startswith("t3.granted") for k in out.values)
    assert out.values["t3.new_received.total"].value == 1


def test_table4_in_three_rows_is_reported_not_shifted():
    three_rows = ("<table><tr><td></td><td>结果维持</td><td>结果纠正</td><td>其他结果</td><td>尚未审结</td><td>总计</td></tr>"
                  "<tr><td>行政复议</td><td>1</td><td>0</td><td>0</td><td>0</td><td>1</td></tr>"
                  "<tr><td>未经复议直接起诉</td><td>0</td><td>0</td><td>0</td><td>0</td><td>0</td></tr>"
                  "<tr><td>复议后起诉</td><td>0</td><td>0</td><td>0</td><td>0</td><td>0</td></tr></table>")
    values, findings = read_fragment(report_html("", "", three_rows))
    assert not any(k.startswith("t4.") for k in values)
    assert any(f.rule == "table.unreadable" and "表四" in f.message for f in findings)


def test_table2_with_a_block_label_column_before_the_row_labels():
    html = ("<table><tr><td rowspan='3'>第二十条第（一）项</td><td>信息内容</td><td>本年制发件数</td>"
            "<td>本年废止件数</td><td>现行有效件数</td></tr>"
            "<tr><td>规章</td><td>1</td><td>0</td><td>11</td></tr>"
            "<tr><td>行政规范性文件</td><td>8</td><td>26</td><td>66</td></tr></table>")
    values, _ = read_fragment(report_html(html))
    assert [values[f"t2.normative.{c}"].value for c in ("issued", "repealed", "in_force")] == [8, 26, 66]


def test_table4_data_row_with_a_leading_label_cell():
    html = T4.replace("<tr><td>72</td>", "<tr><td>件数</td><td>72</td>").replace(
        '<td colspan="5">行政复议</td>', '<td rowspan="3"></td><td colspan="5">行政复议</td>')
    values, _ = read_fragment(report_html("", "", html))
    assert values["t4.review.upheld"].value == 72 and values["t4.suit_after_review.total"].value == 20


def test_pdf_grids_agree_with_the_text_layer():
    for name in ("huaian_szf_2024.pdf", "pingtan_syq_2019.pdf", "pingtan_syq_2022.pdf", "pingtan_syq_2025.pdf"):
        record = parse_path(corpus_file(name))
        assert not [f for f in record.findings if f.rule.startswith(("table.", "format."))]


def test_grid_and_text_disagreement_is_reported():
    grid = {"t3.granted.total": Value(1362, "件", None, "1362", {})}
    text = {"t3.granted.total": Value(1326, "件", None, "1326", {})}
    assert [f.rule for f in reconcile(grid, text)] == ["table.text_mismatch"]
    assert reconcile(grid, {"t3.granted.total": Value(1362, "件", None, "1362", {})}) == []


def test_narrative_restatement_before_the_table_is_not_a_row():
    text = ("一、总体情况本年新收政府信息公开申请70件。三、收到和处理政府信息公开申请情况申请人情况自然人"
            "一、本年新收政府信息公开申请数量640020470二、上年结转政府信息公开申请数量0000000")
    out = read_flat_tables(text, [], ["t3"])
    assert [out.values[f"t3.new_received.{c}"].value for c in tm.T3_COLUMNS] == [64, 0, 0, 2, 0, 4, 70]


def test_prose_count_that_no_split_of_a_glued_row_holds_is_a_contradiction():
    """Gold pingtan_syq_2023.txt: '清理并集中发布现行有效行政规范性文件393件', but no split of '77132470'
    after 本年制发 77 gives 现行有效 393; pingtan_syq_2022.txt (88/55/698 restated) raises nothing."""
    (f,) = [f for f in parse_path(corpus_file("pingtan_syq_2023.txt")).findings if f.rule == "narrative.vs_table2"]
    assert "393件" in f.message and "77132470" in f.message
    assert not [f for f in parse_path(corpus_file("pingtan_syq_2022.txt")).findings
                if f.rule == "narrative.vs_table2"]
