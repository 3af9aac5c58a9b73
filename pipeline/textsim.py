"""Text similarity between reports: normalised sentences and jieba word shingles."""
from __future__ import annotations

from functools import lru_cache

import regex

from .record import Record

# Copied text. A sentence counts as repeated when the previous report has the same sentence
# (whitespace and digits ignored). Shingles are 4-word windows of jieba tokens.
SHINGLE = 4
SHINGLE_CACHE = 256  # reports whose shingles are kept during a batch pass
MIN_SENTENCE_CHARS = 12  # shorter sentences ("无。", headings) repeat legitimately
_SENT = regex.compile(r"[^。！？；\n]+[。！？；]?")
_NOISE = regex.compile(r"[\s\u00a0\u3000\d０-９.,，、%％]+")


def sentences(text: str, start: int = 0, end: int | None = None) -> list[tuple[str, int, int]]:
    """(normalised sentence, start, end) for each sentence long enough to count."""
    out = []
    for m in _SENT.finditer(text, start, len(text) if end is None else end):
        norm = _NOISE.sub("", m.group(0)).rstrip("。！？；")
        if len(norm) >= MIN_SENTENCE_CHARS:
            out.append((norm, m.start(), m.end()))
    return out


@lru_cache(maxsize=SHINGLE_CACHE)
def shingles(text: str) -> frozenset[tuple[str, ...]]:
    """Word 4-grams of the text (jieba tokens, digits and spaces dropped); cached, since each
    report is compared with its previous year, its next year and its peers."""
    import jieba

    jieba.setLogLevel(60)
    words = [w for w in jieba.lcut(_NOISE.sub("", text), HMM=False) if w.strip()]  # no new-word guessing needed
    return frozenset(tuple(words[i:i + SHINGLE]) for i in range(len(words) - SHINGLE + 1))


def reuse(prev: Record, cur: Record) -> tuple[float, float, list[tuple[int, int]]]:
    """(share of sentences repeated, share of shingles repeated, spans of repeated sentences)."""
    old = {s for s, _, _ in sentences(prev.text or "")}
    mine = sentences(cur.text or "")
    if not mine:
        return 0.0, 0.0, []
    repeated = [(a, b) for s, a, b in mine if s in old]
    new_sh, old_sh = shingles(cur.text or ""), shingles(prev.text or "")
    sh = len(new_sh & old_sh) / len(new_sh) if new_sh else 0.0
    return len(repeated) / len(mine), sh, repeated


def merge_spans(spans: list[tuple[int, int]], text: str) -> list[list[int]]:
    """Adjacent repeated sentences joined into passages (only whitespace between them)."""
    out: list[list[int]] = []
    for a, b in spans:
        if out and not text[out[-1][1]:a].strip():
            out[-1][1] = b
        else:
            out.append([a, b])
    return out
