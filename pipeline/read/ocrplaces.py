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

from ..domain.agencies import divisions

# The last character of a division's name (省, 市, 县, 区, 自治州, 盟, 旗).
SUFFIXES = "省市县区州盟旗"
# Names of at least this many characters are checked: a two-character name (义县) is one
# slip away from ordinary words (该县, 本县).
MIN_NAME = 3
WILDCARD = "?"


@lru_cache(maxsize=1)
def _near_index() -> tuple[frozenset[str], dict[str, frozenset[str]], int]:
    """Division names, each name with one character (not its suffix) masked → names, longest name."""
    names = frozenset(d.name for d in divisions().values() if len(d.name) >= MIN_NAME and d.name[-1] in SUFFIXES)
    index: dict[str, set[str]] = {}
    for name in names:
        for i in range(len(name) - 1):
            index.setdefault(name[:i] + WILDCARD + name[i + 1:], set()).add(name)
    return names, {k: frozenset(v) for k, v in index.items()}, max(map(len, names))


def near_divisions(word: str) -> frozenset[str]:
    """Division names one character (not the last) away from `word`."""
    _, index, _ = _near_index()
    out: set[str] = set()
    for i in range(len(word) - 1):
        out |= index.get(word[:i] + WILDCARD + word[i + 1:], frozenset())
    return frozenset(out - {word})


def restore_place_names(text: str) -> tuple[str, list[tuple[str, str]]]:
    """The text with misread place names restored, and the (misread, restored) pairs."""
    names, _, longest = _near_index()
    fixes: dict[tuple[int, int], str] = {}
    for m in regex.finditer(f"[{SUFFIXES}]", text):
        end = m.end()
        words = [text[end - n:end] for n in range(MIN_NAME, min(longest, end) + 1)]
        words = [w for w in words if regex.fullmatch(r"\p{Han}+", w)]
        if any(w in names for w in words):
            continue
        named = {(w, d) for w in words for d in near_divisions(w) if d in text}
        if len({d for _, d in named}) == 1:
            word, name = named.pop()
            fixes[(end - len(word), end)] = name
    pairs = []
    for (a, b), name in sorted(fixes.items(), reverse=True):
        pairs.append((text[a:b], name))
        text = text[:a] + name + text[b:]
    return text, pairs[::-1]
