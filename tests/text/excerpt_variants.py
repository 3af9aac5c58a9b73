"""Variants of a real report page that another portal of the same kind would produce.

Each variant keeps the page's body and changes only what differs between portals: the chrome above
the title (lines taken from other real excerpts, headed or not by the portal owner's name), the title
split at the year or after 公开, spaced, year first, printed twice or with its second copy cut,
a portal header's date of today, byline separators (：/:/space/|), field order and date forms, the
page wrapped in GBK-encoded HTML (the byline in a metadata box or not) or in a crawler dump's header
instead of plain text, full-width vs ASCII punctuation, blank lines and line endings. None of them
changes what a reader would name as the agency, year, era or publication date.
"""
from __future__ import annotations

import html
from typing import Callable, Iterator, Optional

import regex

# Chrome lines: no digit (a date would change the publication date), no organ or place name, no
# report word, no sentence; such lines are what a portal prints around every page it serves.
_CHROME_LINE = regex.compile(r"[^\d\p{Han}]*(?:\p{Han}[^\d。，,；;：:]*)?")
_NOT_CHROME = regex.compile(r"报告|年报|政府|局|委|厅|办|院|省|市|县|区|镇|乡|街道|中心|部|署|处|来源|发布|机构|日期|时间|"
                            r"索引|文号|[。，；]")
MAX_CHROME_LINE = 30
# Byline labels whose value follows a colon.
_BYLINE_FIELD = regex.compile(r"(?P<label>发布时间|发布日期|发文日期|公开日期|成文日期|日期|时间|来源|信息来源|"
                              r"发布机构|发文机关|作者|浏览次数|点击数)[ \t\u3000]*(?P<sep>[:：])[ \t\u3000]*")
# A date in the page head (the byline's), with its parts.
_DATE = regex.compile(r"(?<!\d)(\d{4})\s*[-/年.]\s*(\d{1,2})\s*[-/月.]\s*(\d{1,2})日?(?!\d)")
_ASCII_TO_WIDE = str.maketrans({",": "，", "(": "（", ")": "）", ":": "：", ";": "；"})
_WIDE_TO_ASCII = str.maketrans({"，": ",", "（": "(", "）": ")", "：": ":", "；": ";"})


def chrome_lines(text: str, title: Optional[str]) -> list[str]:
    """The lines above a page's title that are pure portal chrome (see `_NOT_CHROME`)."""
    lines = text.split("\n")
    end = next((i for i, line in enumerate(lines) if title and title[:8] in line.replace(" ", "")), 0)
    return [line for line in lines[:end] if line.strip() and len(line) <= MAX_CHROME_LINE
            and not regex.search(r"\d", line) and not _NOT_CHROME.search(line)]


def with_chrome(text: str, chrome: list[str]) -> str:
    """Another portal's chrome (blank-separated, as pages print it) before the page."""
    return "\n\n".join(chrome) + "\n\n" + text if chrome else text


def title_repeated(text: str, title: Optional[str]) -> str:
    """The title printed a second time, on one line, right after the line it ends on."""
    return _after_title(text, title, title)


def title_cut_copy(text: str, title: Optional[str]) -> str:
    """The title printed once whole, then a copy cut two characters short (…工作 / 年度报)."""
    return _after_title(text, title, title[:-2] if title and len(title) > 8 else None)


def title_rewritten(form: str) -> Callable[[str, Optional[str]], str]:
    """The title as other portals print it: 'split-at-year' (organ line, then 2020年…报告),
    'split-after-公开' (…政府信息公开 / 工作年度报告), 'space-before-year', 'year-first' (2020年X政府…),
    'chinese-year' (二〇二〇年), 'full-width-year' (２０２０年)."""
    def variant(text: str, title: Optional[str]) -> str:
        m = regex.match(r"(?P<organ>.+?)(?P<year>\d{4}\s*年度?)(?P<rest>.+)$", title or "")
        if not title or not m or title not in text:
            return text
        organ, year, rest = m.group("organ"), m.group("year"), m.group("rest")
        cut = title.find("公开") + 2
        digits = str.maketrans("0123456789", "〇一二三四五六七八九")
        wide = str.maketrans("0123456789", "０１２３４５６７８９")
        new = {"split-at-year": f"{organ}\n{year}{rest}", "space-before-year": f"{organ} {year}{rest}",
               "chinese-year": f"{organ}{year.translate(digits)}{rest}",
               "full-width-year": f"{organ}{year.translate(wide)}{rest}",
               "year-first": f"{year}{organ}{rest}",
               "split-after-公开": f"{title[:cut]}\n{title[cut:]}" if cut > 1 else title}[form]
        return text.replace(title, new, 1)
    return variant


