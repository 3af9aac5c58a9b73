"""Plain-text reports and crawler dumps (a 标题/发布时间/原文链接 header, '==== 正文 ====', the body)."""
from __future__ import annotations

from typing import Optional

import regex

from ..record import Document, Finding, PageHints
from .base import sha256_of
from .decode import decode
from .furniture import normalise_date, strip_furniture

_DUMP_HEADER = regex.compile(r"^(标题|发布时间|发布日期|文号|发布机构|栏目|原文链接|本地目录|索引号|来源)\s*[:：]\s*(.*)$")
_DUMP_BODY_MARK = regex.compile(r"^=+\s*正文\s*=+\s*$", regex.M)


def read_text(data: bytes, path: str, declared: Optional[str] = None) -> Document:
    """A plain-text report, or a crawler dump (header block, '==== 正文 ====', body)."""
    notes: list[Finding] = []
    text, encoding = decode(data, path, declared, notes)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    hints = PageHints()
    mark = _DUMP_BODY_MARK.search(text)
    if mark:
        for line in text[:mark.start()].splitlines():
            m = _DUMP_HEADER.match(line.strip())
            if not m or not m.group(2).strip():
                continue
            key, val = m.group(1), m.group(2).strip()
            if key == "标题":
                hints.title = val
            elif key in ("发布时间", "发布日期"):
                hints.published = normalise_date(val)
            elif key == "原文链接":
                hints.url = val
            elif key == "发布机构":
                hints.publisher = val
        text = text[mark.end():]
    body, found = strip_furniture(text)
    hints.published = hints.published or found.published
    hints.source_line = found.source_line
    return Document(path=path, format="txt", text=body, sha256=sha256_of(data), size=len(data),
                    encoding=encoding, hints=hints, notes=notes)
