"""HTML pages: decode, find the report body, render its text and rebuild its tables.

bs4 and lxml silently truncate a gb2312-declared page holding GBK-only characters
when given raw bytes, so the page is decoded here (HTTP header, then <meta charset>,
gb2312/gbk read as gb18030) and parsed as text (bytes that are valid UTF-8 as they stand
are parsed as such). The tree is lxml's own: a 250 KB saved page took ~150 ms to build
as a BeautifulSoup tree and a few ms with lxml.html (benchmarks/tables_speed.py), and the
≥100 HTML reports/s goal leaves 10 ms a report.
"""
from __future__ import annotations

import re
from bisect import bisect_right
from itertools import accumulate
from typing import Iterator, Optional

import regex
from lxml import etree

from .byline import MAX_HEAD, normalise_date, read_byline
from .furniture import byline_hints, fill_hints, strip_furniture
from .base import ReadError, sha256_of
from .decode import decode, is_plain_utf8, meta_charset
from ..record import Cell, Document, Finding, PageHints, Table, grid_text

_XML_DECLARATION = regex.compile(r"^\s*<\?xml[^>]*\?>")
# Whether a page may start with an XML declaration: an anchored stdlib match stops at the first
# character (the regex module's scans the whole string, ~0.25 ms on a 250 KB page).
_XML_START = re.compile(r"\s*<\?xml")
# lxml's plain HTML tree (not lxml.html's element classes, whose lookup costs ~7 ms a page).
_PARSER = etree.HTMLParser(remove_comments=True, remove_pis=True)
# The decoded page handed over as UTF-8 bytes: lxml reads them ~10% faster than a str.
_UTF8_PARSER = etree.HTMLParser(remove_comments=True, remove_pis=True, encoding="utf-8")

# Containers that CMS platforms put the article body in, most specific first (as XPath:
# tag, id, and classes that must all be present).
_BODY_SELECTORS = (
    ".TRS_Editor", ".Custom_UnionStyle", "#zoom", ".zoom", ".article_content", ".article-content",
    "#UCAP-CONTENT", ".view.TRS_UEDITOR", ".content_text", ".pages_content", "#content", ".content",
    "article", ".article", "main",
)


class _Selector:
    """A simple CSS selector (tag, #id, .class.class)."""

    def __init__(self, selector: str):
        self.tag = regex.match(r"^[a-z]*", selector).group(0)
        self.ids = regex.findall(r"#([\w-]+)", selector)
        self.classes = regex.findall(r"\.([\w-]+)", selector)

    def matches(self, el: etree._Element) -> bool:
        classes = (el.get("class") or "").split()
        return (not self.tag or el.tag == self.tag) and all(el.get("id") == i for i in self.ids) \
            and all(c in classes for c in self.classes)


_SELECTORS = tuple(_Selector(s) for s in _BODY_SELECTORS)
# Attribute values with their elements (smart strings: .getparent()), in document order.
_CLASS_ATTRS = etree.XPath("//@class")
_ID_ATTRS = etree.XPath("//@id")


def _selected(root: etree._Element) -> Iterator[list[etree._Element]]:
    """The elements each body selector matches, selector by selector, in document order: from the
    page's class and id attributes (an XPath per selector cost ~1.5 ms on a 250 KB page), a class
    value split and its element fetched only when it holds the selector's first class."""
    classes, ids = _CLASS_ATTRS(root), None
    for selector in _SELECTORS:
        if selector.classes:
            first = selector.classes[0]
            found = [value.getparent() for value in classes
                     if first in value and all(c in value.split() for c in selector.classes)]
        elif selector.ids:
            ids = _ID_ATTRS(root) if ids is None else ids
            found = [value.getparent() for value in ids if value == selector.ids[0]]
        else:
            found = list(root.iter(selector.tag))
        yield [el for el in found if selector.matches(el)]


# A container must hold more text than this to be the report body (a short report is ~2,000 chars).
MIN_BODY_CHARS = 200
_DROP_TAGS = ("script", "style", "noscript", "iframe", "form", "select", "button", "input",
              "textarea", "svg", "nav", "header", "footer", "object", "embed")
_BLOCK_TAGS = {"p", "div", "br", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "section",
               "article", "blockquote", "pre", "dd", "dt", "dl", "center", "hr", "address",
               "figure", "figcaption", "main", "aside", "tbody", "thead", "tfoot", "caption", "body",
               "table", "tr", "td", "th"}
# Blank runs (stdlib re: ~2x faster than the regex module on the many short pieces of a page).
# Spelt "[…][…]*", not "[…]+": re then skips to a blank with its charset prefix scan instead of
# trying a match at each character (~3x faster through text; 97 → 71 µs collapsing the 13 K
# characters of corpus/pingtan_syq_2022.html's page head).
_WS = re.compile(r"[ \t\r\n\f][ \t\r\n\f]*")


