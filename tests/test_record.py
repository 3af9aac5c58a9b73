"""Record.to_dict: the hand-tuned conversion equals the plain dataclasses.asdict one, byte for byte."""
from __future__ import annotations

import dataclasses
import json

import pytest

from pipeline.core import parse_path
from pipeline.record import Record
from conftest import CORPUS

FIELD_ORDER = ("id", "schema_version", "source", "meta", "sections", "values", "figures", "appendix",
               "findings", "error", "text")


def reference_dict(record: Record) -> dict:
    """The record's JSON form as the spec states it, built with dataclasses.asdict."""
    d = dataclasses.asdict(record)
    for v in d["values"].values():
        if v["upper"] is None:
            del v["upper"]
        if not v["derived"]:
            del v["derived"]
    for f in d["figures"]:
        if f["upper"] is None:
            del f["upper"]
    return {k: d[k] for k in FIELD_ORDER}


def containers(obj) -> list:
    """Every dict and list inside a JSON-ready value, the value itself included."""
    found = [obj] if isinstance(obj, (dict, list)) else []
    for child in obj.values() if isinstance(obj, dict) else obj if isinstance(obj, (list, tuple)) else ():
        found += containers(child)
    return found


@pytest.mark.parametrize("path", sorted(p for p in CORPUS.iterdir() if p.suffix in {".html", ".pdf", ".docx", ".txt"}),
                         ids=lambda p: p.name)
def test_to_dict_equals_asdict_and_is_a_copy(path):
    record = parse_path(path)
    got = record.to_dict()
    assert json.dumps(got, ensure_ascii=False) == json.dumps(reference_dict(record), ensure_ascii=False)
    for container in containers(got):  # a caller that edits the dict leaves the record alone
        container.clear()
    assert json.dumps(record.to_dict(), ensure_ascii=False) == json.dumps(reference_dict(record), ensure_ascii=False)
