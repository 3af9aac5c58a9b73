"""The codebook: every canonical key with the table, row and column the template prints for it.

The keys are generated from the template vocabulary (`template`: the rows and columns the
table readers match) and the legacy fields below; this module adds what a reader of the data
needs — the labels exactly as the national templates print them (国办公开办函〔2019〕60号,
〔2021〕30号), the unit, the eras a key exists in, and a one-line description. `xxgk keys`
prints it; `schemas/keys.csv` is its CSV form.
"""
from __future__ import annotations

import csv
import io
import json
from dataclasses import asdict, dataclass
from typing import Iterator, Optional

from ..record import ERAS
from .template import T2_ROW_KEYS, T3_COLUMN_LABELS, T3_COLUMNS, T3_ROWS, T4_COLUMNS, T4_GROUPS

LEGACY_ERAS = ("legacy",)
TEMPLATE_ERAS = tuple(e for e in ERAS if e not in LEGACY_ERAS)
CODEBOOK_COLUMNS = ("key", "table", "row", "column", "unit", "eras", "description")


@dataclass(frozen=True)
class KeyInfo:
    """One canonical key: where the template prints it and what it counts."""

    key: str
    table: str  # "t2", "t3", "t4", "fee" (section 六) or "legacy"
    row: str  # the row label as printed (a group label and its sub-row joined by a space)
    column: str  # the column label as printed; "" when the row is the whole cell
    unit: str
    eras: tuple[str, ...]
    description: str

    @property
    def label(self) -> str:
        """Row and column in one string, as `values.parquet` carries it."""
        return f"{self.row} | {self.column}" if self.column else self.row


# ---- table 2: the two templates' blocks, as printed -------------------------------------
# (era, row key) → row label; (era, column key) → column label. A key exists in an era when
# the template of that era prints its row with that column (T2_LAYOUT).
T2_ROW_LABELS = {
    "rules": "规章", "normative": {"gb2019": "规范性文件", "gb2021": "行政规范性文件"},
    "licensing": "行政许可", "other_services": "其他对外管理服务事项", "penalty": "行政处罚",
    "coercion": "行政强制", "fees": "行政事业性收费", "procurement": "政府集中采购"}
T2_COLUMN_LABELS = {
    "gb2019": {"made": "本年新制作数量", "published": "本年新公开数量", "total_public": "对外公开总数量",
               "prev_items": "上一年项目数量", "change": "本年增/减", "decisions": "处理决定数量",
               "items": "采购项目数量", "amount": "采购总金额"},
    "gb2021": {"issued": "本年制发件数", "repealed": "本年废止件数", "in_force": "现行有效件数",
               "decisions": "本年处理决定数量", "amount": "本年收费金额（单位：万元）"}}
T2_LAYOUT = {
    "gb2019": {"rules": ("made", "published", "total_public"),
               "normative": ("made", "published", "total_public"),
               "licensing": ("prev_items", "change", "decisions"),
               "other_services": ("prev_items", "change", "decisions"),
               "penalty": ("prev_items", "change", "decisions"),
               "coercion": ("prev_items", "change", "decisions"),
               "fees": ("prev_items", "change"), "procurement": ("items", "amount")},
    "gb2021": {"rules": ("issued", "repealed", "in_force"), "normative": ("issued", "repealed", "in_force"),
               "licensing": ("decisions",), "penalty": ("decisions",), "coercion": ("decisions",),
               "fees": ("amount",)}}
T2_ROW_TEXT = {"rules": "rules (规章)", "normative": "normative documents", "licensing": "licensing",
               "other_services": "other external management services", "penalty": "administrative penalties",
               "coercion": "administrative coercion", "fees": "administrative fees",
               "procurement": "centralised government procurement"}
T2_COLUMN_TEXT = {"made": "made this year", "published": "newly published this year",
                  "total_public": "total publicly available", "prev_items": "items at the end of last year",
                  "change": "change of items this year (may be negative)", "decisions": "decisions made this year",
                  "items": "procurement items", "amount": "amount",
                  "issued": "issued this year", "repealed": "repealed this year", "in_force": "in force"}