def read_html(data: bytes, path: str, declared: Optional[str] = None) -> Document:
    """Read an HTML page or fragment into a `Document`."""
    notes: list[Finding] = []
    html, encoding = _decoded(data, path, declared or meta_charset(data), notes)
    try:
        root = _parse(data, html)
    except (etree.ParserError, etree.XMLSyntaxError, ValueError) as exc:
        raise ReadError(path, f"no HTML elements could be parsed ({exc})", "BrokenHTML") from None
    if root is None:
        raise ReadError(path, "no HTML elements could be parsed", "BrokenHTML")
    hints = _meta_hints(root)
    _drop_furniture_elements(root)
    grids = {table: build_grid(table) for table in _innermost_tables(root)}
    _take_metadata_boxes(grids, hints)
    body = _find_body(root)
    if not hints.published or not hints.source_line:
        # The byline is read no further than MAX_HEAD characters: the page's head text is cut there.
        fill_hints(hints, byline_hints(_head_text(root, MAX_HEAD)))
    renderer = _Renderer(grids)
    renderer.render(body)
    text, found = strip_furniture(renderer.finish())
    fill_hints(hints, found)
    tables = locate_tables(renderer.tables, renderer.table_texts, text)
    return Document(path=path, format="html", text=text, sha256=sha256_of(data), size=len(data),
                    encoding=encoding, tables=tables, hints=hints, notes=notes)


def _decoded(data: bytes, path: str, declared: Optional[str],
             notes: list[Finding]) -> tuple[Optional[str], str]:
    """The page's text and encoding; no text when the bytes are plain UTF-8, as lxml reads them
    (a 250 KB page's str is never needed then)."""
    if is_plain_utf8(data, declared):
        return None, "utf-8"
    return decode(data, path, declared, notes)


def _parse(data: bytes, html: Optional[str]) -> Optional[etree._Element]:
    """lxml's tree of the page: its bytes `data` when plain UTF-8 (`html` None), else its text `html`."""
    if html is None:
        if not _xml_declared(data):
            return etree.fromstring(data, _UTF8_PARSER)
        html = data.decode("utf-8")
    if _XML_START.match(html):  # lxml refuses a str with an encoding declaration
        return etree.fromstring(_XML_DECLARATION.sub("", html), _PARSER)
    return etree.fromstring(html.encode("utf-8"), _UTF8_PARSER)


def _xml_declared(data: bytes) -> bool:
    """Whether plain UTF-8 `data` opens with an XML declaration, as `_XML_START` reads its text: only
    the text up to its first "<" and the four characters after it is decoded."""
    lt = data.find(b"<")
    return lt >= 0 and _XML_START.match(data[:lt + 5].decode("utf-8", "ignore")) is not None


def _meta_hints(root: etree._Element) -> PageHints:
    """Title, date, URL and source from <meta name=…> and <title>."""
    metas = {}
    for tag in root.iter("meta"):
        name = (tag.get("name") or tag.get("property") or "").strip().lower()
        if name and tag.get("content"):
            metas[name] = tag.get("content").strip()
    hints = PageHints()
    hints.title = metas.get("articletitle") or metas.get("title") or metas.get("og:title")
    title = root.find(".//title")
    if not hints.title and title is not None and (title.text or "").strip():
        hints.title = regex.split(r"\s*[_|｜—–-]{1,2}\s*", title.text.strip())[0] or None
    pub = metas.get("pubdate") or metas.get("publishdate") or metas.get("firstpublishedtime")
    hints.published = normalise_date(pub) if pub else None
    hints.url = metas.get("url") or metas.get("og:url")
    hints.publisher = metas.get("contentsource") or None
    return hints


def drop_element(el: etree._Element) -> None:
    """Remove an element and its content from the tree, keeping the text that follows it."""
    parent = el.getparent()
    if parent is None:
        return
    if el.tail:
        previous = el.getprevious()
        if previous is not None:
            previous.tail = (previous.tail or "") + el.tail
        else:
            parent.text = (parent.text or "") + el.tail
    parent.remove(el)


def _drop_furniture_elements(root: etree._Element) -> None:
    """Remove scripts, styles, forms and navigation (the text after them stays)."""
    for el in list(root.iter(*_DROP_TAGS)):
        drop_element(el)


def _innermost_tables(root: etree._Element) -> Iterator[etree._Element]:
    """Tables that hold no other table (layout tables around them are not data)."""
    for table in root.iter("table"):
        if next(table.iterdescendants("table"), None) is None:
            yield table


