"""Crawl agencies' 年报 columns into WARC archives that `xxgk parse` reads (domain.md §4.1).

From each site's start page (a 政府信息公开年报 list: zfxxgknb, xxgknb, gknb, …) the
crawler follows the pagination, keeps the links whose title names an annual report
and a year, fetches each report page and its attachments (pdf, doc, docx, wps), and
archives every document response in a WARC file (one new file per run), with one
manifest row per fetch in `manifest.jsonl` beside it. List pages are read again on
every run (they are the index of what is new) but not archived. Resuming: a URL that an
earlier run archived or settled for good (a 4xx, a redirect loop, too large) is not
fetched again; one that gave up on 5xx or time-outs (`"retry": true`) is.
"""
from __future__ import annotations

import hashlib
import io
import json
import logging
import threading
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path, PurePosixPath
from typing import Iterable, Optional
from urllib.parse import urldefrag, urljoin, urlsplit

import regex
from bs4 import BeautifulSoup
from warcio.archiveiterator import ArchiveIterator
from warcio.exceptions import ArchiveLoadFailed
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from .fetch import Fetched, Fetcher
from .politeness import Politeness
from ..domain.numerals import cn_value
from ..read.base import ReadError, is_warc
from ..read.decode import decode, http_charset, meta_charset

log = logging.getLogger("xxgk.scrape")

MANIFEST = "manifest.jsonl"
ATTACHMENT_SUFFIXES = (".pdf", ".doc", ".docx", ".wps")
# A list column rarely has more than a few pages of reports (one a year since 2008);
# the limit stops a pagination trap.
MAX_LIST_PAGES = 50
# Sites crawled at the same time; every request still waits for its host's turn
# (HostGate), so this only overlaps sites on different hosts.
SITE_WORKERS = 4

_REPORT_WORD = regex.compile(r"年度报告|年报")
_YEAR = regex.compile(r"(?<!\d)((?:19|20)\d\d)(?!\d)|([〇○零Ｏ一二三四五六七八九]{4})\s*年")
_NEXT_TEXT = regex.compile(r"^\s*(?:下一?页|后一?页|next\s*(?:page)?|›|»|>)\s*$", regex.I)
_CDATA = regex.compile(r"<!\[CDATA\[|\]\]>")
# TRS list pages paginate in script: createPageHTML(pageCount, currentPage, "index", "html").
_TRS_PAGER = regex.compile(r"createPageHTML\(\s*(\d+)\s*,\s*(\d+)\s*,\s*[\"'](\w+)[\"']\s*,\s*[\"'](\w+)[\"']")


@dataclass
class Site:
    """One agency's report column: where it starts and, optionally, CSS selectors for its lists."""

    start: str
    agency: Optional[str] = None
    list_selector: Optional[str] = None   # elements holding (or being) the report links
    next_selector: Optional[str] = None   # the pagination link(s)
    allow_hosts: tuple[str, ...] = ()     # hosts besides the start URL's (".gov.cn" allows subdomains)
    max_pages: int = MAX_LIST_PAGES

    def hosts(self) -> frozenset[str]:
        return frozenset((urlsplit(self.start).hostname or "",) + tuple(self.allow_hosts))


@dataclass
class Link:
    url: str
    title: str


@dataclass
class CrawlResult:
    archived: int = 0
    already: int = 0
    failed: int = 0
    skipped: int = 0
    list_pages: int = 0
    requests: int = 0
    warc: Optional[str] = None
    unreachable: list[str] = field(default_factory=list)  # start URLs that could not be fetched at all

    def add(self, other: "CrawlResult") -> None:
        """Add another part's counts to this one."""
        for name in ("archived", "already", "failed", "skipped", "list_pages"):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        self.unreachable += other.unreachable


