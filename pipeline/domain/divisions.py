"""Administrative divisions: cpca's table of codes, the names places go by, and near misses.

The table (`adcodes.csv` shipped by `cpca`) lists provinces, prefecture-level divisions and
county-level divisions with their six-digit codes; townships (乡/镇/街道/苏木) are not in it. It is
read directly, without importing `cpca`, whose import builds its own matcher through the
deprecated `pkg_resources`.

Names are matched in full ("淮安市", "鼓楼区"), and provinces and prefectures also by the short
name they go by ("江苏", "淮安", "海南州" for 海南藏族自治州). A county's short name is only
read after its prefecture ("广元市昭化" is 昭化区), as on its own it is often a common word.
"""
from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import lru_cache
from importlib.util import find_spec
from pathlib import Path
from typing import Optional

import regex

LEVELS = ("province", "city", "county")
# Placeholder rows of the division table that are not names of places.
_PLACEHOLDERS = {"市辖区", "县", "省直辖县级行政区划", "自治区直辖县级行政区划"}
# Province codes of the four municipalities, whose districts sit directly under the province.
MUNICIPALITIES = {"11", "12", "31", "50"}
# Suffixes dropped to get the short name a province or prefecture goes by ("江苏", "福州").
_SHORT_SUFFIX = regex.compile(r"(?:省|市|壮族自治区|回族自治区|维吾尔自治区|自治区|特别行政区|地区)$")
# The 56 nationalities, as autonomous divisions name them ("大理白族自治州", "博尔塔拉蒙古自治州").
NATIONALITIES = ("汉 蒙古 回 藏 维吾尔 苗 彝 壮 布依 朝鲜 满 侗 瑶 白 土家 哈尼 哈萨克 傣 黎 傈僳 佤 畲 高山 "
                 "拉祜 水 东乡 纳西 景颇 柯尔克孜 土 达斡尔 仫佬 羌 布朗 撒拉 毛南 仡佬 锡伯 阿昌 普米 塔吉克 怒 "
                 "乌孜别克 俄罗斯 鄂温克 德昂 保安 裕固 京 塔塔尔 独龙 鄂伦春 赫哲 门巴 珞巴 基诺").split()
# An autonomous division's name: the place, then its nationalities, then 自治州/自治县/自治旗.
_AUTONOMOUS = regex.compile(r"^(?P<place>\w{2,}?)(?:(?:各|%s)族?)+自治(?P<unit>州|县|旗)$"
                            % "|".join(sorted(NATIONALITIES, key=len, reverse=True)))
# Suffixes dropped to get a county's short name, read only after its prefecture ("广元市昭化").
_COUNTY_SUFFIX = regex.compile(r"(?:区|县|市|旗)$")
# What may not follow a county's short name: a unit, which makes the words a place of their own
# ("拉萨市城关镇" is a town, not 城关区 + 镇; "平顶山市新华街道" a street).
_UNIT_NEXT = regex.compile(r"[镇乡街村路区县市旗]")
# A short name shorter than this is not matched (e.g. "京").
MIN_SHORT_NAME = 2


@dataclass(frozen=True)
class Division:
    code: str  # six digits: province XX0000, prefecture XXXX00, else county level
    name: str

    @property
    def level(self) -> str:
        if self.code.endswith("0000"):
            return "province"
        return "city" if self.code.endswith("00") else "county"

    def within(self, other: "Division") -> bool:
        """Whether this division lies in (or is) `other`."""
        digits = {"province": 2, "city": 4, "county": 6}[other.level]
        return self.code[:digits] == other.code[:digits]

    def parents(self) -> list["Division"]:
        """The divisions above this one in the table, province first (a county of a municipality
        or a county-level city directly under its province has no prefecture)."""
        table = divisions()
        codes = {"province": [], "city": [self.code[:2] + "0000"],
                 "county": [self.code[:2] + "0000", self.code[:4] + "00"]}[self.level]
        return [table[c] for c in codes if c in table]

    def full_name(self) -> str:
        """The name that tells the division apart: a county with its prefecture ("福州市鼓楼区"),
        a municipality's district with the municipality ("北京市东城区")."""
        if self.level != "county":
            return self.name
        parents = self.parents()
        if len(parents) == 2:
            return parents[1].name + self.name
        if parents and self.code[:2] in MUNICIPALITIES:
            return parents[0].name + self.name
        return self.name


def division_table() -> Path:
    """cpca's resources/adcodes.csv, found beside the installed package without importing it (nor
    importlib.metadata, which with `email` is ~0.01 s of a one-document run's start-up)."""
    spec = find_spec("cpca")
    if spec is None or spec.origin is None:
        raise RuntimeError("regions need the `cpca` package (pip install cpca)")
    table = Path(spec.origin).parent / "resources" / "adcodes.csv"
    if not table.is_file():
        raise RuntimeError(f"the installed cpca package has no {table}")
    return table


