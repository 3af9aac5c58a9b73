"""Page-level reading on real report pages of the national variety (corpus/excerpts): one test per
trap family of issue 14 — title anywhere in the head, agency from evidence and never furniture,
year and era from the right signal, publication date from the byline — plus pages that are no report."""
from __future__ import annotations

import pytest

from pipeline.core import parse_bytes, parse_path
from pipeline.record import PageHints
from pipeline.text.agency import _CONTACT, agency_evidence, fullest_printed
from pipeline.text.meta import detect_era

from conftest import ROOT

EXCERPTS = ROOT / "corpus" / "excerpts"


@pytest.fixture(scope="module")
def page():
    cache: dict[str, dict] = {}

    def get(name: str) -> dict:
        if name not in cache:
            cache[name] = parse_path(EXCERPTS / name).to_dict()
        return cache[name]

    return get


def rules(record: dict) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for f in record["findings"]:
        out.setdefault(f["rule"], []).append(f["message"])
    return out


# ---------------------------------------------------------------- title anywhere in the head

def test_title_after_dozens_of_chrome_lines(page):
    meta = page("gb2019_032.txt")["meta"]  # hot-search words, 15 menu bullets, EN, 老年人模式 first
    assert meta["title"] == "广西壮族自治区人民政府办公厅2020年政府信息公开工作年度报告"
    assert (meta["agency"], meta["agency_source"], meta["year"]) == ("广西壮族自治区人民政府办公厅", "title", 2020)


@pytest.mark.parametrize("name,agency,year", [
    ("gb2021_029.txt", "衡南县人民政府办公室", 2022),  # 衡南县人民政府办公室2022年政府信息 / 公开年度报告
    ("gb2021_042.txt", "西藏自治区审计厅", 2025),  # …2025年政务信息 / 公开工作开展年度报告
    ("gb2019_044.txt", "铜川市耀州区气象局", 2020),  # the organ on its own line above 2020年政府信息…报告
    ("gb2019_005.txt", "乌海市工业和信息化局", 2020),  # organ line above a title with no year at all
])
def test_title_split_over_two_lines(page, name, agency, year):
    meta = page(name)["meta"]
    assert (meta["agency"], meta["year"]) == (agency, year)


def test_title_after_a_portal_menu_numbered_like_headings():
    menu = "政府信息公开\n一、政府信息公开指南\n二、政府信息公开制度\n三、政府信息公开年报\n"
    rec = parse_bytes((menu + page_text("gb2019_004.txt")).encode("utf-8"), "menu.txt").to_dict()
    # (the segmenter now skips such a menu as an outline: the title must be found either way)
    meta = rec["meta"]
    assert meta["title"] == "临汾经济开发区2020年政府信息公开年度报告"
    assert (meta["agency"], meta["agency_source"], meta["year"], meta["year_source"]) == \
        ("临汾经济开发区", "title", 2020, "title")


def test_repeated_title_whose_first_copy_names_no_issuer(page):
    meta = page("gb2019_028.txt")["meta"]  # '365体育官网 / 2019年度…报告', later '衡阳市国资委 / 2019年度…报告'
    assert (meta["agency"], meta["year"]) == ("衡阳市国资委", 2019)


@pytest.mark.parametrize("name,agency,year", [
    ("gb2021_013.txt", "上海市人民政府", 2022),  # 2022年上海市政府信息公开工作年度报告: year before the place
    ("legacy_011.txt", "上海市杨浦区控江路街道办事处", 2010),  # year first, the date glued after the title
    ("legacy_025.txt", "重庆市发展和改革委员会", 2012),  # inverted: 政府信息公开年度工作报告
    ("gb2019_026.txt", "孝昌县人民政府", 2020),  # 孝昌县2020政府信息公开…: 年 dropped
    ("gb2019_000.txt", "北京市延慶區人民政府", 2019),  # traditional characters: 政府信息公開工作年度報告
    ("gb2021_015.txt", "安镇街道", 2024),  # the title runs into the first sentence; a street keeps its name
])
def test_title_variants(page, name, agency, year):
    meta = page(name)["meta"]
    assert (meta["agency"], meta["year"]) == (agency, year)


# ---------------------------------------------------------------- agency from evidence

@pytest.mark.parametrize("name,agency", [
    ("legacy_046.txt", "天津市人民政府"), ("gb2021_012.txt", "方正县大罗密镇人民政府"),
    ("gb2021_008.txt", "正蓝旗扎格斯台苏木人民政府"), ("gb2021_047.txt", "海南州人民政府"),
])
def test_a_title_naming_only_a_place_means_its_government(page, name, agency):
    meta = page(name)["meta"]
    assert meta["agency"] == agency
    assert meta["agency_source"] in ("place-title", "title")


