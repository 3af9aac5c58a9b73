"""Cross-year rules on the Pingtan series: copied text, carry-over chain, table-2 stock."""
from __future__ import annotations

from pipeline.text.reuse import measure, sentences
from pipeline.validate.rules.years import COPIED_SHARE
from pipeline.validate import consecutive_pairs, validate_batch
from validate_helpers import findings_of, record, with_gold_values

PTX = ["pingtan_ptx_2011.txt", "pingtan_ptx_2012.txt", "pingtan_ptx_2013.txt"]
SYQ = ["pingtan_syq_2011.txt", "pingtan_syq_2012.txt", "pingtan_syq_2013.txt", "pingtan_syq_2014.txt",
       "pingtan_syq_2015.txt", "pingtan_syq_2017.txt", "pingtan_syq_2018.txt", "pingtan_syq_2019.txt",
       "pingtan_syq_2021.txt", "pingtan_syq_2022.txt", "pingtan_syq_2023.txt"]
COPIED = {"pingtan_ptx_2012.txt", "pingtan_ptx_2013.txt", "pingtan_syq_2012.txt", "pingtan_syq_2013.txt"}


def test_pairs_are_consecutive_years_of_one_agency():
    recs = [record(n) for n in PTX + SYQ]
    pairs = {(p.source.path.rsplit("/", 1)[-1], c.source.path.rsplit("/", 1)[-1]) for p, c in consecutive_pairs(recs)}
    assert ("pingtan_ptx_2011.txt", "pingtan_ptx_2012.txt") in pairs
    assert ("pingtan_syq_2013.txt", "pingtan_syq_2014.txt") in pairs  # 实验区 vs 实验区管委会: same organ
    assert not any("2015" in a and "2017" in b for a, b in pairs)  # 2016 is missing
    assert not any("ptx" in a and "syq" in b for a, b in pairs)


def test_copied_text_flagged_on_the_pingtan_series_and_only_there():
    recs = [record(n) for n in PTX + SYQ]
    validate_batch(recs)
    flagged = {r.source.path.rsplit("/", 1)[-1] for r in recs if findings_of(r, "text_reuse.prior_year")}
    assert flagged == COPIED
    (f,) = findings_of(recs[2], "text_reuse.prior_year")  # ptx 2013 vs 2012
    assert "与 2012 年度报告雷同" in f.message
    passage = sentences(recs[2].text, *f.span)
    old = {s for s, _, _ in sentences(recs[1].text)}
    assert len(passage) >= 5 and all(s in old for s, _, _ in passage)


def test_threshold_separates_the_series_it_was_fitted_on():
    """COPIED_SHARE is fitted on 2011–2015; the later years check it (tests/validate/test_thresholds.py)."""
    recs = {n: record(n) for n in PTX + SYQ if int(n[-8:-4]) <= 2015}
    shares = {c.source.path.rsplit("/", 1)[-1]: measure(p.text, c.text).sentence_share for p, c in consecutive_pairs(list(recs.values()))}
    assert min(shares[n] for n in COPIED) >= COPIED_SHARE
    assert max(v for n, v in shares.items() if n not in COPIED) < COPIED_SHARE


def test_carry_chain_holds_2021_to_2022_and_breaks_when_changed():
    prev, cur = with_gold_values("pingtan_syq_2021.txt"), with_gold_values("pingtan_syq_2022.html")
    validate_batch([prev, cur])
    assert not findings_of(cur, "years.carry_chain")
    prev, cur = with_gold_values("pingtan_syq_2021.txt", t3__carried_forward__natural=3,
                                 t3__carried_forward__total=3), with_gold_values("pingtan_syq_2022.html")
    validate_batch([prev, cur])
    got = findings_of(cur, "years.carry_chain")
    assert len(got) == 2 and "2021 年度报告结转下年度为 3" in got[0].message
    assert not findings_of(prev, "years.carry_chain")  # cross-year findings go to the later report


