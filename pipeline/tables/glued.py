"""Template tables read from flattened text (crawler dumps), where neighbouring cells' digits are glued.

Rows are found by label (number + key phrase, `tablemap`); the digits between a row's label
and the next label are the row's cells ("…00000002.其他…": the 2 is the next label's number).
Whitespace always ends a cell and a minus sign opens one (本年增/减). A digit string usually
splits into the row's cells in more than one way (`splits`); only the readings that keep
the template identities (T3-C per row, then T3-A/T3-B per column across rows, T4 per group) or,
for table 2, agree with a restatement of the cell in the prose are kept, and a cell is read
only when all of them give it the same value. Every other cell is left out with a finding
naming it: never a guessed value.
"""
from __future__ import annotations

import itertools
from typing import Optional, Sequence

import regex

from ..domain import template as tm
from ..record import Section, Value
from ..text.segment import section_at
from .nfkc import nfkc
from .result import TableRead
from .splits import agreed, bounded, signed_rows, splits

# Give up the column identities beyond this many combinations of ambiguous rows.
MAX_COMBINATIONS = 100000
_LABEL_GAP = 40  # characters allowed between a sub-row number and its key phrase

# Prose restatements of a table-2 cell (pingtan_syq_2022.txt: '现行有效行政规范性文件698件，
# 动态更新本年度制发的规范性文件88件'); used only to choose among the splits of a glued row.
PROSE_RESTATEMENTS = {
    ("normative", "issued"): regex.compile(r"本年度?制发的?(?:行政)?规范性文件(\d+)件"),
    ("normative", "in_force"): regex.compile(r"现行有效的?(?:行政)?规范性文件(\d+)件"),
}

# Compiled once: a module-level regex.search(str, …) pays ~15 µs of cache lookup a call.
_SPACES = regex.compile(r"\s+")
_OTHER_SPLIT = regex.compile(r"其他处理\s*1\s*[.、]")
_DIGITS_AND_SPACES = regex.compile(r"[\d\s]*")
_DIGIT = regex.compile(r"\d")
_NEXT_PART = regex.compile(r"[五六]、")
_SENTENCE_END = regex.compile(r"[。；;]")
_SIGNED_RUN = regex.compile(r"-?[\d.]+")
_INTEGER = regex.compile(r"-?\d+")
_DECIMAL = regex.compile(r"-?\d+\.\d+")
_T2_ANCHOR, _T3_HEADER = regex.compile(r"第二十条第"), regex.compile(r"申请人情况|自然人")
_T3_ANCHOR, _T4_ANCHOR = regex.compile(r"本年新收"), regex.compile(r"行政复议")


def _chunks(data: str) -> list[str]:
    return [c for c in _SPACES.split(data) if c]


def read_flat_tables(text: str, sections: Sequence[Section], wanted: Sequence[str]) -> TableRead:
    """The certain cells of the tables in `wanted` ('t2', 't3', 't4') found in flattened text."""
    text = nfkc(text)
    out = TableRead()
    t2_start = _find(text, _T2_ANCHOR, 0)
    # Table 3 starts at its first row label after its column header: the narrative of 一 may
    # restate "本年新收…" before the tables.
    header = _find(text, _T3_HEADER, t2_start or 0)
    t3_start = _find(text, _T3_ANCHOR, header if header is not None else 0)
    t4_anchor = _find(text, _T4_ANCHOR, t3_start if t3_start is not None else 0)
    if "t2" in wanted and t2_start is not None:
        _t2(text[t2_start:t3_start if t3_start and t3_start > t2_start else len(text)], text, sections,
            t2_start, out)
    if "t3" in wanted and t3_start is not None:
        end = t4_anchor if t4_anchor is not None else len(text)
        _t3(text, t3_start, end, sections, out)
    if "t4" in wanted and t4_anchor is not None:
        _t4(text, t4_anchor, sections, out)
    return out


def _find(text: str, pattern: regex.Pattern, pos: int) -> Optional[int]:
    m = pattern.search(text, pos)
    return m.start() if m else None


