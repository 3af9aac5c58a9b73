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

from bisect import bisect_right
from functools import lru_cache
from pathlib import Path
from typing import Callable, Iterator, Optional

import regex

from ..tables.layout import Layout
from ..text.numbers import Quantity, quantities
from ..record import Document, Figure
from ..text.segment import heading_ends
from .tokenizer import lazy_tokenizer

USER_DICT = Path(__file__).parents[1] / "data" / "jieba_terms.txt"

# A clause ends at these marks; the words naming a number are inside its clause. A single
# line break is no mark: PDF text breaks lines inside sentences (淮安 2024 "…政府信息5500余条").
_CLAUSE_MARKS = "，,。；;：:！？!?（(）)【】“”\""
_CLAUSE_START = regex.compile(rf"(?r)[{regex.escape(_CLAUSE_MARKS)}]|(?<=\n)\n")
# Leading/trailing tokens that say how or when, not what (seed report and Pingtan 2011–2018).
_LEAD_WORDS = {"其中", "共", "全年", "共计", "累计", "合计", "总计", "截止", "截至", "另", "并", "已", "已经",
               "先后", "此外", "同时", "全区", "全县", "全市", "我区", "我县", "我厅", "我局", "各类", "达",
               "为", "约", "近", "今年", "当年", "本年", "本年度", "年", "度", "有", "了", "的", "在", "和", "及",
               "，", " ", "\u3000", "\u00a0", "、"}
_TRAIL_WORDS = {"共计", "共", "达", "为", "约", "累计", "合计", "总计", "近", "超过", "逾", "有", "的", "达到",
                "已达", "是", "中", "均", "已", " ", "\u3000", "\u00a0", "、", "，"}
_LEADS = tuple(_LEAD_WORDS)
# Characters tokenized at each end of a long clause: a lead or trail word has at most 3, and jieba
# segments the first and last words of 8 characters as it does those of the whole clause (checked
# on every clause of the corpus).
_EDGE = 8
_TRAILS = tuple(_TRAIL_WORDS)
_YEAR_LEAD = regex.compile(r"^(?:\d{4}\s*年度?|\d{1,2}\s*月\s*\d{1,2}\s*日|\d{1,2}\s*月)+")
# Words right after a number that are not the noun it counts (占, 较去年 …).
_NOT_A_NOUN_AFTER = regex.compile(r"[占较达为共的和及与并比同环]")
_SHARE_WORDS = regex.compile(r"占|比例|比重")
_HAN = regex.compile(r"\p{Han}")
_NOUN_START = regex.compile(r"[\p{Han}《]")  # a counted noun may be a title: "19期《问政平潭有事你说》"
# A clause that names only the act of publishing ("全年共发布133条"): what it counts is named by the
# clause before it in the same sentence ("…推进教育事业发展有关信息公开，全年共发布133条", pingtan_syq_2019).
_BARE_VERBS = frozenset({"发布", "公布", "公开", "刊发", "推送", "印发", "推出"})
_COMMA = "，,"
# A number right after another number and blanks is a cell of a table row, not prose (PDF text).
_TABLE_CELL_BEFORE = regex.compile(r"\d[ \t\u00a0\u3000]+$")
_BLANKS = (" ", "\t", "\u00a0", "\u3000", "\n")  # what ends a _TABLE_CELL_BEFORE match ($: or a last \n)
# Part-whole links. A list runs to the end of its sentence across semicolons ("…中，A133条，占6.95%；
# B403条…。"); a share follows its count in the same clause ("145条，占8.05%").
_CLAUSE_END_CHARS = r"[，,。；;：:！？!?\n]"
_CLAUSE_END = regex.compile(_CLAUSE_END_CHARS)
_PREV_CLAUSE_END = regex.compile("(?r)" + _CLAUSE_END_CHARS)
_COLON_OR_ZHONG = regex.compile(r"[：:]|中[^\S\n]*[，,]")
# Sentence ends (a semicolon ends a sentence of a list, not a period); a line break is one unless
# the lines are wrapped (PDF text).
_SENTENCE_END = {False: regex.compile(r"[。；;！？!?\n]"), True: regex.compile(r"[。；;！？!?]")}
_CLAUSE_MARK_RE = regex.compile(r"[，,；;：:]")
_SHARE_OF_PREVIOUS = regex.compile(r"[，,\s]*(?:约?占(?:比)?(?:为)?)?\s*")
_DIGIT = regex.compile(r"\d")
# A header names an earlier figure by its label; shorter labels ("办结", "信息") name nothing certain.
MIN_HEAD_LABEL = 4


@lru_cache(maxsize=1)
def _tokenizer():
    """jieba, loaded once per process (its dictionary by shard, as used) with the domain terms."""
    return lazy_tokenizer(USER_DICT)


