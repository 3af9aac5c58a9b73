"""Regions: placing agencies through the division codes, coverage per region and year, the roll-up
tables and plots of `xxgk compare --by/--plot`, on real names and the real corpus."""
from __future__ import annotations

import pandas as pd
import pytest

from pipeline import compare as cmp
from pipeline.batch import iter_documents, run_batch
from pipeline.cli import main
from pipeline.compare import plots
from pipeline.compare.regions import Place, ReportStatus, place_of, region_coverage
from pipeline.compare.rollup import region_tables
from pipeline.domain.agencies import divisions

from conftest import CORPUS


@pytest.fixture(scope="module")
def out(tmp_path_factory):
    """`xxgk parse` output of the corpus's reports (not the report beginnings in corpus/excerpts)."""
    folder = tmp_path_factory.mktemp("parsed")
    run_batch([p for p in iter_documents([CORPUS]) if p.parent == CORPUS], folder)
    return folder


def test_places_follow_the_division_table():
    table = divisions()
    huaian = place_of("淮安市人民政府")
    assert (huaian.province, huaian.city, huaian.code) == ("江苏省", "淮安市", "320800")
    assert table["320800"].name == "淮安市"
    assert huaian.path("city") == ("江苏省", "淮安市") and huaian.path("county") == ("江苏省", "淮安市", "本级")
    huangpu = place_of("上海市黄浦区人民政府")  # a municipality's district: the table has no city level
    assert huangpu.path("county") == ("上海市", "直辖", "黄浦区") and table[huangpu.code].name == "黄浦区"
    dept = place_of("江苏省应急管理厅")
    assert dept.path("city") == ("江苏省", "本级") and dept.path("province") == ("江苏省",)


def test_ambiguous_and_unknown_names():
    gulou = place_of("鼓楼区人民政府")  # 福州, 南京, 徐州 and 开封 each have one: not even the province is known
    assert gulou.path("city") == ("unplaced",)
    in_jiangsu = place_of("鼓楼区人民政府", context="江苏省")  # 南京 or 徐州
    assert not in_jiangsu.settled and in_jiangsu.path("county") == ("江苏省", "未定")
    assert place_of("中国民用航空局").path("city") == ("unplaced",)
    assert place_of(None) == Place()


def test_region_coverage_counts_and_deadlines():
    fz = place_of("平潭县人民政府")
    held = [ReportStatus("平潭县人民政府", 2011, fz, "2012-04-18"),  # 2008 条例: 31 March → late
            ReportStatus("平潭县人民政府", 2012, fz, "2013-03-01", errors=1),
            ReportStatus("福州市财政局", 2012, place_of("福州市财政局"), "2013-02-20"),  # 2008 rules: on time
            ReportStatus("福州市财政局", 2019, place_of("福州市财政局"), "2020-02-20"),  # 2019 条例: 31 Jan → late
            ReportStatus("某机关", 2019, Place(), None)]
    rows = {(r.region, r.year): r for r in region_coverage(held, "city")}
    fuzhou = rows[(("福建省", "福州市"), 2012)]
    assert (fuzhou.expected, fuzhou.published, fuzhou.on_time, fuzhou.late, fuzhou.with_errors) == (2, 2, 2, 0, 1)
    assert (rows[(("福建省", "福州市"), 2011)].late, rows[(("福建省", "福州市"), 2019)].late) == (1, 1)
    assert rows[(("福建省", "福州市"), 2015)].published == 0  # years inside the batch's span are all listed
    assert rows[(("unplaced",), 2019)].date_unknown == 1
    with pytest.raises(ValueError, match="unknown region level"):
        region_coverage(held, "village")


def test_roll_up_tables_on_the_corpus(out):
    ds = cmp.load(out)
    tables = region_tables(ds, "city")
    cov = tables["regions_coverage"]
    fz = cov[(cov["region"] == "福建省/福州市") & (cov["year"] == 2019)].iloc[0]
    assert (fz["expected"], fz["published"]) == (2, 1)  # 2019 in four formats: one publication
    m = tables["regions_metrics"]
    rate = m[(m["region"] == "江苏省/淮安市") & (m["year"] == 2024) & (m["metric"] == "disclosure_rate")].iloc[0]
    v = ds.values[ds.values["agency"] == "淮安市人民政府"].set_index("key")["value"]
    assert rate["numerator"] == v["t3.granted.total"] + v["t3.partial.total"]
    assert rate["denominator"] == v["t3.total_processed.total"]
    assert rate["value"] == pytest.approx(rate["numerator"] / rate["denominator"])
    assert (rate["reports"], rate["with_value"]) == (1, 1) and "Σ" in rate["basis"]


def test_compare_cli_by_region_with_plots(out, tmp_path, capsys):
    to, figs = tmp_path / "tables", tmp_path / "plots"
    assert main(["compare", str(out), "--by", "province", "--to", str(to), "--plot", str(figs)]) == 0
    printed = capsys.readouterr().out
    assert "== regions_coverage" in printed and "expected" in printed
    cov = pd.read_csv(to / "regions_coverage.csv")
    assert set(cov["level"]) == {"province"} and "福建省" in set(cov["region"])
    names = {p.name for p in figs.iterdir()}
    assert {"coverage_heatmap.png", "coverage_heatmap.svg", "trend_disclosure_rate.png"} <= names
    assert (figs / "coverage_heatmap.png").stat().st_size > 5000


def test_plots_say_so_when_no_cjk_font(out, tmp_path, monkeypatch, capsys):
    def none():
        raise plots.NoCJKFont("no CJK font is installed (Debian: apt-get install fonts-noto-cjk)")

    monkeypatch.setattr(plots, "cjk_font", none)
    assert main(["compare", str(out), "--by", "city", "--to", str(tmp_path / "t"), "--plot", str(tmp_path / "p")]) != 0
    assert "fonts-noto-cjk" in capsys.readouterr().err
    assert not (tmp_path / "p").exists()
