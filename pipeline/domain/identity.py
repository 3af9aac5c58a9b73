"""Agency identity: the organ a printed name denotes — one canonical name, its division code,
level (province / city / county / township) and kind — from the name, its parents and the page.

The places a name opens with are read against the division table ("泰州市高港区人民政府沿江街道办事处"
is a street of 高港区, 321203). A district printed with or without its city is one organ: the
canonical name always carries the prefecture ("福州市晋安区人民政府"). What the name leaves open is
taken only from what the page says next to it — the byline, the title, the report's own text
("桐乡市洲泉镇"), the page's host — and never guessed: a bare "省卫生健康委" on a page that names
no province keeps its printed name, and `resolution` says so. Townships are not in the division
table: their level comes from the name (镇/乡/苏木/街道) and their code is their county's.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Iterable, Optional, Sequence

import regex

from .agencies import AgencyIndex, clean_name, context_score, default_index, issuers
from .divisions import Division, divisions, mentions, names_at, near_divisions, renamed_division
from .hosts import host_divisions

LEVELS = ("province", "city", "county", "township")
KINDS = ("government", "general_office", "department", "vertical_body", "development_zone",
         "street_town", "institution")

# National organs whose local offices are named after them ("国家税务总局芜湖市镜湖区税务局",
# "中华人民共和国福建海事局").
_NATIONAL_PARENT = regex.compile(
    r"^(?:中华人民共和国|国家税务总局|国家统计局|国家外汇管理局|国家金融监督管理总局|中国人民银行|中国银行保险监督管理委员会|"
    r"中国证券监督管理委员会|国家邮政局|国家矿山安全监察局|国家烟草专卖局|中国气象局)")
# Vertical bodies: local offices of national organs, not of the local government (2018 on, every
# 税务局; the 地方税务局 before it was local).
_VERTICAL = regex.compile(
    r"(?<!地方)税务局|海关|海事局|气象局|调查队|煤矿安全监察|矿山安全监察|人民银行|外汇管理|金融监管|监管分局|"
    r"证监局|邮政管理局|通信管理局|烟草专卖局|检验检疫局|出入境边防检查")
# A name that opens with a bare level instead of a place ("省卫生健康委", "区人民政府").
_BARE_LEVEL = regex.compile(r"(?P<unit>自治区|省|市|州|盟|区|县|旗)(?!场|域)(?P<stem>\w+)$")
_BARE_LEVELS = {"自治区": "province", "省": "province", "区": "county", "县": "county", "旗": "county"}
# A township organ after its places: 镇/乡/苏木/街道, its government or office, or a town's office.
_TOWN = regex.compile(r"^(?:人民政府|政府)?(?P<town>[^\W\d_]{1,12}?(?:镇|乡|苏木|街道))"
                      r"(?P<organ>(?:办事处|人民政府|政府)?(?:党政办公室|党政办|办公室)?)$")
# A street office named without 街道 ("靖江市城南办事处"); a liaison office (驻京办事处) is not one.
_STREET_OFFICE = regex.compile(r"^(?P<town>(?:(?!驻)[^\W\d_]){2,6}?)办事处$")
_GOVERNMENT = {"", "人民政府", "政府"}
_GENERAL_OFFICE = regex.compile(r"^(?:人民)?政府办(?:公厅|公室)?$")
_OFFICE = regex.compile(r"(?:办公厅|办公室|党政办|政府办)$")
# The words that make a name a development zone's (a regex alternation, for any stage to use).
ZONE_WORDS = "开发区|高新区|新区|园区|实验区|示范区|试验区|合作区|保税区|自贸区|商务区|工业区|度假区|管理区|功能区"
_ZONE = regex.compile(f"{ZONE_WORDS}|管委会|管理委员会")
# A zone's own name, without its 管委会 ("齐城农业高新区" of 齐城农业高新区管委会), as bylines print it.
_ZONE_NAME = regex.compile(f"^.*?(?:{ZONE_WORDS})")
_INSTITUTION = regex.compile(r"(?:医院|卫生院|学校|大学|学院|中学|小学|幼儿园|研究院|研究所|图书馆|博物馆)$")
_ORGAN = regex.compile(r"(?:局|厅|委|委员会|办|办公室|室|署|处|院|所|中心|站|队|会|部|馆|司)$")
# A place name printed after a division's, and what may follow an unread one.
_PLACE_LIKE = regex.compile(r"[^\W\d_]{1,5}?[区县市旗]")
_GOVERNMENT_OR_TOWN = regex.compile(r"人民政府|政府|[^\W\d_]{1,12}?(?:镇|乡|苏木|街道)")
# Traditional forms of the units of places (北京市延慶區).
_UNIT_FOLD = str.maketrans("區縣鎮鄉", "区县镇乡")
# Characters before a name searched for the places printed in front of it ("江苏省泰州市高港区").
PARENT_WINDOW = 24
_GOVERNMENT_END = regex.compile(r"(?:人民政府|政府)$")


@dataclass(frozen=True)
class PageEvidence:
    """What the page says around the printed name: byline (发布机构/来源), title, host, opening text."""

    byline: str = ""
    title: str = ""
    host: str = ""
    text: str = ""


@dataclass
class Identity:
    """The organ a printed name denotes. `code` is the division the organ belongs to (a
    township's is its county's); `resolution` says how it was found, and what is left open."""

    canonical: str
    code: Optional[str] = None
    level: Optional[str] = None
    kind: Optional[str] = None
    resolution: str = "printed"
    candidates: list[str] = field(default_factory=list)

    def meta_fields(self) -> dict[str, Optional[str]]:
        """The record's meta fields that carry the identity (`record.Meta`)."""
        return {"agency_canonical": self.canonical, "division_code": self.code, "agency_level": self.level,
                "agency_kind": self.kind, "agency_resolution": self.resolution}


