"""Template tables read from flattened text (crawler dumps), where neighbouring cells' digits are glued.

Rows are found by label (number + key phrase, `tablemap`); the digits between a row's label
and the next label are the row's cells ("…00000002.其他…": the 2 is the next label's number).
Whitespace is always a cell boundary. When a digit string splits into the row's cells in more
than one way (no leading zeros, non-negative), a split is kept only if it is the only one that
satisfies the template identities (T3-C per row, then T3-A/T3-B per column across rows, T4 per
group) or, for table 2, the only one agreeing with a restatement of the cell in the prose.
Anything else is left out with a finding naming the row: never a guessed value.
"""
from __future__ import annotations

import itertools
import unicodedata
from typing import Callable, Iterator, Optional, Sequence

import regex

from ..domain import template as tm
from ..record import Section, Value
from ..text.segment import section_at
from .result import TableRead

# Longest count a glued cell may hold; template counts of 件 stay far below a million
# (the largest table-3 cell of the corpus is 3119, huaian_szf_2024.pdf).
MAX_CELL_DIGITS = 6
# Give up enumerating (finding instead) beyond this many candidate splits of one row.
MAX_CANDIDATES = 20000
# Give up the column identities beyond this many combinations of ambiguous rows.
MAX_COMBINATIONS = 100000
_LABEL_GAP = 40  # characters allowed between a sub-row number and its key phrase

# Prose restatements of a table-2 cell (pingtan_syq_2022.txt: '现行有效行政规范性文件698件，
# 动态更新本年度制发的规范性文件88件'); used only to choose among the splits of a glued row.
PROSE_RESTATEMENTS = {
    ("normative", "issued"): regex.compile(r"本年度?制发的?(?:行政)?规范性文件(\d+)件"),
    ("normative", "in_force"): regex.compile(r"现行有效的?(?:行政)?规范性文件(\d+)件"),
}


def splits(chunks: Sequence[str], n: int, accept: Callable[[tuple[int, ...]], bool] = lambda p: True
           ) -> Iterator[tuple[int, ...]]:
    """Every way to cut the digit chunks into n cells (no leading zeros); `accept` prunes prefixes."""
    # after[i]: (digits, chunks) still to place once chunk i is done
    after = [(sum(map(len, chunks[i + 1:])), len(chunks) - i - 1) for i in range(len(chunks))]

    def cuts(i: int, pos: int, prefix: tuple[int, ...]) -> Iterator[tuple[int, ...]]:
        chunk = chunks[i]
        for end in range(pos + 1, min(len(chunk), pos + MAX_CELL_DIGITS) + 1):
            part = chunk[pos:end]
            if len(part) > 1 and part[0] == "0":
                break
            nxt = prefix + (int(part),)
            digits_left = after[i][0] + len(chunk) - end
            chunks_left = after[i][1] + (end < len(chunk))
            cells_left = n - len(nxt)
            if not chunks_left <= cells_left <= digits_left or not accept(nxt):
                continue
            if cells_left == 0:
                yield nxt
            elif end == len(chunk):
                yield from cuts(i + 1, 0, nxt)
            else:
                yield from cuts(i, end, nxt)
    if chunks:
        yield from cuts(0, 0, ())


def bounded(it: Iterator[tuple[int, ...]]) -> Optional[list[tuple[int, ...]]]:
    """The candidates, or None when there are too many to judge."""
    out = list(itertools.islice(it, MAX_CANDIDATES + 1))
    return None if len(out) > MAX_CANDIDATES else out


def _chunks(data: str) -> list[str]:
    return [c for c in regex.split(r"\s+", data) if c]


def read_flat_tables(text: str, sections: Sequence[Section], wanted: Sequence[str]) -> TableRead:
    """The certain cells of the tables in `wanted` ('t2', 't3', 't4') found in flattened text."""
    text = unicodedata.normalize("NFKC", text)
    out = TableRead()
    t2_start = _find(text, r"第二十条第", 0)
    # Table 3 starts at its first row label after its column header: the narrative of 一 may
    # restate "本年新收…" before the tables.
    header = _find(text, r"申请人情况|自然人", t2_start or 0)
    t3_start = _find(text, r"本年新收", header if header is not None else 0)
    t4_anchor = _find(text, r"行政复议", t3_start if t3_start is not None else 0)
    if "t2" in wanted and t2_start is not None:
        _t2(text[t2_start:t3_start if t3_start and t3_start > t2_start else len(text)], text, sections,
            t2_start, out)
    if "t3" in wanted and t3_start is not None:
        end = t4_anchor if t4_anchor is not None else len(text)
        _t3(text, t3_start, end, sections, out)
    if "t4" in wanted and t4_anchor is not None:
        _t4(text, t4_anchor, sections, out)
    return out


