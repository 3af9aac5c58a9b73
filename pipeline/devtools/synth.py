"""A synthetic corpus (dev tool): realistic reports of each era and format, with their truth.

Each report is drawn at random (seeded) — agency, year, era, prose, and table
values that keep the template's identities — and rendered as HTML (UTF-8 or
GBK, with page furniture and the template's rowspan/colspan layout, copied from
`corpus/pingtan_syq_2022.html`), a crawler text dump, a PDF (reportlab, CJK CID
font STSong-Light) or a DOCX (python-docx, merged cells). Beside each file,
`<file>.truth.json` holds what was written: meta, section titles and values
under the canonical keys of `spec/fields.md`.

Drawing is here; rendering and writing files in `synthfiles`:

    python -m pipeline.devtools.synthfiles OUT --n 1000 [--formats html,pdf,txt] [--seed 7]

Used by `benchmarks/throughput.py` and the round-trip test (`tests/devtools/test_synth.py`).
Imports nothing from the pipeline: it is the other side of the round trip.
"""
from __future__ import annotations

import random
from dataclasses import dataclass, field
from typing import Optional, Sequence

from ..domain import template as tm

FORMATS = ("html", "html-gbk", "txt", "pdf", "docx")
SUFFIX = {"html": ".html", "html-gbk": ".htm", "txt": ".txt", "pdf": ".pdf", "docx": ".docx"}
ERA_YEARS = {"legacy": range(2009, 2019), "gb2019": range(2019, 2021), "gb2021": range(2021, 2026)}
AGENCIES = ("苏州市人民政府", "杭州市财政局", "福建省教育厅", "成都市武侯区人民政府", "江西省生态环境厅",
            "广州市住房和城乡建设局", "青岛市市场监督管理局", "平潭综合实验区", "湖南省交通运输厅",
            "宁波市鄞州区人民政府", "云南省自然资源厅", "天津市滨海新区人民政府")
T3_COLUMNS = tm.T3_COLUMNS
T3_OUTCOMES_2021 = tm.T3_OUTCOMES_2021
TOP = dict(tm.T3_TOP_LABELS)
T3_GROUPS = (("（三）不予公开", "denied."), ("（四）无法提供", "unable."), ("（五）不予处理", "not_processed."),
             ("（六）其他处理", "other."))
T4_GROUPS = tm.T4_GROUPS
T4_COLUMNS = tm.T4_COLUMNS
T4_LABELS = tm.T4_LABELS
SECTIONS = {
    "gb2021": ("一、总体情况", "二、主动公开政府信息情况", "三、收到和处理政府信息公开申请情况",
               "四、政府信息公开行政复议、行政诉讼情况", "五、存在的主要问题及改进情况", "六、其他需要报告的事项"),
    "legacy": ("一、概述", "二、主动公开政府信息情况", "三、依申请公开政府信息情况",
               "四、政府信息公开的收费及减免情况", "五、因政府信息公开申请行政复议、提起行政诉讼的情况",
               "六、政府信息公开工作存在的主要问题及改进情况"),
}
SECTIONS["gb2019"] = SECTIONS["gb2021"]
PROSE = ("坚持以习近平新时代中国特色社会主义思想为指导，认真贯彻落实《条例》各项规定。",
         "进一步健全政务公开工作机制，明确责任分工，压实工作责任。",
         "持续深化重点领域信息公开，围绕财政预决算、重大建设项目、公共资源配置等领域及时发布信息。",
         "加强政策解读和回应关切，通过图解、视频、在线访谈等形式提高解读效果。",
         "规范依申请公开办理流程，严格执行登记、审核、办理、答复、归档等环节的工作程序。",
         "优化政府网站栏目设置，加强政务新媒体管理，提升信息发布的及时性和准确性。",
         "组织开展政务公开业务培训，提高工作人员的业务水平和依法公开意识。",
         "强化监督检查，定期开展网站和政务新媒体检查，对发现的问题及时督促整改。",
         "完善保密审查机制，坚持“先审查、后公开”和“一事一审”原则。",
         "加强政府信息管理，对规范性文件进行清理，动态更新现行有效文件目录。")
PROBLEMS = ("政策解读的形式还不够丰富，解读质量有待提高。", "部分单位对政务公开工作重视程度不够，信息更新不够及时。",
            "依申请公开答复的规范性有待进一步加强。")

