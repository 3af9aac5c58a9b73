"""Plain-text reports and crawler dumps (a 标题/发布时间/原文链接 header, '==== 正文 ====', the body)."""
from __future__ import annotations

from typing import Optional

import regex

from ..record import Document, Finding, PageHints
from .base import sha256_of
from .decode import decode
from .byline import normalise_date
from .furniture import fill_hints, strip_furniture

# Header fields of crawler dumps: the first crawler's block ends with '==== 正文 ====', a second
# crawler's opens the file with full-width-colon fields (标题：… 来源：… 发布时间：… 抓取时间：…), one
# a line or several on one line, and the body follows without a mark.
_FIELDS = r"标题|发布时间|发布日期|文号|发布机构|栏目|原文链接|链接|网址|本地目录|索引号|来源|作者|抓取时间"
_FIELD = regex.compile(rf"(?:^|(?<=\s))(?P<key>{_FIELDS})\s*[:：]")
_DUMP_BODY_MARK = regex.compile(r"^=+\s*正文\s*=+\s*$", regex.M)
# A leading block with fewer fields than this is not a crawler header (a page may open with 来源：…).
MIN_HEADER_FIELDS = 2
# A header line holds a title, a source, two dates and a URL: a longer line runs on into the body.
MAX_HEADER_LINE = 300
_FIRST_WORD = regex.compile(r"\s*\S+(?:\s+\d{1,2}:\d{2}(?::\d{2})?)?")


def read_text(data: bytes, path: str, declared: Optional[str] = None) -> Document:
    """A plain-text report, or a crawler dump (header block, '==== 正文 ====' or not, body)."""
    notes: list[Finding] = []
    text, encoding = decode(data, path, declared, notes)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    hints = PageHints()
    mark = _DUMP_BODY_MARK.search(text)
    if mark:
        _take_fields(text[:mark.start()], hints)
        text = text[mark.end():]
    else:
        end = _header_end(text)
        if end:
            _take_fields(text[:end], hints)
            text = text[end:]
    body, found = strip_furniture(text)
    fill_hints(hints, found)
    return Document(path=path, format="txt", text=body, sha256=sha256_of(data), size=len(data),
                    encoding=encoding, hints=hints, notes=notes)


def _fields(block: str) -> list[tuple[str, str]]:
    """(key, value) of each header field in `block`, values running to the next field or line end."""
    out = []
    for line in block.splitlines():
        found = list(_FIELD.finditer(line))
        for m, nxt in zip(found, found[1:] + [None]):
            out.append((m.group("key"), line[m.end():nxt.start() if nxt else len(line)].strip()))
    return out


def _header_end(text: str) -> int:
    """Where a second crawler's leading header block ends (0 when the text opens with none). A line
    longer than a header line holds the body too: the header ends after the last field's first word
    (a date keeps its time: 抓取时间：2025-03-02 10:11:12 正文…)."""
    pos, keys = 0, 0
    for line in text.split("\n"):
        stripped = line.strip()
        if stripped and not _FIELD.match(stripped):
            break
        fields = list(_FIELD.finditer(line))
        keys += len(fields)
        if len(line) > MAX_HEADER_LINE and fields:
            value = _FIRST_WORD.match(line, fields[-1].end())
            pos += value.end() if value else fields[-1].end()
            break
        pos += len(line) + 1
    return min(pos, len(text)) if keys >= MIN_HEADER_FIELDS else 0


def _take_fields(block: str, hints: PageHints) -> None:
    """Keep what a crawler header says about the page in `hints`."""
    for key, val in _fields(block):
        if not val:
            continue
        if key == "标题":
            hints.title = val
        elif key in ("发布时间", "发布日期"):
            hints.published = normalise_date(val)
        elif key in ("原文链接", "链接", "网址"):
            hints.url = val
        elif key == "发布机构":
            hints.publisher = val
        elif key == "来源":
            hints.source_line = val
