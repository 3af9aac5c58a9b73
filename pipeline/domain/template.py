"""Template tables 2–4: their row and column labels, and how a printed label maps to a key.

Labels are matched after `norm` (NFKC, no whitespace or quotes, "1、" → "1.") by a row
number plus a key phrase (domain.md §4.6), so wrapped, letter-spaced or corrupted labels
("2.其他法律行政止公开") still land on their row, and a label that matches nothing is
reported instead of being guessed from its position.
"""
from __future__ import annotations

import functools
import unicodedata
from dataclasses import dataclass
from typing import Optional

import regex

# Labels repeat from report to report; a few thousand cover a large batch (the corpus has ~400).
# The label lookups below are cached by label too: a grid asks about the same cell many times.
NORM_CACHE = 4096
_by_label = functools.lru_cache(maxsize=NORM_CACHE)
_DROP = regex.compile(r"[\s\u00a0\u3000\"'“”‘’「」]+")
_NUMBERED = regex.compile(r"^(\d{1,2})[.、,，]")


@functools.lru_cache(maxsize=NORM_CACHE)
def norm(label: str) -> str:
    """A label reduced for matching: NFKC, no whitespace or quotes, '1、'/'1．' → '1.'."""
    s = _DROP.sub("", unicodedata.normalize("NFKC", label or ""))
    return _NUMBERED.sub(r"\1.", s)


@_by_label
def label_number(label: str) -> Optional[int]:
    """The leading sub-row number of a normalised label ('2.重复申请' → 2)."""
    m = _NUMBERED.match(label)
    return int(m.group(1)) if m else None


# The six template sections (domain.md §1.3.2) by kind.
TEMPLATE_SECTIONS = {"overview": "一、总体情况", "active": "二、主动公开政府信息情况",
                     "requests": "三、收到和处理政府信息公开申请情况", "review": "四、政府信息公开行政复议、行政诉讼情况",
                     "problems": "五、存在的主要问题及改进情况", "other": "六、其他需要报告的事项"}


# ---- table 3 -------------------------------------------------------------------------
T3_COLUMNS = ("natural", "commercial", "research", "social", "legal", "other", "total")
T3_COLUMN_LABELS = {"natural": "自然人", "commercial": "商业企业", "research": "科研机构",
                    "social": "社会公益组织", "legal": "法律服务机构", "other": "其他", "total": "总计"}
# Key phrases of the column headers; PDF headers are wrapped or cut at page breaks
# ("社会\n公益" with "组织" on the next page, pingtan_syq_2025.pdf), so short stems suffice.
_T3_COLUMN_PHRASES = (("natural", "自然人"), ("commercial", "商业"), ("research", "科研"),
                      ("social", "公益"), ("legal", "法律服务"), ("total", "总计"), ("other", "其他"))


@_by_label
def t3_column(label: str) -> Optional[str]:
    """The table-3 column key of a header label, or None."""
    s = norm(label)
    if not s or "法人或其他组织" in s or "申请人情况" in s or "勾稽" in s:
        return None
    for key, phrase in _T3_COLUMN_PHRASES:
        if phrase in s:
            return key
    return None


@dataclass(frozen=True)
class RowSpec:
    key: str
    group: Optional[str]  # "三" … "六" for sub-rows, None for top rows
    number: Optional[int]
    phrases: tuple[str, ...]