def _find(text: str, pattern: str, pos: int) -> Optional[int]:
    m = regex.compile(pattern).search(text, pos)
    return m.start() if m else None


def _where(sections: Sequence[Section], offset: int, table: str, row: str, column: str) -> dict:
    section = section_at(sections, offset)
    return {"section": section, "table": table, "row": row, "column": column, "page": None}


def _value(number: int | float, raw: str, unit: Optional[str], where: dict) -> Value:
    return Value(value=number, unit=unit, qualifier=None, raw=raw, where=where)


# ---- table 3 ---------------------------------------------------------------------------
def _t3_patterns(region: str) -> list[tuple[tm.RowSpec, regex.Pattern]]:
    """Row patterns in template order; （六） as one row or as three sub-rows, as the text has it."""
    split_other = regex.search(r"其他处理\s*1\s*[.、]", region) is not None
    out = []
    for spec in tm.T3_ROWS:
        if (spec.key == "other.total" and split_other) or (spec.group == "六" and not split_other):
            continue
        phrases = "|".join(regex.escape(p) for p in spec.phrases)
        if spec.number is not None:
            pat = rf"{spec.number}\s*[.、]\D{{0,{_LABEL_GAP}}}?(?:{phrases})\D*"
        else:
            pat = rf"(?:{phrases})\D*"
        out.append((spec, regex.compile(pat)))
    return out


def _t3(text: str, start: int, end: int, sections: Sequence[Section], out: TableRead) -> None:
    region = text[start:end]
    rows: list[tuple[tm.RowSpec, str, int, str]] = []  # spec, label, offset, data
    found: list[tuple[tm.RowSpec, regex.Match]] = []
    pos = 0
    for spec, pat in _t3_patterns(region):
        m = pat.search(region, pos)
        if m is None:
            out.note("table.unrecognised_row", f"表三（文本）未找到行「{spec.key}」", [f"t3.{spec.key}"])
            continue
        found.append((spec, m))
        pos = m.end()
    out.found.add("t3")
    out.versions.setdefault("t3", set()).add(
        "gb2021" if any(s.group == "六" for s, _ in found) else "gb2019")
    for i, (spec, m) in enumerate(found):
        stop = found[i + 1][1].start() if i + 1 < len(found) else len(region)
        tail = region[m.end():stop]
        data = regex.match(r"[\d\s]*", tail).group(0)
        label = regex.sub(r"\s+", "", m.group(0))
        if regex.search(r"\d", tail[len(data):]):
            out.note("table.unreadable", f"表三（文本）行「{label}」后的数字无法归属", [f"t3.{spec.key}"])
            continue
        rows.append((spec, label, start + m.start(), data))
    candidates: dict[str, list[tuple[int, ...]]] = {}
    for spec, label, _, data in rows:
        chunks = _chunks(data)
        every = bounded(splits(chunks, len(tm.T3_COLUMNS)))
        if every is None:
            out.note("table.ambiguous_cells", f"表三（文本）行「{label}」的数字「{data.strip()}」可拆分方式过多，未读取",
                     [f"t3.{spec.key}"])
            continue
        # T3-C even for a single split: blank cells vanish from flattened text ('258 12 1 1' is
        # 258/12/ / /1/1/ in shanghai_szfbgt_2019.html), so a lone split can still be wrong.
        fitting = [p for p in every if sum(p[:-1]) == p[-1]]
        if not fitting:
            out.note("table.unreadable", f"表三（文本）行「{label}」的数字「{data.strip()}」无法拆成 7 个单元格",
                     [f"t3.{spec.key}"])
            continue
        candidates[spec.key] = fitting
    chosen = _resolve_columns(candidates)
    for spec, label, offset, data in rows:
        if spec.key not in candidates:
            continue
        if spec.key not in chosen:
            out.note("table.ambiguous_cells", f"表三（文本）行「{label}」的数字「{data.strip()}」有多种拆分都符合勾稽关系，未读取",
                     [f"t3.{spec.key}"])
            continue
        for col, number in zip(tm.T3_COLUMNS, chosen[spec.key]):
            out.values[f"t3.{spec.key}.{col}"] = _value(
                number, str(number), "件", _where(sections, offset, "t3", label, tm.T3_COLUMN_LABELS[col]))


