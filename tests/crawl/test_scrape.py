"""The crawler against a fixture report column on 127.0.0.1 (never the internet)."""
from __future__ import annotations

import json
import time
from pathlib import Path

import httpx
import pytest
from warcio.archiveiterator import ArchiveIterator

from pipeline.crawl.politeness import HostGate, Politeness, address_problem, host_allowed
from pipeline.crawl.fetch import Fetcher
from pipeline.crawl.scrape import Site, crawl, load_sites, report_year
from tests.sitefixture import COLUMN, GBK_ONLY, ServedSite

from conftest import CORPUS, gold_of

# Tiny delays keep the suite fast; the time-out is well under the slow page's delay.
FAST = dict(delay=0.01, timeout=0.5, retries=1, backoff=0.01, max_redirects=4, per_host=2,
            allow_private=frozenset({"127.0.0.1"}))

EXPECTED = {  # path on the fixture site → the corpus document it serves (None: not a report itself)
    COLUMN + "201302/t20130225_80734.htm": "pingtan_syq_2012.txt",
    COLUMN + "202001/t20200131_1.html": "shanghai_szfbgt_2019.html",
    COLUMN + "201403/t20140324_80759.htm": "pingtan_syq_2013.txt",
    COLUMN + "202501/t20250120_3.html": None,
    COLUMN + "202501/P020250120001.pdf": "huaian_szf_2024.pdf",
}


def manifest_rows(out: Path) -> list[dict]:
    return [json.loads(line) for line in (out / "manifest.jsonl").read_text(encoding="utf-8").splitlines()]


def warc_targets(out: Path) -> list[str]:
    targets = []
    for warc in sorted(out.glob("*.warc.gz")):
        with warc.open("rb") as fh:
            targets += [r.rec_headers.get_header("WARC-Target-URI") for r in ArchiveIterator(fh)
                        if r.rec_type == "response"]
    return targets


@pytest.fixture(scope="module")
def crawled(tmp_path_factory):
    """Two runs of the crawler over the fixture site into one folder."""
    out = tmp_path_factory.mktemp("archive")
    with ServedSite(CORPUS) as served:
        site = Site(start=served.base + COLUMN + "index.html", agency="平潭综合实验区")
        first = crawl([site], out, Politeness(**FAST))
        first_requests = list(served.site.requests)
        served.site.requests.clear()
        second = crawl([site], out, Politeness(**FAST))
        yield {"out": out, "base": served.base, "first": first, "second": second,
               "first_requests": first_requests, "second_requests": list(served.site.requests)}


def test_archives_exactly_the_reports_and_attachments(crawled):
    base = crawled["base"]
    assert sorted(warc_targets(crawled["out"])) == sorted(base + p for p in EXPECTED)
    assert crawled["first"].archived == len(EXPECTED)
    rows = {r["url"]: r for r in manifest_rows(crawled["out"]) if r["warc"]}
    assert set(rows) == {base + p for p in EXPECTED}
    pdf = rows[base + COLUMN + "202501/P020250120001.pdf"]
    assert pdf["kind"] == "attachment" and pdf["year"] == 2024 and pdf["agency"] == "平潭综合实验区"
    assert pdf["sha256"] == __import__("hashlib").sha256((CORPUS / "huaian_szf_2024.pdf").read_bytes()).hexdigest()
    assert all(r["status"] == 200 and r["fetched_at"] and r["title"] for r in rows.values())


def test_failures_are_logged_with_a_reason(crawled):
    base = crawled["base"]
    first_run = {r["url"]: r for r in manifest_rows(crawled["out"])}
    missing = first_run[base + COLUMN + "201201/t20120110_404.htm"]
    assert missing["status"] == 404 and missing["warc"] is None and not missing["retry"]
    slow = first_run[base + COLUMN + "slow.html"]
    assert "timed out" in slow["reason"] and slow["retry"] and slow["warc"] is None
    loop = first_run[base + COLUMN + "loop_a.html"]
    assert "redirect loop" in loop["reason"] and loop["year"] == 2015


def test_politeness_and_safety(crawled):
    paths = [p for _, p, _ in crawled["first_requests"]]
    assert paths[0] == "/robots.txt" and paths.count("/robots.txt") == 1
    assert not any(p.startswith("/private/") for p in paths)           # robots.txt
    assert "/xxgk/tzgg/t20200105_5.html" not in paths                 # not a report title
    assert all(host.startswith("127.0.0.1") for host, _, _ in crawled["first_requests"])  # no off-site
    assert all(ua.startswith("xxgk/") for _, _, ua in crawled["first_requests"])
    assert paths.count(COLUMN + "201403/t20140324_80759.htm") == 2    # 500, then served on retry
    assert paths.count(COLUMN + "slow.html") == 2                     # time-out, one retry, give up
    assert paths.count(COLUMN + "201201/t20120110_404.htm") == 1      # a 404 is not retried
    assert paths.count(COLUMN + "loop_a.html") == 1 and paths.count(COLUMN + "loop_b.html") == 1
    for n in ("index.html", "index_1.html", "index_2.html"):
        assert paths.count(COLUMN + n) == 1                            # each list page once