def _where(section: Optional[int], table: str, row: str, column: str) -> dict:
    return {"section": section, "table": table, "row": row, "column": column, "page": None}


def _value(number: int | float, raw: str, unit: Optional[str], where: dict) -> Value:
    return Value(value=number, unit=unit, qualifier=None, raw=raw, where=where)


# ---- table 3 ---------------------------------------------------------------------------
def _t3_patterns(region: str) -> tuple[tuple[tm.RowSpec, regex.Pattern], ...]:
    """Row patterns in template order; （六） as one row or as three sub-rows, as the text has it."""
    return _ROW_PATTERNS[_OTHER_SPLIT.search(region) is not None]


def _row_patterns(split_other: bool) -> tuple[tuple[tm.RowSpec, regex.Pattern], ...]:
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
    return tuple(out)


# Both variants compiled at import: fetching 25 patterns again from regex's own cache costs
# ~0.1 ms a document whenever the pipeline's caches are cold (pingtan_syq_2022.txt).
_ROW_PATTERNS = {split_other: _row_patterns(split_other) for split_other in (False, True)}


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
        data = _DIGITS_AND_SPACES.match(tail).group(0)
        label = _SPACES.sub("", m.group(0))
        if _DIGIT.search(tail[len(data):]):
            out.note("table.unreadable", f"表三（文本）行「{label}」后的数字无法归属", [f"t3.{spec.key}"])
            continue
        rows.append((spec, label, start + m.start(), data))
    candidates: dict[str, list[tuple[int, ...]]] = {}
    # Most rows of a table repeat another's digits ('0000000': 17 of the 25 rows of
    # pingtan_syq_2022.txt), so each digit string is read once per table.
    readings: dict[tuple[str, ...], Optional[list[tuple[int, ...]]]] = {}
    for spec, label, _, data in rows:
        chunks = tuple(_chunks(data))
        if chunks not in readings:
            readings[chunks] = _t3_readings(chunks)
        fitting = readings[chunks]
        if fitting is None:
            out.note("table.ambiguous_cells", f"表三（文本）行「{label}」的数字「{data.strip()}」可拆分方式过多，未读取",
                     [f"t3.{spec.key}"])
            continue
        if not fitting:
            out.note("table.unreadable", f"表三（文本）行「{label}」的数字「{data.strip()}」无法拆成 7 个单元格",
                     [f"t3.{spec.key}"])
            continue
        candidates[spec.key] = fitting
    chosen = _resolve_columns(candidates)
    for spec, label, offset, data in rows:
        if spec.key not in candidates:
            continue
        cells = chosen[spec.key]
        section = section_at(sections, offset)
        for col, number in zip(tm.T3_COLUMNS, cells):
            if number is not None:
                out.values[f"t3.{spec.key}.{col}"] = _value(
                    number, str(number), "件", _where(section, "t3", label, tm.T3_COLUMN_LABELS[col]))
        unsure = [f"t3.{spec.key}.{col}" for col, n in zip(tm.T3_COLUMNS, cells) if n is None]
        if unsure:
            out.note("table.ambiguous_cells", f"表三（文本）行「{label}」的数字「{data.strip()}」有多种拆分都符合勾稽关系，"
                     f"{len(unsure)} 个单元格未读取", unsure)


def _t3_readings(chunks: Sequence[str]) -> Optional[list[tuple[int, ...]]]:
    """The splits of a row's digits into its 7 cells that keep T3-C; None when too many to judge."""
    every = bounded(splits(chunks, len(tm.T3_COLUMNS)))
    # T3-C even for a single split: blank cells vanish from flattened text ('258 12 1 1' is
    # 258/12/ / /1/1/ in shanghai_szfbgt_2019.html), so a lone split can still be wrong.
    return None if every is None else [p for p in every if sum(p[:-1]) == p[-1]]


