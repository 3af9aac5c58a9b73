"""Agency identity on real names: every labelled excerpt agency, the gold corpus's agencies, and the
name families of the national variety (district with/without its city, bare 省, townships,
autonomous divisions, vertical bodies, zones, general offices)."""
from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest

from pipeline.domain.divisions import divisions, is_division, near_divisions
from pipeline.domain.hosts import host_divisions, host_of
from pipeline.domain.identity import KINDS, LEVELS, PageEvidence, identify, kind_of, unify_organs

EXCERPTS = Path(__file__).resolve().parents[2].parent / "shared" / "corpus" / "excerpts"
EXPECTED = Path(__file__).with_name("data") / "excerpt_agencies.tsv"


def _expected() -> list[dict]:
    with EXPECTED.open(encoding="utf-8") as fh:
        return list(csv.DictReader((line for line in fh if not line.startswith("#")), delimiter="\t"))


def _labels() -> dict[str, dict]:
    return {v["file"]: v for v in json.loads((EXCERPTS / "labels.json").read_text(encoding="utf-8"))}


def _identify_excerpt(file: str):
    label = _labels()[file]
    page = PageEvidence(host=host_of(label["url"]), text=(EXCERPTS / file).read_text(encoding="utf-8"))
    return identify(label["agency"], page, label["year"])


def _case(row: dict):
    marks = [pytest.mark.xfail(strict=True, reason=row["why"])] if row["why"].startswith("LIMIT:") else []
    return pytest.param(row, id=row["file"], marks=marks)


@pytest.mark.parametrize("row", [_case(r) for r in _expected()])
def test_excerpt_agency_gets_its_level_kind_and_code(row):
    ident = _identify_excerpt(row["file"])
    assert (ident.level, ident.kind) == (row["level"], row["kind"]), ident
    if row["code"] == "-":
        assert ident.code is None, ident
    else:
        assert ident.code in (row["code"], None), ident  # a code given is the right one


def test_expected_table_covers_every_labelled_agency_and_its_codes_are_the_tables():
    rows = {r["file"]: r for r in _expected()}
    assert {f for f, v in _labels().items() if v["agency"]} == set(rows)
    table = divisions()
    for r in rows.values():
        assert r["level"] in LEVELS and r["kind"] in KINDS
        assert r["code"] == "-" or r["code"] in table, r


def test_most_labelled_agencies_get_a_division_code():
    rows = _expected()
    found = sum(_identify_excerpt(r["file"]).code == r["code"] for r in rows)
    assert found >= 96, f"{found} of {len(rows)}"  # measured 96/103 (86 before identities)


@pytest.mark.parametrize("short, full, code", [
    ("淮安区人民政府", "淮安市淮安区人民政府", "320803"),
    ("晋安区人民政府", "福州市晋安区人民政府", "350111"),
    ("浦东新区人民政府", "上海市浦东新区人民政府", "310115"),
    ("长阳县人民政府", "长阳土家族自治县人民政府", "420528"),
    ("海南州人民政府", "海南藏族自治州人民政府", "632500"),
])
def test_a_district_printed_with_and_without_its_city_is_one_organ(short, full, code):
    a, b = identify(short), identify(full)
    assert a.canonical == b.canonical and a.code == b.code == code


def test_an_ambiguous_district_is_settled_by_the_page_or_left_open():
    assert identify("鼓楼区人民政府").code is None
    assert len(identify("鼓楼区人民政府").candidates) == 4
    page = PageEvidence(text="通讯地址：福州市鼓楼区东街33号")
    assert identify("鼓楼区人民政府", page).code == "350102"
    assert identify("徐州市鼓楼区人民政府").code == "320302"


def test_a_bare_province_department_needs_the_page_to_name_the_province():
    bare = identify("省卫生健康委")
    assert (bare.canonical, bare.code, bare.level) == ("省卫生健康委", None, "province")
    assert bare.resolution.startswith("printed")
    by_byline = identify("省卫生健康委", PageEvidence(byline="江苏省卫生健康委员会"))
    by_host = identify("省卫生健康委", PageEvidence(host="wsjkw.jiangsu.gov.cn"))
    assert by_byline.code == by_host.code == "320000"
    assert by_byline.canonical == "江苏省卫生健康委" and by_host.resolution == "host wsjkw.jiangsu.gov.cn"
    # a page of a city names no province: the county-level department stays unplaced
    assert identify("县卫生健康局", PageEvidence(host="wsjkw.jiangsu.gov.cn")).code is None


