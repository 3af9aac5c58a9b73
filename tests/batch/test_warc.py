"""`xxgk parse` on WARC archives, and the date a CMS URL carries."""
from __future__ import annotations

import io
from pathlib import Path

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from pipeline.batch import iter_documents, parse_many, run_batch
from pipeline.domain.cmsurl import url_date
from pipeline.batch.warc import parse_warc
from pipeline.read.decode import http_charset

from conftest import corpus_file, gold_of

PT = "https://www.pingtan.gov.cn/zwgk/zfxxgk/zfxxgknb/"


def write_warc(path: Path, responses: list[tuple[str, int, str, bytes]], gzip: bool = True) -> None:
    """A WARC of (url, status, content type, body) responses."""
    with path.open("wb") as fh:
        writer = WARCWriter(fh, gzip=gzip)
        for url, status, ctype, body in responses:
            http = StatusAndHeaders(f"{status} X", [("Content-Type", ctype), ("Content-Length", str(len(body)))],
                                    protocol="HTTP/1.1")
            writer.write_record(writer.create_warc_record(url, "response", payload=io.BytesIO(body),
                                                          http_headers=http))


def gbk_page() -> bytes:
    """The Shanghai 2019 report re-encoded as GBK with no <meta> charset: only HTTP says GBK."""
    html = corpus_file("shanghai_szfbgt_2019.html").read_text(encoding="utf-8")
    return f"<html><body><div class='TRS_Editor'>{html}</div></body></html>".encode("gbk")


