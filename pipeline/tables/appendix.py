"""The statistics appendix of pre-2019 reports (政府信息公开情况统计表, domain.md §2.2).

Rows read "指标名称 | 计量单位 | 本年度 | 历年累计". The table arrives either as a real
grid in `doc.tables` (HTML/DOCX) or flattened into the text by a crawler, with cells
separated by spaces or glued together ("主动公开信息数条4251516其中：1.网站公开…").
The 本年度 cell gives the value, the 历年累计 cell the running total (for the cross-year chain);
a glued cell is split only where the split is certain (`split_glued`), otherwise both are None.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Mapping, Optional, Sequence

import regex

from ..record import AppendixRow, Document, Section, Table
from ..text.segment import section_at

# The appendix header: its title word then the column names (Pingtan 2011–2018 reports).
_HEADER = regex.compile(r"指标名称\s*计量\s*单位\s*(?:\d{4}\s*)?(?:本)?年度\s*历年累计")
# How far before the header its title (…统计表) may start.
TITLE_LOOKBACK = 60
_TITLE = regex.compile(r"(?:附件\s*\d*\s*[：:]\s*)?[^。；\s]{0,40}统计表\s*$")
_ROW = regex.compile(
    r"(?:其中\s*[：:]\s*)?(?:\d{1,2}\s*[.、．]\s*)?(?P<label>[^\d\s]+?)\s*"
    r"(?P<unit>人次|万元|条|件|元|个)\s*(?P<cells>\d[\d \t\u00a0]*?)\s*"
    r"(?=(?:\d\s*[.、．]\s*)?(?:其中|\p{Han})|\s*$)")

# Row label → canonical key (fields.md `legacy.*`); a combined row such as 信函、传真申请数
# matches none and has no key. Appeal before litigation: "接受行政诉讼、举报数" is 举报 (sic).
ROW_KEYS: Sequence[tuple[regex.Pattern, str]] = tuple((regex.compile(p), k) for p, k in (
    (r"主动公开(?:政府)?(?:信息|文件)(?:总)?数", "legacy.active.total"),
    (r"受理.*申请.*总数|申请总数", "legacy.requests.received"),
    (r"当面申请数", "legacy.requests.channel.in_person"),
    (r"传真申请数", "legacy.requests.channel.fax"),
    (r"电子邮件申请数", "legacy.requests.channel.email"),
    (r"网上申请数", "legacy.requests.channel.online"),
    (r"信函申请数", "legacy.requests.channel.letter"),
    (r"其[它他]形式申请数", "legacy.requests.channel.other"),
    (r"对申请的答复(?:总)?数", "legacy.requests.answered"),
    (r"同意公开答复数", "legacy.requests.outcome.granted"),
    (r"同意部分公开答复数", "legacy.requests.outcome.partial"),
    (r"(?:否决|不予|不同意)公开答复(?:总)?数", "legacy.requests.outcome.denied"),
    (r"其[他它]类型答复数", "legacy.requests.outcome.other"),
    (r"政府信息公开收费减免金额|收费减免金额", "legacy.fees.waived"),
    (r".*(?:申诉|举报).*数", "legacy.appeal.count"),
    (r"行政复议数", "legacy.review.count"),
    (r"行政诉讼数", "legacy.litigation.count"),
))


@dataclass
class ReadRow:
    """An appendix row as read: the record's row, and the printed text of its cells (the `raw` of a
    value taken from it)."""

    row: AppendixRow
    cells: str


_ROW_PREFIX = regex.compile(r"^(?:其中\s*[：:]\s*)?(?:\d{1,2}\s*[.、．]\s*)?")
_BLANKS = regex.compile(r"\s+")


def row_name(label: str) -> str:
    """An appendix row label without its 其中/number prefix and blanks ("其中：1.政府网站公开数" → 政府网站公开数)."""
    return _BLANKS.sub("", _ROW_PREFIX.sub("", label.strip()))


def key_of(label: str) -> Optional[str]:
    """The canonical key of an appendix row label, or None."""
    label = row_name(label)
    for pattern, key in ROW_KEYS:
        if pattern.fullmatch(label):
            return key
    return None


def _valid_cell(s: str) -> bool:
    return s.isdigit() and (s == "0" or not s.startswith("0"))


def glued_splits(digits: str) -> list[tuple[int, int]]:
    """Every reading (本年度, 历年累计) of two glued cells: no leading zeros, 本年度 ≤ 历年累计."""
    splits = [(digits[:i], digits[i:]) for i in range(1, len(digits))]
    return [(int(a), int(b)) for a, b in splits if _valid_cell(a) and _valid_cell(b) and int(a) <= int(b)]


_SUB_ROW = regex.compile(r"\s*(?:其中|\d{1,2}\s*[.、．])")


def split_glued(digits: str, stated: Optional[int] = None) -> Optional[int]:
    """The 本年度 value of two glued cells "本年度历年累计", or None if not certain.

    Certain when: two digits (one per cell); a leading 0 (no number starts with 0);
    one split only keeps 本年度 ≤ 历年累计; or the prose states the value and the
    digits start with it (gold notes of the Pingtan 2011–2018 reports).
    """
    if len(digits) < 2 or not digits.isdigit():
        return None
    if len(digits) == 2 or digits[0] == "0":
        return int(digits[0])
    possible = glued_splits(digits)
    if len(possible) == 1:
        return possible[0][0]
    if stated is not None and any(a == stated for a, _ in possible):
        return stated
    return None


def table_zones(doc: Document) -> list[tuple[int, int]]:
    """Spans of `doc.text` that are table text: `doc.tables` and flattened appendix tables."""
    zones = [(t.start, t.end) for t in doc.tables if t.end > t.start]
    for m in _HEADER.finditer(doc.text):
        title = _TITLE.search(doc.text, max(0, m.start() - TITLE_LOOKBACK), m.start())
        start = title.start() if title else m.start()
        zones.append((start, _rows_end(doc.text, m.end())))
    return sorted(zones)


def _rows_end(text: str, pos: int) -> int:
    end = pos
    for m in _ROW.finditer(text, pos):
        if m.start() != end and text[end:m.start()].strip():
            break
        end = m.end()
    return end


def appendix_rows(doc: Document, sections: Sequence[Section],
                  stated: Mapping[str, int]) -> list[ReadRow]:
    """The rows of every legacy statistics appendix, grid tables first, then flattened text."""
    rows: list[ReadRow] = []
    for ti, table in enumerate(doc.tables):
        rows.extend(_grid_rows(table, ti, section_at(sections, table.start)))
    grid_spans = [(t.start, t.end) for t in doc.tables]
    for m in _HEADER.finditer(doc.text):
        if any(a <= m.start() < b for a, b in grid_spans):
            continue
        rows.extend(_flat_rows(doc.text, m, section_at(sections, m.start()), stated))
    return rows


def _cumulative_rest(digits: str, value: Optional[int]) -> Optional[int]:
    """The 历年累计 cell of two glued cells once the 本年度 cell is known: the digits left over."""
    if value is None or not digits.startswith(str(value)):
        return None
    rest = digits[len(str(value)):]
    return int(rest) if _valid_cell(rest) else None


_THIS_YEAR = regex.compile(r"\d{4}\s*年度|本年度|本年")
_YEAR_COLUMN = regex.compile(r"(?:\d{4}\s*)?(?:本)?年度")


def _year_column(header: list[str]) -> Optional[int]:
    for i, text in enumerate(header):
        if _THIS_YEAR.search(text) and "累计" not in text:
            return i
    return None


def _grid_rows(table: Table, index: int, section: Optional[int]) -> list[ReadRow]:
    texts = table.texts()
    if not texts or not any("累计" in c for c in texts[0]):
        return []
    col = _year_column(texts[0])
    if col is None:
        return []
    total_col = next((i for i, c in enumerate(texts[0]) if "累计" in c), None)
    out = []
    for row in texts[1:]:
        if len(row) <= col:
            continue
        cell = row[col].strip()
        value = int(cell) if _valid_cell(cell) else None
        total = row[total_col].strip() if total_col is not None and len(row) > total_col else ""
        out.append(ReadRow(AppendixRow(
            label=row[0].strip(), key=key_of(row[0]), unit=row[1].strip() if len(row) > 1 else "", this_year=value,
            cumulative=int(total) if _valid_cell(total) else None,
            where={"section": section, "table": "appendix", "table_index": index, "row": row[0].strip(),
                   "column": texts[0][col].strip()},
            sub=bool(_SUB_ROW.match(row[0])), blank=not cell or (total_col is not None and not total)), cell))
    return out


def _flat_rows(text: str, header: regex.Match, section: Optional[int],
               stated: Mapping[str, int]) -> list[ReadRow]:
    column = _YEAR_COLUMN.search(header.group(0)).group(0).replace(" ", "")
    found = []
    end = header.end()
    for m in _ROW.finditer(text, header.end()):
        if m.start() != end and text[end:m.start()].strip():
            break
        end = m.end()
        found.append(m)
    spaced = any(len(m.group("cells").split()) >= 2 for m in found)
    rows = []
    for m in found:
        key = key_of(m.group("label"))
        tokens = m.group("cells").split()
        if spaced:
            # a row with one token has a blank cell, and which one is not known (pingtan_syq_2013 政府公报公开)
            value = int(tokens[0]) if len(tokens) == 2 and _valid_cell(tokens[0]) else None
            cumulative = int(tokens[1]) if len(tokens) == 2 and _valid_cell(tokens[1]) else None
        else:
            value = split_glued("".join(tokens), stated.get(key) if key else None)
            cumulative = _cumulative_rest("".join(tokens), value)
        glued = "".join(tokens) if not spaced and (value is None or cumulative is None) else ""
        blank = spaced and len(tokens) == 1
        a = m.start("cells")
        b = a + (len(tokens[0]) if spaced or value is None else len(str(value)))
        rows.append(ReadRow(AppendixRow(
            label=m.group("label").strip(), key=key, unit=m.group("unit"), this_year=value, cumulative=cumulative,
            where={"section": section, "table": "appendix", "row": m.group("label").strip(), "column": column,
                   "span": [a, b]},
            sub=bool(_SUB_ROW.match(m.group(0))), glued=glued, blank=blank), m.group("cells")))
    return rows