# PDF cells up to this many characters are drawn as plain strings (fast); longer labels wrap.
PDF_PLAIN_CELL = 6

Cell = tuple[str, int, int]  # text, rowspan, colspan (HTML order, covered positions omitted)


@dataclass
class Truth:
    """What a synthetic report says: the answers a parser should give."""

    doc: str
    format: str
    meta: dict
    sections: list[str]
    values: dict[str, float | int] = field(default_factory=dict)


@dataclass
class Report:
    """A report before rendering: title, intro, sections of paragraphs and tables."""

    title: str
    agency: str
    intro: str
    sections: list[tuple[str, list]]  # (heading, [str paragraph | list[list[Cell]] table])
    signature: list[str]
    published: str
    url: str
    truth: Truth


# ---------------------------------------------------------------- drawing a report

def draw_report(rng: random.Random, era: Optional[str] = None, fmt: str = "html") -> Report:
    """One random report of an era (random era when None)."""
    era = era or rng.choice(tuple(ERA_YEARS))
    year = rng.choice(ERA_YEARS[era])
    agency = rng.choice(AGENCIES)
    title = f"{agency}{year}年{'度' if era != 'legacy' else ''}政府信息公开工作年度报告"
    published = f"{year + 1}-0{rng.randint(1, 3)}-{rng.randint(10, 28)}"
    intro = (f"本报告根据《中华人民共和国政府信息公开条例》（以下简称《条例》）编制。本报告中所列数据统计时限为"
             f"{year}年1月1日至{year}年12月31日。如对本报告有疑问，请与{agency}办公室联系（电话：0{rng.randint(10, 999)}-"
             f"{rng.randint(20000000, 89999999)}）。")
    values: dict[str, float | int] = {}
    bodies = (_template_sections if era != "legacy" else _legacy_sections)(rng, era, year, values)
    sections = [(heading, body) for heading, body in zip(SECTIONS[era], bodies)]
    truth = Truth(doc="", format=fmt, sections=list(SECTIONS[era]), values=values,
                  meta={"agency": agency, "year": year, "era": era,
                        "period": [f"{year}-01-01", f"{year}-12-31"]})
    signed = f"{year + 1}年{int(published[5:7])}月{rng.randint(1, 9)}日"
    return Report(title=title, agency=agency, intro=intro, sections=sections, signature=[agency, signed],
                  published=published, url=f"https://www.example.gov.cn/zfxxgk/nb/{year + 1}/t{rng.randint(10**7, 10**8)}.html",
                  truth=truth)


def _prose(rng: random.Random, n: tuple[int, int] = (3, 7)) -> str:
    return "".join(rng.sample(PROSE, rng.randint(*n)))


def _template_sections(rng: random.Random, era: str, year: int, values: dict) -> list[list]:
    received = rng.randint(5, 400)
    fee = rng.choice((0, 0, rng.randint(10, 500)))
    values["fee.processing"] = fee
    fee_line = (f"{year}年，本机关未收取信息处理费。" if fee == 0 else f"{year}年，本机关共收取信息处理费{fee}元。")
    return [
        [f"{year}年，{_prose(rng)}", "（一）主动公开方面", _prose(rng), "（二）依申请公开方面",
         f"全年共收到政府信息公开申请{received}件，均在法定期限内予以答复。{_prose(rng, (2, 4))}",
         "（三）政府信息管理方面", _prose(rng), "（四）监督保障方面", _prose(rng)],
        [(_t2_2021 if era == "gb2021" else _t2_2019)(rng, values)],
        [_t3(rng, era, values)],
        [_t4(rng, values)],
        ["".join(PROBLEMS), f"{year + 1}年，" + _prose(rng, (2, 4))],
        [fee_line],
    ]


def _legacy_sections(rng: random.Random, era: str, year: int, values: dict) -> list[list]:
    active, received = rng.randint(200, 20000), rng.randint(0, 300)
    review, suits = rng.randint(0, 5), rng.randint(0, 5)
    values.update({"legacy.active.total": active, "legacy.requests.received": received,
                   "legacy.fees.amount": 0, "legacy.review.count": review, "legacy.litigation.count": suits})
    return [
        [_prose(rng)],
        [f"{year}年，全年共主动公开政府信息{active}条。{_prose(rng, (2, 4))}"],
        [f"{year}年共收到政府信息公开申请{received}件，均已按时答复。{_prose(rng, (1, 3))}"],
        [f"{year}年，未收取政府信息公开相关费用。"],
        [f"{year}年，因政府信息公开申请行政复议{review}件，提起行政诉讼{suits}件。"],
        ["".join(PROBLEMS)],
    ]