T2_UNITS = {("fees", "amount"): "万元", ("procurement", "amount"): "as written (元/万元)"}

# ---- table 3 -------------------------------------------------------------------------------
T3_ROW_LABELS = {
    "new_received": "一、本年新收政府信息公开申请数量",
    "carried_over": "二、上年结转政府信息公开申请数量",
    "granted": "（一）予以公开",
    "partial": "（二）部分公开（区分处理的，只计这一情形，不计其他情形）",
    "denied.state_secret": "（三）不予公开 1.属于国家秘密",
    "denied.law_prohibited": "（三）不予公开 2.其他法律行政法规禁止公开",
    "denied.security_stability": "（三）不予公开 3.危及“三安全一稳定”",
    "denied.third_party": "（三）不予公开 4.保护第三方合法权益",
    "denied.internal_affairs": "（三）不予公开 5.属于三类内部事务信息",
    "denied.process_info": "（三）不予公开 6.属于四类过程性信息",
    "denied.enforcement_file": "（三）不予公开 7.属于行政执法案卷",
    "denied.admin_query": "（三）不予公开 8.属于行政查询事项",
    "unable.not_held": "（四）无法提供 1.本机关不掌握相关政府信息",
    "unable.needs_creation": "（四）无法提供 2.没有现成信息需要另行制作",
    "unable.unclear": "（四）无法提供 3.补正后申请内容仍不明确",
    "not_processed.petition": "（五）不予处理 1.信访举报投诉类申请",
    "not_processed.repeat": "（五）不予处理 2.重复申请",
    "not_processed.publication": "（五）不予处理 3.要求提供公开出版物",
    "not_processed.excessive": "（五）不予处理 4.无正当理由大量反复申请",
    "not_processed.confirm_reissue": "（五）不予处理 5.要求行政机关确认或重新出具已获取信息",
    "other.total": "（六）其他处理",
    "other.no_correction": "（六）其他处理 1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
    "other.fee_unpaid": "（六）其他处理 2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
    "other.other": "（六）其他处理 3.其他",
    "total_processed": "（七）总计",
    "carried_forward": "四、结转下年度继续办理",
}
# Rows printed by one template only: the 2019 table has （六） as a single row, 2021 splits it.
T3_ROW_ERAS = {"other.total": ("gb2019",), "other.no_correction": ("gb2021",),
               "other.fee_unpaid": ("gb2021",), "other.other": ("gb2021",)}
T3_ROW_TEXT = {
    "new_received": "requests received this year", "carried_over": "requests carried over from last year",
    "granted": "outcome: disclosed", "partial": "outcome: partly disclosed",
    "denied.state_secret": "not disclosed: state secret",
    "denied.law_prohibited": "not disclosed: prohibited by other laws and regulations",
    "denied.security_stability": "not disclosed: endangers the 'three securities and one stability'",
    "denied.third_party": "not disclosed: protects third parties' lawful rights",
    "denied.internal_affairs": "not disclosed: internal affairs information",
    "denied.process_info": "not disclosed: process information",
    "denied.enforcement_file": "not disclosed: administrative enforcement file",
    "denied.admin_query": "not disclosed: administrative query matter",
    "unable.not_held": "cannot be provided: not held by this organ",
    "unable.needs_creation": "cannot be provided: would have to be created",
    "unable.unclear": "cannot be provided: still unclear after correction",
    "not_processed.petition": "not processed: petition, report or complaint",
    "not_processed.repeat": "not processed: repeated request",
    "not_processed.publication": "not processed: asks for a publication",
    "not_processed.excessive": "not processed: excessive repeated requests without good reason",
    "not_processed.confirm_reissue": "not processed: asks to confirm or reissue information already obtained",
    "other.total": "other handling (the single row of the 2019 template; some later reports keep it)",
    "other.no_correction": "other handling: applicant did not correct the request in time",
    "other.fee_unpaid": "other handling: applicant did not pay the fee in time",
    "other.other": "other handling: other",
    "total_processed": "requests handled in total", "carried_forward": "requests carried forward to next year",
}
T3_COLUMN_TEXT = {"natural": "natural persons", "commercial": "commercial enterprises",
                  "research": "research institutions", "social": "public-welfare organisations",
                  "legal": "legal service organisations", "other": "other legal persons or organisations",
                  "total": "all applicants"}

