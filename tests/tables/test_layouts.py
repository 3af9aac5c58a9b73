"""Template tables re-laid in the other shapes real pages print them in, from real reports' values.

Each test takes a corpus report's own tables (its grids, or its crawler dump), lays them out
the way other agencies' pages do — as a web page, a Word file and a PDF (`devtools.synthfiles`
renders them) — reads the result and compares every cell with the gold answer; a cell that
cannot be certain must be left out with a finding naming it, never guessed.
"""
from __future__ import annotations

import re
from typing import Sequence, Union

import pytest

from pipeline.core import parse_bytes
from pipeline.devtools import synthfiles
from pipeline.devtools.evaluate import silent_wrong
from pipeline.devtools.synth import Report, Truth
from pipeline.domain import template as tm
from pipeline.read import read_path
from pipeline.record import Cell
from pipeline.tables.cellvalue import parse_cell
from pipeline.tables.grid import distinct, table_kind

from conftest import corpus_file, gold_of

TABLE_PREFIXES = ("t2.", "t3.", "t4.")
Grid = Sequence[Sequence[Cell]]
Block = Union[str, list]  # a paragraph, or a table as rows of (text, rowspan, colspan)
RENDER = {"html": synthfiles.render_html, "docx": synthfiles.render_docx, "pdf": synthfiles.render_pdf}
HEADINGS = ("一、总体情况", "二、主动公开政府信息情况", "三、收到和处理政府信息公开申请情况",
            "四、政府信息公开行政复议、行政诉讼情况", "五、存在的主要问题及改进情况", "六、其他需要报告的事项")


# ---------------------------------------------------------------- re-laying real grids

def spans(grid: Grid) -> list[list[tuple[str, int, int]]]:
    """A grid as markup rows: each merged cell (one origin) once, with its rowspan and colspan."""
    out = []
    for r, row in enumerate(grid):
        cells = []
        for c, cell in enumerate(row):
            if (r > 0 and grid[r - 1][c].origin == cell.origin) or (c > 0 and row[c - 1].origin == cell.origin):
                continue
            colspan = next((k for k in range(c, len(row)) if row[k].origin != cell.origin), len(row)) - c
            rowspan = next((k for k in range(r, len(grid)) if grid[k][c].origin != cell.origin), len(grid)) - r
            cells.append((cell.text, rowspan, colspan))
        out.append(cells)
    return out


def columns(grid: Grid, start: int, stop: int) -> list[list[Cell]]:
    return [list(row[start:stop]) for row in grid]


def real_grids(name: str) -> dict[str, list[Grid]]:
    """The grids of the report's template tables by kind (t2/t3/t4), as its reader rebuilt them
    (a table run over PDF pages is several grids)."""
    out: dict[str, list] = {}
    for table in read_path(corpus_file(name)).tables:
        if kind := table_kind(table):
            out.setdefault(kind, []).append(table.grid)
    return out


def render(name: str, fmt: str, t2: Sequence[Block], t3: Sequence[Block], t4: Sequence[Block]) -> dict:
    """Report `name`'s agency and year with these tables under the template's headings, rendered as
    `fmt` and parsed."""
    meta = gold_of(name)["meta"]
    agency, year = meta["agency"], meta["year"]
    body = [["本机关政府信息公开工作情况如下。"], list(t2), list(t3), list(t4), ["无。"], ["无。"]]
    report = Report(title=f"{agency}{year}年政府信息公开工作年度报告", agency=agency, intro=f"本报告由{agency}编制。",
                    sections=list(zip(HEADINGS, body)), signature=[agency, f"{year + 1}年1月20日"],
                    published=f"{year + 1}-01-20", url="https://www.example.gov.cn/zwgk/nb/t1.html",
                    truth=Truth(doc="", format=fmt, meta={}, sections=[]))
    if fmt == "pdf":
        pytest.importorskip("reportlab", reason="the [synth] extra draws the PDFs")
    return parse_bytes(RENDER[fmt](report), f"relaid.{fmt}").to_dict()


def as_blocks(grids: Sequence[Grid]) -> list[Block]:
    return [spans(g) for g in grids]