def _resolve_columns(candidates: dict[str, list[tuple[int, ...]]]) -> dict[str, tuple[int, ...]]:
    """One split per row: rows with one valid split as they are, the others by the column identities T3-A/T3-B."""
    chosen = {k: c[0] for k, c in candidates.items() if len(c) == 1}
    open_rows = [k for k, c in candidates.items() if len(c) > 1]
    if not open_rows:
        return chosen
    total = 1
    for k in open_rows:
        total *= len(candidates[k])
    if total > MAX_COMBINATIONS:
        return chosen
    passing = []
    for combo in itertools.product(*(candidates[k] for k in open_rows)):
        rows = dict(chosen, **dict(zip(open_rows, combo)))
        if _columns_hold(rows):
            passing.append(combo)
    for i, k in enumerate(open_rows):
        picks = {combo[i] for combo in passing}
        if len(picks) == 1:
            chosen[k] = picks.pop()
    return chosen


_OUTCOME_ROWS = [k for k in tm.T3_ROW_KEYS if k not in ("new_received", "carried_over", "total_processed",
                                                          "carried_forward")]


def _columns_hold(rows: dict[str, tuple[int, ...]]) -> bool:
    """T3-A and T3-B for every column, where every row they need is known."""
    for j in range(len(tm.T3_COLUMNS)):
        a = ("new_received", "carried_over", "total_processed", "carried_forward")
        if all(k in rows for k in a) and \
                rows[a[0]][j] + rows[a[1]][j] != rows[a[2]][j] + rows[a[3]][j]:
            return False
        outcomes = [k for k in _OUTCOME_ROWS if k in rows]
        expected = len(tm.T3_ROW_KEYS) - 4 - (3 if "other.total" in rows else 1)
        if "total_processed" in rows and len(outcomes) == expected and \
                sum(rows[k][j] for k in outcomes) != rows["total_processed"][j]:
            return False
    return True


# ---- table 4 ---------------------------------------------------------------------------
def _t4_group_holds(prefix: tuple[int, ...]) -> bool:
    """T4-A/B/C on every completed group of five cells."""
    width = len(tm.T4_COLUMNS)
    if len(prefix) % width:
        return True
    group = prefix[-width:]
    return sum(group[:-1]) == group[-1]


def _t4(text: str, anchor: int, sections: Sequence[Section], out: TableRead) -> None:
    m = regex.compile(r"总计\s*(?P<data>\d[\d\s]*)").search(text, anchor)
    if m is None or regex.search(r"[五六]、", text[anchor:m.start()]):
        return  # no data row: reported as a missing table
    out.found.add("t4")
    data = m.group("data")
    n = len(tm.T4_GROUPS) * len(tm.T4_COLUMNS)
    chunks = _chunks(data)
    fitting = bounded(splits(chunks, n, _t4_group_holds))
    if not fitting or len(fitting) != 1:
        out.note("table.ambiguous_cells", f"表四（文本）数据「{data.strip()}」无法唯一拆分为 15 个单元格", ["t4"])
        return
    cells = iter(fitting[0])
    for group in tm.T4_GROUPS:
        for col in tm.T4_COLUMNS:
            number = next(cells)
            out.values[f"t4.{group}.{col}"] = _value(number, str(number), "件",
                                                     _where(sections, m.start("data"), "t4", group, col))


# ---- table 2 ---------------------------------------------------------------------------
_T2_ROW_LABEL = regex.compile("|".join(sorted({*tm.T2_ROW_LABELS.values(), *tm.T2_ROW_LABELS_2021.values()},
                                               key=len, reverse=True)))
# A row's numbers: separated by whitespace, each may carry a sign (本年增/减) or decimals.
_T2_DATA = regex.compile(r"\s*(?P<data>-?\d[\d.,]*(?:\s+-?\d[\d.,]*)*)\s*(?P<unit>万元|元)?")


def _t2(region: str, text: str, sections: Sequence[Section], base: int, out: TableRead) -> None:
    out.found.add("t2")
    versions = out.versions.setdefault("t2", set())
    columns: list[tuple[str, str]] = []
    unit: Optional[str] = None
    pos = 0
    for m in regex.finditer(r"信息内容|" + _T2_ROW_LABEL.pattern, region):
        if m.start() < pos:
            continue
        if m.group(0) == "信息内容":
            head_end = _T2_ROW_LABEL.search(region, m.end())
            header = region[m.end():head_end.start() if head_end else len(region)]
            columns = _header_columns(header)
            unit = tm.t2_unit(header)
            versions.update(v for _, _, v in columns if v)
            pos = head_end.start() if head_end else len(region)
            continue
        row = tm.t2_row(m.group(0))
        d = _T2_DATA.match(region, m.end())
        pos = d.end() if d else m.end()
        if row is None or not d or not columns:
            continue
        if row == "procurement":
            versions.add("gb2019")
        _t2_row(row, m.group(0), d.group("data"), d.group("unit") or unit, columns, text, sections,
                base + m.start(), out)