def _take_metadata_boxes(grids: dict[etree._Element, list[list[Cell]]], hints: PageHints) -> None:
    """Remove 索引号/发布机构 metadata tables from the page, keeping what they say in `hints`."""
    for table, grid in list(grids.items()):
        box = metadata_box(grid)
        if box is None:
            continue
        byline = read_byline("\n".join(f"{label}:{value}" for label, value in box.items() if value))
        hints.publisher = hints.publisher or box.get("发布机构") or box.get("发文机关") or None
        hints.published = hints.published or byline.published
        hints.source_line = hints.source_line or byline.source
        hints.title = hints.title or box.get("名称") or box.get("标题") or None
        drop_element(table)
        del grids[table]


def _head_text(root: etree._Element, n: int) -> str:
    """The first `n` characters of the page's text, pieces joined by a blank, blanks collapsed
    (joined only as far as needed: a page may hold 250 KB)."""
    pieces = _TEXTS(root)
    ends = list(accumulate(map(len, pieces)))  # the raw length up to each piece
    text, done, check_at = "", 0, n
    while (i := bisect_right(ends, check_at)) < len(pieces):  # the pieces first exceed check_at
        text, done = _collapsed_join(text, pieces[done:i + 1], done > 0), i + 1
        if len(text) > n:
            return text[:n]
        check_at = 2 * ends[i]  # mostly blanks so far: read twice as much before looking again
    return _collapsed_join(text, pieces[done:], done > 0)[:n] if done < len(pieces) else text[:n]


def _collapsed_join(text: str, pieces: list[str], after: bool) -> str:
    """`text` (the earlier pieces, if `after`, joined and collapsed) followed by `pieces`, as if all
    were joined by blanks and collapsed anew: only the new pieces are collapsed."""
    if not after:
        return _WS.sub(" ", " ".join(pieces))
    more = _WS.sub(" ", " " + " ".join(pieces))  # starts with the blank joining it to `text`
    return text + more[1:] if text.endswith(" ") else text + more


# The text pieces of a subtree, as el.itertext() gives them but ~8x faster.
_TEXTS = etree.XPath(".//text()", smart_strings=False)


def _text_length(el: etree._Element) -> int:
    """The length of an element's text pieces, each stripped (a leaf's without an XPath call)."""
    if not len(el):
        return len(text.strip()) if (text := el.text) else 0
    return sum(map(len, map(str.strip, _TEXTS(el))))


def _own_text_length(el: etree._Element) -> int:
    """The length of the text an element holds itself, in its <p> children and between children
    (each .text and .tail read once: a read makes a new str, 270 → 236 µs over the 285 cells of
    corpus/shanghai_szfbgt_2019.html)."""
    own = len(text.strip()) if (text := el.text) else 0
    for child in el:
        if child.tag == "p":
            own += _text_length(child)
        if tail := child.tail:
            own += len(tail.strip())
    return own


def _find_body(root: etree._Element) -> etree._Element:
    """The element holding the report: a known CMS container, else the text-richest block."""
    for selected in _selected(root):
        found = [(n, el) for el in selected if (n := _text_length(el)) > MIN_BODY_CHARS]
        if found:
            return max(found, key=lambda pair: pair[0])[1]
    page = root.find("body")
    page = page if page is not None else root
    best, best_score = page, 0
    for el in page.iter("div", "td", "section", "article"):
        own = _own_text_length(el)
        if own > best_score:
            best, best_score = el, own
    return best if best_score > MIN_BODY_CHARS else page


class _Renderer:
    """Walks the body tree, writing block-structured text and recording data tables."""

    def __init__(self, grids: dict[etree._Element, list[list[Cell]]]) -> None:
        self.parts: list[str] = []
        self.tables: list[Table] = []
        self.table_texts: list[str] = []  # each table's grid as rendered (grid_text), computed once
        self.grids = grids

    def _text(self, s: Optional[str]) -> None:
        if not s:
            return
        s = _WS.sub(" ", s)
        if s.strip() or (self.parts and not self.parts[-1].endswith(("\n", " "))):
            self.parts.append(s)

    def _newline(self) -> None:
        if self.parts and not self.parts[-1].endswith("\n"):
            self.parts.append("\n")

    def render(self, node: etree._Element) -> None:
        self._text(node.text)
        for child in node:
            if isinstance(child.tag, str):
                self._element(child)
            self._text(child.tail)

    def _element(self, el: etree._Element) -> None:
        name = el.tag
        if name == "table" and el in self.grids:
            self._newline()
            self._table(self.grids[el])
            return
        block = name in _BLOCK_TAGS
        if block:
            self._newline()
        if name != "br":
            self.render(el)
        if block:
            self._newline()

    def _table(self, grid: list[list[Cell]]) -> None:
        if not grid:
            return
        rendered = grid_text(grid)
        self.parts.append(rendered + "\n")
        self.tables.append(Table(grid=grid, source="html"))
        self.table_texts.append(rendered)

    def finish(self) -> str:
        """The rendered text, each line stripped of padding spaces."""
        return "\n".join(ln.strip(" ") for ln in "".join(self.parts).split("\n"))


