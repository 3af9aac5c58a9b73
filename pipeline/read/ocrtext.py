"""The template's fixed wording put right in OCR text: section headings and the title's 年度报告.

In an office scan of pingtan_syq_2022.pdf Tesseract read 一、总体情况 as 一、扣体情况 and the
title's 年度报告 as 年度报后; the six section headings and the title's last words are the same in
every template report, so a heading line a slip or two away from one of them, and a title
with 年度报告 one character off, are restored.
"""
from __future__ import annotations

import regex

from ..domain.template import TEMPLATE_SECTIONS
# A line is read as a template heading when it differs from it in at most this share of its
# characters, none added or dropped (一、扣体情况: 1 in 6).
MAX_HEADING_SLIPS = 0.25
# A heading line starts with an ordinal (or what OCR makes of one) and a 、.
_HEADING_START = regex.compile(r"^\S{1,2}[、,，.]")
# The title: the words every report's title ends with, looked for in its first characters.
TITLE_WORDS = "年度报告"
TITLE_CHARS = 80


def snap_heading(line: str) -> str:
    """A text line read as a template section heading with a character or two misread, as the
    template prints it. Only misread characters count: a heading with a word more or less is the
    report's own wording (pingtan_syq_2022.pdf prints 行政法复议, and its gold keeps it)."""
    if not _HEADING_START.match(line):
        return line
    near = sorted((sum(a != b for a, b in zip(line, title)), title) for title in TEMPLATE_SECTIONS.values()
                  if len(title) == len(line))
    near = [(d, title) for d, title in near if d <= MAX_HEADING_SLIPS * len(title)]
    if near and (len(near) == 1 or near[0][0] < near[1][0]):
        return near[0][1]
    return line


def snap_title(text: str) -> str:
    """The text with its title's 年度报告 put right when one character of it was misread (line
    breaks inside the title skipped); the text keeps its length."""
    head = [(i, c) for i, c in enumerate(text[:TITLE_CHARS]) if c != "\n"]
    letters = "".join(c for _, c in head)
    if TITLE_WORDS in letters:
        return text
    n = len(TITLE_WORDS)
    for k in range(len(letters) - n + 1):
        slips = [j for j in range(n) if letters[k + j] != TITLE_WORDS[j]]
        if len(slips) == 1 and regex.fullmatch(r"\p{Han}", letters[k + slips[0]]):
            at = head[k + slips[0]][0]
            return text[:at] + TITLE_WORDS[slips[0]] + text[at + 1:]
    return text