def read_page(data: bytes, name: str) -> dict:
    return parse_bytes(data, name).to_dict()


def assert_tables_as_gold(record: dict, gold_name: str) -> None:
    """Every table cell of the gold answer is read, and equal to it."""
    gold = {k: v for k, v in gold_of(gold_name)["values"].items() if k.startswith(TABLE_PREFIXES)}
    got = {k: v["value"] for k, v in record["values"].items() if k.startswith(TABLE_PREFIXES)}
    assert len(gold) >= 20
    assert {k: got.get(k, "(missing)") for k in gold} == gold
    assert set(got) == set(gold)


def named_by_findings(record: dict) -> set[str]:
    return {k for f in record["findings"] for k in f["keys"]}


# ---------------------------------------------------------------- table 4 as two stacked tables

@pytest.mark.parametrize("fmt", sorted(RENDER))
@pytest.mark.parametrize("name", ["pingtan_syq_2022.html", "shanghai_szfbgt_2019.html", "huaian_szf_2024.pdf"])
def test_table4_printed_as_two_stacked_tables(name, fmt):
    """行政复议 (5 columns) and 行政诉讼 (10 columns) as two tables, one after the other."""
    grids = real_grids(name)
    (grid,) = grids["t4"]
    stacked = [spans(columns(grid, 0, 5)), spans(columns(grid, 5, 15))]
    assert_tables_as_gold(render(name, fmt, as_blocks(grids["t2"]), as_blocks(grids["t3"]), stacked), name)


# ---------------------------------------------------------------- table 3 with one label column

def one_label_column(grid: Grid) -> list[list[Cell]]:
    """Table 3 with a single label column: each group label (三、本年度办理结果, （三）不予公开 …)
    becomes a row of its own with empty data cells, above the rows it heads."""
    width = len(tm.T3_COLUMNS)
    first_data = next(r for r, row in enumerate(grid) if any(
        (n := parse_cell(c.text)) is not None and not n.blank for c in row[-width:]))
    out = [[Cell(grid[0][0].text, (0, 0))] + list(row[-width:]) for row in grid[:first_data]]
    seen: set = set()
    for row in grid[first_data:]:
        labels = [c for _, c in distinct(list(row[:-width]))]
        for cell in labels[:-1]:
            if cell.origin not in seen:
                seen.add(cell.origin)
                r = len(out)
                out.append([Cell(cell.text, (r, 0))] + [Cell("", (r, k)) for k in range(1, width + 1)])
        r = len(out)
        out.append([Cell(labels[-1].text, (r, 0))] + [Cell(c.text, (r, k)) for k, c in enumerate(row[-width:], 1)])
    return out


@pytest.mark.parametrize("fmt", sorted(RENDER))
@pytest.mark.parametrize("name", ["pingtan_syq_2022.html", "pingtan_syq_2019.html", "shanghai_szfbgt_2019.html"])
def test_table3_with_one_label_column_and_group_rows_of_their_own(name, fmt):
    grids = real_grids(name)
    (grid,) = grids["t3"]
    relaid = spans(one_label_column(grid))
    assert ("（三）不予公开", 1, 1) in [row[0] for row in relaid] and all(len(row) == 8 for row in relaid[3:])
    record = render(name, fmt, as_blocks(grids["t2"]), [relaid], as_blocks(grids["t4"]))
    assert_tables_as_gold(record, name)
    assert not [f for f in record["findings"] if f["rule"].startswith(("table.", "format.", "template."))]


# ---------------------------------------------------------------- table 2 as five small tables

def blocks_announced_outside(grids: Sequence[Grid]) -> list[Block]:
    """Table 2 as one small table per 第二十条 block, each announced by a paragraph above it."""
    out: list[Block] = []
    block: list[list[Cell]] = []
    for row in [row for grid in grids for row in grid] + [None]:
        if row is not None and "第二十条" not in row[0].text:
            block.append(list(row))
            continue
        if block:
            out.append(spans(block))
        if row is not None:
            out.append(row[0].text)
        block = []
    return out