# ---- table 4 -------------------------------------------------------------------------------
T4_GROUP_LABELS = {"review": "行政复议", "suit_direct": "行政诉讼 未经复议直接起诉",
                   "suit_after_review": "行政诉讼 复议后起诉"}
T4_COLUMN_LABELS = {"upheld": "结果维持", "corrected": "结果纠正", "other": "其他结果", "pending": "尚未审结",
                    "total": "总计"}
T4_GROUP_TEXT = {"review": "administrative reconsideration", "suit_direct": "lawsuits filed directly",
                 "suit_after_review": "lawsuits filed after reconsideration"}
T4_COLUMN_TEXT = {"upheld": "decision upheld", "corrected": "decision corrected", "other": "other result",
                  "pending": "not yet concluded", "total": "total"}

# ---- section 六 and legacy reports ------------------------------------------------------------
FEE_KEY = KeyInfo("fee.processing", "fee", "六、其他需要报告的事项 信息处理费", "", "元", TEMPLATE_ERAS,
                  "information processing fees (信息处理费) collected in the year; 0 when the report says none")
# Legacy keys (reports before the 2019 template): the terms of the statistics forms of the time
# (政府信息公开情况统计表, e.g. the appendix of the Pingtan 2011–2014 reports); the unit is the usual
# one, a report's own unit is kept with each value.
LEGACY_KEYS: tuple[tuple[str, str, str, str], ...] = (
    ("legacy.active.total", "主动公开政府信息数", "条", "items disclosed proactively"),
    ("legacy.requests.received", "受理政府信息公开申请总数", "件", "requests received or accepted"),
    ("legacy.requests.channel.in_person", "当面申请数", "件", "requests made in person"),
    ("legacy.requests.channel.online", "网上申请数", "件", "requests made online"),
    ("legacy.requests.channel.letter", "信函申请数", "件", "requests by letter"),
    ("legacy.requests.channel.fax", "传真申请数", "件", "requests by fax"),
    ("legacy.requests.channel.email", "电子邮件申请数", "件", "requests by e-mail"),
    ("legacy.requests.channel.phone", "电话申请数", "件", "requests by telephone"),
    ("legacy.requests.channel.written", "书面申请数", "件", "written requests (channel not said)"),
    ("legacy.requests.channel.other", "其他形式申请数", "件", "requests by other channels"),
    ("legacy.requests.answered", "对申请的答复总数", "件", "requests answered"),
    ("legacy.requests.on_time_rate", "按期答复率", "%", "share of requests answered on time"),
    ("legacy.requests.outcome.granted", "同意公开答复数", "件", "answered: disclosed"),
    ("legacy.requests.outcome.partial", "同意部分公开答复数", "件", "answered: partly disclosed"),
    ("legacy.requests.outcome.denied", "不同意公开答复数", "件", "answered: not disclosed"),
    ("legacy.requests.outcome.already_public", "属于已主动公开范围数", "件",
     "answered: already disclosed proactively"),
    ("legacy.requests.outcome.not_exist", "申请信息不存在数", "件", "answered: the information does not exist"),
    ("legacy.requests.outcome.not_this_agency", "不属于本行政机关公开数", "件",
     "answered: not held by / not for this organ"),
    ("legacy.requests.outcome.unclear", "告知作出更改补充数", "件", "answered: request unclear, asked to amend"),
    ("legacy.requests.outcome.repeat", "重复申请数", "件", "answered: repeated request"),
    ("legacy.requests.outcome.not_gov_info", "非《条例》所指政府信息数", "件",
     "answered: not government information under the regulation"),
    ("legacy.requests.outcome.other_channel", "告知通过其他途径办理数", "件",
     "answered: referred to another procedure"),
    ("legacy.requests.outcome.other", "其他类型答复数", "件", "answered: other"),
    ("legacy.fees.amount", "政府信息公开收费金额", "元", "fees charged (0 when the report says none)"),
    ("legacy.fees.waived", "政府信息公开收费减免金额", "元", "fees waived"),
    ("legacy.review.count", "行政复议数", "件", "administrative reconsideration cases about disclosure"),
    ("legacy.litigation.count", "行政诉讼数", "件", "lawsuits about disclosure"),
    ("legacy.appeal.count", "行政申诉（举报）数", "件", "appeals and complaints (申诉/举报)"),
    ("legacy.consultations", "咨询数", "人次", "consultations handled"),
)