def clean_label(words: str) -> str:
    """The thing counted: clause words without leading dates and how/when words."""
    words = "".join(words.split()).strip("、，")  # marks are tokens of their own: no tokenizer needed
    if words[:1].isdecimal():
        words = _YEAR_LEAD.sub("", words)
    if not (words.startswith(_LEADS) or words.endswith(_TRAILS)):
        return words  # nothing to trim: spare the tokenizer
    if len(words) <= 2 * _EDGE:
        return _trimmed(_tokens(words))
    # A long clause: only its ends are trimmed, so only they are tokenized (jieba costs ~4 µs a
    # character; a run-on clause may hold 80).
    head, tail = _tokens(words[:_EDGE]), _tokens(words[-_EDGE:])
    i, j = _leading(head), _trailing(tail)
    if i == len(head) or j == len(tail):
        return _trimmed(_tokens(words))  # an end is all how/when words: tokenize the whole clause
    return "".join(head[i:]) + words[_EDGE:-_EDGE] + "".join(tail[:len(tail) - j])


# Labels repeat within and across reports (政府信息, 依申请公开…): tokens are kept per clause text.
TOKENS_CACHE = 4096


@lru_cache(maxsize=TOKENS_CACHE)
def _tokens(words: str) -> tuple[str, ...]:
    return tuple(t for t in _tokenizer().lcut(words, HMM=False) if t)


def _leading(tokens: tuple[str, ...]) -> int:
    """How many tokens at the start are dates or how/when words."""
    i = 0
    while i < len(tokens) and (tokens[i] in _LEAD_WORDS or _YEAR_LEAD.fullmatch(tokens[i])):
        i += 1
    return i


def _trailing(tokens: tuple[str, ...]) -> int:
    """How many tokens at the end are how/when words."""
    j = 0
    while j < len(tokens) and tokens[-1 - j] in _TRAIL_WORDS:
        j += 1
    return j


def _trimmed(tokens: tuple[str, ...]) -> str:
    i = _leading(tokens)
    return "".join(tokens[i:len(tokens) - _trailing(tokens[i:])])


def prose_figures(doc: Document, layout: Layout) -> list[Figure]:
    """Every counted number in the prose of `doc` (table text skipped), in text order."""
    text, sections = doc.text, layout.sections
    zones = _merge(layout.table_zones)
    heads = heading_ends(sections)
    figures: list[Figure] = []
    for a, b in _prose_spans(len(text), zones):
        prev_end = a
        for q in quantities(text[a:b]):
            q_start, q_end = a + q.start, a + q.end
            if text[q_start - 1:q_start] in _BLANKS and _TABLE_CELL_BEFORE.search(text, max(a, q_start - 40), q_start):
                continue  # a cell of a table flattened into the text ("政府集中采购 135 75394432.52 元")
            i = bisect_right(heads, q_start) - 1
            floor = max(prev_end, heads[i]) if i >= 0 else prev_end
            figures.append(_figure(text, q, q_start, q_end, floor, b, layout, figures))
            prev_end = q_end
    _label_nested_counts(text, figures, zones)
    _link_parts(text, figures, wrapped=doc.format == "pdf")
    return figures


def _label_nested_counts(text: str, figures: list[Figure], zones: list[tuple[int, int]]) -> None:
    """Counts written back to back ("8大类348项公共服务事项", "服务事项5大类53项") count one thing:
    both take the noun after the second, or else the label of the first."""
    for first, second in zip(figures, figures[1:]):
        if first.span[1] != second.span[0] or not first.unit or not second.unit:
            continue
        after = _noun_after(text, second.span[1], _zone_end(zones, second.span[1], len(text)))
        if after:
            first.label = second.label
        else:
            second.label = first.label


def _zone_end(zones: list[tuple[int, int]], pos: int, n: int) -> int:
    """Where the prose run holding `pos` ends: the next table zone, or the end of the text."""
    return next((a for a, _ in zones if a >= pos), n)


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
    """Where the clause holding `pos` starts: after a clause mark or a blank line, not before `floor`."""
    m = _CLAUSE_START.search(text, floor, pos)
    return m.end() if m else floor


def _noun_after(text: str, end: int, ceil: int) -> str:
    """The noun a measure word introduces ("十多家|省级新闻媒体参加的…"), up to the clause end."""
    if end >= ceil or not _NOUN_START.match(text, end) or _NOT_A_NOUN_AFTER.match(text, end):
        return ""
    stop = end
    while stop < ceil and text[stop] not in _CLAUSE_MARKS and not text[stop].isdigit() \
            and text[stop:stop + 2] != "\n\n":
        stop += 1
    return text[end:stop]


