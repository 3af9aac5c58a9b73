"""The compare API (`load`, `panel`, `yoy`, `rank`, `metrics`) and `xxgk compare`.

Each test runs twice: on records whose values are the gold answers (real cells of real reports,
checked by hand), so that a metric is judged on its own, and on real `xxgk parse` output of the
bundled corpus. Each expected number is worked out by hand in the test.
"""
from __future__ import annotations

import csv
import json
import math

import pandas as pd
import pytest

from pipeline import compare as cmp
from pipeline.batch import run_batch
from pipeline.cli import main
from pipeline.core import parse_path
from conftest import CORPUS, corpus_file, gold_documents, gold_of

PINGTAN = "平潭综合实验区"


def _gold_record(name: str) -> dict:
    """The parsed record of a corpus document with its values replaced by the gold answers."""
    rec = parse_path(corpus_file(name)).to_dict()
    rec["values"] = {k: {"value": v, "unit": None, "qualifier": None, "raw": "" if v is None else str(v),
                         "where": {"gold": name}} for k, v in gold_of(name)["values"].items()}
    return rec


@pytest.fixture(scope="module")
def gold_out(tmp_path_factory):
    """An output folder (reports.jsonl) of the whole gold corpus with gold values."""
    out = tmp_path_factory.mktemp("gold-out")
    with (out / "reports.jsonl").open("w", encoding="utf-8") as fh:
        for name in gold_documents():
            fh.write(json.dumps(_gold_record(name), ensure_ascii=False) + "\n")
    return out


@pytest.fixture(scope="module")
def gold_ds(gold_out):
    return cmp.load(gold_out)


@pytest.fixture(scope="module")
def parsed_out(tmp_path_factory):
    """Real `xxgk parse` output of the bundled corpus documents (not the labelled excerpts beside them)."""
    out = tmp_path_factory.mktemp("parsed-out")
    run_batch([CORPUS / n for n in gold_documents()], out)
    return out


@pytest.fixture(scope="module", params=["gold", "parsed"])
def out(request):
    """Each test below runs on the gold-valued records and on real `xxgk parse` output."""
    return request.getfixturevalue(f"{request.param}_out")


@pytest.fixture(scope="module")
def ds(out):
    return cmp.load(out)


@pytest.fixture(scope="module")
def mets(ds):
    return cmp.compute_metrics(ds.values, columns=("total", "natural"))


