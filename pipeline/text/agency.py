"""The issuing agency as the page prints it, from the evidence a reader would use, with its source.

Signals, strongest first: the title; the report named in the intro (现公布X2020年…报告, 编制《X…》,
公布2013年X…报告); a name the intro defines (X（以下简称Y）); the compiler (由X编制; 由X人民政府办公室编制
is the government's report); the byline (发布机构, 发文机关; then 来源, 信息来源); the subject of the
first dated sentence (2020年，X认真贯彻…); the office named in the contact or website line matching the
body's self-reference (我办 → …办公室); a line holding only an organ's name. A title naming only a place
means that place's 人民政府 (domain.md: 天津市2020年… → 天津市人民政府); zones (开发区, 实验区) and
streets (街道) have none and keep their printed name. Portal furniture never names an agency.
"""
from __future__ import annotations

import itertools
from dataclasses import dataclass
from functools import lru_cache
from typing import Iterable, Iterator, Optional

import regex

from ..domain.agencies import divisions
from ..record import PageHints
from .title import CORE, ORGAN_END, Title

# How much of the text the intro signals are looked for in.
INTRO_ZONE = 2500
_N = r"[\p{Han}()（）]"
_YEAR_REPORT = rf"\s*(?P<y>20\d\d)\s*年\s*度?\s*(?:的)?{CORE}"
# The report named in the intro: 现公布X2020年政府信息公开工作年度报告 / 编制《X2023年…》 /
# 公布2013年X政府信息公开工作报告 (the year before the name).
_NAMED = regex.compile(rf"(?:公布|发布|现将|编制|编制了|形成)\s*《?(?:(?P<n>{_N}{{2,40}}?){_YEAR_REPORT}|"
                       rf"\s*20\d\d\s*年\s*度?\s*(?P<n>{_N}{{2,40}}?){CORE})")
# The compiler: 由X编制 / 本报告由X根据…编制 / 由X综合…编制而成.
_COMPILER = regex.compile(rf"由\s*(?P<n>{_N}{{2,40}}?)\s*(?=[(（]以下简称|综合|汇总|编制|根据|负责|组织|牵头|结合)")
# The shortest and longest name before 以下简称 (_DEFINED) or a site word (_SITE).
_NAME_MIN, _NAME_MAX = 4, 40
# A name the intro defines: X（以下简称Y）. The name never gives back characters (possessive: what
# follows a shorter name would be a Han character, never a bracket).
_DEFINED = regex.compile(rf"(?P<n>[\p{{Han}}]{{{_NAME_MIN},{_NAME_MAX}}}+)\s*[(（]\s*以下简称\s*[“\"《]?"
                         r"(?P<short>[^”\"》)）]{2,20})")
_DEFINED_WORD = regex.compile(r"以下简称")
# Reverse patterns, anchored where they are searched up to: a name's last character and the bracket
# before 以下简称; a run of Han characters.
_DEFINED_OPENING = regex.compile(r"(?r)\p{Han}\s*[(（]\s*")
_HAN_BEFORE = regex.compile(r"(?r)\p{Han}+")
# The subject of a dated sentence: 2020年，X认真贯彻… / 2019年汝州市共主动公开….
_SUBJECT = regex.compile(
    rf"(?:^|[。\n])\s*20\d\d\s*年度?\s*[,，]?\s*(?P<n>{_N}{{2,30}}?)\s*(?=认真|全面|深入|坚持|进一步|按照|始终|严格|"
    r"紧紧|高度|继续|共|累计|积极|着力|切实|围绕|结合|根据|依据|大力|持续|扎实|不断|主动|通过)", regex.M)
# A website or contact line: X网站 / X门户网站 / 请与X联系.
_SITE_WORD = regex.compile(r"门户网站|网站|政府网")
_SITE = regex.compile(rf"(?P<n>[\p{{Han}}]{{{_NAME_MIN},{_NAME_MAX}}}?)(?:{_SITE_WORD.pattern})")
# An internal unit (综合处, 政务公开科) after the organ is not part of its name; an office (办公室) may be one.
_CONTACT = regex.compile(r"请(?:与|联系)\s*(?P<n>[\p{Han}]{4,40}?)"
                         r"(?:(?<=[办局委厅院会室府])(?!公[室厅])\p{Han}{0,4}?[处科股](?=联系)|联系|[(（,，。])")