def test_second_run_fetches_nothing_new(crawled):
    second = crawled["second"]
    assert second.archived == 0 and second.warc is None
    assert second.already == len(EXPECTED) + 2   # the archived documents, the 404 and the redirect loop
    paths = {p for _, p, _ in crawled["second_requests"]}
    assert not paths & set(EXPECTED) and COLUMN + "201201/t20120110_404.htm" not in paths
    assert COLUMN + "slow.html" in paths         # it gave up on a time-out: tried again
    assert len(warc_targets(crawled["out"])) == len(EXPECTED)


def test_parse_reads_the_archive(crawled):
    from pipeline.batch import parse_many

    records = {r.source.url: r for r in parse_many([crawled["out"]])}
    base = crawled["base"]
    assert set(records) == {base + p for p in EXPECTED}
    for path, doc in EXPECTED.items():
        rec = records[base + path]
        assert rec.source.format == "warc-record" and rec.error is None
        if doc is None:
            continue
        gold = gold_of(doc)["meta"]
        assert (rec.meta.agency, rec.meta.year) == (gold["agency"], gold["year"]), path
    gbk = records[base + COLUMN + "201302/t20130225_80734.htm"]
    assert gbk.source.inner_format == "html" and gbk.source.encoding == "gb18030"
    assert records[base + COLUMN + "202501/P020250120001.pdf"].source.inner_format == "pdf"
    late = records[base + COLUMN + "201403/t20140324_80759.htm"]
    assert late.meta.url_date == "2014-03-24" and late.meta.published == "2014-01-10"
    assert "date.url_vs_page" in [f.rule for f in late.findings]
    on_time = records[base + COLUMN + "202001/t20200131_1.html"]
    assert on_time.meta.url_date == on_time.meta.published == "2020-01-31"
    assert "date.url_vs_page" not in [f.rule for f in on_time.findings]


def test_gbk_page_keeps_its_gbk_only_character(crawled):
    """The gb2312-declared page is read as GB18030: a GBK-only character survives crawl and parse."""
    from pipeline.batch import parse_many

    (rec,) = [r for r in parse_many([crawled["out"]]) if r.source.url.endswith("80734.htm")]
    assert rec.source.encoding == "gb18030" and f"朱{GBK_ONLY}" in rec.text


def test_report_year_reads_titles():
    assert report_year("上海市人民政府办公厅2019年政府信息公开工作年度报告") == 2019
    assert report_year("平潭综合实验区二〇一五年政府信息公开年报") == 2015
    assert report_year("关于做好2020年政务公开工作的通知") is None
    assert report_year("政府信息公开工作年度报告") is None


def test_sites_file(tmp_path):
    f = tmp_path / "sites.yaml"
    f.write_text("sites:\n  - agency: 平潭综合实验区\n    start: https://www.pingtan.gov.cn/zwgk/zfxxgk/zfxxgknb/\n"
                 "    list: ul.list li\n    next: div.page a.next\n    allow_hosts: [.pingtan.gov.cn]\n",
                 encoding="utf-8")
    (site,) = load_sites(f)
    assert site.agency == "平潭综合实验区" and site.list_selector == "ul.list li"
    assert host_allowed("www.pingtan.gov.cn", site.hosts()) and host_allowed("pingtan.gov.cn", site.hosts())
    assert not host_allowed("pingtan.gov.cn.evil.com", site.hosts())
    (tmp_path / "bad.yaml").write_text("- agency: x\n", encoding="utf-8")
    with pytest.raises(ValueError, match="no start URL"):
        load_sites(tmp_path / "bad.yaml")


def test_private_addresses_need_explicit_permission():
    assert "non-public" in address_problem("127.0.0.1", frozenset())
    assert "non-public" in address_problem("10.1.2.3", frozenset())
    assert address_problem("127.0.0.1", frozenset({"127.0.0.1"})) is None


def test_private_host_is_refused_without_a_request():
    calls = []
    transport = httpx.MockTransport(lambda req: calls.append(req) or httpx.Response(200, text="x"))
    fetcher = Fetcher(Politeness(delay=0), frozenset({"192.168.1.10"}), transport=transport)
    got = fetcher.get("http://192.168.1.10/xxgk/zfxxgknb/index.html")
    assert "non-public" in got.error and not calls


