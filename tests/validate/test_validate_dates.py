"""Date rules: deadline, signature, period, on real reports."""
from __future__ import annotations

from pipeline.validate.rules.dates import agency_type, deadline
from validate_helpers import findings_of, record


def test_seed_signature_before_period_end():
    (f,) = findings_of(record("jiangsu_yjglt_2018.txt"), "date.signed_before_period_end")
    assert f.message == "落款日期 2018-02-27 早于统计期末 2018-12-31"
    assert not findings_of(record("pingtan_ptx_2012.txt"), "date.signed_before_period_end")  # signed 2013-01-16


def test_published_after_the_2008_deadline():
    (f,) = findings_of(record("pingtan_ptx_2011.txt"), "date.published_after_deadline")
    assert "2012-04-18" in f.message and "2012-03-31" in f.message and "18 天" in f.message
    assert "11 天" in findings_of(record("pingtan_syq_2011.txt"), "date.published_after_deadline")[0].message
    assert not findings_of(record("jiangsu_yjglt_2018.txt"), "date.published_after_deadline")  # 2019-02-27


def test_2019_regulation_deadline_by_agency_type():
    assert agency_type("上海市人民政府办公厅") == "department"
    assert agency_type("平潭综合实验区管委会") == "government"
    assert agency_type("平潭县人民政府") == "government"
    assert agency_type("某某") is None
    assert str(deadline(2019, "上海市人民政府办公厅")[0]) == "2020-01-31"
    assert str(deadline(2021, "平潭综合实验区")[0]) == "2022-03-31"
    assert "无法从名称判断" in deadline(2021, "某某")[1]
    # Shanghai 2019 published on 2020-01-31, the departments' deadline itself: on time.
    assert not findings_of(record("shanghai_szfbgt_2019.html"), "date.published_after_deadline")
    # Pingtan 2021 published 2022-02-08: after 1/31 but a whole government has until 3/31.
    assert not findings_of(record("pingtan_syq_2021.txt"), "date.published_after_deadline")
    rec = record("shanghai_szfbgt_2019.html")
    rec.meta.published = "2020-02-03"
    from pipeline.validate import validate
    assert any(f.rule == "date.published_after_deadline" and "3 天" in f.message for f in validate(rec))


def test_published_two_days_after_period_end():
    (f,) = findings_of(record("pingtan_syq_2014.txt"), "date.published_too_soon")
    assert "2 天" in f.message
    assert not findings_of(record("pingtan_syq_2013.txt"), "date.published_too_soon")  # 10 days


def test_emptied_period_sentence_and_undated_signature():
    rec = record("pingtan_ptx_2013.txt")
    (p,) = findings_of(rec, "period.missing")
    assert p.severity == "warning" and rec.text[p.span[0]:p.span[1]] == "统计期限自至"
    (s,) = findings_of(rec, "date.signature_undated")
    assert rec.text[s.span[0]:s.span[1]] == "平潭县人民政府"
    ok = record("pingtan_ptx_2012.txt")
    assert not findings_of(ok, "period.missing") and not findings_of(ok, "date.signature_undated")


def test_period_not_calendar_year_and_year_mismatch():
    assert not findings_of(record("huaian_szf_2024.pdf"), "period.not_calendar_year")
    rec = record("huaian_szf_2024.pdf")
    rec.meta.period = ["2024-01-01", "2024-12-14"]  # Pingtan 2012's "截至12月14日" as a period
    from pipeline.validate import validate
    assert any(f.rule == "period.not_calendar_year" for f in validate(rec))
    assert not findings_of(record("huaian_szf_2024.pdf"), "period.year_mismatch")
    rec.meta.period, rec.meta.year = ["2023-01-01", "2023-12-31"], 2024
    got = [f.rule for f in validate(rec)]
    assert "period.year_mismatch" in got and "period.not_calendar_year" not in got


def test_figures_counted_to_another_date_than_the_period_end():
    got = findings_of(record("pingtan_syq_2012.txt"), "period.not_respected")
    assert len(got) == 2 and all("2012-12-14" in f.message for f in got)
    assert any("至今" in f.message for f in findings_of(record("pingtan_syq_2015.txt"), "period.not_respected"))
    assert not findings_of(record("jiangsu_yjglt_2018.txt"), "period.not_respected")  # 截止12月31日


def test_signed_after_published():
    rec = record("pingtan_syq_2013.txt")  # signed = published = 2014-01-10
    assert not findings_of(rec, "date.signed_after_published")
    rec.meta.signed = "2014-01-12"
    from pipeline.validate import validate
    assert any(f.rule == "date.signed_after_published" for f in validate(rec))


def test_url_stamp_vs_displayed_date():
    (f,) = findings_of(record("pingtan_syq_2013.txt"), "date.url_vs_page")
    assert "2014-03-24" in f.message and "2014-01-10" in f.message
    assert findings_of(record("pingtan_syq_2025.html"), "date.url_vs_page")  # t20260313 vs 2026-03-10
    assert not findings_of(record("pingtan_syq_2022.html"), "date.url_vs_page")  # t20230220 = 2023-02-20
