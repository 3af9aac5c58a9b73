"""Review memos (审查意见) and circulars (通报) on the real corpus, read back with python-docx."""
from __future__ import annotations

import re
from pathlib import Path

import docx
import pytest

import pipeline

from pipeline.cli import main
from pipeline.record import SEVERITIES
from pipeline.review.circular import write_circulars
from pipeline.review.memo import write_memos
from pipeline.validate import RULES
from pipeline.validate.rule_texts import RULE_TEXTS, rule_text

from review_fixtures import by_name, checked_corpus

PROBLEM = re.compile(r"^(\d+)\. 【(.+?)】(.*)$", re.S)


def _paragraphs(path) -> list[str]:
    return [p.text for p in docx.Document(str(path)).paragraphs]


@pytest.fixture(scope="module")
def memos(tmp_path_factory):
    recs = checked_corpus()
    out = tmp_path_factory.mktemp("memos")
    return recs, out, write_memos(recs, out)


def test_each_memo_lists_its_reports_findings(memos):
    recs, out, written = memos
    with_findings = [r for r in recs if r.findings]
    assert len(written) == 2 * len(with_findings)
    for rec in with_findings:
        name = rec.source.path.replace("\\", "/").rsplit("/", 1)[-1]
        paras = _paragraphs(out / f"{name}.审查意见.docx")
        problems = [PROBLEM.match(p).groups() for p in paras if PROBLEM.match(p)]
        expected = [f for sev in SEVERITIES for f in rec.findings if f.severity == sev]
        assert [int(no) for no, _, _ in problems] == list(range(1, len(expected) + 1))
        assert [(t, m) for _, t, m in problems] == [(rule_text(f.rule).title, f.message) for f in expected]
        assert any(rec.meta.agency in p for p in paras[:3] + [c.text for t in docx.Document(str(
            out / f"{name}.审查意见.docx")).tables for row in t.rows for c in row.cells])
        md = (out / f"{name}.审查意见.md").read_text(encoding="utf-8")
        assert all(f"【{rule_text(f.rule).title}】{f.message}" in md for f in expected)


def test_seed_memo_quotes_the_signature_date(memos):
    _, out, _ = memos
    paras = _paragraphs(out / "jiangsu_yjglt_2018.txt.审查意见.docx")
    at = next(i for i, p in enumerate(paras) if p.startswith("1. 【落款日期早于统计期末】落款日期 2018-02-27"))
    under = paras[at + 1:at + 8]
    assert "· 整改意见：" + RULE_TEXTS["date.signed_before_period_end"].advice in under
    assert any(p.startswith("原文：") and "江苏省应急管理厅" in p and "【2018年2月27日】" in p for p in under)
    assert any("no citation" in p for p in paras)  # completeness.review_missing has nothing to quote
    assert "报告基本符合要求" in "".join(paras)  # warnings only: the verdict of a report without errors


def test_every_rule_has_its_text_and_every_text_a_rule():
    emitted = {f.rule for r in checked_corpus(with_excerpts=True) for f in r.findings}
    assert set(RULES) - set(RULE_TEXTS) == set()
    assert emitted - set(RULE_TEXTS) == set()
    source = "".join(p.read_text(encoding="utf-8") for p in Path(pipeline.__file__).parent.rglob("*.py")
                     if p.name != "rule_texts.py")
    assert [rule for rule in RULE_TEXTS if f'"{rule}"' not in source] == []  # no text for a rule that is gone


def test_circular_of_a_city_states_lateness_and_problems(tmp_path):
    recs = checked_corpus()
    written = write_circulars(recs, tmp_path)
    assert {p.name for p in written} >= {"通报_福建省_福州市.docx", "通报_江苏省_淮安市.md", "通报_上海市.docx"}
    doc = docx.Document(str(tmp_path / "通报_福建省_福州市.docx"))
    late = [[c.text for c in row.cells] for row in doc.tables[1].rows]
    assert late[0] == ["机关", "年度", "发布日期", "法定期限", "逾期天数"]
    assert ["平潭县人民政府", "2011", "2012-04-18", "2012-03-31", "18"] in late
    problems = [[c.text for c in row.cells] for row in doc.tables[3].rows][1:]
    top_rule = problems[0][1]
    # counted once per report year of each organ, however many formats it was published in
    having = {(r.meta.agency.replace("管委会", ""), r.meta.year) for r in recs
              if r.meta.agency and "平潭" in r.meta.agency and any(f.rule == top_rule for f in r.findings)}
    assert int(problems[0][2]) == len(having)


def test_check_cli_writes_page_memos_and_circulars(tmp_path, capsys):
    seed = by_name(checked_corpus(), "jiangsu_yjglt_2018.txt").source.path
    assert main(["check", seed, "--html", str(tmp_path / "p.html"), "--memo", str(tmp_path / "memo")]) == 0
    names = {p.name for p in (tmp_path / "memo").rglob("*")}
    assert {"jiangsu_yjglt_2018.txt.审查意见.docx", "jiangsu_yjglt_2018.txt.审查意见.md", "README.md"} <= names
    assert "通报_江苏省.docx" in names and (tmp_path / "p.html").stat().st_size > 1000


def test_zero_reports_give_a_memo_folder_that_says_so(tmp_path):
    empty = tmp_path / "empty"
    empty.mkdir()
    main(["check", str(empty), "--html", str(tmp_path / "p.html"), "--memo", str(tmp_path / "memo")])
    assert "0 reports" in (tmp_path / "memo" / "README.md").read_text(encoding="utf-8")
    assert "0 reports" in (tmp_path / "p.html").read_text(encoding="utf-8")