@pytest.mark.parametrize("name, code, level, kind", [
    ("仙桃市人民政府", "429004", "county", "government"),  # county-level city directly under 湖北
    ("济源市人民政府", "419001", "county", "government"),
    ("鄂托克前旗人民政府", "150623", "county", "government"),
    ("锡林郭勒盟行政公署", "152500", "city", "department"),
    ("大理白族自治州人民政府", "532900", "city", "government"),
    ("滨海新区人民政府", "120116", "county", "government"),
    ("苏州工业园区管理委员会", "320500", "city", "development_zone"),
    ("平潭综合实验区管委会", "350128", "county", "development_zone"),
    ("国家税务总局苏州市税务局", "320500", "city", "vertical_body"),
    ("上海海关", "310000", "province", "vertical_body"),
    ("厦门海事局", "350200", "city", "vertical_body"),
    ("中华人民共和国福建海事局", "350000", "province", "vertical_body"),
    ("国家统计局宁夏调查总队", "640000", "province", "vertical_body"),
    ("拉萨市城关区城关镇人民政府", "540102", "township", "street_town"),
    ("上海市人民政府办公厅", "310000", "province", "general_office"),
    ("淮安市人民政府办公室", "320800", "city", "general_office"),
    ("平潭县人民政府", "350128", "county", "government"),
    ("江苏省应急管理厅 江苏煤矿安全监察局", "320000", "province", "department"),
    ("淮安市人民政府", "320800", "city", "government"),
    ("广州市越秀区北京街道办事处", "440104", "township", "street_town"),
    ("莫力达瓦达斡尔族自治旗尼尔基镇人民政府", "150722", "township", "street_town"),
    ("阿拉善左旗巴彦浩特镇人民政府", "152921", "township", "street_town"),
])
def test_real_organs_of_every_level_and_kind(name, code, level, kind):
    ident = identify(name)
    assert (ident.code, ident.level, ident.kind) == (code, level, kind), ident


def test_a_township_is_coded_by_its_county_and_says_so():
    ident = identify("微山县两城镇人民政府")
    assert (ident.code, ident.level, ident.canonical) == ("370826", "township", "济宁市微山县两城镇人民政府")
    town = identify("洲泉镇人民政府", PageEvidence(text="联系地址：桐乡市洲泉镇人民政府办公室"))
    assert (town.code, town.resolution) == ("330483", "text; township: the code is its county's")
    assert identify("洲泉镇人民政府").code is None


def test_a_county_renamed_since_the_table_is_the_same_organ():
    # cpca's table predates 梁平县 becoming 梁平区 (2016): both names are one organ
    old, new = identify("梁平县人民政府"), identify("重庆市梁平区人民政府")
    assert old.code == new.code == "500228" and old.canonical == new.canonical
    assert "梁平区 is 梁平县 in the table" in new.resolution


def test_a_zone_is_placed_by_the_byline_that_prints_its_district():
    ident = identify("齐城农业高新区管委会", PageEvidence(byline="临淄区齐城农业高新区"))  # gb2019_024's byline
    assert (ident.code, ident.level, ident.kind, ident.resolution) == ("370305", "county", "development_zone", "byline")
    assert ident.canonical == "淄博市临淄区齐城农业高新区管委会"


def test_a_data_set_completes_a_name_printed_without_its_places_only_when_one_fits():
    organs = unify_organs(["洲泉镇人民政府", "嘉兴市桐乡市洲泉镇人民政府", "鼓楼区人民政府", "福州市鼓楼区人民政府",
                           "南京市鼓楼区人民政府", "省卫生健康委", "江苏省卫生健康委"])
    assert organs["洲泉镇人民政府"] == "嘉兴市桐乡市洲泉镇人民政府"
    assert organs["鼓楼区人民政府"] == "鼓楼区人民政府"  # two fit: left open
    assert organs["省卫生健康委"] == "省卫生健康委"  # a bare level fits any province


