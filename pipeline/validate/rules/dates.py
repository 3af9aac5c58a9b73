"""Rules on dates: publication deadline, signature date, statistical period, report year."""
from __future__ import annotations

from datetime import date
from typing import Iterator, Optional

import regex

from ...record import ERAS, Finding, Record
from ..registry import finding, rule

# Report years under the 2008 条例 (deadline 31 March for every organ, art. 31); from report year
# 2019 the revised 条例 art. 49 applies (in force 2019-05-15, domain.md §1.2).
FIRST_YEAR_2019_RULES = 2019
# A report published this few days after its period ended can hardly hold checked full-year
# figures. Fitted on pingtan_syq_2014 (published 2015-01-02, 2 days), flagged by its gold file, and
# pingtan_syq_2013/2018 (10 days), not flagged. Checked on the 57 dated excerpts of other organs
# (tests/validate/test_thresholds.py): the one under the bar (兴华乡 2010, published 2011-01-01) is read
# as too soon, the nearest above it (10 and 12 days) as ordinary.
MIN_DAYS_AFTER_PERIOD = 7

# Agency name endings: a whole government (31 March) vs a department (31 January), art. 49.
_GOVERNMENT = regex.compile(r"(?:人民政府|政府|管理委员会|管委会|综合实验区|新区|开发区|高新区)$")
_DEPARTMENT = regex.compile(r"(?:局|厅|委员会|委|办公室|办公厅|办|中心|院|署|所|会|站|队|处)$")
# The period sentence with its dates removed ("本报告所列数据的统计期限自至", pingtan_ptx_2013).
_EMPTIED_PERIOD = regex.compile(r"(?:统计|数据)(?:期限|时限|期间|时间|区间)[为是从]?\s*自\s*[至到]")
_AGENCY_TAIL = 120  # characters before 附件/the end searched for a bare 落款 (agency name alone)
_APPENDIX = regex.compile(r"附\s*件\s*\d*\s*[:：]|附表")
_SENTENCE_END = regex.compile(r"[。；;）)]\s*$")


def agency_type(agency: Optional[str]) -> Optional[str]:
    """'government', 'department' or None (unsure) from the organ's name."""
    if not agency:
        return None
    if _DEPARTMENT.search(agency) and not _GOVERNMENT.search(agency):
        return "department"
    if _GOVERNMENT.search(agency):
        return "government"
    return None


def deadline(year: int, agency: Optional[str]) -> tuple[date, str]:
    """The statutory publication deadline of a report year, and how it was chosen."""
    if year < FIRST_YEAR_2019_RULES:
        return date(year + 1, 3, 31), "2008年条例第31条：每年3月31日前"
    kind = agency_type(agency)
    if kind == "department":
        return date(year + 1, 1, 31), "2019年条例第49条：政府部门每年1月31日前"
    if kind == "government":
        return date(year + 1, 3, 31), "2019年条例第49条：县级以上人民政府每年3月31日前"
    return date(year + 1, 3, 31), "2019年条例第49条（机关类型无法从名称判断，按人民政府3月31日计；若为政府部门则为1月31日）"


def _date(s: Optional[str]) -> Optional[date]:
    try:
        return date.fromisoformat(s) if s else None
    except ValueError:
        return None


@rule("meta.no_year", severity="warning")
def _no_year(rec: Record) -> Iterator[Finding]:
    if rec.meta.year is None:
        yield finding("meta.no_year", "标题和正文中均未找到报告年度", keys=["meta.year"])


@rule("date.published_after_deadline", severity="warning")
def _late(rec: Record) -> Iterator[Finding]:
    published, year = _date(rec.meta.published), rec.meta.year
    if published is None or year is None:
        return
    due, basis = deadline(year, rec.meta.agency)
    if published > due:
        yield finding("date.published_after_deadline",
                      f"发布日期 {published} 晚于法定期限 {due}（{basis}），逾期 {(published - due).days} 天",
                      keys=["meta.published"])
    elif agency_type(rec.meta.agency) is None and year >= FIRST_YEAR_2019_RULES and published > date(year + 1, 1, 31):
        yield finding("date.published_after_deadline",
                      f"发布日期 {published}：若“{rec.meta.agency}”是政府部门，则晚于1月31日的期限；"
                      "机关类型无法从名称判断", keys=["meta.published"], severity="info")


@rule("date.published_too_soon", severity="info")
def _too_soon(rec: Record) -> Iterator[Finding]:
    published = _date(rec.meta.published)
    end = _date(rec.meta.period[1]) if rec.meta.period else None
    if published and end and 0 <= (published - end).days < MIN_DAYS_AFTER_PERIOD:
        yield finding("date.published_too_soon",
                      f"发布日期 {published} 距统计期末 {end} 仅 {(published - end).days} 天，全年数据难以统计核实",
                      keys=["meta.published", "meta.period"])


@rule("date.signed_before_period_end", severity="warning")
def _signed_early(rec: Record) -> Iterator[Finding]:
    m = rec.meta
    if m.signed and m.period and m.signed < m.period[1]:
        yield finding("date.signed_before_period_end",
                      f"落款日期 {m.signed} 早于统计期末 {m.period[1]}", keys=["meta.signed", "meta.period"])