def _resolve_columns(candidates: dict[str, list[tuple[int, ...]]]) -> dict[str, list[Optional[int]]]:
    """Each row's cells that every reading agrees on (None where readings differ): rows with one
    valid split as they are, the others across the combinations that keep T3-A/T3-B; no cell of an
    open row when no combination keeps them."""
    chosen = {k: list(c[0]) for k, c in candidates.items() if len(c) == 1}
    open_rows = [k for k, c in candidates.items() if len(c) > 1]
    total = 1
    for k in open_rows:
        total *= len(candidates[k])
    if total > MAX_COMBINATIONS:
        return dict(chosen, **{k: agreed(candidates[k], len(tm.T3_COLUMNS)) for k in open_rows})
    passing = []
    for combo in itertools.product(*(candidates[k] for k in open_rows)):
        rows = dict(chosen, **dict(zip(open_rows, combo)))
        if _columns_hold(rows):
            passing.append(combo)
    for i, k in enumerate(open_rows):
        chosen[k] = agreed([combo[i] for combo in passing], len(tm.T3_COLUMNS))
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


_T4_RUN = regex.compile(r"总计\s*(?P<data>\d[\d\s]*)")


def _t4_runs(text: str, anchor: int) -> list[regex.Match]:
    """The digit runs after a 总计 of table 4: one for the printed single row, one per stacked
    table (行政复议, then 行政诉讼); a later run counts only if no sentence or heading comes between."""
    runs: list[regex.Match] = []
    pos = anchor
    while len(runs) < len(tm.T4_GROUPS) and (m := _T4_RUN.search(text, pos)):
        gap = text[pos:m.start()]
        if _NEXT_PART.search(gap) or (runs and _SENTENCE_END.search(gap)):
            break
        runs.append(m)
        pos = m.end()
    return runs


def _t4_candidates(runs: Sequence[str]) -> Optional[list[tuple[int, ...]]]:
    """Every 15-cell reading of the runs in which each group of five adds up (T4-A/B/C); each run
    holds whole groups. None when there are too many to judge."""
    width = len(tm.T4_COLUMNS)
    out: list[tuple[int, ...]] = []
    for sizes in itertools.product(range(1, len(tm.T4_GROUPS) + 1), repeat=len(runs)):
        if sum(sizes) != len(tm.T4_GROUPS):
            continue
        parts = [bounded(splits(_chunks(run), size * width, _t4_group_holds)) for run, size in zip(runs, sizes)]
        if any(p is None for p in parts):
            return None
        out.extend(tuple(itertools.chain(*combo)) for combo in itertools.product(*parts))
    return out


def _t4(text: str, anchor: int, sections: Sequence[Section], out: TableRead) -> None:
    runs = _t4_runs(text, anchor)
    if not runs:
        return  # no data row: reported as a missing table
    out.found.add("t4")
    data = " | ".join(m.group("data").strip() for m in runs)
    keys = [f"t4.{g}.{c}" for g in tm.T4_GROUPS for c in tm.T4_COLUMNS]
    fitting = _t4_candidates([m.group("data") for m in runs])
    if not fitting:
        out.note("table.ambiguous_cells", f"表四（文本）数据「{data}」无法拆分为各组合计相符的 15 个单元格", ["t4"])
        return
    cells = agreed(fitting, len(keys))
    section = section_at(sections, runs[0].start("data"))
    for key, number in zip(keys, cells):
        if number is not None:
            _, group, col = key.split(".")
            out.values[key] = _value(number, str(number), "件", _where(section, "t4", group, col))
    unsure = [k for k, n in zip(keys, cells) if n is None]
    if unsure:
        out.note("table.ambiguous_cells", f"表四（文本）数据「{data}」有 {len(fitting)} 种拆分都符合各组合计，"
                 f"{len(unsure)} 个单元格无法确定，未读取", unsure)


# ---- table 2 ---------------------------------------------------------------------------
_T2_ROW_LABEL = regex.compile("|".join(sorted({*tm.T2_ROW_LABELS.values(), *tm.T2_ROW_LABELS_2021.values()},
                                               key=len, reverse=True)))
