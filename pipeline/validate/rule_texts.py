"""What each rule id means in plain Chinese, for the review page and the memos (审查意见, 通报).

One entry per rule id: a short title naming the problem and the correction an officer asks for. The
finding's own message (built by the rule, with the numbers and dates) says what was found; this says
what kind of problem it is and what to do. Ids of the rule registry and of the notes the read, table
and extract stages attach (`read.*`, `table.*`, `legacy.table_conflict`, `format.mixed_template`) are
all here; `tests/review/test_memo.py` checks that none is missing.
"""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class RuleText:
    """A rule's title (the problem, in plain Chinese) and the correction asked for."""

    title: str
    advice: str


SEVERITY_NAMES = {"error": "错误", "warning": "问题", "info": "提示"}
# What each severity asks of the agency, in a memo's heading over its group of problems.
GROUP_HEADINGS = {"error": "须更正的错误", "warning": "需改进的问题", "info": "提示事项"}

# The overall verdict of a report by the most serious severity among its findings (None: no finding).
VERDICTS = {
    "error": "报告存在须更正的错误，请核实后更正并重新发布。",
    "warning": "报告基本符合要求，但存在以下问题，请核实并在今后的年报中改进。",
    "info": "报告符合要求，以下提示事项供核对。",
    None: "未发现问题。",
}

