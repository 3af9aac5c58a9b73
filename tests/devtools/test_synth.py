"""Round trip: synthetic reports of each era and format → parse → the values that were written."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from pipeline.devtools import synth, synthfiles
from pipeline.core import parse_path
from pipeline.read import read_path

pytest.importorskip("reportlab", reason="the [synth] extra draws the PDFs")

ERAS = ("legacy", "gb2019", "gb2021")


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> list[tuple[Path, dict]]:
    """Each format in each era."""
    out = tmp_path_factory.mktemp("synth")
    files = synthfiles.write_corpus(out, len(synth.FORMATS) * len(ERAS), seed=11)
    return [(f, json.loads(f.with_name(f.name + ".truth.json").read_text(encoding="utf-8"))) for f in files]


@pytest.fixture(scope="module")
def records(corpus) -> dict[str, dict]:
    """Each synthetic report parsed once."""
    return {path.name: parse_path(path).to_dict() for path, _ in corpus}


def test_corpus_covers_every_era_and_format(corpus):
    seen = {(truth["meta"]["era"], truth["format"]) for _, truth in corpus}
    assert seen == {(era, fmt) for era in ERAS for fmt in synth.FORMATS}


def test_truth_keeps_the_template_identities(corpus):
    for _, truth in corpus:
        v = truth["values"]
        if truth["meta"]["era"] == "legacy":
            assert not any(k.startswith(("t2.", "t3.", "t4.")) for k in v)
            continue
        for col in synth.T3_COLUMNS:
            assert v[f"t3.new_received.{col}"] + v[f"t3.carried_over.{col}"] == \
                v[f"t3.total_processed.{col}"] + v[f"t3.carried_forward.{col}"]
        rows = {k.split(".")[1] if k.count(".") == 2 else ".".join(k.split(".")[1:3])
                for k in v if k.startswith("t3.")}
        for row in rows:
            assert v[f"t3.{row}.total"] == sum(v[f"t3.{row}.{c}"] for c in synth.T3_COLUMNS[:-1])
        for group in synth.T4_GROUPS:
            assert v[f"t4.{group}.total"] == sum(v[f"t4.{group}.{c}"] for c in synth.T4_COLUMNS[:-1])


def test_tables_have_the_template_shape(corpus):
    """HTML and DOCX tables rebuild to the template grids: t3 28×10 (2021) / 26×10 (2019), t4 4×15."""
    for path, truth in corpus:
        era = truth["meta"]["era"]
        if era == "legacy" or truth["format"] not in ("html", "html-gbk", "docx"):
            continue
        shapes = [(len(t.grid), len(t.grid[0])) for t in read_path(path).tables]
        assert shapes == [(14 if era == "gb2021" else 18, 4), (28 if era == "gb2021" else 26, 10), (4, 15)], path


def test_meta_sections_and_fee_round_trip(corpus, records):
    for path, truth in corpus:
        rec = records[path.name]
        assert rec["error"] is None, rec["error"]
        for key, want in truth["meta"].items():
            assert rec["meta"][key] == want, (path.name, key)
        assert [s["title"] for s in rec["sections"]] == truth["sections"], path.name
        if "fee.processing" in truth["values"]:
            assert rec["values"]["fee.processing"]["value"] == truth["values"]["fee.processing"], path.name


def test_every_value_round_trips(corpus, records):
    wrong = {}
    for path, truth in corpus:
        got = records[path.name]["values"]
        for key, want in truth["values"].items():
            value = (got.get(key) or {}).get("value")
            if value is None or abs(value - want) > 1e-6:
                wrong.setdefault(path.name, []).append((key, want, value))
    assert not wrong, {name: diffs[:5] for name, diffs in wrong.items()}