# Words before a name in a run of characters: 结合国家税务总局… / 通过吉林市….
_LEAD = regex.compile(r"^(?:结合|通过|根据|按照|由|对|向社会|向|经|在|是|为|将|可在|可从|登录|访问|联系|及|和|与|的|并|特|现|"
                      r"公布|发布)+")
# The body's self-reference and the organ word it stands for.
# 本X only where 本X is no other word (本办法, 本站 = this website, 本会议, 本院校 are).
_SELF = {"我办": r"办公室|办", "我局": r"局", "本局": r"局", "我委": r"委员会|委", "本委": r"委员会|委",
         "我厅": r"厅", "本厅": r"厅", "我院": r"院", "我室": r"室", "我会": r"会", "我署": r"署", "本署": r"署",
         "我中心": r"中心", "本中心": r"中心"}
_SELF_WORD = regex.compile("|".join(_SELF))
_SELF_KIND_END = {kind: regex.compile(rf"(?:{kind})$") for kind in _SELF.values()}
# A name's last words that make it a place, and the zones that end like places but have no 人民政府.
_PLACE = regex.compile(r"(?:省|市|县|縣|区|區|镇|鎮|乡|鄉|旗|州|盟|苏木)$")
_ZONE = regex.compile(r"(?:开发区|实验区|新区|园区|高新区|示范区|合作区|试验区|保税区|管理区|工业区|景区|功能区|片区|社区)$")
# A township-level organ: a town's, township's or street's government or office.
_TOWNSHIP = regex.compile(r"\p{Han}(?:镇|乡|苏木|街道)(?:人民政府|政府|办事处|党政办公室)?$")
# The longest division name a zone-like ending is checked against (双江拉祜族佤族布朗族傣族自治县: 15).
MAX_DIVISION_NAME = 16
# Words that make a name an organ's even when it ends like a place (重庆海关关区, gb2019_036).
_ORGAN_INSIDE = regex.compile(r"政府|局|委|办|厅|街道|海关|中心|院|所|站|处")
# A second name in brackets after an organ's: 银川市民族事务委员会（宗教事务局）.
_BRACKETED = regex.compile(r"[(（][^()（）]*[)）]$")
# A place followed by 政府 (镇政府, 县政府办公室) is that place's 人民政府.
_SHORT_GOV = regex.compile(r"(?<=\p{Han}(?:省|市|县|縣|区|區|镇|鎮|乡|鄉|旗|州|盟|苏木))(?<!人民)政府")
# The scope a title puts after the organ (重庆海关关区, X系统): not part of its name.
_SCOPE = regex.compile(r"(?<=\p{Han}{2})(?:关区|全系统|系统)$")
# A government's internal office named as compiler (由X人民政府办公室编制): the report is the government's.
_GOV_OFFICE = regex.compile(r"(?<=人民政府)(?:党政)?(?:综合)?(?:办公室|办公厅|办)$")
# An office inside an organ, named in brackets after it in a byline: 泾县人民政府（办公室）.
_INTERNAL_OFFICE = regex.compile(r"(?:党政)?(?:综合)?(?:办公室|办公厅|办)|\p{Han}{0,4}(?:科|股|处)")
# Words no organ's name holds: the body's "we", time words, a website.
_NOT_IN_NAME = regex.compile(r"我|本级|以来|利用|网站|门户|可在|发挥|下载|电子版|通过|登录|访问|查询|点击|^\p{Han}?[(（]")
_OFFICE_IN_BRACKETS = regex.compile(rf"[(（](?:{_INTERNAL_OFFICE.pattern})[)）]$")
# A byline naming the website rather than the organ.
_WEBSITE = regex.compile(r"(?:门户网站|网站|政府网|网)$")
# Names that are no organ: a bare level (县政府, 区人民政府办公室), an internal office, the body's "we".
_IMPROPER = regex.compile(r"^(?:省|市|县|区|镇|乡|旗|州|盟|厅|局|委|院|部|本|我|各|全|该|上级|有关|相关)|"
                          r"^(?:办公室|办公厅|综合科|信息中心)$")


# Signals that often name another organ than the issuer without contradicting it: 来源 names where
# the text came from (the portal's owner: 来源：平潭县人民政府 on the 实验区's reports), a sentence's
# subject or a website line the place or the portal.
QUIET_SOURCES = ("source-line", "self-reference", "contact", "heading")


@dataclass
class Evidence:
    """One signal naming the issuer: where it was read and the name as printed (normalised)."""

    source: str
    name: str