def test_table2_stock_arithmetic():
    # 2021's 行政规范性文件 row is 69/3/665 on the saved page (gold notes); 665 + 88 − 55 = 698 (2022).
    prev = with_gold_values("pingtan_syq_2021.txt", t2__normative__issued=69, t2__normative__repealed=3,
                            t2__normative__in_force=665)
    cur = with_gold_values("pingtan_syq_2022.html")
    validate_batch([prev, cur])
    assert not findings_of(cur, "years.t2_stock")
    cur = with_gold_values("pingtan_syq_2022.html", t2__normative__in_force=393)  # 2023's narrative figure
    validate_batch([prev, cur])
    (f,) = findings_of(cur, "years.t2_stock")
    assert "665 + 本年制发 88 − 本年废止 55 = 698" in f.message and "393" in f.message


def test_cross_agency_copy_in_2011_only():
    recs = [record(n) for n in PTX + SYQ[:3]]
    validate_batch(recs)
    flagged = {r.source.path.rsplit("/", 1)[-1]: findings_of(r, "text_reuse.cross_agency") for r in recs}
    assert {n for n, f in flagged.items() if f} == {"pingtan_ptx_2011.txt", "pingtan_syq_2011.txt"}
    assert "平潭综合实验区" in flagged["pingtan_ptx_2011.txt"][0].message
    assert "平潭县人民政府" in flagged["pingtan_syq_2011.txt"][0].message


def test_carry_chain_not_from_a_legacy_year():
    prev, cur = record("pingtan_syq_2018.txt"), with_gold_values("pingtan_syq_2019.html")
    prev.values = dict(cur.values)  # even with numbers, 2018 has no template table 3 to chain from
    prev.values["t3.carried_forward.total"] = prev.values["t3.carried_forward.total"].__class__(
        value=5, unit=None, qualifier=None, raw="5", where={})
    validate_batch([prev, cur])
    assert not findings_of(cur, "years.carry_chain")


def test_table2_items_chain_2019_format():
    # 2019 → 2020 (both 2019 format): 2020's 上一年项目数量 = 2019's 上一年项目数量 + 本年增/减.
    # pingtan_syq_2019.html: 行政处罚 2648 / 0; the 2020 report (not in the corpus) starts from 2648.
    prev = with_gold_values("pingtan_syq_2019.html")
    cur = with_gold_values("pingtan_syq_2019.html")
    cur.meta.year = 2020
    validate_batch([prev, cur])
    assert not findings_of(cur, "years.t2_items")
    cur = with_gold_values("pingtan_syq_2019.html", t2__penalty__prev_items=2600)
    cur.meta.year = 2020
    validate_batch([prev, cur])
    (f,) = findings_of(cur, "years.t2_items")
    assert "行政处罚" in f.message and "2648" in f.message and "2600" in f.message


def test_cumulative_column_chains_across_reports():
    """Gold chain.cumulative: syq 2012 (4359 ≠ 1516 + 739), syq 2013 (76424 ≠ 4359 + 72804) and the
    restart in 2017 (10037 after 81916 in 2015, 2016 missing); 2014, 2015, 2018 and ptx 2012/2013 chain."""
    recs = [record(n) for n in PTX + SYQ]
    validate_batch(recs)
    flagged = {r.source.path.rsplit("/", 1)[-1]: findings_of(r, "chain.cumulative") for r in recs}
    assert {n for n, f in flagged.items() if f} == {"pingtan_syq_2012.txt", "pingtan_syq_2013.txt",
                                                    "pingtan_syq_2017.txt"}
    assert "“主动公开信息数”4359≠1516+739=2255" in flagged["pingtan_syq_2012.txt"][0].message
    assert "“主动公开信息数”76424≠4359+72804=77163" in flagged["pingtan_syq_2013.txt"][0].message
    assert "“主动公开文件数”10037<81916+2122=84038" in flagged["pingtan_syq_2017.txt"][0].message
    cur = record("pingtan_syq_2014.txt")
    row = next(r for r in cur.appendix if r.key == "legacy.active.total")
    row.cumulative += 1  # 78968 ≠ 76424 + 2543
    validate_batch([record("pingtan_syq_2013.txt"), cur])
    assert "78968≠76424+2543=78967" in findings_of(cur, "chain.cumulative")[0].message
