"""Text decoding of pages and dumps (domain.md §4.3: gb2312/gbk are read as gb18030)."""
from __future__ import annotations

import codecs
from typing import Optional

import regex

from ..record import Finding
from .base import ReadError

# A page in one codec with at most this many damaged bytes (or one per this many bytes, when
# more) is read in that codec with replacement characters, not re-guessed: the fuzz test's
# truncated and byte-flipped real pages (tests/test_fuzz.py) damage 1–130 bytes of 10–250 KB.
MAX_DAMAGED_BYTES = 8
DAMAGED_BYTES_PER = 500

_CHARSET_ALIASES = {"gb2312": "gb18030", "gbk": "gb18030", "x-gbk": "gb18030", "cp936": "gb18030",
                    "gb_2312-80": "gb18030", "csgb2312": "gb18030", "utf8": "utf-8",
                    "hz-gb-2312": "gb18030"}


def canonical_charset(name: Optional[str]) -> Optional[str]:
    """Map a declared charset to the codec we decode with (gb2312/gbk → gb18030)."""
    if not name:
        return None
    name = name.strip().strip("\"'").lower()
    return _CHARSET_ALIASES.get(name, name)


def decode(data: bytes, path: str, declared: Optional[str] = None,
           notes: Optional[list[Finding]] = None) -> tuple[str, str]:
    """Decode bytes: BOM, the declared charset, UTF-8, then charset-normalizer.

    A page that is one codec but for a few damaged bytes (cut mid-character, a flipped byte)
    is decoded with U+FFFD in their place and a finding appended to `notes`.
    """
    for bom, codec in ((b"\xef\xbb\xbf", "utf-8-sig"), (b"\xff\xfe", "utf-16"), (b"\xfe\xff", "utf-16")):
        if data.startswith(bom):
            return data.decode(codec, errors="replace"), codec.replace("-sig", "")
    declared_codec = canonical_charset(declared)
    if declared_codec == "gb18030" and not data.isascii() and _is_utf8(data):
        # gb18030 decodes almost any bytes, so a UTF-8 page mislabelled gb2312 would turn into
        # mojibake ("闂備礁…", domain.md §4.3); valid multi-byte UTF-8 is never real GBK text.
        return data.decode("utf-8"), "utf-8"
    candidates = [c for c in dict.fromkeys((declared_codec, "utf-8")) if c]
    for codec in candidates:
        try:
            return data.decode(codec), codec
        except (UnicodeDecodeError, LookupError):
            continue
    for codec in candidates:
        try:
            text = data.decode(codec, errors="replace")
        except LookupError:
            continue
        damaged = text.count("\ufffd")
        if damaged <= max(MAX_DAMAGED_BYTES, len(data) // DAMAGED_BYTES_PER):
            if notes is not None:
                notes.append(Finding(rule="read.undecodable_bytes", severity="warning",
                                     message=f"{path}: {damaged} 处字节无法按 {codec} 解码，已以 U+FFFD 代替"))
            return text, codec
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is not None:
        codec = canonical_charset(best.encoding) or best.encoding
        try:
            return data.decode(codec), codec
        except (UnicodeDecodeError, LookupError):
            pass
    try:
        return data.decode("gb18030"), "gb18030"
    except UnicodeDecodeError:
        raise ReadError(path, "cannot decode the text (not UTF-8, GB18030 or a detectable charset)",
                        "DecodeError") from None


def is_plain_utf8(data: bytes, declared: Optional[str] = None) -> bool:
    """Whether `decode` reads `data` as UTF-8 with nothing to mend (no BOM, no damaged byte): the
    bytes are then the text's own UTF-8."""
    codec = canonical_charset(declared)
    read_as_utf8 = codec in (None, "utf-8") or (codec == "gb18030" and not data.isascii())
    return read_as_utf8 and not data.startswith(b"\xef\xbb\xbf") and _is_utf8(data)


# Bytes checked at a time: a 250 KB page decoded whole makes a ~0.5 MB str whose fresh memory costs
# more than the decoding (532 → 326 µs CPU on corpus/pingtan_syq_2022.html, with a page parsed and
# freed between checks as when reading pages).
_UTF8_CHUNK = 16384


def _is_utf8(data: bytes) -> bool:
    """Whether `data` is valid UTF-8 (decoded chunk by chunk, keeping no text)."""
    decoder, view = codecs.getincrementaldecoder("utf-8")(), memoryview(data)
    try:
        for start in range(0, len(data), _UTF8_CHUNK):
            decoder.decode(view[start:start + _UTF8_CHUNK])
        decoder.decode(b"", True)
    except UnicodeDecodeError:
        return False
    return True


_META_CHARSET = regex.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_\-]+)""", regex.I)


def meta_charset(data: bytes) -> Optional[str]:
    """The charset a page declares in a <meta> tag near its top, or None."""
    m = _META_CHARSET.search(data[:4096])
    return m.group(1).decode("ascii") if m else None


def http_charset(content_type: str) -> Optional[str]:
    """The charset parameter of a Content-Type header, or None."""
    for param in content_type.split(";")[1:]:
        key, _, value = param.partition("=")
        if key.strip().lower() == "charset" and value.strip():
            return value.strip().strip("\"'")
    return None