def test_zones_have_no_peoples_government(page):
    assert page("gb2019_004.txt")["meta"]["agency"] == "临汾经济开发区"


@pytest.mark.parametrize("name,furniture,agency", [
    ("legacy_009.txt", "登录", "兴华乡人民政府"),
    ("gb2019_022.txt", "关怀版", "中村乡人民政府"),
    ("gb2019_033.txt", "更新时间", "三亚市海棠区人民政府办公室"),
    ("legacy_024.txt", "当前的位置", "重庆市北碚区人民政府"),
    ("gb2021_011.txt", "无障碍", "吉林省人民政府办公厅"),
])
def test_page_furniture_is_never_the_agency(page, name, furniture, agency):
    meta = page(name)["meta"]
    assert meta["agency"] == agency and furniture not in meta["agency"]


def test_the_byline_gives_the_full_name_the_title_shortens(page):
    meta = page("gb2019_001.txt")["meta"]  # title 河东区民政局…, 来源:天津市河东区民政局
    assert (meta["agency"], meta["agency_source"]) == ("天津市河东区民政局", "title+source-line")


def test_a_report_wrapped_in_its_submission_letter(page):
    meta = page("gb2021_046.txt")["meta"]  # 金统发〔2025〕2号 / 金昌市统计局 / 2024年… / 市政府办公室:
    assert (meta["agency"], meta["year"], meta["era"]) == ("金昌市统计局", 2024, "gb2021")


def test_a_report_published_inside_a_notice_counts_not_the_notice():
    # the shape of a county office's publication notice around gb2021_013's report (doc number, addressees)
    body = page_text("gb2021_013.txt").split("\n", 3)[3]
    page = ("上海市人民政府办公厅关于印发《2022年上海市政府信息公开工作年度报告》的通知\n沪府办发〔2023〕9号\n"
            "各区人民政府，市政府各委、办、局：\n现将《2022年上海市政府信息公开工作年度报告》印发给你们。\n" + body)
    meta = parse_bytes(page.encode("utf-8"), "notice.txt").to_dict()["meta"]
    assert (meta["agency"], meta["year"], meta["not_a_report"]) == ("上海市人民政府", 2022, None)


@pytest.mark.parametrize("name,agency,source", [
    ("legacy_041.txt", "湖南省人民政府", "notice-intro"),  # 现公布湖南省人民政府2016年…报告
    ("gb2019_030.txt", "寮步镇人民政府", "notice-intro"),  # 现向社会公布寮步镇政府2019年…: 镇政府 is its 人民政府
    ("legacy_047.txt", "南宁市行政审批局", "compiler"),  # 由南宁市行政审批局编制
    ("gb2021_019.txt", "国家税务总局芜湖市镜湖区税务局", "intro"),  # …税务局（以下简称“镜湖区税务局”）
    ("legacy_005.txt", "吉林省审计厅", "notice-intro"),
])
def test_agency_named_only_in_the_intro(page, name, agency, source):
    meta = page(name)["meta"]
    assert (meta["agency"], meta["agency_source"]) == (agency, source)


def test_a_short_title_name_defined_in_the_intro(page):
    # title 自治区北部湾办…; intro 由广西壮族自治区北部湾经济区规划建设管理办公室(以下简称自治区北部湾办)编制
    assert page("gb2021_031.txt")["meta"]["agency"] == "广西壮族自治区北部湾经济区规划建设管理办公室"


def test_self_reference_with_the_office_named_on_the_website_line(page):
    rec = page("gb2019_009.txt")  # 我办 …; 吉林市人民政府外事办公室网站
    assert (rec["meta"]["agency"], rec["meta"]["agency_source"]) == ("吉林市人民政府外事办公室", "contact")
    assert "meta.agency_weak_signal" in rules(rec)


def test_no_agency_without_evidence_and_a_finding_says_so(page):
    rec = page("gb2021_001.txt")  # starts at 一、总体情况, only 我局
    assert rec["meta"]["agency"] is None
    assert "meta.agency_missing" in rules(rec)


def test_disagreeing_signals_raise_a_finding(page):
    rec = page("gb2021_003.txt")  # title 河北省发展和改革委员会, byline 发布机构:侯贯镇
    assert rec["meta"]["agency"] == "河北省发展和改革委员会"
    assert any("侯贯镇" in m for m in rules(rec)["meta.agency_signals_disagree"])


