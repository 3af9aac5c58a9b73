"""Prose figures: every counted number of a report's prose as a labelled `Figure`.

A number comes from the number grammar (`numbers`); its label is the thing counted,
taken from the noun that follows its measure word ("十多家省级新闻媒体", "7个试点地区"),
else from the words of its clause ("其中各类新闻动态690条" → 新闻动态). Function words are trimmed
on jieba tokens, with a user dictionary of domain terms (`data/jieba_terms.txt`) so
that 依申请公开, 主动公开 … stay whole. Shares ("占73%") are figures with unit "%"
labelled after what they are a share of. A part named after 其中 points to its total
through `Figure.parent`. Table text (`doc.tables`, flattened appendices) is skipped.
"""
from __future__ import annotations

import logging
from bisect import bisect_right
from functools import lru_cache
from pathlib import Path
from typing import Optional, Sequence

import regex

from .legacytable import table_zones
from .numbers import Quantity, quantities
from .record import Document, Figure, Part, Section

USER_DICT = Path(__file__).with_name("data") / "jieba_terms.txt"

# A clause ends at these marks; the words naming a number are inside its clause. A single
# line break is no mark: PDF text breaks lines inside sentences (淮安 2024 "…政府信息5500余条").
_CLAUSE_MARKS = set("，,。；;：:！？!?（(）)【】“”\"")
_SENTENCE_END = regex.compile(r"[。；;！？!?\n]")
# Leading/trailing tokens that say how or when, not what (seed report and Pingtan 2011–2018).
_LEAD_WORDS = {"其中", "共", "全年", "共计", "累计", "合计", "总计", "截止", "截至", "另", "并", "已", "已经",
               "先后", "此外", "同时", "全区", "全县", "全市", "我区", "我县", "我厅", "我局", "各类", "达",
               "为", "约", "近", "今年", "当年", "本年", "本年度", "年", "度", "有", "了", "的", "在", "和", "及",
               "，", " ", "\u3000", "\u00a0", "、"}
_TRAIL_WORDS = {"共计", "共", "达", "为", "约", "累计", "合计", "总计", "近", "超过", "逾", "有", "的", "达到",
                "已达", "是", " ", "\u3000", "\u00a0", "、", "，"}
_LEAD_FIRST = {w[0] for w in _LEAD_WORDS}
_TRAIL_LAST = {w[-1] for w in _TRAIL_WORDS}
_YEAR_LEAD = regex.compile(r"^(?:\d{4}\s*年度?|\d{1,2}\s*月\s*\d{1,2}\s*日|\d{1,2}\s*月)+")
# Words right after a number that are not the noun it counts (占, 较去年 …).
_NOT_A_NOUN_AFTER = regex.compile(r"[占较达为共的和及与并比同环]")
_SHARE_WORDS = regex.compile(r"占|比例|比重")
_HAN = regex.compile(r"\p{Han}")
_SPACE = regex.compile(r"\s+")
_TITLE_STOP = regex.compile(r"[。：:；;]")
# A number right after another number and blanks is a cell of a table row, not prose (PDF text).
_TABLE_CELL_BEFORE = regex.compile(r"\d[ \t\u00a0\u3000]+$")


@lru_cache(maxsize=1)
def _tokenizer():
    """jieba, loaded once per process with the domain terms."""
    import jieba

    jieba.setLogLevel(logging.WARNING)
    tk = jieba.Tokenizer()
    tk.initialize()
    tk.load_userdict(str(USER_DICT))
    return tk


def clean_label(words: str) -> str:
    """The thing counted: clause words without leading dates and how/when words."""
    words = _YEAR_LEAD.sub("", _SPACE.sub("", words))
    if not words or (words[0] not in _LEAD_FIRST and words[-1] not in _TRAIL_LAST):
        return words  # nothing to trim: spare the tokenizer
    tokens = [t for t in _tokenizer().lcut(words, HMM=False) if t]
    while tokens and (tokens[0] in _LEAD_WORDS or _YEAR_LEAD.fullmatch(tokens[0])):
        tokens.pop(0)
    while tokens and tokens[-1] in _TRAIL_WORDS:
        tokens.pop()
    return "".join(tokens).strip()