_T2_LABEL_OR_HEADER = regex.compile(r"信息内容|" + _T2_ROW_LABEL.pattern)
# A row's numbers: glued or separated by whitespace; a minus (本年增/减) opens a cell; decimals in amounts.
_T2_DATA = regex.compile(r"\s*(?P<data>[-−]?\d[\d.,]*(?:\s+[-−]?\d[\d.,]*|[-−]\d[\d.,]*)*)\s*(?P<unit>万元|元)?")


def _t2(region: str, text: str, sections: Sequence[Section], base: int, out: TableRead) -> None:
    out.found.add("t2")
    versions = out.versions.setdefault("t2", set())
    columns: list[tuple[str, str]] = []
    unit: Optional[str] = None
    pos = 0
    for m in _T2_LABEL_OR_HEADER.finditer(region):
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
    tokens = _tokens(data)
    if len(tokens) == len(columns) and all(_number(t) is not None for t in tokens):
        cells: list[Optional[int | float]] = [_number(t) for t in tokens]  # one token per cell
    elif any(not t.lstrip("-").isdigit() for t in tokens):
        cells = [None] * len(columns)  # decimals glued to another cell
    else:
        every = _t2_readings(tokens, columns)
        stated = _t2_stated(row, columns, text)
        # A prose figure no split can hold counts something else (pingtan_syq_2023.txt: 现行有效…393件).
        unfit = {i for i, (v, _) in stated.items() if every and not any(p[i] == v for p in every)}
        for i in sorted(unfit):
            out.note("narrative.vs_table2", f"正文“{stated[i][1]}”与表二（文本）行「{label}」的数字「{data.strip()}」不符："
                     f"该行数字的任何拆分都没有{columns[i][1]}为此数", keys)
        fitting = [p for p in every if all(p[i] == v for i, (v, _) in stated.items() if i not in unfit)]
        cells = agreed(fitting, len(columns))
    if all(n is None for n in cells):
        out.note("table.ambiguous_cells", f"表二（文本）行「{label}」的数字「{data.strip()}」有多种拆分，未读取", keys)
        return
    section = section_at(sections, offset)
    for (col, col_label, _), number in zip(columns, cells):
        if number is None:
            continue
        out.values[f"t2.{row}.{col}"] = _value(
            number, str(number), unit if col == "amount" else "件", _where(section, "t2", label, col_label))
    if any(n is None for n in cells):
        out.note("table.ambiguous_cells", f"表二（文本）行「{label}」的数字「{data.strip()}」只有部分单元格可确定",
                 [k for k, n in zip(keys, cells) if n is None])


def _tokens(data: str) -> list[str]:
    """A row's digit runs: whitespace ends one, and a minus sign opens one ('12-4' → '12', '-4')."""
    return _SIGNED_RUN.findall(data.replace(",", "").replace("−", "-"))


def _t2_readings(tokens: list[str], columns: list[tuple[str, str, Optional[str]]]) -> list[tuple]:
    """Every reading of a glued row's digits as its cells, a vanished blank included (a table-2 row
    has no identity to rule one out); only 本年增/减 may carry a minus. Empty when too many to judge."""
    signed = next((i for i, (col, _, _) in enumerate(columns) if col == "change"), None)
    return bounded(signed_rows(tokens, len(columns), signed)) or []


def _t2_stated(row: str, columns: list[tuple[str, str, Optional[str]]], text: str) -> dict[int, tuple[int, str]]:
    """(value, statement) of the prose restatement of each column of the row that has one."""
    out = {}
    for i, (col, _, _) in enumerate(columns):
        pat = PROSE_RESTATEMENTS.get((row, col))
        if pat and (m := pat.search(text)):
            out[i] = (int(m.group(1)), m.group(0))
    return out


def _number(s: str) -> Optional[int | float]:
    if _INTEGER.fullmatch(s):
        return int(s)
    if _DECIMAL.fullmatch(s):
        return float(s)
    return None
