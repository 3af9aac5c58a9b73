"""Text reuse between two reports: repeated sentences, repeated word shingles, reused passages.

A measure on plain text with no dependency on any stage, so that both `validate` (a copied-text
rule) and `compare` (researchers' year-over-year and cross-agency views) can share it.
Digits, spaces and punctuation are ignored, so a paragraph copied with this year's numbers
filled in still counts as reused (domain.md §3.1: "some reports ~90% identical to the previous
year"; the Pingtan gold files list such copies).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from typing import Optional

import regex

# Word n-gram size of a shingle. Four jieba words is about a short clause: long enough that two
# unrelated reports rarely share one outside the template's stock phrases.
SHINGLE = 4
# Sentences shorter than this (after dropping digits and spaces) repeat legitimately ("无。",
# headings, "详见下表"), so they are not counted.
MIN_SENTENCE_CHARS = 12
# A reused passage is reported when it spans at least this many characters of the later report:
# shorter runs of shared shingles are stock phrases such as "政府信息公开条例" plus a verb.
MIN_PASSAGE_CHARS = 30
# Characters that do not make two sentences different.
_NOISE = regex.compile(r"[\s\u00a0\u3000\d０-９.．,，、:：;；。！？!?%％()（）“”\"'《》\-—]+")
_SENTENCE = regex.compile(r"[^。！？!?；;\n]+[。！？!?；;]?")


@dataclass
class Passage:
    """A stretch of the later text made of shingles that also occur in the earlier text."""

    start: int
    end: int
    text: str


@dataclass
class Reuse:
    """How much of text `b` (the later report) repeats text `a` (the earlier one)."""

    sentences: int  # countable sentences in b
    sentences_reused: int  # of those, how many occur (normalised) in a
    shingles: int  # distinct word shingles in b
    shingles_reused: int  # of those, how many occur in a
    passages: list[Passage] = field(default_factory=list)
    sentence_spans: list[tuple[int, int]] = field(default_factory=list)  # b's reused sentences

    @property
    def sentence_share(self) -> float | None:
        """Share of b's sentences found in a; None when b has no countable sentence."""
        return self.sentences_reused / self.sentences if self.sentences else None

    @property
    def shingle_share(self) -> float | None:
        """Share of b's distinct word shingles found in a; None when b has none."""
        return self.shingles_reused / self.shingles if self.shingles else None

    @property
    def reused_chars(self) -> int:
        """Characters of b covered by reused passages."""
        return sum(p.end - p.start for p in self.passages)


def sentences(text: str, start: int = 0, end: Optional[int] = None) -> list[tuple[str, int, int]]:
    """(normalised sentence, start, end) of each sentence of text[start:end] long enough to count."""
    out = []
    for m in _SENTENCE.finditer(text, start, len(text) if end is None else end):
        norm = _NOISE.sub("", m.group(0)).rstrip("。！？!?；;")
        if len(norm) >= MIN_SENTENCE_CHARS:
            out.append((norm, m.start(), m.end()))
    return out


# Texts whose words are kept during a batch pass: each report is compared with its previous
# year, its next year and its same-year peers, so its words are needed several times.
WORDS_CACHE = 256


@lru_cache(maxsize=WORDS_CACHE)
def words(text: str) -> tuple[tuple[str, int, int], ...]:
    """jieba words of the text with their offsets; digits, spaces and punctuation dropped."""
    jieba = _jieba()
    return tuple((w, a, b) for w, a, b in jieba.tokenize(text) if not _NOISE.fullmatch(w))


def shingles(text: str, n: int = SHINGLE) -> set[tuple[str, ...]]:
    """The distinct word n-grams of the text."""
    ws = [w for w, _, _ in words(text)]
    return {tuple(ws[i:i + n]) for i in range(len(ws) - n + 1)}


def measure(a: str, b: str, n: int = SHINGLE) -> Reuse:
    """How much of `b` is reused from `a`: sentence and shingle shares, and the reused passages."""
    old_sentences = {s for s, _, _ in sentences(a)}
    mine = sentences(b)
    reused = [(start, end) for s, start, end in mine if s in old_sentences]
    old = shingles(a, n)
    ws = words(b)
    grams = [tuple(w for w, _, _ in ws[i:i + n]) for i in range(len(ws) - n + 1)]
    hits = [g in old for g in grams]
    distinct = set(grams)
    return Reuse(sentences=len(mine), sentences_reused=len(reused), shingles=len(distinct),
                 shingles_reused=len(distinct & old), passages=_passages(b, ws, hits, n),
                 sentence_spans=reused)


def merge_spans(spans: list[tuple[int, int]], text: str) -> list[list[int]]:
    """Adjacent reused sentences joined into passages (only whitespace between them)."""
    out: list[list[int]] = []
    for a, b in spans:
        if out and not text[out[-1][1]:a].strip():
            out[-1][1] = b
        else:
            out.append([a, b])
    return out


def _passages(text: str, ws: tuple[tuple[str, int, int], ...], hits: list[bool], n: int) -> list[Passage]:
    """Runs of words covered by reused shingles, joined into passages of the text."""
    covered = [False] * len(ws)
    for i, hit in enumerate(hits):
        if hit:
            covered[i:i + n] = [True] * n
    out: list[Passage] = []
    run: list[int] = []
    for i, c in enumerate(covered + [False]):
        if c:
            run.append(i)
        elif run:
            start, end = ws[run[0]][1], ws[run[-1]][2]
            if end - start >= MIN_PASSAGE_CHARS:
                out.append(Passage(start, end, text[start:end]))
            run = []
    return out


@lru_cache(maxsize=1)
def _jieba():
    import jieba

    jieba.setLogLevel(60)
    return jieba
