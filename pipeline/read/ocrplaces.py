"""Place names in OCR text, checked against the division-code table.

Tesseract misreads one character of a place name in a large title font (准安市 for 淮安市
in a 200 dpi scan of huaian_szf_2024.pdf) and reads it right in the body text. A name
ending in a division suffix that is no division, but one character (not the suffix) away
from divisions of the same length, is restored when exactly one of those divisions is
named, as read, elsewhere in the same document. The replacement keeps the text's length,
so page and table spans stay valid.
"""
from __future__ import annotations

from functools import lru_cache

import regex

from ..domain.divisions import divisions, is_division, near_divisions

# The last character of a division's name (省, 市, 县, 区, 自治州, 盟, 旗).
SUFFIXES = "省市县区州盟旗"
# Names of at least this many characters are checked: a two-character name (义县) is one
# slip away from ordinary words (该县, 本县).
MIN_NAME = 3


@lru_cache(maxsize=1)
def _longest_name() -> int:
    return max(len(d.name) for d in divisions().values())


def _misreadings(word: str) -> set[str]:
    """Division names of `word`'s length and suffix, one character before the suffix away from it."""
    return {d.name for d in near_divisions(word) if len(d.name) == len(word) and d.name[-1] == word[-1]}


def restore_place_names(text: str) -> tuple[str, list[tuple[str, str]]]:
    """The text with misread place names restored, and the (misread, restored) pairs."""
    longest = _longest_name()
    fixes: dict[tuple[int, int], str] = {}
    for m in regex.finditer(f"[{SUFFIXES}]", text):
        end = m.end()
        words = [text[end - n:end] for n in range(MIN_NAME, min(longest, end) + 1)]
        words = [w for w in words if regex.fullmatch(r"\p{Han}+", w)]
        if any(is_division(w) for w in words):
            continue
        named = {(w, d) for w in words for d in _misreadings(w) if d in text}
        if len({d for _, d in named}) == 1:
            word, name = named.pop()
            fixes[(end - len(word), end)] = name
    pairs = []
    for (a, b), name in sorted(fixes.items(), reverse=True):
        pairs.append((text[a:b], name))
        text = text[:a] + name + text[b:]
    return text, pairs[::-1]
