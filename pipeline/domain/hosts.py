"""The divisions a government site's host names: `www.zoucheng.gov.cn` is 邹城市's portal,
`jsxishan.gov.cn` 江苏's 锡山区, `fgw.henan.gov.cn` 河南省's.

A host label is read as the pinyin of a division's name (full or short: "baiyinqu", "beibei"),
optionally after its province's pinyin or initials ("js" + "xishan"); a province also goes by its
initials where no other province shares them ("cq", "hlj"). Labels that several divisions share
("tianzhu": 天柱县 and 天祝县) name none of them. The spellings are read from a table shipped in
`data/host_pinyin.tsv`, written with `pypinyin` by `python -m pipeline.domain.hosts` from the division
table (importing pypinyin and spelling every division took 0.5 s at a worker's first host).
"""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Optional
from urllib.parse import urlsplit

from .divisions import Division, divisions, short_names

# Labels of a host that are never place names.
_GENERIC = {"www", "gov", "cn", "com", "net", "org", "edu", "xxgk", "zwgk", "gk", "public", "info"}
# A place label shorter than this is not read (two letters are mostly a department's initials).
MIN_LABEL = 3
# Each division's spellings: code, its names' pinyin, a province's own pinyin and initials (tab-separated).
PINYIN_TABLE = Path(__file__).parents[1] / "data" / "host_pinyin.tsv"


def host_of(url: Optional[str]) -> str:
    """The host of a URL, lower-cased ("" for none)."""
    if not url:
        return ""
    return (urlsplit(url if "//" in url else "//" + url).hostname or "").lower()


def host_divisions(host: Optional[str]) -> list[Division]:
    """The divisions the host's labels name, finest last; empty when none or when ambiguous."""
    labels = [l for l in (host or "").lower().split(".") if l and l not in _GENERIC]
    out: list[Division] = []
    for label in reversed(labels):  # the site's own name comes last, a department's before it
        hit = _read_label(label)
        if hit and (not out or hit.within(out[-1])):
            out.append(hit)
    return out


def _read_label(label: str) -> Optional[Division]:
    names, provinces = _pinyin_index()
    hit = names.get(label) if len(label) >= MIN_LABEL else None
    if hit is None:
        hit = provinces.get(label, [])
    if not hit:  # a province's pinyin or initials, then a place inside it
        for prefix, (province,) in ((p, ds) for p, ds in provinces.items() if len(ds) == 1):
            inner = names.get(label[len(prefix):], []) if label.startswith(prefix) else []
            inside = [d for d in inner if d.within(province)]
            if len(label) - len(prefix) >= MIN_LABEL and len(inside) == 1:
                return inside[0]
    provincial = [d for d in hit or () if d.level == "province"]
    if len(provincial) == 1:  # a province's own spelling (henan) before a county's (河南县)
        return provincial[0]
    return hit[0] if hit and len(hit) == 1 else None


@lru_cache(maxsize=1)
def _pinyin_index() -> tuple[dict[str, list[Division]], dict[str, list[Division]]]:
    """Pinyin of every division's names → divisions, and provinces' pinyin and initials →
    provinces (from the shipped table, in the division table's order)."""
    rows = {}
    for line in PINYIN_TABLE.read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            code, spelled, provincial = line.split("\t")
            rows[code] = (spelled.split(), provincial.split())
    names: dict[str, list[Division]] = {}
    provinces: dict[str, list[Division]] = {}
    for d in divisions().values():
        spelled, provincial = rows.get(d.code, ((), ()))
        for s in spelled:
            names.setdefault(s, []).append(d)
        for s in provincial:
            provinces.setdefault(s, []).append(d)
    return names, provinces


def spellings(d: Division) -> tuple[list[str], list[str]]:
    """How a host spells a division (needs `pypinyin`, a test extra): the pinyin of its names, full, short and
    without their unit; for a province also the pinyin and initials of the name it goes by."""
    from pypinyin import lazy_pinyin

    written = [d.name, *short_names(d)]
    spelled = {"".join(lazy_pinyin(n)) for n in written + [_bare(n) for n in written]}
    provincial: set[str] = set()
    if d.level == "province":
        short = short_names(d)[0] if short_names(d) else d.name
        provincial = {"".join(lazy_pinyin(short)), "".join(p[0] for p in lazy_pinyin(short))}
    return sorted(spelled), sorted(provincial)


def pinyin_table() -> str:
    """The text of `PINYIN_TABLE` as the installed division table and pypinyin spell it."""
    from importlib import metadata

    head = (f"# Host spellings of the divisions of cpca {metadata.version('cpca')} (adcodes.csv), written by "
            f"pypinyin {metadata.version('pypinyin')}: `python -m pipeline.domain.hosts` rewrites this file.\n"
            "# code\tpinyin of its names\ta province's pinyin and initials\n")
    rows = ("\t".join((d.code, " ".join(spelled), " ".join(provincial)))
            for d in divisions().values() for spelled, provincial in [spellings(d)])
    return head + "\n".join(rows) + "\n"


def _bare(name: str) -> str:
    """A county's name without its unit (北碚区 → 北碚), as hosts spell it."""
    return name[:-1] if len(name) > 2 and name.endswith(("区", "县", "市", "旗")) else name


if __name__ == "__main__":
    PINYIN_TABLE.write_text(pinyin_table(), encoding="utf-8")
