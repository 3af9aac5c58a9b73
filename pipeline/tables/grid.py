"""Template tables read from rebuilt grids (HTML, .docx, PDF ruling), cell by cell.

Every data row is found by its label and every column by its header (`tablemap`). A table
split over pages arrives as several grids in order; the readers keep their state (table-2
header columns, table-3 column order and current group, table-4 group order) from one grid
to the next, so a continuation without a repeated header still lands on the right keys.
"""
from __future__ import annotations

from typing import Optional, Sequence

from ..domain import template as tm
from .cellvalue import parse_cell
from ..record import Cell, Section, Table, Value
from ..text.segment import section_at
from .result import TableRead

T3_WIDTH = len(tm.T3_COLUMNS)
T4_WIDTH = len(tm.T4_GROUPS) * len(tm.T4_COLUMNS)
TABLE_NAMES = {"t2": "二", "t3": "三", "t4": "四"}


def distinct(row: list[Cell]) -> list[tuple[int, Cell]]:
    """(column, cell) of each merged cell once, at its first column."""
    seen, out = set(), []
    for c, cell in enumerate(row):
        if cell.origin not in seen:
            seen.add(cell.origin)
            out.append((c, cell))
    return out


class Sheet:
    """A grid as the readers ask about it: each row's merged cells once (`rows`) and their
    normalised labels (`labels`), computed once per table instead of once per question."""

    def __init__(self, table: Table) -> None:
        self.table = table
        self.grid = table.grid
        self.rows = [distinct(row) for row in table.grid]
        self.labels = [tm.norm(c.text) for row in self.rows for _, c in row]

    def kind(self) -> Optional[str]:
        """'t2', 't3' or 't4' by the labels the grid holds, None for any other table."""
        texts = self.labels
        if any(t.startswith("信息内容") or "第二十条" in t for t in texts):
            return "t2"
        if any(tm.t3_toprow(t) and ("本年新收" in t or "结转" in t or "予以公开" in t) for t in texts) \
                or any("申请人情况" in t or t == "自然人" for t in texts) \
                or any(tm.label_number(t) and any(tm.t3_subrow(g, t) for g in tm.T3_GROUPS) for t in texts):
            return "t3"
        if any(tm.t4_group(t) for t in texts) or _t4_data_row(self) is not None:
            return "t4"
        return None


def table_kind(table: Table) -> Optional[str]:
    """'t2', 't3' or 't4' by the labels the grid holds, None for any other table."""
    return Sheet(table).kind()


def _t4_data_cells(sheet: Sheet, r: int) -> list[tuple[int, Cell]]:
    """The cells of row r that hold a number (or a blank) under a table-4 column label."""
    if r == 0:
        return []
    cells = [(c, cell) for c, cell in sheet.rows[r]
             if parse_cell(cell.text) is not None and _header_above(sheet, r, c, tm.t4_column)]
    return cells if any(cell.text.strip() for _, cell in cells) else []


def _t4_data_row(sheet: Sheet) -> Optional[int]:
    """Index of the row with 15 numbers under headers naming table-4 columns (a label cell may precede
    them), or with 5 or 10 under group labels too: table 4 printed as two stacked tables, 行政复议
    then 行政诉讼."""
    for r in range(len(sheet.grid)):
        cells = _t4_data_cells(sheet, r)
        if len(cells) == T4_WIDTH or (cells and len(cells) % len(tm.T4_COLUMNS) == 0 and all(
                _header_above(sheet, r, c, tm.t4_group) for c, _ in cells)):
            return r
    return None


def _t3_data_row(cells: list[tuple[int, Cell]]) -> bool:
    """A table-3 row below the header (its merged cells once): it holds a number or starts with a
    row label."""
    if any((n := parse_cell(c.text)) is not None and not n.blank for _, c in cells):
        return True
    first = cells[0][1].text if cells else ""
    return tm.t3_toprow(first) is not None or tm.t3_group(first) is not None


def _opens_group(sheet: Sheet, r: int, data: list[Cell]) -> bool:
    """Row r is a group label of its own (（六）其他处理 with empty data cells in a table-3 laid out
    with one label column), the group's first numbered sub-row following it."""
    if any(c.text.strip() for c in data) or r + 1 >= len(sheet.grid):
        return False
    following = [tm.norm(c.text) for _, c in sheet.rows[r + 1]]
    return any(tm.label_number(t) == 1 and tm.t3_subrow("六", t) is not None for t in following)


def _header_above(sheet: Sheet, r: int, c: int, classify) -> Optional[str]:
    """The nearest label above row r in column c that `classify` recognises."""
    found = _label_above(sheet, r, c, classify)
    return found[0] if found else None


def _label_above(sheet: Sheet, r: int, c: int, classify) -> Optional[tuple[str, str]]:
    """(key, printed label) of the nearest label above row r in column c that `classify` recognises."""
    grid = sheet.grid
    for rr in range(r - 1, -1, -1):
        text = grid[rr][c].text
        key = classify(text)
        if key:
            return key, text
    return None


