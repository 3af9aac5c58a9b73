"""A small government-style report column served on 127.0.0.1 for the crawler tests.

Pages wrap real reports from corpus/: the Pingtan 2012 and 2013 crawler dumps (the
2012 one GBK-encoded with a gb2312 <meta> and a GBK-only character), the Shanghai 2019
page (UTF-8, charset in the HTTP header) and the Huaian 2024 PDF as an attachment.
Around them: three list pages (a 下一页 link and a TRS createPageHTML pager), a 404, a
500 that succeeds on retry, a response slower than the time-out, a redirect loop, an
off-site link, a robots.txt that disallows /private/ and a notice that is not a report.
"""
from __future__ import annotations

import html
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

# GBK has it, GB2312 does not (朱镕基's 镕): proves the page is decoded as GB18030.
GBK_ONLY = "镕"
COLUMN = "/xxgk/zfxxgknb/"
SLOW_SECONDS = 1.5


def dump_parts(path: Path) -> tuple[dict[str, str], str]:
    """Header fields and body of a crawler dump (标题/发布时间/… then '==== 正文 ====')."""
    text = path.read_text(encoding="utf-8")
    head, _, body = text.partition("==================== 正文 ====================")
    fields = {}
    for line in head.splitlines():
        key, sep, value = line.partition(":")
        if sep:
            fields[key.strip()] = value.strip()
    return fields, body.strip()


def article_page(title: str, published: str, body_html: str, charset: str, extra: str = "") -> str:
    """A TRS-style article page: <meta> title and date, byline, body in .TRS_Editor."""
    return (f'<!DOCTYPE html><html><head><meta http-equiv="Content-Type" content="text/html; charset={charset}">'
            f'<meta name="ArticleTitle" content="{html.escape(title)}"><meta name="PubDate" content="{published}">'
            f"<title>{html.escape(title)}</title></head><body><div class=\"nav\">当前位置：首页 &gt; 政府信息公开年报</div>"
            f"<h1>{html.escape(title)}</h1><div class=\"byline\">发布时间：{published}</div>"
            f'<div class="TRS_Editor">{body_html}</div>{extra}</body></html>')


def list_page(links: list[tuple[str, str]], pager: str) -> str:
    items = "".join(f'<li><a href="{href}" title="{html.escape(t)}">{html.escape(t)}</a><span>2020-01-01</span></li>'
                    for href, t in links)
    return (f'<!DOCTYPE html><html><head><meta charset="utf-8"><title>政府信息公开年报</title></head>'
            f'<body><ul class="list">{items}</ul><div class="page">{pager}</div></body></html>')


@dataclass
class Route:
    status: int = 200
    body: bytes = b""
    content_type: str = "text/html"
    location: str | None = None
    fail_first: int = 0          # answer 500 this many times before succeeding
    delay: float = 0.0
    hits: int = 0


