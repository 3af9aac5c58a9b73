"""NFKC of a whole report text, exactly as `unicodedata.normalize`, without normalising it whole.

A report's text is NFKC already but for its full-width punctuation and digits (，：；（）１２) and
ideographic spaces; `unicodedata.normalize` then rebuilds the whole string (~0.5 ms for 4,000
characters). Each of those characters maps to one ASCII character that is neither the first nor
the second character of any canonical composition, so its normalised form joins no neighbour
(UAX #15: a starter that composes with nothing bounds the normalisation of its neighbours):
replacing it in place gives a text with the same NFKC. What is left is normalised whole only when
`unicodedata.is_normalized` says it is not NFKC yet (a circled number, a ligature).
"""
from __future__ import annotations

import unicodedata

# ASCII characters that may start a canonical composition (á = a + U+0301, ≠ = "=" + U+0338): the
# letters and <=>. A full-width form mapping to one of them may join the mark after it, so it is
# left to `unicodedata.normalize` (tests/tables/test_nfkc.py checks the Unicode data holds no other).
COMPOSING_ASCII = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz<=>")
# Candidates: the full-width ASCII forms, the ideographic space and the no-break space.
_CANDIDATES = (*range(0xFF01, 0xFF5F), 0x3000, 0x00A0)
# (character, its NFKC) of the candidates whose NFKC is one non-composing ASCII character.
INERT = tuple((chr(cp), n) for cp in _CANDIDATES
              if len(n := unicodedata.normalize("NFKC", chr(cp))) == 1 and n.isascii() and n not in COMPOSING_ASCII)


def nfkc(text: str) -> str:
    """`unicodedata.normalize("NFKC", text)`, the inert full-width characters replaced in place first."""
    for wide, narrow in INERT:
        if wide in text:
            text = text.replace(wide, narrow)
    if unicodedata.is_normalized("NFKC", text):
        return text
    return unicodedata.normalize("NFKC", text)
