"""Script variants read one to one, so that offsets into the original text hold: full-width digits
and signs as ASCII, and the traditional characters of the words xxgk reads (measure words, 萬/億,
餘, 約/超過/將近, 以內, the words around dates, phones and durations, and the template's heading
words) as simplified, as a Big5 portal gateway renders a whole report (excerpt gb2019_000:
62個公開單位, 一、總體情況)."""
from __future__ import annotations

import re

# The full-width comma stays: in Chinese prose it separates clauses, not thousands.
FULLWIDTH = str.maketrans("０１２３４５６７８９．％－～", "0123456789.%-~")
TRADITIONAL = ("個條項場戶張頁冊臺萬億餘約過將內兩號電話傳熱線機郵編碼時週歲點樓層級類屆"
               "體況總動請處議訴訟費減問題進據數統計報開關複復領與")
SIMPLIFIED = ("个条项场户张页册台万亿余约过将内两号电话传热线机邮编码时周岁点楼层级类届"
              "体况总动请处议诉讼费减问题进据数统计报开关复复领与")
_TO_SIMPLIFIED = str.maketrans(TRADITIONAL, SIMPLIFIED)
_FOR_MATCHING = str.maketrans({**FULLWIDTH, **_TO_SIMPLIFIED})
# Checked before mapping: most text holds none of these, and a translate is slow (5 µs on 40
# characters). The standard library's `re` searches a class of literal characters several times
# faster than `regex` (a 4000-character report: 18 µs against 110 µs).
_NEEDS_MAPPING = re.compile(rf"[０-９．％－～{TRADITIONAL}]")
_ANY_TRADITIONAL = re.compile(f"[{TRADITIONAL}]")
_ANY_FULLWIDTH = re.compile("[０-９．％－～]")


def for_matching(text: str) -> str:
    """A same-length copy of `text` with full-width digits and signs as ASCII and the traditional
    characters above as simplified."""
    return text.translate(_FOR_MATCHING) if _NEEDS_MAPPING.search(text) else text


def simplified(words: str) -> str:
    """`words` with the traditional characters above as simplified (same length)."""
    return words.translate(_TO_SIMPLIFIED) if _ANY_TRADITIONAL.search(words) else words


def ascii_signs(words: str) -> str:
    """`words` with full-width digits and signs as ASCII ("％" → "%"; "個" stays as printed)."""
    return words.translate(FULLWIDTH) if _ANY_FULLWIDTH.search(words) else words
