"""Writing numbers the way reports print them in Chinese (a test helper, independent of the parser)."""

_CN_DIGITS = "零一二三四五六七八九"


def _four(n: int) -> str:
    out, zero = "", False
    for power, unit in ((1000, "千"), (100, "百"), (10, "十"), (1, "")):
        d = n // power % 10
        if d == 0:
            zero = bool(out)
        else:
            out += ("零" if zero else "") + _CN_DIGITS[d] + unit
            zero = False
    return out


def to_chinese(n: int) -> str:
    """Standard Chinese numeral of 1 ≤ n < 10^8 (二千零五, 一万零三百, 十二)."""
    high, low = divmod(n, 10000)
    out = _four(high) + "万" if high else ""
    if low:
        out += ("零" if high and low < 1000 else "") + _four(low)
    return out[1:] if out.startswith("一十") else out
