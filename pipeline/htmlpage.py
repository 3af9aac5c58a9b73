"""HTML pages: decode, find the report body, render its text and rebuild its tables.

bs4 and lxml silently truncate a gb2312-declared page holding GBK-only characters
when given raw bytes, so the page is decoded here (HTTP header, then <meta charset>,
gb2312/gbk read as gb18030) and parsed as text.
"""
from __future__ import annotations

from typing import Optional

import regex
from bs4 import BeautifulSoup, Comment, NavigableString, Tag

from .furniture import normalise_date, strip_furniture
from .read import ReadError, decode, sha256_of
from .record import Cell, Document, PageHints, Table, grid_text

_META_CHARSET = regex.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_\-]+)""", regex.I)

# Containers that CMS platforms put the article body in, most specific first.
_BODY_SELECTORS = (
    ".TRS_Editor", ".Custom_UnionStyle", "#zoom", ".zoom", ".article_content", ".article-content",
    "#UCAP-CONTENT", ".view.TRS_UEDITOR", ".content_text", ".pages_content", "#content", ".content",
    "article", ".article", "main",
)
_DROP_TAGS = ("script", "style", "noscript", "iframe", "form", "select", "button", "input",
              "textarea", "svg", "nav", "header", "footer", "object", "embed")
_BLOCK_TAGS = {"p", "div", "br", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "section",
               "article", "blockquote", "pre", "dd", "dt", "dl", "center", "hr", "address",
               "figure", "figcaption", "main", "aside", "tbody", "thead", "tfoot", "caption", "body"}
_WS = regex.compile(r"[ \t\r\n\f]+")


def read_html(data: bytes, path: str, declared: Optional[str] = None) -> Document:
    """Read an HTML page or fragment into a `Document`."""
    html, encoding = decode(data, path, declared or meta_charset(data))
    soup = BeautifulSoup(html, "lxml")
    if soup.find() is None:
        raise ReadError(path, "no HTML elements could be parsed", "BrokenHTML")
    hints = _meta_hints(soup)
    for tag in soup.find_all(_DROP_TAGS):
        tag.decompose()
    for c in soup.find_all(string=lambda s: isinstance(s, Comment)):
        c.extract()
    _take_metadata_boxes(soup, hints)
    body = _find_body(soup)
    if body is None:
        raise ReadError(path, "the page has no body text", "EmptyDocument")
    if not hints.published or not hints.source_line:
        page_text = _WS.sub(" ", soup.get_text(" "))[:4000]
        _, found = strip_furniture(page_text)
        hints.published = hints.published or found.published
        hints.source_line = hints.source_line or found.source_line
    renderer = _Renderer()
    renderer.render(body)
    text, found = strip_furniture(renderer.finish())
    hints.published = hints.published or found.published
    tables = locate_tables(renderer.tables, text)
    return Document(path=path, format="html", text=text, sha256=sha256_of(data), size=len(data),
                    encoding=encoding, tables=tables, hints=hints)


def meta_charset(data: bytes) -> Optional[str]:
    """The charset a page declares in a <meta> tag near its top, or None."""
    m = _META_CHARSET.search(data[:4096])
    return m.group(1).decode("ascii") if m else None


def _meta_hints(soup: BeautifulSoup) -> PageHints:
    """Title, date, URL and source from <meta name=…> and <title>."""
    metas = {}
    for tag in soup.find_all("meta"):
        name = (tag.get("name") or tag.get("property") or "").strip().lower()
        if name and tag.get("content"):
            metas[name] = tag["content"].strip()
    hints = PageHints()
    hints.title = metas.get("articletitle") or metas.get("title") or metas.get("og:title")
    if not hints.title and soup.title and soup.title.string:
        hints.title = regex.split(r"\s*[_|｜—–-]{1,2}\s*", soup.title.string.strip())[0] or None
    pub = metas.get("pubdate") or metas.get("publishdate") or metas.get("firstpublishedtime")
    hints.published = normalise_date(pub) if pub else None
    hints.url = metas.get("url") or metas.get("og:url")
    hints.publisher = metas.get("contentsource") or None
    return hints


def _take_metadata_boxes(soup: BeautifulSoup, hints: PageHints) -> None:
    """Remove 索引号/发布机构 metadata tables from the page, keeping what they say in `hints`."""
    for table in soup.find_all("table"):
        if table.find("table"):
            continue
        box = metadata_box(build_grid(table))
        if box is None:
            continue
        hints.publisher = hints.publisher or box.get("发布机构") or box.get("发文机关") or None
        hints.published = hints.published or normalise_date(box.get("发布日期", ""))
        hints.title = hints.title or box.get("名称") or box.get("标题") or None
        table.decompose()


def _find_body(soup: BeautifulSoup) -> Optional[Tag]:
    """The element holding the report: a known CMS container, else the text-richest block."""
    for sel in _BODY_SELECTORS:
        found = [t for t in soup.select(sel) if len(t.get_text(strip=True)) > 200]
        if found:
            return max(found, key=lambda t: len(t.get_text(strip=True)))
    root = soup.body or soup
    best, best_score = root, 0
    for tag in root.find_all(["div", "td", "section", "article"]):
        own = sum(len(p.get_text(strip=True)) for p in tag.find_all("p", recursive=False))
        own += sum(len(s.strip()) for s in tag.find_all(string=True, recursive=False))
        if own > best_score:
            best, best_score = tag, own
    return best if best_score > 200 else root


class _Renderer:
    """Walks the body DOM, writing block-structured text and recording data tables."""

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.tables: list[Table] = []

    def _emit(self, s: str) -> None:
        self.parts.append(s)

    def _newline(self) -> None:
        if self.parts and not self.parts[-1].endswith("\n"):
            self._emit("\n")

    def render(self, node: Tag) -> None:
        for child in node.children:
            if isinstance(child, NavigableString):
                s = _WS.sub(" ", str(child))
                if s.strip() or (s and self.parts and not self.parts[-1].endswith(("\n", " "))):
                    self._emit(s)
                continue
            if not isinstance(child, Tag):
                continue
            name = child.name
            if name == "table" and not child.find("table"):
                self._newline()
                self._table(child)
                continue
            block = name in _BLOCK_TAGS or name in ("table", "tr", "td", "th")
            if block:
                self._newline()
            if name == "br":
                continue
            self.render(child)
            if block:
                self._newline()

    def _table(self, node: Tag) -> None:
        grid = build_grid(node)
        if not grid:
            return
        self._emit(grid_text(grid) + "\n")
        self.tables.append(Table(grid=grid, source="html"))

    def finish(self) -> str:
        """The rendered text, each line stripped of padding spaces."""
        return "\n".join(ln.strip(" ") for ln in "".join(self.parts).split("\n"))


def locate_tables(tables: list[Table], text: str) -> list[Table]:
    """Set each table's start/end to where its rendered grid stands in the final text."""
    cursor = 0
    for t in tables:
        rendered = grid_text(t.grid)
        pos = text.find(rendered, cursor)
        if pos < 0:  # furniture stripping touched the table; anchor on its first row
            pos = text.find(rendered.split("\n", 1)[0], cursor)
            rendered = rendered.split("\n", 1)[0] if pos >= 0 else ""
            pos = max(pos, cursor)
        t.start, t.end = pos, pos + len(rendered)
        cursor = t.end
    return tables