def load_sites(path: str | Path) -> list[Site]:
    """Sites from a YAML file: a list (or `sites:` list) of {agency, start, list, next, allow_hosts}."""
    import yaml

    data = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    entries = data.get("sites", []) if isinstance(data, dict) else data
    sites = []
    for n, e in enumerate(entries or [], 1):
        if not isinstance(e, dict) or not e.get("start"):
            raise ValueError(f"{path}: site {n} has no start URL")
        sites.append(Site(start=str(e["start"]), agency=e.get("agency"), list_selector=e.get("list"),
                          next_selector=e.get("next"), allow_hosts=tuple(e.get("allow_hosts") or ()),
                          max_pages=int(e.get("max_pages", MAX_LIST_PAGES))))
    return sites


# ---------------------------------------------------------------- pages

def page_soup(got: Fetched) -> Optional[BeautifulSoup]:
    """The page as a soup, decoded with the HTTP charset, then <meta>, then sniffing; None if not HTML."""
    ctype = got.content_type.lower()
    if ctype and "html" not in ctype and "xml" not in ctype:
        return None
    try:
        html, _ = decode(got.body, got.final_url, http_charset(got.content_type) or meta_charset(got.body))
    except ReadError:
        return None
    return BeautifulSoup(html, "lxml")


def links_in(soup: BeautifulSoup, base: str, selector: Optional[str] = None) -> list[Link]:
    """Links (absolute, without fragment) of the whole page or of the elements `selector` picks,
    including the lists Hanweb pages carry inside <script type="text/xml"> data stores."""
    anchors = []
    for part in [soup] + _embedded_lists(soup):
        for el in (part.select(selector) if selector else [part]):
            anchors.extend([el] if el.name == "a" else el.find_all("a"))
    out = []
    for a in anchors:
        href = (a.get("href") or "").strip()
        if not href or href.startswith(("javascript:", "mailto:", "#")):
            continue
        text = " ".join(a.get_text(" ").split())
        title = (a.get("title") or "").strip()
        out.append(Link(urldefrag(urljoin(base, href))[0], title if len(title) > len(text) else text))
    return out


def _embedded_lists(soup: BeautifulSoup) -> list[BeautifulSoup]:
    """Hanweb list pages hold their records as CDATA in <script type="text/xml"><datastore>."""
    out = []
    for script in soup.find_all("script", attrs={"type": "text/xml"}):
        text = _CDATA.sub("", script.get_text())
        if "<a" in text:
            out.append(BeautifulSoup(text, "lxml"))
    return out


def report_year(title: str) -> Optional[int]:
    """The year an annual-report title names (2019 / 二〇一九年), or None if it is not a report title."""
    if not _REPORT_WORD.search(title):
        return None
    m = _YEAR.search(title)
    if not m:
        return None
    return int(m.group(1)) if m.group(1) else cn_value(m.group(2))


def next_pages(soup: BeautifulSoup, base: str, selector: Optional[str] = None) -> list[str]:
    """The pagination targets of a list page: the selector's links, else 下一页 links and TRS pagers."""
    if selector:
        return [link.url for link in links_in(soup, base, selector)]
    pages = [link.url for link in links_in(soup, base) if _NEXT_TEXT.match(link.title)]
    for script in soup.find_all("script"):
        m = _TRS_PAGER.search(script.get_text())
        if m:
            count, name, ext = int(m.group(1)), m.group(3), m.group(4)
            pages.extend(urljoin(base, f"{name}_{n}.{ext}") for n in range(1, count))
    return pages


def is_attachment(url: str) -> bool:
    return PurePosixPath(urlsplit(url).path).suffix.lower() in ATTACHMENT_SUFFIXES


# ---------------------------------------------------------------- archive