def _n(v: float | int) -> str:
    return str(v)  # repr of a float is exact: 11099.93 stays 11099.93


def _t2_2021(rng: random.Random, values: dict) -> list[list[Cell]]:
    rules = [rng.randint(0, 5) for _ in range(3)]
    normative = [rng.randint(0, 120) for _ in range(3)]
    decisions = {k: rng.randint(0, 20000) for k in ("licensing", "penalty", "coercion")}
    fees = round(rng.uniform(0, 20000), 2)
    for i, col in enumerate(("issued", "repealed", "in_force")):
        values[f"t2.rules.{col}"], values[f"t2.normative.{col}"] = rules[i], normative[i]
    for k, v in decisions.items():
        values[f"t2.{k}.decisions"] = v
    values["t2.fees.amount"] = fees
    head = [("信息内容", 1, 1)]
    return [[("第二十条第（一）项", 1, 4)], head + [(h, 1, 1) for h in ("本年制发件数", "本年废止件数", "现行有效件数")],
            [("规章", 1, 1)] + [(_n(v), 1, 1) for v in rules],
            [("行政规范性文件", 1, 1)] + [(_n(v), 1, 1) for v in normative],
            [("第二十条第（五）项", 1, 4)], head + [("本年处理决定数量", 1, 3)],
            [("行政许可", 1, 1), (_n(decisions["licensing"]), 1, 3)],
            [("第二十条第（六）项", 1, 4)], head + [("本年处理决定数量", 1, 3)],
            [("行政处罚", 1, 1), (_n(decisions["penalty"]), 1, 3)],
            [("行政强制", 1, 1), (_n(decisions["coercion"]), 1, 3)],
            [("第二十条第（八）项", 1, 4)], head + [("本年收费金额（单位：万元）", 1, 3)],
            [("行政事业性收费", 1, 1), (_n(fees), 1, 3)]]


def _t2_2019(rng: random.Random, values: dict) -> list[list[Cell]]:
    head = [("信息内容", 1, 1)]
    rows: list[list[Cell]] = [[("第二十条第（一）项", 1, 4)],
                              head + [(h, 1, 1) for h in ("本年新制作数量", "本年新公开数量", "对外公开总数量")]]
    for key, label in (("rules", "规章"), ("normative", "规范性文件")):
        made = rng.randint(0, 60)
        row = {"made": made, "published": rng.randint(0, made), "total_public": made + rng.randint(0, 500)}
        rows.append([(label, 1, 1)] + [(_n(v), 1, 1) for v in row.values()])
        values.update({f"t2.{key}.{c}": v for c, v in row.items()})
    for item, labels in (("（五）", (("licensing", "行政许可"), ("other_services", "其他对外管理服务事项"))),
                         ("（六）", (("penalty", "行政处罚"), ("coercion", "行政强制")))):
        rows += [[(f"第二十条第{item}项", 1, 4)],
                 head + [(h, 1, 1) for h in ("上一年项目数量", "本年增/减", "处理决定数量")]]
        for key, label in labels:
            row = {"prev_items": rng.randint(0, 300), "change": rng.randint(-10, 10),
                   "decisions": rng.randint(0, 9000)}
            rows.append([(label, 1, 1)] + [(_n(v), 1, 1) for v in row.values()])
            values.update({f"t2.{key}.{c}": v for c, v in row.items()})
    prev, change = rng.randint(0, 30), rng.randint(-3, 3)
    items, amount = rng.randint(0, 200), rng.randint(0, 90000)
    values.update({"t2.fees.prev_items": prev, "t2.fees.change": change,
                   "t2.procurement.items": items, "t2.procurement.amount": amount})
    rows += [[("第二十条第（八）项", 1, 4)], head + [("上一年项目数量", 1, 1), ("本年增/减", 1, 2)],
             [("行政事业性收费", 1, 1), (_n(prev), 1, 1), (_n(change), 1, 2)],
             [("第二十条第（九）项", 1, 4)], head + [("采购项目数量", 1, 1), ("采购总金额", 1, 2)],
             [("政府集中采购", 1, 1), (_n(items), 1, 1), (_n(amount), 1, 2)]]
    return rows