def _figure(text: str, q: Quantity, start: int, end: int, prev_end: int, ceil: int,
            layout: Layout, previous: list[Figure]) -> Figure:
    left_start = max(_clause_start(text, start, prev_end), prev_end)
    left = text[left_start:start]
    if q.unit == "%" and (not left.strip() or _SHARE_WORDS.search(left)):
        # what the share is of: the words before 占 in its clause ("差评数占评价量总数的0.34%"),
        # else the count just before it ("674条，占23%")
        named = clean_label(left.split("占", 1)[0]) if "占" in left else ""
        base = named or (previous[-1].label if previous else "")
        label = (base + "占比") if base else clean_label(_SHARE_WORDS.sub("", left)) or "占比"
    else:
        # NUM + measure word + noun: the noun is what is counted ("7个试点地区").
        after = _noun_after(text, end, ceil) if q.unit not in (None, "%") else ""
        label = (clean_label(after) if after else "") or clean_label(left)
        if label in _BARE_VERBS and left_start > prev_end and text[left_start - 1] in _COMMA:
            label = clean_label(text[_clause_start(text, left_start - 1, prev_end):left_start - 1]) or label
    text_start = left_start
    while text_start < start and text[text_start] in " \u3000\u00a0":
        text_start += 1
    return Figure(section=layout.section_at(start), label=label, value=q.value, unit=q.unit,
                  qualifier=q.qualifier, text=text[text_start:end], span=[start, end], upper=q.upper)


def _link_parts(text: str, figures: list[Figure], wrapped: bool) -> None:
    """Link each part to its total (`Figure.parent`) and each share to the count it describes.

    A list of parts is opened by 其中 (its total is the last figure before 其中 in the sentence,
    or the last figure of the previous sentence when 其中 opens a sentence: "…1913条。其中，…") or by a
    list header ("在…主动公开的1913条政府信息中，…" / "主动公开政府信息的主要类别有：…" / "主动公开的政府
    信息，…"). A list whose parts carry shares runs on into following sentences that open with a count
    and its share ("…1397条，占73%。各乡镇…534条，占27%。", pingtan_syq_2012). A line break ends a
    sentence unless the text's lines are `wrapped` (PDF: "…2599条，(其中机构职\n能类信息25条，…")."""
    for i, fig in enumerate(figures):
        if fig.unit == "%" and i and figures[i - 1].unit != "%" \
                and _SHARE_OF_PREVIOUS.fullmatch(text, figures[i - 1].span[1], fig.span[0]):
            fig.parent = i - 1  # "行政许可类信息145条，占8.05%"
    ends = [(m.end(), m.group()) for m in _SENTENCE_END[wrapped].finditer(text)]
    sentences = [end for end, _ in ends]
    periods = [end for end, mark in ends if mark not in "；;"]
    heads = _list_heads(text, figures, periods)
    for i, fig in enumerate(figures):
        if fig.unit == "%" or fig.parent is not None:
            continue
        link = _qizhong_total(text, figures, i, sentences, periods) or _head_total(figures, i, heads)
        if link is not None:
            fig.parent, fig.list_at = link
    _run_on_share_lists(text, figures, periods)


def _compatible(total: Figure, part: Figure) -> bool:
    """A part counts in its total's unit, or is a bare number ("不予公开信息数1402", pingtan 2011)."""
    return total.unit != "%" and (part.unit == total.unit or part.unit is None)


def _qizhong_total(text: str, figures: list[Figure], i: int, sentences: list[int],
                   periods: list[int]) -> Optional[tuple[int, int]]:
    """(total, 其中 offset) of a part named after 其中."""
    fig = figures[i]
    k = bisect_right(sentences, fig.span[0]) - 1
    sent = sentences[k] if k >= 0 else 0
    marker = text.rfind("其中", sent, fig.span[0])
    if marker < 0:
        return None
    before = [j for j in range(i) if sent <= figures[j].span[0] and figures[j].span[1] <= marker]
    if not before and not text[sent:marker].strip(" \u3000\u00a0\n"):
        # 其中 opens the sentence: the total closes the previous one
        p = bisect_right(periods, marker) - 1
        prev = periods[p - 1] if p >= 1 else 0
        before = [j for j in range(i) if prev <= figures[j].span[0] and figures[j].span[1] <= sent]
    before = [j for j in before if _compatible(figures[j], fig)]
    return (before[-1], marker) if before else None


def _list_heads(text: str, figures: list[Figure], periods: list[int]) -> list[tuple[int, int, int]]:
    """(head end, scope end, total index) of each list header whose total is known, in text order.

    Three kinds of header clause: one ending in 中 that holds the total ("在…主动公开的1913条政府
    信息中，"); one ending in a colon, holding the total or naming an earlier figure ("2014年，我区
    各工作部门主动公开政府信息的主要类别有：" → 主动公开政府信息2543条); and a sentence-opening
    clause without a number that is an earlier figure's label ("主动公开的政府信息，", pingtan_ptx_2012)."""
    counts = _Counts(figures)
    heads = sorted([*_marked_heads(text, counts), *_opening_heads(text, counts, periods)])
    out = []
    for end, total in heads:
        k = bisect_right(periods, end)
        out.append((end, periods[k] if k < len(periods) else len(text), total))
    return out