class Archive:
    """The WARC file of this run and the manifest of all runs, in one folder."""

    def __init__(self, out_dir: str | Path, settings: Politeness):
        self.dir = Path(out_dir)
        self.dir.mkdir(parents=True, exist_ok=True)
        self.manifest = self.dir / MANIFEST
        self.done: set[str] = set()
        self.attachments: dict[str, list[Link]] = {}
        self.digests: dict[str, str] = {}
        self._load_manifest()
        self._load_warcs()
        stamp = datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%S%f")
        self.warc_path = self.dir / f"xxgk-{stamp}.warc.gz"
        self._fh: Optional[io.BufferedWriter] = None
        self._writer: Optional[WARCWriter] = None
        self._settings = settings
        self._lock = threading.Lock()
        self._claimed: set[str] = set()

    def _load_manifest(self) -> None:
        if not self.manifest.exists():
            return
        for line in self.manifest.read_text(encoding="utf-8").splitlines():
            try:
                row = json.loads(line)
            except json.JSONDecodeError:
                continue
            if not row.get("retry"):
                self.done.update(u for u in (row.get("url"), row.get("final_url")) if u)
            if row.get("attachments"):
                self.attachments[row["url"]] = [Link(u, t) for u, t in row["attachments"]]
            if row.get("warc") and row.get("sha256"):
                self.digests.setdefault(row["sha256"], row["url"])

    def _load_warcs(self) -> None:
        """The target URIs already in the folder's WARC files count as archived, manifest or not."""
        for path in sorted(self.dir.glob("*.warc*")):
            if not is_warc(path):
                continue
            try:
                with path.open("rb") as fh:
                    for rec in ArchiveIterator(fh):
                        if rec.rec_type == "response":
                            self.done.add(rec.rec_headers.get_header("WARC-Target-URI"))
            except (ArchiveLoadFailed, OSError, EOFError, ValueError) as exc:
                log.warning("%s: cannot read it fully (%s); its later records may be fetched again", path, exc)

    def has(self, url: str) -> bool:
        return url in self.done

    def claim(self, url: str) -> bool:
        """Take `url` for fetching: False when it is archived, settled, or taken by another worker."""
        with self._lock:
            if url in self.done or url in self._claimed:
                return False
            self._claimed.add(url)
            return True

    def store(self, got: Fetched, link: Link, year: Optional[int], agency: Optional[str],
              kind: str, referrer: str, attachments: list[Link]) -> dict:
        """Archive a successful response (unless its content is archived already) and log the fetch.

        A report page's attachment links go into its manifest row, so that a resumed crawl
        still fetches the attachments of a page archived just before an interruption.
        """
        row = {"url": got.url, "final_url": got.final_url, "title": link.title, "year": year,
               "agency": agency, "kind": kind, "referrer": referrer, "status": got.status,
               "sha256": None, "bytes": len(got.body), "content_type": got.content_type or None,
               "fetched_at": datetime.now(timezone.utc).isoformat(timespec="seconds"),
               "warc": None, "warc_offset": None, "reason": got.error, "retry": got.transient,
               "attachments": [[a.url, a.title] for a in attachments]}
        with self._lock:
            if got.ok:
                digest = hashlib.sha256(got.body).hexdigest()
                row["sha256"] = digest
                if digest in self.digests:
                    row["reason"] = f"same content as {self.digests[digest]}"
                else:
                    row["warc"], row["warc_offset"] = self.warc_path.name, self._write(got, row["fetched_at"])
                    self.digests[digest] = got.url
            if not got.transient:
                self.done.update({got.url, got.final_url})
            self.attachments[got.url] = attachments
            with self.manifest.open("a", encoding="utf-8") as fh:
                fh.write(json.dumps(row, ensure_ascii=False) + "\n")
        return row

    def _write(self, got: Fetched, fetched_at: str) -> int:
        """Write one response record; returns its offset in the WARC file."""
        if self._fh is None:
            self._fh = self.warc_path.open("ab")
            self._writer = WARCWriter(self._fh, gzip=True)
            info = self._writer.create_warcinfo_record(self.warc_path.name, {
                "software": f"xxgk scrape ({self._settings.user_agent})",
                "robots": "obey", "http-header-user-agent": self._settings.user_agent})
            self._writer.write_record(info)
        # The body is stored decoded, so transfer and content encodings no longer apply.
        headers = [(k, v) for k, v in got.headers
                   if k.lower() not in ("content-encoding", "transfer-encoding", "content-length")]
        headers.append(("Content-Length", str(len(got.body))))
        http = StatusAndHeaders(f"{got.status} {got.reason_phrase}".strip(), headers, protocol="HTTP/1.1")
        warc_date = fetched_at.replace("+00:00", "Z")
        record = self._writer.create_warc_record(got.final_url, "response", payload=io.BytesIO(got.body),
                                                 http_headers=http,
                                                 warc_headers_dict={"WARC-Date": warc_date})
        offset = self._fh.tell()
        self._writer.write_record(record)
        self._fh.flush()
        return offset

    def close(self) -> None:
        if self._fh is not None:
            self._fh.close()