_W = RuleText
RULE_TEXTS: dict[str, RuleText] = {
    # dates and period (validate/rules/dates.py)
    "meta.no_year": _W("报告未写明年度", "在标题中写明报告所属年度（如“2024年政府信息公开工作年度报告”）。"),
    "date.published_after_deadline": _W("逾期发布年度报告", "按条例规定的期限发布年度报告；说明逾期原因。"),
    "date.published_too_soon": _W("发布过早，全年数据难以核实", "核实统计截止后的全年数据，必要时更正并重新发布。"),
    "date.signed_before_period_end": _W("落款日期早于统计期末", "核对落款日期，应为统计期结束之后的成文日期。"),
    "date.signed_after_published": _W("落款日期晚于发布日期", "核对落款日期与发布日期，二者应一致或落款在前。"),
    "date.signature_undated": _W("落款缺少日期", "在落款机关名称下注明成文日期。"),
    "period.missing": _W("未说明统计期限", "写明本报告数据的统计期限（如“自2024年1月1日起至2024年12月31日止”）。"),
    "period.not_calendar_year": _W("统计期限不是完整自然年度", "统计期限应为报告年度的1月1日至12月31日。"),
    "period.year_mismatch": _W("标题年度与统计期限不一致", "核对标题年度与统计期限，使二者一致。"),
    "period.not_respected": _W("数据统计时点与统计期限不符", "数据应统计至统计期末（12月31日），不以发文时或其他日期为界。"),
    "date.url_vs_page": _W("网址日期与页面发布日期不一致", "核对页面标注的发布日期是否为实际发布日期。"),
    # page-level reading (validate/rules/meta.py)
    "meta.not_a_report": _W("页面不是年度报告", "在年报栏目发布报告全文，不以通知、列表或空页面代替。"),
    "meta.agency_missing": _W("未写明发布机关", "在标题或落款中写明发布机关全称。"),
    "meta.agency_weak_signal": _W("发布机关仅能推断", "在标题或落款中写明发布机关全称。"),
    "meta.agency_signals_disagree": _W("页面各处所写机关不一致", "核对标题、署名栏和正文中的机关名称，使其一致。"),
    "meta.year_inferred": _W("报告年度仅能推断", "在标题中写明报告所属年度，并写明统计期限。"),
    # template tables (validate/rules/tables.py)
    "t3.A.balance": _W("表三收支不平衡", "本年新收＋上年结转应等于办理结果总计＋结转下年度继续办理，请核对表三并更正。"),
    "t3.B.outcomes": _W("表三办理结果之和与总计不符", "核对表三各办理结果数，使其之和等于（七）总计。"),
    "t3.C.row_total": _W("表三各类申请人之和与总计不符", "核对该行各类申请人数，使其之和等于总计列。"),
    "t3.blank_total_column": _W("表三“总计”列留空", "填写“总计”列，没有数据的单元格填0，不要留空。"),
    "t3.blank_cells": _W("表格单元格留空", "没有数据的单元格填0，不要留空。"),
    "t3.D.counts": _W("表格数值不是非负整数", "申请和案件数应为非负整数，请核对该单元格。"),
    "t2.D.counts": _W("表二数值不合规", "表二件数应为非负整数（仅本年增/减可为负，仅金额可有小数），请核对该单元格。"),
    "t4.group_total": _W("表四分项之和与总计不符", "结果维持＋结果纠正＋其他结果＋尚未审结应等于总计，请核对表四。"),
    "template.version_mixed": _W("混用两版表格格式", "统一使用报告年度适用的年报格式（2021年起为国办公开办函〔2021〕30号格式）。"),
    "template.version_year": _W("表格格式与报告年度不符", "使用报告年度适用的年报格式。"),
    "t2.published_over_total": _W("表二公开数量与总数不符", "核对表二：本年新公开数量不应大于对外公开总数量，总数应为累计数。"),
    # structure and completeness (validate/rules/text.py)
    "structure.no_sections": _W("报告未分章节", "按年报格式分列一级标题（一、二、三……）。"),
    "completeness.active_missing": _W("缺少主动公开情况", "补充主动公开政府信息的情况（2008年条例第32条）。"),
    "completeness.requests_missing": _W("缺少依申请公开情况", "补充依申请公开政府信息的情况（2008年条例第32条）。"),
    "completeness.fees_missing": _W("缺少收费及减免情况", "补充政府信息公开的收费及减免情况（2008年条例第32条）。"),
    "completeness.problems_missing": _W("缺少存在的主要问题及改进情况", "补充工作存在的主要问题及改进情况（2008年条例第32条）。"),
    "completeness.review_missing": _W("缺少行政复议、行政诉讼情况", "补充因政府信息公开申请行政复议、提起行政诉讼的情况。"),
    "completeness.template_sections": _W("缺少年报格式规定的章节", "按年报格式补齐全部六个部分。"),
    "completeness.template_tables": _W("缺少年报格式规定的表格", "按年报格式补齐统计表格。"),
    "completeness.fee_statement": _W("未说明信息处理费收取情况", "在“其他需要报告的事项”中说明信息处理费的收取情况。"),
    "section.boilerplate": _W("章节没有实质内容", "该部分应写明实际情况，不以套话或“无”代替。"),
    "fee.unpaid_not_explained": _W("未说明收费通知情况", "表三有逾期未缴费不再处理的申请，请说明发出收费通知的情况。"),
    "sum.parts": _W("分项之和与总数不符", "核对正文所列分项数与总数，使其一致。"),
    "narrative.list_subject": _W("分类数的主体表述不清", "写明分类数字统计的是本机关还是全地区，与总数的口径一致。"),
    "percentage.mismatch": _W("百分比与所列数字不符", "按所列数字重新计算百分比并更正。"),
    "narrative.vs_table3": _W("正文数字与表三不一致", "核对正文与表三的数字，使二者一致。"),
    "narrative.share": _W("正文占比与表三不符", "按表三数字重新计算占比并更正。"),
    "narrative.outcomes_sum": _W("正文办理结果之和与答复总数不符", "核对正文所列各办理结果数与答复总数。"),
    "narrative.vs_table4": _W("正文数字与表四不一致", "核对正文与表四的复议、诉讼数字，使二者一致。"),
    "narrative.vs_table2": _W("正文数字与表二不一致", "核对正文与表二的规范性文件数字，使二者一致。"),
    "narrative.normative_category": _W("正文政策文件数少于表二", "核对正文政策文件类信息数与表二规范性文件数。"),
    "narrative.all_upheld": _W("正文“均获维持”与表四不符", "表四有纠正、其他结果或尚未审结的案件，请如实表述复议诉讼结果。"),
    "narrative.internal_totals": _W("正文分项数超过主动公开总数", "核对主动公开总数与各渠道公开数的口径。"),
    "text.enumeration": _W("列举序号有误", "核对“一是、二是……”等列举序号。"),
    "section.heading_nonstandard": _W("章节标题与年报格式不符", "使用年报格式规定的章节标题。"),
    "text.missing_number": _W("数量单位前缺少数字", "补上缺失的数字。"),
    "structure.intro_mismatch": _W("导语所述部分数与正文不符", "核对导语中“分为×个部分”与实际章节数。"),
    "content.categories_missing": _W("未列出主要类别的数量", "列出该小标题所述各类信息的数量。"),
    "meta.title_mismatch": _W("页面标题与报告标题不一致", "核对页面标题与报告正文标题中的机关名称。"),
    # legacy reports (validate/rules/legacy.py)
    "legacy.channels_sum": _W("各渠道申请数之和与申请总数不符", "核对各渠道申请数与收到申请总数。"),
    "legacy.outcomes_sum": _W("答复结果之和与总数不符", "核对各类答复结果数与答复（申请）总数。"),
    "legacy.requests_unanswered": _W("部分申请未说明办理情况", "说明未答复申请的办理情况（如结转下年度）。"),
    "appendix.subrows": _W("统计表分项之和与合计不符", "核对统计表分项与合计行。"),
    "appendix.blank_cell": _W("统计表单元格留空", "统计表没有数据的单元格填0，不要留空。"),
    "appendix.label_duplicates_row": _W("统计表行标签重复", "核对统计表的行标签与数字是否错行。"),
    # across years and agencies (validate/rules/years.py)
    "text_reuse.prior_year": _W("大量照搬上年报告", "按本年度实际情况撰写，不照搬上年报告文字。"),
    "text_reuse.cross_agency": _W("与其他机关报告雷同", "按本机关实际情况撰写，不套用其他机关的报告。"),
    "years.carry_chain": _W("上年结转与上年报告不衔接", "本年“上年结转”应等于上年报告的“结转下年度继续办理”，请核对。"),
    "years.t2_stock": _W("表二现行有效件数与上年不衔接", "核对现行有效件数：上年数＋本年制发－本年废止。"),
    "years.t2_items": _W("表二上一年项目数量与上年报告不符", "核对表二“上一年项目数量”与上年报告。"),
    "chain.cumulative": _W("历年累计数与上年不衔接", "核对历年累计数：上年累计＋本年数。"),
    # notes of the read, table and extract stages
    "read.ocr": _W("扫描件，经文字识别读取", "发布可复制文字的版本，不以扫描图片代替。"),
    "read.ocr_corrected": _W("识别文字经校正", "核对校正后的数字。"),
    "read.ocr_row_sum": _W("识别的表格行合计不符", "核对扫描件中该行数字。"),
    "read.undecodable_bytes": _W("文件含无法解码的字符", "以标准编码（UTF-8）重新发布。"),
    "read.doc_text_only": _W("旧版Word文件只读取了文字", "发布可读取表格的版本（网页、PDF或新版Word）。"),
    "table.missing": _W("未找到表格", "按年报格式以表格列示统计数据。"),
    "table.unreadable": _W("表格无法读取", "以规范表格发布统计数据，不以图片或错位文字代替。"),
    "table.unreadable_cell": _W("表格单元格无法读取", "核对该单元格的内容。"),
    "table.duplicate_row": _W("表格行重复", "删除重复的行。"),
    "table.unrecognised_row": _W("表格行与年报格式不符", "使用年报格式规定的行。"),
    "table.unrecognised_column": _W("表格列与年报格式不符", "使用年报格式规定的列。"),
    "table.ambiguous_cells": _W("表格单元格数字粘连，无法确定", "以规范表格发布，每个单元格单独一个数字。"),
    "table.t3_columns_assumed": _W("表三列名缺失，按格式推定", "保留表三的申请人列名。"),
    "table.merged_cells": _W("表格合并单元格异常", "核对表格的合并单元格。"),
    "table.text_mismatch": _W("表格与正文数字不一致", "核对表格与正文的数字。"),
    "format.mixed_template": _W("混用两版表格格式", "统一使用报告年度适用的年报格式。"),
    "legacy.table_conflict": _W("统计表与正文数字不一致", "核对统计表与正文的数字，使二者一致。"),
}


def rule_text(rule_id: str) -> RuleText:
    """The title and correction advice of a rule; a rule added without a text is shown by its id."""
    return RULE_TEXTS.get(rule_id) or RuleText(f"其他问题（{rule_id}）", "请核实该问题并更正。")
