"""`tables.nfkc`: exactly `unicodedata.normalize("NFKC", …)`, on the corpus and on tricky strings."""
from __future__ import annotations

import random
import sys
import unicodedata

from pipeline.read import read_path
from pipeline.tables.nfkc import COMPOSING_ASCII, INERT, nfkc

from conftest import CORPUS


def _composition_pairs() -> list[tuple[str, str]]:
    """(first, second) of every two-character canonical decomposition in the Unicode data."""
    pairs = []
    for cp in range(sys.maxunicode + 1):
        d = unicodedata.decomposition(chr(cp))
        if d and not d.startswith("<") and len(parts := d.split()) == 2:
            pairs.append(tuple(chr(int(p, 16)) for p in parts))
    return pairs


def test_inert_characters_join_no_neighbour():
    pairs = _composition_pairs()
    firsts = {a for a, _ in pairs if a.isascii()}
    assert firsts <= COMPOSING_ASCII  # every letter is listed: q and Q compose with nothing yet
    assert not {b for _, b in pairs if b.isascii()}
    for wide, narrow in INERT:
        assert unicodedata.normalize("NFKC", wide) == narrow
        assert unicodedata.combining(narrow) == 0 and narrow not in COMPOSING_ASCII
    assert ("，", ",") in INERT and ("\u3000", " ") in INERT


def test_same_as_unicodedata_on_the_corpus():
    for path in sorted(CORPUS.glob("*.*")):
        if path.suffix in (".html", ".pdf", ".txt", ".docx"):
            text = read_path(str(path)).text
            assert nfkc(text) == unicodedata.normalize("NFKC", text), path.name


def test_same_as_unicodedata_on_marks_next_to_full_width_forms():
    # full-width forms beside combining marks, composing letters, Hangul jamo and compatibility forms
    alphabet = [w for w, _ in INERT] + ["ａ", "Ａ", "＜", "＝", "e", "=", "\u0301", "\u0338", "\u0323", "\u3099",
                                        "か", "\u1100", "\u1161", "\u11a8", "①", "ﬁ", "㈠", "\u00a0", "中", " "]
    rng = random.Random(20)
    for _ in range(5000):
        s = "".join(rng.choice(alphabet) for _ in range(rng.randint(1, 8)))
        assert nfkc(s) == unicodedata.normalize("NFKC", s), s