def _t3(rng: random.Random, era: str, values: dict) -> list[list[Cell]]:
    """Table 3 with values that keep the identities: new + carried = processed + carried forward."""
    outcomes = [k for k, _ in T3_OUTCOMES_2021 if era == "gb2021" or not k.startswith("other.")]
    if era == "gb2019":
        outcomes.insert(outcomes.index("not_processed.confirm_reissue") + 1, "other.total")
    rows = ["new_received", "carried_over", *outcomes, "total_processed", "carried_forward"]
    table = {r: {} for r in rows}
    for col in T3_COLUMNS[:-1]:
        scale = 60 if col == "natural" else rng.choice((0, 0, 3, 10))
        new, carried = rng.randint(0, scale), rng.randint(0, max(1, scale // 10))
        forward = rng.randint(0, (new + carried) // 5)
        processed = new + carried - forward
        share = [rng.random() ** 3 for _ in outcomes]
        counts = [int(processed * s / sum(share)) for s in share]
        counts[0] += processed - sum(counts)
        table["new_received"][col], table["carried_over"][col] = new, carried
        table["total_processed"][col], table["carried_forward"][col] = processed, forward
        for key, count in zip(outcomes, counts):
            table[key][col] = count
    for r in rows:
        table[r]["total"] = sum(table[r].values())
        values.update({f"t3.{r}.{c}": table[r][c] for c in T3_COLUMNS})
    cells = lambda r: [(_n(table[r][c]), 1, 1) for c in T3_COLUMNS]  # noqa: E731
    out: list[list[Cell]] = [
        [("（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）", 3, 3), ("申请人情况", 1, 7)],
        [("自然人", 2, 1), ("法人或其他组织", 1, 5), ("总计", 2, 1)],
        [(h, 1, 1) for h in ("商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他")],
        [(TOP["new_received"], 1, 3)] + cells("new_received"),
        [(TOP["carried_over"], 1, 3)] + cells("carried_over")]
    labels = dict(T3_OUTCOMES_2021)
    first = True
    for key in outcomes:
        row: list[Cell] = [("三、本年度办理结果", len(outcomes) + 1, 1)] if first else []
        first = False
        group = next(((g, p) for g, p in T3_GROUPS if key.startswith(p)), None)
        if key == "other.total":
            row.append(("（六）其他处理", 1, 2))
        elif group and key == next(k for k in outcomes if k.startswith(group[1])):
            row += [(group[0], sum(k.startswith(group[1]) for k in outcomes), 1), (labels[key], 1, 1)]
        elif group:
            row.append((labels[key], 1, 1))
        else:
            row.append((labels[key], 1, 2))
        out.append(row + cells(key))
    out.append([(TOP["total_processed"], 1, 2)] + cells("total_processed"))
    out.append([(TOP["carried_forward"], 1, 3)] + cells("carried_forward"))
    return out


def _t4(rng: random.Random, values: dict) -> list[list[Cell]]:
    numbers: list[int] = []
    for group in T4_GROUPS:
        counts = [rng.choice((0, 0, 1, 2, 5)) for _ in range(4)]
        counts.append(sum(counts))
        numbers += counts
        values.update({f"t4.{group}.{c}": v for c, v in zip(T4_COLUMNS, counts)})
    return [[("行政复议", 1, 5), ("行政诉讼", 1, 10)],
            [(label, 2, 1) for label in T4_LABELS] + [(tm.T4_GROUP_LABELS[g], 1, 5) for g in ("suit_direct", "suit_after_review")],
            [(label, 1, 1) for label in T4_LABELS * 2],
            [(_n(v), 1, 1) for v in numbers]]


def layout(rows: Sequence[Sequence[Cell]]) -> tuple[list[tuple[int, int, Cell]], int, int]:
    """Grid positions (row, column, cell) of an HTML-ordered table, and its size."""
    taken: set[tuple[int, int]] = set()
    placed = []
    width = 0
    for r, row in enumerate(rows):
        c = 0
        for cell in row:
            while (r, c) in taken:
                c += 1
            placed.append((r, c, cell))
            for dr in range(cell[1]):
                for dc in range(cell[2]):
                    taken.add((r + dr, c + dc))
            c += cell[2]
            width = max(width, c)
    return placed, len(rows), width
