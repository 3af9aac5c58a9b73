"""`xxgk check`: text report, parse-output input, coverage (the page: test_review_page.py, test_review_browser.py)."""
from __future__ import annotations

from pipeline.record import record_from_dict
from pipeline.review.check import coverage, load_records, run_checks, text_report
from pipeline.cli import main
from validate_helpers import record, with_gold_values

from conftest import corpus_file


def test_check_prints_findings_summary_and_coverage(capsys):
    paths = [str(corpus_file(n)) for n in ("jiangsu_yjglt_2018.txt", "pingtan_ptx_2011.txt", "pingtan_ptx_2012.txt",
                                           "pingtan_ptx_2013.txt")]
    assert main(["check", *paths]) == 0
    out = capsys.readouterr().out
    assert "date.signed_before_period_end  warning   落款日期 2018-02-27 早于统计期末 2018-12-31" in out
    assert "text_reuse.prior_year" in out and "reports 4  failed 0" in out
    assert "平潭县人民政府" in out and "coverage" in out


def test_check_reads_a_parse_output_folder(tmp_path, capsys):
    from pipeline.batch import run_batch

    paths = [corpus_file(n) for n in ("pingtan_ptx_2011.txt", "pingtan_ptx_2012.txt", "pingtan_syq_2011.txt")]
    run_batch(paths, tmp_path)
    recs = run_checks(load_records([tmp_path]))
    assert len(recs) == 3
    for _ in range(2):  # cross-report findings are replaced on a re-run, never doubled
        rules = [[f.rule for f in r.findings] for r in run_checks(recs)]
        assert rules[1].count("text_reuse.prior_year") == 1
        assert rules[0].count("text_reuse.cross_agency") == 1 and rules[2].count("text_reuse.cross_agency") == 1


def test_record_round_trip():
    rec = with_gold_values("shanghai_szfbgt_2019.html")
    back = record_from_dict(rec.to_dict())
    assert back.to_dict() == rec.to_dict()


def test_coverage_matrix_present_missing_duplicated():
    recs = [record(n) for n in ("pingtan_syq_2017.txt", "pingtan_syq_2019.txt", "pingtan_syq_2019.html",
                                "pingtan_ptx_2011.txt")]
    cov = coverage(recs)
    assert cov.status("平潭综合实验区", 2017) == "present"
    assert cov.status("平潭综合实验区", 2018) == "missing"
    assert cov.status("平潭综合实验区", 2019) == "duplicated"
    assert ("平潭综合实验区", 2018) in cov.missing() and ("平潭县人民政府", 2012) not in cov.missing()
    assert "missing: 平潭综合实验区 2018" in text_report(recs)


def test_coverage_rows_show_the_reports_own_name():
    """The 办公厅/办公室 folding key is for matching only: the row is named as the report names itself."""
    recs = [record("shanghai_szfbgt_2019.html"), record("pingtan_syq_2014.txt"), record("pingtan_syq_2015.txt")]
    cov = coverage(recs)
    assert "上海市人民政府办公厅" in cov.cells and "上海市人民政府办公室" not in cov.cells
    assert "上海市人民政府办公厅" in text_report(recs) and "上海市人民政府办公室" not in text_report(recs)
    assert len(cov.cells) == 2  # 平潭综合实验区管委会 (2014) and 平潭综合实验区 (2015): one series
