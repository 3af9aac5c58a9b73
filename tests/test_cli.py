"""The `xxgk` commands end to end: outputs, summary, a batch that survives bad files, and the exit
status of each command as a script sees it (`python -m pipeline` in a subprocess)."""
from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from pipeline.cli import main
from conftest import CORPUS, GOLD, ROOT, corpus_file


def test_parse_folder_writes_jsonl_and_parquet(tmp_path, capsys):
    src = tmp_path / "in"
    (src / "sub").mkdir(parents=True)
    shutil.copy(corpus_file("pingtan_syq_2022.html"), src / "sub")
    shutil.copy(corpus_file("jiangsu_yjglt_2018.txt"), src)
    (src / "empty.txt").write_text("")
    (src / "notes.csv").write_text("not a report")
    out = tmp_path / "out"
    assert main(["parse", str(src), "-o", str(out), "--summary"]) == 1  # empty.txt failed
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


def xxgk(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    """Run the command as a script would, from `cwd`, with this checkout's package."""
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    return subprocess.run([sys.executable, "-m", "pipeline", *args], cwd=cwd, env=env, capture_output=True,
                          text=True, timeout=300)


def assert_empty_outputs(out: Path) -> None:
    """OUT/ well formed with no document: empty reports.jsonl, parquet files with their columns."""
    assert (out / "reports.jsonl").read_text(encoding="utf-8") == ""
    for name, column in (("values.parquet", "label"), ("reports.parquet", "duplicate_of")):
        table = pq.read_table(out / name)
        assert table.num_rows == 0 and column in table.column_names


def test_parse_exits_0_when_every_document_gives_a_record(tmp_path):
    shutil.copy(corpus_file("pingtan_syq_2022.html"), tmp_path)
    run = xxgk("parse", "pingtan_syq_2022.html", "-o", "out", cwd=tmp_path)
    assert run.returncode == 0, run.stderr
    assert pq.read_table(tmp_path / "out" / "reports.parquet").num_rows == 1


def test_parse_exits_1_when_a_document_fails_and_still_writes_every_record(tmp_path):
    shutil.copy(corpus_file("jiangsu_yjglt_2018.txt"), tmp_path)
    (tmp_path / "empty.txt").write_text("")
    run = xxgk("parse", ".", "-o", "out", cwd=tmp_path)
    assert run.returncode == 1
    assert "empty.txt: file is empty" in run.stderr
    assert len((tmp_path / "out" / "reports.jsonl").read_text(encoding="utf-8").splitlines()) == 2


def test_parse_of_a_missing_path_exits_2_naming_it_and_writes_an_empty_out(tmp_path):
    run = xxgk("parse", "nope.pdf", "-o", "out", cwd=tmp_path)
    assert run.returncode == 2
    assert run.stderr.strip().splitlines() == ["xxgk parse: nope.pdf: no such file or folder"]
    assert_empty_outputs(tmp_path / "out")


def test_parse_of_a_mistyped_path_beside_a_good_one_exits_2_and_parses_the_good_one(tmp_path):
    shutil.copy(corpus_file("pingtan_syq_2022.html"), tmp_path)
    run = xxgk("parse", "pingtan_syq_2022.html", "pingtan_syq_2023.html", "-o", "out", cwd=tmp_path)
    assert run.returncode == 2 and "pingtan_syq_2023.html: no such file or folder" in run.stderr
    assert pq.read_table(tmp_path / "out" / "reports.parquet").num_rows == 1


def test_parse_of_an_empty_folder_exits_2(tmp_path):
    (tmp_path / "inbox").mkdir()
    run = xxgk("parse", "inbox", "-o", "out", cwd=tmp_path)
    assert run.returncode == 2
    assert run.stderr.strip() == "xxgk parse: inbox: empty folder"
    assert_empty_outputs(tmp_path / "out")


def test_parse_of_a_folder_without_report_files_exits_2(tmp_path):
    (tmp_path / "inbox").mkdir()
    (tmp_path / "inbox" / "notes.csv").write_text("agency,year\n")
    (tmp_path / "inbox" / "photo.jpg").write_bytes(b"\xff\xd8\xff")
    run = xxgk("parse", "inbox", "-o", "out", cwd=tmp_path)
    assert run.returncode == 2
    assert run.stderr.strip() == "xxgk parse: inbox: no report files in this folder (2 other files)"
    assert_empty_outputs(tmp_path / "out")


@pytest.fixture
def unreadable(tmp_path) -> Path:
    """A file that exists but cannot be read: mode 000, or (as root, who reads anything) the
    process's own memory map, whose first page is never mapped."""
    if os.geteuid() != 0:
        path = tmp_path / "locked.html"
        path.write_text("<p>x</p>")
        path.chmod(0)
        return path
    return Path("/proc/self/mem")


def test_parse_of_an_unreadable_file_is_a_failed_record_naming_it(tmp_path, unreadable):
    run = xxgk("parse", str(unreadable), "-o", "out", cwd=tmp_path)
    assert run.returncode == 1
    assert f"{unreadable}: file cannot be read" in run.stderr
    (rec,) = [json.loads(line) for line in (tmp_path / "out" / "reports.jsonl").read_text().splitlines()]
    assert rec["error"]["type"] == "Unreadable"


def test_check_fails_on_the_severity_asked_for(tmp_path):
    doc = str(corpus_file("jiangsu_yjglt_2018.txt"))  # warnings (signature before period end), no error
    assert xxgk("check", doc, cwd=tmp_path).returncode == 0
    assert xxgk("check", doc, "--fail-on", "error", cwd=tmp_path).returncode == 0
    run = xxgk("check", doc, "--fail-on", "warning", cwd=tmp_path)
    assert run.returncode == 1 and "warning" in run.stdout


def test_check_of_a_missing_path_exits_2(tmp_path):
    run = xxgk("check", "out", cwd=tmp_path)
    assert run.returncode == 2 and run.stderr.strip() == "xxgk check: out: no such file or folder"


def test_eval_exits_1_below_min(tmp_path):
    name = "pingtan_syq_2022.html"
    shutil.copy(CORPUS / name, tmp_path)
    (tmp_path / "gold").mkdir()
    gold = json.loads((GOLD / f"{name}.json").read_text(encoding="utf-8"))
    assert xxgk("eval", "--gold", str(GOLD), name, "--min", "100", cwd=tmp_path).returncode == 0
    gold["values"]["t3.new_received.total"] += 1  # one wrong answer: below 100%
    (tmp_path / "gold" / f"{name}.json").write_text(json.dumps(gold, ensure_ascii=False), encoding="utf-8")
    run = xxgk("eval", "--gold", "gold", name, "--min", "100", cwd=tmp_path)
    assert run.returncode == 1 and "below --min 100%" in run.stderr
    assert xxgk("eval", "--gold", "gold", name, "--min", "99", cwd=tmp_path).returncode == 0


def test_eval_without_gold_for_the_documents_or_with_a_missing_path_exits_2(tmp_path):
    (tmp_path / "gold").mkdir()
    shutil.copy(CORPUS / "pingtan_syq_2022.html", tmp_path)
    assert xxgk("eval", "--gold", "gold", ".", cwd=tmp_path).returncode == 2
    run = xxgk("eval", "--gold", str(GOLD), "pingtan_syq_2022.html", "corpus", cwd=tmp_path)
    assert run.returncode == 2 and run.stderr.strip() == "xxgk eval: corpus: no such file or folder"


def test_scrape_exits_1_when_a_start_url_cannot_be_fetched(tmp_path):
    with socket.socket() as s:  # a port nothing listens on
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    url = f"http://127.0.0.1:{port}/xxgk/zfxxgknb/"
    run = xxgk("scrape", url, "-o", "arc", "--allow-private", "127.0.0.1", "--delay", "0", "--retries", "0",
               "--timeout", "2", cwd=tmp_path)
    assert run.returncode == 1
    assert f"xxgk scrape: {url}: start page could not be fetched" in run.stderr


def test_bad_usage_exits_2(tmp_path):
    assert xxgk("scrape", cwd=tmp_path).returncode == 2  # no start URL
    assert xxgk("parse", cwd=tmp_path).returncode == 2  # no path (argparse)
    assert xxgk("compare", "out", cwd=tmp_path).returncode == 2  # no reports.jsonl


def test_dask_engine_without_a_scheduler_is_bad_usage_not_a_traceback(tmp_path):
    shutil.copy(corpus_file("pingtan_syq_2022.txt"), tmp_path / "r.txt")
    run = xxgk("parse", "r.txt", "-o", "out", "--engine", "dask", cwd=tmp_path)
    assert run.returncode == 2
    assert "needs --scheduler" in run.stderr and "Traceback" not in run.stderr


def test_help_shows_defaults_and_exit_statuses(tmp_path):
    run = xxgk("parse", "--help", cwd=tmp_path)
    text = " ".join(run.stdout.split())  # help lines wrap at the terminal's width
    assert run.returncode == 0
    assert "output folder (default: out)" in text and "0 for none (default: 300" in text
    assert "exit status: 0 every document gave a record without error 1 some document failed" in text


ONE_DOCUMENT_PARSE = """
import sys
from pipeline.cli import main
sys.argv = ["xxgk", "parse", *sys.argv[1:]]
main()
print(" ".join(m for m in ("pandas", "numpy", "pkg_resources", "warcio") if m in sys.modules))
"""


def test_a_one_document_parse_imports_only_what_it_uses(tmp_path):
    """Start-up of the command (main() on the process's own arguments): no pandas or numpy (pyarrow
    would import them to write the parquet files), no setuptools (jieba would import it to open its
    files), no WARC reader for a saved page; the parquet files are still written."""
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    run = subprocess.run([sys.executable, "-c", ONE_DOCUMENT_PARSE, str(corpus_file("pingtan_syq_2022.html")),
                          "-o", str(tmp_path / "out")], env=env, capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, run.stderr
    assert run.stdout.splitlines()[-1] == ""
    assert pq.read_table(tmp_path / "out" / "values.parquet").num_rows > 100
