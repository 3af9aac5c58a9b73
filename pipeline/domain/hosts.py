"""The divisions a government site's host names: `www.zoucheng.gov.cn` is 邹城市's portal,
`jsxishan.gov.cn` 江苏's 锡山区, `fgw.henan.gov.cn` 河南省's.

A host label is read as the pinyin of a division's name (full or short: "baiyinqu", "beibei"),
optionally after its province's pinyin or initials ("js" + "xishan"); a province also goes by its
initials where no other province shares them ("cq", "hlj"). Labels that several divisions share
("tianzhu": 天柱县 and 天祝县) name none of them. The pinyin table (`pypinyin`) is built on first
use only, as most names carry their places themselves.
"""
from __future__ import annotations

from functools import lru_cache
from typing import Optional
from urllib.parse import urlsplit

from .divisions import Division, divisions, short_names

# Labels of a host that are never place names.
_GENERIC = {"www", "gov", "cn", "com", "net", "org", "edu", "xxgk", "zwgk", "gk", "public", "info"}
# A place label shorter than this is not read (two letters are mostly a department's initials).
MIN_LABEL = 3


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
    provinces."""
    from pypinyin import lazy_pinyin

    names: dict[str, list[Division]] = {}
    provinces: dict[str, list[Division]] = {}
    for d in divisions().values():
        written = [d.name, *short_names(d)]
        spelled = {"".join(lazy_pinyin(n)) for n in written + [_bare(n) for n in written]}
        for s in spelled:
            names.setdefault(s, []).append(d)
        if d.level == "province":
            short = short_names(d)[0] if short_names(d) else d.name
            for s in {"".join(lazy_pinyin(short)), "".join(p[0] for p in lazy_pinyin(short))}:
                provinces.setdefault(s, []).append(d)
    return names, provinces


def _bare(name: str) -> str:
    """A county's name without its unit (北碚区 → 北碚), as hosts spell it."""
    return name[:-1] if len(name) > 2 and name.endswith(("区", "县", "市", "旗")) else name