def agency_evidence(title: Optional[Title], text: str, hints: PageHints) -> list[Evidence]:
    """Every signal naming the issuer, strongest first."""
    intro = text[:INTRO_ZONE]
    found: list[Evidence] = []
    if title and title.names:
        raw = _SCOPE.sub("", _expand_short(title.names[0], intro))
        found.append(Evidence("place-title" if _is_place(raw) else "title", printed_name(raw)))
    found += _matches("notice-intro", _NAMED.finditer(intro))
    found += _matches("intro", _defined_matches(intro))
    found += [Evidence("compiler", _GOV_OFFICE.sub("", e.name))
              for e in _matches("compiler", _COMPILER.finditer(intro))]
    for source, raw in (("byline", hints.publisher), ("source-line", hints.source_line)):
        name = _proper(_WEBSITE.sub("", _OFFICE_IN_BRACKETS.sub("", raw or "")))
        if name:
            found.append(Evidence(source, printed_name(name)))
    found += _matches("self-reference", _SUBJECT.finditer(intro))
    found += _self_named(text)
    # Last: a line holding only an organ's name is as often the portal's banner (孝昌县人民政府 over a
    # department's page) as the issuer's line; the body's own subject and contact line come first.
    found += [Evidence("heading", printed_name(line.strip())) for line in intro.split("\n")[:40]
              if _is_name_line(line.strip())]
    return [e for e in found if e.name]


def choose_agency(evidence: list[Evidence]) -> tuple[Optional[str], Optional[str], list[Evidence]]:
    """(agency, the signal that decided, the signals that name another organ)."""
    if not evidence:
        return None, None, []
    best = evidence[0]
    if best.source in ("title", "place-title"):
        fuller = next((e for e in evidence[1:] if e.source in ("notice-intro", "byline", "source-line", "intro")
                       and is_fuller(e.name, best.name)), None)
        if fuller:
            best = Evidence(f"{best.source}+{fuller.source}", fuller.name)
    others = [e for e in evidence if e is not best and e.source not in QUIET_SOURCES
              and not same_organ(e.name, best.name) and not is_fuller(best.name, e.name)]
    return best.name, best.source, _unique(others)


def fullest_printed(name: str, text: str) -> str:
    """A township's organ as the page prints it with its county or city before it: a town named
    两城镇人民政府 by its compiler line and 微山县两城镇人民政府 in its address is the latter, since
    township names repeat from county to county (county-level and higher names keep their form). Only
    divisions of the code table count as parents, so a sentence's words before a name never do."""
    best = name
    if not _TOWNSHIP.search(name):
        return name
    at = text.find(name)
    while at >= 0:  # each printing of the name, as a literal search finds them
        prefix = _division_chain(text[:at])
        if prefix and len(prefix) + len(name) > len(best) and is_fuller(prefix + name, name):
            best = prefix + name
        at = text.find(name, at + len(name))
    return best


def _division_chain(before: str) -> str:
    """The run of division names (济宁市微山县) that `before` ends with, or ''."""
    names, chain = _division_names(), ""
    while True:
        rest = before[:len(before) - len(chain)]
        step = next((rest[-n:] for n in range(min(len(rest), MAX_DIVISION_NAME), 1, -1) if rest[-n:] in names), None)
        if not step:
            return chain
        chain = step + chain


def printed_name(name: str) -> str:
    """The organ a printed name stands for: 泾县人民 → 泾县人民政府, 寮步镇政府 → 寮步镇人民政府,
    天津市 → 天津市人民政府, 重庆海关关区 → 重庆海关; zones and streets keep their name."""
    name = _SCOPE.sub("", name.strip())
    if name.endswith("人民"):
        name += "政府"
    name = _SHORT_GOV.sub("人民政府", name)
    if _is_place(name):
        name += "人民政府"
    return name


def same_organ(a: str, b: str) -> bool:
    """True when two printed names plainly name one organ (one holds the other)."""
    return a in b or b in a


def is_fuller(longer: str, shorter: str) -> bool:
    """True when `longer` is `shorter` with its parent places before it and/or a second name in brackets
    after (天津市 + 河东区民政局, 靖江市 + 城南办事处 + (城南园区))."""
    head = shorter.split("、")[0]
    m = regex.fullmatch(rf"(?P<place>\p{{Han}}*?)({regex.escape(head)})(?:[(（](?P<second>[^()（）]+)[)）])?", longer)
    return bool(m) and longer != shorter and (not m.group("place") or bool(_PLACE.search(m.group("place")))) \
        and not _INTERNAL_OFFICE.fullmatch(m.group("second") or "")