@rule("date.signed_after_published", severity="warning")
def _signed_late(rec: Record) -> Iterator[Finding]:
    m = rec.meta
    if m.signed and m.published and m.signed > m.published:
        yield finding("date.signed_after_published", f"落款日期 {m.signed} 晚于发布日期 {m.published}",
                      keys=["meta.signed", "meta.published"])


@rule("date.signature_undated", severity="info")
def _undated(rec: Record) -> Iterator[Finding]:
    """A 落款 that is the agency's name alone, without a date (pingtan_ptx_2013)."""
    text, agency = rec.text or "", rec.meta.agency
    if rec.meta.signed or not agency or not rec.sections:
        return
    last = rec.sections[-1]
    body = text[last.start:last.end]
    cut = _APPENDIX.search(body)
    tail = body[:cut.start()] if cut else body
    tail = tail.rstrip(" \t\n\u00a0\u3000")
    if tail.endswith(agency) and _SENTENCE_END.search(tail[:-len(agency)][-_AGENCY_TAIL:].rstrip()):
        pos = last.start + len(tail) - len(agency)
        yield finding("date.signature_undated", f"落款只有“{agency}”，没有日期", keys=["meta.signed"],
                      span=[pos, pos + len(agency)])


@rule("period.missing", severity="warning")
def _period_missing(rec: Record) -> Iterator[Finding]:
    if rec.meta.period:
        return
    m = _EMPTIED_PERIOD.search(rec.text or "")
    if m:
        yield finding("period.missing", f"统计期限一句的日期被删空（“{m.group(0)}”），报告未说明统计期限",
                      keys=["meta.period"], span=[m.start(), m.end()])
    else:
        yield finding("period.missing", "报告未说明统计期限", keys=["meta.period"], severity="info")


@rule("period.not_calendar_year", severity="warning")
def _period_year(rec: Record) -> Iterator[Finding]:
    p = rec.meta.period
    if not p:
        return
    if p[0][5:] != "01-01" or p[1][5:] != "12-31" or p[0][:4] != p[1][:4]:
        yield finding("period.not_calendar_year", f"统计期限 {p[0]} 至 {p[1]} 不是一个完整的自然年度",
                      keys=["meta.period"])


@rule("period.year_mismatch", severity="warning")
def _period_title_year(rec: Record) -> Iterator[Finding]:
    p, year = rec.meta.period, rec.meta.year
    if p and year is not None and int(p[1][:4]) != year:
        yield finding("period.year_mismatch", f"标题年度 {year} 与统计期限 {p[0]} 至 {p[1]} 的年度不一致",
                      keys=["meta.year", "meta.period"])


# Figures bounded by another date than the period's end: "截至12月14日" (pingtan_syq_2012),
# "截至目前"/"截至发文之日" (pingtan_syq_2018), "2015年至今" (pingtan_syq_2015).
_CUTOFF = regex.compile(r"截[至止](?:(?:(?P<y>\d{4})年)?(?P<m>\d{1,2})月(?P<d>\d{1,2})日|目前|发文之日|今|现在)"
                        r"|(?<=\d{4}年)至今")


_CLAUSE_END = regex.compile(r"[^。；]{0,30}$")


@rule("period.not_respected", ERAS, "info")
def _cutoff(rec: Record) -> Iterator[Finding]:
    text = rec.text or ""
    end = _date(rec.meta.period[1]) if rec.meta.period else None
    for m in _CUTOFF.finditer(text):
        if m.group("m"):
            year = int(m.group("y")) if m.group("y") else (end.year if end else None)
            try:
                cut = date(year, int(m.group("m")), int(m.group("d"))) if year else None
            except ValueError:
                cut = None
            if cut is None or end is None or cut >= end:
                continue
            what = f"截至 {cut}，早于统计期末 {end}"
        else:
            what = "以发文时为界，而非统计期末"
        # the clause before the cut-off: at most 30 characters (31 with a last line break), so only those are searched
        sentence = _CLAUSE_END.search(text[max(0, m.start() - 31):m.start()]).group(0) + text[m.start():m.end() + 20]
        yield finding("period.not_respected", f"数字的统计时点为“{m.group(0)}”（{what}）：“{sentence.strip()}…”",
                      span=[m.start(), m.end()])


@rule("date.url_vs_page", ERAS, "info")
def _url_stamp(rec: Record) -> Iterator[Finding]:
    """The date in a TRS/Hanweb URL (`meta.url_date`, see `cmsurl`) can differ from the displayed
    发布时间 (domain.md §4.1: Pingtan 2013 URL t20140324 vs page 2014-01-10)."""
    stamp, published = _date(rec.meta.url_date), _date(rec.meta.published)
    if stamp and published and stamp != published:
        yield finding("date.url_vs_page", f"网址中的日期 {stamp} 与页面发布日期 {published} 不一致",
                      keys=["meta.url_date", "meta.published"])
