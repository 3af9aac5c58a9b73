"""Agency identity: names as the corpus writes them, aliases across reform, regions with codes."""
from __future__ import annotations

import socket

import pytest

from pipeline.domain.agencies import AgencyIndex, agency_key, clean_name, issuers, read_aliases, region_of
from pipeline.domain.divisions import divisions


@pytest.fixture(scope="module")
def index():
    return AgencyIndex.default()


def test_clean_name_drops_spaces_and_the_compiling_office_suffix():
    assert clean_name(" 平潭综合实验区\u3000") == "平潭综合实验区"
    assert clean_name("平潭综合实验区（管委会办公室）") == "平潭综合实验区"
    assert clean_name("平潭综合实验区(管委会办公室)") == "平潭综合实验区"


def test_co_issuers_of_the_jiangsu_title(parsed, index):
    title = parsed("jiangsu_yjglt_2018.txt")["meta"]["title"]
    assert issuers(title.split("2018")[0]) == ["江苏省应急管理厅", "江苏煤矿安全监察局"]
    assert index.canonical("江苏省应急管理厅 江苏煤矿安全监察局", 2018) == "江苏省应急管理厅"


def test_a_stray_space_after_a_place_does_not_make_two_issuers():
    assert issuers("福州市 晋安区人民政府") == ["福州市晋安区人民政府"]
    assert issuers("江苏省 淮安市") == ["江苏省淮安市"]
    assert issuers("江苏省应急管理厅 江苏煤矿安全监察局") == ["江苏省应急管理厅", "江苏煤矿安全监察局"]


def test_pingtan_zone_and_its_committee_are_one_agency(parsed, index):
    names = {parsed(f"pingtan_syq_{y}.txt")["meta"]["agency"] for y in (2013, 2014, 2015)}
    assert names == {"平潭综合实验区", "平潭综合实验区管委会"}  # as the titles write them
    assert {index.canonical(n) for n in names} == {"平潭综合实验区"}
    assert index.canonical("平潭综合实验区管理委员会") == "平潭综合实验区"
    # the county government is a different organ with its own reports (pingtan_ptx_*)
    assert index.canonical(parsed("pingtan_ptx_2012.txt")["meta"]["agency"]) == "平潭县人民政府"


def test_reform_alias_holds_for_the_years_it_covers(index):
    assert index.canonical("江苏省安全生产监督管理局", 2017) == "江苏省应急管理厅"
    assert index.canonical("江苏省安全生产监督管理局", 2019) == "江苏省安全生产监督管理局"


def test_office_spellings_are_unified_to_the_latest(index):
    assert agency_key("某市人民政府办公室") == agency_key("某市人民政府办公厅")
    names = index.unify([("某市人民政府办公室", 2019), ("某市人民政府办公厅", 2021), ("某市人民政府", 2021)])
    assert names[("某市人民政府办公室", 2019)] == "某市人民政府办公厅"
    assert names[("某市人民政府", 2021)] == "某市人民政府"  # the government is not its office


def test_user_alias_csv_extends_and_overrides(tmp_path):
    extra = tmp_path / "mine.csv"
    extra.write_text("alias,canonical,year_from,year_to,adcode,note\n"
                     "福州市鼓楼区人民政府办公室,福州市鼓楼区人民政府,,,350102,office reports for the district\n",
                     encoding="utf-8")
    index = AgencyIndex.default([extra])
    assert index.canonical("福州市鼓楼区人民政府办公室") == "福州市鼓楼区人民政府"
    assert index.canonical("平潭综合实验区管委会") == "平潭综合实验区"  # shipped aliases kept


def test_bad_alias_csv_names_the_file_and_line(tmp_path):
    bad = tmp_path / "bad.csv"
    bad.write_text("name,canonical\nx,y\n", encoding="utf-8")
    with pytest.raises(ValueError, match=r"bad\.csv.*alias"):
        read_aliases(bad)
    bad.write_text("alias,canonical,year_from\nx,y,2018年\n", encoding="utf-8")
    with pytest.raises(ValueError, match=r"bad\.csv line 2"):
        read_aliases(bad)


@pytest.mark.parametrize("name, code, level, province, city, county", [
    ("淮安市人民政府", "320800", "city", "江苏省", "淮安市", None),
    ("江苏省应急管理厅", "320000", "province", "江苏省", None, None),
    ("上海市人民政府办公厅", "310000", "province", "上海市", None, None),
    ("平潭县人民政府", "350128", "county", "福建省", "福州市", "平潭县"),
])
def test_regions_of_the_corpus_agencies(name, code, level, province, city, county):
    r = region_of(name)
    assert (r.code, r.level, r.province, r.city, r.county, r.basis) == (code, level, province, city, county, "name")


def test_pingtan_zone_region_comes_from_the_alias_table(index):
    r = region_of("平潭综合实验区", index=index)
    assert (r.code, r.county, r.basis) == ("350128", "平潭县", "alias")
    assert region_of("平潭综合实验区").basis == "none"  # not a division name by itself


def test_ambiguous_district_is_reported_not_guessed():
    r = region_of("鼓楼区人民政府")
    assert r.ambiguous and r.code is None and r.province is None
    assert r.candidates == ["320106 鼓楼区", "320302 鼓楼区", "350102 鼓楼区", "410204 鼓楼区"]


def test_context_settles_an_ambiguous_district():
    r = region_of("鼓楼区人民政府", context="通讯地址：福州市鼓楼区东街33号")
    assert (r.code, r.city, r.basis) == ("350102", "福州市", "context")
    r = region_of("鼓楼区人民政府", context="江苏省 徐州市 政府信息公开")
    assert r.code == "320302"
    r = region_of("鼓楼区人民政府", context="江苏省政府信息公开")  # 南京 and 徐州 both in 江苏
    assert r.ambiguous and r.province == "江苏省" and r.city is None and len(r.candidates) == 2


def test_the_city_named_with_the_district_decides(index):
    assert region_of("徐州市鼓楼区人民政府").code == "320302"


def test_division_table_is_read_offline(monkeypatch):
    def no_network(*args, **kwargs):
        raise OSError("network disabled in this test")

    monkeypatch.setattr(socket, "create_connection", no_network)
    monkeypatch.setattr(socket.socket, "connect", no_network)
    divisions.cache_clear()
    table = divisions()
    assert len(table) > 3000 and table["320800"].name == "淮安市"