@pytest.mark.parametrize("fmt", sorted(RENDER))
@pytest.mark.parametrize("name", ["pingtan_syq_2022.html", "pingtan_syq_2019.html", "shanghai_szfbgt_2019.html",
                                  "huaian_szf_2024.pdf"])
def test_table2_as_five_tables_each_announced_by_a_paragraph(name, fmt):
    grids = real_grids(name)
    relaid = blocks_announced_outside(grids["t2"])
    assert [b for b in relaid if isinstance(b, str)] == [b for b in relaid if isinstance(b, str) and "第二十条" in b]
    assert len(relaid) >= 8
    assert_tables_as_gold(render(name, fmt, relaid, as_blocks(grids["t3"]), as_blocks(grids["t4"])), name)


# ---------------------------------------------------------------- crawler dumps: table 4 glued

T4_KEYS = [f"t4.{g}.{c}" for g in tm.T4_GROUPS for c in tm.T4_COLUMNS]
T4_DATA = re.compile(r"(尚未审结总计)\s*([\d ]+?)\s*(五、)")


def dump_with_table4(dump: str, data: str) -> bytes:
    """A real crawler dump whose table-4 data row is replaced by `data`."""
    text = (corpus_file(dump)).read_text(encoding="utf-8")
    assert len(T4_DATA.findall(text)) == 1
    return T4_DATA.sub(lambda m: m.group(1) + data + m.group(3), text).encode("utf-8")


def gold_t4(name: str) -> list[int]:
    return [gold_of(name)["values"][k] for k in T4_KEYS]


def test_table4_glued_like_the_rest_is_split_by_the_group_totals():
    """pingtan_syq_2022.txt prints its table-4 cells apart ('0 1 1 0 2 1 …'); glued, only T4-A/B/C split them."""
    record = read_page(dump_with_table4("pingtan_syq_2022.txt", "".join(map(str, gold_t4("pingtan_syq_2022.txt")))),
                       "glued_t4.txt")
    assert [record["values"][k]["value"] for k in T4_KEYS] == gold_t4("pingtan_syq_2022.txt")


def test_table4_glued_cells_the_group_totals_cannot_settle_are_named_not_guessed():
    """huaian_szf_2024.pdf's table 4 glued: '…12116 20' splits three ways within 复议后起诉 (12/1/1/6,
    1/2/1/16, 1/2/11/6), so those cells are left out with a finding; the two other groups are certain."""
    gold = dict(zip(T4_KEYS, gold_t4("huaian_szf_2024.pdf")))
    record = read_page(dump_with_table4("pingtan_syq_2022.txt", "".join(map(str, gold.values()))), "glued_t4.txt")
    got = {k: v["value"] for k, v in record["values"].items() if k.startswith("t4.")}
    assert got == {k: v for k, v in gold.items() if not k.startswith("t4.suit_after_review.")} | \
        {"t4.suit_after_review.total": 20}
    unread = set(gold) - set(got)
    assert unread and unread <= named_by_findings(record)
    assert silent_wrong({"values": gold}, record) == []


def test_table4_stacked_in_a_crawler_dump_is_split_group_by_group():
    """The two stacked tables flattened: 行政复议's five cells after its 总计, 行政诉讼's ten after the last."""
    values = gold_t4("pingtan_syq_2025.txt")
    text = corpus_file("pingtan_syq_2025.txt").read_text(encoding="utf-8")
    head = re.search(r"行政复议行政诉讼.*?(?=\d)", text).group(0)
    stacked = ("行政复议结果维持结果纠正其他结果尚未审结总计" + "".join(map(str, values[:5]))
               + "行政诉讼未经复议直接起诉复议后起诉" + "结果维持结果纠正其他结果尚未审结总计" * 2
               + "".join(map(str, values[5:])))
    start = text.index(head)
    end = text.index("五、", start)
    record = read_page((text[:start] + stacked + text[end:]).encode("utf-8"), "stacked_t4.txt")
    assert [record["values"][k]["value"] for k in T4_KEYS] == values


# ---------------------------------------------------------------- crawler dumps: signed 本年增/减