# ---------------------------------------------------------------- crawling

def crawl(sites: Iterable[Site], out_dir: str | Path, settings: Optional[Politeness] = None) -> CrawlResult:
    """Crawl every site's report column into `out_dir` (WARC + manifest.jsonl); resumable."""
    sites = list(sites)
    settings = settings or Politeness()
    allow = frozenset().union(*(s.hosts() for s in sites)) if sites else frozenset()
    fetcher = Fetcher(settings, allow)
    archive = Archive(out_dir, settings)
    result = CrawlResult()
    try:
        with ThreadPoolExecutor(max_workers=min(SITE_WORKERS, max(1, len(sites)))) as pool:
            for part in pool.map(lambda s: _crawl_site(s, fetcher, archive), sites):
                result.add(part)
    finally:
        archive.close()
        fetcher.close()
    result.requests = fetcher.requests
    result.warc = str(archive.warc_path) if archive.warc_path.exists() else None
    return result


def _crawl_site(site: Site, fetcher: Fetcher, archive: Archive) -> CrawlResult:
    result = CrawlResult()
    reports: dict[str, tuple[Link, int, str]] = {}
    queue, seen = [site.start], {site.start}
    while queue and result.list_pages < site.max_pages:
        page_url = queue.pop(0)
        got = fetcher.get(page_url)
        result.list_pages += 1
        soup = page_soup(got) if got.ok else None
        if soup is None:
            log.warning("list page %s: %s", page_url, got.error or f"HTTP {got.status}, not an HTML page")
            if page_url == site.start and not got.ok:
                result.unreachable.append(site.start)
            continue
        for link in links_in(soup, got.final_url, site.list_selector):
            year = report_year(link.title)
            if year is not None and link.url not in reports:
                reports[link.url] = (link, year, got.final_url)
        for nxt in next_pages(soup, got.final_url, site.next_selector):
            if nxt not in seen and not fetcher.refusal(nxt):
                seen.add(nxt)
                queue.append(nxt)
    # As many report fetches at once as one host allows; HostGate keeps them apart in time.
    with ThreadPoolExecutor(max_workers=fetcher.settings.per_host) as pool:
        for part in pool.map(lambda item: _fetch_document(item[0], item[1], site.agency, item[2], "report",
                                                          fetcher, archive), reports.values()):
            result.add(part)
    return result


def _fetch_document(link: Link, year: int, agency: Optional[str], referrer: str, kind: str,
                    fetcher: Fetcher, archive: Archive) -> CrawlResult:
    """Archive a report page (then its attachments) or an attachment."""
    result = CrawlResult()
    if not archive.claim(link.url):
        result.already += 1
    elif problem := fetcher.refusal(link.url):
        log.info("skipped %s (%s): %s", link.url, link.title, problem)
        result.skipped += 1
        return result
    else:
        got = fetcher.get(link.url)
        row = archive.store(got, link, year, agency, kind, referrer, attachments_of(got, link, kind))
        if row["warc"]:
            result.archived += 1
        elif not got.ok:
            result.failed += 1
            log.warning("failed %s (%s): %s", link.url, link.title, got.error or f"HTTP {got.status}")
    for att in archive.attachments.get(link.url, []):
        result.add(_fetch_document(att, year, agency, link.url, "attachment", fetcher, archive))
    return result


def attachments_of(got: Fetched, link: Link, kind: str) -> list[Link]:
    """The pdf/doc/docx/wps links of a fetched report page (titled by the report if untitled)."""
    if not got.ok or kind != "report" or is_attachment(got.final_url):
        return []
    soup = page_soup(got)
    found = [a for a in (links_in(soup, got.final_url) if soup is not None else [])
             if is_attachment(a.url) and a.url != link.url]
    return [Link(a.url, a.title or link.title) for a in found]
