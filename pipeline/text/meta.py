"""Report metadata: title, agency, year, era, dates, statistical period, contact block.

Each value comes from the strongest signal the page gives, and says which (`agency_source`,
`year_source`): the year from the title, else the statistical period, else the report the intro
names (编制的2009年度…报告), else the years the prose reports on, else the publication year − 1 —
never the year of a wrapping notice or of the publication itself. A page that is no report (the
notice asking for reports, a list of reports, a page without text) gets `not_a_report` and no values.
"""
from __future__ import annotations

from collections import Counter
from typing import Optional, Sequence

import regex

from ..domain.cmsurl import url_date
from ..record import Contact, Document, Meta, Section, Signal
from .agency import INTRO_ZONE, agency_evidence, choose_agency, fullest_printed
from .dates import find_period, find_signed, period_end_year
from .title import CORE, Title, find_title, parse_title

_SPACES = regex.compile(r"[\s\u00a0\u3000]+")
# Where the title is looked for when the segmenter found no heading to stop at (or one at the very top).
HEAD_ZONE = 1500

_CONTACT = {
    "address": regex.compile(r"(?:联系)?地\s*址\s*[:：]\s*(?P<v>(?:(?!邮\s*编|邮\s*政|电\s*话|传\s*真|电子邮|联系)[^；;，,）)。])"
                             r"{2,60})"),
    "postcode": regex.compile(r"邮\s*(?:政)?\s*编\s*(?:码)?\s*[:：]\s*(?P<v>\d{6})"),
    "phone": regex.compile(r"(?:联系)?电\s*话\s*[:：]\s*(?P<v>[0-9（）()\-－—\s]{7,20}\d)"),
    "email": regex.compile(r"(?:电子)?(?:邮箱|信箱|E-?mail)\s*[:：]\s*(?P<v>[A-Za-z0-9._\-]+\s*[@＠]\s*[A-Za-z0-9.\-]+[A-Za-z])",
                           regex.I),
}

# Era signals (domain.md §4.6): column and block labels unique to one template version.
_GB2021 = regex.compile(r"本年制发件数|本年废止件数|现行有效件数|本年收费金额|逾期不补正|逾期未按收费通知")
_GB2019 = regex.compile(r"本年新制作数量|本年新公开数量|上一年项目数量|第二十条第[（(]九[）)]项|政府集中采购|采购总金额")
_TEMPLATE = regex.compile(r"本年新收政府信息公开申请数量|申请人情况|结转下年度继续办理|第二十条第[（(][一五六八][）)]项")


# The notice fixing the 2021 table format, cited by reports of 2021 on.
_FORMAT_2021 = regex.compile(r"国办公开办函\s*[〔\[(（]\s*2021\s*[〕\])）]\s*30\s*号")
# The report the intro names: 编制的2009年度政府信息公开年度报告 / 现公布…2020年…报告.
_INTRO_YEAR = regex.compile(r"(?:编制|公布|发布|现将)[的了]?\s*《?(?:(?!做好|关于)[^。\n《》]){0,40}?"
                            rf"(?P<y>20\d\d)\s*年\s*度?\s*(?:本级)?(?:的)?{CORE}")
# A year the prose reports on (2020年，我局…), not a date (2020年1月1日) nor a document number (〔2020〕).
_PROSE_YEAR = regex.compile(r"(?<![\d〔\[（(])(?P<y>20\d\d)\s*年(?:度)?(?!\s*\d{1,2}\s*月|\d)")
# The notice that asks agencies for their reports, standing where a report's title would.
_COMPILING_NOTICE = regex.compile(r"^[^\n。，,：:]{0,30}?关于(?:做好|开展|报送|编制)[^。\n]{0,40}?(?:政府信息公开|政务公开)[^。\n]{0,40}?"
                                  r"(?:报告|年报)[^。\n]{0,30}?(?:通知|函)\s*$", regex.M)
# A page with less report text than this (in Chinese characters) and no title or heading is empty.
MIN_REPORT_CHARS = 200
_HAN = regex.compile(r"\p{Han}")
# A page listing this many report titles of different years or issuers, with no heading and hardly a
# sentence of prose, is a list page (a report's side menu may list other years' reports too).
LIST_TITLES = 3
LIST_MAX_SENTENCES = 3