@dataclass
class FixtureSite:
    corpus: Path
    routes: dict[str, Route] = field(default_factory=dict)
    requests: list[tuple[str, str, str]] = field(default_factory=list)  # (host header, path, user agent)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def build(self, port: int) -> None:
        c = self.corpus
        r = self.routes
        r["/robots.txt"] = Route(body=b"User-agent: *\nDisallow: /private/\n", content_type="text/plain")
        # GBK page: gb2312 <meta>, no HTTP charset, a GBK-only character in the byline.
        f12, body12 = dump_parts(c / "pingtan_syq_2012.txt")
        page = article_page(f12["标题"], f12["发布时间"],
                            f"<p>{html.escape(body12)}</p><p>（本报告审核人：朱{GBK_ONLY}）</p>", "gb2312")
        r[COLUMN + "201302/t20130225_80734.htm"] = Route(body=page.encode("gbk"))
        # Shanghai 2019: UTF-8 declared only in the HTTP header.
        sh = (c / "shanghai_szfbgt_2019.html").read_text(encoding="utf-8")
        title_sh = "2019年上海市人民政府办公厅政府信息公开工作年度报告"
        r[COLUMN + "202001/t20200131_1.html"] = Route(
            body=f"<html><head><title>{title_sh}</title></head><body><div class=\"TRS_Editor\">{sh}</div></body></html>"
            .encode("utf-8"), content_type="text/html; charset=UTF-8")
        # Pingtan 2013 (its URL date differs from its 发布时间): 500 once, then served.
        f13, body13 = dump_parts(c / "pingtan_syq_2013.txt")
        r[COLUMN + "201403/t20140324_80759.htm"] = Route(
            body=article_page(f13["标题"], f13["发布时间"], f"<p>{html.escape(body13)}</p>", "utf-8").encode("utf-8"),
            content_type="text/html; charset=utf-8", fail_first=1)
        # Huaian 2024: a short notice page with the PDF report as attachment.
        title_ha = "淮安市人民政府2024年政府信息公开工作年度报告"
        notice = article_page(title_ha, "2025-01-20", "<p>" + "现将淮安市人民政府2024年政府信息公开工作年度报告予以公布。" * 8
                              + "</p>", "utf-8",
                              extra=f'<p>附件：<a href="P020250120001.pdf">{title_ha}.pdf</a></p>')
        r[COLUMN + "202501/t20250120_3.html"] = Route(body=notice.encode("utf-8"),
                                                       content_type="text/html; charset=utf-8")
        r[COLUMN + "202501/P020250120001.pdf"] = Route(body=(c / "huaian_szf_2024.pdf").read_bytes(),
                                                        content_type="application/pdf")
        # Trouble.
        r[COLUMN + "slow.html"] = Route(body=b"<html><body>late</body></html>", delay=SLOW_SECONDS)
        r[COLUMN + "loop_a.html"] = Route(status=302, location=COLUMN + "loop_b.html")
        r[COLUMN + "loop_b.html"] = Route(status=302, location=COLUMN + "loop_a.html")
        r["/private/t20170105_9.html"] = Route(body=b"<html><body>private</body></html>")
        r["/xxgk/tzgg/t20200105_5.html"] = Route(body=b"<html><body>notice</body></html>")
        # Three list pages.
        r[COLUMN] = r[COLUMN + "index.html"] = Route(body=list_page([
            ("201302/t20130225_80734.htm", f12["标题"]),
            ("./202001/t20200131_1.html", title_sh),
            ("201201/t20120110_404.htm", "平潭综合实验区2011年政府信息公开工作年度报告"),
            (f"http://localhost:{port}{COLUMN}t20190110_8.html", "平潭综合实验区2018年政府信息公开工作年度报告"),
            ("/xxgk/tzgg/t20200105_5.html", "关于做好政务公开工作的通知"),
        ], '<script>createPageHTML(3, 0, "index", "html");</script>'
           '<a href="index_1.html">下一页</a>').encode("utf-8"))
        r[COLUMN + "index_1.html"] = Route(body=list_page([
            ("202501/t20250120_3.html", title_ha),
            ("slow.html", "平潭综合实验区2016年政府信息公开工作年度报告"),
            ("/private/t20170105_9.html", "平潭综合实验区2017年政府信息公开工作年度报告"),
        ], '<a href="index.html">上一页</a><a href="index_2.html">下一页</a>').encode("utf-8"))
        r[COLUMN + "index_2.html"] = Route(body=list_page([
            ("201403/t20140324_80759.htm", f13["标题"]),
            ("loop_a.html", "平潭综合实验区二〇一五年政府信息公开年报"),
        ], '<a href="index_1.html">上一页</a>').encode("utf-8"))

    def handler(site) -> type[BaseHTTPRequestHandler]:
        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_GET(self) -> None:
                with site.lock:
                    site.requests.append((self.headers.get("Host", ""), self.path,
                                          self.headers.get("User-Agent", "")))
                    route = site.routes.get(self.path)
                    if route:
                        route.hits += 1
                if route is None:
                    return self._send(404, b"<html><body>404 Not Found</body></html>", "text/html")
                if route.delay:
                    time.sleep(route.delay)
                if route.hits <= route.fail_first:
                    return self._send(500, b"<html><body>500</body></html>", "text/html")
                self._send(route.status, route.body, route.content_type, route.location)

            def _send(self, status: int, body: bytes, ctype: str, location: str | None = None) -> None:
                try:
                    self.send_response(status)
                    self.send_header("Content-Type", ctype)
                    self.send_header("Content-Length", str(len(body)))
                    if location:
                        self.send_header("Location", location)
                    self.end_headers()
                    self.wfile.write(body)
                except (BrokenPipeError, ConnectionResetError):
                    pass

            def log_message(self, *args) -> None:
                pass

        return Handler

    def paths(self) -> list[str]:
        with self.lock:
            return [p for _, p, _ in self.requests]


class ServedSite:
    """Context manager: the fixture site on 127.0.0.1 (an ephemeral port) in a thread."""

    def __init__(self, corpus: Path):
        self.site = FixtureSite(corpus)
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), self.site.handler())
        self.server.daemon_threads = True
        self.port = self.server.server_address[1]
        self.site.build(self.port)
        self.base = f"http://127.0.0.1:{self.port}"

    def __enter__(self) -> "ServedSite":
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.server.shutdown()
        self.server.server_close()
