"""Agency names: one name per organ across spellings and reforms, and the region it governs.

Reports name their organ inconsistently: spaces inside the name, co-issuers in the title
("江苏省应急管理厅 江苏煤矿安全监察局"), the compiling office in brackets
("平潭综合实验区（管委会办公室）"), 办公室 vs 办公厅, the zone vs its 管委会. Institutional reform
renames organs (2018: 安全生产监督管理局 → 应急管理厅). `AgencyIndex` folds all of these into one
canonical name, using the shipped `data/agency_aliases.csv` plus any CSV the user adds.

Regions come from the administrative division codes (`divisions`), so that an ambiguous county
name (鼓楼区 is a district of 福州, 南京, 徐州 and 开封) is resolved from the report's own context or
reported as ambiguous — never guessed. The organ a name denotes, with its code, level and kind,
is `identity.identify`.
"""
from __future__ import annotations

import csv
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Iterable, Optional

import regex

from .divisions import LEVELS, Division, divisions, mentions, names_at

ALIASES_CSV = Path(__file__).parents[1] / "data" / "agency_aliases.csv"

_SPACE = regex.compile(r"[\s\u00a0\u3000]+")
_BRACKETS = str.maketrans({"(": "（", ")": "）", "[": "（", "]": "）", "【": "（", "】": "）"})
# A bracketed suffix naming the office that compiled the report, not the organ reported on.
_TRAILING_NOTE = regex.compile(r"（[^（）]*）$")
# Spelling variants of one organ: folded for matching only, never shown.
_FOLDS = (("办公厅", "办公室"), ("管理委员会", "管委会"), ("委员会", "委"))
# Co-issuers are separated by spaces, 、 or 和 in titles; the first is the lead organ.
_ISSUER_SEP = regex.compile(r"[\s\u00a0\u3000、]+|(?<=[厅局委办室府会院部署])和")


def clean_name(name: str) -> str:
    """An agency name without spaces, with full-width brackets and no trailing bracketed note."""
    s = _SPACE.sub("", name or "").translate(_BRACKETS)
    stripped = _TRAILING_NOTE.sub("", s)
    return stripped or s


def issuers(name: str) -> list[str]:
    """The organs named by a title's agency part, lead organ first. A part that is only places
    belongs to the next ("福州市 晋安区人民政府" is one organ with a stray space)."""
    out: list[str] = []
    places = ""
    for part in filter(None, (clean_name(p) for p in _ISSUER_SEP.split((name or "").strip()))):
        if _only_places(part):
            places += part
        else:
            out.append(places + part)
            places = ""
    return out + [places] if places else out


def _only_places(text: str) -> bool:
    """Whether the text is a run of division names and nothing else ("福州市", "江苏省淮安市")."""
    i = 0
    while i < len(text):
        hit, n = names_at(text, i)
        if not hit:
            return False
        i += n
    return True


def agency_key(name: str) -> str:
    """The matching key of a name: cleaned, with spelling variants (办公厅/办公室, 管理委员会/管委会,
    卫生健康委员会/卫生健康委) folded."""
    key = clean_name(name)
    for variant, folded in _FOLDS:
        key = key.replace(variant, folded)
    return key


@dataclass(frozen=True)
class Alias:
    alias: str
    canonical: str
    year_from: Optional[int] = None
    year_to: Optional[int] = None
    adcode: Optional[str] = None
    note: str = ""

    def applies(self, year: Optional[int]) -> bool:
        """Whether the alias holds for a report of `year` (an unknown year always matches)."""
        if year is None:
            return True
        return (self.year_from is None or year >= self.year_from) and (self.year_to is None or year <= self.year_to)


def read_aliases(path: str | Path) -> list[Alias]:
    """Aliases from a CSV with columns alias, canonical[, year_from, year_to, adcode, note]."""
    path = Path(path)
    out = []
    with path.open(encoding="utf-8-sig", newline="") as fh:
        reader = csv.DictReader(fh)
        missing = {"alias", "canonical"} - set(reader.fieldnames or [])
        if missing:
            raise ValueError(f"{path}: alias CSV lacks column(s) {', '.join(sorted(missing))}")
        for no, row in enumerate(reader, 2):
            try:
                out.append(Alias(alias=clean_name(row["alias"]), canonical=clean_name(row["canonical"]),
                                 year_from=_int_or_none(row.get("year_from")),
                                 year_to=_int_or_none(row.get("year_to")),
                                 adcode=(row.get("adcode") or "").strip() or None,
                                 note=(row.get("note") or "").strip()))
            except ValueError as exc:
                raise ValueError(f"{path} line {no}: {exc}") from None
    return out


def _int_or_none(s: Optional[str]) -> Optional[int]:
    s = (s or "").strip()
    return int(s) if s else None