def portal_banner(text: str, owner: Optional[str], chrome: list[str]) -> str:
    """Another portal's chrome headed by its owner's name on a line by itself (孝昌县人民政府)."""
    return with_chrome(text, [owner] + chrome) if owner else text


def byline_date_written(style: str) -> Callable[[str], str]:
    """Dates of the byline written another way: 'cn' 2021年01月29日, 'slash' 2021/01/29, 'dot' 2021.01.29,
    'iso' 2021-01-29."""
    forms = {"cn": "{}年{}月{}日", "slash": "{}/{}/{}", "dot": "{}.{}.{}", "iso": "{}-{}-{}"}

    def variant(text: str) -> str:
        head, sep, rest = text.partition("。")
        return _DATE.sub(lambda m: forms[style].format(*m.groups()), head) + sep + rest
    return variant


def portal_name_line(text: str, owner: Optional[str]) -> str:
    """A portal's name line (X门户网站) and breadcrumb above the page: furniture, not the issuer."""
    return f"{owner}门户网站\n首页 > 政府信息公开 > 政府信息公开年报\n\n{text}" if owner else text


def byline_separator(sep: str) -> Callable[[str], str]:
    """Byline fields written with `sep` between label and value ('：', ':', ' ', '|')."""
    def variant(text: str) -> str:
        return _BYLINE_FIELD.sub(lambda m: m.group("label") + sep, text)
    return variant


def byline_reordered(text: str) -> str:
    """The fields of a byline line printed in reverse order (来源… 发布时间… instead of 发布时间… 来源…)."""
    out = []
    for line in text.split("\n"):
        starts = [m.start() for m in _BYLINE_FIELD.finditer(line)]
        if len(starts) >= 2 and starts[0] < 3:
            fields = [line[a:b].strip() for a, b in zip(starts, starts[1:] + [len(line)])]
            line = "  ".join(reversed(fields))
        out.append(line)
    return "\n".join(out)


def full_width(text: str) -> str:
    return text.translate(_ASCII_TO_WIDE)


def ascii_punct(text: str) -> str:
    return text.translate(_WIDE_TO_ASCII)


def no_blank_lines(text: str) -> str:
    return "\n".join(line for line in text.split("\n") if line.strip())


def double_spaced(text: str) -> str:
    return text.replace("\n", "\n\n")


def crlf(text: str) -> str:
    return text.replace("\n", "\r\n")


def gbk_html(text: str, title: Optional[str]) -> bytes:
    """The page as a GBK-encoded HTML page: <title>, one <p> a line (characters GBK lacks as
    character references, as such portals write them)."""
    body = "\n".join(f"<p>{html.escape(line)}</p>" for line in text.split("\n") if line.strip())
    page = (f'<html><head><meta http-equiv="Content-Type" content="text/html; charset=gbk">'
            f"<title>{html.escape(title or '')}</title></head><body>{body}</body></html>")
    return page.encode("gbk", errors="xmlcharrefreplace")


def title_only_in_head(text: str, title: Optional[str], owner: Optional[str]) -> Optional[bytes]:
    """The page as GBK HTML whose title is only in <title>, suffixed with the portal's name
    (X2020年…报告_Y门户网站), not in the body; None when the title is not on one line of the page."""
    if not title or not owner or title not in text:
        return None
    body = text.replace(title, "", 1)
    return gbk_html(body, f"{title}_{owner}门户网站")