@lru_cache(maxsize=1)
def divisions() -> dict[str, Division]:
    """Every division of cpca's table, by six-digit code."""
    out = {}
    with division_table().open(encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            if row["name"] not in _PLACEHOLDERS:
                out[row["adcode"][:6]] = Division(row["adcode"][:6], row["name"])
    return out


def short_names(d: Division) -> list[str]:
    """The shorter names a province or prefecture goes by ("江苏", "淮安", "大理州"); none for a
    county, except an autonomous county's ("长阳县" for 长阳土家族自治县)."""
    out = []
    auto = _AUTONOMOUS.match(d.name)
    if auto:
        out.append(auto["place"] + auto["unit"])
    elif d.level != "county":
        out.append(_SHORT_SUFFIX.sub("", d.name))
    return [s for s in out if s != d.name and len(s) >= MIN_SHORT_NAME]


@lru_cache(maxsize=1)
def name_index() -> tuple[dict[str, list[Division]], int]:
    """Names (full and short) → divisions, and the length of the longest name."""
    index: dict[str, list[Division]] = {}
    for d in divisions().values():
        for name in [d.name, *short_names(d)]:
            index.setdefault(name, []).append(d)
    return index, max(map(len, index))


@lru_cache(maxsize=1)
def _children() -> dict[str, list[Division]]:
    """Prefecture (or municipality) code → its county-level divisions."""
    out: dict[str, list[Division]] = {}
    for d in divisions().values():
        if d.level == "county":
            parent = d.code[:2] + "0000" if d.code[:2] in MUNICIPALITIES else d.code[:4] + "00"
            out.setdefault(parent, []).append(d)
    return out


def names_at(text: str, i: int, within: Optional[Division] = None) -> tuple[list[Division], int]:
    """The divisions a place name starting at `text[i]` may denote, and its length (the longest
    name wins). With `within`, only divisions below it count, and a county may go by its short
    name ("广元市昭化")."""
    index, longest = name_index()
    for n in range(min(longest, len(text) - i), MIN_SHORT_NAME - 1, -1):
        hit = [d for d in index.get(text[i:i + n], ()) if within is None
               or (d.within(within) and d.code != within.code)]
        if hit:
            return hit, n
    if within is not None:
        for d in _children().get(within.code, ()):
            short = _COUNTY_SUFFIX.sub("", d.name)
            after = text[i + len(short):i + len(short) + 1]
            if len(short) >= MIN_SHORT_NAME and text.startswith(short, i) and not _UNIT_NEXT.match(after):
                return [d], len(short)
    return [], 0


def mentions(text: str) -> list[list[Division]]:
    """The divisions each place name in the text may denote, in order of mention (at each
    position the longest name wins, so 淮安区 is not read as 淮安)."""
    text = text or ""
    out, i = [], 0
    while i < len(text):
        hit, n = names_at(text, i)
        if hit:
            out.append(hit)
            i += n
        else:
            i += 1
    return out


def is_division(name: str) -> bool:
    """Whether a place name is the name (full or short) of a division in the table."""
    return name in name_index()[0]


def near_divisions(name: str, within: Optional[Division] = None) -> list[Division]:
    """The divisions whose name (full or short) is one character away from `name` (a
    substitution, as an OCR misreading or misprint makes: 准安市 → 淮安市, 准安 → 淮安), inside
    `within` if given; empty for a real division's name. A short name has many neighbours (北安市,
    延安市 …): narrow them by place."""
    if not name or is_division(name):
        return []
    wildcards = _by_wildcard()
    # a name one substitution away shares exactly one wildcard spelling with `name`; index order kept
    close = sorted((hit for i in range(len(name)) for hit in wildcards.get(name[:i] + _ANY + name[i + 1:], ())),
                   key=lambda hit: hit[0])
    out: list[Division] = []
    for _, ds in close:
        out.extend(d for d in ds if (within is None or d.within(within)) and d not in out)
    return out


def renamed_division(name: str, within: Optional[Division] = None) -> Optional[Division]:
    """The one county-level division whose name differs from `name` only by its unit, inside
    `within` if given: a county made a district or city after the table was made (梁平区, 梁平县
    in the table). None for a real division's name, or when several share the base name."""
    if len(name) < MIN_SHORT_NAME + 1 or is_division(name):
        return None
    hits = [d for d in _by_base().get(name[:-1], ()) if within is None or d.within(within)]
    return hits[0] if len(hits) == 1 else None


@lru_cache(maxsize=1)
def _by_base() -> dict[str, list[Division]]:
    """County-level divisions by their name without its unit (梁平 → 梁平县)."""
    out: dict[str, list[Division]] = {}
    for d in divisions().values():
        if d.level == "county" and _COUNTY_SUFFIX.search(d.name):
            out.setdefault(d.name[:-1], []).append(d)
    return out


# Stands for any one character in `_by_wildcard`'s keys (no name holds it).
_ANY = "\0"


@lru_cache(maxsize=1)
def _by_wildcard() -> dict[str, list[tuple[int, list[Division]]]]:
    """The names of the index (full and short) under each of their spellings with one character made
    `_ANY` (淮安市 under three), with their place in the index and their divisions."""
    out: dict[str, list[tuple[int, list[Division]]]] = {}
    for n, (known, ds) in enumerate(name_index()[0].items()):
        for i in range(len(known)):
            out.setdefault(known[:i] + _ANY + known[i + 1:], []).append((n, ds))
    return out