class GridReader:
    """Reads t2/t3/t4 from a document's grids in order, carrying state across page breaks."""

    def __init__(self, sections: Sequence[Section]) -> None:
        self.sections = sections
        self.out = TableRead()
        self.t2_columns: list[tuple[Optional[str], str, Optional[str]]] = []  # (key, label, unit)
        self.t2_label_column = 0  # grid column of the row labels (under '信息内容')
        self.t3_columns: list[tuple[str, str]] = []  # (key, header label) in printed order
        self.t3_positions: Optional[tuple[Sheet, list[int]]] = None  # grid holding the header, its columns
        self.t3_group: Optional[str] = None
        self.t4_groups: list[str] = []
        self.section: Optional[int] = None  # the section holding the table being read

    def where(self, sheet: Sheet, name: str, row: str, column: str, r: int) -> dict:
        table = sheet.table
        page = table.row_pages[r] if r < len(table.row_pages) else table.page
        return {"section": self.section, "table": name, "row": row, "column": column, "page": page}

    def put(self, key: str, cell: Cell, unit: Optional[str], where: dict) -> None:
        number = parse_cell(cell.text)
        if number is None:
            self.out.note("table.unreadable_cell", f"{where['table']} 行「{where['row']}」列「{where['column']}」的单元格无法读作数字：{cell.text!r}",
                          [key])
            return
        if key in self.out.values:
            self.out.note("table.duplicate_row", f"{where['table']} 行「{where['row']}」重复出现，保留第一次的数值", [key])
            return
        if cell.confidence is not None:  # a scanned page's cell: the OCR confidence travels with the value
            where = {**where, "ocr_confidence": round(cell.confidence, 1)}
        self.out.values[key] = Value(value=number.value, unit=number.unit or unit, qualifier=None,
                                     raw=cell.text, where=where)

    def read(self, tables: Sequence[Table]) -> TableRead:
        for table in tables:
            sheet = Sheet(table)
            kind = sheet.kind()
            if kind is None or len(table.grid[0]) < 2:
                continue
            self.out.found.add(kind)
            self.section = section_at(self.sections, table.start)
            getattr(self, f"_{kind}")(sheet)
        for kind in sorted(self.out.found):
            if not any(k.startswith(kind + ".") for k in self.out.values):
                self.out.note("table.unreadable", f"找到模板表{TABLE_NAMES[kind]}，但没有读出任何单元格", [kind])
        return self.out

    # ---- table 2 ----
    def _t2(self, sheet: Sheet) -> None:
        versions = self.out.versions.setdefault("t2", set())
        for r, every in enumerate(sheet.rows):
            head = next((i for i, (_, c) in enumerate(every) if tm.t2_header([c.text])), None)
            if head is not None:  # '信息内容' opens the header; a block label column may stand before it
                self.t2_label_column = every[head][0]
                self.t2_columns = []
                for _, cell in every[head + 1:]:
                    col = tm.t2_column(cell.text)
                    if col and col[1]:
                        versions.add(col[1])
                    self.t2_columns.append((col[0] if col else None, cell.text, tm.t2_unit(cell.text)))
                continue
            cells = [(c, cell) for c, cell in every if c >= self.t2_label_column]
            texts = [c.text for _, c in cells]
            if len(cells) < 2 or "第二十条" in tm.norm(texts[0]):
                continue
            row_key = tm.t2_row(texts[0])
            if row_key is None:
                if any(parse_cell(t) and not parse_cell(t).blank for t in texts[1:]):
                    self.out.note("table.unrecognised_row", f"表二未识别的行「{texts[0]}」")
                continue
            if len(cells) - 1 != len(self.t2_columns):
                self.out.note("table.unreadable", f"表二行「{texts[0]}」有 {len(cells) - 1} 个数值单元格，表头有 {len(self.t2_columns)} 列")
                continue
            if row_key == "procurement":
                versions.add("gb2019")
            for (col, label, unit), (_, cell) in zip(self.t2_columns, cells[1:]):
                if col is None or col not in tm.T2_ROW_KEYS[row_key]:
                    self.out.note("table.unrecognised_column", f"表二行「{texts[0]}」的列「{label}」无对应字段")
                    continue
                self.put(f"t2.{row_key}.{col}", cell, unit if col == "amount" else "件",
                         self.where(sheet, "t2", texts[0], label, r))

    # ---- table 3 ----
    def _t3(self, sheet: Sheet) -> None:
        first_data = self._t3_header(sheet)
        for r in range(first_data, len(sheet.grid)):
            self._t3_row(sheet, r)

    def _t3_header(self, sheet: Sheet) -> int:
        """Columns from the header rows (bottom-most recognised label per column); first data row index."""
        first_data = next((r for r, cells in enumerate(sheet.rows) if _t3_data_row(cells)), len(sheet.grid))
        if first_data == 0:
            return 0
        columns: list[tuple[int, str, str]] = []
        for c in range(len(sheet.grid[0])):
            found = _label_above(sheet, first_data, c, tm.t3_column)
            if found and not any(k == found[0] for _, k, _ in columns):
                columns.append((c, found[0], found[1]))
        if len(columns) == T3_WIDTH:
            self.t3_columns = [(k, label) for _, k, label in columns]
            self.t3_positions = (sheet, [c for c, _, _ in columns])
        elif columns:
            self.out.note("table.unrecognised_column", f"表三表头只识别出 {len(columns)} 列：{', '.join(k for _, k, _ in columns)}")
        return first_data

    def _t3_cells(self, sheet: Sheet, r: int) -> Optional[tuple[list[str], list[Cell]]]:
        """(label texts, data cells) of row r: data under the header's columns when this grid has the
        header, else the row's last merged cells (a continuation page repeats no header)."""
        cells = sheet.rows[r]
        if self.t3_positions and self.t3_positions[0] is sheet:
            positions = self.t3_positions[1]
            row = sheet.grid[r]
            labels = [c.text for col, c in cells if col < positions[0]]
            return labels, [row[c] for c in positions]
        width = len(self.t3_columns) or T3_WIDTH
        if len(cells) <= width:
            return None
        return [c.text for _, c in cells[:-width]], [c for _, c in cells[-width:]]

    def _t3_spec(self, labels: list[str]) -> Optional[tm.RowSpec]:
        """The row a data row's label cells name; the group carries over rows and page breaks."""
        labels = [x for x in labels if tm.norm(x) and "本年度办理结果" not in tm.norm(x)]
        if not labels:
            return None
        group = next((g for g in map(tm.t3_group, labels) if g), None)
        last = tm.norm(labels[-1])
        if group and tm.t3_group(labels[-1]) == group and len(labels) == 1:
            spec = tm.t3_toprow(last)  # （六）其他处理 as one row (2019), or an invented subtotal
            self.t3_group = group
            return spec if spec and spec.key == "other.total" else None
        if group is None and tm.label_number(last) is not None and self.t3_group:
            group = self.t3_group
        if group:
            self.t3_group = group
            return tm.t3_subrow(group, last)
        self.t3_group = None
        return tm.t3_toprow(last)

    def _t3_row(self, sheet: Sheet, r: int) -> None:
        split = self._t3_cells(sheet, r)
        if split is None:
            return
        label_texts, data = split
        spec = self._t3_spec(label_texts)
        row_label = " ".join(t for t in label_texts if t)
        if spec is None:
            if any((n := parse_cell(c.text)) is not None and not n.blank for c in data):
                self.out.note("table.unrecognised_row", f"表三未识别的行「{row_label}」")
            return
        if spec.key == "other.total" and _opens_group(sheet, r, data):
            return
        versions = self.out.versions.setdefault("t3", set())
        if spec.key == "other.total":
            versions.add("gb2019")
        elif spec.group == "六":
            versions.add("gb2021")
        if not self.t3_columns:
            self.out.note("table.t3_columns_assumed", "表三没有可识别的表头，按模板列序读取", severity="info")
            self.t3_columns = [(k, tm.T3_COLUMN_LABELS[k]) for k in tm.T3_COLUMNS]
        owners = [c.origin for c in data]
        for (col, label), cell in zip(self.t3_columns, data):
            key = f"t3.{spec.key}.{col}"
            if owners.count(cell.origin) > 1:  # one merged cell under several columns: no single owner
                self.out.note("table.merged_cells", f"表三行「{row_label}」列「{label}」的单元格跨多列合并，未读取", [key])
                continue
            self.put(key, cell, "件", self.where(sheet, "t3", row_label, label, r))

    # ---- table 4 ----
    def _t4(self, sheet: Sheet) -> None:
        r = _t4_data_row(sheet)
        header_text = [tm.t4_group(c.text) for row in sheet.rows for _, c in row]
        for g in header_text:
            if g and g not in self.t4_groups:
                self.t4_groups.append(g)
        if r is None:
            return
        group_order = self.t4_groups if len(self.t4_groups) == len(tm.T4_GROUPS) else list(tm.T4_GROUPS)
        group_index, used = 0, set()
        for c, cell in _t4_data_cells(sheet, r):
            col, col_label = _label_above(sheet, r, c, tm.t4_column)
            found = _label_above(sheet, r, c, tm.t4_group)
            if found:
                group, group_label = found
            else:  # no group label above this column: a repeated column label opens the next group
                if col in used:
                    group_index, used = group_index + 1, set()
                group = group_order[min(group_index, len(group_order) - 1)]
                group_label = tm.T4_GROUP_LABELS[group]
            used.add(col)
            self.put(f"t4.{group}.{col}", cell, "件", self.where(sheet, "t4", group_label, col_label, r))