# ---------------------------------------------------------------- year and era

@pytest.mark.parametrize("name,year,source", [
    ("gb2019_005.txt", 2020, "period"),  # the title has no year
    ("gb2019_016.txt", 2020, "title"),
    ("legacy_044.txt", 2016, "period"),  # 自2016年8月19日起,至2016年12月31日止
    ("legacy_002.txt", 2009, "period"),  # 自2009年1月1日《条例》实施之日起,至2009年12月31日止
    ("gb2019_003.txt", 2020, "title"),
    ("legacy_003.txt", 2009, "intro"),  # 由北京市东城区审计局编制的2009年度政府信息公开年度报告
    ("gb2021_037.txt", 2024, "period"),  # the intro names a 2023 report (copy-over); the period is 2024
    ("legacy_022.txt", 2012, "title"),  # published 2015, a template leftover says 2009
])
def test_year_from_the_right_signal(page, name, year, source):
    meta = page(name)["meta"]
    assert (meta["year"], meta["year_source"]) == (year, source)


def test_year_only_in_the_prose_carries_a_finding(page):
    rec = page("gb2019_043.txt")  # no year in the title, no period; 2020年度我街办…
    assert (rec["meta"]["year"], rec["meta"]["year_source"]) == (2020, "prose")
    assert "meta.year_inferred" in rules(rec)


def test_a_2021_report_on_the_2019_template_stays_gb2019(page):
    meta = page("gb2021_038.txt")["meta"]
    assert (meta["year"], meta["era"]) == (2021, "gb2019")


def test_era_from_the_cited_format_notice_when_no_year_is_known():
    sentence = next(line for line in page_text("gb2021_012.txt").split("\n") if "国办公开办函" in line)
    assert "〔2021〕30号" in sentence
    assert detect_era(sentence, None) == "gb2021"


def page_text(name: str) -> str:
    return (EXCERPTS / name).read_text(encoding="utf-8")


# ---------------------------------------------------------------- publication date

@pytest.mark.parametrize("name,published", [
    ("gb2021_047.txt", "2023-03-17"),  # 生效日期: 2023-03-21 stands before 发布时间:2023-03-17
    ("legacy_015.txt", "2012-03-29"),  # | 公开日期 | 2012-03-29 | in a pipe table
    ("legacy_004.txt", "2010-04-06"),  # unlabelled 2010年04月06日 on the portal's byline line
    ("gb2019_004.txt", "2021-01-29"),  # a bare date line under the title
    ("legacy_011.txt", "2011-01-28"),  # glued to the end of the title line
    ("gb2019_001.txt", "2020-01-20"),  # not the header's stale 2019年12月3日星期二
    ("gb2019_009.txt", None),  # a parenthesised document date is not the publication date
])
def test_publication_date_from_the_byline(page, name, published):
    assert page(name)["meta"]["published"] == published


def test_the_portal_headers_today_is_not_the_publication_date():
    page = page_text("gb2019_001.txt").replace("2019年12月3日星期二", "2019-12-03 星期二")
    page = page.replace("发布时间:2020-01-20 08:00", "")  # and the byline's own date gone
    rec = parse_bytes(page.encode("utf-8"), "gb2019_001.txt").to_dict()
    assert rec["meta"]["published"] is None


# ---------------------------------------------------------------- pages that are no report

def test_a_second_crawlers_header_block_is_read_not_kept():
    body = page_text("gb2021_021.txt").split("\n", 2)[2]  # the report without its own title/byline lines
    dump = ("标题：福建省发展和改革委员会2023年政府信息公开工作年度报告\n来源：福建省发展和改革委员会网站\n"
            "发布时间：2024-01-17 16:16\n抓取时间：2025-03-02 10:11:12\n" + body)
    rec = parse_bytes(dump.encode("utf-8"), "dump.txt").to_dict()
    assert (rec["meta"]["agency"], rec["meta"]["year"], rec["meta"]["published"]) == \
        ("福建省发展和改革委员会", 2023, "2024-01-17")
    assert "标题" not in rec["text"][:200] and "抓取时间" not in rec["text"]


def test_a_crawler_header_on_one_line_running_into_the_body():
    body = page_text("gb2021_021.txt").split("\n", 2)[2].replace("\n", " ")  # one line, as some dumps are
    dump = ("标题：福建省发展和改革委员会2023年政府信息公开工作年度报告 来源：福建省发展和改革委员会 "
            "发布时间：2024-01-17 16:16 抓取时间：2025-03-02 10:11:12 " + body)
    rec = parse_bytes(dump.encode("utf-8"), "dump.txt").to_dict()
    assert (rec["meta"]["agency"], rec["meta"]["published"]) == ("福建省发展和改革委员会", "2024-01-17")
    assert rec["text"].startswith("本年度报告是根据") and rec["sections"]


