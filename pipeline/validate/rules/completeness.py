"""Rules on what a report must contain: the 2008 items, the template's sections and tables, the fee
statement, empty sections (domain.md §1.1, §1.3, §1.5, §3.2)."""
from __future__ import annotations

from typing import Iterator

import regex

from ...domain.template import TEMPLATE_SECTIONS
from ...record import Finding, Record, Section
from .tables import (TEMPLATE_ERAS, fmt_num, num)
from ..compact import compact_of
from ..registry import finding, rule

# A section body shorter than this says nothing ("无。", pingtan_syq_2019 六 "无其他需要报告的事项"
# is 10 characters and matched by _BOILERPLATE instead).
MIN_SECTION_CHARS = 10
_BOILERPLATE = regex.compile(r"^(?:无|暂无|没有)(?:其他|其它)?(?:需要|需)?(?:报告|说明)?(?:的)?(?:事项|情况)?[。.]?$")

# Evidence, by section kind or by wording, of the six items of 2008 条例 art. 32 (domain.md §1.1).
LEGACY_ITEMS = {
    "completeness.active_missing": ("active", r"主动公开", "主动公开政府信息的情况"),
    "completeness.requests_missing": ("requests", r"依申请|公开申请|申请公开", "依申请公开政府信息的情况"),
    # FOI fees only: "价格和收费信息" / "行政事业性收费信息" (pingtan_syq_2012, 2017) are not fee statements.
    "completeness.fees_missing": ("fees", r"收费(?:及|和|与)?减免|减免金额|检索费|复制费|复印费|邮寄费|暂不收费|免费提供"
                                          r"|(?:未|不|没有|免)[^。；]{0,15}收取?[^。；]{0,20}费",
                                  "政府信息公开的收费及减免情况"),
    "completeness.problems_missing": ("problems", r"问题|不足|改进", "存在的主要问题及改进情况"),
}
# Each table's label evidence in the text.
TEMPLATE_TABLES = {"t2.": ("表二 主动公开政府信息情况", regex.compile(r"第二十条第[（(]一[）)]项")),
                   "t3.": ("表三 收到和处理政府信息公开申请情况", regex.compile(r"本年新收政府信息公开申请数量")),
                   "t4.": ("表四 行政复议、行政诉讼情况", regex.compile(r"未经复议直接起诉|复议后起诉"))}
# What 其他需要报告的事项 says of the fee notices sent (fee.unpaid_not_explained).
_FEE_NOTICE = regex.compile(r"收费通知|缴费通知|缴纳|通知[^。]{0,10}(?:收费|缴费)")
FIRST_FEE_YEAR = 2021  # 信息处理费 measures in force 2021-01-01 (国办函〔2020〕109号, domain.md §1.5)


def body(rec: Record, sec: Section) -> str:
    """A section's text without its heading."""
    return (rec.text or "")[sec.start + len(sec.title):sec.end] if rec.text else ""


@rule("structure.no_sections", severity="error")
def _no_sections(rec: Record) -> Iterator[Finding]:
    if not rec.sections:
        yield finding("structure.no_sections", "未识别到任何一级标题（一、二、三……），无法分节")


def _has_item(rec: Record, kind: str, pattern: regex.Pattern) -> bool:
    return any(s.kind == kind for s in rec.sections) or bool(pattern.search(rec.text or ""))


def _legacy_item_rule(rule_id: str, kind: str, words: str, label: str) -> None:
    pattern = regex.compile(words)

    @rule(rule_id, ("legacy",), "warning")
    def _check(rec: Record) -> Iterator[Finding]:
        if rec.sections and not _has_item(rec, kind, pattern):
            yield finding(rule_id, f"缺少2008年条例第32条要求的“{label}”：既无相应章节，正文也未提及")


for _id, (_kind, _pattern, _label) in LEGACY_ITEMS.items():
    _legacy_item_rule(_id, _kind, _pattern, _label)


@rule("completeness.review_missing", ("legacy",), "warning")
def _review_missing(rec: Record) -> Iterator[Finding]:
    """2008 art. 32 item 4 asks for both 行政复议 and 行政诉讼."""
    text = rec.text or ""
    missing = [name for name, word in (("行政复议", "复议"), ("行政诉讼", "诉讼")) if word not in text]
    if rec.sections and missing:
        yield finding("completeness.review_missing",
                      f"缺少2008年条例第32条要求的{'、'.join(missing)}情况：报告未提及{'和'.join(missing)}")


@rule("completeness.template_sections", TEMPLATE_ERAS, "error")
def _template_sections(rec: Record) -> Iterator[Finding]:
    kinds = {s.kind for s in rec.sections}
    missing = [title for kind, title in TEMPLATE_SECTIONS.items() if kind not in kinds]
    if rec.sections and missing:
        yield finding("completeness.template_sections", f"缺少年报格式规定的章节：{'；'.join(missing)}")


@rule("completeness.template_tables", TEMPLATE_ERAS, "error")
def _template_tables(rec: Record) -> Iterator[Finding]:
    compact = compact_of(rec.text or "").text  # PDF text breaks labels over lines
    for prefix, (name, label) in TEMPLATE_TABLES.items():
        if not any(k.startswith(prefix) for k in rec.values) and not label.search(compact):
            yield finding("completeness.template_tables", f"缺少年报格式规定的{name}（表格或其标签均未找到）")


@rule("completeness.fee_statement", ("gb2021",), "warning")
def _fee_statement(rec: Record) -> Iterator[Finding]:
    if (rec.meta.year or 0) >= FIRST_FEE_YEAR and "fee.processing" not in rec.values \
            and "信息处理费" not in (rec.text or ""):
        yield finding("completeness.fee_statement", "2021年起的年报应说明信息处理费收取情况，本报告未提及",
                      keys=["fee.processing"])


@rule("section.boilerplate", severity="warning")
def _boilerplate(rec: Record) -> Iterator[Finding]:
    whole = compact_of(rec.text or "")
    for sec in rec.sections:
        text = whole.window(sec.start + len(sec.title), sec.end).text if rec.text else ""
        if len(text) < MIN_SECTION_CHARS or _BOILERPLATE.match(text):
            yield finding("section.boilerplate", f"“{sec.title.strip()}”一节只有“{text}”，没有实质内容",
                          span=[sec.start, sec.end])


@rule("fee.unpaid_not_explained", ("gb2021",), "info")
def _fee_unpaid(rec: Record) -> Iterator[Finding]:
    """X-6: applications dropped for unpaid fees imply fee notices, which 六 should mention."""
    n = num(rec, "t3.other.fee_unpaid.total")
    if not n or (num(rec, "fee.processing") or 0) > 0:  # fees charged: notices are implied (淮安 2024)
        return
    others = [s for s in rec.sections if s.kind == "other"]
    said = " ".join(body(rec, s) for s in others)
    if not _FEE_NOTICE.search(said):
        yield finding("fee.unpaid_not_explained",
                      f"表三（六）2“逾期未按收费通知要求缴纳费用”为 {fmt_num(n)} 件，即发出过信息处理费收费通知，"
                      "但“其他需要报告的事项”未说明", keys=["t3.other.fee_unpaid.total"],
                      span=[others[0].start, others[0].end] if others else None)


