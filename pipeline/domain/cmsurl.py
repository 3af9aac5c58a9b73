"""CMS URL fingerprints (domain.md §4.1): the date a TRS or Hanweb article URL carries.

TRS: `…/YYYYMM/tYYYYMMDD_NNNN.htm[l]`; Hanweb: `…/art/YYYY/M/D/art_<col>_<id>.html`.
The URL date is when the CMS created the article, which can differ from the page's
发布时间 (Pingtan 2013: URL t20140324, page 2014-01-10).
"""
from __future__ import annotations

from datetime import date
from typing import Optional

import regex

_TRS = regex.compile(r"/t(?P<y>(?:19|20)\d\d)(?P<m>\d\d)(?P<d>\d\d)_\d+\.s?html?(?:[?#]|$)", regex.I)
_HANWEB = regex.compile(r"/art/(?P<y>(?:19|20)\d\d)/(?P<m>\d{1,2})/(?P<d>\d{1,2})/art_\d+_\d+\.s?html?", regex.I)


def url_date(url: Optional[str]) -> Optional[str]:
    """The ISO date a TRS or Hanweb article URL encodes, or None."""
    if not url:
        return None
    for pattern in (_TRS, _HANWEB):
        m = pattern.search(url)
        if m:
            try:
                return date(int(m["y"]), int(m["m"]), int(m["d"])).isoformat()
            except ValueError:
                return None
    return None