def test_response_size_limit():
    body = b"%PDF-1.4 " + b"x" * 5000
    transport = httpx.MockTransport(lambda req: httpx.Response(
        200, content=b"User-agent: *\nAllow: /\n" if req.url.path == "/robots.txt" else body))
    settings = Politeness(delay=0, max_bytes=1000, allow_private=frozenset({"127.0.0.1"}))
    got = Fetcher(settings, frozenset({"127.0.0.1"}), transport=transport).get("http://127.0.0.1/big.pdf")
    assert "byte limit" in got.error and not got.ok and not got.transient


def test_host_gate_spaces_requests_to_one_host():
    gate = HostGate(delay=0.05, per_host=1)
    starts = []
    for _ in range(3):
        with gate.slot("a.gov.cn"):
            starts.append(time.monotonic())
    with gate.slot("b.gov.cn"):
        other = time.monotonic()
    assert starts[2] - starts[0] >= 0.095
    assert other - starts[2] < 0.04   # another host does not wait


def test_hanweb_data_store_links_are_read():
    from bs4 import BeautifulSoup

    from pipeline.crawl.scrape import links_in

    page = ('<html><body><div id="5467"><script type="text/xml"><datastore><recordset>'
            '<record><![CDATA[<li><a href="/art/2020/1/20/art_5467_2923451.html" '
            'title="某某市人民政府2019年政府信息公开工作年度报告">某某市人民政府2019年政府信息…</a></li>]]></record>'
            '</recordset></datastore></script></div></body></html>')
    (link,) = links_in(BeautifulSoup(page, "lxml"), "http://www.example.gov.cn/col/col5467/index.html")
    assert link.url == "http://www.example.gov.cn/art/2020/1/20/art_5467_2923451.html"
    assert report_year(link.title) == 2019


def test_retry_after_is_honoured_within_a_cap():
    from pipeline.crawl.fetch import MAX_RETRY_AFTER, Fetched, retry_after

    assert retry_after(Fetched("u", "u", status=503, headers=[("Retry-After", "7")])) == 7
    assert retry_after(Fetched("u", "u", status=503, headers=[("Retry-After", "86400")])) == MAX_RETRY_AFTER
    assert retry_after(Fetched("u", "u", status=500)) == 0


def test_cli_scrape_then_parse(tmp_path, capsys):
    from pipeline.cli import main

    with ServedSite(CORPUS) as served:
        assert main(["scrape", served.base + COLUMN, "-o", str(tmp_path / "arc"), "--agency", "平潭综合实验区",
                     "--allow-private", "127.0.0.1", "--delay", "0", "--timeout", "0.5", "--retries", "1",
                     "--backoff", "0"]) == 0
    assert f"archived {len(EXPECTED)}" in capsys.readouterr().out
    assert main(["parse", str(tmp_path / "arc"), "-o", str(tmp_path / "out")]) == 0
    lines = (tmp_path / "out" / "reports.jsonl").read_text(encoding="utf-8").splitlines()
    urls = {json.loads(line)["source"]["url"] for line in lines}
    assert urls == {served.base + p for p in EXPECTED}


def test_what_the_warc_holds_is_not_fetched_again_without_a_manifest(crawled, tmp_path):
    from pipeline.crawl.scrape import Archive

    for warc in crawled["out"].glob("*.warc.gz"):
        (tmp_path / warc.name).write_bytes(warc.read_bytes())
    archive = Archive(tmp_path, Politeness())
    assert all(archive.has(crawled["base"] + p) for p in EXPECTED)
    assert not archive.has(crawled["base"] + COLUMN + "slow.html")


def test_host_gate_caps_concurrent_requests_per_host():
    import threading

    gate = HostGate(delay=0.0, per_host=2)
    active, peak, lock = [0], [0], threading.Lock()

    def request():
        with gate.slot("a.gov.cn"):
            with lock:
                active[0] += 1
                peak[0] = max(peak[0], active[0])
            time.sleep(0.05)
            with lock:
                active[0] -= 1

    threads = [threading.Thread(target=request) for _ in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert peak[0] == 2


def test_connection_failures_are_retried_then_left_for_a_later_run():
    calls = []

    def refuse(req):
        calls.append(req.url.path)
        if req.url.path == "/robots.txt":
            return httpx.Response(404)
        raise httpx.ConnectError("connection refused", request=req)

    settings = Politeness(delay=0, retries=2, backoff=0, allow_private=frozenset({"127.0.0.1"}))
    got = Fetcher(settings, frozenset({"127.0.0.1"}), transport=httpx.MockTransport(refuse)).get(
        "http://127.0.0.1/xxgk/zfxxgknb/index.html")
    assert got.transient and "gave up after 3 tries" in got.error and "connection" in got.error
    assert calls == ["/robots.txt"] + ["/xxgk/zfxxgknb/index.html"] * 3