@dataclass
class _Parsed:
    chain: list[list[Division]]  # the places the name opens with, each its possible divisions
    short: bool  # the finest place is printed by a short name ("重庆", "海南州")
    national: str  # a national organ's name before the places ("国家税务总局")
    bare: str  # a level printed instead of a place ("省" of "省卫生健康委")
    town: str
    rest: str  # the organ after places and township
    near: str = ""  # a renamed or misprinted place, and the division it was read as
    unread: str = ""  # a place printed after the others that is not in the table (宣武区, merged in 2010)


def identify(name: Optional[str], page: PageEvidence = PageEvidence(), year: Optional[int] = None,
             index: Optional[AgencyIndex] = None) -> Optional[Identity]:
    """The identity of the organ named `name` (the lead issuer if several); None without a name."""
    lead = (issuers(name or "") or [clean_name(name or "")])[0]
    if not lead:
        return None
    index = index or default_index()
    alias = index.alias(lead, year)
    printed = alias.canonical if alias else lead
    parsed = _parse(printed)
    kind = kind_of(printed, parsed)
    if alias and alias.adcode and alias.adcode[:6] in divisions():
        d = divisions()[alias.adcode[:6]]
        return Identity(printed, d.code, _level(d, parsed), kind, "alias")
    if parsed.unread:
        level = "township" if parsed.town else _BARE_LEVELS.get(parsed.unread.split()[0][-1])
        return Identity(printed, None, level, kind, f"printed: {parsed.unread}")
    place, how, open_ = _place(parsed, page) if kind or parsed.chain else (None, "", [])
    if parsed.near:
        how = f"{how}, {parsed.near}"
    if place is None:
        level = "township" if parsed.town else _BARE_LEVELS.get(parsed.bare) or _shared_level(open_)
        why = (f"ambiguous: {len(open_)} divisions of that name" if open_ else
               "no place on the page" if kind else "no organ in the name")
        return Identity(printed, None, level, kind, f"printed: {why}",
                        sorted(f"{d.code} {d.name}" for d in open_))
    if parsed.town:  # the table stops at counties
        how += f"; township: the code is its {'county' if place.level == 'county' else place.level}'s"
    canonical = printed if alias else _canonical(place, parsed, kind, printed)
    return Identity(canonical, place.code, _level(place, parsed), kind, how)


def kind_of(name: str, parsed: Optional["_Parsed"] = None) -> Optional[str]:
    """The kind of organ a name denotes (one of KINDS), from its words; None if no organ word."""
    p = parsed or _parse(name)
    if p.town:
        return "general_office" if _OFFICE.search(p.rest) else "street_town"
    if p.national and not (p.chain or p.rest):  # the national organ itself (国家统计局)
        return "department"
    if p.national.startswith(("国家", "中国")) or _VERTICAL.search(p.rest):
        return "vertical_body"
    if p.rest in _GOVERNMENT:
        return "government"
    if _GENERAL_OFFICE.match(p.rest):
        return "general_office"
    if _ZONE.search(p.rest):
        return "development_zone"
    if _INSTITUTION.search(p.rest):
        return "institution"
    return "department" if _ORGAN.search(p.rest) else None


