"""The HTML reader's fast paths give what the plain ways gave: the page handed to lxml as UTF-8
bytes whatever its encoding, a page already valid UTF-8 never decoded whole, an XML-declared page,
table cells collapsed in one pass, the page head joined piece run by piece run, body containers
found from the class values that hold them."""
from __future__ import annotations

from lxml import etree

from pipeline.read.decode import _UTF8_CHUNK, _is_utf8, decode, is_plain_utf8
from pipeline.read.html import (_PARSER, _TEXTS, _WS, _XML_START, _find_body, _head_text, _xml_declared,
                                read_html)

_TITLE = "某县2020年政府信息公开工作年度报告"
_BODY = ("<p>根据《条例》规定，编制本报告。本报告所列数据统计期限自2020年1月1日起至2020年12月31日止。</p>"
         "<p>「」丨 GBK：丟 ₩ 𠀀</p>"
         "<table><tr><td> 项 目 </td><td colspan='2'>本年&nbsp;新增\n 数量</td></tr>"
         "<tr><td>　主动公开</td><td> 3 </td><td></td></tr></table>")


def _page(charset: str = "utf-8", before: str = "") -> str:
    return (f"{before}<html><head><meta charset=\"{charset}\"><title>{_TITLE}</title></head><body>"
            f"<div class=\"header\">当前位置：首页</div><div class=\"TRS_Editor\">{_BODY * 3}</div>"
            "</body></html>")


def _read(data: bytes, declared: str | None = None):
    return read_html(data, "page.html", declared)


def test_every_encoding_of_a_page_reads_to_the_same_text_and_tables():
    plain = _read(_page().encode("utf-8"))
    assert "丟 ₩ 𠀀" in plain.text and plain.hints.title == _TITLE
    assert plain.tables[0].texts() == [["项 目", "本年 新增 数量", "本年 新增 数量"], ["主动公开", "3", ""]]
    for data, declared in ((b"\xef\xbb\xbf" + _page().encode("utf-8"), None),
                           (_page("gb2312").encode("gb18030"), None),
                           (_page().encode("gb18030"), "gbk"),
                           (_page().encode("utf-16"), None)):
        doc = _read(data, declared)
        assert (doc.text, [t.texts() for t in doc.tables]) == (plain.text, [t.texts() for t in plain.tables])


def test_a_page_opening_with_an_xml_declaration_is_still_decoded_right():
    plain = _read(_page().encode("utf-8"))
    for before in ('<?xml version="1.0" encoding="utf-8"?>\n', '  \n<?xml version="1.0"?>'):
        doc = _read(_page(before=before).encode("utf-8"))
        assert doc.text == plain.text and "<?xml" not in doc.text
    gbk = _read(_page("gbk", '<?xml version="1.0" encoding="gbk"?>').encode("gb18030"))
    assert gbk.text == plain.text


def test_a_plain_utf8_page_is_one_decode_reads_as_its_own_utf8():
    page = _page().encode("utf-8")
    for declared in (None, "utf-8", "UTF8", "gbk"):
        assert is_plain_utf8(page, declared)
        assert decode(page, "page.html", declared, []) == (page.decode("utf-8"), "utf-8")
    mended = [(b"\xef\xbb\xbf" + page, None), (page[:-1] + b"\xff", None), (page, "big5"),
              (_page("gbk").encode("gb18030"), "gbk"), (b"<p>ascii</p>", "gbk")]
    assert not any(is_plain_utf8(data, declared) for data, declared in mended)


def test_utf8_is_checked_across_chunk_boundaries():
    for shift in range(4):
        data = b"a" * (_UTF8_CHUNK - shift) + "丟𠀀".encode("utf-8")
        assert _is_utf8(data) and not _is_utf8(data[:-1]) and not _is_utf8(data[:_UTF8_CHUNK] + b"\xff")


def test_an_xml_declaration_is_found_in_the_bytes_as_in_the_text():
    for text in ("<?xml version='1.0'?><p/>", "\u3000 \n<?xml?>", "\xa0<?xml", "<?xm", "<中文", "<?x中", "x<?xml",
                 "纯文本", "", "<"):
        assert _xml_declared(text.encode("utf-8")) == bool(_XML_START.match(text)), text


def test_damaged_bytes_are_replaced_and_the_rest_read():
    data = bytearray(_page().encode("utf-8"))
    at = data.index("统计期限".encode("utf-8"))
    data[at] = 0xFF
    doc = _read(bytes(data))
    assert "\ufffd" in doc.text and "丟 ₩ 𠀀" in doc.text
    assert any(n.rule == "read.undecodable_bytes" for n in doc.notes)


def test_the_page_head_is_the_whole_text_joined_and_collapsed_cut_at_n():
    pages = ["<p>ab</p>" + "<p>" + " " * 9 + "c</p>",  # the last piece passes the first look
             "<p>" + " \n" * 3000 + "</p><p>发布时间：2021-01-29</p>",
             "".join(f"<p>{'x' * i}</p>{' ' * (i % 7)}<span>\t{i}</span>" for i in range(300))]
    for page in pages:
        root = etree.fromstring(page, _PARSER)
        whole = _WS.sub(" ", " ".join(_TEXTS(root)))
        for n in (5, 100, 2500):
            assert _head_text(root, n) == whole[:n]


def test_a_body_class_must_be_a_whole_class_token():
    prose = "<p>" + "根据《条例》规定，编制本报告。" * 20 + "</p>"
    root = etree.fromstring(f"<html><body><div class='x TRS_Editorial'>{prose}</div>"
                            f"<div class='main view'>{prose}{prose}</div>"
                            f"<div class='a TRS_Editor b'>{prose}</div></body></html>", _PARSER)
    assert _find_body(root).get("class") == "a TRS_Editor b"
    both = etree.fromstring(f"<html><body><div class='view'>{prose}{prose}</div>"
                            f"<div class='TRS_UEDITOR view'>{prose}</div></body></html>", _PARSER)
    assert _find_body(both).get("class") == "TRS_UEDITOR view"