def extract_meta(doc: Document, sections: Sequence[Section]) -> Meta:
    """All metadata of a document."""
    text = doc.text
    head = text[:sections[0].start] if sections and sections[0].start > 0 else text[:HEAD_ZONE]
    meta = Meta()
    title = find_title(head, doc.hints.title)
    if title is None and len(head) < HEAD_ZONE:  # a portal menu numbered 一、二、 may pass for the first heading
        title = find_title(text[:HEAD_ZONE])
    meta.title = title.text if title else doc.hints.title
    meta.not_a_report = not_a_report(text, title, sections)
    meta.publisher = doc.hints.publisher
    meta.published = doc.hints.published
    meta.url_date = url_date(doc.hints.url)
    if meta.not_a_report:
        return meta
    meta.agencies = title.names if title and len(title.names) > 1 else []
    agency, source, others = choose_agency(agency_evidence(title, text, doc.hints))
    # a township named by the body rather than a title: as printed with its county where the page does so
    from_body = bool(agency and source and "title" not in source)
    meta.agency = fullest_printed(agency, text[:INTRO_ZONE]) if from_body else agency
    meta.agency_source = source
    meta.agency_signals = [Signal(e.source, e.name) for e in others]
    meta.period = find_period(text)
    meta.year, meta.year_source = report_year(text, title, meta.period, meta.published)
    meta.signed = find_signed(text, sections)
    meta.contact = find_contact(head if sections else text[:2000])
    meta.era = detect_era(text, meta.year)
    return meta


def report_year(text: str, title: Optional[Title], period: Optional[list[str]],
                published: Optional[str]) -> tuple[Optional[int], Optional[str]]:
    """(the year reported on, the signal that gave it)."""
    if title and title.year is not None:
        return title.year, "title"
    year = int(period[0][:4]) if period else period_end_year(text)
    if year is not None:
        return year, "period"
    m = _INTRO_YEAR.search(text[:3000])
    if m:
        return int(m.group("y")), "intro"
    cap = int(published[:4]) if published else None
    counts = Counter(int(m.group("y")) for m in _PROSE_YEAR.finditer(text[:6000]))
    counts = Counter({y: n for y, n in counts.items() if cap is None or y < cap})
    if counts:
        return max(counts, key=lambda y: (counts[y], y)), "prose"
    if cap is not None:
        return cap - 1, "published"
    return None, None


def not_a_report(text: str, title: Optional[Title], sections: Sequence[Section]) -> Optional[str]:
    """Why the page is no report ('notice', 'list', 'empty'), or None for a report."""
    if title is None and _COMPILING_NOTICE.search(text[:HEAD_ZONE]):
        return "notice"
    if not sections and text.count("。") < LIST_MAX_SENTENCES:  # the cheap tests first
        titles = {(tuple(names), year) for names, year in (parse_title(line) for line in text.split("\n"))
                  if year is not None}
        if len(titles) >= LIST_TITLES:
            return "list"
    if title is None and not sections and len(_HAN.findall(text)) < MIN_REPORT_CHARS:
        return "empty"
    return None


def find_contact(zone: str) -> Contact:
    """Address, postcode, phone and e-mail from the intro's contact block."""
    values = {}
    for key, pattern in _CONTACT.items():
        m = pattern.search(zone)
        if m:
            v = _SPACES.sub("", m.group("v")).replace("＠", "@")
            values[key] = v.rstrip("。.")
    return Contact(**values)


def detect_era(text: str, year: Optional[int]) -> str:
    """legacy / gb2019 / gb2021 from the template's labels, else from the report year, else from the
    notices cited (国办公开办函〔2021〕30号 fixes the 2021 format)."""
    if year is not None and year < 2019:
        return "legacy"  # the first template was issued in late 2019
    if _GB2021.search(text):
        return "gb2021"
    if _GB2019.search(text):
        return "gb2019"
    if year is None and _FORMAT_2021.search(text):
        return "gb2021"
    if _TEMPLATE.search(text) or year is not None:
        return "gb2021" if year is not None and year >= 2021 else "gb2019"
    return "legacy"
