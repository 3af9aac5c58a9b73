"""The codebook (`xxgk keys`, schemas/keys.csv) against the vocabulary, the corpus and the templates
as real pages print them."""
from __future__ import annotations

import csv
import json
import os
import subprocess
import sys

import regex

from conftest import CORPUS, GOLD, ROOT, gold_documents
from pipeline.domain import template
from pipeline.domain.codebook import codebook, key_info, to_csv
from pipeline.domain.template import norm
from pipeline.extract.legacy import CHANNEL_WORDS, OUTCOME_WORDS
from pipeline.tables.appendix import ROW_KEYS

KEYS_CSV = ROOT / "schemas" / "keys.csv"


def shipped_keys() -> list[dict]:
    with KEYS_CSV.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def test_shipped_csv_is_the_generated_codebook():
    assert KEYS_CSV.read_text(encoding="utf-8") == to_csv(codebook()), \
        "schemas/keys.csv is stale: regenerate it with `xxgk keys --format csv > schemas/keys.csv`"
    run = subprocess.run([sys.executable, "-m", "pipeline", "keys", "--format", "csv"], cwd=ROOT,
                         capture_output=True, text=True, env=dict(os.environ, PYTHONPATH=str(ROOT)), timeout=120)
    assert run.returncode == 0 and run.stdout == KEYS_CSV.read_text(encoding="utf-8")


def test_every_key_a_parse_of_the_corpus_emits_is_in_the_codebook(parsed):
    shipped = {row["key"] for row in shipped_keys()}
    emitted = {k for name in gold_documents() for k in parsed(name)["values"]}
    gold = {k for p in GOLD.glob("*.json") for k in json.loads(p.read_text(encoding="utf-8"))["values"]}
    assert emitted and emitted <= shipped
    assert gold <= shipped


def test_every_key_in_the_codebook_is_one_the_vocabulary_defines():
    keys = {row["key"] for row in shipped_keys()}
    t2 = {f"t2.{row}.{col}" for row, cols in template.T2_ROW_KEYS.items() for col in cols}
    t3 = {f"t3.{r.key}.{col}" for r in template.T3_ROWS for col in template.T3_COLUMNS}
    t4 = {f"t4.{g}.{col}" for g in template.T4_GROUPS for col in template.T4_COLUMNS}
    assert {k for k in keys if k.startswith("t2.")} == t2
    assert {k for k in keys if k.startswith("t3.")} == t3
    assert {k for k in keys if k.startswith("t4.")} == t4
    # the legacy readers' key tables name only codebook keys, and the schema accepts every key
    legacy = {"legacy.requests." + k for _, k in (*OUTCOME_WORDS, *CHANNEL_WORDS)} | {k for _, k in ROW_KEYS}
    assert legacy <= {k for k in keys if k.startswith("legacy.")}
    schema = json.loads((ROOT / "schemas" / "record.schema.json").read_text(encoding="utf-8"))
    pattern = regex.compile(schema["properties"]["values"]["propertyNames"]["pattern"])
    assert all(pattern.match(k) for k in keys)


def test_era_filter_and_each_entry_is_complete():
    entries = codebook()
    assert all(e.row and e.unit and e.eras and e.description for e in entries)
    assert len({e.key for e in entries}) == len(entries)
    gb2021 = {e.key for e in codebook("gb2021")}
    assert "t3.other.no_correction.total" in gb2021 and "t3.other.total.total" not in gb2021
    assert "t2.procurement.amount" in {e.key for e in codebook("gb2019")} - gb2021
    assert {e.key for e in codebook("legacy")} == {e.key for e in entries if e.table == "legacy"}


def _printed(label: str) -> str:
    """A printed label reduced for comparison: normalised, without its group and sub-row number."""
    return regex.sub(r"^\d{1,2}[.、]", "", norm(label.split(" ")[-1]))


def test_labels_are_those_the_template_pages_print(parsed):
    """Every table value read from a real page's table (HTML, Word, PDF of both templates) was
    found under the row and column label the codebook gives for its key."""
    checked = 0
    for name in gold_documents():
        if name.endswith(".txt"):
            continue
        for key, v in parsed(name)["values"].items():
            where, info = v.get("where") or {}, key_info(key)
            if "row" not in where or info.table not in ("t2", "t3", "t4"):  # legacy forms vary
                continue
            assert _printed(info.row) in _printed(where["row"]) or _printed(where["row"]) in _printed(info.row), \
                (name, key, where["row"], info.row)
            if info.column:
                assert _printed(info.column) in norm(where["column"]) or norm(where["column"]) in norm(info.column), \
                    (name, key, where["column"], info.column)
            checked += 1
    assert checked > 1000


def test_keys_command_formats(tmp_path):
    def keys(*args: str) -> str:
        run = subprocess.run([sys.executable, "-m", "pipeline", "keys", *args], cwd=tmp_path, capture_output=True,
                             text=True, env=dict(os.environ, PYTHONPATH=str(ROOT)), timeout=120)
        assert run.returncode == 0, run.stderr
        return run.stdout

    legacy = json.loads(keys("--format", "json", "--era", "legacy"))
    assert len(legacy) == len(codebook("legacy")) and all(e["eras"] == ["legacy"] for e in legacy)
    table = keys("--era", "gb2021").splitlines()
    assert table[0].split() == ["key", "row", "column", "unit", "eras"] and len(table) == len(codebook("gb2021")) + 1
    assert any(line.startswith("t3.denied.process_info.natural ") and "属于四类过程性信息" in line for line in table)