# Labels of the 信息公开目录 metadata box (domain.md §4.2); two or more of them make a box.
_BOX_LABELS = regex.compile(r"^(索引号|发布机构|发文机关|文号|发文字号|成文日期|发文日期|发布日期|主题分类|信息分类|"
                            r"组配分类|分类|关键词|有效性|时效性|名称|标题|内容概述)\s*[:：]?\s*(.*)$")
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


def cell_text(node: Tag) -> str:
    """A cell's text: pieces joined with no separator (labels are split over <p>/<br>)."""
    pieces = [_WS.sub(" ", s) for s in node.find_all(string=True)]
    text = "".join(pieces).replace("\u00a0", " ").replace("\u3000", " ")
    return _WS.sub(" ", text).strip()


def build_grid(table: Tag) -> list[list[Cell]]:
    """Rebuild the true grid of an HTML table from rowspan/colspan."""
    rows = [tr for tr in table.find_all("tr") if tr.find_parent("table") is table]
    occupied: dict[tuple[int, int], Cell] = {}
    width = 0
    for r, tr in enumerate(rows):
        c = 0
        for td in tr.find_all(["td", "th"], recursive=False):
            while (r, c) in occupied:
                c += 1
            rs = _span(td.get("rowspan"))
            cs = _span(td.get("colspan"))
            cell = Cell(text=cell_text(td), origin=(r, c))
            for dr in range(rs):
                for dc in range(cs):
                    occupied.setdefault((r + dr, c + dc), cell)
            c += cs
            width = max(width, c)
    height = len(rows)
    grid = []
    for r in range(height):
        row = []
        for c in range(width):
            row.append(occupied.get((r, c)) or Cell(text="", origin=(r, c)))
        if any(cell.text for cell in row):
            grid.append(row)
    return grid


def _span(value: object) -> int:
    """A rowspan/colspan attribute as a sane positive int."""
    try:
        n = int(str(value).strip().rstrip(";"))
    except (TypeError, ValueError):
        return 1
    return min(max(n, 1), 200)