def test_a_place_gone_from_the_table_is_not_read_as_its_parent():
    ident = identify("北京市宣武区大栅栏街道办事处")  # 宣武区 merged into 西城区 in 2010
    assert ident.code is None and ident.level == "township" and "宣武区" in ident.resolution


def test_national_organs_are_not_their_local_offices():
    assert kind_of("国家统计局") == "department" and identify("国家统计局").code is None
    assert kind_of("国家统计局淮安调查队") == "vertical_body"
    assert kind_of("中华人民共和国商务部") == "department"


def test_page_furniture_is_not_placed_by_the_page():
    page = PageEvidence(text="拉萨市首页 拉萨市2016年度政府信息公开年度报告")
    ident = identify("首页", page)
    assert (ident.code, ident.kind, ident.resolution) == (None, None, "printed: no organ in the name")


def test_department_words_are_not_townships():
    assert kind_of("淮安市住房和城乡建设局") == "department"
    assert identify("淮安市住房和城乡建设局").level == "city"
    assert kind_of("北京市人民政府驻上海办事处") == "department"
    # a county's short name is read after its prefecture unless a unit follows: 城关镇 is a town
    assert identify("广元市昭化元坝镇人民政府").code == "510811"
    assert (identify("兰州市城关镇人民政府").code, identify("兰州市城关镇人民政府").level) == ("620100", "township")


def test_ocr_misreadings_of_a_place_are_recognised():
    assert is_division("淮安市") and not is_division("准安市")
    assert "淮安市" in [d.name for d in near_divisions("准安市")]
    assert [d.code for d in near_divisions("准安市", divisions()["320000"])] == ["320800"]
    assert near_divisions("淮安市") == []
    assert "320800" in [d.code for d in near_divisions("准安")]  # a short name too
    ident = identify("江苏省准安市人民政府")
    assert ident.code == "320800" and "准安市 read as 淮安市" in ident.resolution


def test_hosts_name_their_places():
    assert [d.code for d in host_divisions("www.zoucheng.gov.cn")] == ["370883"]
    assert [d.code for d in host_divisions("fgw.henan.gov.cn")] == ["410000"]
    assert [d.code for d in host_divisions("www.jsxishan.gov.cn")] == ["320205"]
    assert host_divisions("www.tianzhu.gov.cn") == []  # 天柱县 and 天祝县 spell alike
    assert host_of("http://www.yuyang.gov.cn/zwgk/a.html") == "www.yuyang.gov.cn"


# The organs of the gold corpus, read by hand: name → (code, level, kind).
GOLD_ORGANS = {
    "淮安市人民政府": ("320800", "city", "government"),
    "江苏省应急管理厅": ("320000", "province", "department"),
    "平潭县人民政府": ("350128", "county", "government"),
    "平潭综合实验区": ("350128", "county", "development_zone"),  # zone over 平潭县's territory (alias)
    "平潭综合实验区管委会": ("350128", "county", "development_zone"),
    "上海市人民政府办公厅": ("310000", "province", "general_office"),
}


def test_gold_corpus_agencies_resolve():
    gold = Path(__file__).resolve().parents[2] / "corpus" / "gold"
    names = {json.loads(p.read_text(encoding="utf-8"))["meta"]["agency"] for p in gold.glob("*.json")}
    assert names <= set(GOLD_ORGANS)
    for name in names:
        ident = identify(name)
        assert (ident.code, ident.level, ident.kind) == GOLD_ORGANS[name], name


@pytest.mark.parametrize("doc, canonical", [
    ("jiangsu_yjglt_2018.txt", "江苏省应急管理厅"),
    ("pingtan_ptx_2012.txt", "福州市平潭县人民政府"),
    ("pingtan_syq_2014.txt", "平潭综合实验区"),
    ("shanghai_szfbgt_2019.html", "上海市人民政府办公厅"),
])
def test_parse_records_the_identity(parsed, doc, canonical):
    meta = parsed(doc)["meta"]
    code, level, kind = GOLD_ORGANS[meta["agency"]]
    assert (meta["agency_canonical"], meta["division_code"], meta["agency_level"], meta["agency_kind"]) == (
        canonical, code, level, kind)
    assert meta["agency_resolution"] in ("name", "alias")