def codebook(era: Optional[str] = None) -> list[KeyInfo]:
    """Every canonical key in table order (tables 2, 3, 4, section 六, legacy), or those of one era."""
    entries = [*_t2(), *_t3(), *_t4(), FEE_KEY, *_legacy()]
    return [e for e in entries if era is None or era in e.eras]


def _t2() -> Iterator[KeyInfo]:
    for row, columns in T2_ROW_KEYS.items():
        for col in columns:
            eras = tuple(era for era in TEMPLATE_ERAS if col in T2_LAYOUT[era].get(row, ()))
            if not eras:
                raise ValueError(f"t2.{row}.{col}: the template vocabulary has it, no template prints it")
            era = eras[-1]  # the labels of the latest template that prints the cell
            row_label = T2_ROW_LABELS[row] if isinstance(T2_ROW_LABELS[row], str) else T2_ROW_LABELS[row][era]
            yield KeyInfo(f"t2.{row}.{col}", "t2", row_label, T2_COLUMN_LABELS[era][col],
                          T2_UNITS.get((row, col), "件"), eras, f"{T2_ROW_TEXT[row]}: {T2_COLUMN_TEXT[col]}")


def _t3() -> Iterator[KeyInfo]:
    for spec in T3_ROWS:
        for col in T3_COLUMNS:
            yield KeyInfo(f"t3.{spec.key}.{col}", "t3", T3_ROW_LABELS[spec.key], T3_COLUMN_LABELS[col], "件",
                          T3_ROW_ERAS.get(spec.key, TEMPLATE_ERAS),
                          f"{T3_ROW_TEXT[spec.key]}, {T3_COLUMN_TEXT[col]}")


def _t4() -> Iterator[KeyInfo]:
    for group in T4_GROUPS:
        for col in T4_COLUMNS:
            yield KeyInfo(f"t4.{group}.{col}", "t4", T4_GROUP_LABELS[group], T4_COLUMN_LABELS[col], "件",
                          TEMPLATE_ERAS, f"{T4_GROUP_TEXT[group]} about disclosure: {T4_COLUMN_TEXT[col]}")


def _legacy() -> Iterator[KeyInfo]:
    for key, term, unit, text in LEGACY_KEYS:
        yield KeyInfo(key, "legacy", term, "", unit, LEGACY_ERAS, text)


def key_info(key: str) -> Optional[KeyInfo]:
    """The codebook entry of a key, or None for a key the vocabulary does not define."""
    return _BY_KEY.get(key)


def to_csv(entries: list[KeyInfo]) -> str:
    """The entries as CSV (the `schemas/keys.csv` format): eras joined by spaces."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CODEBOOK_COLUMNS)
    for e in entries:
        writer.writerow([e.key, e.table, e.row, e.column, e.unit, " ".join(e.eras), e.description])
    return out.getvalue()


def to_json(entries: list[KeyInfo]) -> str:
    """The entries as a JSON list of objects."""
    return json.dumps([asdict(e) for e in entries], ensure_ascii=False, indent=1)


_BY_KEY = {e.key: e for e in codebook()}