def html_byline_box(text: str, title: Optional[str]) -> Optional[bytes]:
    """The page as GBK HTML with its byline lines (only fields: 发布时间:… 来源:…) moved into a
    信息公开目录 box (a label cell, a value cell, an 索引号 row first, as such portals print it);
    None when the page has no byline line."""
    lines, fields, out = text.split("\n"), [], []
    for line in lines:
        found = list(_BYLINE_FIELD.finditer(line))
        if found and not line[:found[0].start()].strip():
            ends = [m.start() for m in found[1:]] + [len(line)]
            fields += [(m.group("label"), line[m.end():end].strip()) for m, end in zip(found, ends)]
            if not out or out[-1] != "<box>":
                out.append("<box>")
        else:
            out.append(line)
    if not fields:
        return None
    rows = [("索引号", "000000000/2000-00000")] + fields
    box = "<table>" + "".join(f"<tr><td>{html.escape(k)}:</td><td>{html.escape(v)}</td></tr>" for k, v in rows) \
        + "</table>"
    body = "\n".join(box if line == "<box>" else f"<p>{html.escape(line)}</p>" for line in out if line.strip())
    page = (f'<html><head><meta charset="gbk"><title>{html.escape(title or "")}</title></head>'
            f"<body>{body}</body></html>")
    return page.encode("gbk", errors="xmlcharrefreplace")


# How a crawler's header names the byline fields it copies.
_DUMP_KEYS = {"发布时间": "发布时间", "发布日期": "发布时间", "发文日期": "发布时间", "公开日期": "发布时间", "日期": "发布时间",
              "时间": "发布时间", "来源": "来源", "信息来源": "来源", "发布机构": "发布机构", "发文机关": "发布机构"}


def dump_header(text: str, title: Optional[str]) -> Optional[str]:
    """The page as a crawler dump: a header (标题：, the byline's own fields, 抓取时间：) then the body
    without its byline lines; None when the page has no byline line."""
    body, header = [], [f"标题：{title}"] if title else []
    for line in text.split("\n"):
        found = list(_BYLINE_FIELD.finditer(line))
        if found and not line[:found[0].start()].strip():
            ends = [m.start() for m in found[1:]] + [len(line)]
            header += [f"{_DUMP_KEYS[m.group('label')]}：{line[m.end():end].strip()}" for m, end in zip(found, ends)
                       if m.group("label") in _DUMP_KEYS and line[m.end():end].strip()]
        else:
            body.append(line)
    if len(header) < 2:
        return None
    return "\n".join(header + ["抓取时间：2025-03-02 10:11:12", ""] + body)


def variants(text: str, title: Optional[str], chrome: list[str], owner: Optional[str]
             ) -> Iterator[tuple[str, bytes, str]]:
    """(variant name, page bytes, file name) of each portal variant of one page; `chrome` and
    `owner` (a portal owner's name) come from another page."""
    text_variants: dict[str, str] = {
        "other-chrome": with_chrome(text, chrome),
        "portal-name-line": portal_name_line(text, owner),
        "portal-banner": portal_banner(text, owner, chrome),
        "portal-today": "2019年12月3日 星期二\n今天是：2024年1月5日\n" + text,
        **{f"title-{form}": title_rewritten(form)(text, title)
           for form in ("split-at-year", "split-after-公开", "space-before-year", "year-first", "chinese-year",
                        "full-width-year")},
        "title-repeated": title_repeated(text, title),
        "title-cut-copy": title_cut_copy(text, title),
        "byline-ascii-colon": byline_separator(":")(text),
        "byline-wide-colon": byline_separator("：")(text),
        "byline-space": byline_separator(" ")(text),
        "byline-bar": byline_separator("|")(text),
        "byline-reordered": byline_reordered(text),
        **{f"date-{style}": byline_date_written(style)(text) for style in ("cn", "slash", "dot", "iso")},
        "dump-header": dump_header(text, title) or text,
        "full-width-punct": full_width(text),
        "ascii-punct": ascii_punct(text),
        "no-blank-lines": no_blank_lines(text),
        "double-spaced": double_spaced(text),
        "crlf": crlf(text),
    }
    for name, variant in text_variants.items():
        if variant != text:
            yield name, variant.encode("utf-8"), "page.txt"
    yield "gbk-html", gbk_html(text, title), "page.html"
    headed = title_only_in_head(text, title, owner)
    if headed:
        yield "title-only-in-head", headed, "page.html"
    boxed = html_byline_box(text, title)
    if boxed:
        yield "html-byline-box", boxed, "page.html"


def _after_title(text: str, title: Optional[str], copy: Optional[str]) -> str:
    """`copy` on its own line after the line the title ends on (the title may be split over two)."""
    if not title or not copy:
        return text
    lines = text.split("\n")
    end = title.replace(" ", "")[-6:]
    for i, line in enumerate(lines):
        if end in line.replace(" ", ""):
            return "\n".join(lines[:i + 1] + [copy] + lines[i + 1:])
    return text