def dump_2019_with_rows(rows: dict[str, str]) -> dict:
    """pingtan_syq_2019.txt with some table-2 rows' glued digits replaced."""
    text = corpus_file("pingtan_syq_2019.txt").read_text(encoding="utf-8")
    for old, new in rows.items():
        assert text.count(old) == 1
        text = text.replace(old, new)
    return read_page(text.encode("utf-8"), "signed_t2.txt")


def test_a_minus_sign_opens_the_change_cell_of_a_glued_row():
    """The held-back dump's shape '行政事业性收费12-4': 上一年项目数量 12, 本年增/减 −4."""
    record = dump_2019_with_rows({"行政事业性收费350": "行政事业性收费12-4"})
    assert record["values"]["t2.fees.prev_items"]["value"] == 12
    assert record["values"]["t2.fees.change"]["value"] == -4


def test_a_glued_signed_row_keeps_only_its_certain_cells():
    """'行政许可396-5181': 396 stands before the minus, so it is 上一年项目数量; '-5181' is −5/181,
    −51/81 or −518/1, and a 2019 table-2 row has no identity to choose: both are named, not guessed."""
    record = dump_2019_with_rows({"行政许可3960181": "行政许可396-5181"})
    assert record["values"]["t2.licensing.prev_items"]["value"] == 396
    assert "t2.licensing.change" not in record["values"] and "t2.licensing.decisions" not in record["values"]
    assert {"t2.licensing.change", "t2.licensing.decisions"} <= named_by_findings(record)


def test_a_minus_may_also_be_the_dash_of_a_blank_cell():
    """'行政许可12-4' in a three-column row: 12 | −4 | (blank) or 12 | - (blank) | 4; only 12 is sure."""
    record = dump_2019_with_rows({"行政许可3960181": "行政许可12-4"})
    assert record["values"]["t2.licensing.prev_items"]["value"] == 12
    assert not {"t2.licensing.change", "t2.licensing.decisions"} & set(record["values"])
    assert {"t2.licensing.change", "t2.licensing.decisions"} <= named_by_findings(record)


def test_a_glued_row_without_a_minus_that_splits_several_ways_is_named_not_guessed():
    """pingtan_syq_2019.txt '行政事业性收费350' is 35/0 (its page's table) or 3/50: nothing read, a finding."""
    record = read_page(corpus_file("pingtan_syq_2019.txt").read_bytes(), "pingtan_syq_2019.txt")
    assert not any(k.startswith("t2.fees.") for k in record["values"])
    assert {"t2.fees.prev_items", "t2.fees.change"} <= named_by_findings(record)


# ---------------------------------------------------------------- any page flattened into a crawler dump

def crawler_dump(name: str) -> bytes:
    """A real page's text as a crawler dumps it: each table's cells run together, blank cells vanished."""
    doc = read_path(corpus_file(name))
    text = doc.text
    for table in sorted(doc.tables, key=lambda t: -t.start):
        text = text[:table.start] + "".join(c.text.strip() for row in table.grid for _, c in distinct(row)) \
            + text[table.end:]
    return text.encode("utf-8")


@pytest.mark.parametrize("name, least", [("pingtan_syq_2019.html", 150), ("pingtan_syq_2022.html", 190),
                                         ("pingtan_syq_2025.html", 190), ("shanghai_szfbgt_2019.html", 10)])
def test_a_page_flattened_to_a_glued_dump_has_no_silent_wrong_cell(name, least):
    """Every cell read from the glued dump equals the page's gold; the others are named by a finding.
    Shanghai's blank cells vanish when flattened, so little of its tables can be certain."""
    record = read_page(crawler_dump(name), name.replace(".html", ".txt"))
    gold = {k: v for k, v in gold_of(name)["values"].items() if k.startswith(TABLE_PREFIXES)}
    got = {k: v["value"] for k, v in record["values"].items() if k in gold}
    assert len(got) >= least
    assert got == {k: gold[k] for k in got}
    assert silent_wrong({"values": gold}, record) == []
    unread = set(gold) - set(got)
    assert all(any(k.startswith(n) for n in named_by_findings(record)) for k in unread)