def locate_tables(tables: list[Table], rendered_texts: list[str], text: str) -> list[Table]:
    """Set each table's start/end to where its rendered grid (`grid_text`) stands in the final text."""
    cursor = 0
    for t, rendered in zip(tables, rendered_texts):
        pos = text.find(rendered, cursor)
        if pos < 0:  # furniture stripping touched the table; anchor on its first row
            pos = text.find(rendered.split("\n", 1)[0], cursor)
            rendered = rendered.split("\n", 1)[0] if pos >= 0 else ""
            pos = max(pos, cursor)
        t.start, t.end = pos, pos + len(rendered)
        cursor = t.end
    return tables


# Labels of the 信息公开目录 metadata box (domain.md §4.2) and of bylines printed as such a box (发布时间,
# 日期, 来源: the dates are ranked as in a byline); two or more of them make a box.
_BOX_LABELS = regex.compile(r"^(索引号|发布机构|发文机关|文号|发文字号|成文日期|发文日期|发布日期|发布时间|公开日期|公开时间|"
                            r"主题分类|信息分类|组配分类|分类|关键词|有效性|时效性|名称|标题|内容概述|信息来源|来源|日期|时间)"
                            r"\s*[:：]?\s*(.*)$")
# A metadata box is a small table; calibrated on the boxes cited in domain.md §4.2 (≤ 6 rows).
MAX_BOX_ROWS = 8


def metadata_box(grid: list[list[Cell]]) -> Optional[dict[str, str]]:
    """Label → value pairs when the grid is a 索引号/发布机构 metadata box, else None."""
    if len(grid) > MAX_BOX_ROWS:
        return None
    cells, seen = [], set()
    for row in grid:
        for cell in row:
            if cell.origin not in seen:
                seen.add(cell.origin)
                cells.append(cell.text)
    found: dict[str, str] = {}
    for i, text in enumerate(cells):
        m = _BOX_LABELS.match(text)
        if not m:
            continue
        value = m.group(2).strip()
        if not value and i + 1 < len(cells) and not _BOX_LABELS.match(cells[i + 1]):
            value = cells[i + 1].strip()
        found[m.group(1)] = value
    return found if len(found) >= 2 else None


_CELL_WS = re.compile(r"[ \t\r\n\f\u00a0\u3000][ \t\r\n\f\u00a0\u3000]*")  # "[…][…]*": see _WS
# Joins a table's cell texts for one blank-collapsing pass: lxml text never holds a NUL.
_CELL_SEP = "\x00"


def cell_texts(cells: list[etree._Element]) -> list[str]:
    """Each cell's text: pieces joined with no separator (labels are split over <p>/<br>), blank
    runs collapsed, stripped; in one regex pass over the whole table."""
    joined = _CELL_SEP.join([text_of(cell) for cell in cells])
    return [text.strip() for text in _CELL_WS.sub(" ", joined).split(_CELL_SEP)]


def text_of(node: etree._Element) -> str:
    """All the text inside an element, as "".join(node.itertext()) but ~8x faster."""
    return etree.tostring(node, method="text", encoding=str, with_tail=False)


def build_grid(table: etree._Element) -> list[list[Cell]]:
    """Rebuild the true grid of an innermost HTML table (one holding no other table, so all its
    <tr>s are its own rows) from rowspan/colspan."""
    rows = [list(tr.iterchildren("td", "th")) for tr in table.iter("tr")]
    texts = iter(cell_texts([td for tds in rows for td in tds]))
    placed: list[dict[int, Cell]] = [{} for _ in rows]  # each row's cells by column
    width = 0
    for r, tds in enumerate(rows):
        row, c = placed[r], 0
        for td, text in zip(tds, texts):
            while c in row:
                c += 1
            cell = Cell(text, (r, c))
            rowspan, colspan = td.get("rowspan"), td.get("colspan")
            if rowspan is None and colspan is None:
                row[c] = cell
                c += 1
                continue
            cs = _span(colspan)
            for below in placed[r:r + _span(rowspan)]:
                for dc in range(cs):
                    below.setdefault(c + dc, cell)
            c += cs
        width = max(width, c)
    grid = []
    for r, row in enumerate(placed):
        cells = [row.get(c) or Cell("", (r, c)) for c in range(width)]
        if any([cell.text for cell in cells]):
            grid.append(cells)
    return grid


def _span(value: Optional[str]) -> int:
    """A rowspan/colspan attribute as a sane positive int."""
    if value is None:
        return 1
    digits = _SPAN_DIGITS.match(value)
    return min(max(int(digits.group(1)), 1), MAX_SPAN) if digits else 1


_SPAN_DIGITS = regex.compile(r"\s*(\d+)")
# Spans beyond this are markup errors (the template's largest is table 3's rowspan=22).
MAX_SPAN = 200
