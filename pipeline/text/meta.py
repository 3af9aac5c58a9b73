"""Report metadata: title, agency, year, era, dates, statistical period, contact block.

Dates are read in arabic and Chinese numerals (二○一二年二月二十日, with ○ U+25CB
as printed in Pingtan reports) and tolerate dropped characters (domain.md §4.3).
"""
from __future__ import annotations

from typing import Optional, Sequence

import regex

from ..domain.cmsurl import url_date
from ..domain.numerals import DATE_CHARS, to_int
from ..record import Contact, Document, Meta, Section

_CN_NUM = DATE_CHARS

_TITLE_CORE = r"(?:政府信息公开|信息公开|政务公开)(?:工作)?(?:年度)?(?:报告|年报)"
_YEAR = rf"(?:\d{{4}}|[{_CN_NUM}]{{4}})"
_TITLE = regex.compile(
    rf"(?P<pre>[^\n。]*?)(?P<year>{_YEAR})\s*年\s*(?:度)?\s*(?P<mid>[^\n。]*?){_TITLE_CORE}")
# A title line is short; an intro sentence that mentions the report is not a title.
MAX_TITLE_LINE = 45
_SPACES = regex.compile(r"[\s\u00a0\u3000]+")

# A full date: 2018年2月27日 / 二○一三年一月二十日 / 2018-02-27.
DATE = (rf"(?:(?P<y>\d{{4}}|[{_CN_NUM}OＯ]{{4}})\s*年\s*(?P<m>\d{{1,2}}|[{_CN_NUM}]{{1,2}})\s*月\s*"
        rf"(?P<d>\d{{1,2}}|[{_CN_NUM}]{{1,3}})\s*日)")
_DATE = regex.compile(DATE)
# Characters that, right after a date, show it sits inside a sentence ("2019年1月1日起至…").
_IN_SENTENCE_AFTER = regex.compile(r"^[\s\u00a0\u3000]*(?:[起至止到前后，,、以印发召开发布出台正式])")
_IN_SENTENCE_BEFORE = regex.compile(r"(?:于|自|至|截至|截止|从|到|在|为|是|即|日|当|和|与)[\s\u00a0]*$")

_PERIOD = regex.compile(
    rf"(?:统计(?:期限|时限|期间|时间|区间|周期)|数据期限|期限)[^。\n]{{0,12}}?(?P<a>{DATE.replace('?P<y>', '?P<y1>').replace('?P<m>', '?P<m1>').replace('?P<d>', '?P<d1>')})"
    r"[\s\u00a0]*(?:起)?[\s\u00a0]*(?:至|到|—|－|-|~|～)[\s\u00a0]*"
    rf"(?P<b>(?:(?P<y2>\d{{4}})\s*年\s*)?(?P<m2>\d{{1,2}})\s*月\s*(?P<d2>\d{{1,2}})\s*日)")

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


def date_from_match(m: regex.Match, y: str = "y", mo: str = "m", d: str = "d") -> Optional[str]:
    """ISO date from a match of `DATE` (group names overridable)."""
    yy, mm, dd = to_int(m.group(y)), to_int(m.group(mo)), to_int(m.group(d))
    if yy is None or mm is None or dd is None or not (1 <= mm <= 12 and 1 <= dd <= 31):
        return None
    return f"{yy:04d}-{mm:02d}-{dd:02d}"


def extract_meta(doc: Document, sections: Sequence[Section]) -> Meta:
    """All metadata of a document."""
    text = doc.text
    head = text[:sections[0].start] if sections else text[:1500]
    meta = Meta()
    meta.title = find_title(doc, head)
    agencies, year = parse_title(meta.title or "")
    meta.agencies = agencies if len(agencies) > 1 else []
    meta.agency = agencies[0] if agencies else None
    meta.publisher = doc.hints.publisher
    meta.published = doc.hints.published
    meta.url_date = url_date(doc.hints.url)
    meta.period = find_period(text)
    meta.year = year or (int(meta.period[0][:4]) if meta.period else None)
    meta.signed = find_signed(text, sections)
    meta.contact = find_contact(head if sections else text[:2000])
    meta.era = detect_era(text, meta.year)
    return meta


def find_title(doc: Document, head: str) -> Optional[str]:
    """The report title: page metadata first, else the opening lines of the text."""
    if doc.hints.title and _TITLE.search(doc.hints.title):
        return _SPACES.sub(" ", doc.hints.title).strip()
    lines = [ln.strip() for ln in head.split("\n")[:8] if ln.strip()]
    for k, line in enumerate(lines):
        if not regex.search(r"(?:报告|年报)$", line):
            continue
        for s in range(max(0, k - 2), k + 1):
            block = lines[s:k + 1]
            candidate = "".join(block)
            if all(len(b) < MAX_TITLE_LINE for b in block) and _TITLE.match(candidate):
                return candidate
    return doc.hints.title


def parse_title(title: str) -> tuple[list[str], Optional[int]]:
    """Issuing agencies and report year named by a title."""
    m = _TITLE.search(title)
    if not m:
        return [], None
    year = to_int(m.group("year"))
    name = m.group("pre").strip() or m.group("mid").strip()
    name = regex.sub(r"^关于|关于$|的?$", "", name).strip()
    agencies = [a for a in _SPACES.split(name) if a]
    return agencies, year


def find_period(text: str) -> Optional[list[str]]:
    """The statistical period stated in the intro, as two ISO dates."""
    m = _PERIOD.search(text[:5000])
    if not m:
        return None
    start = date_from_match(m, "y1", "m1", "d1")
    y2 = m.group("y2") or (start[:4] if start else None)
    mm, dd = to_int(m.group("m2")), to_int(m.group("d2"))
    if not start or not y2 or not mm or not dd:
        return None
    return [start, f"{int(y2):04d}-{mm:02d}-{dd:02d}"]


def find_signed(text: str, sections: Sequence[Section]) -> Optional[str]:
    """The signature (落款) date: a free-standing full date after the last section's text."""
    zone_start = sections[-1].start if sections else int(len(text) * 0.7)
    found = None
    for m in _DATE.finditer(text, zone_start):
        before = text[max(0, m.start() - 6):m.start()]
        after = text[m.end():m.end() + 3]
        if _IN_SENTENCE_AFTER.match(after) or _IN_SENTENCE_BEFORE.search(before):
            continue
        if before and before.rstrip(" \u00a0\u3000")[-1:] not in ("", "\n", "。", "）", ")") and \
                not regex.search(r"[\s\u00a0\u3000]$", before):
            continue
        found = date_from_match(m) or found
    return found


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
    """legacy / gb2019 / gb2021 from the template's labels, else from the report year."""
    if year is not None and year < 2019:
        return "legacy"  # the first template was issued in late 2019
    if _GB2021.search(text):
        return "gb2021"
    if _GB2019.search(text):
        return "gb2019"
    if _TEMPLATE.search(text) or year is not None:
        return "gb2021" if year is not None and year >= 2021 else "gb2019"
    return "legacy"