_HAN_ONLY = regex.compile(r"\p{Han}{2,}")


def _is_place(name: str) -> bool:
    """True when a name is only a place (天津市, 洪山区天兴乡), not an organ or a zone; a division of the
    code table that ends like a zone (浦东新区, 梁园区) is a place."""
    return bool(_HAN_ONLY.fullmatch(name)) and bool(_PLACE.search(name)) \
        and not _ORGAN_INSIDE.search(name) and (not _ZONE.search(name) or _ends_with_division(name))


def _ends_with_division(name: str) -> bool:
    names = _division_names()
    return any(name[-n:] in names for n in range(2, min(len(name), MAX_DIVISION_NAME) + 1))


@lru_cache(maxsize=1)
def _division_names() -> frozenset[str]:
    return frozenset(d.name for d in divisions().values())


def _proper(name: str) -> Optional[str]:
    """The name when it can name an organ by itself (a proper name ending in an organ or place word)."""
    name = _LEAD.sub("", name.strip())
    if len(name) < 3 or _IMPROPER.search(name) or _NOT_IN_NAME.search(name) \
            or not ORGAN_END.search(_BRACKETED.sub("", name)):
        return None
    return name


def _matches(source: str, matches: Iterable[regex.Match]) -> list[Evidence]:
    out = []
    for m in matches:
        name = _proper(m.group("n"))
        if name:
            out.append(Evidence(source, printed_name(name)))
    return out


def _defined_matches(text: str) -> Iterator[regex.Match]:
    """The matches of `_DEFINED.finditer(text)`, each tried at one start for each 以下简称: the start
    of the run of Han characters before its bracket, or the 40th character back. The plain finditer
    tries a name at every Han character (pingtan_syq_2022.txt's intro: 0.048 → 0.006 ms a search,
    two a document)."""
    pos = 0
    for word in _DEFINED_WORD.finditer(text):
        opening = _DEFINED_OPENING.match(text, pos, word.start())
        if not opening:
            continue
        end = opening.start() + 1  # where the name ends
        start = _HAN_BEFORE.match(text, max(pos, end - _NAME_MAX), end).start()
        m = _DEFINED.match(text, start) if end - start >= _NAME_MIN else None
        if m:
            yield m
            pos = m.end()


def _expand_short(name: str, intro: str) -> str:
    """The full name an intro defines for a title's short name (X（以下简称自治区北部湾办）)."""
    for m in _defined_matches(intro):
        full = _proper(m.group("n"))
        if full and m.group("short").strip() == name:
            return full
    return name


def _self_named(text: str) -> list[Evidence]:
    """The website or contact line naming an office of the kind the body calls itself (我办, 我局)."""
    said = set(_SELF_WORD.findall(text))  # one pass for all the words (they never overlap)
    kinds = [kind for word, kind in _SELF.items() if word in said]
    if not kinds:
        return []
    out = []
    for m in itertools.chain(_site_matches(text), _CONTACT.finditer(text)):
        name = _proper(m.group("n"))
        if name and any(_SELF_KIND_END[kind].search(name) for kind in kinds):
            out.append(Evidence("contact", printed_name(name)))
    return out


def _site_matches(text: str) -> Iterator[regex.Match]:
    """The matches of `_SITE.finditer(text)`, each looked for only in the 40 characters before a site
    word (网站, 政府网): a name is a run of Han characters closed by the first site word that can close
    it, so no match starts further back. The plain finditer tries a name at every Han character
    (jiangsu_yjglt_2018.txt: 1.09 → 0.21 ms)."""
    pos = 0
    for word in _SITE_WORD.finditer(text, overlapped=True):
        if word.start() < pos + _NAME_MIN:
            continue  # too close to the last match to end a name starting after it
        m = _SITE.search(text, max(pos, word.start() - _NAME_MAX), word.end())
        if m:
            yield m
            pos = m.end()


_NAME_LINE = regex.compile(r"\p{Han}[\p{Han}()（）]{3,39}")


def _is_name_line(line: str) -> bool:
    return bool(_NAME_LINE.fullmatch(line)) and bool(ORGAN_END.search(line)) \
        and _proper(line) == line and not _PLACE.search(line)


def _unique(items: list[Evidence]) -> list[Evidence]:
    seen, out = set(), []
    for e in items:
        if e.name not in seen:
            seen.add(e.name)
            out.append(e)
    return out
