"""Readers on real documents, and every kind of bad input named in the foundation issue."""
from __future__ import annotations


import pytest

from pipeline.core import parse_bytes, parse_path
from pipeline.read import ReadError, read_bytes, read_path
from conftest import corpus_file
from pipeline.devtools.scans import scan_pdf


def test_crawler_dump_header_and_toolbar_are_stripped_but_kept_as_hints():
    doc = read_path(corpus_file("pingtan_syq_2012.txt"))
    assert doc.hints.title == "平潭综合实验区2012年政府信息公开工作年度报告"
    assert doc.hints.published == "2013-02-25"
    assert doc.hints.url.endswith("t20130228_80734.htm")
    assert doc.hints.source_line == "平潭综合实验区管委会"
    head = doc.text[:200]
    for furniture in ("当前位置", "来源：", "时间：", "微信 微博", "全真版", "相关链接", "==="):
        assert furniture not in head
    assert not doc.text.endswith("附件下载")
    assert "本报告主要根据" in head


def test_seed_byline_and_toolbar_are_stripped():
    doc = read_path(corpus_file("jiangsu_yjglt_2018.txt"))
    assert doc.hints.published == "2019-02-27"
    assert "浏览次数" not in doc.text and "发布日期" not in doc.text
    assert doc.text.rstrip().endswith("2018年2月27日")  # 关闭 / 打印 gone, the 落款 kept


def test_saved_page_body_is_found_and_furniture_left_out():
    doc = read_path(corpus_file("pingtan_syq_2025.html"))
    assert doc.hints.published == "2026-03-10"
    assert doc.hints.title == "平潭综合实验区2025年度政府信息公开工作年度报告"
    assert "当前位置" not in doc.text and "扫一扫" not in doc.text and "SiteInfo" not in doc.text
    assert len(doc.tables) == 3
    t3 = doc.tables[1]
    assert (len(t3.grid), len(t3.grid[0])) == (28, 10)
    assert doc.text[t3.start:t3.end].startswith("（本列数据的勾稽关系为")


def test_html_grid_keeps_merged_cells_with_one_origin():
    doc = read_path(corpus_file("shanghai_szfbgt_2019.html"))
    t3 = doc.tables[1]
    assert (len(t3.grid), len(t3.grid[0])) == (26, 10)
    corner = t3.grid[0][0]
    assert corner.text.startswith("（本列数据的勾稽关系为")
    assert t3.grid[2][2].origin == corner.origin  # rowspan=3 colspan=3


def test_pdf_text_layer_without_footers_or_digit_gaps():
    doc = read_path(corpus_file("huaian_szf_2024.pdf"))
    assert doc.format == "pdf" and len(doc.pages) == 6
    assert "- 1 -" not in doc.text and "- 6 -" not in doc.text
    assert "2024年政府信息公开工作年度报告" in doc.text  # "2024 年" repaired
    assert "\r" not in doc.text
    assert "3001 53 0 0 61 4 3119" in doc.text  # table row cells keep their separators
    assert doc.page_of(doc.text.index("二、主动公开政府信息情况")) == 3


def test_docx_paragraphs_and_merged_tables():
    doc = read_path(corpus_file("pingtan_syq_2022.docx"))
    assert doc.text.startswith("平潭综合实验区2022年度政府信息公开工作年度报告")
    assert [len(t.grid) for t in doc.tables] == [14, 28, 4]


# ---------------------------------------------------------------- bad input

def test_empty_file(tmp_path):
    f = tmp_path / "empty.html"
    f.write_bytes(b"")
    rec = parse_path(f)
    assert rec.error["type"] == "EmptyDocument"
    assert str(f) in rec.error["message"] and "empty" in rec.error["message"]


def test_binary_file_named_html(tmp_path):
    f = tmp_path / "report.html"
    f.write_bytes(bytes(range(256)) * 50)
    rec = parse_path(f)
    assert rec.error["type"] == "BinaryContent" and str(f) in rec.error["message"]