def prose_figures(doc: Document, sections: Sequence[Section]) -> list[Figure]:
    """Every counted number in the prose of `doc` (table text skipped), in text order."""
    text = doc.text
    zones = _merge(table_zones(doc))
    # A label never reaches back over a heading (run-on text: "三、…工作情况2013年全县共收到…").
    heads = sorted({s.start + len(s.title) for s in sections} | {_part_title_end(p) for s in sections for p in s.parts})
    figures: list[Figure] = []
    for a, b in _prose_spans(len(text), zones):
        prev_end = a
        for q in quantities(text[a:b]):
            q_start, q_end = a + q.start, a + q.end
            if _TABLE_CELL_BEFORE.search(text, max(a, q_start - 40), q_start):
                continue  # a cell of a table flattened into the text ("政府集中采购 135 75394432.52 元")
            i = bisect_right(heads, q_start) - 1
            floor = max(prev_end, heads[i]) if i >= 0 else prev_end
            figures.append(_figure(text, q, q_start, q_end, floor, b, sections, figures))
            prev_end = q_end
    _link_parts(text, figures)
    return figures


def _part_title_end(part: Part) -> int:
    """Where a part's heading ends: its first sentence mark, when the title runs on into the text."""
    m = _TITLE_STOP.search(part.title)
    return part.start + (m.end() if m else len(part.title))


def _merge(zones: list[tuple[int, int]]) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    for a, b in zones:
        if out and a <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], b))
        else:
            out.append((a, b))
    return out


def _prose_spans(n: int, zones: list[tuple[int, int]]) -> list[tuple[int, int]]:
    spans, pos = [], 0
    for a, b in zones:
        if a > pos:
            spans.append((pos, a))
        pos = max(pos, b)
    if pos < n:
        spans.append((pos, n))
    return spans


def _clause_start(text: str, pos: int, floor: int) -> int:
    start = pos
    while start > floor and text[start - 1] not in _CLAUSE_MARKS and text[start - 2:start] != "\n\n":
        start -= 1
    return start


def _noun_after(text: str, end: int, ceil: int) -> str:
    """The noun a measure word introduces ("十多家|省级新闻媒体参加的…"), up to the clause end."""
    if end >= ceil or not _HAN.match(text, end) or _NOT_A_NOUN_AFTER.match(text, end):
        return ""
    stop = end
    while stop < ceil and text[stop] not in _CLAUSE_MARKS and not text[stop].isdigit() \
            and text[stop:stop + 2] != "\n\n":
        stop += 1
    return text[end:stop]


def _section_no(sections: Sequence[Section], pos: int) -> Optional[int]:
    starts = [s.start for s in sections]
    i = bisect_right(starts, pos) - 1
    if i >= 0 and pos < sections[i].end:
        return sections[i].no
    return None


def _figure(text: str, q: Quantity, start: int, end: int, prev_end: int, ceil: int,
            sections: Sequence[Section], previous: list[Figure]) -> Figure:
    left_start = max(_clause_start(text, start, prev_end), prev_end)
    left = text[left_start:start]
    if q.unit == "%" and (not left.strip() or _SHARE_WORDS.search(left)):
        base = previous[-1].label if previous else ""
        label = (base + "占比") if base else clean_label(_SHARE_WORDS.sub("", left)) or "占比"
    else:
        # NUM + measure word + noun: the noun is what is counted ("7个试点地区").
        after = _noun_after(text, end, ceil) if q.unit not in (None, "%") else ""
        label = (clean_label(after) if after else "") or clean_label(left)
    text_start = left_start
    while text_start < start and text[text_start] in " \u3000\u00a0":
        text_start += 1
    return Figure(section=_section_no(sections, start), label=label, value=q.value, unit=q.unit,
                  qualifier=q.qualifier, text=text[text_start:end], span=[start, end], upper=q.upper)


def _link_parts(text: str, figures: list[Figure]) -> None:
    """Parts named after 其中 point to the last figure before 其中 in the same sentence."""
    ends = [m.end() for m in _SENTENCE_END.finditer(text)]
    for i, fig in enumerate(figures):
        if fig.unit == "%":
            continue
        k = bisect_right(ends, fig.span[0]) - 1
        sent = ends[k] if k >= 0 else 0
        marker = text.rfind("其中", sent, fig.span[0])
        if marker < 0:
            continue
        totals = [j for j in range(i) if sent <= figures[j].span[0] and figures[j].span[1] <= marker
                  and figures[j].unit == fig.unit]
        if totals:
            fig.parent = totals[-1]