class AgencyIndex:
    """Canonical agency names: aliases first, then spelling variants unified across a data set."""

    def __init__(self, aliases: Iterable[Alias] = ()):
        self._aliases: dict[str, list[Alias]] = {}
        for a in aliases:
            self._aliases.setdefault(agency_key(a.alias), []).append(a)

    @classmethod
    def default(cls, extra: Iterable[str | Path] = ()) -> "AgencyIndex":
        """The shipped aliases plus the user's CSV files (later files take precedence)."""
        aliases = read_aliases(ALIASES_CSV)
        for path in extra:
            aliases = read_aliases(path) + aliases
        return cls(aliases)

    def alias(self, name: str, year: Optional[int] = None) -> Optional[Alias]:
        """The alias entry that applies to a name in a year, if any."""
        for a in self._aliases.get(agency_key(name), []):
            if a.applies(year):
                return a
        return None

    def canonical(self, name: str, year: Optional[int] = None) -> str:
        """The canonical name of one organ name (lead issuer if several)."""
        lead = (issuers(name) or [clean_name(name)])[0]
        a = self.alias(lead, year)
        return a.canonical if a else lead

    def unify(self, named: Iterable[tuple[str, Optional[int]]]) -> dict[tuple[str, Optional[int]], str]:
        """Canonical names for (name, year) pairs of one data set.

        Names that differ only by spelling variants (办公厅/办公室 …) get one name: the spelling
        of the latest report among them.
        """
        pairs = list(dict.fromkeys(named))
        first = {p: self.canonical(*p) for p in pairs}
        spelling: dict[str, tuple[int, str]] = {}
        for (name, year), canon in first.items():
            key = agency_key(canon)
            rank = (year if year is not None else -1, canon)
            if key not in spelling or rank > spelling[key]:
                spelling[key] = rank
        return {p: spelling[agency_key(c)][1] for p, c in first.items()}


# --- regions ----------------------------------------------------------------------------------


@dataclass
class Region:
    """Where an organ sits: province / city / county names and the division code, or why not."""

    province: Optional[str] = None
    city: Optional[str] = None
    county: Optional[str] = None
    code: Optional[str] = None
    level: Optional[str] = None
    basis: str = "none"  # name | context | alias | ambiguous | none
    candidates: list[str] = field(default_factory=list)  # "code name" of the readings left open

    @property
    def ambiguous(self) -> bool:
        return self.basis == "ambiguous"


def region_of(name: str, context: str = "", index: Optional[AgencyIndex] = None,
              year: Optional[int] = None) -> Region:
    """The region of an organ from its name; `context` (the report's title, address, opening
    text) settles a name several divisions share. An alias with an adcode takes precedence."""
    alias = index.alias(clean_name(name), year) if index else None
    if alias and alias.adcode:
        return region_at(divisions().get(alias.adcode[:6]), "alias")
    found = mentions(clean_name(name))
    if not found:
        return Region()
    # The finest division named, kept only where it lies within the others named.
    finest = max(found, key=lambda ds: max(LEVELS.index(d.level) for d in ds))
    others = [ds for ds in found if ds is not finest]
    candidates = [d for d in finest if all(any(d.within(o) for o in ds) for ds in others)] or finest
    if len({d.code for d in candidates}) == 1:
        return region_at(candidates[0], "name")
    scored = context_score(candidates, mentions(context))  # only ambiguous names pay for reading the context
    best = max(scored.values())
    winners = [d for d in candidates if scored[d.code] == best]
    if best == 0:
        return _ambiguous(candidates)
    if len(winners) == 1:
        return region_at(winners[0], "context")
    return _ambiguous(winners)  # the context narrows the readings without settling them


def context_score(candidates: list[Division], context: list[list[Division]]) -> dict[str, int]:
    """For each candidate, how many context mentions name a division containing it."""
    return {d.code: sum(any(d.within(o) and o.code != d.code for o in ds) for ds in context)
            for d in candidates}


def region_at(d: Optional[Division], basis: str) -> Region:
    """The region of a division (its province, prefecture and county names)."""
    if d is None:
        return Region()
    table = divisions()
    province = table.get(d.code[:2] + "0000")
    city = table.get(d.code[:4] + "00") if d.level != "province" else None
    return Region(province=province.name if province else None,
                  city=city.name if city else None,
                  county=d.name if d.level == "county" else None,
                  code=d.code, level=d.level, basis=basis)


def _ambiguous(candidates: list[Division]) -> Region:
    """What the candidates agree on (province, city), and the list of readings left open."""
    shared = [region_at(d, "ambiguous") for d in candidates]
    r = Region(basis="ambiguous", candidates=sorted(f"{d.code} {d.name}" for d in candidates))
    if len({s.province for s in shared}) == 1:
        r.province = shared[0].province
        if len({s.city for s in shared}) == 1:
            r.city = shared[0].city
    r.level = candidates[0].level if len({d.level for d in candidates}) == 1 else None
    return r


@lru_cache(maxsize=1)
def default_index() -> AgencyIndex:
    """The index of the shipped aliases, read once per process."""
    return AgencyIndex.default()