def test_truncated_pdf(tmp_path):
    data = corpus_file("huaian_szf_2024.pdf").read_bytes()
    f = tmp_path / "truncated.pdf"
    f.write_bytes(data[: len(data) // 3])
    rec = parse_path(f)
    if rec.error:  # pdfium refuses the file: the record says which and why
        assert rec.error["type"] == "CorruptPDF" and str(f) in rec.error["message"]
    else:  # pdfium recovered the pages it has: they must be the real report's text
        assert rec.meta.agency == "淮安市人民政府"


def test_file_named_pdf_that_is_not_one(tmp_path):
    f = tmp_path / "x.pdf"
    f.write_text("<html>not a pdf</html>", encoding="utf-8")
    assert parse_path(f).error["type"] == "CorruptPDF"


def test_pdf_without_text_layer_names_the_problem(tmp_path, monkeypatch):
    from pipeline.read import ocr as ocr
    monkeypatch.setattr(ocr, "missing_ocr", lambda: ocr.MISSING_TESSERACT)  # as on a machine without it
    f = tmp_path / "scanned.pdf"
    f.write_bytes(scan_pdf(corpus_file("huaian_szf_2024.pdf").read_bytes(), pages=[0], dpi=36))
    rec = parse_path(f)
    assert rec.error["type"] == "NoTextLayer"
    assert "OCR" in rec.error["message"] and str(f) in rec.error["message"]
    assert "tesseract-ocr-chi-sim" in rec.error["message"]


def test_gbk_page_without_charset_declaration():
    html = corpus_file("shanghai_szfbgt_2019.html").read_text(encoding="utf-8")
    rec = parse_bytes(html.encode("gbk"), "page.html")
    assert rec.error is None
    assert rec.source.encoding in ("gb18030", "gbk", "gb2312")
    assert rec.meta.agency == "上海市人民政府办公厅"
    assert len(rec.sections) == 6


def test_gb2312_declared_page_with_gbk_only_characters_is_not_truncated():
    body = corpus_file("shanghai_szfbgt_2019.html").read_text(encoding="utf-8")
    body = body.replace("上海市人民政府办公厅坚持", "上海市人民政府办公厅（联系人：朱镕基）坚持", 1)
    page = ('<html><head><meta http-equiv="Content-Type" content="text/html; charset=gb2312">'
            f"</head><body>{body}</body></html>").encode("gb18030")
    with pytest.raises(UnicodeEncodeError):
        "镕".encode("gb2312")  # the character really is outside GB2312
    doc = read_bytes(page, "page.html")
    assert doc.encoding == "gb18030"
    assert "朱镕基" in doc.text
    assert doc.text.rstrip().endswith("无。")  # nothing lost after the GBK-only character


def test_http_charset_header_wins_over_meta():
    html = "<html><head><meta charset='utf-8'></head><body><p>2019年某局政府信息公开工作年度报告</p></body></html>"
    doc = read_bytes(html.encode("gb18030"), "page.html", declared_encoding="GBK")
    assert "某局" in doc.text


def test_oversized_file_is_refused_with_its_size(tmp_path):
    f = tmp_path / "huge.txt"
    with f.open("wb") as fh:
        fh.write(("一、总体情况\n" + "数据" * 1000 + "\n").encode("utf-8") * 9000)
    assert f.stat().st_size > 50_000_000
    rec = parse_path(f)
    assert rec.error["type"] == "TooLarge" and "MB" in rec.error["message"]


def test_missing_path():
    rec = parse_path("/nonexistent/report.html")
    assert rec.error["type"] == "FileNotFound"
    assert "/nonexistent/report.html" in rec.error["message"]


def test_file_with_no_headings_gets_a_finding(tmp_path):
    f = tmp_path / "notice.txt"
    f.write_text("关于开展政务公开培训的通知。各单位：定于下周举办培训，请准时参加。", encoding="utf-8")
    rec = parse_path(f)
    assert rec.error is None
    assert rec.sections == []
    # two sentences without title or heading: no report at all (text/meta.py), and said so
    assert rec.meta.not_a_report == "empty"
    assert [x.rule for x in rec.findings] == ["meta.not_a_report"]


def test_read_error_message_names_file_and_problem():
    with pytest.raises(ReadError) as info:
        read_bytes(b"   ", "some/dir/a.txt")
    assert str(info.value) == "some/dir/a.txt: file is empty"


def _full_page(body: str) -> str:
    """A CMS page around a real report body: nav, breadcrumb, metadata box, byline, tool bar, footer."""
    return f"""<!DOCTYPE html><html><head><meta http-equiv="Content-Type" content="text/html; charset=gb2312">
<title>2019年上海市人民政府办公厅政府信息公开工作年度报告_政府信息公开年报_上海市人民政府</title>
<script>var SiteInfo = {{docid: '1'}};</script><style>.x{{color:red}}</style></head><body>
<div class="nav"><a href="/">首页</a> <a href="/zwgk">政务公开</a> <a href="/hd">互动交流</a></div>
<div class="crumb">当前位置：首页 &gt; 政务公开 &gt; 政府信息公开年报</div>
<table class="meta"><tr><td>索引号：</td><td>SH0001-2020-00012</td><td>主题分类：</td><td>综合政务</td></tr>
<tr><td>发布机构：</td><td>上海市人民政府办公厅</td><td>发布日期：</td><td>2020-01-31</td></tr>
<tr><td>文号：</td><td></td><td>有效性：</td><td>有效</td></tr></table>
<div class="byline">发布时间：2020-01-31 10:00 来源：市政府办公厅 浏览次数： 字号：大 中 小 【打印】 【关闭】</div>
<div class="article_content">{body}</div>
<div class="share">分享到： 微信 微博 QQ空间 扫一扫在手机打开当前页面</div>
<div class="footer">主办：上海市人民政府办公厅 网站标识码3100000001 沪ICP备05001228号</div>
</body></html>"""


def test_full_cms_page_in_gbk_with_metadata_box():
    body = corpus_file("shanghai_szfbgt_2019.html").read_text(encoding="utf-8")
    rec = parse_bytes(_full_page(body).encode("gb18030"), "page.html")
    assert rec.error is None
    assert rec.source.encoding == "gb18030"
    assert rec.meta.title == "2019年上海市人民政府办公厅政府信息公开工作年度报告"
    assert rec.meta.publisher == "上海市人民政府办公厅"
    assert rec.meta.published == "2020-01-31"
    for furniture in ("索引号", "当前位置", "浏览次数", "【打印】", "分享到", "扫一扫", "ICP备", "SiteInfo"):
        assert furniture not in rec.text
    assert [s.kind for s in rec.sections] == ["overview", "active", "requests", "review", "problems", "other"]


def test_utf8_page_mislabelled_gb2312_is_not_turned_into_mojibake():
    html = corpus_file("pingtan_syq_2022.html").read_text(encoding="utf-8")
    html = html.replace('<meta charset="utf-8"', '<meta charset="gb2312"', 1)
    assert 'charset="gb2312"' in html
    doc = read_bytes(html.encode("utf-8"), "page.html")
    assert doc.encoding == "utf-8"
    assert "平潭综合实验区" in doc.text