def test_each_document_response_is_a_record(tmp_path):
    warc = tmp_path / "crawl.warc.gz"
    write_warc(warc, [
        (PT + "202001/t20200131_1.html", 200, "text/html; charset=GBK", gbk_page()),
        (PT + "202501/P020250120001.pdf", 200, "application/pdf", corpus_file("huaian_szf_2024.pdf").read_bytes()),
        (PT + "202001/logo.png", 200, "image/png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 64),
        (PT + "201201/t20120110_1.htm", 404, "text/html", b"<html><body>404</body></html>"),
    ])
    records = list(parse_warc(warc))
    assert [r.source.url for r in records] == [PT + "202001/t20200131_1.html", PT + "202501/P020250120001.pdf"]
    html, pdf = records
    assert html.source.format == pdf.source.format == "warc-record"
    assert (html.source.inner_format, pdf.source.inner_format) == ("html", "pdf")
    assert html.source.encoding == "gb18030" and html.error is None
    assert html.source.path.startswith(str(warc) + "#") and html.source.path.endswith("/t20200131_1.html")
    for rec, doc in ((html, "shanghai_szfbgt_2019.html"), (pdf, "huaian_szf_2024.pdf")):
        gold = gold_of(doc)["meta"]
        assert (rec.meta.agency, rec.meta.year) == (gold["agency"], gold["year"])
    assert html.meta.url_date == html.meta.published == "2020-01-31"


def test_source_url_is_where_the_page_was_fetched_and_its_own_address_is_kept(tmp_path):
    """The saved Pingtan page names itself https://www.pingtan.gov.cn/… (<meta name="Url">); archived
    from a mirror, `source.url` is the mirror's address and the page's own one `meta.canonical_url`."""
    page = corpus_file("pingtan_syq_2022.html").read_bytes()
    mirror = "http://archive.example.org/pingtan/zfxxgknb/202302/t20230220_80629.htm"
    own = PT + "202302/t20230220_80629.htm"
    warc = tmp_path / "mirror.warc.gz"
    write_warc(warc, [(mirror, 200, "text/html; charset=utf-8", page), (own, 200, "text/html", page)])
    fetched, same = parse_warc(warc)
    assert fetched.source.url == mirror and fetched.meta.canonical_url == own
    assert same.source.url == own and same.meta.canonical_url is None  # fetched from its own address
    assert fetched.to_dict()["meta"]["canonical_url"] == own


def test_a_legacy_word_attachment_gets_an_error_record(tmp_path):
    warc = tmp_path / "crawl.warc"
    write_warc(warc, [(PT + "201402/P020140210.doc", 200, "application/msword",
                       b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600)], gzip=False)
    (rec,) = parse_warc(warc)
    # a damaged .doc: LibreOffice cannot convert it (or, without LibreOffice, the converter is named)
    assert rec.error["type"] in ("ConversionFailed", "ConverterMissing")
    assert rec.source.url == PT + "201402/P020140210.doc"
    assert rec.error["message"].startswith(str(warc) + "#")


def test_a_broken_warc_keeps_what_was_read(tmp_path):
    good = tmp_path / "good.warc.gz"
    write_warc(good, [(PT + "202001/t20200131_1.html", 200, "text/html; charset=GBK", gbk_page())])
    cut = tmp_path / "cut.warc.gz"
    data = good.read_bytes()
    cut.write_bytes(data + data[: len(data) // 2])
    records = list(parse_warc(cut))
    assert records[0].error is None and records[0].meta.year == 2019
    assert records[-1].error["type"] == "TruncatedRecord" and str(cut) in records[-1].error["message"]
    assert records[-1].source.url == PT + "202001/t20200131_1.html"
    junk = tmp_path / "junk.warc"
    junk.write_bytes(b"this is not a WARC file\n" * 10)
    (rec,) = parse_warc(junk)
    assert rec.error["type"] == "CorruptWARC" and str(junk) in rec.error["message"]
    only_images = tmp_path / "images.warc.gz"
    write_warc(only_images, [(PT + "logo.png", 200, "image/png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 64)])
    (rec,) = parse_warc(only_images)
    assert rec.error["type"] == "EmptyArchive"


def test_batch_finds_warc_files_in_folders(tmp_path):
    write_warc(tmp_path / "a.warc.gz", [(PT + "202001/t20200131_1.html", 200, "text/html; charset=GBK", gbk_page())])
    write_warc(tmp_path / "b.warc", [(PT + "202001/t20200131_2.html", 200, "text/html; charset=GBK", gbk_page())],
               gzip=False)
    (tmp_path / "manifest.jsonl").write_text("{}\n", encoding="utf-8")
    assert [p.name for p in iter_documents([tmp_path])] == ["a.warc.gz", "b.warc"]
    result = run_batch([tmp_path], tmp_path / "out")
    assert result.documents == 2 and result.failed == 0
    assert {r["source"]["url"] for r in result.records()} == {PT + "202001/t20200131_1.html",
                                                            PT + "202001/t20200131_2.html"}
    assert all(r["source"]["format"] == "warc-record" for r in result.records())


def test_url_date_of_trs_and_hanweb_urls():
    assert url_date(PT + "201403/t20140324_80759.htm") == "2014-03-24"
    assert url_date("http://www.nanjing.gov.cn/xxgk/nb/201501/t20150120_3071234.html?x=1") == "2015-01-20"
    assert url_date("http://www.zj.gov.cn/art/2020/1/9/art_1229019364_1.html") == "2020-01-09"
    assert url_date("http://www.zj.gov.cn/col/col1229019364/index.html") is None
    assert url_date(PT + "201402/t20140231_1.htm") is None   # not a date
    assert url_date(None) is None


def test_url_date_against_published_on_real_dumps(parsed):
    """Pingtan 2013: URL t20140324 but published 2014-01-10 (domain.md §4.1) → an info finding."""
    late = parsed("pingtan_syq_2013.txt")
    assert late["meta"]["url_date"] == "2014-03-24" and late["meta"]["published"] == "2014-01-10"
    (f,) = [f for f in late["findings"] if f["rule"] == "date.url_vs_page"]
    assert f["severity"] == "info" and "2014-03-24" in f["message"]
    same = parsed("pingtan_syq_2019.txt")
    assert same["meta"]["url_date"] == same["meta"]["published"]
    assert "date.url_vs_page" not in [f["rule"] for f in same["findings"]]


def test_http_charset():
    assert http_charset("text/html; charset=GBK") == "GBK"
    assert http_charset('text/html;charset="utf-8"') == "utf-8"
    assert http_charset("application/pdf") is None


def test_plain_files_still_parse_alongside(tmp_path):
    """A folder mixing a WARC and a plain report yields a record for each."""
    write_warc(tmp_path / "a.warc.gz", [(PT + "202001/t20200131_1.html", 200, "text/html; charset=GBK", gbk_page())])
    (tmp_path / "r.txt").write_bytes(corpus_file("pingtan_syq_2012.txt").read_bytes())
    formats = sorted(r.source.format for r in parse_many([tmp_path]))
    assert formats == ["txt", "warc-record"]