def test_a_notice_about_compiling_reports_is_not_a_report():
    # the notice gb2019_004 cites, standing as the page's own title
    notice = ("临汾市政府办公室关于做好2020年政府信息公开工作年度报告相关工作的通知\n各县、市、区人民政府，市直各部门：\n"
              "根据《国务院办公厅政府信息与政务公开办公室关于政府信息公开工作年度报告有关事项的通知》要求，"
              "请各单位于2021年1月31日前向社会公布本单位2020年政府信息公开工作年度报告。\n")
    rec = parse_bytes(notice.encode("utf-8"), "notice.txt").to_dict()
    assert rec["meta"]["not_a_report"] == "notice"
    assert (rec["meta"]["agency"], rec["meta"]["year"], rec["values"]) == (None, None, {})
    assert [f["rule"] for f in rec["findings"]] == ["meta.not_a_report"]


def test_a_list_of_reports_is_not_a_report(page):
    titles = [page(n)["meta"]["title"] for n in ("gb2019_032.txt", "gb2021_029.txt", "legacy_046.txt", "gb2021_013.txt")]
    listing = "政府信息公开年报\n" + "\n".join(f"{t}  2021-01-2{i}" for i, t in enumerate(titles)) + "\n"
    rec = parse_bytes(listing.encode("utf-8"), "list.txt").to_dict()
    assert rec["meta"]["not_a_report"] == "list" and rec["meta"]["agency"] is None


def test_a_page_of_chrome_only_is_not_a_report():
    text = page_text("gb2019_032.txt")
    chrome = text[:text.index("当前位置")]  # the menu before the breadcrumb and the title
    assert "年度报告" not in chrome
    rec = parse_bytes(chrome.encode("utf-8"), "chrome.txt").to_dict()
    assert rec["meta"]["not_a_report"] == "empty"


def test_a_township_named_by_its_compiler_takes_the_county_its_address_prints(page):
    """gb2019_023: no title; 由两城镇人民政府党政办公室编制, address 微山县两城镇人民政府驻地… (township names
    repeat from county to county, so the county printed with it is kept)."""
    meta = page("gb2019_023.txt")["meta"]
    assert (meta["agency"], meta["agency_source"]) == ("微山县两城镇人民政府", "compiler")


@pytest.mark.parametrize("name,text,fullest", [
    ("两城镇人民政府", "地址:济宁市微山县两城镇人民政府驻地", "济宁市微山县两城镇人民政府"),
    ("两城镇人民政府", "请与两城镇人民政府联系，结合两城镇人民政府实际", "两城镇人民政府"),  # words, not places
    ("沙坡头区人民政府", "请与中卫市沙坡头区人民政府办公室联系", "沙坡头区人民政府"),  # county level: as chosen
])
def test_fullest_printed(name, text, fullest):
    assert fullest_printed(name, text) == fullest


@pytest.mark.parametrize("line,name", [
    ("请与自治区北部湾办综合处联系(地址:南宁市", "自治区北部湾办"),  # gb2021_031: an internal 处 after the organ
    ("请与江阴市人民政府办公室政务公开科联系,联系电话", "江阴市人民政府办公室"),  # legacy_015: a 科
    ("请与吉林市人民政府外事办公室联系。", "吉林市人民政府外事办公室"),  # gb2019_009: an office that is the organ
    ("请与省农业农村厅政府信息公开领导小组办公室联系(地址", "省农业农村厅政府信息公开领导小组办公室"),
])
def test_the_contact_line_names_the_organ_before_its_internal_unit(line, name):
    assert _CONTACT.search(line).group("n") == name


@pytest.mark.parametrize("self_word,contact", [
    ("本局", "请与渝中区市场监督管理局联系(电话"),  # gb2021_034 calls itself 本局
    ("我中心", "请与某市公共资源交易中心联系。"),
    ("本办法", None),  # 本办 inside 本办法 is no self-reference
])
def test_the_body_calling_itself_names_the_contact_office(self_word, contact):
    text = f"2021年，{self_word}共收到政府信息公开申请3件。如对本报告有疑问，{contact or '请与某市人民政府办公室联系。'}"
    found = [e.name for e in agency_evidence(None, text, PageHints()) if e.source == "contact"]
    assert found == ([contact[2:contact.index("联系")]] if contact else [])
