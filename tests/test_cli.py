"""`xxgk parse` end to end: outputs, summary, and a batch that survives bad files."""
from __future__ import annotations

import json
import shutil

import pyarrow.parquet as pq

from pipeline.cli import main
from conftest import corpus_file


def test_parse_folder_writes_jsonl_and_parquet(tmp_path, capsys):
    src = tmp_path / "in"
    (src / "sub").mkdir(parents=True)
    shutil.copy(corpus_file("pingtan_syq_2022.html"), src / "sub")
    shutil.copy(corpus_file("jiangsu_yjglt_2018.txt"), src)
    (src / "empty.txt").write_text("")
    (src / "notes.csv").write_text("not a report")
    out = tmp_path / "out"
    assert main(["parse", str(src), "-o", str(out), "--summary"]) == 0
    printed = capsys.readouterr()
    assert "documents 3  ok 2  failed 1" in printed.out
    assert "江苏省应急管理厅" in printed.out and "empty.txt" in printed.err
    records = [json.loads(line) for line in (out / "reports.jsonl").read_text(encoding="utf-8").splitlines()]
    assert len(records) == 3
    by_name = {r["source"]["path"].rsplit("/", 1)[-1]: r for r in records}
    assert by_name["empty.txt"]["error"]["type"] == "EmptyDocument"
    assert by_name["pingtan_syq_2022.html"]["meta"]["year"] == 2022
    table = pq.read_table(out / "values.parquet").to_pandas()
    assert set(table.columns) >= {"report_id", "agency", "year", "era", "key", "value", "unit", "qualifier"}
    n_values = sum(len(r["values"]) for r in records)
    assert len(table) == n_values


def test_missing_path_is_a_failed_record_not_a_crash(tmp_path, capsys):
    out = tmp_path / "out"
    assert main(["parse", str(tmp_path / "nope.pdf"), "-o", str(out)]) == 0
    assert "failed 1" in capsys.readouterr().out
    rec = json.loads((out / "reports.jsonl").read_text(encoding="utf-8"))
    assert rec["error"]["type"] == "FileNotFound"