def _header_columns(header: str) -> list[tuple[str, str, Optional[str]]]:
    """(key, label, template version) of the columns a flattened header names, in printed order."""
    s = tm.norm(header)
    hits = sorted((s.find(phrase), key, phrase, version) for phrase, key, version in tm.T2_COLUMNS
                  if phrase in s)
    return [(key, phrase, version) for _, key, phrase, version in hits]


def _t2_row(row: str, label: str, data: str, unit: Optional[str], columns: list[tuple[str, str, Optional[str]]],
            text: str, sections: Sequence[Section], offset: int, out: TableRead) -> None:
    """One table-2 row's certain cells; `unit` (written after the number or in the header) is the amount's."""
    keys = [f"t2.{row}.{col}" for col, _, _ in columns]
    if any(col not in tm.T2_ROW_KEYS[row] for col, _, _ in columns):
        out.note("table.unrecognised_column", f"表二（文本）行「{label}」的列与模板不符", keys)
        return
    for col_label, said in _t2_unfit(row, data, columns, text):
        out.note("narrative.vs_table2", f"正文“{said}”与表二（文本）行「{label}」的数字「{data.strip()}」不符："
                 f"该行数字的任何拆分都没有{col_label}为此数", keys)
    cells = _t2_cells(row, data, columns, text)
    if cells is None:
        out.note("table.ambiguous_cells", f"表二（文本）行「{label}」的数字「{data.strip()}」有多种拆分，未读取", keys)
        return
    for (col, col_label, _), number in zip(columns, cells):
        if number is None:
            continue
        out.values[f"t2.{row}.{col}"] = _value(
            number, str(number), unit if col == "amount" else "件",
            _where(sections, offset, "t2", label, col_label))
    if any(n is None for n in cells):
        out.note("table.ambiguous_cells", f"表二（文本）行「{label}」的数字「{data.strip()}」只有部分单元格可确定",
                 [k for k, n in zip(keys, cells) if n is None])


def _t2_unfit(row: str, data: str, columns: list[tuple[str, str, Optional[str]]], text: str
              ) -> list[tuple[str, str]]:
    """(column label, prose statement) of each prose restatement of a glued row that no split of its
    digits can hold (pingtan_syq_2023.txt: 现行有效…393件 against '77132470')."""
    chunks = _chunks(data.replace(",", ""))
    if len(chunks) == len(columns) or any(not c.isdigit() for c in chunks):
        return []  # one chunk per cell: the cells are read, and narrative.vs_table2 compares them
    every = bounded(splits(chunks, len(columns))) or []
    out = []
    for i, (col, col_label, _) in enumerate(columns):
        pat = PROSE_RESTATEMENTS.get((row, col))
        m = pat.search(text) if pat else None
        if m and every and not any(p[i] == int(m.group(1)) for p in every):
            out.append((col_label, m.group(0)))
    return out


def _t2_cells(row: str, data: str, columns: list[tuple[str, str, Optional[str]]], text: str
              ) -> Optional[list[Optional[int | float]]]:
    """The row's cells: certain ones as numbers, the rest None; None if no cell is certain."""
    chunks = _chunks(data.replace(",", ""))
    if len(chunks) == len(columns) and all(_number(c) is not None for c in chunks):
        return [_number(c) for c in chunks]
    if any(not c.isdigit() for c in chunks):
        return None
    every = bounded(splits(chunks, len(columns))) or []
    stated = {i: int(m.group(1)) for i, (col, _, _) in enumerate(columns)
              if (pat := PROSE_RESTATEMENTS.get((row, col))) and (m := pat.search(text))}
    # A prose figure no split can hold counts something else (pingtan_syq_2023.txt: 现行有效…393件).
    stated = {i: v for i, v in stated.items() if any(p[i] == v for p in every)}
    fitting = [p for p in every if all(p[i] == v for i, v in stated.items())]
    if len(every) == 1:
        return list(every[0])
    if len(fitting) == 1:
        return list(fitting[0])
    if fitting and stated:
        return [stated.get(i) for i in range(len(columns))]
    return None


def _number(s: str) -> Optional[int | float]:
    if regex.fullmatch(r"-?\d+", s):
        return int(s)
    if regex.fullmatch(r"-?\d+\.\d+", s):
        return float(s)
    return None
