"""Page furniture: the byline, tool bar and breadcrumbs around a report (domain.md §4.2).

`strip_furniture` removes them from a report's text and keeps what they tell
(published date, source line) as `PageHints`. Furniture is only recognised in
the head and tail zones of the text, and only as whole tokens, so the same words
inside a sentence ("通过微信微博发布") are left alone.
"""
from __future__ import annotations

import regex

from ..record import PageHints
from .byline import DATE as _DATE, read_byline

# How far into the text (and back from its end) furniture is looked for, in characters.
# The Pingtan crawler dumps carry ~200 characters of toolbar before the body; the
# seed ends with '关闭\n打印'. 600/300 cover both with room for longer CMS bylines.
HEAD_ZONE = 600
TAIL_ZONE = 300


# Whole-token furniture: removed when bounded by whitespace or the zone edge.
_TOKENS = regex.compile(
    r"(?<=^|\s)(?:"
    r"当前位置\s*[:：][^\n]*?(?=\s(?:来源|信息来源|文章来源|发布|时间)\s*[:：]|\n|$)"
    r"|(?:发布|发文|更新)?(?:日期|时间)\s*[:：]\s*" + _DATE +
    r"|(?:信息|文章)?来源\s*[:：]\s*[^\s:：]{2,40}"
    r"|作者\s*[:：]\s*[^\s]{0,20}"
    r"|索引号\s*[:：]\s*[^\s]{0,40}|文\s*号\s*[:：]\s*(?:[^\s]{0,30}号)?|关键词\s*[:：]\s*[^\s]{0,30}"
    r"|(?:主题|组配|信息|体裁)?分类\s*[:：]\s*[^\s]{0,20}|(?:有效性|时效性?)\s*[:：]\s*[^\s]{0,8}"
    r"|(?:发布|公开)(?:机构|单位)\s*[:：]\s*[^\s]{0,30}|成文日期\s*[:：]\s*" + _DATE +
    r"|(?:浏览|点击|访问|阅读|累计)(?:次数|量|数)\s*[:：]?\s*\d*\s*次?"
    r"|字号\s*[:：]?\s*(?:[【\[]?\s*[大中小]\s*[】\]]?\s*)*"
    r"|字体(?:大小)?\s*[:：]?\s*(?:A\+|A-|A|[大中小]|\s)*"
    r"|【?(?:打印(?:本页|此页)?|关闭(?:窗口|本页)?|收藏|分享(?:到)?[:：]?)】?"
    r"|微信|微博|QQ空间|全真版|文字版|文件下载|附件下载|相关附件|"
    r"扫一扫在手机(?:上)?打开当前页(?:面)?|相关链接\s*[:：]?\s*(?:-->)?|-->"
    r")(?=\s|$)",
    regex.M)


def strip_furniture(text: str) -> tuple[str, PageHints]:
    """Remove furniture from the head and tail of `text`; return the text and what it told."""
    hints = byline_hints(text)
    head_end = min(len(text), HEAD_ZONE)
    head = text[:head_end]
    tail_start = max(head_end, len(text) - TAIL_ZONE)
    head = _tidy(_TOKENS.sub("", head))
    middle = text[head_end:tail_start]
    tail = _tidy(_TOKENS.sub("", text[tail_start:]))
    return (head + middle + tail).strip(), hints


def byline_hints(text: str) -> PageHints:
    """What the byline in the head of `text` tells (read no further than `byline.MAX_HEAD`)."""
    byline = read_byline(text)
    return PageHints(published=byline.published, publisher=byline.publisher, source_line=byline.source)


def fill_hints(hints: PageHints, found: PageHints) -> None:
    """Fill the byline fields `hints` lacks from what furniture stripping `found`."""
    hints.published = hints.published or found.published
    hints.publisher = hints.publisher or found.publisher
    hints.source_line = hints.source_line or found.source_line


_SPACE_RUN = regex.compile(r" {2,}")
_BLANKISH_LINE = regex.compile(r"\n[ \t]+\n")
_BLANK_LINES = regex.compile(r"\n{3,}")


def _tidy(zone: str) -> str:
    """Collapse the blank runs that removed furniture leaves behind in a zone."""
    zone = _SPACE_RUN.sub(" ", zone)
    zone = _BLANKISH_LINE.sub("\n\n", zone)
    return _BLANK_LINES.sub("\n\n", zone)