T3_GROUPS = {"三": "不予公开", "四": "无法提供", "五": "不予处理", "六": "其他处理"}
T3_ROWS: tuple[RowSpec, ...] = (
    RowSpec("new_received", None, None, ("本年新收",)),
    RowSpec("carried_over", None, None, ("上年结转",)),
    RowSpec("granted", None, None, ("予以公开",)),
    RowSpec("partial", None, None, ("部分公开",)),
    RowSpec("denied.state_secret", "三", 1, ("国家秘密",)),
    RowSpec("denied.law_prohibited", "三", 2, ("禁止公开", "法律行政", "止公开")),
    RowSpec("denied.security_stability", "三", 3, ("三安全", "一稳定", "危及")),
    RowSpec("denied.third_party", "三", 4, ("第三方",)),
    RowSpec("denied.internal_affairs", "三", 5, ("内部事务",)),
    RowSpec("denied.process_info", "三", 6, ("过程性",)),
    RowSpec("denied.enforcement_file", "三", 7, ("执法案卷",)),
    RowSpec("denied.admin_query", "三", 8, ("查询事项",)),
    RowSpec("unable.not_held", "四", 1, ("不掌握",)),
    RowSpec("unable.needs_creation", "四", 2, ("另行制作",)),
    RowSpec("unable.unclear", "四", 3, ("补正",)),
    RowSpec("not_processed.petition", "五", 1, ("信访",)),
    RowSpec("not_processed.repeat", "五", 2, ("重复",)),
    RowSpec("not_processed.publication", "五", 3, ("出版物",)),
    RowSpec("not_processed.excessive", "五", 4, ("大量反复",)),
    RowSpec("not_processed.confirm_reissue", "五", 5, ("确认或重新出具", "重新出具")),
    RowSpec("other.total", None, None, ("其他处理",)),
    RowSpec("other.no_correction", "六", 1, ("逾期不补正", "不补正")),
    RowSpec("other.fee_unpaid", "六", 2, ("缴纳费用", "收费通知", "逾期未按")),
    RowSpec("other.other", "六", 3, ("其他",)),
    RowSpec("total_processed", None, None, ("总计",)),
    RowSpec("carried_forward", None, None, ("结转下年",)),
)
T3_ROW_KEYS = tuple(r.key for r in T3_ROWS)
# The rows outside 三、本年度办理结果 as the template prints them (row key, label).
T3_TOP_LABELS = (("new_received", "一、本年新收政府信息公开申请数量"),
                 ("carried_over", "二、上年结转政府信息公开申请数量"),
                 ("total_processed", "（七）总计"), ("carried_forward", "四、结转下年度继续办理"))
# The outcome rows' labels as the 2021 template prints them (row key, label).
T3_OUTCOMES_2021 = (
    ("granted", "（一）予以公开"), ("partial", "（二）部分公开（区分处理的，只计这一情形，不计其他情形）"),
    ("denied.state_secret", "1.属于国家秘密"), ("denied.law_prohibited", "2.其他法律行政法规禁止公开"),
    ("denied.security_stability", "3.危及“三安全一稳定”"), ("denied.third_party", "4.保护第三方合法权益"),
    ("denied.internal_affairs", "5.属于三类内部事务信息"), ("denied.process_info", "6.属于四类过程性信息"),
    ("denied.enforcement_file", "7.属于行政执法案卷"), ("denied.admin_query", "8.属于行政查询事项"),
    ("unable.not_held", "1.本机关不掌握相关政府信息"), ("unable.needs_creation", "2.没有现成信息需要另行制作"),
    ("unable.unclear", "3.补正后申请内容仍不明确"), ("not_processed.petition", "1.信访举报投诉类申请"),
    ("not_processed.repeat", "2.重复申请"), ("not_processed.publication", "3.要求提供公开出版物"),
    ("not_processed.excessive", "4.无正当理由大量反复申请"),
    ("not_processed.confirm_reissue", "5.要求行政机关确认或重新出具已获取信息"),
    ("other.no_correction", "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请"),
    ("other.fee_unpaid", "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请"),
    ("other.other", "3.其他"))
T3_SUBROWS = {g: [r for r in T3_ROWS if r.group == g] for g in T3_GROUPS}
_TOP_ROWS = [r for r in T3_ROWS if r.group is None]
_GROUP_MARK = regex.compile(r"\((三|四|五|六)\)")
_GROUP_OF_PHRASE = {phrase: g for g, phrase in T3_GROUPS.items()}


@_by_label
def t3_group(label: str) -> Optional[str]:
    """The group ("三"…"六") a label cell names: '（三）不予公开', '(四)', or the bare group phrase."""
    s = norm(label)
    m = _GROUP_MARK.match(s)
    if m:
        return m.group(1)
    for phrase, g in _GROUP_OF_PHRASE.items():
        if s == phrase:
            return g
    return None


@_by_label
def t3_subrow(group: str, label: str) -> Optional[RowSpec]:
    """A sub-row of `group` by key phrase, confirmed (or, without a phrase, found) by its number."""
    s = norm(label)
    number = label_number(s)
    rows = T3_SUBROWS[group]
    by_phrase = [r for r in rows if any(p in s for p in r.phrases)]
    if number is not None:
        by_phrase = [r for r in by_phrase if r.number == number] or by_phrase
    if len(by_phrase) == 1:
        return by_phrase[0]
    if len(by_phrase) > 1:  # "3.其他" also contains the phrase of no other row; prefer the longest phrase
        best = max(by_phrase, key=lambda r: max(len(p) for p in r.phrases if p in s))
        return best
    return None


@_by_label
def t3_toprow(label: str) -> Optional[RowSpec]:
    """A row outside the sub-groups: 一、二、（一）（二）（六）single row、（七）、四."""
    s = norm(label)
    for r in _TOP_ROWS:
        if any(p in s for p in r.phrases):
            return r
    return None


