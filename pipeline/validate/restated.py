"""Figures restated in a report's prose, found with small targeted patterns for the checks.

The text is searched with all whitespace removed (PDF text breaks lines inside numbers and
words: "答\\n复3050"), and every match is mapped back to its span in the original text.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Iterator, Optional

import regex

from ..text.numbers import NUMBER, number_value
from .compact import compact_of

NUM = rf"(?P<n>{NUMBER})"  # arabic or Chinese digits, 万/亿 (the number grammar's own pattern)
# 起 counts cases only before a clause end or 案 ("行政复议3起，" / "2起案件"): "与行政复议一起研究" is "together".
CASES = r"(?:件|起(?=[，。；,;、）)(（]|案|$))"
PCT = r"(?:[，,]?占(?:比)?(?P<p>\d+(?:\.\d+)?)[%％])?"


@dataclass
class Said:
    """A number the prose states: what it counts, the value, an optional share, where."""

    what: str
    value: float
    share: Optional[float]
    share_raw: Optional[str]
    text: str
    span: list[int]


def _branches(*alternatives: str) -> tuple[regex.Pattern, ...]:
    """The branches of an alternation, compiled apart and searched as one (`_finditer`): a branch
    led by a number is tried at every position, several times slower inside an alternation."""
    return tuple(regex.compile(a) for a in alternatives)


def _finditer(branches: tuple[regex.Pattern, ...], text: str) -> Iterator[regex.Match]:
    """The matches of the alternation of `branches` in `text`, as its finditer gives them: the
    leftmost first, at one position the earlier branch (the branches never match empty)."""
    if len(branches) == 1:
        yield from branches[0].finditer(text)
        return
    pos = 0
    ahead: list[Optional[regex.Match]] = [b.search(text) for b in branches]
    while True:
        best = None
        for k, m in enumerate(ahead):
            if m is not None and m.start() < pos:  # overtaken by the last match: search on from its end
                ahead[k] = m = branches[k].search(text, pos)
            if m is not None and (best is None or m.start() < best.start()):
                best = m
        if best is None:
            return
        yield best
        pos = best.end()


# What the prose counts (domain.md §2.3, §1.4 X-4); the number must carry 件/起/份 so that
# table cells (bare numbers) never match.
PATTERNS: dict[str, tuple[regex.Pattern, ...]] = {
    "received": _branches(rf"(?:受理|收到|新收)[^。；，,]{{0,14}}?申请(?:数量)?(?:为|共)?{NUM}(?:件|条|份)",
                          rf"(?:受理|收到)(?:各类)?(?:依申请公开)?{NUM}件申请"),
    "received.natural": _branches(rf"(?:受理|收到|新收)[^。]{{0,30}}?自然人{NUM}件"),
    "received.commercial": _branches(rf"(?:受理|收到|新收)[^。]{{0,40}}?商业企业{NUM}件"),
    "answered": _branches(rf"(?:答复|办结)(?:政府信息公开|依申请公开)?(?:申请)?{NUM}件"),
    "carried_over": _branches(rf"(?:上年度?|上一年度?)结转(?:申请|的申请)?{NUM}件"),
    "carried_forward": _branches(rf"(?:另有)?{NUM}件(?:申请)?[^。；，,]{{0,14}}?(?:顺延|结转)(?:到|至)?下(?:一)?年度",
                                 rf"结转(?:至|到)(?:下(?:一)?年度?|\d{{4}}年)(?:继续办理)?{NUM}件"),
    "granted_partial": _branches(rf"予以公开(?:及|和|与|、)部分公开(?:的)?{NUM}件{PCT}"),
    "denied": _branches(rf"(?<!部分)不予公开(?:的)?{NUM}件{PCT}"),
    "unable": _branches(rf"无法提供(?:的)?{NUM}件{PCT}"),
    "not_processed": _branches(rf"不予处理(?:的)?{NUM}件{PCT}"),
    "other_processed": _branches(rf"其他处理(?:的)?{NUM}件{PCT}"),
    "t2.normative.in_force": _branches(rf"现行有效(?:的)?(?:行政)?规范性文件(?:共)?{NUM}件"),
    "t2.normative.issued": _branches(rf"(?:本年度?|今年|全年)(?:共)?制发(?:的)?(?:行政)?规范性文件(?:共)?{NUM}件"),
    # A category of published items that holds the normative documents ("政策、规范性文件类信息68条").
    "normative_category": _branches(rf"政策(?:性文件)?[、和及与]规范性文件类?信息(?:共)?{NUM}条"),
    "review": _branches(rf"行政复议(?:案件|申请)?(?:共)?{NUM}{CASES}"),
    "litigation": _branches(rf"(?:行政)?诉讼(?:案件)?(?:共)?{NUM}{CASES}"),
}
# Words every match of a pattern holds: a text without any of them is not searched (the branch led by a
# number is tried at every position).
NEEDS = {"carried_forward": ("结转", "顺延")}
# Claims that every case was upheld / none lost.
ALL_UPHELD = regex.compile(r"均获维持|全部维持|均被维持|零败诉|无一败诉|均已结案")


def find_said(text: str, start: int = 0, end: Optional[int] = None) -> Iterator[Said]:
    """Every number the prose in text[start:end] states for one of `PATTERNS`."""
    c = compact_of(text).window(start, end)
    for what, branches in PATTERNS.items():
        if what in NEEDS and not any(word in c.text for word in NEEDS[what]):
            continue
        for m in _finditer(branches, c.text):
            if m.group("n") is None:
                continue
            p = m.groupdict().get("p")
            yield Said(what, float(number_value(m.group("n"))), float(p) if p else None, p, m.group(0),
                       c.span(m.start(), m.end()))


def find_claims(text: str, start: int = 0, end: Optional[int] = None) -> Iterator[tuple[str, list[int]]]:
    """Each "all upheld" claim with its span."""
    c = compact_of(text).window(start, end)
    for m in ALL_UPHELD.finditer(c.text):
        yield m.group(0), c.span(m.start(), m.end())
