"""Every record the pipeline writes on the corpus validates against schemas/record.schema.json."""
from __future__ import annotations

import json

import pytest
from jsonschema import Draft202012Validator

from conftest import CORPUS, ROOT


@pytest.fixture(scope="module")
def validator():
    schema = json.loads((ROOT / "schemas" / "record.schema.json").read_text(encoding="utf-8"))
    Draft202012Validator.check_schema(schema)
    return Draft202012Validator(schema)


def test_every_corpus_record_validates(validator, parsed):
    names = sorted(p.name for p in CORPUS.iterdir() if p.suffix in (".txt", ".html", ".pdf", ".docx"))
    assert len(names) >= 28
    for name in names:
        errors = list(validator.iter_errors(parsed(name)))
        assert not errors, f"{name}: {errors[0].message} at {list(errors[0].absolute_path)}"


def test_error_records_validate(validator, tmp_path):
    from pipeline.core import parse_path

    empty = tmp_path / "empty.txt"
    empty.write_text("")
    assert not list(validator.iter_errors(parse_path(empty).to_dict()))


def test_schema_rejects_a_non_canonical_key(validator, parsed):
    rec = json.loads(json.dumps(parsed("pingtan_syq_2022.html")))
    rec["values"]["t3.granted.everyone"] = {"value": 1, "unit": "件", "qualifier": None, "raw": "1", "where": {}}
    assert list(validator.iter_errors(rec))