# ---- table 2 -------------------------------------------------------------------------
# Row label → row key; "行政规范性文件" (2021) and "规范性文件" (2019) are one row.
T2_ROWS = (("规章", "rules"), ("规范性文件", "normative"), ("行政许可", "licensing"),
           ("其他对外管理服务", "other_services"), ("行政处罚", "penalty"), ("行政强制", "coercion"),
           ("行政事业性收费", "fees"), ("集中采购", "procurement"))
# Column label phrase → (column key, template version).
T2_COLUMNS = (("本年新制作", "made", "gb2019"), ("本年新公开", "published", "gb2019"),
              ("对外公开总", "total_public", "gb2019"), ("上一年项目", "prev_items", "gb2019"),
              ("本年增", "change", "gb2019"), ("采购项目", "items", "gb2019"),
              ("采购总金额", "amount", "gb2019"), ("本年制发", "issued", "gb2021"),
              ("本年废止", "repealed", "gb2021"), ("现行有效", "in_force", "gb2021"),
              ("本年收费金额", "amount", "gb2021"), ("处理决定", "decisions", None))
# Each row as the template prints it (2019); the 2021 template prints 规范性文件 as 行政规范性文件.
T2_ROW_LABELS = {"rules": "规章", "normative": "规范性文件", "licensing": "行政许可",
                 "other_services": "其他对外管理服务事项", "penalty": "行政处罚", "coercion": "行政强制",
                 "fees": "行政事业性收费", "procurement": "政府集中采购"}
T2_ROW_LABELS_2021 = {**T2_ROW_LABELS, "normative": "行政规范性文件"}
T2_ROW_KEYS = {
    "rules": ("made", "published", "total_public", "issued", "repealed", "in_force"),
    "normative": ("made", "published", "total_public", "issued", "repealed", "in_force"),
    "licensing": ("prev_items", "change", "decisions"), "other_services": ("prev_items", "change", "decisions"),
    "penalty": ("prev_items", "change", "decisions"), "coercion": ("prev_items", "change", "decisions"),
    "fees": ("prev_items", "change", "amount"), "procurement": ("items", "amount"),
}


@_by_label
def t2_row(label: str) -> Optional[str]:
    s = norm(label)
    for phrase, key in T2_ROWS:
        if phrase in s:
            return key
    return None


@_by_label
def t2_column(label: str) -> Optional[tuple[str, Optional[str]]]:
    """(column key, template version or None) of a table-2 header label."""
    s = norm(label)
    for phrase, key, version in T2_COLUMNS:
        if phrase in s:
            return key, version
    return None


_T2_UNIT = regex.compile(r"单位[:：]?\s*(万元|元)")


@_by_label
def t2_unit(label: str) -> Optional[str]:
    """The unit a table-2 header declares ('本年收费金额（单位：万元）' → 万元)."""
    m = _T2_UNIT.search(unicodedata.normalize("NFKC", label))
    return m.group(1) if m else None


def t2_header(cells: list[str]) -> bool:
    """A table-2 header row: '信息内容' then column labels."""
    return bool(cells) and norm(cells[0]).startswith("信息内容")


# ---- table 4 -------------------------------------------------------------------------
T4_GROUPS = ("review", "suit_direct", "suit_after_review")
T4_COLUMNS = ("upheld", "corrected", "other", "pending", "total")
T4_GROUP_LABELS = {"review": "行政复议", "suit_direct": "未经复议直接起诉", "suit_after_review": "复议后起诉"}
T4_COLUMN_LABELS = {"upheld": "结果维持", "corrected": "结果纠正", "other": "其他结果", "pending": "尚未审结",
                    "total": "总计"}
# The printed column labels under each of table 4's three groups, in order.
T4_LABELS = tuple(T4_COLUMN_LABELS.values())
_T4_COLUMN_PHRASES = (("upheld", "维持"), ("corrected", "纠正"), ("pending", "未审"), ("pending", "审结"),
                      ("other", "其他"), ("other", "他结果"), ("total", "总计"))


@_by_label
def t4_column(label: str) -> Optional[str]:
    """The table-4 column of a header label; a lone '计' is the cut-off tail of 总计 (pingtan_syq_2025.pdf)."""
    s = norm(label)
    for key, phrase in _T4_COLUMN_PHRASES:
        if phrase in s:
            return key
    return "total" if s == "计" else None


@_by_label
def t4_group(label: str) -> Optional[str]:
    s = norm(label)
    if "复议后" in s:
        return "suit_after_review"
    if "未经复议" in s or "直接起诉" in s:
        return "suit_direct"
    if "行政复议" in s:
        return "review"
    return None