def _manifest() -> list[dict]:
    with (CORPUS / "manifest.csv").open(encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


def metric(frame: pd.DataFrame, agency: str, year: int, key: str) -> pd.Series:
    row = frame[(frame["agency"] == agency) & (frame["year"] == year) & (frame["key"] == key)]
    assert len(row) == 1, f"{agency} {year} {key}: {len(row)} rows"
    return row.iloc[0]


# --- load and panel ---------------------------------------------------------------------------

def test_load_has_one_report_row_per_document_and_one_primary_per_agency_year(ds):
    r = ds.reports
    assert len(r) == len(gold_documents())
    primary = r[r["primary"]]
    assert not primary.duplicated(["agency", "year"]).any()
    # the four forms of the 2019 Pingtan report count once; the others point at the primary
    forms = r[(r["agency"] == PINGTAN) & (r["year"] == 2019)]
    assert len(forms) == 4 and forms["primary"].sum() == 1
    assert set(forms.loc[~forms["primary"], "duplicate_of"]) == set(forms.loc[forms["primary"], "report_id"])


def test_primary_is_the_form_with_most_values(gold_ds):
    r = gold_ds.reports
    forms = r[(r["agency"] == PINGTAN) & (r["year"] == 2019)].set_index("format")
    # the crawler text dump lacks 19 glued table-2 cells (179 gold keys against 198)
    assert forms.loc["txt", "values"] == 179 and not forms.loc["txt", "primary"]
    assert forms.loc["html", "primary"]


def test_values_are_long_and_keep_blank_cells_missing(ds):
    v = ds.values
    assert list(v.columns)[:8] == ["report_id", "agency", "year", "era", "key", "value", "unit", "qualifier"]
    sh = v[(v["agency"] == "上海市人民政府办公厅") & (v["key"] == "t3.granted.total")]
    assert len(sh) == 1 and math.isnan(sh["value"].iloc[0])  # blank in the report, not zero


def test_pingtan_series_has_one_row_per_year_present(ds):
    wide = cmp.panel(ds.values, ["t3.new_received.total", "legacy.requests.received"],
                     reports=ds.reports)
    series = wide.loc[PINGTAN]
    years = sorted({int(m["year"]) for m in _manifest() if m["agency"].startswith(PINGTAN)})
    assert list(series.index) == years  # 2014's 平潭综合实验区管委会 is the same organ
    assert series.loc[2021, "t3.new_received.total"] == 70
    assert series.loc[2014, "legacy.requests.received"] == 1
    assert math.isnan(series.loc[2014, "t3.new_received.total"])


def test_panel_expands_patterns_and_refuses_duplicate_rows(out):
    every = cmp.load(out, primary_only=False)
    with pytest.raises(ValueError, match="several values"):
        cmp.panel(every.values, ["t4.review.total"])
    wide = cmp.panel(every.values, ["t4.review.*"], index=("report_id",))
    assert list(wide.columns) == [f"t4.review.{c}" for c in ("corrected", "other", "pending", "total", "upheld")]


def test_yoy_uses_the_previous_report_present(ds):
    wide = cmp.panel(ds.values, ["t3.new_received.total"])
    ch = cmp.yoy(wide).set_index(["agency", "year"])
    row = ch.loc[(PINGTAN, 2023)]
    assert (row["prev_year"], row["gap"], row["value"], row["prev_value"], row["change"]) == (2022, 1, 81, 74, 7)
    assert row["pct_change"] == pytest.approx(7 / 74)
    later = ch.loc[(PINGTAN, 2025)]
    assert (later["prev_year"], later["gap"], later["change"]) == (2023, 2, 154 - 81)


def test_rank_within_a_year_leaves_missing_values_out(ds, mets):
    r = cmp.rank(ds.values, "t3.new_received.total", year=2019)
    assert list(r["agency"]) == ["上海市人民政府办公厅", PINGTAN] and list(r["rank"]) == [1, 2]
    # Shanghai's 总计 column is blank for granted/partial: no disclosure rate, so not ranked
    r = cmp.rank(mets, "disclosure_rate", year=2019)
    assert list(r["agency"]) == [PINGTAN]


# --- metrics, checked by hand -----------------------------------------------------------------

def test_disclosure_refusal_unable_rates_huaian_2024(mets):
    a, y = "淮安市人民政府", 2024
    # granted 1362 + partial 454 = 1816 of total_processed 3050
    d = metric(mets, a, y, "disclosure_rate")
    assert (d["numerator"], d["denominator"]) == (1816, 3050) and d["value"] == pytest.approx(0.5954, abs=1e-4)
    # 不予公开 2+31+5+6+8+12+9+105 = 178
    assert metric(mets, a, y, "refusal_rate")["value"] == pytest.approx(178 / 3050)
    # 无法提供 769+11+1 = 781
    assert metric(mets, a, y, "unable_rate")["value"] == pytest.approx(781 / 3050)
    assert not d["derived"]


def test_correction_rates_exclude_pending_cases(mets):
    a, y = "淮安市人民政府", 2024
    # review: corrected 64 of (351 − 37 pending) = 314 concluded
    r = metric(mets, a, y, "review_correction_rate")
    assert (r["numerator"], r["denominator"]) == (64, 314)
    # suits: (4 + 1) of (26 − 1) + (20 − 6) = 39 concluded
    s = metric(mets, a, y, "suit_correction_rate")
    assert (s["numerator"], s["denominator"]) == (5, 39)
    # Pingtan 2025: suits 3 corrected of 6 + 3 concluded, none pending
    assert metric(mets, PINGTAN, 2025, "suit_correction_rate")["value"] == pytest.approx(3 / 9)


def test_no_concluded_case_is_missing_not_zero(mets):
    # Pingtan 2019: no review at all (total 0, pending 0)
    r = metric(mets, PINGTAN, 2019, "review_correction_rate")
    assert math.isnan(r["value"]) and r["missing"] == "denominator is 0"


def test_blank_cells_make_a_metric_missing(mets):
    sh = "上海市人民政府办公厅"
    d = metric(mets, sh, 2019, "disclosure_rate")
    assert math.isnan(d["value"]) and d["missing"] == "t3.granted.total blank"
    # 结果纠正 left blank: the correction rate is unknown, not 0 of 5
    assert math.isnan(metric(mets, sh, 2019, "review_correction_rate")["value"])
    # the 自然人 column is filled: (258 + 3) / 767
    n = metric(mets, sh, 2019, "disclosure_rate.natural")
    assert (n["numerator"], n["denominator"]) == (261, 767)


def test_requests_per_applicant_type(mets):
    # Huaian 2024 new applications: 自然人 3001, 商业企业 53, 法律服务机构 61, 其他 4 of 3119
    assert metric(mets, "淮安市人民政府", 2024, "applicant_share.natural")["value"] == pytest.approx(3001 / 3119)
    assert metric(mets, "淮安市人民政府", 2024, "applicant_share.legal")["value"] == pytest.approx(61 / 3119)
    assert metric(mets, PINGTAN, 2021, "applicant_share.social")["value"] == pytest.approx(2 / 70)
    assert metric(mets, PINGTAN, 2021, "requests.natural")["value"] == 64


def test_legacy_rates_through_the_crosswalk_are_derived(mets):
    ptx = "福州市平潭县人民政府"  # the county with its prefecture: one organ however printed
    # 2012: 21 answered = 17 同意公开 + 2 部分公开 + 2 不同意公开
    d = metric(mets, ptx, 2012, "disclosure_rate")
    assert (d["numerator"], d["denominator"], bool(d["derived"])) == (19, 21, True)
    assert metric(mets, ptx, 2012, "refusal_rate")["value"] == pytest.approx(2 / 21)
    # 2013: 7 received but 3 answered (2 + 1): the rate is over the 3 answered
    assert metric(mets, ptx, 2013, "disclosure_rate")["value"] == 1.0
    assert metric(mets, ptx, 2013, "requests")["value"] == 7


def test_legacy_rate_without_answered_count_uses_the_stated_outcomes(mets):
    js = "江苏省应急管理厅"
    # no 答复 count; outcomes 1 已主动公开 + 1 同意公开 + 2 不同意 + 2 不存在 + 3 非本机关 + 1 其他途径 = 10
    d = metric(mets, js, 2018, "disclosure_rate")
    assert (d["numerator"], d["denominator"]) == (2, 10)  # 已主动公开 counts as 予以公开 (§2.4)
    assert metric(mets, js, 2018, "unable_rate")["value"] == pytest.approx(5 / 10)
    # 告知通过其他途径办理 → （三）8 行政查询事项, a 不予公开 row
    assert metric(mets, js, 2018, "refusal_rate")["value"] == pytest.approx(3 / 10)
    # legacy reports count review cases but not their outcomes
    assert "no legacy equivalent" in metric(mets, js, 2018, "review_correction_rate")["missing"]


def test_metric_definitions_name_their_denominator():
    defs = cmp.definitions().set_index("metric")
    assert "total_processed" in defs.loc["disclosure_rate", "definition"]
    assert "pending" in defs.loc["review_correction_rate", "definition"]
    assert defs["definition"].str.len().min() > 20


# --- end to end on real parse output -----------------------------------------------------------

def test_real_parse_output_gives_the_pingtan_series(parsed_out):
    ds = cmp.load(parsed_out)
    wide = cmp.panel(ds.values, ["t3.*.total", "legacy.requests.*"], reports=ds.reports)
    years = sorted({int(m["year"]) for m in _manifest() if m["agency"].startswith(PINGTAN)})
    assert list(wide.loc[PINGTAN].index) == years
    assert ds.text(ds.report_id(PINGTAN, 2022)).count("政府信息公开") > 5


def test_cli_compare_prints_and_writes_csv_and_excel(out, capsys):
    assert main(["compare", str(out), "--agency", "平潭综合实验区管委会", "--year", "2022", "2023",
                 "--key", "t3.new_received.total", "--metric", "disclosure_rate"]) == 0
    printed = capsys.readouterr().out
    assert PINGTAN in printed and "disclosure_rate" in printed
    written = out / "compare"
    panel = pd.read_csv(written / "panel.csv", encoding="utf-8-sig")
    assert list(panel["year"]) == [2022, 2023] and list(panel["t3.new_received.total"]) == [74, 81]
    sheets = pd.read_excel(written / "compare.xlsx", sheet_name=None)
    assert {"panel", "metrics", "yoy", "rank", "metric_values", "definitions"} <= set(sheets)
    rates = sheets["metrics"].set_index("year")["disclosure_rate"]
    assert rates.loc[2023] == pytest.approx((22 + 20) / 81)
    long = sheets["metric_values"].set_index("year")
    assert (long.loc[2023, "numerator"], long.loc[2023, "denominator"]) == (42, 81)


def test_cli_rank_is_among_all_agencies_of_the_year(out, capsys):
    assert main(["compare", str(out), "--agency", "平潭综合实验区", "--year", "2019", "--metric", "requests"]) == 0
    ranks = pd.read_csv(out / "compare" / "rank.csv", encoding="utf-8-sig")
    # Shanghai 859 applications ranks first; Pingtan's 23 is second of two
    assert ranks[["agency", "rank", "of"]].values.tolist() == [[PINGTAN, 2, 2]]


def test_cli_compare_names_an_unknown_agency(out, capsys):
    assert main(["compare", str(out), "--agency", "不存在的机关"]) == 2
    assert "不存在的机关" in capsys.readouterr().err


def test_a_failed_document_is_a_report_row_without_values(tmp_path):
    src = tmp_path / "in"
    src.mkdir()
    (src / "empty.txt").write_text("")
    (src / "x.txt").write_bytes(corpus_file("pingtan_syq_2014.txt").read_bytes())
    run_batch([src], tmp_path / "out")
    ds = cmp.load(tmp_path / "out")
    assert len(ds.reports) == 2
    bad = ds.reports[ds.reports["path"].str.endswith("empty.txt")].iloc[0]
    assert "empty.txt" in bad["error"] and pd.isna(bad["agency"]) and bad["values"] == 0
    good = ds.reports[ds.reports["path"].str.endswith("x.txt")].iloc[0]
    assert good["agency"] == PINGTAN and good["agency_raw"] == "平潭综合实验区管委会"
    assert set(ds.values["report_id"]) <= {good["report_id"]}


def test_load_names_a_missing_output_folder(tmp_path):
    with pytest.raises(FileNotFoundError, match="xxgk parse"):
        cmp.load(tmp_path / "nothing")


def test_crosswalk_opt_in_gives_legacy_reports_derived_template_rows(out):
    ds = cmp.load(out, crosswalk=True)
    wide = cmp.panel(ds.values, ["t3.granted.total"])
    # 平潭县 2012: 同意公开 17 → （一）予以公开; Jiangsu 2018: 同意公开 1 + 已主动公开 1
    assert wide.loc[("福州市平潭县人民政府", 2012), "t3.granted.total"] == 17
    assert wide.loc[("江苏省应急管理厅", 2018), "t3.granted.total"] == 2
    v = ds.values
    assert v[(v["era"] == "legacy") & v["key"].str.startswith("t3.")]["derived"].all()
    assert not cmp.load(out).values.query("era == 'legacy'")["key"].str.startswith("t3.").any()
    # the metrics do not change: legacy reports go through the crosswalk either way
    a = cmp.compute_metrics(ds.values).set_index(["report_id", "key"])["value"]
    b = cmp.compute_metrics(cmp.load(out).values).set_index(["report_id", "key"])["value"]
    pd.testing.assert_series_equal(a.sort_index(), b.sort_index())


def test_a_county_printed_with_and_without_its_city_is_one_agency(tmp_path):
    recs = [_gold_record(f"pingtan_ptx_{y}.txt") for y in (2011, 2012, 2013)]
    # the 2012 report as a page printing the county with its prefecture, written before identities
    recs[1]["meta"]["agency"] = "福州市平潭县人民政府"
    for k in ("agency_canonical", "division_code", "agency_level", "agency_kind", "agency_resolution"):
        recs[1]["meta"].pop(k)
    (tmp_path / "reports.jsonl").write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in recs),
                                            encoding="utf-8")
    ds = cmp.load(tmp_path)
    r = ds.reports
    assert set(r["agency"]) == {"福州市平潭县人民政府"} and r["primary"].all()
    assert set(r["adcode"]) == {"350128"} and set(r["agency_level"].dropna()) == {"county"}
    wide = cmp.panel(ds.values, ["legacy.requests.received"])
    assert list(wide.index) == [("福州市平潭县人民政府", y) for y in (2011, 2012, 2013)]
    assert ds.agency_named("平潭县人民政府") == ds.agency_named("福州市平潭县人民政府") == "福州市平潭县人民政府"
    assert ds.report_id("平潭县人民政府", 2012) == recs[1]["id"]
    assert list(cmp.reuse_series(ds, ["平潭县人民政府"])["year"]) == [2012, 2013]
    ranks = cmp.compare_tables(ds, agencies=["平潭县人民政府"], keys=["legacy.requests.received"])["rank"]
    assert set(ranks["agency"]) == {"福州市平潭县人民政府"} and sorted(ranks["year"].unique()) == [2011, 2012, 2013]
