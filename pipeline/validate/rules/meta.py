"""Rules on the page-level reading: the issuing agency and the report year, and pages that are no report."""
from __future__ import annotations

from typing import Iterator

from ...record import Finding, Record
from ..registry import finding, rule

# Agency signals a reader trusts less than a title, an intro or a byline: an organ's name standing
# alone in the page head, the subject of a dated sentence, a website or contact line.
WEAK_AGENCY_SOURCES = ("heading", "self-reference", "contact")
_SOURCE_NAMES = {"title": "标题", "place-title": "标题（仅地名）", "notice-intro": "引言所称报告名",
                 "intro": "引言定义的名称", "compiler": "编制单位", "byline": "发布机构", "source-line": "来源",
                 "heading": "页头机关名", "self-reference": "正文主语", "contact": "联系方式/网站"}
_YEAR_SOURCES = {"prose": "正文中最常见的年度", "published": "发布年份减一"}


def _source(source: str) -> str:
    return "+".join(_SOURCE_NAMES.get(s, s) for s in source.split("+"))


@rule("meta.not_a_report", severity="warning")
def _not_a_report(rec: Record) -> Iterator[Finding]:
    reasons = {"notice": "页面是布置年报编制的通知", "list": "页面是多份年报的列表", "empty": "页面没有报告正文"}
    if rec.meta.not_a_report:
        yield finding("meta.not_a_report", f"不是政府信息公开工作年度报告：{reasons.get(rec.meta.not_a_report, rec.meta.not_a_report)}",
                      keys=["meta.not_a_report"])


@rule("meta.agency_missing", severity="warning")
def _agency_missing(rec: Record) -> Iterator[Finding]:
    if rec.meta.agency is None and not rec.meta.not_a_report:
        yield finding("meta.agency_missing", "标题、署名栏和正文均未写明发布机关", keys=["meta.agency"])


@rule("meta.agency_weak_signal", severity="info")
def _agency_weak(rec: Record) -> Iterator[Finding]:
    source = rec.meta.agency_source or ""
    if source in WEAK_AGENCY_SOURCES:
        yield finding("meta.agency_weak_signal",
                      f"发布机关“{rec.meta.agency}”仅由{_source(source)}推断，页面无标题或署名写明", keys=["meta.agency"])


@rule("meta.agency_signals_disagree", severity="info")
def _agency_disagree(rec: Record) -> Iterator[Finding]:
    for signal in rec.meta.agency_signals:
        yield finding("meta.agency_signals_disagree",
                      f"{_source(signal.source)}指向“{signal.name}”，与采用的{_source(rec.meta.agency_source or '')}"
                      f"“{rec.meta.agency}”不一致", keys=["meta.agency"])


@rule("meta.year_inferred", severity="warning")
def _year_inferred(rec: Record) -> Iterator[Finding]:
    if rec.meta.year is not None and rec.meta.year_source in _YEAR_SOURCES:
        yield finding("meta.year_inferred",
                      f"报告年度 {rec.meta.year} 由{_YEAR_SOURCES[rec.meta.year_source]}推断，标题、统计期限和引言均未写明",
                      keys=["meta.year"])
