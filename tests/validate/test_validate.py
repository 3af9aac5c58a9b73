"""The rule registry and the table identities (domain.md §1.4) on real reports."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from pipeline.record import ERAS, SEVERITIES
from pipeline.validate import RULES, rule, validate
from validate_helpers import findings_of, record, rules_of, with_gold_values

IDENTITY_RULES = ("t3.A.balance", "t3.B.outcomes", "t3.C.row_total", "t3.D.counts", "t4.group_total")


def test_registry_holds_every_rule_once_with_era_and_severity():
    assert len(RULES) >= 30
    for r in RULES.values():
        assert r.severity in SEVERITIES and r.eras and set(r.eras) <= set(ERAS), r.id
        assert r.scope in ("report", "pair", "series", "peer")
    with pytest.raises(ValueError):
        rule("t3.A.balance")(lambda rec: [])


@pytest.mark.parametrize("name", ["huaian_szf_2024.pdf", "pingtan_syq_2021.txt", "pingtan_syq_2022.html",
                                  "pingtan_syq_2023.txt", "pingtan_syq_2025.html", "pingtan_syq_2019.html",
                                  "shanghai_szfbgt_2019.html"])
def test_consistent_tables_raise_no_identity_finding(name):
    rec = with_gold_values(name)
    assert not [r for r in rules_of(rec) if r in IDENTITY_RULES]


def test_t3a_balance_fails_on_a_changed_cell():
    rec = with_gold_values("huaian_szf_2024.pdf", t3__carried_forward__total=104)
    found = findings_of(rec, "t3.A.balance")
    assert len(found) == 1
    assert "3119" in found[0].message and "3050" in found[0].message and "104" in found[0].message


def test_t3b_and_t3c_fail_when_an_outcome_cell_is_off():
    rec = with_gold_values("pingtan_syq_2025.html", t3__granted__natural=34)
    assert any("自然人" in f.message for f in findings_of(rec, "t3.B.outcomes"))
    assert any("予以公开" in f.message for f in findings_of(rec, "t3.C.row_total"))


def test_t3d_negative_count():
    rec = with_gold_values("pingtan_syq_2021.txt", t3__partial__natural=-1)
    assert findings_of(rec, "t3.D.counts")


def test_t2d_only_the_change_column_may_be_negative():
    assert not findings_of(with_gold_values("pingtan_syq_2019.html"), "t2.D.counts")
    assert not findings_of(with_gold_values("pingtan_syq_2019.html", t2__fees__change=-4), "t2.D.counts")
    (f,) = findings_of(with_gold_values("pingtan_syq_2019.html", t2__fees__prev_items=-4), "t2.D.counts")
    assert f.keys == ["t2.fees.prev_items"]
    assert not findings_of(with_gold_values("huaian_szf_2024.pdf"), "t2.D.counts")  # 本年收费金额 96171.6


def test_t4_group_total():
    assert not findings_of(with_gold_values("huaian_szf_2024.pdf"), "t4.group_total")
    # 洪泽 2023's pattern (domain.md §1.4): 复议 cells 10 1 0 0 with 总计 0.
    rec = with_gold_values("huaian_szf_2024.pdf", t4__review__total=0)
    (f,) = findings_of(rec, "t4.group_total")
    assert "72+64+178+37 = 351" in f.message and f.keys[0] == "t4.review.total"


def test_shanghai_blank_total_column_reported_once_and_no_row_failures():
    rec = with_gold_values("shanghai_szfbgt_2019.html")
    (f,) = findings_of(rec, "t3.blank_total_column")
    assert "11 行" in f.message and "（一）予以公开 272" in f.message and "（四）1不掌握 265" in f.message
    assert "805 等于（七）总计 805" in f.message
    assert not findings_of(rec, "t3.C.row_total") and not findings_of(rec, "t3.B.outcomes")
    assert findings_of(rec, "t3.blank_cells")[0].severity == "info"


def test_filled_total_column_has_no_blank_column_finding():
    assert not findings_of(with_gold_values("pingtan_syq_2022.html"), "t3.blank_total_column")


def test_template_version_mixed_and_year():
    assert not findings_of(with_gold_values("pingtan_syq_2022.html"), "template.version_mixed")
    assert not findings_of(with_gold_values("shanghai_szfbgt_2019.html"), "template.version_year")
    # A 2021-format report that keeps the 2019 single （六）其他处理 row (洪泽 2023, domain.md §1.4).
    rec = with_gold_values("pingtan_syq_2022.html", t3__other__total__total=0)
    assert findings_of(rec, "template.version_mixed")
    assert findings_of(rec, "template.version_year")


def test_rules_skip_eras_they_do_not_apply_to():
    rec = record("jiangsu_yjglt_2018.txt")
    assert not [r for r in rules_of(rec) if r.startswith(("t3.", "t4.", "narrative.", "completeness.template"))]


def test_blank_cells_only_where_cells_are_blank():
    assert not findings_of(with_gold_values("pingtan_syq_2022.html"), "t3.blank_cells")


def test_structure_and_year_missing():
    rec = record("pingtan_syq_2021.txt")
    assert not rules_of(rec, "structure.") and not findings_of(rec, "meta.no_year")
    rec.sections, rec.meta.year = [], None
    got = [f.rule for f in validate(rec)]
    assert "structure.no_sections" in got and "meta.no_year" in got


@pytest.mark.parametrize("rule_id, kind, words", [
    ("completeness.active_missing", "active", "主动公开"),
    ("completeness.requests_missing", "requests", "依申请|公开申请|申请公开"),
])
def test_legacy_items_active_and_requests(rule_id, kind, words):
    rec = record("pingtan_syq_2014.txt")
    assert not findings_of(rec, rule_id)
    rec.sections = [s for s in rec.sections if s.kind != kind]
    rec.text = re.sub(words, "", rec.text)
    assert rule_id in [f.rule for f in validate(rec)]


def test_every_rule_is_named_in_a_test():
    tests = "".join(p.read_text(encoding="utf-8") for p in Path(__file__).parents[1].rglob("test_*.py"))
    assert not [r for r in RULES if f'"{r}"' not in tests]


def test_table2_new_vs_total_public_2019():
    # pingtan_syq_2019.html: 规范性文件 89/89/89 — the cumulative column repeats the year (its gold: info).
    (f,) = findings_of(with_gold_values("pingtan_syq_2019.html"), "t2.published_over_total")
    assert f.severity == "info" and "规范性文件" in f.message and "89" in f.message
    assert not findings_of(with_gold_values("shanghai_szfbgt_2019.html"), "t2.published_over_total")
    rec = with_gold_values("pingtan_syq_2019.html", t2__normative__total_public=80)
    (g,) = findings_of(rec, "t2.published_over_total")
    assert g.severity == "warning" and "89 大于对外公开总数量 80" in g.message