def _parse(name: str) -> _Parsed:
    """A name as national organ, places, township and organ words."""
    national = _NATIONAL_PARENT.match(name)
    chain, short, i = _places(name, national.end() if national else 0)
    within = _finest(chain)
    unlisted, read, i = _unlisted_place(name, i, within) if within or not chain else (None, "", i)
    if unlisted:
        chain.append([unlisted])
    bare = None if chain else _BARE_LEVEL.match(name, i)
    parsed = _Parsed(chain, short, national[0] if national else "", bare["unit"] if bare else "", "",
                     bare["stem"] if bare else name[i:], read if unlisted else "", "" if unlisted else read)
    town = _TOWN.match(parsed.rest)
    street = _STREET_OFFICE.match(parsed.rest) if chain else None
    if town:
        parsed.town, parsed.rest = town["town"], town["organ"]
    elif street:
        parsed.town, parsed.rest = street["town"], "办事处"
    return parsed


def _places(text: str, i: int) -> tuple[list[list[Division]], bool, int]:
    """The places printed one after the other from `text[i]` ("江苏省泰州市高港区"), each with the
    divisions it may denote; whether the last is a short name; where they end."""
    chain: list[list[Division]] = []
    short = False
    while i < len(text):
        hit, n = names_at(text, i, _finest(chain))
        if not hit:
            break
        if chain:  # a name several divisions share is narrowed by the place before it
            hit = [d for d in hit if any(d.within(p) for p in chain[-1])] or hit
        chain.append(hit)
        short = all(d.name != text[i:i + n] for d in hit)
        i += n
    return chain, short, i


def _unlisted_place(name: str, i: int, within: Optional[Division]) -> tuple[Optional[Division], str, int]:
    """A place printed at `i` that the table does not list: a county renamed since (梁平区, in the
    table 梁平县), a misprint one character from a division under `within` (江苏省准安市), or, under
    `within`, one gone from the table (北京市宣武区: no division). Returns the division, what was
    read, and where the place ends (`i` when there is none)."""
    place = _PLACE_LIKE.match(name.translate(_UNIT_FOLD), i)
    if not place:
        return None, "", i
    renamed = renamed_division(place[0], within)
    if renamed:
        return renamed, f"{place[0]} is {renamed.name} in the table", place.end()
    if within is None:
        return None, "", i
    close = near_divisions(place[0], within)
    if len(close) == 1:
        return close[0], f"{place[0]} read as {close[0].name}", place.end()
    if _GOVERNMENT_OR_TOWN.match(name, place.end()):
        return None, f"{place[0]} is not a division of the table", place.end()
    return None, "", i


def _finest(chain: list[list[Division]]) -> Optional[Division]:
    """The division the next place must lie in: the last one read, if it is settled."""
    return chain[-1][0] if chain and len(chain[-1]) == 1 else None


def _place(p: _Parsed, page: PageEvidence) -> tuple[Optional[Division], str, list[Division]]:
    """The division the organ belongs to, how it was found, and the readings left open."""
    if p.chain:
        found = p.chain[-1]
        if len(found) == 1:
            return found[0], "name", []
        settled = _settle(found, page)
        return (settled, "context", []) if settled else (None, "", found)
    zone = _ZONE_NAME.match(p.rest)
    stem = p.town or (zone[0] if zone else p.rest)
    for source in ("byline", "title", "text"):
        d = _parent_before(stem, getattr(page, source))
        if d and _fits(d, p):
            return d, source, []
    if p.bare and page.byline:  # "省卫生健康委" with a byline naming one province
        named = [ds for ds in mentions(page.byline) if _fits(ds[0], p)]
        if len(named) == 1 and len(named[0]) == 1:
            return named[0][0], "byline", []
    hosted = host_divisions(page.host)
    if hosted and _fits(hosted[-1], p):
        return hosted[-1], f"host {page.host}", []
    return None, "", []


def _fits(d: Division, p: _Parsed) -> bool:
    """Whether a division found on the page may hold the organ: one of the printed level
    ("省" → a province), a township's county or prefecture."""
    if p.bare:
        level = _BARE_LEVELS.get(p.bare)
        return d.level in ("city", "county") if level is None else d.level == level
    return d.level != "province" if p.town else True