class _Counts:
    """The figures of a text that are counts (not shares), looked up by position and by label."""

    def __init__(self, figures: list[Figure]):
        self.figures = figures
        self.starts = [f.span[0] for f in figures]
        # a header names an earlier figure only by a label long enough to be certain
        self.named = [j for j, f in enumerate(figures) if f.unit != "%" and len(f.label) >= MIN_HEAD_LABEL]
        self.named_ends = [figures[j].span[1] for j in self.named]
        self.first_chars = {figures[j].label[0] for j in self.named}

    def inside(self, a: int, b: int) -> list[int]:
        """The counts within [a, b)."""
        figures = self.figures
        return [j for j in range(bisect_right(self.starts, a - 1), bisect_right(self.starts, b))
                if figures[j].span[1] <= b and figures[j].unit != "%"]

    def named_before(self, pos: int, names: Callable[[str], bool]) -> Optional[int]:
        """The latest count ending before `pos` whose label the header `names`."""
        for k in range(bisect_right(self.named_ends, pos) - 1, -1, -1):
            if names(self.figures[self.named[k]].label):
                return self.named[k]
        return None


def _marked_heads(text: str, counts: _Counts) -> Iterator[tuple[int, int]]:
    """(head end, total) of the headers closed by a colon or by 中 and a comma."""
    for m in _COLON_OR_ZHONG.finditer(text):
        b = m.end() - 1
        prev = _PREV_CLAUSE_END.search(text, 0, b)
        a = prev.end() if prev else 0
        if a == b:
            continue
        inside = counts.inside(a, b)
        if inside and text[a:b].rstrip().endswith("中"):
            yield b + 1, inside[-1]
        elif text[b] in "：:":
            total = inside[-1] if inside else counts.named_before(a, _names(text[a:b]).__contains__)
            if total is not None:
                yield b + 1, total


def _opening_heads(text: str, counts: _Counts, periods: list[int]) -> Iterator[tuple[int, int]]:
    """(head end, total) of the sentence-opening clauses, closed by a comma, that repeat the label
    of an earlier count and hold no number."""
    for a in (0, *periods):
        k = a
        while k < len(text) and (text[k].isspace() or text[k] == "的"):
            k += 1
        if k == len(text) or text[k] not in counts.first_chars:
            continue  # cannot repeat a label (see _names): spare the clause lookup
        m = _CLAUSE_END.search(text, a)
        if not m or m.start() == a or m.group() not in "，,":
            continue
        b = m.start()
        if text[a:b].rstrip().endswith("中") or _DIGIT.search(text, a, b) or counts.inside(a, b):
            continue  # a 中 header (see _marked_heads), or a clause with a number
        total = counts.named_before(a, _names(text[a:b]).__eq__)
        if total is not None:
            yield b + 1, total


def _names(words: str) -> str:
    """A header clause as the label it may repeat: no blanks, no 的."""
    return "".join(words.split()).replace("的", "")


def _head_total(figures: list[Figure], i: int, heads: list[tuple[int, int, int]]) -> Optional[tuple[int, int]]:
    """(total, header end) of the innermost list header whose scope holds figure `i`."""
    pos = figures[i].span[0]
    for head_end, scope_end, total in reversed(heads):
        if head_end <= pos < scope_end and total < i and _compatible(figures[total], figures[i]):
            return total, head_end
    return None


def _run_on_share_lists(text: str, figures: list[Figure], periods: list[int]) -> None:
    """A sentence that opens with a count and its share continues the previous sentence's list
    when that ended with a part and its share."""
    ends = [f.span[1] for f in figures]
    for i, fig in enumerate(figures):
        if fig.unit == "%" or fig.parent is not None or i + 1 >= len(figures) or figures[i + 1].parent != i:
            continue
        k = bisect_right(periods, fig.span[0]) - 1
        if k < 0 or _CLAUSE_MARK_RE.search(text, periods[k], fig.span[0]):
            continue  # not the sentence's first clause
        last = bisect_right(ends, periods[k]) - 1
        if last < 0 or figures[last].unit != "%" or (k >= 1 and figures[last].span[0] < periods[k - 1]):
            continue
        count = figures[last].parent
        if count is not None and figures[count].parent is not None \
                and _compatible(figures[figures[count].parent], fig):
            fig.parent, fig.list_at = figures[count].parent, figures[count].list_at