def _parent_before(stem: str, text: str) -> Optional[Division]:
    """The finest division printed right before `stem` in `text` ("桐乡市洲泉镇", "江苏省卫生健康委")."""
    if not stem or not text:
        return None
    at = text.find(stem)
    while at >= 0:  # each printing of the stem, as a literal search finds them
        before = _GOVERNMENT_END.sub("", text[max(0, at - PARENT_WINDOW):at])
        for j in range(len(before)):
            chain, _, end = _places(before, j)
            if chain and end == len(before) and len(chain[-1]) == 1:
                return chain[-1][0]
        at = text.find(stem, at + len(stem))
    return None


def _settle(found: list[Division], page: PageEvidence) -> Optional[Division]:
    """The one reading of an ambiguous place that the page's other places contain."""
    score = context_score(found, mentions(" ".join((page.byline, page.title, page.text))))
    best = max(score.values())
    winners = [d for d in found if score[d.code] == best]
    if best and len(winners) == 1:
        return winners[0]
    hosted = [d for d in host_divisions(page.host) if any(f.within(d) for f in found)]
    inside = [f for f in found if any(f.within(d) for d in hosted)]
    return inside[0] if len(inside) == 1 else None


def _shared_level(found: Iterable[Division]) -> Optional[str]:
    levels = {d.level for d in found}
    return levels.pop() if len(levels) == 1 else None


def _level(d: Division, p: _Parsed) -> str:
    return "township" if p.town else d.level


def _canonical(d: Division, p: _Parsed, kind: Optional[str], printed: str) -> str:
    """The organ's name with its places in full: prefecture and county ("福州市晋安区"), then
    township and organ. A vertical body printed with a short place keeps it (重庆海关)."""
    if kind == "vertical_body" and p.short:
        return printed
    rest = p.rest
    if kind == "government":
        rest = "人民政府"
    elif kind == "street_town":
        rest = "办事处" if p.town.endswith("街道") or rest == "办事处" else "人民政府"
    elif rest.startswith("政府"):
        rest = "人民" + rest
    return p.national + d.full_name() + p.town + rest


def organ_name(agency: Optional[str], canonical: Optional[str] = None, year: Optional[int] = None,
               index: Optional[AgencyIndex] = None) -> Optional[str]:
    """The canonical organ of a report: an alias of `index` for the printed name first (a user's
    CSV), else the recorded `canonical` (meta.agency_canonical), else the printed name's identity
    (records parsed before identities were recorded)."""
    if not agency:
        return canonical
    index = index or default_index()
    alias = index.alias((issuers(agency) or [clean_name(agency)])[0], year)
    if alias:
        return alias.canonical
    if canonical:
        return canonical
    ident = identify(agency, year=year, index=index)
    return ident.canonical if ident else None


def unify_organs(names: Iterable[str]) -> dict[str, str]:
    """Within one data set, a name printed without the places before it ("洲泉镇人民政府" on a page
    that does not say its county) is the organ of the one other name that ends with it
    ("嘉兴市桐乡市洲泉镇人民政府"); with none or several, it stays as it is. A bare level
    ("省卫生健康委") is never completed this way: it would fit any province."""
    names = set(filter(None, names))
    ending: dict[str, list[str]] = {}  # every proper ending of a name → the names that end so
    for n in names:
        for k in range(1, len(n)):
            ending.setdefault(n[k:], []).append(n)
    out = {}
    for name in names:
        longer = ending.get(name, [])
        bare = _BARE_LEVEL.match(name) or name in _GOVERNMENT
        out[name] = longer[0] if len(longer) == 1 and not bare else name
    return out


def organs_of(reports: Sequence[tuple[Optional[str], Optional[str], Optional[int]]],
              index: Optional[AgencyIndex] = None) -> list[Optional[str]]:
    """The organ of each report of one data set, from its (agency, agency_canonical, year): the
    canonical name (`organ_name`), a name printed without its places joined to the one organ it
    fits (`unify_organs`), spelling variants given the latest report's (`AgencyIndex.unify`).
    None for a report without an agency."""
    index = index or default_index()
    organs = [organ_name(agency, canonical, year, index) or "" for agency, canonical, year in reports]
    whole = unify_organs(organs)
    named = [(whole.get(o, o), year) for o, (_, _, year) in zip(organs, reports)]
    names = index.unify(named)
    return [names[n] if n[0] else None for n in named]


def township_of(name: Optional[str]) -> Optional[str]:
    """The township (镇/乡/苏木/街道, or a street office) a name's organ belongs to, if any."""
    return _parse(name).town or None if name else None
